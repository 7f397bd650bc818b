"""Prix de revient (arrêté du 17 octobre 2011, art. 15) et plafonds de l'annexe I."""

import datetime as dt

import pytest

from udfs.erreurs import ErreurSaisie
from udfs.fonctions import REGISTRE
from udfs.parametres import valeur
from udfs.regles import prix_revient as p
from tests.outils.udf import appel, erreur

DATE = dt.date(2024, 1, 1)


def test_parametres_de_l_annexe_1():
    assert valeur("plafonds_annexe_1", DATE, "abords") == 0.04
    assert valeur("plafonds_annexe_1", DATE, "fondations") == {"min": 0.10, "max": 0.20}
    assert valeur("plafonds_annexe_1", DATE, "couts_internes", "multiple_valeur_base") == 8


def test_composition_et_parts():
    pr = p.prix_revient(300_000, 1_500_000, 150_000, 30_000, 20_000)
    assert pr.total == 2_000_000
    assert pr.parts == pytest.approx({"charge_fonciere": 0.15, "travaux": 0.75, "honoraires": 0.075,
                                      "revisions": 0.015, "interets_prefinancement": 0.01})
    assert p.prix_revient(0, 0, 0).parts["travaux"] == 0
    with pytest.raises(ErreurSaisie) as e:
        p.prix_revient(300_000, -1, 0)
    assert e.value.champ == "travaux"


def test_cout_au_m2():
    assert p.cout_m2_su(1_950_000, 1_000) == 1_950
    with pytest.raises(ErreurSaisie) as e:
        p.cout_m2_su(1_950_000, 0)
    assert e.value.champ == "su"


@pytest.mark.parametrize("nb,taux", [(1, 0.0013), (30, 0.0013), (31, 0.0010), (50, 0.0010),
                                     (51, 0.0007), (200, 0.0007)])
def test_taux_frais_de_direction_par_tranche(nb, taux):
    assert p.taux_frais_direction(nb, DATE) == taux


def test_fondations_imputables():
    # travaux 1 000 000 : la part entre 100 000 et 200 000 € va en charge foncière
    assert p.fondations_imputables(1_000_000, 80_000, DATE) == 0
    assert p.fondations_imputables(1_000_000, 150_000, DATE) == pytest.approx(50_000)
    assert p.fondations_imputables(1_000_000, 300_000, DATE) == pytest.approx(100_000)


def test_aucune_alerte_aux_plafonds():
    assert p.alertes_annexe_1(1_000_000, 40, DATE, abords=40_000, cout_fondations=300_000,
                              fondations_imputees=100_000, surcouts_fonciers=50_000,
                              frais_direction=1_000, couts_internes=27_000, valeur_base=1_500) == []


def test_chaque_depassement_est_nomme():
    alertes = p.alertes_annexe_1(1_000_000, 40, DATE, abords=50_000, cout_fondations=300_000,
                                 fondations_imputees=150_000, surcouts_fonciers=60_000,
                                 frais_direction=2_000, couts_internes=27_100, valeur_base=1_500)
    assert len(alertes) == 5
    assert alertes[0].startswith("Abords : 50 000,00 € dépassent le plafond de 40 000,00 €")
    assert "annexe I de l'arrêté du 17 octobre 2011" in alertes[0]
    assert alertes[1].startswith("Fondations en charge foncière : 150 000,00 € dépassent le plafond de 100 000,00 €")
    assert alertes[2].startswith("Surcoûts d'adaptation aux contraintes foncières : 60 000,00 €")
    assert alertes[3].startswith("Frais de direction d'investissement : 2 000,00 € dépassent le plafond de 1 000,00 €")
    assert "0,10 % des travaux pour 40 logements" in alertes[3]
    # 1,5 % × 1 000 000 + 8 × 1 500 = 27 000
    assert alertes[4].startswith("Coûts internes de maîtrise d'ouvrage : 27 100,00 € dépassent le plafond de 27 000,00 €")


def test_alertes_erreurs():
    with pytest.raises(ErreurSaisie) as e:
        p.alertes_annexe_1(1_000_000, 40, DATE, couts_internes=10_000)
    assert e.value.champ == "valeur_base"
    with pytest.raises(ErreurSaisie) as e:
        p.alertes_annexe_1(0, 40, DATE)
    assert e.value.champ == "travaux"
    with pytest.raises(ErreurSaisie) as e:
        p.alertes_annexe_1(1_000_000, 0, DATE)
    assert e.value.champ == "nb_logements"
    with pytest.raises(ErreurSaisie) as e:
        p.alertes_annexe_1(1_000_000, 40, dt.date(2011, 12, 31))
    assert e.value.champ == "plafonds_annexe_1"


def test_udf_prix_revient():
    assert appel("PRIX_REVIENT", 300_000, 1_500_000, 150_000) == 1_950_000
    assert appel("PRIX_REVIENT", 300_000, 1_500_000, 150_000, 30_000, 20_000) == 2_000_000
    assert appel("PRIX_REVIENT", 300_000, 1_500_000, 150_000, None, 20_000) == 1_970_000
    erreur(appel("PRIX_REVIENT", -300_000, 1_500_000, 150_000), "charge_fonciere")
    erreur(appel("PRIX_REVIENT", 300_000, 1_500_000, 150_000, "abc"), "revisions")
    assert appel("PRIX_REVIENT_UNITAIRE", 1_950_000, 1_000) == 1_950
    erreur(appel("PRIX_REVIENT_UNITAIRE", 1_950_000, 0), "su")


def test_udf_alertes_prix_revient():
    assert appel("ALERTES_PRIX_REVIENT", 1_000_000, 40) == "Aucune alerte"
    texte = appel("ALERTES_PRIX_REVIENT", 1_000_000, 40, 50_000, None, None, 60_000)
    assert texte.startswith("Abords : 50 000,00 €") and " ; Surcoûts d'adaptation" in texte
    assert appel("ALERTES_PRIX_REVIENT", 1_000_000, 40, None, None, None, None, None, 27_000,
                 1_500, dt.datetime(2020, 1, 1)) == "Aucune alerte"
    erreur(appel("ALERTES_PRIX_REVIENT", 1_000_000, 40, None, None, None, None, None, 27_000), "valeur_base")
    erreur(appel("ALERTES_PRIX_REVIENT", 1_000_000, 4.5), "nb_logements")
    erreur(appel("ALERTES_PRIX_REVIENT", 1_000_000, 40, -1), "abords")
