"""Le complément rs_instruction.xlam, construit sans Excel, relu par des lecteurs indépendants.

- olevba (oletools) relit le projet VBA : chaque fonction du registre y est déclarée, avec ses
  arguments dans l'ordre, et chaque nom est admis par VBA (MS-VBAL §3.3.5) ;
- l'importeur VBA de LibreOffice relit les mêmes modules (test marqué ``libreoffice``) ;
- la copie commitée dans addin/ est, à l'octet, une construction fraîche.
Ce qui n'est vérifiable que dans Excel (compilation du module, MacroOptions) est dans
addin/VERIFICATION_WINDOWS.md.
"""

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import warnings

import pytest

with warnings.catch_warnings():      # oletools 0.60 emploie des noms de pyparsing dépréciés
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

from udfs import cli
from udfs.complement import construction, modules_vba
from udfs.complement.vba import probleme_nom
from udfs.fonctions import REGISTRE

RACINE = Path(__file__).resolve().parents[1]
COMMITE = RACINE / "addin" / "rs_instruction.xlam"
MODULES = {"ThisWorkbook", "Sheet2", "Dictionary", "xlwings", "xlwings_udfs", "rs_instruction_aide"}
DECLARATION = re.compile(r"^Function (\w+)\((.*)\)\s*$", re.M)


@pytest.fixture(scope="module")
def xlam(tmp_path_factory) -> Path:
    chemin = tmp_path_factory.mktemp("complement") / "rs_instruction.xlam"
    assert cli.main(["complement", "--sortie", str(chemin)]) == 0
    return chemin


@pytest.fixture(scope="module")
def sources(xlam) -> dict[str, str]:
    """Le source de chaque module, relu par olevba (qui a son propre décompresseur MS-OVBA)."""
    analyse = VBA_Parser(str(xlam))
    try:
        assert analyse.detect_vba_macros()
        return {Path(nom).stem: code.replace("\r\n", "\n") for _, _, nom, code in analyse.extract_macros()}
    finally:
        analyse.close()


def _declarations(source: str) -> dict[str, list[str]]:
    return {nom: [a.strip().removeprefix("Optional ").strip() for a in args.split(",") if a.strip()]
            for nom, args in DECLARATION.findall(source)}


def test_copie_commitee_egale_a_une_construction_fraiche(xlam):
    assert COMMITE.read_bytes() == xlam.read_bytes(), (
        "addin/rs_instruction.xlam est périmé : rs-instruction complement --sortie addin/rs_instruction.xlam")


def test_construction_deterministe():
    assert construction.octets() == construction.octets()


def test_modules_du_complement(sources):
    assert set(sources) == MODULES
    assert re.search(r'^Public Const PROJECT_NAME As String = "rs_instruction"', sources["xlwings"], re.M)
    assert 'Attribute VB_Name = "xlwings_udfs"' in sources["xlwings_udfs"]


def test_olevba_relit_chaque_fonction_avec_ses_arguments(sources):
    declarees = _declarations(sources["xlwings_udfs"])
    assert set(declarees) == set(REGISTRE)
    for nom, fonction in REGISTRE.items():
        assert declarees[nom] == list(fonction.arguments), nom
        assert f'XLPy.CallUDF("udfs.excel", "{nom}", Array({", ".join(fonction.arguments)}), ' \
               "ActiveWorkbook, Application.Caller)" in sources["xlwings_udfs"], nom
    assert "ThisWorkbook" not in sources["xlwings_udfs"]     # un complément appelle pour le classeur actif
    assert max(len(ligne) for ligne in sources["xlwings_udfs"].splitlines()) < 1023   # limite de VBA


def test_chaque_nom_du_vba_genere_est_admis_par_vba(sources):
    """Le test du point 1 de l'issue 10 : lu dans le VBA réellement généré, tout nom de fonction ou
    d'argument refusé par VBA (mot réservé, nom prédéfini, forme) fait échouer."""
    fautes = []
    for nom, arguments in _declarations(sources["xlwings_udfs"]).items():
        for n in (nom, *arguments):
            if probleme := probleme_nom(n):
                fautes.append(f"{nom} : {n} {probleme}")
        if nom.lower() in {a.lower() for a in arguments} or len(set(map(str.lower, arguments))) != len(arguments):
            fautes.append(f"{nom} : argument en double ou portant le nom de la fonction")
    publics = {n.lower() for n in re.findall(r"^(?:Public )?(?:Function|Sub) (\w+)", sources["xlwings"], re.M)}
    fautes += [f"{nom} : homonyme d'une procédure du module xlwings" for nom in REGISTRE if nom.lower() in publics]
    fautes += [f"{nom} : homonyme d'un module" for nom in REGISTRE if nom.lower() in {m.lower() for m in MODULES}]
    assert not fautes, "\n".join(fautes)


@pytest.mark.parametrize("nom,refus", [
    ("type", "réservé"), ("Date", "réservé"), ("currency", "réservé"), ("Len", "réservé"),
    ("val", "bibliothèque"), ("Format", "bibliothèque"), ("Mid", "bibliothèque"), ("Error", "bibliothèque"),
    ("name", "instruction"), ("range", "instruction"), ("Application", "instruction"),
    ("_surface", "identifiant"), ("1er", "identifiant"), ("durée", "identifiant"), ("a" * 256, "255"),
])
def test_le_controle_refuse_les_noms_fautifs(nom, refus):
    assert refus in (probleme_nom(nom) or ""), nom


def test_la_construction_refuse_un_nom_fautif():
    metas = {"COUT_GARAGE": {"args": [{"name": "zone"}, {"name": "type"}, {"name": "date"}]}}
    with pytest.raises(ValueError, match="type : est un mot réservé.*\n.*date : est un mot réservé"):
        modules_vba.verifier_noms(metas)


def test_aide_de_l_assistant_pour_chaque_fonction(sources):
    aide, ouverture = sources["rs_instruction_aide"], sources["ThisWorkbook"]
    assert re.search(r"Private Sub Workbook_Open\(\)\s+EnregistrerAides\s+End Sub", ouverture)
    for nom, fonction in REGISTRE.items():
        corps = re.search(rf"^Private Sub Aide_{nom}\(\)$(.*?)^End Sub$", aide, re.M | re.S).group(1)
        assert f"ReDim a(0 To {len(fonction.arguments) - 1})" in corps, nom
        assert f"""Macro:="'" & ThisWorkbook.Name & "'!{nom}", Description:=d""" in corps, nom
        assert f"    Aide_{nom}\n" in aide, nom
    assert max(len(ligne) for ligne in aide.splitlines()) < 1023
    # hors Latin-1 par ChrW : € (20AC), − (2212) ; le reste en clair dans la page de code 1252
    assert "ChrW(&H20AC)" in aide and "€" not in aide
    assert "Résidences sociales PLAI" in aide


def test_aide_reconstituee_egale_a_celle_du_registre(sources):
    """Le texte qu'enregistre MacroOptions, recomposé depuis le VBA, est l'aide du registre."""
    def evaluer(expressions: list[str]) -> str:
        texte = ""
        for expr in expressions:
            for morceau in re.findall(r'"((?:[^"]|"")*)"|ChrW\(&H([0-9A-F]{4})\)', expr):
                texte += morceau[0].replace('""', '"') if not morceau[1] else chr(int(morceau[1], 16))
        return texte

    aide = sources["rs_instruction_aide"]
    for nom, fonction in REGISTRE.items():
        corps = re.search(rf"^Private Sub Aide_{nom}\(\)$(.*?)^End Sub$", aide, re.M | re.S).group(1)
        for i, argument in enumerate(fonction.arguments):
            lignes = re.findall(rf"^    a\({i}\) = (.*)$", corps, re.M)
            assert evaluer(lignes) == fonction.aides[argument], (nom, argument)
        assert evaluer(re.findall(r"^    d = (.*)$", corps, re.M)) == fonction.description, nom


def _configuration(xlam: Path) -> tuple[list[str], dict[str, str]]:
    """Noms des feuilles et paires (colonne A, colonne B) de la feuille de configuration, lues
    dans le XML (openpyxl n'ouvre pas un type de contenu « add-in »)."""
    from xml.etree import ElementTree

    ns = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(xlam) as z:
        feuilles = [f.get("name") for f in ElementTree.fromstring(z.read("xl/workbook.xml")).iterfind(".//s:sheet", ns)]
        textes = [si.findtext("s:t", namespaces=ns) for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml"))]
        lignes = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml")).iterfind(".//s:row", ns)
        paires = [[textes[int(c.findtext("s:v", namespaces=ns))] for c in ligne] for ligne in lignes]
    assert all(len(p) == 2 for p in paires)
    return feuilles, dict(paires)


def test_feuille_de_configuration(xlam):
    with zipfile.ZipFile(xlam) as z:
        tout = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    feuilles, conf = _configuration(xlam)
    assert feuilles == ["rs_instruction.conf"]
    assert conf == {"Interpreter_Win": r"%LOCALAPPDATA%\rs-instruction\venv\Scripts\pythonw.exe",
                    "UDF Modules": "udfs.excel", "ADD_WORKBOOK_TO_PYTHONPATH": "False"}
    assert b"absPath" not in tout and b"felix" not in tout.lower()      # rien du poste d'origine


def test_interpreteur_choisi(tmp_path):
    sortie = tmp_path / "rs_instruction.xlam"
    assert cli.main(["complement", "--sortie", str(sortie), "--interpreteur", r"D:\rs\venv\Scripts\pythonw.exe"]) == 0
    assert _configuration(sortie)[1]["Interpreter_Win"] == r"D:\rs\venv\Scripts\pythonw.exe"


def test_emplacement_par_defaut_a_cote_de_la_configuration_utilisateur(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    assert cli.main(["complement"]) == 0
    assert (tmp_path / ".rs_instruction" / "rs_instruction.xlam").is_file()
    assert "rs_instruction.xlam" in capsys.readouterr().out


def test_sortie_refusee_sans_l_extension_xlam(tmp_path, capsys):
    assert cli.main(["complement", "--sortie", str(tmp_path / "complement.xlsm")]) == 2
    assert "extension .xlam" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_modele_sans_feuille_de_configuration_refuse(tmp_path):
    modele = tmp_path / "modele.xlam"
    with zipfile.ZipFile(construction.modele()) as source, zipfile.ZipFile(modele, "w") as cible:
        for nom in source.namelist():
            donnees = source.read(nom)
            if nom == "xl/workbook.xml":
                donnees = donnees.replace(b'name="_myaddin.conf"', b'name="Feuil1"')
            cible.writestr(nom, donnees)
    with pytest.raises(ValueError, match="feuille de configuration"):
        construction.octets(source=modele)


@pytest.mark.libreoffice
def test_l_importeur_vba_de_libreoffice_relit_les_fonctions(xlam, tmp_path):
    """LibreOffice importe le projet VBA en bibliothèque Basic ; on relit les modules dans l'ODS."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profil",
                    "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "ods", "--outdir",
                    str(tmp_path), str(xlam)], check=True, capture_output=True, timeout=180)
    from xml.etree import ElementTree

    modules = {}
    with zipfile.ZipFile(tmp_path / "rs_instruction.ods") as ods:
        for nom in ods.namelist():
            if nom.startswith("Basic/rs_instruction/") and not nom.endswith("script-lb.xml"):
                element = ElementTree.fromstring(ods.read(nom).split(b"?>", 1)[1].split(b">", 1)[1])
                modules[element.get("{http://openoffice.org/2000/script}name")] = element.text
    assert set(modules) == MODULES
    declarees = _declarations(modules["xlwings_udfs"])
    assert declarees == {nom: list(f.arguments) for nom, f in REGISTRE.items()}
    assert "Résidences sociales PLAI" in modules["rs_instruction_aide"]      # accents intacts
    assert "coefficient de structure" in modules["rs_instruction_aide"].lower()
