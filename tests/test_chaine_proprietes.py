"""Propriétés de la chaîne complète, des locaux à la subvention et à l'équilibre (hypothesis),
par les fonctions Excel elles-mêmes (cellules en listes de lignes, comme xlwings les passe)."""

import datetime as dt

import pytest
from hypothesis import assume, given, settings, strategies as st

from udfs.fonctions import REGISTRE

F = {nom: f.appel for nom, f in REGISTRE.items()}
AVANT, APRES = dt.datetime(2021, 6, 1), dt.datetime(2024, 6, 1)

categorie = st.sampled_from(["logement", "annexe", "privatif", "collectif", "circulation", "technique", "garage"])
ligne = st.tuples(st.integers(5, 400).map(float), categorie, st.integers(1, 30))
table = st.lists(ligne, min_size=1, max_size=25).filter(
    lambda t: sum(s * n for s, c, n in t if c in ("logement", "privatif")) > 0)


def _chaine(lignes, nl, date=AVANT):
    surfaces = [[s] for s, _, _ in lignes]
    categories = [[c] for _, c, _ in lignes]
    nombres = [[n] for _, _, n in lignes]
    su = F["SU_FOYER"](surfaces, categories, nombres)
    slc = F["SLC_FOYER"](surfaces, categories, nombres)
    cs = F["CS_FOYER"](nl, su, date)
    mq = F["MQ_FOYER"](nl, su, slc, "BBC", 1, None, True, date)
    return su, slc, cs, mq


@settings(max_examples=60, deadline=None)
@given(table, st.integers(1, 120), st.data())
def test_decouper_ou_melanger_les_lignes_ne_change_rien(lignes, nl, data):
    avant = _chaine(lignes, nl)
    i = data.draw(st.integers(0, len(lignes) - 1))
    s, c, n = lignes[i]
    if n > 1:   # une ligne de n locaux devient deux lignes (k et n − k locaux)
        k = data.draw(st.integers(1, n - 1))
        decoupees = lignes[:i] + [(s, c, k), (s, c, n - k)] + lignes[i + 1:]
    else:       # une surface devient deux surfaces
        decoupees = lignes[:i] + [(s / 2, c, 1), (s / 2, c, 1)] + lignes[i + 1:]
    melangees = data.draw(st.permutations(decoupees))
    apres = _chaine(melangees, nl)
    assert apres[0] == pytest.approx(avant[0], rel=1e-12)
    assert apres[1] == pytest.approx(avant[1], rel=1e-12)
    assert apres[2] == pytest.approx(avant[2], rel=1e-12)
    assert apres[3] == avant[3]          # MQ arrondie à 4 décimales : identique


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 120), st.floats(10, 60), st.floats(1, 300), st.floats(0, 40), st.floats(500, 2500))
def test_subvention_croissante_avec_la_surface_a_nl_fixe(nl, su_moyenne, delta, slc_moyenne, vb):
    """Régime de l'assiette, MQ et CS recalculés : plus de surface utile, jamais moins de subvention
    tant que MQ ne baisse pas (la majoration SLC décroît avec SU, on la neutralise : SLC = 18 × NL)."""
    def subvention(su):
        cs = F["CS_FOYER"](nl, su, AVANT)
        mq = F["MQ_FOYER"](nl, su, 18 * nl, None, None, None, False, AVANT)
        assiette = F["ASSIETTE_SUBVENTION"](vb, cs, su, mq, 0, 0, 0, nl, AVANT)
        return F["SUBVENTION_PLAI"](AVANT, nl, assiette, 0.2, None)
    su = nl * su_moyenne
    assert subvention(su) <= subvention(su + delta) + 0.01


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 300), st.floats(1, 120_000), st.booleans(), st.floats(0, 30_000))
def test_subvention_forfaitaire_jamais_au_dessus_du_plafond(nl, forfait, adapte, derogation):
    plafond = F["PLAFOND_SUBVENTION"](APRES, adapte, derogation)
    resultat = F["SUBVENTION_PLAI"](APRES, nl, None, None, forfait, adapte, derogation)
    if isinstance(plafond, str):
        assert plafond.startswith("#derogation_par_logement") and resultat.startswith("#derogation_par_logement")
    elif forfait > plafond:
        assert resultat.startswith("#forfait_par_logement")
    else:
        assert resultat <= nl * plafond + 0.005


montant = st.floats(0, 500_000).map(lambda x: round(x, 2))


@settings(max_examples=80, deadline=None)
@given(montant, montant, montant, montant, montant, st.floats(0, 0.3), montant, montant, montant, montant)
def test_valeurs_d_equilibre_equilibrent(annuites, tfpb, pgr, frais, assurance, vacance,
                                         prestations, subventions, siege, personnel):
    loyer = F["LOYER_EQUILIBRE_BAILLEUR"](annuites, tfpb, pgr, frais, assurance)
    assert abs(F["BILAN_BAILLEUR"](loyer, annuites, tfpb, pgr, frais, assurance)) < 0.01
    redevances = F["REDEVANCE_EQUILIBRE"](prestations, subventions, loyer, siege, personnel, 0, 0, vacance)
    resultat = F["BILAN_GESTIONNAIRE"](redevances, prestations, subventions, loyer, siege, personnel, 0, 0, vacance)
    if redevances > 0:
        assert abs(resultat) < 0.01
    else:       # les autres recettes suffisent déjà
        assert resultat >= -0.01
    assert F["EQUILIBRE_OPERATION"](0, max(resultat, 0)) == "Équilibrée"
