"""Finance : VPM (PMT), VA, VC, NPM, INTPER, PRINCPER, VAN."""

from __future__ import annotations

from udfs.calcul import coercition as co
from udfs.calcul.integrees import integree
from udfs.calcul.integrees.agregats import nombres
from udfs.calcul.types import NUM, ErreurExcel

_n = co.nombre


def _vpm(taux, n, va, vc=0.0, type_=0):
    if n == 0:
        raise ErreurExcel(NUM)
    if taux == 0:
        return -(va + vc) / n
    q = (1 + taux) ** n
    return -(taux * (va * q + vc)) / ((1 + taux * type_) * (q - 1))


@integree("PMT", "vvvvv", minimum=3)
def vpm(taux, n, va, vc=0, type_=0):
    return co.fini(_vpm(_n(taux), _n(n), _n(va), _n(vc), 1 if _n(type_) else 0))


@integree("FV", "vvvvv", minimum=3)
def vc(taux, n, vpm_, va=0, type_=0):
    t, n, p, v, ty = _n(taux), _n(n), _n(vpm_), _n(va), 1 if _n(type_) else 0
    if t == 0:
        return -(v + p * n)
    q = (1 + t) ** n
    return co.fini(-(v * q + p * (1 + t * ty) * (q - 1) / t))


@integree("PV", "vvvvv", minimum=3)
def va(taux, n, vpm_, vc_=0, type_=0):
    t, n, p, f, ty = _n(taux), _n(n), _n(vpm_), _n(vc_), 1 if _n(type_) else 0
    if t == 0:
        return -(f + p * n)
    q = (1 + t) ** n
    return co.fini(-(f + p * (1 + t * ty) * (q - 1) / t) / q)


@integree("NPER", "vvvvv", minimum=3)
def npm(taux, vpm_, va_, vc_=0, type_=0):
    import math
    t, p, v, f, ty = _n(taux), _n(vpm_), _n(va_), _n(vc_), 1 if _n(type_) else 0
    if t == 0:
        if p == 0:
            raise ErreurExcel(NUM)
        return -(v + f) / p
    a = p * (1 + t * ty) / t
    try:
        return co.fini(math.log((a - f) / (a + v)) / math.log(1 + t))
    except (ValueError, ZeroDivisionError):
        raise ErreurExcel(NUM) from None


def _interets(t, periode, n, v, f, ty):
    p = _vpm(t, n, v, f, ty)
    if periode == 1 and ty:
        return 0.0
    capital = v
    for k in range(1, int(periode)):
        interet = 0 if (k == 1 and ty) else capital * t
        capital += interet + p
    return -capital * t if not (periode == 1 and ty) else 0.0


@integree("IPMT", "vvvvvv", minimum=4)
def intper(taux, periode, n, va_, vc_=0, type_=0):
    t, k, n, v, f, ty = _n(taux), _n(periode), _n(n), _n(va_), _n(vc_), 1 if _n(type_) else 0
    if not 1 <= k <= n:
        raise ErreurExcel(NUM)
    return co.fini(_interets(t, k, n, v, f, ty))


@integree("PPMT", "vvvvvv", minimum=4)
def princper(taux, periode, n, va_, vc_=0, type_=0):
    t, k, n, v, f, ty = _n(taux), _n(periode), _n(n), _n(va_), _n(vc_), 1 if _n(type_) else 0
    if not 1 <= k <= n:
        raise ErreurExcel(NUM)
    return co.fini(_vpm(t, n, v, f, ty) - _interets(t, k, n, v, f, ty))


@integree("NPV", "vp", repete=1, minimum=2)
def van(taux, *flux):
    t = _n(taux)
    if t == -1:
        raise ErreurExcel(co.DIV0)
    return co.fini(sum(x / (1 + t) ** (i + 1) for i, x in enumerate(nombres(flux))))
