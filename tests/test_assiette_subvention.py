"""Assiette (arrêté du 5 mai 1995, art. 1, 4, 5) et subvention PLAI (R. 331-15, deux régimes)."""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from udfs.fonctions import REGISTRE
from udfs.regles import subvention

ASSIETTE = REGISTRE["ASSIETTE_SUBVENTION"].appel
VALEUR_BASE = REGISTRE["VALEUR_BASE"].appel
COUT_GARAGE = REGISTRE["COUT_GARAGE"].appel
SUBVENTION = REGISTRE["SUBVENTION_PLAI"].appel
CS_FOYER = REGISTRE["CS_FOYER"].appel
MQ_FOYER = REGISTRE["MQ_FOYER"].appel

AVANT = dt.datetime(2021, 6, 1)
DERNIER_JOUR = dt.datetime(2022, 9, 27)
PREMIER_JOUR = dt.datetime(2022, 9, 28)


def test_chaine_exemple_8_2():
    cs = CS_FOYER(40, 880)
    mq = MQ_FOYER(40, 880, 900)
    assiette = ASSIETTE(1000, cs, 880, mq)
    assert (round(cs, 10), mq, assiette) == (2.1, 0.093, 2019864.0)
    assert SUBVENTION(AVANT, None, assiette, 0.20, None) == 403972.80


def test_cm_plafonne_a_0_30():
    # 1 000 × 2 × 500 × (1 + min(0,18 + 0,20 ; 0,30)) = 1 300 000
    assert ASSIETTE(1000, 2, 500, 0.18, 0.20) == 1_300_000


def test_garages_dans_la_limite_de_la_moitie_des_logements():
    # 40 logements → 20 garages au plus : 1 000 000 + 5 458 × 20
    assert ASSIETTE(1000, 2, 500, 0, 0, 5458, 25, 40) == 1_000_000 + 5458 * 20
    assert ASSIETTE(1000, 2, 500, 0, 0, 5458, 7, 40) == 1_000_000 + 5458 * 7
    # 41 logements → 20 garages (moitié arrondie à l'entier inférieur)
    assert ASSIETTE(1000, 2, 500, 0, 0, 5458, 25, 41) == 1_000_000 + 5458 * 20
    assert ASSIETTE(1000, 2, 500, 0, 0, 5458, 3).startswith("#nl : nombre de logements requis")


@pytest.mark.parametrize("args,debut", [
    ((0, 2, 500), "#vb : doit être strictement positif"),
    ((1000, -2, 500), "#cs : doit être strictement positif"),
    ((1000, 2, "cinq cents"), "#su : texte « cinq cents »"),
    ((1000, 2, 500, -0.1), "#mq : doit être supérieur ou égal à 0"),
    ((1000, 2, 500, 0, 0, 0, 2.5, 40), "#ng : doit être un nombre entier"),
])
def test_assiette_erreurs(args, debut):
    assert ASSIETTE(*args).startswith(debut)


def test_couts_de_garage_publies_en_2002():
    # art. 5, « version en vigueur depuis le 01 janvier 2002 » (Légifrance) : vérifiés (V)
    d = dt.datetime(2002, 6, 1)
    assert COUT_GARAGE(1, "enterré", d) == 8803
    assert COUT_GARAGE(3, None, d) == 5458
    assert COUT_GARAGE("1 bis", "superstructure", d) == 5986


def test_valeurs_de_base_de_2002_non_verifiees_donc_demandees():
    # art. 4 en euros lu (1 056 / 880 €), date d'effet non vérifiée : statut U, jamais un défaut
    d = dt.datetime(2002, 6, 1)
    for args in ((1, "logement-foyer", d), ("1 bis", None, d), ("III", "acquisition-amélioration", d),
                 (2, "neuf", d, "individuel")):
        r = VALEUR_BASE(*args)
        assert r.startswith("#valeur_base : valeur non vérifiée pour le 01/06/2002 (statut U"), r
        assert r.endswith("à fournir")
    assert REGISTRE["STATUT_PARAMETRE"].appel("valeur_base", d) == "U"


def test_valeur_de_base_non_publiee_demandee_a_l_utilisateur():
    r = VALEUR_BASE(2, "logement-foyer", dt.datetime(2025, 3, 1))
    assert r.startswith("#valeur_base : aucune valeur publiée en vigueur au 01/03/2025")
    assert "à fournir" in r
    assert COUT_GARAGE(2, None, dt.datetime(2025, 3, 1)).startswith("#cout_garage : aucune valeur publiée")
    assert VALEUR_BASE(1, None, dt.datetime(2001, 1, 1)).startswith("#valeur_base : aucune valeur sourcée avant")
    assert VALEUR_BASE("B1", None, dt.datetime(2002, 6, 1)).startswith("#zone : « B1 » inconnu")


def test_bascule_de_regime_le_28_septembre_2022():
    assert subvention.regime(DERNIER_JOUR.date()) == subvention.ASSIETTE
    assert subvention.regime(PREMIER_JOUR.date()) == subvention.FORFAIT
    # mêmes arguments, deux régimes : 2 000 000 × 0,20 la veille ; 40 × 15 000 le jour même
    args = (40, 2_000_000, 0.20, 15_000)
    assert SUBVENTION(DERNIER_JOUR, *args) == 400_000
    assert SUBVENTION(PREMIER_JOUR, *args) == 600_000
    assert SUBVENTION(45000, *args) == 600_000          # numéro de série Excel (13/03/2023)
    assert SUBVENTION("27/09/2022", *args) == 400_000


def test_regime_assiette_taux():
    assert SUBVENTION(AVANT, None, 1_000_000, 0.25, None) == 250_000
    # le maximum de 25 % n'est lu que dans la rédaction de 1995 (statut U) : un taux de 26 % d'une
    # décision de 2021 n'est pas refusé sur cette base ; seul ]0 ; 100 %] est contrôlé
    assert SUBVENTION(AVANT, None, 1_000_000, 0.26, None) == 260_000
    assert SUBVENTION(AVANT, None, 1_000_000, 20, None).startswith("#taux : 2 000 % hors de ]0 % ; 100 %]")
    assert SUBVENTION(AVANT, None, 1_000_000, 0, None).startswith("#taux : 0 % hors de ]0 % ; 100 %]")
    assert SUBVENTION(AVANT, None, None, 0.2, None).startswith("#assiette : requise pour une décision du 01/06/2021")
    assert SUBVENTION(AVANT, None, 1_000_000, None, None).startswith("#taux : requis")


def test_regime_forfaitaire_et_plafonds():
    d = dt.datetime(2025, 4, 1)
    assert SUBVENTION(d, 25, None, None, 20_000) == 500_000
    assert SUBVENTION(d, 25, None, None, 20_001).startswith(
        "#forfait_par_logement : 20 001 € par logement dépasse le plafond de 20 000 €")
    assert SUBVENTION(d, 25, None, None, 60_000, True) == 1_500_000
    assert SUBVENTION(d, 25, None, None, 60_001, True).startswith(
        "#forfait_par_logement : 60 001 € par logement dépasse le plafond de 60 000 € (R. 331-15, opération "
        "mentionnée au II de l'art. D. 331-1 et adaptée aux besoins des ménages rencontrant des difficultés "
        "d'insertion particulières)")
    assert SUBVENTION(d, 25, None, None, 25_000, False, 5_000) == 625_000
    assert SUBVENTION(d, 25, None, None, 80_000, True, 20_000) == 2_000_000
    assert SUBVENTION(d, 25, None, None, 25_000, False, 6_000).startswith(
        "#derogation_par_logement : 6 000 € hors de [0 ; 5 000 €]")
    assert SUBVENTION(d, None, None, None, 20_000).startswith("#nl : requis pour une décision du 01/04/2025")
    assert SUBVENTION(d, 25, None, None, None).startswith("#forfait_par_logement : requis")
    assert SUBVENTION(d, 25, None, None, 0).startswith("#forfait_par_logement : montant par logement strictement positif")
    assert SUBVENTION(None, 25, None, None, 1).startswith("#date_decision : date manquante")
    assert SUBVENTION("32/13/2024", 25, None, None, 1).startswith("#date_decision : date illisible")


@given(nl=st.integers(1, 500), forfait=st.floats(1, 100_000), adapte=st.booleans(),
       derogation=st.floats(0, 25_000), jour=st.dates(dt.date(2022, 9, 28), dt.date(2030, 12, 31)))
def test_subvention_jamais_au_dessus_du_plafond(nl, forfait, adapte, derogation, jour):
    r = SUBVENTION(jour, nl, None, None, forfait, adapte, derogation)
    plafond = (60_000 if adapte else 20_000) + min(derogation, 20_000 if adapte else 5_000)
    if isinstance(r, str):
        assert r.startswith(("#forfait_par_logement", "#derogation_par_logement"))
    else:
        assert r <= nl * plafond + 0.005


@given(su=st.floats(100, 5000), delta=st.floats(0, 1000), nl=st.integers(1, 200))
def test_subvention_croissante_avec_la_surface(su, delta, nl):
    # à CS et MQ fixés, l'assiette et donc la subvention croissent avec SU
    a1 = ASSIETTE(1000, 2, su, 0.05)
    a2 = ASSIETTE(1000, 2, su + delta, 0.05)
    assert SUBVENTION(AVANT, nl, a1, 0.2, None) <= SUBVENTION(AVANT, nl, a2, 0.2, None)


def test_maximum_du_taux_applique_quand_la_periode_est_verifiee(parametres_modifies):
    # si une relecture de R. 331-15 vérifie la période, le maximum redevient un contrôle
    parametres_modifies("subvention/taux_subvention_plai.yaml", "statut: U", "statut: V")
    assert SUBVENTION(AVANT, None, 1_000_000, 0.25, None) == 250_000
    assert SUBVENTION(AVANT, None, 1_000_000, 0.26, None).startswith("#taux : 26 % hors de ]0 % ; 25 %]")


# --- 2. Le plafond de 60 000 € et sa condition légale ------------------------------------------

CONDITION = ("opération mentionnée au II de l'art. D. 331-1 et adaptée aux besoins des ménages rencontrant "
             "des difficultés d'insertion particulières (R. 331-15)")


@pytest.mark.parametrize("nom,position", [("SUBVENTION_PLAI", 5), ("PLAFOND_SUBVENTION", 1)])
def test_argument_du_plafond_de_60000_nomme_la_condition_legale(nom, position):
    f = REGISTRE[nom]
    assert f.arguments[position] == "adaptee_difficultes_insertion"       # même position qu'avant
    aide = f.aides["adaptee_difficultes_insertion"]
    assert CONDITION in aide and "60 000" in aide
    assert "PLAI adapté" not in " ".join(f.aides.values())      # le programme D. 331-25-1 est autre chose


def test_plafonds_par_logement():
    d = dt.datetime(2024, 1, 1)
    plafond = REGISTRE["PLAFOND_SUBVENTION"].appel
    assert (plafond(d), plafond(d, False), plafond(d, True)) == (20_000, 20_000, 60_000)
    assert (plafond(d, False, 5_000), plafond(d, True, 20_000)) == (25_000, 80_000)
    assert plafond(d, True, 20_001).startswith("#derogation_par_logement : 20 001 € hors de [0 ; 20 000 €]")
    assert plafond(d, "peut-être").startswith("#adaptee_difficultes_insertion : « peut-être » n'est ni VRAI ni FAUX")
