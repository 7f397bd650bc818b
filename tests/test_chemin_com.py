"""Le chemin Excel → VBA → XLPython.CallUDF → xlwings.udfs.call_udf, pour chaque fonction du registre.

Sous Windows, Excel passe les arguments par COM : plages en objets Range (tuples de tuples), cellules
vides en None, nombres en float, dates en datetime avec fuseau, cellules au format monétaire en
Decimal à 4 décimales, erreurs en entiers (−2146826281 = #DIV/0!), arguments omis en
DISP_E_PARAMNOTFOUND. Les convertisseurs réels d'xlwings (modules Windows simulés,
tests/outils/simulation_windows.py) les ramènent à des valeurs Python ; le résultat doit être celui
d'un appel direct de la fonction avec les valeurs que l'instructeur a saisies, ou le même message
« #… ». Les appels de référence sont ceux de tests/test_robustesse_udfs.py (table EXEMPLES).
"""

import datetime as dt
from decimal import Decimal

import pytest

from tests.outils.simulation_windows import ERREURS_COM, OMIS, date_com, lancer, plage
from tests.test_robustesse_udfs import EXEMPLES
from udfs.fonctions import REGISTRE
from udfs.valeurs import vers_serie

MONETAIRE = Decimal("0.0001")            # format monétaire : COM rend 4 décimales (VT_CY)
MATRICES = {"TABLEAU_AMORTISSEMENT", "PROJECTION_BILANS"}
ERREURS = list(ERREURS_COM.items())


def _cellule(x, monetaire=False):
    """Valeur d'une cellule telle que COM la rend (``monetaire`` : cellule au format monétaire)."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, dt.datetime):
        return Decimal(vers_serie(x)).quantize(MONETAIRE) if monetaire else date_com(x.year, x.month, x.day)
    if isinstance(x, (int, float)):
        return Decimal(str(x)).quantize(MONETAIRE) if monetaire else float(x)
    raise TypeError(x)


def _reference(x, monetaire=False):
    """L'argument écrit comme une référence à des cellules (=F(A1; B2:B9))."""
    if isinstance(x, list):
        return plage([[_cellule(c, monetaire) for c in ligne] for ligne in x])
    return plage([[_cellule(x, monetaire)]])


def _litteral(x):
    """L'argument écrit dans la formule (=F(40; 880; {20;10})) : une date y est un numéro de série."""
    if x is None:
        return OMIS
    if isinstance(x, list):
        return tuple(tuple(_cellule(c) for c in ligne) for ligne in x)
    if isinstance(x, dt.datetime):
        return float(vers_serie(x))
    return _cellule(x)


def _complet(nom, args_com):
    """VBA passe toujours tous les paramètres : les facultatifs non écrits arrivent « omis »."""
    return list(args_com) + [OMIS] * (len(REGISTRE[nom].arguments) - len(args_com))


def _meme_forme(x, valeur):
    return [[valeur] * len(ligne) for ligne in x] if isinstance(x, list) else valeur


def _cas():
    """(identifiant, fonction, arguments COM, arguments de l'appel direct équivalent)."""
    for nom in sorted(REGISTRE):
        args, _ = EXEMPLES[nom]
        args = list(args)
        yield f"{nom}-references", nom, _complet(nom, [_reference(a) for a in args]), args
        yield f"{nom}-litteraux", nom, _complet(nom, [_litteral(a) for a in args]), args
        yield f"{nom}-monetaire", nom, _complet(nom, [_reference(a, True) for a in args]), args
        n = REGISTRE[nom].nb_obligatoires
        if len(REGISTRE[nom].arguments) > n:
            obligatoires = (args + [None] * n)[:n]
            yield (f"{nom}-facultatifs-omis", nom, _complet(nom, [_reference(a) for a in obligatoires]),
                   obligatoires)
        for pos, argument in enumerate(REGISTRE[nom].arguments[:len(args)]):
            texte, code = ERREURS[pos % len(ERREURS)]
            com = [_reference(a) for a in args]
            com[pos] = plage(_meme_forme(args[pos], code)) if isinstance(args[pos], list) else plage([[code]])
            direct = list(args)
            direct[pos] = _meme_forme(args[pos], texte)
            yield f"{nom}-erreur-{argument}", nom, _complet(nom, com), direct
            com = [_reference(a) for a in args]
            com[pos] = plage(_meme_forme(args[pos], None)) if isinstance(args[pos], list) else plage([[None]])
            direct = list(args)
            direct[pos] = _meme_forme(args[pos], None)
            yield f"{nom}-vide-{argument}", nom, _complet(nom, com), direct


CAS = list(_cas())


@pytest.fixture(scope="module")
def resultats_com():
    reponses = lancer({"type": "appels", "appels": [(nom, com) for _, nom, com, _ in CAS]})
    return {ident: r for (ident, *_), r in zip(CAS, reponses)}


def _comme_excel(r):
    """Ce que reçoit Excel d'un résultat Python : une matrice reste une liste de lignes (None y
    devient une cellule vide), une matrice 1 × 1 et un scalaire arrivent en scalaire."""
    if isinstance(r, list):
        if len(r) == 1 and len(r[0]) == 1:      # XLPython.CallUDF rend une matrice 1 × 1 en scalaire
            return "" if r[0][0] is None else r[0][0]
        return [["" if x is None else x for x in ligne] for ligne in r]
    return r


def test_chaque_fonction_est_couverte():
    assert {nom for _, nom, _, _ in CAS} == set(REGISTRE)
    assert len(CAS) >= 300


@pytest.mark.parametrize("ident,nom,com,direct", CAS, ids=[c[0] for c in CAS])
def test_meme_resultat_qu_un_appel_direct(resultats_com, ident, nom, com, direct):
    obtenu = resultats_com[ident]
    assert not (isinstance(obtenu, dict) and "exception" in obtenu), obtenu
    attendu = _comme_excel(REGISTRE[nom].appel(*direct))
    assert obtenu == attendu
    assert not (isinstance(obtenu, str) and "erreur interne" in obtenu), obtenu


@pytest.mark.parametrize("nom", sorted(REGISTRE))
def test_valeur_calculee_a_la_main(resultats_com, nom):
    """Par COM aussi, l'appel de référence donne la valeur calculée à la main (EXEMPLES)."""
    for forme in ("references", "litteraux", "monetaire"):
        obtenu, attendu = resultats_com[f"{nom}-{forme}"], EXEMPLES[nom][1]
        if isinstance(attendu, str):
            assert obtenu == attendu, forme
        else:
            assert attendu == obtenu if nom in MATRICES else obtenu == pytest.approx(attendu, abs=0.005), forme


@pytest.mark.parametrize("nom", sorted(MATRICES))
def test_matrice_recue_en_deux_dimensions(resultats_com, nom):
    obtenu = resultats_com[f"{nom}-references"]
    assert isinstance(obtenu, list) and len(obtenu) > 1
    assert all(isinstance(ligne, list) and len(ligne) == len(obtenu[0]) > 1 for ligne in obtenu)


def test_une_erreur_excel_nomme_l_argument(resultats_com):
    """Une erreur Excel reçue par COM (un entier) devient le message « #argument : … »."""
    for ident, nom, _, _ in CAS:
        if "-erreur-" in ident:
            argument = ident.split("-erreur-")[1]
            obtenu = resultats_com[ident]
            assert isinstance(obtenu, str) and obtenu.startswith(f"#{argument} : "), (ident, obtenu)


def test_decimal_d_une_cellule_monetaire():
    """Une zone, un booléen, une date au format monétaire (le défaut trouvé par ces tests)."""
    reponses = lancer({"type": "appels", "appels": [
        ("COUT_GARAGE", [plage([[Decimal("1.0000")]]), "enterré", date_com(2002, 6, 1)]),
        ("MQ_FOYER", [40.0, 880.0, 900.0, OMIS, plage([[Decimal("2.0000")]]), OMIS,
                      plage([[Decimal("1.0000")]]), OMIS]),
        ("REGIME_SUBVENTION", [plage([[Decimal("44834.0000")]])]),
        ("NATURE_SURFACE", [plage([[Decimal("1.5000")]])]),
    ]})
    assert reponses[0] == 8803                                          # zone 1, garage enterré, 2002
    assert reponses[1] == REGISTRE["MQ_FOYER"].appel(40, 880, 900, None, 2, None, True)
    assert reponses[2] == "forfait par logement"                        # 44834 = 28/09/2022
    assert reponses[3].startswith("#categorie : catégorie « 1.5 » inconnue"), reponses[3]
