"""Les paramètres livrés sont datés, sourcés, avec un statut honnête ; seule une valeur vérifiée
(V, V-sec) sert de défaut ; une valeur U ou une date non couverte est demandée à l'utilisateur."""

import datetime as dt

import pytest

from udfs import parametres
from udfs.erreurs import ParametreManquant
from udfs.fonctions import REGISTRE

STATUT = REGISTRE["STATUT_PARAMETRE"].appel
VALEUR = REGISTRE["VALEUR_PARAMETRE"].appel
SOURCE = REGISTRE["SOURCE_PARAMETRE"].appel


def test_chaque_valeur_livree_a_une_reference_et_un_statut():
    tous = parametres.tous()
    assert len(tous) >= 14
    for p in tous:
        assert p.description and p.valeurs
        for v in p.valeurs:
            assert v.reference
            if v.valeur is not None:
                assert v.statut in {"V", "V-sec", "U"}, (p.nom, v.debut)
                if v.statut == "U":
                    assert v.note, (p.nom, v.debut)      # une valeur non vérifiée dit pourquoi


def test_statut_inconnu_refuse(parametres_modifies):
    parametres_modifies("assiette/cm_plafond.yaml", "statut: V", "statut: T")
    with pytest.raises(ValueError, match="cm_plafond.yaml : valeur du 1995-05-05 sans statut V, V-sec ou U"):
        parametres.parametre("cm_plafond")


# --- 6. Statuts décidés valeur par valeur --------------------------------------------------------
# (paramètre, date, statut) : V lu dans le texte pour la période ; V-sec source secondaire citant le
# texte ; U relevé sans vérification pour la période ; « Sans valeur livrée » hors période ou règle
# sans valeur publiée.
STATUTS = [
    ("taux_subvention_plai", dt.date(1996, 1, 1), "U"),        # seule la rédaction de 1995 a été lue
    ("taux_subvention_plai", dt.date(2021, 6, 1), "U"),        # … et d'autres rédactions ont suivi
    ("taux_subvention_plai", dt.date(2022, 9, 28), "Sans valeur livrée"),   # régime forfaitaire
    ("valeur_base", dt.date(2002, 6, 1), "U"),                 # date d'effet de l'art. 4 non vérifiée
    ("valeur_base", dt.date(2021, 6, 1), "Sans valeur livrée"),  # révisions annuelles non publiées
    ("cout_garage", dt.date(2002, 6, 1), "V"),                 # Légifrance : « en vigueur depuis le 01 janvier 2002 »
    ("cs_constante_foyer", dt.date(2021, 6, 1), "V"),          # art. 2 bis : « 0,77 »
    ("cs_constante_ordinaire", dt.date(2021, 6, 1), "U"),      # la copie de l'art. 2 lit « 0,777 »
    ("cs_surface_par_logement_foyer", dt.date(2021, 6, 1), "V"),
    ("cs_surface_par_logement_ordinaire", dt.date(2021, 6, 1), "V"),
    ("cm_plafond", dt.date(2021, 6, 1), "V"),
    ("mq_foyer", dt.date(2021, 6, 1), "V"),
    ("mq_foyer", dt.date(2011, 12, 31), "Sans valeur livrée"),
    ("surfaces_minimales_foyer", dt.date(2021, 6, 1), "V"),
    ("plafonds_annexe_1", dt.date(2021, 6, 1), "V"),
    ("plafond_subvention_par_logement", dt.date(2024, 6, 1), "V-sec"),  # décret cité par la Gazette
    ("livret_a", dt.date(2024, 6, 1), "V-sec"),
    ("livret_a", dt.date(2026, 9, 1), "Sans valeur livrée"),
    ("marge_pret_cdc", dt.date(2024, 6, 1), "V-sec"),
]


@pytest.mark.parametrize("nom,date,statut", STATUTS)
def test_statut_de_chaque_parametre(nom, date, statut):
    assert parametres.parametre(nom).statut(date) == statut
    assert STATUT(nom, dt.datetime.combine(date, dt.time())) == statut


def test_chaque_parametre_a_un_statut_decide():
    assert {p.nom for p in parametres.tous()} == {nom for nom, _, _ in STATUTS}


def test_une_valeur_u_n_est_jamais_un_defaut():
    with pytest.raises(ParametreManquant) as e:
        parametres.valeur("taux_subvention_plai", dt.date(2021, 6, 1), "maximum")
    assert e.value.champ == "taux_subvention_plai"
    assert e.value.raison.startswith("valeur non vérifiée pour le 01/06/2021 (statut U : CCH art. R. 331-15")
    assert e.value.raison.endswith("à fournir")
    assert parametres.valeur_si_verifiee("taux_subvention_plai", dt.date(2021, 6, 1), "maximum") is None
    assert parametres.valeur_si_verifiee("cm_plafond", dt.date(2021, 6, 1)) == 0.30
    with pytest.raises(ParametreManquant):                       # absente : toujours demandée
        parametres.valeur_si_verifiee("valeur_base", dt.date(2021, 6, 1))


def test_valeur_en_vigueur_selon_la_date_de_debut():
    # arrêté du 5 mai 1995, art. 5 : 8 803 € (enterré, zone 1), 5 458 € (superstructure, zones 2 et 3)
    assert parametres.valeur("cout_garage", dt.date(2002, 1, 1), "enterre", "zone_1") == 8803
    assert parametres.valeur("cout_garage", dt.date(2002, 12, 31), "superstructure", "zone_2_3") == 5458
    with pytest.raises(ParametreManquant):
        parametres.valeur("cout_garage", dt.date(2003, 1, 1))


def test_valeur_non_publiee_demandee_a_l_utilisateur():
    with pytest.raises(ParametreManquant) as e:
        parametres.valeur("valeur_base", dt.date(2025, 3, 1))
    assert e.value.champ == "valeur_base" and "01/03/2025" in e.value.raison and "à fournir" in e.value.raison


def test_date_anterieure_a_la_premiere_valeur():
    with pytest.raises(ParametreManquant) as e:
        parametres.valeur("plafond_subvention_par_logement", dt.date(2022, 9, 27))
    assert "28/09/2022" in e.value.raison


def test_fin_de_regle_a_la_bascule_du_28_septembre_2022():
    assert parametres.parametre("taux_subvention_plai").periode(dt.date(2022, 9, 27)).valeur["maximum_derogation"] == 0.25
    with pytest.raises(ParametreManquant):
        parametres.valeur("taux_subvention_plai", dt.date(2022, 9, 28))
    assert parametres.valeur("plafond_subvention_par_logement", dt.date(2022, 9, 28),
                             "adaptee_difficultes_insertion") == 60000


# --- Les fonctions de la feuille Paramètres ------------------------------------------------------

D2021 = dt.datetime(2021, 6, 1)


def test_valeur_parametre_seulement_si_verifiee():
    assert VALEUR("cm_plafond", D2021) == 0.30
    assert VALEUR("mq_foyer", D2021, "taille.pas") == 0.0003
    assert VALEUR("surfaces_minimales_foyer", D2021, "type_1.2") == 18
    assert VALEUR("plafond_subvention_par_logement", dt.datetime(2024, 1, 1), "adaptee_difficultes_insertion") == 60000
    assert VALEUR("taux_subvention_plai", D2021, "maximum").startswith(
        "#taux_subvention_plai : valeur non vérifiée pour le 01/06/2021 (statut U")
    assert VALEUR("cs_constante_ordinaire", D2021).startswith("#cs_constante_ordinaire : valeur non vérifiée")


def test_valeur_parametre_cle_de_table():
    assert VALEUR("mq_foyer", D2021).startswith("#cle : mq_foyer est une table : préciser la clé parmi slc, petits_logements")
    assert VALEUR("mq_foyer", D2021, "taille").startswith("#cle : mq_foyer.taille est une table : préciser la clé parmi base, pas, plafond_nl")
    assert VALEUR("mq_foyer", D2021, "taille.largeur").startswith("#cle : « largeur » absent de mq_foyer.taille (clés : base, pas, plafond_nl)")
    assert VALEUR("cm_plafond", D2021, "x").startswith("#cle : cm_plafond est une valeur simple (0,3) : clé « x » en trop")


def test_nom_de_parametre_inconnu():
    assert STATUT("taux_plai").startswith("#nom : paramètre « taux_plai » inconnu (livrés : cm_plafond, cout_garage")
    assert STATUT("MQ Foyer", D2021) == "V"                   # casse et espaces admis


def test_source_parametre():
    r = SOURCE("taux_subvention_plai", D2021)
    assert r.startswith("CCH art. R. 331-15, 2°, rédaction de 1995")
    assert "(depuis le 05/05/1995). Non vérifiée pour la période" in r
    assert SOURCE("mq_foyer", dt.datetime(2011, 1, 1)) == "Aucune valeur sourcée avant le 01/01/2012"
    assert SOURCE("cm_plafond", D2021).startswith("Arrêté du 5 mai 1995 modifié, art. 1")
