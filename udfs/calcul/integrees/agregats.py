"""Agrégats : SOMME, NB, NBVAL, MOYENNE, MIN, MAX, PRODUIT, SOMMEPROD, et leurs variantes à
critères (SOMME.SI, NB.SI, MOYENNE.SI et .ENS).

La règle d'Excel (page de SOMME : « If an argument is an array or reference, only numbers in
that array or reference are counted. Empty cells, logical values, or text in the array or
reference are ignored ») : dans une plage ou un tableau, seuls les nombres comptent ; un argument
écrit en direct est converti (VRAI vaut 1, « 5 » vaut 5, « abc » donne #VALUE!). Une erreur, où
qu'elle soit, se propage (sauf pour NB et NBVAL, qui comptent).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Callable, Iterator

from udfs.calcul import coercition as co
from udfs.calcul.integrees import integree
from udfs.calcul.types import (DIV0, NUM, VALEUR, Erreur, ErreurExcel, Omis, Reference, Tableau)

_PLAGES = (Reference, Tableau)


def nombres(args) -> Iterator[float]:
    """Les nombres des arguments, selon la règle des agrégats d'Excel."""
    for a in args:
        t = type(a)
        if t is Reference or t is Tableau:
            for v in a.valeurs():
                tv = type(v)
                if tv is int or tv is float:
                    yield v
                elif tv is Erreur:
                    raise ErreurExcel(v)
        elif t is Omis:
            continue
        else:
            yield co.nombre(a)


def _nombres_a(args) -> Iterator[float]:
    """Variante « A » (MOYENNEA, MAXA, MINA) : dans une plage, texte = 0, VRAI = 1."""
    for a in args:
        if type(a) in _PLAGES:
            for v in a.valeurs():
                tv = type(v)
                if tv is int or tv is float:
                    yield v
                elif tv is bool:
                    yield int(v)
                elif tv is str:
                    yield 0
                elif tv is Erreur:
                    raise ErreurExcel(v)
        elif type(a) is not Omis:
            yield co.nombre(a)


@integree("SUM", "p", repete=1, minimum=1)
def somme(*args):
    return co.fini(sum(nombres(args)))


@integree("PRODUCT", "p", repete=1, minimum=1)
def produit(*args):
    r, vu = 1, False
    for x in nombres(args):
        r *= x
        vu = True
    return co.fini(r) if vu else 0


@integree("AVERAGE", "p", repete=1, minimum=1)
def moyenne(*args):
    liste = list(nombres(args))
    if not liste:
        raise ErreurExcel(DIV0)
    return co.fini(sum(liste) / len(liste))


@integree("AVERAGEA", "p", repete=1, minimum=1)
def moyennea(*args):
    liste = list(_nombres_a(args))
    if not liste:
        raise ErreurExcel(DIV0)
    return sum(liste) / len(liste)


@integree("MIN", "p", repete=1, minimum=1)
def minimum(*args):
    return min(nombres(args), default=0)


@integree("MAX", "p", repete=1, minimum=1)
def maximum(*args):
    return max(nombres(args), default=0)


@integree("MINA", "p", repete=1, minimum=1)
def minimum_a(*args):
    return min(_nombres_a(args), default=0)


@integree("MAXA", "p", repete=1, minimum=1)
def maximum_a(*args):
    return max(_nombres_a(args), default=0)


@integree("SUMSQ", "p", repete=1, minimum=1)
def somme_carres(*args):
    return co.fini(sum(x * x for x in nombres(args)))


@integree("MEDIAN", "p", repete=1, minimum=1)
def mediane(*args):
    liste = sorted(nombres(args))
    if not liste:
        raise ErreurExcel(NUM)
    n = len(liste)
    return liste[n // 2] if n % 2 else (liste[n // 2 - 1] + liste[n // 2]) / 2


def _variance(args, echantillon: bool) -> float:
    liste = list(nombres(args))
    n = len(liste)
    if n < (2 if echantillon else 1):
        raise ErreurExcel(DIV0)
    m = sum(liste) / n
    return sum((x - m) ** 2 for x in liste) / (n - 1 if echantillon else n)


@integree("VAR|VAR.S", "p", repete=1, minimum=1)
def variance(*args):
    return _variance(args, True)


@integree("VARP|VAR.P", "p", repete=1, minimum=1)
def variance_p(*args):
    return _variance(args, False)


@integree("STDEV|STDEV.S", "p", repete=1, minimum=1)
def ecart_type(*args):
    return math.sqrt(_variance(args, True))


@integree("STDEVP|STDEV.P", "p", repete=1, minimum=1)
def ecart_type_p(*args):
    return math.sqrt(_variance(args, False))


def _rang_k(args_, k, plus_grand: bool):
    liste = sorted(nombres([args_]), reverse=plus_grand)
    k = co.entier(k)
    if not 1 <= k <= len(liste):
        raise ErreurExcel(NUM)
    return liste[k - 1]


@integree("LARGE", "pv")
def grande_valeur(plage, k):
    return _rang_k(plage, k, True)


@integree("SMALL", "pv")
def petite_valeur(plage, k):
    return _rang_k(plage, k, False)


@integree("COUNT", "p", repete=1, minimum=1)
def nb(*args):
    """Page de NB : nombres, dates, textes de nombres et booléens écrits en argument comptent ;
    dans une plage, seuls les nombres ; les erreurs ne comptent pas (et ne se propagent pas)."""
    n = 0
    for a in args:
        t = type(a)
        if t is Reference or t is Tableau:
            for v in a.valeurs():
                tv = type(v)
                if tv is int or tv is float:
                    n += 1
        elif t is int or t is float or t is bool or t is Omis:
            n += 1
        elif t is str and co.texte_en_nombre(a) is not None:
            n += 1
    return n


@integree("COUNTA", "p", repete=1, minimum=1)
def nbval(*args):
    """Page de NBVAL : toute valeur non vide compte, erreurs et texte vide "" compris."""
    n = 0
    for a in args:
        if type(a) in _PLAGES:
            n += sum(1 for v in a.valeurs() if v is not None)
        elif a is not None:
            n += 1
    return n


@integree("COUNTBLANK", "p")
def nb_vide(plage):
    """Page de NB.VIDE : cellules vides et textes vides "" ; le zéro n'est pas vide."""
    if type(plage) is Reference:
        nl, nc = plage.dimensions
        return nl * nc - sum(1 for v in plage.valeurs() if v != "")
    if type(plage) is Tableau:
        return sum(1 for v in plage.valeurs() if v is None or v == "")
    return 1 if plage is None or plage == "" else 0


@integree("SUMPRODUCT", "a", repete=1, minimum=1)
def sommeprod(*args):
    """Page de SOMMEPROD : dimensions identiques, sinon #VALUE! ; une entrée non numérique vaut
    zéro ; une erreur se propage."""
    tableaux = [co.en_tableau(a).lignes for a in args]
    for lignes in tableaux:                 # une erreur d'un tableau passe avant les dimensions
        for ligne in lignes:
            for v in ligne:
                if type(v) is Erreur:
                    raise ErreurExcel(v)
    dimensions = {a.dimensions if type(a) in _PLAGES else (1, 1) for a in args}
    if len(dimensions) != 1:
        raise ErreurExcel(VALEUR)
    total = 0
    for lignes in zip(*tableaux):
        for valeurs in zip(*lignes):
            p = 1
            for v in valeurs:
                tv = type(v)
                if tv is int or tv is float:
                    p *= v
                elif tv is Erreur:
                    raise ErreurExcel(v)
                else:
                    p = 0
            total += p
    return co.fini(total)


@integree("SUBTOTAL", "vp", repete=1, minimum=2)
def sous_total(code, *plages):
    fonctions = {1: moyenne, 2: nb, 3: nbval, 4: maximum, 5: minimum, 6: produit, 7: ecart_type,
                 8: ecart_type_p, 9: somme, 10: variance, 11: variance_p}
    f = fonctions.get(co.entier(code) % 100)
    if f is None:
        raise ErreurExcel(VALEUR)
    return f(*plages)


# --- Critères (NB.SI, SOMME.SI…) ----------------------------------------------------------------

_OPERATEURS = ("<=", ">=", "<>", "<", ">", "=")


@lru_cache(maxsize=1024)
def _motif(texte: str):
    """Caractères génériques d'Excel : * (suite), ? (un caractère), ~ (échappement)."""
    morceaux, i = [], 0
    while i < len(texte):
        ch = texte[i]
        if ch == "~" and i + 1 < len(texte) and texte[i + 1] in "*?~":
            morceaux.append(re.escape(texte[i + 1]))
            i += 2
            continue
        morceaux.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        i += 1
    return re.compile("".join(morceaux), re.IGNORECASE | re.DOTALL).fullmatch


def _egal_nombre(x: float) -> Callable[[Any], bool]:
    q = float(f"{x:.15g}")

    def test(v):
        tv = type(v)
        if tv is int or tv is float:
            return v == x or float(f"{v:.15g}") == q
        if tv is str:                               # « 5 » saisi en texte répond au critère 5
            y = co.texte_en_nombre(v)
            return y is not None and (y == x or float(f"{y:.15g}") == q)
        return False
    return test


def critere(c: Any) -> Callable[[Any], bool]:
    """Le test d'une cellule pour un critère de NB.SI : nombre, booléen, texte avec opérateur
    (« >5 », « <>abc », « = »), caractères génériques ; une cellule de critère vide vaut 0 (page
    de NB.SI.ENS)."""
    if type(c) is Reference:
        c = c.valeur()
    if c is None or type(c) is Omis:
        c = 0
    tc = type(c)
    if tc is Erreur:
        return lambda v: v is c
    if tc is bool:
        return lambda v: type(v) is bool and v == c
    if tc is int or tc is float:
        return _egal_nombre(c)
    op, reste = "", c
    for o in _OPERATEURS:
        if c.startswith(o):
            op, reste = o, c[len(o):]
            break
    if op in ("", "="):
        return _critere_egal(reste, op == "=")
    if op == "<>":
        if reste == "":
            return lambda v: v is not None
        egal = _critere_egal(reste, False)
        return lambda v: not egal(v)
    return _critere_ordre(op, reste)


def _critere_egal(reste: str, explicite: bool) -> Callable[[Any], bool]:
    if reste == "":
        return (lambda v: v is None) if explicite else (lambda v: v is None or v == "")
    x = co.texte_en_nombre(reste)
    if x is not None:
        return _egal_nombre(x)
    u = reste.upper()
    if u in ("TRUE", "FALSE"):
        b = u == "TRUE"
        return lambda v: type(v) is bool and v == b
    from udfs.calcul.types import ERREURS
    if u in ERREURS:
        e = ERREURS[u]
        return lambda v: v is e
    if any(ch in reste for ch in "*?~"):
        motif = _motif(reste)
        return lambda v: type(v) is str and motif(v) is not None
    cible = reste.lower()
    return lambda v: type(v) is str and v.lower() == cible


def _critere_ordre(op: str, reste: str) -> Callable[[Any], bool]:
    x = co.texte_en_nombre(reste)
    tests = {"<": lambda c: c < 0, ">": lambda c: c > 0, "<=": lambda c: c <= 0, ">=": lambda c: c >= 0}
    test = tests[op]
    if x is not None:
        return lambda v: (type(v) is int or type(v) is float) and test(co.comparer(v, x))
    u = reste.upper()
    if u in ("TRUE", "FALSE"):
        b = u == "TRUE"
        return lambda v: type(v) is bool and test(co.comparer(v, b))
    return lambda v: type(v) is str and test(co.comparer(v, reste))


def _lignes(plage: Any) -> list[list[Any]]:
    if type(plage) in _PLAGES:
        return co.en_tableau(plage).lignes
    return [[plage]]


def _dimensions(plage: Any) -> tuple[int, int]:
    return plage.dimensions if type(plage) in _PLAGES else (1, 1)


def _retenues(paires) -> list[tuple[int, int]]:
    """Positions (i, j) qui répondent à tous les critères ; plages de mêmes dimensions."""
    if len({_dimensions(p) for p, _ in paires}) != 1:
        raise ErreurExcel(VALEUR)
    tests = [(_lignes(p), critere(c)) for p, c in paires]
    lignes0, test0 = tests[0]
    positions = []
    for i, ligne in enumerate(lignes0):
        for j, v in enumerate(ligne):
            if test0(v) and all(_a(l, i, j, t) for l, t in tests[1:]):
                positions.append((i, j))
    return positions


def _a(lignes, i, j, test) -> bool:
    try:
        return test(lignes[i][j])
    except IndexError:                 # zone non utilisée d'une plage de colonne entière : vide
        return test(None)


def _cible(plage: Any, cible: Any) -> Any:
    """SOMME.SI : la plage à sommer prend la taille de la plage des critères depuis son coin."""
    if cible is None or type(cible) is Omis:
        return plage
    if type(cible) is Reference and type(plage) in _PLAGES:
        nl, nc = _dimensions(plage)
        return Reference(cible.modele, cible.feuille, cible.l1, cible.c1, cible.l1 + nl - 1, cible.c1 + nc - 1)
    return cible


def _valeurs_aux(cible: Any, positions) -> Iterator[Any]:
    lignes = _lignes(cible)
    for i, j in positions:
        try:
            yield lignes[i][j]
        except IndexError:
            continue


def _nombres_aux(cible, positions) -> Iterator[float]:
    for v in _valeurs_aux(cible, positions):
        tv = type(v)
        if tv is int or tv is float:
            yield v
        elif tv is Erreur:
            raise ErreurExcel(v)


@integree("COUNTIF", "pv", erreurs=True)
def nb_si(plage, c):
    return len(_retenues([(plage, c)]))


@integree("COUNTIFS", "pv", repete=2, minimum=2, erreurs=True)
def nb_si_ens(*args):
    if len(args) % 2:
        raise ErreurExcel(VALEUR)
    return len(_retenues(list(zip(args[0::2], args[1::2]))))


@integree("SUMIF", "pvp", minimum=2, erreurs=True)
def somme_si(plage, c, cible=None):
    return co.fini(sum(_nombres_aux(_cible(plage, cible), _retenues([(plage, c)]))))


def _ens(cible, criteres):
    if not criteres or len(criteres) % 2:
        raise ErreurExcel(VALEUR)
    paires = [(cible, None)] + list(zip(criteres[0::2], criteres[1::2]))
    if len({_dimensions(p) for p, _ in paires}) != 1:
        raise ErreurExcel(VALEUR)
    return _retenues(paires[1:])


@integree("SUMIFS", "ppv", repete=2, minimum=3, erreurs=True)
def somme_si_ens(cible, *criteres):
    return co.fini(sum(_nombres_aux(cible, _ens(cible, criteres))))


@integree("AVERAGEIF", "pvp", minimum=2, erreurs=True)
def moyenne_si(plage, c, cible=None):
    liste = list(_nombres_aux(_cible(plage, cible), _retenues([(plage, c)])))
    if not liste:
        raise ErreurExcel(DIV0)
    return sum(liste) / len(liste)


@integree("AVERAGEIFS", "ppv", repete=2, minimum=3, erreurs=True)
def moyenne_si_ens(cible, *criteres):
    liste = list(_nombres_aux(cible, _ens(cible, criteres)))
    if not liste:
        raise ErreurExcel(DIV0)
    return sum(liste) / len(liste)


@integree("MAXIFS", "ppv", repete=2, minimum=3, erreurs=True)
def max_si_ens(cible, *criteres):
    return max(_nombres_aux(cible, _ens(cible, criteres)), default=0)


@integree("MINIFS", "ppv", repete=2, minimum=3, erreurs=True)
def min_si_ens(cible, *criteres):
    return min(_nombres_aux(cible, _ens(cible, criteres)), default=0)
