"""Formules matricielles : les anciennes (Ctrl+Maj+Entrée, ``t="array"`` et sa plage ``ref``) et
les tableaux dynamiques d'Excel 365 (la même balise, avec les métadonnées de cellule ``cm`` ; les
cases couvertes portent seulement leur valeur en cache). Chaque case est calculée et écrite dans
la copie calculée ; un débordement qui change de taille déplace sa plage, ou vaut #SPILL!.

Référence : « Dynamic array formulas and spilled array behavior » et « Guidelines and examples of
array formulas » (support.microsoft.com)."""

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from udfs import cli, moteur
from udfs.copie import ecrire_copie_calculee

METADATA = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
            b'<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" '
            b'pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" '
            b'clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>'
            b'<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
            b'<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>'
            b'<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>')


def _excel_365(chemin: Path, lignes: str) -> Path:
    """Un classeur comme l'enregistre Excel 365 : ``lignes`` est le contenu de <sheetData>."""
    base = chemin.with_name("base_" + chemin.name)
    openpyxl.Workbook().save(base)
    with zipfile.ZipFile(base) as a, zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            donnees = a.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                donnees = re.sub(rb"<sheetData\s*/>|<sheetData>.*</sheetData>",
                                 b"<sheetData>" + lignes.encode() + b"</sheetData>", donnees, flags=re.S)
            elif info.filename == "[Content_Types].xml":
                donnees = donnees.replace(b"</Types>", b'<Override PartName="/xl/metadata.xml" ContentType='
                                          b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/>'
                                          b"</Types>")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                donnees = donnees.replace(b"</Relationships>", b'<Relationship Id="rIdMeta" Type="http://schemas.'
                                          b'openxmlformats.org/officeDocument/2006/relationships/sheetMetadata" '
                                          b'Target="metadata.xml"/></Relationships>')
            b.writestr(info, donnees)
        b.writestr("xl/metadata.xml", METADATA)
    base.unlink()
    return chemin


def _ligne(n: int, cellules: str) -> str:
    return f'<row r="{n}">{cellules}</row>'


def _sequence(chemin: Path, n: int, ancien: int = 3, bloqueur: str = "") -> Path:
    """A1 = n ; B1 = SEQUENCE(A1) enregistré quand il débordait sur ``ancien`` lignes ; D1 lit B4 ;
    D2 somme tout le débordement (B1#)."""
    lignes = [_ligne(1, f'<c r="A1"><v>{n}</v></c><c r="B1" cm="1"><f t="array" ref="B1:B{ancien}">'
                        f'_xlfn.SEQUENCE(A1)</f><v>1</v></c><c r="D1"><f>B4+0</f><v>0</v></c>')]
    lignes[0] = lignes[0].replace("</row>", '<c r="D2"><f>SUM(_xlfn.ANCHORARRAY(B1))</f><v>0</v></c></row>')
    for i in range(2, ancien + 1):
        lignes.append(_ligne(i, f'<c r="B{i}"><v>{i}</v></c>'))
    if bloqueur:
        lignes.append(_ligne(int(bloqueur[1:]), f'<c r="{bloqueur}" t="inlineStr"><is><t>saisie</t></is></c>'))
    return _excel_365(chemin, "".join(lignes))


def test_matricielle_multi_cellules_calculee(tmp_path):
    """L'exemple de l'issue : {=A5:A7*2} sur C1:C3 faisait échouer tout le classeur."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A5"], ws["A6"], ws["A7"] = 1, "2", 3
    ws["C1"] = ArrayFormula("C1:C3", "=A5:A7*2")
    ws["D2"] = "=C2+1"
    ws["E1"] = ArrayFormula("E1:E4", "=A5:A7*10")          # plus grande que le résultat
    ws["F1"] = ArrayFormula("F1:G2", "=A5*{1,2}")          # une ligne étendue à deux lignes
    chemin = tmp_path / "cse.xlsx"
    wb.save(chemin)
    r = moteur.recalculer(chemin)
    assert [r[f"Sheet!C{i}"] for i in (1, 2, 3)] == [2, 4, 6]
    assert r["Sheet!D2"] == 5
    assert [r[f"Sheet!E{i}"] for i in (1, 2, 3, 4)] == [10, 20, 30, "#N/A"]
    assert [r["Sheet!F1"], r["Sheet!G1"], r["Sheet!F2"], r["Sheet!G2"]] == [1, 2, 1, 2]
    assert r.matrices == {"Sheet!C1": "C1:C3", "Sheet!E1": "E1:E4", "Sheet!F1": "F1:G2"}

    sortie = ecrire_copie_calculee(chemin, r.valeurs, tmp_path / "copie.xlsx", r.matrices)
    valeurs = openpyxl.load_workbook(sortie, data_only=True).active
    assert [valeurs[f"C{i}"].value for i in (1, 2, 3)] == [2, 4, 6]
    assert [valeurs[f"E{i}"].value for i in (1, 2, 3, 4)] == [10, 20, 30, "#N/A"]
    assert valeurs["D2"].value == 5 and valeurs["G2"].value == 2
    formules = openpyxl.load_workbook(sortie).active
    assert isinstance(formules["C1"].value, ArrayFormula) and formules["C1"].value.ref == "C1:C3"
    assert formules["C1"].value.text == "=A5:A7*2"


def test_tableau_dynamique_meme_taille(tmp_path):
    r = moteur.recalculer(_sequence(tmp_path / "dyn.xlsx", 3))
    assert [r[f"Sheet!B{i}"] for i in (1, 2, 3)] == [1, 2, 3]
    assert r["Sheet!D1"] == 0 and r["Sheet!D2"] == 6
    assert r.matrices == {"Sheet!B1": "B1:B3"}


def test_tableau_dynamique_qui_grandit(tmp_path):
    """Enregistré sur 3 lignes, il en couvre 5 : les formules qui lisent les nouvelles cases (B4)
    les voient, la copie porte la nouvelle plage et les cases créées."""
    chemin = _sequence(tmp_path / "dyn.xlsx", 5)
    r = moteur.recalculer(chemin)
    assert [r[f"Sheet!B{i}"] for i in range(1, 6)] == [1, 2, 3, 4, 5]
    assert r["Sheet!D1"] == 4 and r["Sheet!D2"] == 15
    assert r.matrices == {"Sheet!B1": "B1:B5"}
    sortie = ecrire_copie_calculee(chemin, r.valeurs, tmp_path / "copie.xlsx", r.matrices)
    valeurs = openpyxl.load_workbook(sortie, data_only=True).active
    assert [valeurs[f"B{i}"].value for i in range(1, 6)] == [1, 2, 3, 4, 5]
    assert valeurs["D1"].value == 4
    with zipfile.ZipFile(sortie) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert 'ref="B1:B5"' in xml and xml.index('r="B4"') < xml.index('r="B5"')
    assert moteur.recalculer(sortie).valeurs == r.valeurs         # la copie se relit à l'identique


def test_tableau_dynamique_qui_retrecit(tmp_path):
    chemin = _sequence(tmp_path / "dyn.xlsx", 2)
    r = moteur.recalculer(chemin)
    assert [r["Sheet!B1"], r["Sheet!B2"]] == [1, 2] and "Sheet!B3" not in r.valeurs
    assert r.matrices == {"Sheet!B1": "B1:B2"}
    sortie = ecrire_copie_calculee(chemin, r.valeurs, tmp_path / "copie.xlsx", r.matrices)
    valeurs = openpyxl.load_workbook(sortie, data_only=True).active
    assert valeurs["B3"].value is None and valeurs["B2"].value == 2


def test_debordement_bloque(tmp_path):
    """Une saisie sur le chemin du débordement : #SPILL!, comme Excel, et la saisie reste."""
    chemin = _sequence(tmp_path / "dyn.xlsx", 5, bloqueur="B5")
    r = moteur.recalculer(chemin)
    assert r["Sheet!B1"] == "#SPILL!"
    assert "Sheet!B5" not in r.valeurs and r.matrices == {"Sheet!B1": "B1:B1"}
    sortie = ecrire_copie_calculee(chemin, r.valeurs, tmp_path / "copie.xlsx", r.matrices)
    valeurs = openpyxl.load_workbook(sortie, data_only=True).active
    assert valeurs["B1"].value == "#SPILL!" and valeurs["B5"].value == "saisie" and valeurs["B2"].value is None
    with zipfile.ZipFile(sortie) as z:              # une erreur, pas un texte, comme Excel l'écrit
        assert re.search(r'<c r="B1"[^>]* t="e"[^>]*>.*?<v>#SPILL!</v>', z.read("xl/worksheets/sheet1.xml").decode())


def test_notre_fonction_deborde(tmp_path):
    """TABLEAU_AMORTISSEMENT en tableau dynamique : tout le tableau, en-têtes compris."""
    lignes = _ligne(1, '<c r="A1" cm="1"><f t="array" ref="A1">TABLEAU_AMORTISSEMENT(100000,0.02,3)</f>'
                       '<v>0</v></c>')
    r = moteur.recalculer(_excel_365(tmp_path / "amortissement.xlsx", lignes))
    assert r.matrices == {"Sheet!A1": "A1:E4"}
    assert r["Sheet!A1"] == "Année" and r["Sheet!A4"] == 3
    assert r["Sheet!E4"] == pytest.approx(0, abs=0.01)           # capital restant dû à la fin


def test_commande_ecrit_les_cases(tmp_path, capsys):
    chemin = _sequence(tmp_path / "dyn.xlsx", 4)
    assert cli.main(["recalculer", str(chemin)]) == 0
    valeurs = openpyxl.load_workbook(tmp_path / "dyn_calcule.xlsx", data_only=True).active
    assert [valeurs[f"B{i}"].value for i in range(1, 5)] == [1, 2, 3, 4]


def test_lot_modele_compile_meme_debordement(tmp_path):
    """Le modèle compilé d'un dossier sert à un autre dont le débordement n'a pas la même taille."""
    premier, second = _sequence(tmp_path / "a.xlsx", 3), _sequence(tmp_path / "b.xlsx", 5)
    modele = moteur.ModeleCompile(premier)
    cellules = moteur.lire_cellules(second)
    assert cellules.signature == modele.signature
    assert modele.calculer(second, cellules).valeurs == moteur.recalculer(second).valeurs
    assert modele.calculer(premier, moteur.lire_cellules(premier)).valeurs == moteur.recalculer(premier).valeurs
