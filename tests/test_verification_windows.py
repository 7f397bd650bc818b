"""addin/VERIFICATION_WINDOWS.md donne les valeurs qu'Excel doit afficher : elles doivent être
celles que calcule aujourd'hui le moteur sur les classeurs livrés (addin/valeurs_attendues.py)."""

import importlib.util
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("valeurs_attendues", RACINE / "addin" / "valeurs_attendues.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tableau():
    return _script().tableau()


def test_le_document_de_recette_est_a_jour(tableau):
    script = _script()
    document = script.DOCUMENT.read_text(encoding="utf-8")
    assert script.bloc_du_document(document) == tableau, (
        "valeurs attendues périmées : python addin/valeurs_attendues.py --ecrire")


def test_les_valeurs_attendues_couvrent_chaque_classeur_et_l_exemple_de_la_note(tableau):
    for classeur in ("instruction_residence_sociale.xlsx", "residence_sociale_40_2021.xlsx",
                     "pension_de_famille_2024.xlsx", "fjt_2025.xlsx"):
        assert f"{classeur}`**" in tableau
    # réglementation §8.2 : CS 2,1 ; MQ 0,0930 ; assiette 2 019 864 € ; subvention 403 972,80 €
    for valeur in ("| 2,1000 |", "| 0,0930 |", "| 2 019 864,00 € |", "| 403 972,80 € |"):
        assert valeur in tableau


def test_affichage_selon_le_format_de_la_cellule():
    affichage = _script()._affichage
    assert affichage(1234.567, '#,##0.00 "€"') == "1 234,57 €"
    assert affichage(0.003, "0.00%") == "0,30 %"
    assert affichage(2.25779661, "0.0000") == "2,2578"
    assert affichage(12.5, "General") == "12,5"
    assert affichage("", "General") == "(vide)"
    assert affichage("Équilibrée", "General") == "« Équilibrée »"
