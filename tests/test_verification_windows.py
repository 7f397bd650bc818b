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


def test_les_valeurs_de_l_etape_4_bis_sont_celles_du_moteur(tmp_path):
    """Étape 4 bis : les valeurs attendues après une saisie sont celles que calcule le moteur sur la
    même modification (loyer immobilier 125 000 €, puis redevance du T1' à 480 €)."""
    from tests.outils.classeurs import WORKBOOKS, copie_modifiee
    from udfs.classeurs import instruction

    document = _script().DOCUMENT.read_text(encoding="utf-8")
    etape = document.split("## 4 bis.", 1)[1].split("\n## ", 1)[0]
    source = WORKBOOKS / "exemples" / "residence_sociale_40_2021.xlsx"
    r = copie_modifiee(source, tmp_path / "recette.xlsx", {
        "LOYER_IMMOBILIER": 125_000, f"Logements!G{instruction.LIGNE_LOGEMENTS}": 480})
    assert r.nom("RESULTAT_BAILLEUR") == pytest.approx(9_182.26, abs=0.005)
    assert r[f"Projection!B{instruction.LIGNE_PROJECTION}"] == pytest.approx(9_182.26, abs=0.005)
    controle = r[f"Logements!L{instruction.LIGNE_LOGEMENTS}"]
    for attendu in ("9 182,26 €", controle, r.nom("RES_REDEVANCE"), "403 972,80 €", 'calcId="191029"'):
        assert attendu in " ".join(etape.split()), attendu
    assert controle == "Dépassement de 10,00 € : redevance pratiquée 480,00 € > maximum 470,00 €"
    assert r.nom("RES_REDEVANCE") == "Dépassement pour 1 type(s) : T1'"
