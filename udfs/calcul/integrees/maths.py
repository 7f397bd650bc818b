"""Mathématiques : ARRONDI (celui d'Excel, ``udfs.arrondi``), ENT, TRONQUE, MOD, ABS, RACINE…,
SEQUENCE, TRANSPOSE."""

from __future__ import annotations

import math
import random
from decimal import ROUND_DOWN, ROUND_UP, Decimal

from udfs.arrondi import arrondi_excel
from udfs.calcul import coercition as co
from udfs.calcul.integrees import integree
from udfs.calcul.types import CALC, DIV0, NUM, VALEUR, Erreur, ErreurExcel, Reference, Tableau

_n = co.nombre


def _chiffres(d) -> int:
    return int(_n(d))              # Excel tronque le nombre de chiffres vers zéro


@integree("ROUND", "vv")
def arrondi(x, d):
    return arrondi_excel(_n(x), _chiffres(d))


def _arrondi_sens(x, d, sens):
    pas = Decimal(1).scaleb(-_chiffres(d))
    return float(Decimal(repr(float(f"{_n(x):.15g}"))).quantize(pas, rounding=sens))


@integree("ROUNDUP", "vv")
def arrondi_sup(x, d):
    return _arrondi_sens(x, d, ROUND_UP)


@integree("ROUNDDOWN", "vv")
def arrondi_inf(x, d):
    return _arrondi_sens(x, d, ROUND_DOWN)


@integree("INT", "v")
def ent(x):
    return math.floor(_n(x))


@integree("TRUNC", "vv", minimum=1)
def tronque(x, d=0):
    return _arrondi_sens(x, d, ROUND_DOWN)


@integree("ABS", "v")
def valeur_absolue(x):
    return abs(_n(x))


@integree("SIGN", "v")
def signe(x):
    x = _n(x)
    return (x > 0) - (x < 0)


@integree("MOD", "vv")
def mod(x, y):
    x, y = _n(x), _n(y)
    if y == 0:
        raise ErreurExcel(DIV0)
    return co.fini(x - y * math.floor(x / y))


@integree("QUOTIENT", "vv")
def quotient(x, y):
    x, y = _n(x), _n(y)
    if y == 0:
        raise ErreurExcel(DIV0)
    return int(x / y)


@integree("POWER", "vv")
def puissance(x, y):
    from udfs.calcul.compilation import _puissance
    return _puissance(_n(x), _n(y))


@integree("SQRT", "v")
def racine(x):
    x = _n(x)
    if x < 0:
        raise ErreurExcel(NUM)
    return math.sqrt(x)


@integree("EXP", "v")
def exp(x):
    try:
        return math.exp(_n(x))
    except OverflowError:
        raise ErreurExcel(NUM) from None


def _log(x, base):
    if x <= 0 or base <= 0:
        raise ErreurExcel(NUM)
    if base == 1:
        raise ErreurExcel(DIV0)
    return math.log(x) / math.log(base)


@integree("LN", "v")
def ln(x):
    return _log(_n(x), math.e)


@integree("LOG", "vv", minimum=1)
def log(x, base=10):
    return _log(_n(x), _n(base))


@integree("LOG10", "v")
def log10(x):
    return _log(_n(x), 10)


@integree("PI", "")
def pi():
    return math.pi


@integree("RADIANS", "v")
def radians(x):
    return math.radians(_n(x))


@integree("DEGREES", "v")
def degres(x):
    return math.degrees(_n(x))


for _nom, _f in {"SIN": math.sin, "COS": math.cos, "TAN": math.tan, "ATAN": math.atan}.items():
    integree(_nom, "v")(lambda x, _f=_f: _f(_n(x)))


@integree("ATAN2", "vv")
def atan2(x, y):
    x, y = _n(x), _n(y)
    if x == 0 and y == 0:
        raise ErreurExcel(DIV0)
    return math.atan2(y, x)


def _multiple(x, pas, vers_haut: bool):
    x, pas = _n(x), _n(pas)
    if pas == 0:
        return 0
    if x > 0 and pas < 0:
        raise ErreurExcel(NUM)
    q = x / pas
    q = float(f"{q:.15g}")
    return co.fini((math.ceil(q) if vers_haut else math.floor(q)) * pas)


@integree("CEILING", "vv")
def plafond(x, pas):
    return _multiple(x, pas, True)


@integree("FLOOR", "vv")
def plancher(x, pas):
    if _n(pas) == 0 and _n(x) != 0:
        raise ErreurExcel(DIV0)
    return _multiple(x, pas, False)


def _multiple_math(x, pas, mode, vers_haut: bool):
    """PLAFOND.MATH, PLANCHER.MATH : pas pris en valeur absolue ; ``mode`` non nul, un négatif
    s'arrondit en s'éloignant de zéro (ou vers zéro)."""
    x, pas = _n(x), abs(_n(pas))
    if pas == 0:
        return 0
    if x < 0 and _n(mode):
        return -_multiple(-x, pas, vers_haut)
    return _multiple(x, pas, vers_haut)


@integree("CEILING.MATH", "vvv", minimum=1)
def plafond_math(x, pas=1, mode=0):
    return _multiple_math(x, pas, mode, True)


@integree("FLOOR.MATH", "vvv", minimum=1)
def plancher_math(x, pas=1, mode=0):
    return _multiple_math(x, pas, mode, False)


@integree("MROUND", "vv", diffusable=False)
def arrondi_au_multiple(x, pas):
    if type(x) is bool or type(pas) is bool:       # utilitaire d'analyse : pas de booléen
        raise ErreurExcel(VALEUR)
    x, pas = _n(x), _n(pas)
    if pas == 0:
        return 0
    if (x > 0) != (pas > 0) and x != 0:
        raise ErreurExcel(NUM)
    return arrondi_excel(x / pas, 0) * pas


@integree("EVEN", "v")
def pair(x):
    x = _n(x)
    n = math.ceil(abs(x) / 2) * 2
    return n if x >= 0 else -n


@integree("ODD", "v")
def impair(x):
    x = _n(x)
    n = math.ceil(abs(x))
    n = n if n % 2 else n + 1
    return n if x >= 0 else -n


@integree("FACT", "v")
def fact(x):
    x = int(_n(x))
    if x < 0:
        raise ErreurExcel(NUM)
    return co.fini(float(math.factorial(x))) if x > 20 else math.factorial(x)


@integree("RAND", "")
def alea():
    return random.random()


@integree("RANDBETWEEN", "vv")
def alea_entre(a, b):
    a, b = math.ceil(_n(a)), math.floor(_n(b))
    if a > b:
        raise ErreurExcel(NUM)
    return random.randint(a, b)


@integree("SEQUENCE", "vvvv", minimum=1)
def sequence(lignes, colonnes=1, debut=1, pas=1):
    nl, nc, d, p = co.entier(lignes), co.entier(colonnes), _n(debut), _n(pas)
    if nl < 1 or nc < 1:
        raise ErreurExcel(CALC)
    return Tableau([[d + p * (i * nc + j) for j in range(nc)] for i in range(nl)])


@integree("TRANSPOSE", "a")
def transpose(v):
    t = co.en_tableau(v).lignes
    return Tableau([list(colonne) for colonne in zip(*t)])


@integree("MMULT", "aa")
def produit_matriciel(a, b):
    x, y = co.en_tableau(a).lignes, co.en_tableau(b).lignes
    if len(x[0]) != len(y):
        raise ErreurExcel(VALEUR)
    for v in [*(v for l in x for v in l), *(v for l in y for v in l)]:
        if type(v) is Erreur:
            raise ErreurExcel(v)
        if type(v) not in (int, float):
            raise ErreurExcel(VALEUR)
    return Tableau([[sum(x[i][k] * y[k][j] for k in range(len(y))) for j in range(len(y[0]))]
                    for i in range(len(x))])


@integree("ROWS", "p")
def lignes(v):
    if type(v) is Erreur:
        raise ErreurExcel(v)
    if type(v) in (Reference, Tableau):
        return v.dimensions[0]
    return 1


@integree("COLUMNS", "p")
def colonnes(v):
    if type(v) is Erreur:
        raise ErreurExcel(v)
    if type(v) in (Reference, Tableau):
        return v.dimensions[1]
    return 1
