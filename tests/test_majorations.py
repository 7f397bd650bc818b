"""MQ des logements-foyers (arrêté du 17 octobre 2011, chapitre IV), cas calculés à la main."""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from udfs.fonctions import REGISTRE
from udfs.regles.majorations import DEDUIT, NUL, mq_foyer

MQ_FOYER = REGISTRE["MQ_FOYER"].appel
CS_FOYER = REGISTRE["CS_FOYER"].appel
ASSIETTE = REGISTRE["ASSIETTE_SUBVENTION"].appel
D = dt.date(2021, 6, 1)
NEUF, AA, VEFA = "neuf", "acquisition-amélioration", "VEFA"


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


# --- 1. Trois comptes de logements : un FJT à chambres groupées --------------------------------
# 24 studios de 20 m² à accès individuel + 6 unités de vie de 5 chambres de 12 m², chaque unité
# ayant un seul accès aux circulations et une cuisine-séjour de 30 m² réservée à ses 5 résidents
# (imputée à la SU, art. 11 II). SU = 480 + 360 + 180 = 1 020 m² ; SLC = 900 m².
# - NL du CS (art. 2 bis, chaque logement ou chambre) = 24 + 30 = 54
#   CS = 0,77 × (1 + 54 × 38 / 1 020) = 0,77 × 3 072 / 1 020 = 2 365,44 / 1 020 = 2,319058…
# - NL du terme SLC (art. 11 II, un groupe à accès commun compte pour un) = 24 + 6 = 30
#   SU moyenne 1 020 / 30 = 34 m² ≥ 20 : formule générale
#   0,77 × (900 − 30 × 18) / (CS × 1 020) = 277,2 / 2 365,44 = 0,1171875 → 0,1172
# - NLp (art. 12 II, logements et chambres de la décision) = 54 : 0,03 − 54 × 0,0003 = 0,0138
#   MQ = 0,1172 + 0,0138 = 0,1310
FJT = dict(nl=54, su=1020, slc=900)


def test_fjt_chambres_groupees_trois_comptes():
    d = mq_foyer(FJT["nl"], FJT["su"], FJT["slc"], D, nl_acces=30, nl_decision=54)
    assert not d.formule_petits_logements
    assert (d.slc, d.taille, d.total) == (0.1172, 0.0138, 0.1310)
    assert CS_FOYER(54, 1020) == pytest.approx(2365.44 / 1020)
    assert MQ_FOYER(54, 1020, 900, None, None, None, None, D, 30, 54) == 0.131
    # assiette à VB 1 000 : 1 000 × 2 365,44 × 1,131 = 2 675 312,64 €
    assert ASSIETTE(1000, CS_FOYER(54, 1020), 1020, MQ_FOYER(54, 1020, 900, None, None, None, None, D, 30)) \
        == 2_675_312.64


def test_fjt_le_resultat_a_nl_unique_differe():
    # NL unique = 54 (chambres) : SU moyenne 1 020 / 54 = 18,9 < 20 → formule des petits logements
    # (900 − 1 530 + 648) / (2,9 × 1 020) = 18 / 2 958 = 0,006085… → 0,0061 ; MQ = 0,0199
    assert MQ_FOYER(54, 1020, 900) == 0.0199
    # NL unique = 30 (groupes comptés pour un, comme le suggérait le libellé du classeur) :
    # CS = 0,77 × (1 + 30 × 38 / 1 020) = 1 663,2 / 1 020 = 1,630588… (au lieu de 2,319058…)
    # SLC 0,77 × 360 / 1 663,2 = 1/6 → 0,1667 ; taille 0,03 − 0,009 = 0,021 ; 0,1877 → plafond 0,18
    assert CS_FOYER(30, 1020) == pytest.approx(1663.2 / 1020)
    assert MQ_FOYER(30, 1020, 900) == 0.18
    # assiettes : 2 365,44 × 1,0199 × 1 000 = 2 412 512,26 € et 1 663,2 × 1,18 × 1 000 = 1 962 576 €
    assert ASSIETTE(1000, CS_FOYER(54, 1020), 1020, MQ_FOYER(54, 1020, 900)) == 2_412_512.26
    assert ASSIETTE(1000, CS_FOYER(30, 1020), 1020, MQ_FOYER(30, 1020, 900)) == 1_962_576


def test_nlp_de_la_decision_seulement():
    # même FJT, 40 logements et chambres seulement dans la décision : 0,03 − 40 × 0,0003 = 0,018
    d = mq_foyer(54, 1020, 900, D, nl_acces=30, nl_decision=40)
    assert (d.slc, d.taille, d.total) == (0.1172, 0.018, 0.1352)


def test_comptes_bornes_par_nl():
    assert MQ_FOYER(54, 1020, 900, None, None, None, None, D, 55).startswith(
        "#nl_acces : 55 dépasse NL = 54, le nombre de logements ou de chambres de l'opération")
    assert MQ_FOYER(54, 1020, 900, None, None, None, None, D, None, 60).startswith("#nl_decision : 60 dépasse NL = 54")
    assert MQ_FOYER(54, 1020, 900, None, None, None, None, D, 0).startswith("#nl_acces : doit être strictement positif")
    assert MQ_FOYER(54, 1020, 900, None, None, None, None, D, 2.5).startswith("#nl_acces : doit être un nombre entier")


def test_comptes_par_defaut_egaux_a_nl():
    for nl, su, slc in ((40, 880, 900), (40, 760, 700), (54, 1020, 900)):
        assert mq_foyer(nl, su, slc, D, nl_acces=nl, nl_decision=nl) == mq_foyer(nl, su, slc, D)


# --- 3. Labels et accessibilité selon la nature de l'opération --------------------------------
# Base : NL 40, SU 880, SLC 720 → terme SLC 0,77 × 0 / … = 0 ; taille 0,018.

def test_neuf_et_vefa_labels_de_l_article_2():
    for nature in (NEUF, VEFA):
        assert mq_foyer(40, 880, 720, D, label="BBC", nature=nature).total == 0.118      # 0,018 + 0,10
        assert mq_foyer(40, 880, 720, D, label="Qualitel", nature=nature).label == 0.08
        assert mq_foyer(40, 880, 720, D, label="BBC + Qualitel", nature=nature).label == 0.18   # cumul, art. 2 I
        assert MQ_FOYER(40, 880, 720, "HPE rénovation", None, None, None, D, None, None, None, nature).startswith(
            "#label : « HPE rénovation » est un label de réhabilitation (arrêté du 17/10/2011, art. 6 II)")
        assert MQ_FOYER(40, 880, 720, "BBC rénovation", None, None, None, D, None, None, None, nature).startswith(
            "#label : « BBC rénovation » est un label de réhabilitation (arrêté du 17/10/2011, art. 6 II)")
        # accessibilité : logements existants seulement (art. 11 IV)
        assert MQ_FOYER(40, 880, 720, None, None, 0.03, None, D, None, None, None, nature).startswith(
            "#part_accessibilite : le coefficient pour accessibilité ne vaut que pour les logements existants "
            "(acquisition-amélioration, arrêté du 17/10/2011, art. 11 IV)")
        assert MQ_FOYER(40, 880, 720, None, None, 0, None, D, None, None, None, nature) == 0.018


def test_acquisition_amelioration_labels_de_l_article_6():
    assert mq_foyer(40, 880, 720, D, label="HPE rénovation", nature=AA).total == 0.118   # 0,018 + 0,10
    assert mq_foyer(40, 880, 720, D, label="BBC rénovation 2009", nature=AA).label == 0.20
    assert MQ_FOYER(40, 880, 720, "BBC", None, None, None, D, None, None, None, AA).startswith(
        "#label : « BBC » est un label de construction neuve (arrêté du 17/10/2011, art. 2 I) : il ne "
        "s'applique pas à une acquisition-amélioration")
    assert MQ_FOYER(40, 880, 720, "Qualitel", None, None, None, D, None, None, None, "AA").startswith(
        "#label : « Qualitel » est un label de construction neuve (arrêté du 17/10/2011, art. 2 I)")
    # un seul niveau de label rénovation (« selon le niveau de label obtenu », art. 6 II)
    assert MQ_FOYER(40, 880, 720, "HPE rénovation + BBC rénovation", None, None, None, D, None, None, None,
                    AA).startswith("#label : un seul niveau de label rénovation")
    # accessibilité : 3 % des travaux → 0,03 ; 10 % → plafond 0,04 (art. 11 IV)
    assert mq_foyer(40, 880, 720, D, part_accessibilite=0.03, nature=AA).accessibilite == 0.03
    assert mq_foyer(40, 880, 720, D, part_accessibilite=0.10, nature=AA).accessibilite == 0.04
    # 0,018 + 0,20 + 0,04 = 0,258 → 0,18 (résidence sociale)
    assert MQ_FOYER(40, 880, 720, "BBC rénovation", None, 0.10, None, D, None, None, None, AA) == 0.18


def test_labels_des_deux_natures_jamais_cumules():
    # « BBC + BBC rénovation » donnait 0,30 : aucune nature ne l'admet
    for nature in (NEUF, VEFA, AA):
        assert MQ_FOYER(40, 880, 720, "BBC + BBC rénovation", None, None, None, D, None, None, None,
                        nature).startswith("#label : « ")
    assert MQ_FOYER(40, 880, 720, "BBC + BBC", None, None, None, D, None, None, None, NEUF).startswith(
        "#label : « BBC » saisi deux fois")


def test_nature_requise_pour_un_label_ou_l_accessibilite():
    assert MQ_FOYER(40, 880, 720, "BBC").startswith(
        "#nature : à préciser (neuf, VEFA ou acquisition-amélioration) : le label dépend de la nature "
        "de l'opération (arrêté du 17/10/2011, art. 11 III)")
    assert MQ_FOYER(40, 880, 720, None, None, 0.02).startswith("#nature : à préciser")
    # sans label ni accessibilité, la nature ne change rien : vide admis (classeurs existants)
    assert MQ_FOYER(40, 880, 900, "Aucun", "Type 2", 0) == 0.143               # 0,093 + 0,05
    assert MQ_FOYER(40, 880, 720, None, None, None, None, D, None, None, None, "rénovation").startswith(
        "#nature : « rénovation » inconnu")


def test_ascenseur():
    assert mq_foyer(40, 880, 720, D, ascenseur=2).ascenseur == 0.05


def test_bornes_residence_sociale():
    # 0,075 + 0,018 + 0,18 (BBC + Qualitel) = 0,273 → 0,18 pour une résidence sociale
    d = mq_foyer(40, 880, 900, D, label="BBC+Qualitel", nature=NEUF)
    assert d.somme == 0.273 and d.total == 0.18
    assert mq_foyer(40, 880, 900, D, label="BBC+Qualitel", residence_sociale=False, nature=NEUF).total == 0.273
    # SLC très faible : 0,77 × (100 − 720) / 1 848 = −0,2583 ; somme négative → 0
    assert mq_foyer(40, 880, 100, D).total == 0


# --- 5. Le terme SLC négatif : deux lectures ---------------------------------------------------

def test_terme_slc_negatif_texte_litteral_par_defaut():
    # Hors résidence sociale, NL 40, SU 760, SLC 700 : 0,77 × (700 − 720) / (2,31 × 760)
    # = −15,4 / 1 755,6 = −0,008772… → −0,0087 (par valeur supérieure, vers +∞) ; MQ = 0,018 − 0,0087
    d = mq_foyer(40, 760, 700, D, residence_sociale=False)
    assert (d.slc, d.slc_formule, d.total) == (-0.0087, -0.0087, 0.0093)
    assert mq_foyer(40, 760, 700, D, residence_sociale=False, terme_slc_negatif=DEDUIT) == d
    assert MQ_FOYER(40, 760, 700, None, None, None, False, D, None, None, "déduit") == 0.0093


def test_terme_slc_negatif_lecture_du_support():
    # support : « SLC > 18 m² × NL » ; 700 < 720 → terme 0, MQ = taille 0,018
    d = mq_foyer(40, 760, 700, D, residence_sociale=False, terme_slc_negatif=NUL)
    assert (d.slc, d.slc_formule, d.total) == (0, -0.0087, 0.018)
    assert MQ_FOYER(40, 760, 700, None, None, None, False, D, None, None, "nul") == 0.018
    assert MQ_FOYER(40, 760, 700, None, None, None, False, D, None, None, "Support") == 0.018
    assert MQ_FOYER(40, 760, 700, None, None, None, False, D, None, None, "texte") == 0.0093
    # positif, le terme est le même dans les deux lectures
    assert mq_foyer(40, 880, 900, D, terme_slc_negatif=NUL).total == 0.093
    assert MQ_FOYER(40, 760, 700, None, None, None, False, D, None, None, "plancher").startswith(
        "#terme_slc_negatif : « plancher » inconnu")


def test_terme_slc_negatif_etude_de_cas_de_la_formation():
    # 25 logements, SU 662,5, SLC 410, BBC, neuf : CS = 0,77 × (1 + 950 / 662,5) = 1,874151 ;
    # SLC 0,77 × (410 − 450) / (CS × 662,5) = −30,8 / 1 241,625 = −0,024806 → −0,0248
    # texte : −0,0248 + 0,0225 + 0,10 = 0,0977 ; support : 0 + 0,0225 + 0,10 = 0,1225
    args = (25, 662.5, 410, "BBC", None, None, None, D, None, None)
    assert MQ_FOYER(*args, None, NEUF) == 0.0977
    assert MQ_FOYER(*args, "nul", NEUF) == 0.1225


def test_terme_slc_negatif_formule_des_petits_logements():
    # FJT de l'exemple livré : NL 60, SU 1 180 (19,67 < 20), SLC 900 :
    # (900 − 1 770 + 720) / (2,9 × 1 180) = −150 / 3 422 = −0,04383… → −0,0438
    assert mq_foyer(60, 1180, 900, D).slc == -0.0438
    assert mq_foyer(60, 1180, 900, D, terme_slc_negatif=NUL).slc == 0


def test_udf_arguments_facultatifs():
    assert MQ_FOYER(40, 880, 900, "BBC", "type 1", 0, None, None, None, None, None, "neuf") == 0.18   # 0,093 + 0,10 + 0,04
    assert MQ_FOYER(40, 880, 900, None, 3, None, False) == pytest.approx(0.153)
    assert MQ_FOYER(40, 880, 900, "oui").startswith("#label : label « oui » inconnu")
    assert MQ_FOYER(40, 880, 900, None, 4).startswith("#ascenseur : « 4 » inconnu")
    assert MQ_FOYER(40, 880, 900, None, None, 1.5).startswith("#part_accessibilite : doit être inférieur")
    assert MQ_FOYER(0, 880, 900).startswith("#nl : doit être strictement positif")
    assert MQ_FOYER(40, 880, -1).startswith("#slc : doit être supérieur ou égal à 0")


def test_avant_l_arrete_de_2011_le_parametre_manque():
    r = MQ_FOYER(40, 880, 900, None, None, None, None, dt.datetime(2010, 5, 1))
    assert r.startswith("#mq_foyer : aucune valeur sourcée avant le 01/01/2012")


LABELS_PAR_NATURE = {NEUF: [None, "BBC", "Qualitel", "BBC + Qualitel"], VEFA: [None, "BBC", "BBC + Qualitel"],
                     AA: [None, "HPE rénovation", "BBC rénovation"]}


@given(nl=st.integers(1, 400), groupes=st.floats(0, 1), su_moyenne=st.floats(9, 80),
       slc_par_logement=st.floats(0, 60), nature=st.sampled_from(sorted(LABELS_PAR_NATURE)), data=st.data(),
       ascenseur=st.integers(0, 3), acces=st.floats(0, 1), negatif=st.sampled_from([DEDUIT, NUL]))
def test_mq_residence_sociale_toujours_dans_0_0_18(nl, groupes, su_moyenne, slc_par_logement, nature, data,
                                                  ascenseur, acces, negatif):
    label = data.draw(st.sampled_from(LABELS_PAR_NATURE[nature]))
    d = mq_foyer(nl, nl * su_moyenne, nl * slc_par_logement, D, label=label, ascenseur=ascenseur,
                 part_accessibilite=acces if nature == AA else 0, nature=nature,
                 nl_acces=max(1, round(nl * groupes)), terme_slc_negatif=negatif)
    assert 0 <= d.total <= 0.18
    assert round(d.total, 4) == d.total
    assert d.slc >= 0 if negatif == NUL else d.slc == d.slc_formule


@given(nl=st.integers(1, 400), su_moyenne=st.floats(9, 80), slc_par_logement=st.floats(0, 60))
def test_la_lecture_du_support_ne_diminue_jamais_mq(nl, su_moyenne, slc_par_logement):
    args = (nl, nl * su_moyenne, nl * slc_par_logement, D)
    assert mq_foyer(*args, terme_slc_negatif=NUL).total >= mq_foyer(*args).total
