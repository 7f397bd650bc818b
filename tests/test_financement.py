"""Prêts CDC : taux indexés sur le Livret A, annuités, tableau d'amortissement, plan de financement."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from udfs.erreurs import ErreurSaisie, ParametreManquant
from udfs.fonctions import REGISTRE
from udfs.regles import financement as f
from tests.outils.udf import appel, erreur


# --- Taux ----------------------------------------------------------------------------------------

# (date, taux du Livret A attendu) de part et d'autre de chaque révision (reglementation.md § 6)
LIVRET_A = [
    (dt.date(2015, 8, 1), 0.0075), (dt.date(2020, 1, 31), 0.0075),
    (dt.date(2020, 2, 1), 0.005), (dt.date(2022, 1, 31), 0.005),
    (dt.date(2022, 2, 1), 0.01), (dt.date(2022, 7, 31), 0.01),
    (dt.date(2022, 8, 1), 0.02), (dt.date(2023, 1, 31), 0.02),
    (dt.date(2023, 2, 1), 0.03), (dt.date(2025, 1, 31), 0.03),
    (dt.date(2025, 2, 1), 0.024), (dt.date(2025, 7, 31), 0.024),
    (dt.date(2025, 8, 1), 0.017), (dt.date(2026, 1, 31), 0.017),
    (dt.date(2026, 2, 1), 0.015), (dt.date(2026, 7, 31), 0.015),
]


@pytest.mark.parametrize("date,livret_a", LIVRET_A)
def test_taux_plai_et_plus_de_part_et_d_autre_de_chaque_revision(date, livret_a):
    assert f.taux_pret("PLAI", date) == pytest.approx(livret_a - 0.002, abs=1e-12)
    assert f.taux_pret("PLUS", date) == pytest.approx(livret_a + 0.006, abs=1e-12)


def test_taux_calcules_a_la_main():
    assert f.taux_pret("PLAI", dt.date(2025, 7, 31)) == 0.022
    assert f.taux_pret("PLAI", dt.date(2025, 8, 1)) == 0.015
    assert f.taux_pret("PLUS", dt.date(2025, 8, 1)) == 0.023
    assert f.taux_pret("PLAI", dt.date(2026, 2, 1)) == 0.013       # pas 0,013000000000000001
    assert f.taux_pret("PLUS", dt.date(2023, 2, 1)) == 0.036
    assert f.taux_pret("PLAI", dt.date(2020, 2, 1)) == 0.003


def test_taux_hors_periode_connue_demande_a_l_utilisateur():
    with pytest.raises(ParametreManquant) as e:
        f.taux_pret("PLAI", dt.date(2015, 7, 31))
    assert e.value.champ == "livret_a"
    with pytest.raises(ParametreManquant) as e:   # révision du 1er août 2026 inconnue
        f.taux_pret("PLUS", dt.date(2026, 8, 1))
    assert "à fournir" in e.value.raison
    with pytest.raises(ErreurSaisie) as e:
        f.taux_pret("PLS", dt.date(2025, 1, 1))
    assert e.value.champ == "produit"


def test_udf_taux_pret():
    assert appel("TAUX_PRET", "PLAI", dt.datetime(2025, 7, 31)) == 0.022
    assert appel("TAUX_PRET", "plus", "01/08/2025") == 0.023
    assert appel("TAUX_PRET", "PLAI adapté", dt.datetime(2026, 3, 1)) == 0.013
    erreur(appel("TAUX_PRET", "PLS", dt.datetime(2026, 3, 1)), "produit")
    erreur(appel("TAUX_PRET", "PLAI", None), "date")
    erreur(appel("TAUX_PRET", "PLAI", dt.datetime(2026, 9, 1)), "livret_a")


# --- Annuités ------------------------------------------------------------------------------------

def test_annuites_calculees_a_la_main():
    # 1 000 000 € à 1,30 % sur 40 ans
    assert f.annuite(1_000_000, 0.013, 40) == pytest.approx(32219.38, abs=0.005)
    assert f.annuite(1_000_000, 0.013, 40, 0.005) == pytest.approx(29435.95, abs=0.005)
    # 1 000 € à 10 % sur 2 ans : 100 / (1 − 1,1^−2) = 576,19
    assert f.annuite(1000, 0.10, 2) == pytest.approx(576.19, abs=0.005)
    # taux nul : K / n ; progressivité égale au taux : K (1 + t) / n
    assert f.annuite(1200, 0, 12) == 100
    assert f.annuite(1000, 0.02, 4, 0.02) == pytest.approx(255)
    assert f.annuite(0, 0.013, 40) == 0


def test_annuite_erreurs():
    for args, champ in [((-1, 0.01, 10), "capital"), ((1000, -1, 10), "taux"),
                        ((1000, 0.01, 0), "duree"), ((1000, 0.01, 2.5), "duree"),
                        ((1000, 0.01, 10, -1), "progressivite")]:
        with pytest.raises(ErreurSaisie) as e:
            f.annuite(*args)
        assert e.value.champ == champ


def test_udf_annuite_pret():
    assert appel("ANNUITE_PRET", 1_000_000, 0.013, 40) == pytest.approx(32219.38, abs=0.005)
    assert appel("ANNUITE_PRET", 1_000_000, 0.013, 40, 0.005) == pytest.approx(29435.95, abs=0.005)
    assert appel("ANNUITE_PRET", 1_000_000, 0.013, 40, None) == pytest.approx(32219.38, abs=0.005)
    erreur(appel("ANNUITE_PRET", -5, 0.013, 40), "capital")
    erreur(appel("ANNUITE_PRET", 1000, 1.3, 40), "taux")          # 1,3 saisi pour 1,30 %
    erreur(appel("ANNUITE_PRET", 1000, 0.013, 0), "duree")
    erreur(appel("ANNUITE_PRET", 1000, 0.013, 40.5), "duree")
    erreur(appel("ANNUITE_PRET", 1000, 0.013, 40, "abc"), "progressivite")


# --- Tableau d'amortissement -----------------------------------------------------------------

def test_tableau_calcule_a_la_main():
    l1, l2 = f.tableau_amortissement(1000, 0.10, 2)
    assert (l1.annee, l2.annee) == (1, 2)
    assert l1.interets == pytest.approx(100)
    assert l1.amortissement == pytest.approx(476.19, abs=0.005)
    assert l1.capital_restant_du == pytest.approx(523.81, abs=0.005)
    assert l2.interets == pytest.approx(52.38, abs=0.005)
    assert l2.annuite == pytest.approx(576.19, abs=0.005)
    assert l2.capital_restant_du == 0


@pytest.mark.parametrize("progressivite", [0, 0.005, -0.005, 0.013])
def test_tableau_sommes(progressivite):
    lignes = f.tableau_amortissement(1_000_000, 0.013, 40, progressivite)
    assert len(lignes) == 40
    assert sum(l.amortissement for l in lignes) == pytest.approx(1_000_000, abs=0.01)
    assert lignes[-1].capital_restant_du == 0
    assert sum(l.annuite for l in lignes) == pytest.approx(
        1_000_000 + sum(l.interets for l in lignes), abs=0.01)
    assert lignes[0].annuite == pytest.approx(f.annuite(1_000_000, 0.013, 40, progressivite))
    assert lignes[1].annuite == pytest.approx(lignes[0].annuite * (1 + progressivite))
    # dernière annuité : celle de la progression, à l'arrondi flottant près
    assert lignes[-1].annuite == pytest.approx(lignes[0].annuite * (1 + progressivite) ** 39, abs=0.01)


def test_udf_tableau_amortissement():
    t = appel("TABLEAU_AMORTISSEMENT", 1000, 0.10, 2)
    assert t[0] == ["Année", "Annuité", "Intérêts", "Amortissement", "Capital restant dû"]
    assert [round(x, 2) for x in t[1]] == [1, 576.19, 100, 476.19, 523.81]
    assert [round(x, 2) for x in t[2]] == [2, 576.19, 52.38, 523.81, 0]
    assert len(appel("TABLEAU_AMORTISSEMENT", 1_000_000, 0.013, 40, 0.005)) == 41
    erreur(appel("TABLEAU_AMORTISSEMENT", 1000, "abc", 2), "taux")
    erreur(appel("TABLEAU_AMORTISSEMENT", 1000, 0.1, None), "duree")


# --- Plan de financement ---------------------------------------------------------------------

def test_plan_equilibre_donne_les_parts():
    parts = f.plan_financement(1_000_000, 100_000, [150_000, 50_000], [500_000, 200_000])
    assert parts == pytest.approx({"fonds_propres": 0.10, "subventions": 0.20, "prets": 0.70})


def test_plan_desequilibre_nomme_l_ecart():
    with pytest.raises(ErreurSaisie) as e:
        f.plan_financement(1_000_000, 100_000, 150_000, 700_000)
    assert e.value.champ == "plan_financement"
    assert "écart de -50 000,00 €" in e.value.raison and "manque" in e.value.raison
    with pytest.raises(ErreurSaisie) as e:
        f.plan_financement(1_000, 100, 200, 701.5)
    assert "écart de 1,50 €" in e.value.raison and "excédent" in e.value.raison
    # dans la tolérance (1 centime par défaut)
    assert f.plan_financement(1_000, 100, 200, 700.01)["prets"] == pytest.approx(0.70001)


def test_plan_erreurs():
    with pytest.raises(ErreurSaisie) as e:
        f.plan_financement(0, 0, 0, 0)
    assert e.value.champ == "prix_revient"
    with pytest.raises(ErreurSaisie) as e:
        f.plan_financement(100, 0, [-10, 110], 0)
    assert e.value.champ == "subventions"


def test_udf_plan_financement_ecart():
    assert appel("PLAN_FINANCEMENT_ECART", 1_000_000, 100_000, [[150_000], [50_000]],
                 [[500_000], [200_000]]) == 0
    assert appel("PLAN_FINANCEMENT_ECART", 1_000_000, 100_000, [[150_000], [None]],
                 [[500_000, 200_000]]) == pytest.approx(-50_000)
    assert appel("PLAN_FINANCEMENT_ECART", 1000, 100, 200, 700.004) == 0   # arrondi au centime
    erreur(appel("PLAN_FINANCEMENT_ECART", 1000, 100, [[None], [None]], 700), "subventions")
    erreur(appel("PLAN_FINANCEMENT_ECART", 1000, 100, 200, [[-700]]), "prets")
    erreur(appel("PLAN_FINANCEMENT_ECART", 1000, 100, 200, [[1, 2], [3, 4]]), "prets")
    erreur(appel("PLAN_FINANCEMENT_ECART", 0, 100, 200, 700), "prix_revient")
    erreur(appel("PLAN_FINANCEMENT_ECART", 1000, -100, 200, 700), "fonds_propres")


# --- Propriétés ------------------------------------------------------------------------------

taux_ = st.floats(min_value=0, max_value=0.10)
progressivites = st.floats(min_value=-0.01, max_value=0.02)
durees = st.integers(min_value=1, max_value=80)
capitaux = st.floats(min_value=1, max_value=1e8)


@settings(max_examples=200, deadline=None)
@given(capitaux, taux_, durees, progressivites)
def test_les_echeances_actualisees_remboursent_le_capital(capital, taux, duree, p):
    a1 = f.annuite(capital, taux, duree, p)
    assert a1 > 0
    valeur_actuelle = sum(a1 * (1 + p) ** (k - 1) / (1 + taux) ** k for k in range(1, duree + 1))
    assert valeur_actuelle == pytest.approx(capital, rel=1e-9)


@settings(max_examples=200, deadline=None)
@given(capitaux, taux_, durees)
def test_annuite_constante_couvre_au_moins_le_capital(capital, taux, duree):
    a = f.annuite(capital, taux, duree)
    assert a * duree >= capital * (1 - 1e-12)
    assert a >= capital * taux * (1 - 1e-12)


@settings(max_examples=200, deadline=None)
@given(capitaux, taux_, st.integers(min_value=2, max_value=80), st.floats(min_value=1e-4, max_value=0.02))
def test_premiere_annuite_progressive_inferieure_a_la_constante(capital, taux, duree, p):
    assert f.annuite(capital, taux, duree, p) < f.annuite(capital, taux, duree)


@settings(max_examples=100, deadline=None)
@given(capitaux, taux_, durees, progressivites)
def test_tableau_solde_le_capital(capital, taux, duree, p):
    lignes = f.tableau_amortissement(capital, taux, duree, p)
    assert sum(l.amortissement for l in lignes) == pytest.approx(capital, rel=1e-9)
    assert lignes[-1].capital_restant_du == 0


@settings(max_examples=200, deadline=None)
@given(capitaux, taux_, durees, progressivites)
def test_capital_finance_inverse_l_annuite(capital, taux, duree, p):
    assert f.capital_finance(f.annuite(capital, taux, duree, p), taux, duree, p) == pytest.approx(capital, rel=1e-9)
