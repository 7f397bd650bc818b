"""Chaque fonction Excel face aux saisies hostiles (issue 6), table par table.

Pour chaque UDF du registre, un appel valide sert de référence ; on remplace ensuite un argument à
la fois par : un texte, une erreur Excel, une cellule vide (si l'argument est obligatoire), une plage
de plusieurs cellules à la place d'une seule. Chaque fois la cellule doit montrer un texte « #… »
qui nomme l'argument, sans trace Python ni « erreur interne », et jamais un 0 silencieux.
Un nouvel UDF sans exemple ici fait échouer le test : on ne l'oublie pas.
"""

import datetime as dt

import pytest

from udfs.fonctions import REGISTRE

TABLE_LOCAUX = ([[20], [10], [30]], [["logement"], ["annexe"], ["collectif"]])

class Matrice:
    """Résultat matriciel attendu : premières lignes (en-têtes compris) et nombre total de lignes.
    Une formule dans une seule cellule (moteur sans Excel) n'en montre que le coin supérieur gauche."""

    def __init__(self, debut, nb_lignes):
        self.debut, self.nb_lignes = debut, nb_lignes

    def __eq__(self, obtenu):
        if not isinstance(obtenu, list):
            return obtenu == self.debut[0][0]
        return len(obtenu) == self.nb_lignes and obtenu[:len(self.debut)] == [
            [pytest.approx(x, abs=0.005) if isinstance(x, (int, float)) else x for x in ligne]
            for ligne in self.debut]

    def __repr__(self):
        return f"Matrice({self.debut!r}, {self.nb_lignes} lignes)"


# Appel valide de référence et résultat attendu (calculé à la main), par fonction.
EXEMPLES = {
    # SU = 20 + 10/2 = 25 m² ; SLC = 30 m²
    "SU_FOYER": (TABLE_LOCAUX, 25),
    "SLC_FOYER": (TABLE_LOCAUX, 30),
    "NATURE_SURFACE": (("annexe",), "SU 50 %"),
    # 0,77 × (1 + 40 × 38 / 880) = 2,1
    "CS_FOYER": ((40, 880), 2.1),
    # 0,77 (saisie : la constante livrée de l'art. 2 n'est pas vérifiée) × (1 + 10 × 20 / 600) = 1,026666…
    "CS_LOGEMENT": ((10, 600, None, 0.77), 0.77 * (1 + 200 / 600)),
    # réglementation §8.2 : 0,0750 + 0,0180 ; nature et comptes facultatifs donnés explicitement
    "MQ_FOYER": ((40, 880, 900, "Aucun", 0, 0, True, dt.datetime(2021, 6, 1), 40, 40, "déduit", "neuf"), 0.0930),
    # 1 000 × 2,1 × 880 × 1,093
    "ASSIETTE_SUBVENTION": ((1000, 2.1, 880, 0.093), 2019864),
    # la valeur de 2002 (1 056 €) est relevée mais non vérifiée (statut U) : elle est demandée
    "VALEUR_BASE": ((1, "logement-foyer", dt.datetime(2002, 6, 1)),
                    "#valeur_base : valeur non vérifiée pour le 01/06/2002 (statut U : Arrêté du 5 mai 1995 "
                    "modifié, art. 4 (version en euros, arrêté du 23 avril 2001)) ; valeur de base (VB) du mètre "
                    "carré de surface utile à fournir"),
    "COUT_GARAGE": ((1, "enterré", dt.datetime(2002, 6, 1)), 8803),
    # 2 019 864 × 20 %
    "SUBVENTION_PLAI": ((dt.datetime(2021, 6, 1), 40, 2019864, 0.20, None), 403972.80),
    "REGIME_SUBVENTION": ((dt.datetime(2022, 9, 28),), "forfait par logement"),
    # 60 000 (opération du II de D. 331-1 adaptée aux difficultés d'insertion) + 10 000 de dérogation
    "PLAFOND_SUBVENTION": ((dt.datetime(2024, 1, 1), True, 10000), 70000),
    # annexe III : type I bis 30 m², minoré de 10 % en acquisition-amélioration
    "SURFACE_MINIMALE": (("T1 bis", None, "acquisition-amélioration", dt.datetime(2021, 6, 1)), 27),
    # T1 de 12 m² pour 2 occupants : minimum 18 m² ; T1 bis de 30 m² conforme
    "CONTROLE_SURFACES": (([["T1"], ["T1 bis"]], [[12], [30]], [[2], [1]], "neuf", dt.datetime(2021, 6, 1)), Matrice(
        [["Ligne 1 : T1 de 12 m², minimum 18 m² (type I, 2 occupants, construction neuve ; arrêté du 17/10/2011, "
          "annexe III)"]], 1)),
    "STATUT_PARAMETRE": (("taux_subvention_plai", dt.datetime(2021, 6, 1)), "U"),
    "VALEUR_PARAMETRE": (("mq_foyer", dt.datetime(2021, 6, 1), "taille.pas"), 0.0003),
    "SOURCE_PARAMETRE": (("cm_plafond", dt.datetime(2021, 6, 1)),
                         "Arrêté du 5 mai 1995 modifié, art. 1 (« CM … dont la valeur maximum ne peut dépasser "
                         "0,30 ») ; arrêté du 17 octobre 2011, art. 1 II (depuis le 05/05/1995)"),
    # Livret A 1,50 % au 01/02/2026 − 0,20 point
    "TAUX_PRET": (("PLAI", dt.datetime(2026, 3, 1)), 0.013),
    "ANNUITE_PRET": ((1_000_000, 0.013, 40), 32219.38),
    # 100 000 − (60 000 + 10 000 + 5 000 + 3 000 + 2 000)
    "BILAN_BAILLEUR": ((100000, 60000, 10000, 5000, 3000, 2000), 20000),
    "EQUILIBRE_OPERATION": ((100, 0), "Équilibrée"),
    # 1 000 € à 10 % sur 2 ans : annuité 100 / (1 − 1,1^−2) = 576,19 ; intérêts 100 puis 52,38.
    "TABLEAU_AMORTISSEMENT": ((1000, 0.10, 2), Matrice(
        [["Année", "Annuité", "Intérêts", "Amortissement", "Capital restant dû"],
         [1, 576.19, 100, 476.19, 523.81], [2, 576.19, 52.38, 523.81, 0]], 3)),
    # 300 000 + 1 500 000 + 150 000
    "PRIX_REVIENT": ((300000, 1500000, 150000), 1950000),
    "PRIX_REVIENT_UNITAIRE": ((1950000, 1000), 1950),
    # abords 40 000 € = 4 % de 1 000 000 € : au plafond
    "ALERTES_PRIX_REVIENT": ((1000000, 40, 40000), "Aucune alerte"),
    # 100 + 300 + 600 − 1 000
    "PLAN_FINANCEMENT_ECART": ((1000, 100, [[300]], [[600]]), 0),
    # 210 000 × 0,95 + 10 000 + 20 000 − (100 000 + 30 000 + 60 000 + 10 000 + 20 000)
    "BILAN_GESTIONNAIRE": ((210000, 10000, 20000, 100000, 30000, 60000, 10000, 20000, 0.05), 9500),
    # 60 000 + 10 000 + 5 000 + 3 000 + 2 000
    "LOYER_EQUILIBRE_BAILLEUR": ((60000, 10000, 5000, 3000, 2000), 80000),
    # (220 000 − 10 000 − 20 000) / 0,95
    "REDEVANCE_EQUILIBRE": ((10000, 20000, 100000, 30000, 60000, 10000, 20000, 0.05), 200000),
    # taux nul : 1 000 €/an × 40 ans
    "SUBVENTION_EQUILIBRE": ((1000, 0, 40), 40000),
    "REDEVANCE_MAXIMUM": (([["type", "zone", "pret", "maximum"], ["T1", 1, "PLAI", 450],
                            ["T1 bis", 2, "PLAI", 500]], "T1 bis", 2, "PLAI"), 500),
    "CONTROLE_REDEVANCE": ((450, 480), "Conforme : redevance pratiquée 450,00 € ≤ maximum 480,00 € (marge 30,00 €)"),
    "PART_LOYER": ((450, 80), 370),
    # année 2 : 101 000 − 60 000 − 20 400 ; 303 000 − 101 000 − 193 800 ; 40 ans + en-têtes
    "PROJECTION_BILANS": ((100000, 60000, 20000, 300000, 190000, 0.01, 0.02), Matrice(
        [["Année", "Résultat bailleur", "Résultat gestionnaire"], [1, 20000, 10000], [2, 20600, 8200]], 41)),
    # gestionnaire : 200 000 × 1,01^6 − 190 000 × 1,02^6 = −1 666,83 (année 7 ; +426,66 en année 6)
    "PREMIERE_ANNEE_NEGATIVE": ((100000, 60000, 20000, 300000, 190000, 0.01, 0.02), 7),
}

# Arguments obligatoires dans la signature mais vides dans l'autre régime de subvention (le
# contrat Excel le permet) ; l'erreur quand ils manquent dans leur régime est testée dans
# tests/test_subvention.py.
VIDES_ADMIS = {("SUBVENTION_PLAI", "nl"), ("SUBVENTION_PLAI", "forfait_par_logement")}

ERREURS_EXCEL = ["#DIV/0!", "#N/A", "#VALUE!", "#REF!"]


def _appel(nom, args):
    return REGISTRE[nom].appel(*args)


def _verifier_message(resultat, argument):
    assert isinstance(resultat, str) and resultat.startswith("#"), resultat
    assert "erreur interne" not in resultat, resultat
    assert argument in resultat, (argument, resultat)


def test_chaque_fonction_a_un_exemple():
    assert set(REGISTRE) <= set(EXEMPLES), sorted(set(REGISTRE) - set(EXEMPLES))


def _cas():
    for nom in sorted(set(EXEMPLES) & set(REGISTRE)):
        args, _ = EXEMPLES[nom]
        for pos, argument in enumerate(REGISTRE[nom].arguments[: len(args)]):
            yield nom, pos, argument


@pytest.mark.parametrize("nom", sorted(set(EXEMPLES) & set(REGISTRE)))
def test_appel_de_reference(nom):
    args, attendu = EXEMPLES[nom]
    resultat = _appel(nom, args)
    if isinstance(attendu, str):
        assert resultat == attendu
    else:
        assert resultat == pytest.approx(attendu, abs=0.005)


@pytest.mark.parametrize("nom,pos,argument", list(_cas()))
def test_texte_et_erreurs_excel_nomment_l_argument(nom, pos, argument):
    args, _ = EXEMPLES[nom]
    for hostile in ["abc", *ERREURS_EXCEL]:
        modifies = list(args)
        modifies[pos] = hostile if pos not in REGISTRE[nom].plages else [[hostile]] * max(1, len(args[pos]))
        _verifier_message(_appel(nom, modifies), argument)


@pytest.mark.parametrize("nom,pos,argument", list(_cas()))
def test_cellule_vide(nom, pos, argument):
    args, _ = EXEMPLES[nom]
    modifies = list(args)
    modifies[pos] = None
    resultat = _appel(nom, modifies)
    if (nom, argument) in VIDES_ADMIS:
        assert resultat == pytest.approx(EXEMPLES[nom][1])
    elif pos < REGISTRE[nom].nb_obligatoires:
        _verifier_message(resultat, argument)
    else:  # optionnel : la valeur par défaut s'applique, pas d'erreur
        assert not (isinstance(resultat, str) and "erreur interne" in resultat)


# Les arguments qui attendent une plage n'y figurent pas : y passer une plage est l'usage normal,
# vérifié par les exemples.
@pytest.mark.parametrize("nom,pos,argument", [c for c in _cas() if c[1] not in REGISTRE[c[0]].plages])
def test_plage_a_la_place_d_une_cellule(nom, pos, argument):
    args, _ = EXEMPLES[nom]
    modifies = list(args)
    modifies[pos] = [[args[pos], args[pos]]]
    _verifier_message(_appel(nom, modifies), argument)


# --- Valeurs hors du domaine de chaque fonction ------------------------------------------------
# (appel, début attendu du message) : surfaces et nombres nuls ou négatifs, durées nulles, mots
# inconnus, dates hors des régimes ou des paramètres sourcés, plafonds dépassés, plages de tailles
# différentes. Chaque fonction du registre doit y figurer.
D2021, D2024 = dt.datetime(2021, 6, 1), dt.datetime(2024, 6, 1)
TABLE_REDEV = [["type", "zone", "pret", "maximum"], ["T1", 1, "PLAI", 450]]
PROJ = (100000, 60000, 20000, 300000, 190000, 0.01, 0.02)
HORS_DOMAINE = {
    "SU_FOYER": [
        (([[20], [-5]], [["logement"], ["annexe"]]), "#surfaces : ligne 2 : doit être supérieur ou égal à 0"),
        (([[20], [5]], [["logement"], ["cuisine"]]), "#categories : ligne 2 : catégorie « cuisine » inconnue"),
        (([[20], [5]], [["logement"]]), "#plages : tailles différentes"),
        (([[20]], [["logement"]], [[-1]]), "#nombres : ligne 1 : doit être supérieur ou égal à 0"),
    ],
    "SLC_FOYER": [
        (([[20], [-5]], [["collectif"], ["annexe"]]), "#surfaces : ligne 2"),
        (([[20], [5]], [["collectif"]], [[1], [1], [1]]), "#plages : tailles différentes"),
    ],
    "NATURE_SURFACE": [(("salon",), "#categorie : catégorie « salon » inconnue")],
    "CS_FOYER": [((0, 880), "#nl : doit être strictement positif"), ((40, 0), "#su : doit être strictement positif"),
                 ((40, -880), "#su : doit être strictement positif"), ((40.5, 880), "#nl : doit être un nombre entier"),
                 ((40, 880, dt.datetime(1990, 1, 1)), "#cs_surface_par_logement_foyer : aucune valeur sourcée avant")],
    "CS_LOGEMENT": [((-1, 600, None, 0.77), "#nl : doit être strictement positif"),
                    ((10, 0, None, 0.77), "#su : doit être strictement positif"),
                    ((10, 600, None, 1.5), "#constante : doit être comprise entre 0 et 1 exclus"),
                    ((10, 600), "#cs_constante_ordinaire : valeur non vérifiée pour le")],
    "MQ_FOYER": [((40, 0, 900), "#su : doit être strictement positif"), ((0, 880, 900), "#nl : doit être strictement positif"),
                 ((40, 880, -1), "#slc : doit être supérieur ou égal à 0"),
                 ((40, 880, 900, "HQE"), "#label : label « HQE » inconnu"),
                 ((40, 880, 900, None, 5), "#ascenseur : « 5 » inconnu"),
                 ((40, 880, 900, None, None, -0.1), "#part_accessibilite : doit être supérieur ou égal à 0"),
                 ((40, 880, 900, None, None, None, None, dt.datetime(2011, 12, 31)), "#mq_foyer : aucune valeur sourcée avant le 01/01/2012"),
                 ((40, 880, 900, None, None, None, None, None, 41), "#nl_acces : 41 dépasse NL = 40"),
                 ((40, 880, 900, None, None, None, None, None, None, -1), "#nl_decision : doit être strictement positif"),
                 ((40, 880, 900, None, None, None, None, None, None, None, "parfois"), "#terme_slc_negatif : « parfois » inconnu"),
                 ((40, 880, 900, "BBC"), "#nature : à préciser"),
                 ((40, 880, 900, "BBC", None, None, None, None, None, None, None, "AA"), "#label : « BBC » est un label de construction neuve (arrêté du 17/10/2011, art. 2 I)"),
                 ((40, 880, 900, "HPE rénovation", None, None, None, None, None, None, None, "neuf"), "#label : « HPE rénovation » est un label de réhabilitation (arrêté du 17/10/2011, art. 6 II)"),
                 ((40, 880, 900, None, None, 0.02, None, None, None, None, None, "VEFA"), "#part_accessibilite : le coefficient pour accessibilité ne vaut que pour les logements existants"),
                 ((40, 880, 900, None, None, None, None, None, None, None, None, "mixte"), "#nature : « mixte » inconnu")],
    "ASSIETTE_SUBVENTION": [((1000, 2.1, 0), "#su : doit être strictement positif"),
                            ((-1, 2.1, 880), "#vb : doit être strictement positif"),
                            ((1000, 2.1, 880, 0, 0, 5000, -2, 40), "#ng : doit être supérieur ou égal à 0"),
                            ((1000, 2.1, 880, 0, 0, 5000, 2), "#nl : nombre de logements requis")],
    "VALEUR_BASE": [(("4",), "#zone : « 4 » inconnu"), ((1, "rénovation", dt.datetime(2002, 6, 1)), "#nature : « rénovation » inconnu"),
                    ((1, None, dt.datetime(2001, 12, 31)), "#valeur_base : aucune valeur sourcée avant le 01/01/2002"),
                    ((1, None, dt.datetime(2024, 1, 1)), "#valeur_base : aucune valeur publiée en vigueur au 01/01/2024")],
    "COUT_GARAGE": [(("A",), "#zone : « A » inconnu"), ((1, "box", dt.datetime(2002, 6, 1)), "#type_garage : « box » inconnu"),
                    ((2, None, dt.datetime(2010, 1, 1)), "#cout_garage : aucune valeur publiée en vigueur")],
    "SUBVENTION_PLAI": [((D2021, None, 1_000_000, 1.5, None), "#taux : 150 % hors de ]0 % ; 100 %]"),
                        ((D2021, None, 1_000_000, -0.2, None), "#taux : -20 % hors de ]0 % ; 100 %]"),
                        ((D2021, None, -5, 0.2, None), "#assiette : doit être strictement positive"),
                        ((D2024, 10, None, None, 20_500), "#forfait_par_logement : 20 500 € par logement dépasse le plafond de 20 000 €"),
                        ((D2024, 10, None, None, 85_000, True, 20_000), "#forfait_par_logement : 85 000 € par logement dépasse le plafond de 80 000 €"),
                        ((D2024, 10, None, None, 20_000, False, 5_001), "#derogation_par_logement : 5 001 € hors de [0 ; 5 000 €]"),
                        ((D2024, 0, None, None, 20_000), "#nl : doit être strictement positif"),
                        ((D2024, -3, None, None, 20_000), "#nl : doit être strictement positif"),
                        ((dt.datetime(1990, 1, 1), 10, 1000, 0.2, None), "#taux_subvention_plai : aucune valeur sourcée avant le 05/05/1995")],
    "REGIME_SUBVENTION": [(("hier",), "#date_decision : date illisible « hier »"),
                          ((dt.datetime(1990, 1, 1),), "#taux_subvention_plai : aucune valeur sourcée avant")],
    "PLAFOND_SUBVENTION": [((D2021,), "#plafond_subvention_par_logement : aucune valeur sourcée avant le 28/09/2022"),
                           ((D2024, "PLAI adapté"), "#adaptee_difficultes_insertion : « PLAI adapté » n'est ni VRAI ni FAUX"),
                           ((D2024, False, 6_000), "#derogation_par_logement : 6 000 € hors de [0 ; 5 000 €]"),
                           ((D2024, False, -1), "#derogation_par_logement : doit être supérieur ou égal à 0")],
    "SURFACE_MINIMALE": [(("T1", 4), "#occupants : 4 occupants pour un type I"),
                         (("studio",), "#type_logement : type « studio » inconnu"),
                         (("T1", None, "réhabilitation"), "#nature : « réhabilitation » inconnu"),
                         (("T1", None, None, dt.datetime(2010, 1, 1)), "#surfaces_minimales_foyer : aucune valeur sourcée avant le 01/01/2012")],
    "CONTROLE_SURFACES": [(([["T1"], ["T2"]], [[12]]), "#plages : tailles différentes"),
                          (([["T1"]], [[-3]]), "#surfaces : ligne 1 : doit être supérieur ou égal à 0"),
                          (([["T8 bis"]], [[30]]), "#types : ligne 1 : type « T8 bis » inconnu"),
                          (([["T1"]], [[12]], [[0]]), "#occupants : ligne 1 : doit être strictement positif"),
                          (([["T1"]], [[12]], None, None, dt.datetime(2011, 1, 1)), "#surfaces_minimales_foyer : aucune valeur sourcée avant")],
    "STATUT_PARAMETRE": [(("inconnu",), "#nom : paramètre « inconnu » inconnu"),
                         (("mq_foyer", "hier"), "#date_reference : date illisible « hier »")],
    "VALEUR_PARAMETRE": [(("valeur_base", dt.datetime(2002, 6, 1), "zone_1.neuf.collectif"), "#valeur_base : valeur non vérifiée"),
                         (("valeur_base", dt.datetime(2001, 6, 1)), "#valeur_base : aucune valeur sourcée avant le 01/01/2002"),
                         (("mq_foyer", D2021, "taille.pas.x"), "#cle : mq_foyer.taille.pas est une valeur simple"),
                         (("mq_foyer", D2021), "#cle : mq_foyer est une table")],
    "SOURCE_PARAMETRE": [(("cs",), "#nom : paramètre « cs » inconnu")],
    "TAUX_PRET": [(("PLS", D2024), "#produit : « PLS » inconnu"),
                  (("PLAI", dt.datetime(2010, 1, 1)), "#"),
                  (("PLAI", dt.datetime(2026, 9, 1)), "#livret_a : aucune valeur publiée en vigueur au 01/09/2026")],
    "ANNUITE_PRET": [((1_000_000, 0.013, 0), "#duree"), ((1_000_000, 0.013, -5), "#duree"),
                     ((-1, 0.013, 40), "#capital"), ((1_000_000, 1.3, 40), "#taux")],
    "TABLEAU_AMORTISSEMENT": [((1000, 0.1, 0), "#duree"), ((1000, -0.1, 2), "#taux")],
    "PRIX_REVIENT": [((-1, 1_000_000, 0), "#charge_fonciere"), ((0, -5, 0), "#travaux")],
    "PRIX_REVIENT_UNITAIRE": [((1_000_000, 0), "#su"), ((1_000_000, -10), "#su")],
    "ALERTES_PRIX_REVIENT": [((0, 40), "#travaux"), ((1_000_000, 0), "#nb_logements"),
                             ((1_000_000, 40, -1), "#abords"),
                             ((1_000_000, 40, None, None, None, None, None, 50_000), "#valeur_base")],
    "PLAN_FINANCEMENT_ECART": [((0, 100, [[300]], [[600]]), "#prix_revient"), ((1000, -100, [[300]], [[600]]), "#fonds_propres"),
                               ((1000, 100, [[-300]], [[600]]), "#subventions")],
    "BILAN_BAILLEUR": [((-1, 60000, 0, 0, 0, 0), "#loyer_immobilier"), ((100000, -60000, 0, 0, 0, 0), "#annuites")],
    "BILAN_GESTIONNAIRE": [((210000, 0, 0, 100000, 0, 0, 0, 0, 1), "#taux_vacance"),
                           ((-1, 0, 0, 100000, 0, 0, 0, 0), "#redevances")],
    "EQUILIBRE_OPERATION": [(("beaucoup", 0), "#resultat_bailleur")],
    "LOYER_EQUILIBRE_BAILLEUR": [((-60000, 0, 0, 0, 0), "#annuites")],
    "REDEVANCE_EQUILIBRE": [((0, 0, 100000, 0, 0, 0, 0, 1.5), "#taux_vacance")],
    "SUBVENTION_EQUILIBRE": [((1000, 0.013, 0), "#duree"), ((1000, -0.5, 40), "#taux")],
    "REDEVANCE_MAXIMUM": [((TABLE_REDEV, "T2", 1, "PLAI"), "#type_logement : « T2 » absent de la table"),
                          ((TABLE_REDEV, "T1", 3, "PLAI"), "#zone : « 3 » absent de la table"),
                          (([["type", "zone"], ["T1", 1]], "T1", 1, "PLAI"), "#table : la première ligne doit contenir")],
    "CONTROLE_REDEVANCE": [((-450, 480), "#pratiquee"), ((450, 0), "#maximum")],
    "PART_LOYER": [((450, 500), "#charges"), ((-1, 0), "#redevance")],
    "PROJECTION_BILANS": [((*PROJ, 39), "#duree"), ((*PROJ[:5], -1, 0.02), "#indexation_recettes")],
    "PREMIERE_ANNEE_NEGATIVE": [((*PROJ, None, None, None, None, None, "banque"), "#bilan : « banque » inconnu"),
                                ((*PROJ, 10), "#duree")],
}


def test_chaque_fonction_a_ses_cas_hors_domaine():
    assert set(REGISTRE) <= set(HORS_DOMAINE), sorted(set(REGISTRE) - set(HORS_DOMAINE))


@pytest.mark.parametrize("nom,args,debut", [(nom, args, debut) for nom, cas in sorted(HORS_DOMAINE.items())
                                            for args, debut in cas])
def test_hors_domaine_message_francais(nom, args, debut):
    resultat = _appel(nom, args)
    assert isinstance(resultat, str) and resultat.startswith(debut), resultat
    assert "erreur interne" not in resultat


# --- Noms sûrs pour VBA et pour Excel ------------------------------------------------------------
# xlwings écrit une fonction VBA par UDF, ses arguments en paramètres : un mot réservé ou le nom d'une
# fonction ou instruction prédéfinie de VBA (Date, Type, Name, Len, Val, Error…) casse le module ou
# masque la fonction de VBA.
MOTS_VBA = {
    "and", "as", "boolean", "byref", "byte", "byval", "call", "case", "cbool", "cbyte", "ccur", "cdate",
    "cdbl", "cint", "clng", "close", "const", "csng", "cstr", "currency", "cvar", "date", "day", "debug",
    "declare", "dim", "do", "double", "each", "else", "elseif", "empty", "end", "enum", "eqv", "erase",
    "err", "error", "event", "exit", "false", "fix", "for", "format", "friend", "function", "get", "global",
    "gosub", "goto", "hour", "if", "iif", "imp", "implements", "in", "input", "int", "integer", "is", "left",
    "len", "let", "lib", "like", "line", "lock", "long", "loop", "lset", "me", "mid", "minute", "mod",
    "month", "name", "new", "next", "not", "nothing", "now", "null", "object", "on", "open", "option",
    "optional", "or", "paramarray", "preserve", "print", "private", "property", "public", "put", "raiseevent",
    "randomize", "redim", "rem", "resume", "return", "right", "rnd", "round", "rset", "second", "seek",
    "select", "set", "sgn", "single", "spc", "static", "step", "stop", "str", "string", "sub", "tab", "then",
    "time", "timer", "to", "trim", "true", "type", "typeof", "until", "val", "variant", "wend", "while",
    "width", "with", "withevents", "write", "xor", "year", "abs", "array", "asc", "chr", "dir", "environ",
    "eof", "exp", "filelen", "hex", "instr", "kill", "lbound", "lcase", "log", "oct", "replace", "shell",
    "sin", "space", "split", "sqr", "switch", "ubound", "ucase", "weekday",
}


def test_noms_surs_pour_vba_et_excel():
    import re

    for nom, f in REGISTRE.items():
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", nom), nom
        assert not re.fullmatch(r"[A-Z]{1,3}[0-9]+|R[0-9]*C[0-9]*", nom), nom     # adresse de cellule
        assert nom.lower() not in MOTS_VBA, nom
        for argument in f.arguments:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", argument), (nom, argument)
            assert argument not in MOTS_VBA, (nom, argument)
