"""Fichiers hostiles ou abîmés : la commande répond en français, avec un code non nul, en temps et
en mémoire bornés (ou calcule, quand le fichier est légitime). Rien n'est chargé avant les
garde-fous de ``udfs.securite`` ; ce qui les passe mais reste illisible est traduit aussi."""

import io
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest

from udfs import cli, moteur, securite
from udfs.securite import ClasseurRefuse, verifier_fichier

RACINE = Path(__file__).resolve().parents[1]
EXEMPLE = RACINE / "workbooks" / "exemples" / "pension_de_famille_2024.xlsx"
XLWINGS = Path(__import__("xlwings").__file__).parent


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


def _partie(chemin: Path, nom: str) -> bytes:
    with zipfile.ZipFile(chemin) as z:
        return z.read(nom)


def _cli(capsys, *args):
    code = cli.main(list(args))
    sortie = capsys.readouterr()
    return code, sortie.out, sortie.err


def _en_processus(*args, timeout=60):
    """La commande dans son propre processus : (code, stdout, stderr, secondes)."""
    debut = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "udfs.cli", *args], capture_output=True, text=True,
                       timeout=timeout, cwd=RACINE)
    return r.returncode, r.stdout, r.stderr, time.perf_counter() - debut


# --- Bombe zip -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bombe(tmp_path_factory):
    """Archive de classeur avec une partie de 400 Mo de zéros (≈ 400 Ko compressés), écrite par
    blocs de 1 Mo : rien de tel n'est jamais tenu en mémoire pour la fabriquer."""
    dossier = tmp_path_factory.mktemp("bombe")
    chemin = _reecrire(_classeur_minimal(dossier / "base.xlsx"), dossier / "bombe.xlsx", {})
    with zipfile.ZipFile(chemin, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/media/image1.bin", "w", force_zip64=True) as partie:
            bloc = b"\0" * 2**20
            for _ in range(400):
                partie.write(bloc)
    (dossier / "base.xlsx").unlink()
    return chemin


def test_bombe_zip_refusee_avant_chargement(bombe, capsys):
    debut = time.perf_counter()
    code, out, err = _cli(capsys, "recalculer", str(bombe))
    assert code == 2 and out == ""
    assert "contenu décompressé de 400 Mo, au-delà de 300 Mo (bombe zip ?)" in err
    assert time.perf_counter() - debut < 5
    assert not (bombe.parent / "bombe_calcule.xlsx").exists()


def test_bombe_zip_refusee_par_valider(bombe, capsys):
    code, _, err = _cli(capsys, "valider", str(bombe))
    assert code == 2 and "bombe zip" in err


def test_ratio_de_compression_suspect(tmp_path, capsys):
    """Sous la limite de taille totale, une partie comprimée plus de 200 fois est refusée."""
    chemin = _reecrire(_classeur_minimal(tmp_path / "base.xlsx"), tmp_path / "ratio.xlsx", {},
                       {"xl/media/zeros.bin": b"\0" * (20 * 2**20)})
    with pytest.raises(ClasseurRefuse, match=r"partie xl/media/zeros.bin compressée \d+ fois \(bombe zip \?\)"):
        verifier_fichier(chemin)
    code, _, err = _cli(capsys, "recalculer", str(chemin))
    assert code == 2 and "compressée" in err


def test_archive_a_parties_innombrables(tmp_path, capsys):
    """Des centaines de milliers de petites parties : refusé d'emblée, sans ouvrir chacune."""
    chemin = _classeur_minimal(tmp_path / "parties.xlsx")
    with zipfile.ZipFile(chemin, "a", zipfile.ZIP_STORED) as z:
        for i in range(securite.PARTIES_MAX + 1):
            z.writestr(f"xl/x/{i}.xml", b"<a/>")
    debut = time.perf_counter()
    code, _, err = _cli(capsys, "recalculer", str(chemin))
    assert code == 2
    assert f"au-delà de la limite de {securite.PARTIES_MAX} (classeur piégé ?)" in err
    assert time.perf_counter() - debut < 5


def test_processus_separe_temps_et_memoire_bornes(bombe):
    """La commande dans son propre processus : réponse en moins de 60 s, mémoire maximale sous
    1 Go (la bombe de 400 Mo n'est jamais décompressée)."""
    script = (
        "import resource, sys\n"
        "from udfs.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n")
    r = subprocess.run([sys.executable, "-c", script, "recalculer", str(bombe)], capture_output=True,
                       text=True, timeout=60, cwd=RACINE)
    assert r.returncode == 2
    assert "Erreur : bombe.xlsx : contenu décompressé de 400 Mo" in r.stderr
    maxrss_ko = int(r.stderr.strip().splitlines()[-1])
    assert maxrss_ko < 1_000_000
    code, out, err, duree = _en_processus("recalculer", str(bombe))
    assert code == 2 and "bombe zip" in err and "Traceback" not in err and duree < 60


def test_classeur_legitime_en_processus():
    code, out, _, duree = _en_processus("recalculer", str(EXEMPLE), "--json", timeout=120)
    assert code == 0 and '"Synthèse!B' in out and duree < 120


# --- Entités XML, DTD --------------------------------------------------------------------------

DTD_RIRES = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
             b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
             b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'
MESSAGE_DTD = "avec une déclaration DTD/entité XML, refusée (expansion d'entités)"


def _sans_declaration(xml: bytes) -> bytes:
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def _avec_dtd(xml: bytes, emploi=(b'name="Sheet"', b'name="&lol3;"'), avant: bytes = b"") -> bytes:
    """La partie ``xml`` précédée d'une DTD « billion laughs », l'entité employée dans le contenu."""
    corps = _sans_declaration(xml)
    assert emploi[0] in corps
    return DECLARATION + avant + DTD_RIRES + corps.replace(*emploi, 1)


def _variante(base: Path, cible: Path, partie: str, fabrique) -> Path:
    return _reecrire(base, cible, {partie: fabrique(_partie(base, partie))})


VARIANTES_DTD = {
    # nom : (partie, fabrique, message attendu)
    "rires_classeur": ("xl/workbook.xml", lambda x: _avec_dtd(x), MESSAGE_DTD),
    "rires_feuille": ("xl/worksheets/sheet1.xml",
                      lambda x: _avec_dtd(x, (b"<v>40</v>", b"<v>&lol3;</v>")),
                      MESSAGE_DTD),
    "entite_externe": ("xl/workbook.xml",
                       lambda x: DECLARATION + b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                       + _sans_declaration(x).replace(b'name="Sheet"', b'name="&e;"'), MESSAGE_DTD),
    "doctype_seul": ("[Content_Types].xml",
                     lambda x: DECLARATION + b"<!DOCTYPE Types>" + _sans_declaration(x), MESSAGE_DTD),
    "utf16": ("xl/workbook.xml", lambda x: _avec_dtd(x).replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
              .decode("utf-8").encode("utf-16"), MESSAGE_DTD),
    "cachee_derriere_un_commentaire": ("xl/workbook.xml",
                                       lambda x: _avec_dtd(x, avant=b"<!--" + b"x" * 70_000 + b"-->"),
                                       "dont l'en-tête XML dépasse 64 Ko avant le premier élément"),
    "cachee_derriere_des_espaces": ("xl/worksheets/sheet1.xml",
                                    lambda x: _avec_dtd(x, (b"<v>40</v>", b"<v>&lol3;</v>"),
                                                        avant=b" \n" * 40_000),
                                    "dont l'en-tête XML dépasse 64 Ko avant le premier élément"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return _classeur_minimal(tmp_path_factory.mktemp("base") / "base.xlsx")


@pytest.mark.parametrize("variante", sorted(VARIANTES_DTD))
def test_dtd_et_entites_xml_refusees(base, tmp_path, capsys, variante):
    partie, fabrique, attendu = VARIANTES_DTD[variante]
    chemin = _variante(base, tmp_path / f"{variante}.xlsx", partie, fabrique)
    assert b"<!DOCTYPE" in _partie(chemin, partie) or b"<\x00!\x00D\x00O\x00C" in _partie(chemin, partie)
    with pytest.raises(ClasseurRefuse, match=f"partie {partie.replace('[', '.').replace(']', '.')} "):
        verifier_fichier(chemin)
    for commande in ("recalculer", "valider"):
        code, out, err = _cli(capsys, commande, str(chemin))
        assert code == 2 and out == ""
        assert err.startswith(f"Erreur : {variante}.xlsx : partie {partie} ") and attendu in err
    assert not list(tmp_path.glob("*_calcule*"))


def test_securite_refuse_une_doctype_sans_entite(base, tmp_path):
    chemin = _reecrire(base, tmp_path / "doctype.xlsx",
                       {"xl/workbook.xml": b"<!DOCTYPE workbook>" + _partie(base, "xl/workbook.xml")})
    with pytest.raises(ClasseurRefuse, match="DTD/entité XML"):
        securite.verifier_fichier(chemin)


def test_defusedxml_actif():
    """openpyxl lit le XML par defusedxml : seconde ligne de défense derrière ``udfs.securite``."""
    assert openpyxl.xml.DEFUSEDXML is True
    import openpyxl.xml.functions as fonctions
    assert fonctions.iterparse.__module__.startswith("defusedxml")


def test_prologue_legitime_accepte(base, tmp_path, capsys):
    """Pas de faux positif : BOM, déclaration, commentaire et instruction avant la racine passent."""
    xml = _sans_declaration(_partie(base, "xl/workbook.xml"))
    chemin = _reecrire(base, tmp_path / "prologue.xlsx", {"xl/workbook.xml": b"\xef\xbb\xbf" + DECLARATION
                                                          + b"\r\n<!-- produit par un outil -->\n<?pi x?>" + xml})
    code, out, _ = _cli(capsys, "recalculer", str(chemin), "--json")
    assert code == 0 and json.loads(out) == {"Sheet!A2": pytest.approx(2.1)}


@pytest.mark.parametrize("chemin", sorted((RACINE / "workbooks").rglob("*.xlsx")) + [XLWINGS / "quickstart.xlsm"],
                         ids=lambda p: p.name)
def test_classeurs_reels_acceptes(chemin):
    verifier_fichier(chemin)


# --- Fichiers qui ne sont pas des classeurs -----------------------------------------------------

def _zip_sans_classeur():
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as z:
        z.writestr("bonjour.txt", "bonjour")
    return tampon.getvalue()


NON_CLASSEURS = [
    ("tronque.xlsx", lambda: EXEMPLE.read_bytes()[: EXEMPLE.stat().st_size // 2],
     "ce n'est pas un classeur Excel (archive illisible, fichier tronqué ou d'un autre format)"),
    ("texte.xlsx", lambda: "Ceci n'est pas un classeur".encode(), "ce n'est pas un classeur Excel"),
    ("document.xlsx", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "ce n'est pas un classeur Excel"),
    ("vide.xlsx", lambda: b"", "ce n'est pas un classeur Excel"),
    ("tableau.csv", lambda: b"a;b\n1;2\n", "extension .csv non prise en charge"),
    ("archive.xlsx", _zip_sans_classeur, "archive sans classeur Excel (xl/workbook.xml absent)"),
]


@pytest.mark.parametrize("nom,contenu,attendu", NON_CLASSEURS, ids=[n for n, _, _ in NON_CLASSEURS])
def test_fichiers_qui_ne_sont_pas_des_classeurs(tmp_path, capsys, nom, contenu, attendu):
    chemin = tmp_path / nom
    chemin.write_bytes(contenu())
    for args in (["recalculer", str(chemin), "--json"], ["recalculer", str(chemin)], ["valider", str(chemin)]):
        code, out, err = _cli(capsys, *args)
        assert code == 2 and out == ""
        assert err.startswith("Erreur : ") and attendu in err
    assert not list(tmp_path.glob("*_calcule*"))


def test_pdf_renomme_en_processus(tmp_path):
    chemin = tmp_path / "rapport.xlsx"
    chemin.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 64)
    code, out, err, duree = _en_processus("recalculer", str(chemin))
    assert (code, out) == (2, "")
    assert err.strip() == ("Erreur : rapport.xlsx : ce n'est pas un classeur Excel (archive illisible, "
                           "fichier tronqué ou d'un autre format)")
    assert duree < 60


@pytest.mark.parametrize("partie,contenu", [
    ("xl/workbook.xml", b"<workbook>pas ferm\xc3\xa9"),
    ("xl/worksheets/sheet1.xml", b"<worksheet>oups"),
])
def test_xml_endommage_dans_une_archive_saine(base, tmp_path, capsys, partie, contenu):
    """L'archive passe les garde-fous, mais une partie XML est invalide : message français, code 2,
    pas de trace Python."""
    chemin = _reecrire(base, tmp_path / "abime.xlsx", {partie: contenu})
    verifier_fichier(chemin)
    for commande in ("recalculer", "valider"):
        code, out, err = _cli(capsys, commande, str(chemin))
        assert code == 2 and out == ""
        assert err.startswith("Erreur : abime.xlsx : contenu illisible, classeur endommagé ou non conforme (")


def test_fichier_absent(capsys, tmp_path):
    code, _, err = _cli(capsys, "recalculer", str(tmp_path / "absent.xlsx"))
    assert code == 2 and "fichier introuvable" in err


# --- Classeurs légitimes mais exigeants ----------------------------------------------------------

def _cercle(chemin: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Calcul"
    ws["A1"], ws["A2"], ws["A3"] = "=A2+1", "=A1+1", "=CS_FOYER(40,880)"
    wb.save(chemin)
    return chemin


def test_reference_circulaire(tmp_path, capsys):
    chemin = _cercle(tmp_path / "cercle.xlsx")
    code, out, err = _cli(capsys, "recalculer", str(chemin))
    assert code == 2 and out == ""
    assert "circulaire" in err
    assert err.strip() == ("Erreur : cercle.xlsx : référence circulaire ou formule non calculable : "
                           "Calcul!A1, Calcul!A2")
    assert not (tmp_path / "cercle_calcule.xlsx").exists()


def test_reference_circulaire_modele_compile(tmp_path):
    """Le lot compile le modèle : le cycle y est nommé de même (et non « Unreachable output »)."""
    chemin = _cercle(tmp_path / "cercle.xlsx")
    with pytest.raises(moteur.ReferenceCirculaire,
                       match=r"^cercle.xlsx : référence circulaire ou formule non calculable : Calcul!A1, Calcul!A2$"):
        moteur.ModeleCompile(chemin)


def test_xlsm_livre_avec_xlwings_recalcule_vba_intact(tmp_path, capsys):
    """Le .xlsm d'origine, sans passer par openpyxl : la copie calculée garde son VBA à l'octet."""
    source = tmp_path / "quickstart.xlsm"
    shutil.copy(XLWINGS / "quickstart.xlsm", source)
    code, out, _ = _cli(capsys, "recalculer", str(source))
    assert code == 0 and "quickstart_calcule.xlsm" in out
    sortie = tmp_path / "quickstart_calcule.xlsm"
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(sortie) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
        assert a.read("[Content_Types].xml") == b.read("[Content_Types].xml")
        assert b"macroEnabled" in b.read("[Content_Types].xml")
    assert source.read_bytes() == (XLWINGS / "quickstart.xlsm").read_bytes()


def test_xlsm_avec_macros_calcule_et_vba_garde(tmp_path, capsys):
    source = tmp_path / "macros.xlsm"
    shutil.copy(XLWINGS / "quickstart.xlsm", source)
    wb = openpyxl.load_workbook(source, keep_vba=True)
    wb.active["H1"] = "=CS_FOYER(40,880)"
    wb.save(source)
    code, out, _ = _cli(capsys, "recalculer", str(source))
    assert code == 0 and "macros_calcule.xlsm" in out
    sortie = tmp_path / "macros_calcule.xlsm"
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(sortie) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
        assert b.read("xl/vbaProject.bin") == _partie(XLWINGS / "quickstart.xlsm", "xl/vbaProject.bin")
        assert a.read("[Content_Types].xml") == b.read("[Content_Types].xml")
    assert openpyxl.load_workbook(sortie, data_only=True).active["H1"].value == pytest.approx(2.1)
    code, _, err = _cli(capsys, "recalculer", str(source), "--sortie", str(tmp_path / "macros.xlsx"))
    assert code == 2 and "extension .xlsm" in err


@pytest.fixture(scope="module")
def grand(tmp_path_factory):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Locaux"
    for i in range(1, 10_001):
        ws.cell(i, 1, 20 if i % 2 else 10)
        ws.cell(i, 2, "logement" if i % 2 else "collectif")
    ws["D1"] = "=SU_FOYER(A1:A10000,B1:B10000)"
    ws["D2"] = "=SLC_FOYER(A1:A10000,B1:B10000)"
    chemin = tmp_path_factory.mktemp("grand") / "grand.xlsx"
    wb.save(chemin)
    return chemin


def test_table_de_10_000_locaux(grand, capsys):
    debut = time.perf_counter()
    code, out, _ = _cli(capsys, "recalculer", str(grand), "--json")
    assert code == 0
    assert json.loads(out) == {"Locaux!D1": 100_000, "Locaux!D2": 50_000}   # 5 000 × 20 ; 5 000 × 10
    assert time.perf_counter() - debut < 60


# --- Le lot : un fichier hostile n'arrête pas les autres ----------------------------------------

@pytest.fixture
def dossier_hostile(tmp_path, bombe, base):
    d = tmp_path / "arrivees"
    d.mkdir()
    shutil.copy(bombe, d / "bombe.xlsx")
    _variante(base, d / "rires.xlsx", "xl/workbook.xml", _avec_dtd)
    (d / "tronque.xlsx").write_bytes(EXEMPLE.read_bytes()[: EXEMPLE.stat().st_size // 2])
    (d / "texte.xlsx").write_text("Ceci n'est pas un classeur")
    (d / "document.xlsx").write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
    (d / "vide.xlsx").write_bytes(b"")
    (d / "tableau.csv").write_text("a;b\n1;2\n")                 # ignoré : pas un classeur
    _cercle(d / "cercle.xlsx")
    _reecrire(base, d / "abime.xlsx", {"xl/worksheets/sheet1.xml": b"<worksheet>oups"})
    shutil.copy(XLWINGS / "quickstart.xlsm", d / "macros.xlsm")
    shutil.copy(base, d / "bon.xlsx")                            # une seule formule
    shutil.copy(EXEMPLE, d / "exemple.xlsx")
    return d


ECHECS_ATTENDUS = {
    "abime.xlsx": "erreur : ",
    "bombe.xlsx": "erreur : bombe.xlsx : contenu décompressé de 400 Mo, au-delà de 300 Mo (bombe zip ?)",
    "cercle.xlsx": "erreur : cercle.xlsx : référence circulaire ou formule non calculable : Calcul!A1, Calcul!A2",
    "document.xlsx": "erreur : document.xlsx : ce n'est pas un classeur Excel",
    "rires.xlsx": f"erreur : rires.xlsx : partie xl/workbook.xml {MESSAGE_DTD}",
    "texte.xlsx": "erreur : texte.xlsx : ce n'est pas un classeur Excel",
    "tronque.xlsx": "erreur : tronque.xlsx : ce n'est pas un classeur Excel",
    "vide.xlsx": "erreur : vide.xlsx : ce n'est pas un classeur Excel",
}
CALCULES = {"bon.xlsx", "exemple.xlsx", "macros.xlsm"}


def _verifier_synthese(sortie: Path):
    lignes = list(openpyxl.load_workbook(sortie).active.iter_rows(min_row=2, values_only=True))
    statuts = {l[0]: l[1] for l in lignes}
    assert set(statuts) == set(ECHECS_ATTENDUS) | CALCULES          # le .csv du dossier est ignoré
    for fichier, debut in ECHECS_ATTENDUS.items():
        assert statuts[fichier].startswith(debut), (fichier, statuts[fichier])
    assert {f for f, s in statuts.items() if s == "calculé"} == CALCULES
    exemple = next(l for l in lignes if l[0] == "exemple.xlsx")
    assert all(v not in (None, "") for v in exemple[3:])              # SU… équilibre lus
    assert sortie.with_suffix(".csv").is_file()


def test_lot_de_fichiers_hostiles(dossier_hostile, tmp_path, capsys):
    avant = {p.name: p.read_bytes() for p in dossier_hostile.iterdir()}
    sortie = tmp_path / "synthese.xlsx"
    code, out, err = _cli(capsys, "lot", str(dossier_hostile), "--sortie", str(sortie),
                          "--copies", str(tmp_path / "copies"), "--sans-barre")
    assert code == 1                                                  # des fichiers en échec
    assert out.startswith(f"11 classeurs, 3 calculés, 8 en échec → {sortie}")
    for fichier, debut in ECHECS_ATTENDUS.items():
        assert f"  {fichier} : {debut}" in out
    assert "Traceback" not in out + err
    _verifier_synthese(sortie)
    assert sorted(p.name for p in (tmp_path / "copies").iterdir()) == [
        "bon_calcule.xlsx", "exemple_calcule.xlsx", "macros_calcule.xlsm"]
    assert (_partie(tmp_path / "copies" / "macros_calcule.xlsm", "xl/vbaProject.bin")
            == _partie(dossier_hostile / "macros.xlsm", "xl/vbaProject.bin"))
    assert {p.name: p.read_bytes() for p in dossier_hostile.iterdir()} == avant


def test_lot_de_fichiers_hostiles_en_processus(dossier_hostile, tmp_path):
    sortie = tmp_path / "synthese.xlsx"
    code, out, err, duree = _en_processus("lot", str(dossier_hostile), "--sortie", str(sortie), "--sans-barre",
                                          timeout=120)
    assert code == 1 and "3 calculés, 8 en échec" in out and "Traceback" not in err
    assert duree < 120
    _verifier_synthese(sortie)
