"""Chaque fonction Excel face aux saisies hostiles (issue 6), table par table.

Pour chaque UDF du registre, un appel valide sert de référence ; on remplace ensuite un argument à
la fois par : un texte, une erreur Excel, une cellule vide (si l'argument est obligatoire), une plage
de plusieurs cellules à la place d'une seule. Chaque fois la cellule doit montrer un texte « #… »
qui nomme l'argument, sans trace Python ni « erreur interne », et jamais un 0 silencieux.
Un nouvel UDF sans exemple ici fait échouer le test : on ne l'oublie pas.
"""

import datetime as dt

import pytest

from udfs.excel import REGISTRE

TABLE_LOCAUX = ([[20], [10], [30]], [["logement"], ["annexe"], ["collectif"]])

# Appel valide de référence et résultat attendu (calculé à la main), par fonction.
EXEMPLES = {
    # SU = 20 + 10/2 = 25 m² ; SLC = 30 m²
    "SU_FOYER": (TABLE_LOCAUX, 25),
    "SLC_FOYER": (TABLE_LOCAUX, 30),
    "NATURE_SURFACE": (("annexe",), "SU 50 %"),
    # 0,77 × (1 + 40 × 38 / 880) = 2,1
    "CS_FOYER": ((40, 880), 2.1),
    # 0,77 × (1 + 10 × 20 / 600) = 1,026666…
    "CS_LOGEMENT": ((10, 600), 0.77 * (1 + 200 / 600)),
    # réglementation §8.2 : 0,0750 + 0,0180
    "MQ_FOYER": ((40, 880, 900), 0.0930),
    # 1 000 × 2,1 × 880 × 1,093
    "ASSIETTE_SUBVENTION": ((1000, 2.1, 880, 0.093), 2019864),
    "VALEUR_BASE": ((1, "logement-foyer", dt.datetime(2002, 6, 1)), 1056),
    "COUT_GARAGE": ((1, "enterré", dt.datetime(2002, 6, 1)), 8803),
    # 2 019 864 × 20 %
    "SUBVENTION_PLAI": ((dt.datetime(2021, 6, 1), 40, 2019864, 0.20, None), 403972.80),
    "REGIME_SUBVENTION": ((dt.datetime(2022, 9, 28),), "forfait par logement"),
    # 60 000 + 10 000 (PLAI adapté, dérogation)
    "PLAFOND_SUBVENTION": ((dt.datetime(2024, 1, 1), True, 10000), 70000),
    # Livret A 1,50 % au 01/02/2026 − 0,20 point
    "TAUX_PRET": (("PLAI", dt.datetime(2026, 3, 1)), 0.013),
    "ANNUITE_PRET": ((1_000_000, 0.013, 40), 32219.38),
    # 100 000 − (60 000 + 10 000 + 5 000 + 3 000 + 2 000)
    "BILAN_BAILLEUR": ((100000, 60000, 10000, 5000, 3000, 2000), 20000),
    "EQUILIBRE_OPERATION": ((100, 0), "Équilibrée"),
    # 1 000 € à 10 % sur 2 ans : annuité 100 / (1 − 1,1^−2) = 576,19 ; intérêts 100 puis 52,38.
    # Matrices comparées cellule par cellule (en-têtes compris) ; seules les premières lignes
    # sont données, le nombre total de lignes est vérifié. Une formule dans une seule cellule
    # (moteur sans Excel) n'en montre que le coin supérieur gauche.
    "TABLEAU_AMORTISSEMENT": ((1000, 0.10, 2), (lambda attendu, n: type("Matrice", (), {
        "__eq__": lambda s, o: o == attendu[0][0] if not isinstance(o, list) else len(o) == n and o[:len(attendu)] == [
            [pytest.approx(x, abs=0.005) if isinstance(x, (int, float)) else x for x in ligne]
            for ligne in attendu],
        "__repr__": lambda s: f"Matrice({attendu!r}, {n} lignes)"})())(
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
    "PROJECTION_BILANS": ((100000, 60000, 20000, 300000, 190000, 0.01, 0.02), (lambda attendu, n: type("Matrice", (), {
        "__eq__": lambda s, o: o == attendu[0][0] if not isinstance(o, list) else len(o) == n and o[:len(attendu)] == [
            [pytest.approx(x, abs=0.005) if isinstance(x, (int, float)) else x for x in ligne]
            for ligne in attendu],
        "__repr__": lambda s: f"Matrice({attendu!r}, {n} lignes)"})())(
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


@pytest.mark.parametrize("nom,pos,argument", list(_cas()))
def test_plage_a_la_place_d_une_cellule(nom, pos, argument):
    args, _ = EXEMPLES[nom]
    if pos in REGISTRE[nom].plages:
        pytest.skip("argument plage")
    modifies = list(args)
    modifies[pos] = [[args[pos], args[pos]]]
    _verifier_message(_appel(nom, modifies), argument)
