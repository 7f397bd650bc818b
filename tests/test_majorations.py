"""MQ des logements-foyers (arrêté du 17 octobre 2011, chapitre IV), cas calculés à la main."""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from udfs.fonctions import REGISTRE
from udfs.regles.majorations import mq_foyer

MQ_FOYER = REGISTRE["MQ_FOYER"].appel
D = dt.date(2021, 6, 1)


def test_exemple_8_2():
    # CS = 2,1 ; terme SLC = 0,77 × (900 − 720) / (2,1 × 880) = 138,6 / 1 848 = 0,075 exactement
    # (le calcul flottant donne 0,07500000000000001 : l'arrondi supérieur ne doit pas donner 0,0751)
    d = mq_foyer(40, 880, 900, D)
    assert (d.slc, d.taille, d.total) == (0.0750, 0.0180, 0.0930)
    assert not d.formule_petits_logements
    assert MQ_FOYER(40, 880, 900) == 0.093


def test_petits_logements():
    # SU moyenne 19 m² < 20 : (700 − 1,5 × 760 + 40 × 12) / (2,9 × 760) = 40 / 2 204 = 0,018148… → 0,0182
    d = mq_foyer(40, 760, 700, D)
    assert d.formule_petits_logements and d.slc == 0.0182
    assert d.total == 0.0362
    # hors résidence sociale : formule générale 0,77 × (700 − 720) / (2,31 × 760) = −0,00877… → −0,0087
    d = mq_foyer(40, 760, 700, D, residence_sociale=False)
    assert not d.formule_petits_logements and d.slc == -0.0087


def test_arrondi_par_valeur_superieure():
    # 0,77 × (1 000 − 720) / (2,1 × 880) = 215,6 / 1 848 = 0,116666… → 0,1167
    assert mq_foyer(40, 880, 1000, D).slc == 0.1167


def test_taille_plafonnee_a_100_logements():
    # 0,03 − 100 × 0,0003 = 0 ; au-delà de 100, NLp reste 100
    assert mq_foyer(100, 2200, 1800, D).taille == 0
    assert mq_foyer(150, 3300, 2700, D).taille == 0
    assert mq_foyer(10, 220, 180, D).taille == 0.027


def test_labels_ascenseur_accessibilite():
    base = mq_foyer(40, 880, 720, D)          # terme SLC nul : 0,77 × 0 / … = 0
    assert base.slc == 0 and base.total == 0.018
    assert mq_foyer(40, 880, 720, D, label="BBC").total == 0.118
    assert mq_foyer(40, 880, 720, D, label="BBC + Qualitel").label == 0.18
    assert mq_foyer(40, 880, 720, D, label="BBC rénovation").label == 0.20
    assert mq_foyer(40, 880, 720, D, ascenseur=2).ascenseur == 0.05
    assert mq_foyer(40, 880, 720, D, part_accessibilite=0.03).accessibilite == 0.03
    assert mq_foyer(40, 880, 720, D, part_accessibilite=0.10).accessibilite == 0.04


def test_bornes_residence_sociale():
    # 0,075 + 0,018 + 0,18 (BBC + Qualitel) = 0,273 → 0,18 pour une résidence sociale
    d = mq_foyer(40, 880, 900, D, label="BBC+Qualitel")
    assert d.somme == 0.273 and d.total == 0.18
    assert mq_foyer(40, 880, 900, D, label="BBC+Qualitel", residence_sociale=False).total == 0.273
    # SLC très faible : 0,77 × (100 − 720) / 1 848 = −0,2583 ; somme négative → 0
    assert mq_foyer(40, 880, 100, D).total == 0


def test_udf_arguments_facultatifs():
    assert MQ_FOYER(40, 880, 900, "BBC", "type 1", 0.02) == 0.18          # 0,093 + 0,10 + 0,04 + 0,02
    assert MQ_FOYER(40, 880, 900, None, 3, None, False) == pytest.approx(0.153)
    assert MQ_FOYER(40, 880, 900, "oui").startswith("#label : label « oui » inconnu")
    assert MQ_FOYER(40, 880, 900, None, 4).startswith("#ascenseur : « 4 » inconnu")
    assert MQ_FOYER(40, 880, 900, None, None, 1.5).startswith("#part_accessibilite : doit être inférieur")
    assert MQ_FOYER(0, 880, 900).startswith("#nl : doit être strictement positif")
    assert MQ_FOYER(40, 880, -1).startswith("#slc : doit être supérieur ou égal à 0")


def test_avant_l_arrete_de_2011_le_parametre_manque():
    r = MQ_FOYER(40, 880, 900, None, None, None, None, dt.datetime(2010, 5, 1))
    assert r.startswith("#mq_foyer : aucune valeur sourcée avant le 01/01/2012")


@given(nl=st.integers(1, 400), su_moyenne=st.floats(9, 80), slc_par_logement=st.floats(0, 60),
       label=st.sampled_from([None, "BBC", "Qualitel", "BBC + Qualitel", "BBC rénovation"]),
       ascenseur=st.integers(0, 3), acces=st.floats(0, 1))
def test_mq_residence_sociale_toujours_dans_0_0_18(nl, su_moyenne, slc_par_logement, label, ascenseur, acces):
    d = mq_foyer(nl, nl * su_moyenne, nl * slc_par_logement, D, label=label, ascenseur=ascenseur,
                 part_accessibilite=acces)
    assert 0 <= d.total <= 0.18
    assert round(d.total, 4) == d.total
