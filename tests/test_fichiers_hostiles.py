"""Fichiers hostiles ou abîmés : la commande répond en français, avec un code non nul, en temps et
en mémoire bornés (ou calcule, quand le fichier est légitime). Rien n'est chargé avant les
garde-fous de ``udfs.securite``."""

import io
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest

from udfs import cli, moteur
from udfs.securite import ClasseurRefuse, verifier_fichier

RACINE = Path(__file__).resolve().parents[1]
EXEMPLE = RACINE / "workbooks" / "exemples" / "pension_de_famille_2024.xlsx"


def _classeur_minimal(chemin: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = 40
    wb.active["A2"] = "=CS_FOYER(A1,880)"
    wb.save(chemin)
    return chemin


def _reecrire(source: Path, cible: Path, remplacements: dict[str, bytes], ajouts: dict[str, bytes] = {}):
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(cible, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            b.writestr(info.filename, remplacements.get(info.filename, a.read(info.filename)))
        for nom, donnees in ajouts.items():
            b.writestr(nom, donnees)
    return cible


def _cli(capsys, *args):
    code = cli.main(list(args))
    sortie = capsys.readouterr()
    return code, sortie.out, sortie.err


# --- Chaque cas, par la commande en processus -------------------------------------------------

@pytest.fixture
def bombe(tmp_path):
    """Archive de classeur avec une partie de 400 Mo de zéros (≈ 400 Ko compressés)."""
    chemin = _reecrire(_classeur_minimal(tmp_path / "base.xlsx"), tmp_path / "bombe.xlsx", {})
    with zipfile.ZipFile(chemin, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/media/image1.bin", "w", force_zip64=True) as partie:
            bloc = b"\0" * 2**20
            for _ in range(400):
                partie.write(bloc)
    return chemin


def test_bombe_zip_refusee_avant_chargement(bombe, capsys):
    debut = time.perf_counter()
    code, _, err = _cli(capsys, "recalculer", str(bombe))
    assert code == 2
    assert "contenu décompressé de 400 Mo, au-delà de 300 Mo (bombe zip ?)" in err
    assert time.perf_counter() - debut < 5


def test_ratio_de_compression_suspect(tmp_path):
    chemin = _reecrire(_classeur_minimal(tmp_path / "base.xlsx"), tmp_path / "ratio.xlsx", {},
                       {"xl/media/zeros.bin": b"\0" * (20 * 2**20)})
    with pytest.raises(ClasseurRefuse, match=r"partie xl/media/zeros.bin compressée \d+ fois"):
        verifier_fichier(chemin)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="&lol3;" sheetId="1"/></sheets></workbook>"""


def test_expansion_d_entites_xml_refusee(tmp_path, capsys):
    chemin = _reecrire(_classeur_minimal(tmp_path / "base.xlsx"), tmp_path / "entites.xlsx",
                       {"xl/workbook.xml": BILLION_LAUGHS})
    for commande in ("recalculer", "valider"):
        code, _, err = _cli(capsys, commande, str(chemin))
        assert code == 2
        assert "partie xl/workbook.xml avec une déclaration DTD/entité XML, refusée" in err


def test_defusedxml_actif():
    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize("nom,contenu,attendu", [
    ("tronque.xlsx", lambda: EXEMPLE.read_bytes()[: EXEMPLE.stat().st_size // 2],
     "ce n'est pas un classeur Excel (archive illisible, fichier tronqué ou d'un autre format)"),
    ("texte.xlsx", lambda: "Ceci n'est pas un classeur".encode(), "ce n'est pas un classeur Excel"),
    ("document.xlsx", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "ce n'est pas un classeur Excel"),
    ("vide.xlsx", lambda: b"", "ce n'est pas un classeur Excel"),
    ("tableau.csv", lambda: b"a;b\n1;2\n", "extension .csv non prise en charge"),
    ("archive.xlsx", lambda: _zip_sans_classeur(), "archive sans classeur Excel (xl/workbook.xml absent)"),
])
def test_fichiers_qui_ne_sont_pas_des_classeurs(tmp_path, capsys, nom, contenu, attendu):
    chemin = tmp_path / nom
    chemin.write_bytes(contenu())
    code, out, err = _cli(capsys, "recalculer", str(chemin), "--json")
    assert code == 2 and out == ""
    assert err.startswith("Erreur : ") and attendu in err
    assert not list(tmp_path.glob("*_calcule*"))


def _zip_sans_classeur():
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as z:
        z.writestr("bonjour.txt", "bonjour")
    return tampon.getvalue()


def test_fichier_absent(capsys, tmp_path):
    code, _, err = _cli(capsys, "recalculer", str(tmp_path / "absent.xlsx"))
    assert code == 2 and "fichier introuvable" in err


def test_reference_circulaire(tmp_path, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Calcul"
    ws["A1"], ws["A2"], ws["A3"] = "=A2+1", "=A1+1", "=CS_FOYER(40,880)"
    chemin = tmp_path / "cercle.xlsx"
    wb.save(chemin)
    code, _, err = _cli(capsys, "recalculer", str(chemin))
    assert code == 2
    assert "référence circulaire ou formule non calculable : Calcul!A1, Calcul!A2" in err
    assert not (tmp_path / "cercle_calcule.xlsx").exists()


def test_xlsm_avec_macros_calcule_et_vba_garde(tmp_path, capsys):
    xlwings = Path(__import__("xlwings").__file__).parent
    source = tmp_path / "macros.xlsm"
    shutil.copy(xlwings / "quickstart.xlsm", source)
    wb = openpyxl.load_workbook(source, keep_vba=True)
    wb.active["H1"] = "=CS_FOYER(40,880)"
    wb.save(source)
    code, out, _ = _cli(capsys, "recalculer", str(source))
    assert code == 0 and "macros_calcule.xlsm" in out
    sortie = tmp_path / "macros_calcule.xlsm"
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(sortie) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
        assert a.read("[Content_Types].xml") == b.read("[Content_Types].xml")
    assert openpyxl.load_workbook(sortie, data_only=True).active["H1"].value == pytest.approx(2.1)
    code, _, err = _cli(capsys, "recalculer", str(source), "--sortie", str(tmp_path / "macros.xlsx"))
    assert code == 2 and "extension .xlsm" in err


def test_table_de_10_000_locaux(tmp_path, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Locaux"
    for i in range(1, 10_001):
        ws.cell(i, 1, 20 if i % 2 else 10)
        ws.cell(i, 2, "logement" if i % 2 else "collectif")
    ws["D1"] = "=SU_FOYER(A1:A10000,B1:B10000)"
    ws["D2"] = "=SLC_FOYER(A1:A10000,B1:B10000)"
    chemin = tmp_path / "grand.xlsx"
    wb.save(chemin)
    code, out, _ = _cli(capsys, "recalculer", str(chemin), "--json")
    assert code == 0
    valeurs = __import__("json").loads(out)
    assert valeurs == {"Locaux!D1": 100_000, "Locaux!D2": 50_000}   # 5 000 × 20 ; 5 000 × 10


def test_processus_separe_temps_et_memoire_bornes(bombe, tmp_path):
    """La commande installée, dans son propre processus : réponse en moins de 60 s, mémoire
    maximale sous 1 Go (la bombe de 400 Mo n'est jamais décompressée)."""
    script = (
        "import resource, sys\n"
        "from udfs.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n")
    r = subprocess.run([sys.executable, "-c", script, "recalculer", str(bombe)], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2
    assert "bombe zip" in r.stderr
    maxrss_ko = int(r.stderr.strip().splitlines()[-1])
    assert maxrss_ko < 1_000_000
    r = subprocess.run([sys.executable, "-m", "udfs.cli", "recalculer", str(EXEMPLE), "--json"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and '"Synthèse!B' in r.stdout
