"""Le lot (modèle compilé une fois par modèle de classeur) lit les mêmes valeurs que le recalcul complet."""

import datetime as dt
from pathlib import Path

import openpyxl

from udfs import moteur

WORKBOOKS = Path(__file__).parent.parent / "workbooks"


def test_lot_lit_une_ligne_de_table_vide_dans_le_premier_dossier(tmp_path):
    """Trouvé par le test différentiel : le modèle compilé du lot ignorait une cellule lue à travers
    une plage (TABLE_REDEVANCES) quand elle était vide dans le premier dossier du modèle ; LibreOffice
    et le recalcul complet la lisaient. Une redevance maximum plus récente, ajoutée en ligne 28."""
    dossier = tmp_path / "fjt_2025_redevance_2025_02.xlsx"
    wb = openpyxl.load_workbook(WORKBOOKS / "exemples" / "fjt_2025.xlsx")
    ws = wb["Paramètres"]
    for colonne, valeur in zip("ABCDE", ("T1", "1", "PLAI", 510, dt.datetime(2025, 2, 1))):
        ws[f"{colonne}28"] = valeur
    wb.save(dossier)
    compile_sur_l_exemple = moteur.ModeleCompile(WORKBOOKS / "exemples" / "fjt_2025.xlsx")
    cellules = moteur.lire_cellules(dossier)
    assert cellules.signature == compile_sur_l_exemple.signature
    lot = compile_sur_l_exemple.calculer(dossier, cellules).valeurs
    complet = moteur.recalculer(dossier).valeurs
    assert lot == complet
    assert complet["Paramètres!B19"] == 510    # décision du 10/03/2025 : le maximum du 01/02/2025
