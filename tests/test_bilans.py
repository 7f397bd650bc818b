"""Bilans du propriétaire et du gestionnaire, équilibre, valeurs d'équilibre, projection."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from udfs.erreurs import ErreurSaisie
from udfs.fonctions import REGISTRE
from udfs.regles import bilans as b
from udfs.regles.financement import annuite
from tests.outils.udf import appel, erreur


# Exemple : charges du gestionnaire = 100 000 + 30 000 + 60 000 + 10 000 + 20 000 = 220 000 €
GESTIONNAIRE = dict(prestations=10_000, subventions_fonctionnement=20_000, loyer_immobilier=100_000,
                    frais_siege=30_000, personnel=60_000, provisions_entretien=10_000,
                    charges_recuperables=20_000)


def test_bilan_bailleur_a_la_main():
    # 100 000 − (60 000 + 10 000 + 5 000 + 3 000 + 2 000)
    assert b.bilan_bailleur(100_000, 60_000, 10_000, 5_000, 3_000, 2_000) == 20_000
    assert b.bilan_bailleur(70_000, 60_000, 10_000, 5_000, 3_000, 2_000) == -10_000
    with pytest.raises(ErreurSaisie) as e:
        b.bilan_bailleur(100_000, 60_000, -1, 5_000, 3_000, 2_000)
    assert e.value.champ == "tfpb"


def test_bilan_gestionnaire_a_la_main():
    # 210 000 × 0,95 + 10 000 + 20 000 − 220 000 = 9 500
    assert b.bilan_gestionnaire(210_000, **GESTIONNAIRE, taux_vacance=0.05) == pytest.approx(9_500)
    # sans vacance : 210 000 + 30 000 − 220 000
    assert b.bilan_gestionnaire(210_000, **GESTIONNAIRE) == pytest.approx(20_000)
    with pytest.raises(ErreurSaisie) as e:
        b.bilan_gestionnaire(210_000, **GESTIONNAIRE, taux_vacance=1)
    assert e.value.champ == "taux_vacance"
    with pytest.raises(ErreurSaisie) as e:
        b.bilan_gestionnaire(210_000, **{**GESTIONNAIRE, "personnel": -5})
    assert e.value.champ == "personnel"


def test_equilibre_texte():
    assert b.equilibre(0, 0) == "Équilibrée"
    assert b.equilibre(100, -0.004) == "Équilibrée"          # nul au centime près
    assert b.equilibre(-1234.56, 5) == "Déséquilibrée : bailleur en déficit de 1 234,56 €"
    assert b.equilibre(5, -0.5) == "Déséquilibrée : gestionnaire en déficit de 0,50 €"
    assert b.equilibre(-1234.56, -1_000_000) == (
        "Déséquilibrée : bailleur en déficit de 1 234,56 € ; gestionnaire en déficit de 1 000 000,00 €")


def test_loyer_equilibre_bailleur():
    loyer = b.loyer_equilibre_bailleur(60_000, 10_000, 5_000, 3_000, 2_000)
    assert loyer == 80_000
    assert b.bilan_bailleur(loyer, 60_000, 10_000, 5_000, 3_000, 2_000) == 0


def test_redevance_equilibre_gestionnaire():
    # (220 000 − 10 000 − 20 000) / 0,95 = 200 000
    r = b.redevance_equilibre_gestionnaire(**GESTIONNAIRE, taux_vacance=0.05)
    assert r == pytest.approx(200_000)
    assert b.bilan_gestionnaire(r, **GESTIONNAIRE, taux_vacance=0.05) == pytest.approx(0, abs=0.01)
    # subventions qui couvrent tout : aucune redevance nécessaire, jamais négative
    assert b.redevance_equilibre_gestionnaire(**{**GESTIONNAIRE, "subventions_fonctionnement": 500_000}) == 0


def test_subvention_complementaire():
    # taux nul : 1 000 €/an × 40 ans
    assert b.subvention_complementaire_equilibre(1000, 0, 40) == pytest.approx(40_000)
    # 1,30 % sur 40 ans : 1 000 / 0,0322193790 = 31 037,22
    s = b.subvention_complementaire_equilibre(1000, 0.013, 40)
    assert s == pytest.approx(31_037.22, abs=0.005)
    assert annuite(s, 0.013, 40) == pytest.approx(1000, abs=0.01)
    assert b.subvention_complementaire_equilibre(0, 0.013, 40) == 0
    assert b.subvention_complementaire_equilibre(-500, 0.013, 40) == 0
    with pytest.raises(ErreurSaisie) as e:
        b.subvention_complementaire_equilibre(-500, 0.013, 0)
    assert e.value.champ == "duree"


# --- Projection ----------------------------------------------------------------------------------

PROJ = (100_000, 60_000, 20_000, 300_000, 190_000, 0.01, 0.02)


def test_projection_a_la_main():
    lignes = b.projection(*PROJ)
    assert len(lignes) == 40
    assert (lignes[0].resultat_bailleur, lignes[0].resultat_gestionnaire) == (20_000, 10_000)
    # année 2 : 101 000 − 60 000 − 20 400 ; 303 000 − 101 000 − 193 800
    assert lignes[1].resultat_bailleur == pytest.approx(20_600)
    assert lignes[1].resultat_gestionnaire == pytest.approx(8_200)
    # gestionnaire : 200 000 × 1,01^5 − 190 000 × 1,02^5 = +426,66 ; année 7 : −1 666,83
    assert lignes[5].resultat_gestionnaire == pytest.approx(426.66, abs=0.01)
    assert lignes[6].resultat_gestionnaire == pytest.approx(-1666.83, abs=0.01)
    assert b.premiere_annee_negative(lignes) == 7
    assert b.premiere_annee_negative(lignes, "gestionnaire") == 7
    # bailleur : 100 000 × 1,01^(k−1) − 60 000 − 20 000 × 1,02^(k−1) ne devient jamais négatif
    assert b.premiere_annee_negative(lignes, "bailleur") is None


def test_projection_tfpb_et_fin_des_annuites():
    lignes = b.projection(80_000, 60_000, 10_000, 200_000, 100_000, 0, 0, 50, duree_pret=40,
                          tfpb=15_000, exoneration_tfpb=25)
    assert len(lignes) == 50
    assert lignes[24].resultat_bailleur == 10_000          # année 25 : exonérée
    assert lignes[25].resultat_bailleur == -5_000          # année 26 : TFPB due
    assert lignes[40].resultat_bailleur == 55_000          # année 41 : prêt remboursé
    assert b.premiere_annee_negative(lignes, "bailleur") == 26


def test_projection_annuites_progressives():
    lignes = b.projection(100_000, 50_000, 0, 100_000, 0, 0, 0, progressivite=0.01)
    assert lignes[1].resultat_bailleur == pytest.approx(100_000 - 50_500)


def test_projection_erreurs():
    for kwargs, champ in [({"duree": 39}, "duree"), ({"duree_pret": 0}, "duree_pret"),
                          ({"exoneration_tfpb": -1}, "exoneration_tfpb"), ({"tfpb": -1}, "tfpb")]:
        with pytest.raises(ErreurSaisie) as e:
            b.projection(*PROJ, **kwargs)
        assert e.value.champ == champ
    with pytest.raises(ErreurSaisie) as e:
        b.projection(100, 1, 1, 1, 1, -1, 0)
    assert e.value.champ == "indexation_recettes"
    with pytest.raises(ErreurSaisie) as e:
        b.premiere_annee_negative([], "autre")
    assert e.value.champ == "bilan"


# --- Fonctions Excel -----------------------------------------------------------------------------

def test_udf_bilans():
    assert appel("BILAN_BAILLEUR", 100_000, 60_000, 10_000, 5_000, 3_000, 2_000) == 20_000
    erreur(appel("BILAN_BAILLEUR", -1, 60_000, 10_000, 5_000, 3_000, 2_000), "loyer_immobilier")
    erreur(appel("BILAN_BAILLEUR", 100_000, 60_000, 10_000, None, 3_000, 2_000), "pgr")
    args = (210_000, 10_000, 20_000, 100_000, 30_000, 60_000, 10_000, 20_000)
    assert appel("BILAN_GESTIONNAIRE", *args, 0.05) == pytest.approx(9_500)
    assert appel("BILAN_GESTIONNAIRE", *args, None) == pytest.approx(20_000)
    assert appel("BILAN_GESTIONNAIRE", *args) == pytest.approx(20_000)
    erreur(appel("BILAN_GESTIONNAIRE", *args, 1), "taux_vacance")
    erreur(appel("BILAN_GESTIONNAIRE", *args[:5], -60_000, *args[6:]), "personnel")


def test_udf_equilibre():
    assert appel("EQUILIBRE_OPERATION", 100, 0) == "Équilibrée"
    assert appel("EQUILIBRE_OPERATION", -1234.56, -2) == (
        "Déséquilibrée : bailleur en déficit de 1 234,56 € ; gestionnaire en déficit de 2,00 €")
    erreur(appel("EQUILIBRE_OPERATION", "abc", 0), "resultat_bailleur")
    erreur(appel("EQUILIBRE_OPERATION", 0, None), "resultat_gestionnaire")


def test_udf_valeurs_d_equilibre():
    assert appel("LOYER_EQUILIBRE_BAILLEUR", 60_000, 10_000, 5_000, 3_000, 2_000) == 80_000
    erreur(appel("LOYER_EQUILIBRE_BAILLEUR", 60_000, 10_000, 5_000, 3_000, -2_000), "assurance")
    args = (10_000, 20_000, 100_000, 30_000, 60_000, 10_000, 20_000)
    assert appel("REDEVANCE_EQUILIBRE", *args, 0.05) == pytest.approx(200_000)
    assert appel("REDEVANCE_EQUILIBRE", *args) == pytest.approx(190_000)
    erreur(appel("REDEVANCE_EQUILIBRE", *args, -0.05), "taux_vacance")
    assert appel("SUBVENTION_EQUILIBRE", 1000, 0.013, 40) == pytest.approx(31_037.22, abs=0.005)
    assert appel("SUBVENTION_EQUILIBRE", -1000, 0.013, 40) == 0
    erreur(appel("SUBVENTION_EQUILIBRE", 1000, 1.3, 40), "taux")
    erreur(appel("SUBVENTION_EQUILIBRE", 1000, 0.013, 0), "duree")


def test_udf_projection():
    t = appel("PROJECTION_BILANS", *PROJ)
    assert t[0] == ["Année", "Résultat bailleur", "Résultat gestionnaire"]
    assert len(t) == 41
    assert t[1] == [1, 20_000, 10_000]
    assert t[7][2] == pytest.approx(-1666.83, abs=0.01)
    assert len(appel("PROJECTION_BILANS", *PROJ, 60)) == 61
    erreur(appel("PROJECTION_BILANS", *PROJ, 30), "duree")
    erreur(appel("PROJECTION_BILANS", *PROJ[:5], 2, 0.02), "indexation_recettes")   # 2 pour 2 %
    assert appel("PREMIERE_ANNEE_NEGATIVE", *PROJ) == 7
    assert appel("PREMIERE_ANNEE_NEGATIVE", *PROJ, None, None, None, None, None, "bailleur") == "Aucune sur 40 ans"
    erreur(appel("PREMIERE_ANNEE_NEGATIVE", *PROJ, None, None, None, None, None, "tous les trois"), "bilan")
    # exonération de TFPB de 25 ans puis 15 000 € : bailleur négatif l'année 26
    assert appel("PREMIERE_ANNEE_NEGATIVE", 80_000, 60_000, 10_000, 200_000, 100_000, 0, 0,
                 50, None, 40, 15_000, 25, "propriétaire") == 26


# --- Propriétés ------------------------------------------------------------------------------

montants = st.floats(min_value=0, max_value=1e7)


@settings(max_examples=200, deadline=None)
@given(montants, montants, montants, montants, montants)
def test_le_loyer_d_equilibre_annule_le_bilan_bailleur(a, t, p, g, s):
    loyer = b.loyer_equilibre_bailleur(a, t, p, g, s)
    assert b.bilan_bailleur(loyer, a, t, p, g, s) == pytest.approx(0, abs=0.01)


@settings(max_examples=200, deadline=None)
@given(montants, montants, montants, montants, montants, montants, montants,
       st.floats(min_value=0, max_value=0.5))
def test_la_redevance_d_equilibre_annule_le_bilan_gestionnaire(pr, sub, loyer, siege, pers, prov, ch, vac):
    r = b.redevance_equilibre_gestionnaire(pr, sub, loyer, siege, pers, prov, ch, vac)
    assert r >= 0
    resultat = b.bilan_gestionnaire(r, pr, sub, loyer, siege, pers, prov, ch, vac)
    if r > 0:
        assert resultat == pytest.approx(0, abs=0.01)
    else:   # les autres recettes suffisent : excédent
        assert resultat >= -0.01


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0.01, max_value=1e6), st.floats(min_value=0, max_value=0.1),
       st.integers(min_value=1, max_value=80))
def test_la_subvention_d_equilibre_resorbe_le_deficit(deficit, taux, duree):
    s = b.subvention_complementaire_equilibre(deficit, taux, duree)
    assert s > 0
    assert annuite(s, taux, duree) == pytest.approx(deficit, abs=0.01)


@settings(max_examples=100, deadline=None)
@given(montants, montants, montants, montants, montants)
def test_equilibre_coherent_avec_les_signes(loyer, a, t, p, g):
    rb = b.bilan_bailleur(loyer, a, t, p, g, 0)
    texte = b.equilibre(rb, 0)
    assert (texte == "Équilibrée") == (rb >= -0.005)
