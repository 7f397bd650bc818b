"""SU et SLC d'un foyer à partir d'une table de locaux (R. 331-10 ; arrêté du 17/10/2011, art. 11 II)."""

import math

import pytest
from hypothesis import given, strategies as st

from udfs.fonctions import REGISTRE
from udfs.regles import surfaces
from udfs.regles.surfaces import Local

SU_FOYER = REGISTRE["SU_FOYER"].appel
SLC_FOYER = REGISTRE["SLC_FOYER"].appel
NATURE_SURFACE = REGISTRE["NATURE_SURFACE"].appel


def col(*xs):
    return [[x] for x in xs]


# Une petite pension de famille, calculée à la main :
# SU = 18 × 20 (studios) + 2 × 30 (T1 bis) + ½ × 8 × 4 (celliers) + 12 (salle d'eau partagée par 2)
#    = 360 + 60 + 16 + 12 = 448 m²
# SLC = 60 (salle commune) + 45 (circulations) = 105 m² ; bureau, local ménage, chaufferie, garage : exclus.
TABLE = (col(20, 30, 8, 12, 60, 45, 14, 6, 10, 15),
         col("Logement", "logement", "Annexe", "privatif", "Collectif", "circulation",
             "administratif", "entretien", "technique", "garage"),
         col(18, 2, 4, 1, 1, 1, 1, 1, 1, 1))


def test_table_calculee_a_la_main():
    assert SU_FOYER(*TABLE) == 448
    assert SLC_FOYER(*TABLE) == 105


def test_nombres_facultatifs_et_plage_en_ligne():
    assert SU_FOYER([[20, 10, 30]], [["logement", "annexe", "collectif"]]) == 25
    assert SU_FOYER([[20, 10, 30]], [["logement", "annexe", "collectif"]], [[None]]) == 25
    assert SLC_FOYER(col(20, 10, 30), col("logement", "annexe", "collectif")) == 30


def test_lignes_vides_ignorees():
    assert SU_FOYER(col(20, None, 10), col("logement", None, "annexe")) == 25


def test_casse_accents_pluriel():
    assert SU_FOYER(col(10, 10), col("LOGEMENTS", " Annexes ")) == 15
    assert SLC_FOYER(col(10, 10), col("Circulations", "collectifs")) == 20
    assert SU_FOYER(col(10), col("Exclue")) == 0


@pytest.mark.parametrize("categorie,nature", [
    ("logement", "SU"), ("annexe", "SU 50 %"), ("privatif", "SU"), ("collectif", "SLC"),
    ("circulation", "SLC"), ("technique", "Exclue"), ("administratif", "Exclue"),
    ("entretien", "Exclue"), ("garage", "Exclue"), ("exclu", "Exclue"), ("Collectif", "SLC"),
])
def test_nature_surface(categorie, nature):
    assert NATURE_SURFACE(categorie) == nature


@pytest.mark.parametrize("args,attendu", [
    ((col(20, 10), col("logement", "cuisine")), "#categories : ligne 2 : catégorie « cuisine » inconnue"),
    ((col(20, -10), col("logement", "annexe")), "#surfaces : ligne 2 : doit être supérieur ou égal à 0"),
    ((col(20, 10), col("logement", None)), "#categories : ligne 2 : catégorie manquante"),
    ((col(20, "vingt"), col("logement", "annexe")), "#surfaces : ligne 2 : texte « vingt »"),
    ((col(20, 10), col("logement", "annexe"), col(1, -2)), "#nombres : ligne 2 : doit être supérieur ou égal à 0"),
    ((col(20, 10), col("logement", "annexe"), col(1, 1.5)), "#nombres : ligne 2 : doit être un nombre entier"),
    ((col(20, 10), col("logement")), "#plages : tailles différentes (surfaces : 2, categories : 1"),
    (([[20, 10], [5, 5]], col("logement", "annexe")), "#surfaces : une seule ligne ou colonne attendue"),
    ((col(20, "#N/A"), col("logement", "annexe")), "#surfaces : ligne 2 : la cellule source est en erreur (#N/A)"),
])
def test_erreurs_nomment_le_champ_et_la_ligne(args, attendu):
    assert SU_FOYER(*args).startswith(attendu)
    assert SLC_FOYER(*args).startswith(attendu)


def test_nature_surface_inconnue():
    assert NATURE_SURFACE("cuisine").startswith("#categorie : catégorie « cuisine » inconnue")


# --- Propriétés -------------------------------------------------------------------------------

categories = st.sampled_from(sorted(surfaces.CATEGORIES))
surfaces_m2 = st.floats(min_value=0, max_value=500, allow_nan=False).map(lambda x: round(x, 2))
lignes = st.lists(st.tuples(surfaces_m2, categories, st.integers(0, 20)), min_size=1, max_size=30)


@given(lignes, st.data())
def test_decouper_une_ligne_ne_change_ni_su_ni_slc(table, data):
    i = data.draw(st.integers(0, len(table) - 1))
    surface, cat, nb = table[i]
    part = data.draw(st.floats(0, 1)) * surface
    decoupee = table[:i] + [(part, cat, nb), (surface - part, cat, nb)] + table[i + 1:]
    avant = surfaces.su_slc(Local(*l) for l in table)
    apres = surfaces.su_slc(Local(*l) for l in decoupee)
    assert apres == pytest.approx(avant, rel=1e-12, abs=1e-9)


@given(lignes, st.randoms())
def test_l_ordre_des_lignes_ne_change_rien(table, hasard):
    melangee = list(table)
    hasard.shuffle(melangee)
    assert surfaces.su_slc(Local(*l) for l in melangee) == surfaces.su_slc(Local(*l) for l in table)


@given(lignes)
def test_su_plus_slc_au_plus_la_surface_totale(table):
    su, slc = surfaces.su_slc(Local(*l) for l in table)
    total = math.fsum(s * n for s, _, n in table)
    assert 0 <= su and 0 <= slc and su + slc <= total + 1e-9
