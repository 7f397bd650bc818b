"""Redevance : maximum lu dans la table fournie, contrôle, décomposition L + C."""

import pytest

from udfs.erreurs import ErreurSaisie
from udfs.fonctions import REGISTRE
from udfs.regles import redevance as r
from tests.outils.udf import appel, erreur

# Montants fictifs (les avis annuels ne sont pas livrés) : seule la lecture est testée.
TABLE = [["Type", "Zone", "Prêt", "Maximum"],
         ["T1", "1", "PLAI", 450.5],
         ["T1", 2.0, "PLAI", 420],
         ["T1 bis", "2", "PLAI", 500],
         ["T1 bis", "2", "PLUS", 560],
         [None, None, None, None]]


def test_lecture_tolerante():
    assert r.redevance_maximum(TABLE, "T1", "1", "PLAI") == 450.5
    assert r.redevance_maximum(TABLE, "t1", "2", "plai") == 420           # 2.0 lu comme « 2 »
    assert r.redevance_maximum(TABLE, "T1bis", "2", "PLUS") == 560        # espaces ignorés
    colonnes_melangees = [["maximum", "pret", "zone", "type de logement"], [300, "PLAI", "3", "T2"]]
    assert r.redevance_maximum(colonnes_melangees, "T2", "3", "PLAI") == 300


@pytest.mark.parametrize("args,champ,extrait", [
    (("T7", "1", "PLAI"), "type_logement", "« T7 » absent de la table (présents : T1, T1 bis)"),
    (("T1", "3", "PLAI"), "zone", "« 3 » absent"),
    (("T1", "1", "PLS"), "pret", "« PLS » absent"),
])
def test_cle_absente_nommee(args, champ, extrait):
    with pytest.raises(ErreurSaisie) as e:
        r.redevance_maximum(TABLE, *args)
    assert e.value.champ == champ and extrait in e.value.raison


def test_table_mal_formee():
    for table, extrait in [([[None]], "table vide"),
                           ([["Type", "Zone", "Prêt"], ["T1", "1", "PLAI"]], "« maximum » absente"),
                           ([["Type", "Type", "Zone", "Prêt", "Max"]], "« type » en double"),
                           (TABLE + [["T1", "1", "PLAI", 460]], "plusieurs lignes"),
                           ([TABLE[0], ["T1", "1", "PLAI", "beaucoup"]], "ligne 2 : maximum « beaucoup »"),
                           ([TABLE[0], ["T1", "1", "PLAI", "#N/A"]], "ligne 2, colonne maximum : cellule en erreur")]:
        with pytest.raises(ErreurSaisie) as e:
            r.redevance_maximum(table, "T1", "1", "PLAI")
        assert e.value.champ == "table" and extrait in e.value.raison, e.value.raison


def test_controle():
    c = r.verifier_redevance(450, 480)
    assert c.conforme and c.ecart == 30
    assert c.message == "Conforme : redevance pratiquée 450,00 € ≤ maximum 480,00 € (marge 30,00 €)"
    c = r.verifier_redevance(1500.5, 1480)
    assert not c.conforme
    assert c.message == "Dépassement de 20,50 € : redevance pratiquée 1 500,50 € > maximum 1 480,00 €"
    assert r.verifier_redevance(480, 480).conforme
    with pytest.raises(ErreurSaisie) as e:
        r.verifier_redevance(450, 0)
    assert e.value.champ == "maximum"


def test_part_loyer():
    assert r.part_loyer(450, 80) == 370
    with pytest.raises(ErreurSaisie) as e:
        r.part_loyer(450, 500)
    assert e.value.champ == "charges"


def test_udf_redevance():
    assert appel("REDEVANCE_MAXIMUM", TABLE, "T1 bis", 2, "PLAI") == 500
    erreur(appel("REDEVANCE_MAXIMUM", TABLE, "T9", 2, "PLAI"), "type_logement")
    erreur(appel("REDEVANCE_MAXIMUM", None, "T1", 2, "PLAI"), "table")
    erreur(appel("REDEVANCE_MAXIMUM", TABLE, "T1", None, "PLAI"), "zone")
    assert appel("CONTROLE_REDEVANCE", 500, 480) == (
        "Dépassement de 20,00 € : redevance pratiquée 500,00 € > maximum 480,00 €")
    erreur(appel("CONTROLE_REDEVANCE", -1, 480), "pratiquee")
    erreur(appel("CONTROLE_REDEVANCE", 450, 0), "maximum")
    assert appel("PART_LOYER", 450, 80) == 370
    erreur(appel("PART_LOYER", 450, 500), "charges")
    erreur(appel("PART_LOYER", "abc", 50), "redevance")


# --- Table datée (colonne « à compter du ») ---------------------------------------------------

def test_table_datee_retient_le_maximum_en_vigueur():
    import datetime as dt
    table = [["Type", "Zone", "Prêt", "Maximum", "À compter du"],
             ["T1", "1", "PLAI", 485, dt.datetime(2024, 1, 1)],
             ["T1", "1", "PLAI", 500, dt.datetime(2025, 1, 1)],
             ["T1", "1", "PLUS", 560, 45658]]                 # 01/01/2025 en numéro de série
    assert appel("REDEVANCE_MAXIMUM", table, "T1", 1, "PLAI", dt.datetime(2024, 12, 31)) == 485
    assert appel("REDEVANCE_MAXIMUM", table, "T1", 1, "PLAI", dt.datetime(2025, 1, 1)) == 500
    assert appel("REDEVANCE_MAXIMUM", table, "T1", 1, "PLUS", "15/03/2025") == 560
    assert appel("REDEVANCE_MAXIMUM", table, "T1", 1, "PLAI", dt.datetime(2023, 12, 31)).startswith(
        "#date : aucun maximum en vigueur au 31/12/2023 pour T1 / zone 1 / PLAI (le premier date du 01/01/2024)")
    assert appel("REDEVANCE_MAXIMUM", table, "T1", 1, "PLAI").startswith("#date : requise")
    doublon = table + [["T1", "1", "PLAI", 510, dt.datetime(2025, 1, 1)]]
    assert appel("REDEVANCE_MAXIMUM", doublon, "T1", 1, "PLAI", dt.datetime(2025, 6, 1)).startswith(
        "#table : plusieurs lignes pour T1 / zone 1 / PLAI")
    illisible = table[:1] + [["T1", "1", "PLAI", 500, "bientôt"]]
    assert appel("REDEVANCE_MAXIMUM", illisible, "T1", 1, "PLAI", dt.datetime(2025, 6, 1)).startswith(
        "#table : ligne 2, colonne « à compter du » : date illisible")
