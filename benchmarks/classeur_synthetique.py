"""Classeur de N formules pour les bancs : arithmétique, SOMME, SI, RECHERCHEV, et un appel de nos
fonctions sur cinq formules (CS_FOYER, arguments différents à chaque ligne : la mémoire des appels
identiques n'aide pas).

Feuille « Données » : une ligne de saisies par ligne de calcul ; « Table » : 50 clés et valeurs ;
« Calcul » : cinq formules par ligne, et un total en tête qui lit toute la colonne des SOMME.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl


def ecrire(chemin: Path, formules: int) -> Path:
    lignes = max(1, formules // 5)
    wb = openpyxl.Workbook()
    donnees = wb.active
    donnees.title = "Données"
    table = wb.create_sheet("Table")
    calcul = wb.create_sheet("Calcul")
    for k in range(1, 51):
        table.cell(k, 1, k)
        table.cell(k, 2, k * 10)
    categories = ("logement", "annexe", "collectif")
    for i in range(1, lignes + 1):
        donnees.cell(i, 1, i * 1.5)
        donnees.cell(i, 2, i % 50 + 1)
        donnees.cell(i, 3, categories[i % 3])
        donnees.cell(i, 4, 20 + i % 7)
        r = i + 1                                    # ligne 1 de « Calcul » : le total
        calcul.cell(r, 1, f"=Données!A{i}*Données!B{i}+1")
        calcul.cell(r, 2, f"=SUM(Données!A{i}:B{i})+A{r}")
        calcul.cell(r, 3, f'=IF(B{r}>100,"haut","bas")')
        calcul.cell(r, 4, f"=VLOOKUP(Données!B{i},Table!$A$1:$B$50,2,FALSE)")
        calcul.cell(r, 5, f"=CS_FOYER(Données!B{i},Données!A{i}+100)")
    calcul["A1"] = f"=SUM(B2:B{lignes + 1})"
    chemin.parent.mkdir(parents=True, exist_ok=True)
    wb.save(chemin)
    return chemin
