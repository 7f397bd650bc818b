"""Le lot (modèle compilé une fois par modèle de classeur) lit les mêmes valeurs que le recalcul complet."""

import datetime as dt
from pathlib import Path

import openpyxl

from udfs import moteur

WORKBOOKS = Path(__file__).parent.parent / "workbooks"


def _plage(classeur, nom):
    feuille, ref = next(iter(classeur.defined_names[nom].destinations))
    return classeur[feuille], classeur[feuille][ref.replace("$", "")]


def test_lot_lit_une_ligne_de_table_vide_dans_le_premier_dossier(tmp_path):
    """Trouvé par le test différentiel : le modèle compilé du lot ignorait une cellule lue à travers
    une plage (TABLE_REDEVANCES) quand elle était vide dans le premier dossier du modèle ; LibreOffice
    et le recalcul complet la lisaient. Une redevance maximum plus récente, ajoutée dans la première
    ligne vide de la table."""
    exemple = WORKBOOKS / "exemples" / "fjt_2025.xlsx"
    dossier = tmp_path / "fjt_2025_redevance_2025_02.xlsx"
    wb = openpyxl.load_workbook(exemple)
    _, table = _plage(wb, "TABLE_REDEVANCES")
    vide = next(ligne for ligne in table[1:] if all(c.value is None for c in ligne))
    for cellule, valeur in zip(vide, ("T1", "1", "PLAI", 510, dt.datetime(2025, 2, 1))):
        cellule.value = valeur
    wb.save(dossier)
    logements, lignes = _plage(wb, "LOGEMENTS")
    assert lignes[0][0].value == "T1"
    maximum = next(f"{logements.title}!{c.coordinate}" for c in logements[lignes[0][0].row]
                   if isinstance(c.value, str) and "REDEVANCE_MAXIMUM(" in c.value)
    compile_sur_l_exemple = moteur.ModeleCompile(exemple)
    cellules = moteur.lire_cellules(dossier)
    assert cellules.signature == compile_sur_l_exemple.signature
    lot = compile_sur_l_exemple.calculer(dossier, cellules).valeurs
    complet = moteur.recalculer(dossier).valeurs
    assert lot == complet
    assert moteur.recalculer(exemple).valeurs[maximum] == 500   # avant : le maximum du 01/01/2025
    assert complet[maximum] == 510    # décision du 10/03/2025 : le maximum du 01/02/2025
