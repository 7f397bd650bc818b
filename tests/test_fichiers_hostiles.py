"""Fichiers hostiles ou abîmés : la commande répond en français, avec un code non nul, en temps et
en mémoire bornés (ou calcule, quand le fichier est légitime). Rien n'est chargé avant les
garde-fous de ``udfs.securite`` ; ce qui les passe mais reste illisible est traduit aussi."""

import errno
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest

from tests.outils import fautes
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
    code, out, err = _cli(capsys, "recalculer", str(source))
    assert code == 0 and out == "" and "quickstart_calcule.xlsm" in err      # le résumé va sur stderr
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
    code, out, err = _cli(capsys, "recalculer", str(source))
    assert code == 0 and "macros_calcule.xlsm" in err
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
    assert err.startswith(f"11 classeurs, 3 calculés, 8 en échec → {sortie}")   # le résumé : stderr
    for fichier, debut in ECHECS_ATTENDUS.items():                    # les échecs : stdout
        assert f"  {fichier} : {debut}" in out
    assert len(out.splitlines()) == len(ECHECS_ATTENDUS)
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
    assert code == 1 and "3 calculés, 8 en échec" in err and "Traceback" not in err
    assert duree < 120
    _verifier_synthese(sortie)


# --- Entrées que le système de fichiers ou le format rendent illisibles ---------------------------
# Même faute, même phrase, quelle que soit la commande : « Erreur : FICHIER : raison » pour
# recalculer (avec ou sans --json) et valider, « erreur : FICHIER : raison » dans la ligne du lot.
# Les fautes du système de fichiers nomment le chemin donné ; celles du contenu, le nom du fichier.

def _chiffre(dossier: Path) -> Path:
    """Un vrai classeur chiffré par mot de passe (chiffrement « agile » d'Office, celui d'Excel
    2010 et suivants) : fichier composé OLE qui contient EncryptionInfo et EncryptedPackage."""
    pytest.importorskip(
        "msoffcrypto", reason="msoffcrypto-tool, dépendance de test, n'est pas installé : "
                              "pip install -e \".[test]\" l'installe et fabrique le classeur chiffré.")
    from msoffcrypto.format.ooxml import OOXMLFile
    clair = io.BytesIO(_classeur_minimal(dossier / "clair.xlsx").read_bytes())
    (dossier / "clair.xlsx").unlink()
    chemin = dossier / "chiffre.xlsx"
    with open(chemin, "wb") as flux:
        OOXMLFile(clair).encrypt("secret", flux)
    return chemin


def test_le_classeur_chiffre_est_un_vrai(tmp_path):
    """Le fichier du test est bien ce qu'Excel écrit : il se déchiffre avec son mot de passe en
    un classeur qui se recalcule, et n'est pas une archive zip."""
    import msoffcrypto
    chemin = _chiffre(tmp_path)
    assert not zipfile.is_zipfile(chemin) and chemin.read_bytes()[:8] == securite.SIGNATURE_OLE
    fichier = msoffcrypto.OfficeFile(open(chemin, "rb"))
    assert fichier.is_encrypted()
    fichier.load_key(password="secret")
    clair = tmp_path / "dechiffre.xlsx"
    with open(clair, "wb") as flux:
        fichier.decrypt(flux)
    assert moteur.recalculer(clair).valeurs == {"Sheet!A2": pytest.approx(2.1)}


def _ancien_xls(dossier: Path, nom: str = "ancien.xlsx") -> Path:
    """Un classeur Excel 97-2003 : fichier composé avec un flux « Workbook » qui commence par un
    enregistrement BOF BIFF8 (vérifié lisible par olefile)."""
    olefile = pytest.importorskip(
        "olefile", reason="olefile, installé avec msoffcrypto-tool (dépendance de test), manque : il "
                          "vérifie que le fichier composé fabriqué ici est conforme.")
    chemin = dossier / nom
    chemin.write_bytes(fautes.fichier_compose({"Workbook": fautes.BOF_BIFF8}))
    with olefile.OleFileIO(str(chemin)) as ole:
        assert ole.listdir() == [["Workbook"]] and ole.openstream("Workbook").read(2) == b"\x09\x08"
    return chemin


def _compose_quelconque(dossier: Path) -> Path:
    chemin = dossier / "compose.xlsx"
    chemin.write_bytes(fautes.fichier_compose({"WordDocument": b"x" * 5000, "Donnees": b"y" * 4096}))
    return chemin


def _zip(chemin: Path, parties: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(chemin, "w") as z:
        for nom, donnees in parties.items():
            z.writestr(nom, donnees)
    return chemin


def _ods(dossier: Path, nom: str = "libre.xlsx") -> Path:
    """Début d'un classeur OpenDocument : la partie « mimetype » en tête, non compressée."""
    return _zip(dossier / nom, {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                "content.xml": b"<office:document-content/>", "META-INF/manifest.xml": b"<m/>"})


def _xlsb(dossier: Path, nom: str = "binaire.xlsx") -> Path:
    return _zip(dossier / nom, {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01\x00"})


def _dossier(dossier: Path) -> Path:
    (dossier / "dossier.xlsx").mkdir()
    return dossier / "dossier.xlsx"


def _lien_casse(dossier: Path) -> Path:
    (dossier / "lien.xlsx").symlink_to(dossier / "parti.xlsx")
    return dossier / "lien.xlsx"


def _tube(dossier: Path) -> Path:
    """Un tube nommé : l'ouvrir bloquerait la commande ; il doit être refusé sans être ouvert."""
    os.mkfifo(dossier / "tube.xlsx")
    return dossier / "tube.xlsx"


ENTREES_HOSTILES = {
    # cas : (fabrique, raison attendue, nommé par son chemin (faute du système) ou son nom)
    "chiffre": (_chiffre, "classeur protégé par mot de passe : enregistrez-le sans mot de passe (Excel : "
                "Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, effacez le "
                "mot de passe)", "nom"),
    "ancien_xls_renomme": (_ancien_xls, "classeur Excel 97-2003 (.xls) : enregistrez-le au format .xlsx "
                           "(Classeur Excel)", "nom"),
    "ancien_xls": (lambda d: _ancien_xls(d, "ancien.xls"), "classeur Excel 97-2003 (.xls) : enregistrez-le "
                   "au format .xlsx (Classeur Excel)", "nom"),
    "autre_fichier_compose": (_compose_quelconque, "fichier composé OLE (ancien format Office), pas un "
                              "classeur .xlsx ou .xlsm", "nom"),
    "ods_renomme": (_ods, "classeur OpenDocument (LibreOffice, .ods) : enregistrez-le au format .xlsx "
                    "(Excel 2007-365)", "nom"),
    "ods": (lambda d: _ods(d, "libre.ods"), "classeur OpenDocument (LibreOffice, .ods) : enregistrez-le "
            "au format .xlsx (Excel 2007-365)", "nom"),
    "xlsb_renomme": (_xlsb, "classeur binaire Excel (.xlsb) : enregistrez-le au format .xlsx (Classeur Excel)",
                     "nom"),
    "xlsb": (lambda d: _xlsb(d, "binaire.xlsb"), "classeur binaire Excel (.xlsb) : enregistrez-le au format "
             ".xlsx (Classeur Excel)", "nom"),
    "dossier": (_dossier, "est un dossier, pas un classeur", "chemin"),
    "lien_casse": (_lien_casse, "fichier introuvable", "chemin"),
    "tube_nomme": (_tube, "n'est pas un fichier ordinaire (périphérique, tube…), pas un classeur", "chemin"),
}


def _illisible(dossier: Path, monkeypatch) -> Path:
    """Droits de lecture refusés (simulé : sous root, chmod n'empêche rien ; le cas réel est
    ``test_droits_reels_en_lecture``)."""
    chemin = shutil.copy(EXEMPLE, dossier / "illisible.xlsx")
    vrai = open

    def ouvrir(fichier, *args, **kwargs):
        if Path(fichier).name == "illisible.xlsx":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(fichier))
        return vrai(fichier, *args, **kwargs)

    monkeypatch.setattr(securite, "open", ouvrir, raising=False)
    return Path(chemin)


def _fabriquer(cas, dossier, monkeypatch):
    if cas == "illisible":
        return _illisible(dossier, monkeypatch), "droits insuffisants pour le lire", "chemin"
    fabrique, raison, nomme = ENTREES_HOSTILES[cas]
    return fabrique(dossier), raison, nomme


@pytest.mark.parametrize("cas", sorted(ENTREES_HOSTILES) + ["illisible"])
def test_entree_illisible_meme_message_partout(tmp_path, capsys, monkeypatch, cas):
    dossier = tmp_path / "arrivees"
    dossier.mkdir()
    chemin, raison, nomme = _fabriquer(cas, dossier, monkeypatch)
    nom = str(chemin) if nomme == "chemin" else chemin.name
    attendu = f"Erreur : {nom} : {raison}\n"
    for args in (["recalculer", str(chemin)], ["recalculer", str(chemin), "--json"],
                 ["recalculer", str(chemin), "--sortie", str(tmp_path / "copie.xlsx")], ["valider", str(chemin)]):
        code, out, err = _cli(capsys, *args)
        assert (code, out, err) == (2, "", attendu), args
    shutil.copy(base_minimal(tmp_path), dossier / "bon.xlsx")
    code, out, err = _cli(capsys, "lot", str(dossier), "--sortie", str(tmp_path / "synthese.xlsx"))
    assert code == 1 and out == f"  {chemin.name} : erreur : {nom} : {raison}\n"
    statuts = {l[0]: l[1] for l in openpyxl.load_workbook(tmp_path / "synthese.xlsx").active.iter_rows(
        min_row=2, values_only=True)}
    assert statuts == {chemin.name: f"erreur : {nom} : {raison}", "bon.xlsx": "calculé"}
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith((".tmp", "_calcule.xlsx"))]


def base_minimal(tmp_path: Path) -> Path:
    return _classeur_minimal(tmp_path / "minimal.xlsx")


def test_tube_nomme_en_processus_ne_bloque_pas(tmp_path):
    chemin = _tube(tmp_path)
    code, out, err, duree = _en_processus("recalculer", str(chemin), timeout=60)
    assert (code, out) == (2, "") and "n'est pas un fichier ordinaire" in err and duree < 60


# --- Sorties que le système de fichiers refuse --------------------------------------------------
# Pour chaque faute, chaque commande qui écrit (recalculer, lot : synthèse et copies, generer)
# répond code 2, une ligne « Erreur : DESTINATION DONNÉE : raison » (jamais le temporaire caché),
# sans trace, sans rien laisser ; quand la faute se voit avant le calcul, rien n'est calculé.

class _Espion:
    """Compte les calculs : une faute de destination qui se voit d'avance n'en laisse faire aucun."""

    def __init__(self, monkeypatch):
        from udfs import lot
        from udfs.classeurs import generation
        self.appels = []
        for module, nom in ((moteur, "recalculer"), (lot, "executer"), (generation, "generer_tout")):
            vraie = getattr(module, nom)
            monkeypatch.setattr(module, nom, self._espionner(nom, vraie))

    def _espionner(self, nom, vraie):
        def espion(*args, **kwargs):
            self.appels.append(nom)
            return vraie(*args, **kwargs)
        return espion


def _destinations(racine: Path, cible: Path) -> dict[str, tuple[list[str], Path]]:
    """{commande : (arguments, destination nommée dans le message)} pour écrire sous ``cible`` ;
    le lot porte sur deux petits classeurs (deux copies, puis la synthèse .xlsx et .csv)."""
    dossiers = racine / "dossiers"
    if not dossiers.exists():
        dossiers.mkdir()
        _classeur_minimal(dossiers / "a.xlsx")
        _classeur_minimal(dossiers / "b.xlsx")
    entree = dossiers / "a.xlsx"
    return {
        "recalculer": (["recalculer", str(entree), "--sortie", str(cible / "copie.xlsx")], cible / "copie.xlsx"),
        "lot (synthèse)": (["lot", str(dossiers), "--sortie", str(cible / "synthese.xlsx")], cible / "synthese.xlsx"),
        "lot (copies)": (["lot", str(dossiers), "--sortie", str(racine / "synthese.xlsx"), "--copies",
                          str(cible / "copies")], cible / "copies"),
        "generer": (["generer", "--dossier", str(cible / "classeurs")], cible / "classeurs"),
    }


LECTURE_SEULE = "support en lecture seule : impossible d'y écrire"
DISQUE_PLEIN = "disque plein : pas assez d'espace libre pour l'écrire"
DROITS = "droits insuffisants pour l'écrire"


def _faute_sur_chaque_commande(tmp_path, capsys, monkeypatch, installer, raison, avant_calcul=True,
                               commandes=None):
    cible = tmp_path / "cible"
    cible.mkdir()
    destinations = _destinations(tmp_path, cible)
    espion = _Espion(monkeypatch)
    installer(cible)
    for commande, (args, nommee) in destinations.items():
        if commandes and commande not in commandes:
            continue
        avant = fautes.contenu(tmp_path)
        espion.appels.clear()
        code, out, err = _cli(capsys, *args)
        assert (code, out) == (2, ""), (commande, err)
        nom = re.fullmatch(f"Erreur : (.+) : {re.escape(raison)}\n", err)
        assert nom, (commande, err)
        if avant_calcul:
            assert Path(nom[1]) == nommee, commande
            assert espion.appels == [], commande                     # refusé avant tout calcul
        else:   # en cours d'écriture : la destination donnée (le .csv pour la synthèse), ou le
            # fichier visible qu'on écrivait dans le dossier donné ; jamais le temporaire caché
            ecrit = Path(nom[1])
            assert ecrit in (nommee, nommee.with_suffix(".csv")) or (
                nommee in ecrit.parents and not ecrit.name.startswith(".")), (commande, err)
        assert fautes.contenu(tmp_path) == avant, commande          # rien d'écrit, rien de laissé


@pytest.mark.parametrize("numero,raison", [(errno.EROFS, LECTURE_SEULE), (errno.EACCES, DROITS),
                                           (errno.EPERM, DROITS)], ids=["lecture_seule", "droits", "eperm"])
def test_destination_refusee_avant_le_calcul(tmp_path, capsys, monkeypatch, numero, raison):
    _faute_sur_chaque_commande(tmp_path, capsys, monkeypatch,
                               lambda cible: fautes.simuler_support(monkeypatch, cible, numero), raison)


def test_disque_trop_plein_vu_avant_le_calcul(tmp_path, capsys, monkeypatch):
    """La place libre est comparée à la taille des entrées (la copie calculée pèse autant)."""
    _faute_sur_chaque_commande(tmp_path, capsys, monkeypatch,
                               lambda cible: fautes.simuler_espace_libre(monkeypatch, cible, 1000),
                               DISQUE_PLEIN, commandes={"recalculer", "lot (copies)"})


@pytest.mark.parametrize("octets,fichier,commandes", [
    (0, 1, None), (3000, 1, None), (0, 2, {"lot (synthèse)", "lot (copies)", "generer"})],
    ids=["au_debut", "au_milieu_du_premier_fichier", "au_deuxieme_fichier"])
def test_disque_plein_pendant_l_ecriture(tmp_path, capsys, monkeypatch, octets, fichier, commandes):
    """Panne au début, au milieu d'un fichier, ou au 2e fichier d'un lot (2e copie, ou .csv de la
    synthèse) ou de generer, le 1er étant entier : tout ce que la commande avait commencé d'écrire
    est retiré (copies, synthèse, dossiers créés)."""
    _faute_sur_chaque_commande(tmp_path, capsys, monkeypatch,
                               lambda cible: fautes.DisquePlein(monkeypatch, octets, fichier), DISQUE_PLEIN,
                               avant_calcul=False, commandes=commandes)


def test_chemin_qui_passe_par_un_fichier(tmp_path, capsys, monkeypatch):
    cible = tmp_path / "pas_un_dossier.txt"
    cible.write_text("un fichier")
    destinations = _destinations(tmp_path, cible)
    espion = _Espion(monkeypatch)
    for commande, (args, nommee) in destinations.items():
        avant = fautes.contenu(tmp_path)
        code, out, err = _cli(capsys, *args)
        assert (code, out, err) == (2, "", f"Erreur : {nommee} : {cible} est un fichier, pas un dossier\n"), commande
        assert fautes.contenu(tmp_path) == avant
    assert espion.appels == []


def test_destination_qui_est_un_dossier_ou_un_fichier(tmp_path, capsys, monkeypatch):
    """Un dossier là où l'on attend la copie ou la synthèse ; un fichier là où l'on attend le
    dossier des copies ou des classeurs générés."""
    destinations = _destinations(tmp_path, tmp_path / "cible")
    for commande in ("recalculer", "lot (synthèse)"):
        destinations[commande][1].mkdir(parents=True)
    for commande in ("lot (copies)", "generer"):
        destinations[commande][1].write_text("un fichier")
    espion = _Espion(monkeypatch)
    attendus = {"recalculer": "est un dossier, pas un classeur", "lot (synthèse)": "est un dossier, pas un classeur",
                "lot (copies)": "est un fichier, pas un dossier", "generer": "est un fichier, pas un dossier"}
    for commande, (args, nommee) in destinations.items():
        avant = fautes.contenu(tmp_path)
        code, out, err = _cli(capsys, *args)
        assert (code, out, err) == (2, "", f"Erreur : {nommee} : {attendus[commande]}\n"), commande
        assert fautes.contenu(tmp_path) == avant
    assert espion.appels == []
    # un dossier donné pour --sortie du lot, sans extension : pas de « resultats.xlsx » à côté
    (tmp_path / "resultats").mkdir()
    code, _, err = _cli(capsys, "lot", str(tmp_path / "dossiers"), "--sortie", str(tmp_path / "resultats"))
    assert code == 2 and err == f"Erreur : {tmp_path / 'resultats'} : est un dossier, pas un classeur\n"
    assert not (tmp_path / "resultats.xlsx").exists()


def test_sortie_protegee_en_ecriture_non_remplacee(tmp_path, capsys, monkeypatch):
    """Une copie ou une synthèse que l'utilisateur a protégée (lecture seule) n'est pas remplacée,
    même sous root, qui pourrait passer outre."""
    destinations = _destinations(tmp_path, tmp_path / "cible")
    (tmp_path / "cible").mkdir()
    raison = "droits insuffisants pour l'écrire (fichier protégé en écriture : il ne sera pas remplacé)"
    espion = _Espion(monkeypatch)
    for commande in ("recalculer", "lot (synthèse)"):
        args, nommee = destinations[commande]
        nommee.write_bytes(b"protege")
        nommee.chmod(0o444)
        code, out, err = _cli(capsys, *args)
        assert (code, out, err) == (2, "", f"Erreur : {nommee} : {raison}\n"), commande
        assert nommee.read_bytes() == b"protege"
    assert espion.appels == []


def test_copie_ou_classeur_protege_non_remplace(tmp_path, capsys, monkeypatch):
    """Le lot ne remplace pas une copie précédente protégée (refus avant le calcul) ; generer ne
    remplace pas un classeur protégé, et n'écrit alors aucun des autres (tout ou rien)."""
    destinations = _destinations(tmp_path, tmp_path / "cible")
    args, copies = destinations["lot (copies)"]
    copies.mkdir(parents=True)
    (copies / "b_calcule.xlsx").write_bytes(b"protege")
    (copies / "b_calcule.xlsx").chmod(0o444)
    espion = _Espion(monkeypatch)
    raison = "droits insuffisants pour l'écrire (fichier protégé en écriture : il ne sera pas remplacé)"
    assert _cli(capsys, *args) == (2, "", f"Erreur : {copies / 'b_calcule.xlsx'} : {raison}\n")
    assert espion.appels == [] and fautes.contenu(copies) == {"b_calcule.xlsx": b"protege"}
    args, classeurs = destinations["generer"]
    (classeurs / "formation").mkdir(parents=True)
    protege = classeurs / "formation" / "exercice_2_surfaces_corrige.xlsx"
    protege.write_bytes(b"protege")
    protege.chmod(0o444)
    avant = fautes.contenu(tmp_path)
    assert _cli(capsys, *args) == (2, "", f"Erreur : {protege} : {raison}\n")
    assert fautes.contenu(tmp_path) == avant


def test_entree_illisible_pendant_la_copie(tmp_path, capsys, monkeypatch):
    """Le support de l'entrée flanche pendant qu'on la recopie (EIO en lisant l'archive) : c'est
    l'entrée qui est nommée, pas la copie ; rien n'est laissé."""
    from udfs import copie
    entree = _classeur_minimal(tmp_path / "cle.xlsx")

    def panne(*args, **kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(copie, "_feuille_calculee", panne)
    code, out, err = _cli(capsys, "recalculer", str(entree), "--json", "--sortie", str(tmp_path / "c.xlsx"))
    assert (code, out) == (2, "")
    assert err == (f"Erreur : {entree} : erreur d'entrée-sortie du support en voulant le lire (disque, clé USB "
                   "ou réseau défaillant ?)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cle.xlsx"]


def test_sortie_standard_pleine(tmp_path):
    """stdout vers /dev/full (ENOSPC à chaque écriture) : une ligne, code 2, pas de trace."""
    if not Path("/dev/full").exists():
        pytest.skip("Ce système n'a pas de périphérique /dev/full pour simuler un disque plein.")
    copie = shutil.copy(RACINE / "workbooks" / "exemples" / "fjt_2025.xlsx", tmp_path / "fjt.xlsx")
    modifie = tmp_path / "libre.xlsx"
    openpyxl.Workbook().save(modifie)                 # valider y trouve un problème à imprimer
    for args in (["recalculer", str(copie), "--json"], ["valider", str(modifie)]):
        with open("/dev/full", "w") as plein:
            r = subprocess.run([sys.executable, "-m", "udfs.cli", *args], stdout=plein, stderr=subprocess.PIPE,
                               text=True, timeout=120, cwd=RACINE)
        assert (r.returncode, r.stderr) == (2, f"Erreur : sortie standard : {DISQUE_PLEIN}\n"), args


# --- Les mêmes fautes, réelles ------------------------------------------------------------------

SANS_MONTAGE = fautes.raison_sans_montage()


@pytest.mark.skipif(SANS_MONTAGE is not None, reason=SANS_MONTAGE or "")
def test_support_reellement_en_lecture_seule(tmp_path):
    """Un tmpfs monté en lecture seule (espace de montage privé) qui contient le classeur : la
    copie par défaut, la synthèse, les classeurs générés y sont refusés avant tout calcul ;
    valider, qui n'écrit rien, y fonctionne."""
    point = tmp_path / "cle_usb"
    point.mkdir()
    depot = [(RACINE / "workbooks" / "exemples" / "fjt_2025.xlsx", "fjt_2025.xlsx")]
    cas = {
        (f"Erreur : {point / 'fjt_2025_calcule.xlsx'} : {LECTURE_SEULE}\n", 2): ["recalculer", point / "fjt_2025.xlsx"],
        (f"Erreur : {point / 'synthese.xlsx'} : {LECTURE_SEULE}\n", 2): ["lot", point, "--sortie", point / "synthese.xlsx"],
        (f"Erreur : {point / 'classeurs'} : {LECTURE_SEULE}\n", 2): ["generer", "--dossier", point / "classeurs"],
        ("fjt_2025.xlsx : structure conforme au modèle\n", 0): ["valider", point / "fjt_2025.xlsx"],
    }
    for (err, code), args in cas.items():
        r = fautes.sur_un_montage(point, args, copies=depot, lecture_seule=True)
        assert (r["code"], r["out"], r["err"]) == (code, "", err), args
        assert r["restes"] == ["fjt_2025.xlsx"]


@pytest.mark.skipif(SANS_MONTAGE is not None, reason=SANS_MONTAGE or "")
def test_disque_reellement_plein(tmp_path):
    """Un tmpfs trop petit : pour une copie, la place manque d'avance (refus avant le calcul) ;
    pour la synthèse du lot et les classeurs générés, le disque se remplit au milieu de
    l'écriture : rien n'est laissé, pas même les dossiers créés."""
    point = tmp_path / "petit"
    point.mkdir()
    exemples = RACINE / "workbooks" / "exemples"
    r = fautes.sur_un_montage(point, ["recalculer", exemples / "fjt_2025.xlsx", "--sortie", point / "copie.xlsx"],
                              taille="16k")
    assert (r["code"], r["out"], r["err"], r["restes"]) == (2, "", f"Erreur : {point / 'copie.xlsx'} : {DISQUE_PLEIN}\n", [])
    r = fautes.sur_un_montage(point, ["lot", exemples, "--sortie", point / "synthese.xlsx"], taille="8k",
                              remplissage=4096)
    assert (r["code"], r["out"], r["err"]) == (2, "", f"Erreur : {point / 'synthese.xlsx'} : {DISQUE_PLEIN}\n")
    assert r["restes"] == ["remplissage.bin"]
    r = fautes.sur_un_montage(point, ["generer", "--dossier", point / "classeurs"], taille="64k")
    assert (r["code"], r["out"]) == (2, "") and r["err"].endswith(f" : {DISQUE_PLEIN}\n")
    assert r["err"].startswith(f"Erreur : {point / 'classeurs'}/") and ".tmp" not in r["err"]
    assert r["restes"] == []


SANS_PRIVATION = fautes.raison_sans_privation()


@pytest.mark.skipif(SANS_PRIVATION is not None, reason=SANS_PRIVATION or "")
def test_droits_reels_en_ecriture(tmp_path):
    """Un dossier qui appartient à un autre (sous root : processus privé de CAP_DAC_OVERRIDE)."""
    tmp_path.chmod(0o755)
    cible = tmp_path / "cible"
    cible.mkdir()
    destinations = _destinations(tmp_path, cible)
    fautes.proteger(cible)
    for commande, (args, nommee) in destinations.items():
        r = fautes.sans_droits(*args)
        assert (r.returncode, r.stdout, r.stderr) == (2, "", f"Erreur : {nommee} : {DROITS}\n"), commande
    assert list(cible.iterdir()) == []


@pytest.mark.skipif(SANS_PRIVATION is not None, reason=SANS_PRIVATION or "")
def test_droits_reels_en_lecture(tmp_path):
    tmp_path.chmod(0o755)
    dossier = tmp_path / "arrivees"
    dossier.mkdir()
    illisible = Path(shutil.copy(EXEMPLE, dossier / "illisible.xlsx"))
    shutil.copy(EXEMPLE, dossier / "lisible.xlsx")
    fautes.proteger(illisible)
    raison = "droits insuffisants pour le lire"
    for args in (["recalculer", illisible], ["recalculer", illisible, "--json"], ["valider", illisible]):
        r = fautes.sans_droits(*args)
        assert (r.returncode, r.stdout, r.stderr) == (2, "", f"Erreur : {illisible} : {raison}\n"), args
    r = fautes.sans_droits("lot", dossier, "--sortie", tmp_path / "synthese.xlsx")
    assert (r.returncode, r.stdout) == (1, f"  illisible.xlsx : erreur : {illisible} : {raison}\n")
    secret = tmp_path / "secret"                          # le dossier du lot lui-même est fermé
    secret.mkdir()
    shutil.copy(EXEMPLE, secret / "dossier.xlsx")
    fautes.proteger(secret)
    r = fautes.sans_droits("lot", secret, "--sortie", tmp_path / "s2.xlsx")
    assert (r.returncode, r.stdout, r.stderr) == (2, "", f"Erreur : {secret} : {raison}\n")
