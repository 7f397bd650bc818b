"""Les paramètres livrés sont datés, sourcés et vérifiés ; une date non couverte est refusée."""

import datetime as dt

import pytest

from udfs import parametres
from udfs.erreurs import ParametreManquant


def test_chaque_valeur_livree_a_une_reference_et_un_statut_verifie():
    tous = parametres.tous()
    assert len(tous) >= 9
    for p in tous:
        assert p.description and p.valeurs
        for v in p.valeurs:
            assert v.reference
            if v.valeur is not None:
                assert v.statut in {"V", "V-sec"}, (p.nom, v.debut)


def test_valeur_en_vigueur_selon_la_date_de_debut():
    # arrêté du 5 mai 1995, art. 4, version en euros : 1 056 €/m² en zone 1, 880 € en zones 2 et 3
    assert parametres.valeur("valeur_base", dt.date(2002, 1, 1), "zone_1", "logement_foyer", "collectif") == 1056
    assert parametres.valeur("valeur_base", dt.date(2002, 12, 31), "zone_2_3", "neuf", "individuel") == 968


def test_valeur_non_publiee_demandee_a_l_utilisateur():
    with pytest.raises(ParametreManquant) as e:
        parametres.valeur("valeur_base", dt.date(2025, 3, 1))
    assert e.value.champ == "valeur_base" and "01/03/2025" in e.value.raison and "à fournir" in e.value.raison


def test_date_anterieure_a_la_premiere_valeur():
    with pytest.raises(ParametreManquant) as e:
        parametres.valeur("plafond_subvention_par_logement", dt.date(2022, 9, 27))
    assert "28/09/2022" in e.value.raison


def test_fin_de_regle_a_la_bascule_du_28_septembre_2022():
    assert parametres.valeur("taux_subvention_plai", dt.date(2022, 9, 27), "maximum_derogation") == 0.25
    with pytest.raises(ParametreManquant):
        parametres.valeur("taux_subvention_plai", dt.date(2022, 9, 28))
    assert parametres.valeur("plafond_subvention_par_logement", dt.date(2022, 9, 28), "plai_adapte") == 60000
