"""Logique : SI (seule la branche choisie est calculée), SIERREUR, SI.NON.DISP, SI.CONDITIONS,
SI.MULTIPLE, ET, OU, OUX, NON, VRAI(), FAUX()."""

from __future__ import annotations

from udfs.calcul import coercition as co
from udfs.calcul.compilation import diffuser
from udfs.calcul.integrees import integree
from udfs.calcul.types import NA, VALEUR, Erreur, ErreurExcel, Omis, Reference, Tableau

_PLAGES = (Tableau, Reference)


def _choix(c, alors, sinon):
    if type(c) is Erreur:
        return c
    return alors if co.booleen(c) else sinon


@integree("IF", "vll", minimum=1, maximum=3, paresseuse=True, reference=True)
def si(condition, alors=None, sinon=None):
    c = condition()
    if type(c) in _PLAGES:                     # SI matriciel : les deux branches, case par case
        a = alors() if alors else True
        b = sinon() if sinon else False
        return diffuser(_choix, [c, a, b])
    if type(c) is Erreur:
        return c
    if co.booleen(c):
        return alors() if alors else True
    return sinon() if sinon else False


def _si_erreur(valeur, autre, est_erreur):
    v = valeur()
    if type(v) in _PLAGES:
        a = autre()
        return diffuser(lambda x, y: y if est_erreur(x) else x, [v, a], (0,))
    return autre() if est_erreur(v) else v


@integree("IFERROR", "ll", paresseuse=True, reference=True)
def si_erreur(valeur, autre):
    return _si_erreur(valeur, autre, lambda x: type(x) is Erreur)


@integree("IFNA", "ll", paresseuse=True, reference=True)
def si_non_disp(valeur, autre):
    return _si_erreur(valeur, autre, lambda x: x is NA)


@integree("IFS", "ll", repete=2, minimum=2, paresseuse=True, reference=True)
def si_conditions(*paires):
    if len(paires) % 2:
        raise ErreurExcel(VALEUR)
    for i in range(0, len(paires), 2):
        c = co.premier(paires[i]())
        if type(c) is Erreur:
            return c
        if co.booleen(c):
            return paires[i + 1]()
    return NA


@integree("SWITCH", "vll", repete=2, minimum=3, paresseuse=True, reference=True)
def si_multiple(expression, *suite):
    v = co.premier(expression())
    if type(v) is Erreur:
        return v
    i = 0
    while i + 1 < len(suite):
        cas = co.premier(suite[i]())
        if type(cas) is Erreur:
            return cas
        if co.rang(cas) == co.rang(v) and co.comparer(v, cas) == 0:
            return suite[i + 1]()
        i += 2
    return suite[-1]() if len(suite) % 2 else NA


def _logiques(args):
    """ET/OU : booléens et nombres comptent, textes et vides sont ignorés (un texte « VRAI » écrit en
    argument compte) ; une erreur se propage ; aucune valeur logique : #VALUE!."""
    vu = False
    for a in args:
        if type(a) in _PLAGES:
            for v in a.valeurs():
                tv = type(v)
                if tv is bool or tv is int or tv is float:
                    vu = True
                    yield bool(v)
                elif tv is Erreur:
                    raise ErreurExcel(v)
        elif type(a) is Omis:
            continue
        elif type(a) is str:               # texte écrit en argument : « VRAI » compte, le reste est ignoré
            if a.strip().upper() in ("TRUE", "FALSE", "VRAI", "FAUX"):
                vu = True
                yield co.booleen(a)
        else:
            vu = True
            yield co.booleen(a)
    if not vu:
        raise ErreurExcel(VALEUR)


@integree("AND", "p", repete=1, minimum=1)
def et(*args):
    return all(list(_logiques(args)))


@integree("OR", "p", repete=1, minimum=1)
def ou(*args):
    return any(list(_logiques(args)))


@integree("XOR", "p", repete=1, minimum=1)
def oux(*args):
    return sum(_logiques(args)) % 2 == 1


@integree("NOT", "v")
def non(x):
    if type(x) is Erreur:
        return x
    return not co.booleen(x)


@integree("TRUE", "")
def vrai():
    return True


@integree("FALSE", "")
def faux():
    return False
