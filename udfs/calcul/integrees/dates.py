"""Dates et heures en numéros de série du système 1900 d'Excel (avec le faux 29/02/1900, n° 60) :
DATE, ANNEE, MOIS, JOUR, AUJOURDHUI, MAINTENANT, MOIS.DECALER, FIN.MOIS, JOURSEM, DATEVAL…"""

from __future__ import annotations

import calendar
import datetime as dt
import math

from udfs.calcul import coercition as co
from udfs.calcul.integrees import integree
from udfs.calcul.types import NUM, VALEUR, ErreurExcel
from udfs.valeurs import SERIE_MAX, depuis_serie, vers_serie


def _serie(v) -> float:
    x = co.nombre(v)
    if x < 0 or x > SERIE_MAX:
        raise ErreurExcel(NUM)
    return x


def date_de(serie: float) -> tuple[int, int, int]:
    """(année, mois, jour) d'un numéro de série, y compris le 29/02/1900 d'Excel."""
    jours = int(serie)
    if jours == 60:
        return 1900, 2, 29
    if jours == 0:
        return 1900, 1, 0
    d = depuis_serie(jours)
    return d.year, d.month, d.day


def _vers_serie(annee: int, mois: int, jour: int) -> int:
    annee += (mois - 1) // 12
    mois = (mois - 1) % 12 + 1
    base = vers_serie(dt.date(annee, mois, 1))
    serie = base + jour - 1
    if annee == 1900 and mois <= 2 and serie >= 60:   # au-delà du faux 29/02/1900
        serie += 1
    return serie


@integree("DATE", "vvv")
def date(annee, mois, jour):
    """Page de DATE : année de 0 à 1899 ajoutée à 1900 ; mois et jours au-delà reportés."""
    a, m, j = co.entier(annee), co.entier(mois), co.entier(jour)
    if a < 1900:
        a += 1900
    if not 1900 <= a <= 9999:
        raise ErreurExcel(NUM)
    try:
        s = _vers_serie(a, m, j)
    except (ValueError, OverflowError):
        raise ErreurExcel(NUM) from None
    if s < 0 or s > SERIE_MAX:
        raise ErreurExcel(NUM)
    return s


@integree("YEAR", "v")
def annee(v):
    return date_de(_serie(v))[0]


@integree("MONTH", "v")
def mois(v):
    return date_de(_serie(v))[1]


@integree("DAY", "v")
def jour(v):
    return date_de(_serie(v))[2]


@integree("TIME", "vvv")
def temps(h, m, s):
    total = co.entier(h) * 3600 + co.entier(m) * 60 + co.entier(s)
    if total < 0:
        raise ErreurExcel(NUM)
    return (total % 86400) / 86400


def _secondes(v) -> int:
    x = _serie(v)
    return round((x - math.floor(x)) * 86400)


@integree("HOUR", "v")
def heure(v):
    return _secondes(v) // 3600 % 24


@integree("MINUTE", "v")
def minute(v):
    return _secondes(v) // 60 % 60


@integree("SECOND", "v")
def seconde(v):
    return _secondes(v) % 60


@integree("TODAY", "")
def aujourdhui():
    return vers_serie(dt.date.today())


@integree("NOW", "")
def maintenant():
    n = dt.datetime.now()
    return vers_serie(n.date()) + (n.hour * 3600 + n.minute * 60 + n.second) / 86400


@integree("DATEVALUE", "v")
def dateval(v):
    if type(v) is not str:
        raise ErreurExcel(VALEUR)
    x = co.texte_en_nombre(v)
    if x is None or ":" in v and "/" not in v and "-" not in v:
        raise ErreurExcel(VALEUR)
    return math.floor(x)


def _mois_plus(debut, n) -> tuple[int, int, int]:
    """(année, mois, jour) de ``debut`` décalé de ``n`` mois (jour non encore borné au mois).
    Fonctions de l'ancien utilitaire d'analyse : un booléen y est refusé (#VALUE!)."""
    if type(debut) is bool or type(n) is bool:
        raise ErreurExcel(VALEUR)
    a, m, j = date_de(_serie(debut))
    m += co.entier(n)
    a += (m - 1) // 12
    m = (m - 1) % 12 + 1
    if not 1900 <= a <= 9999:
        raise ErreurExcel(NUM)
    return a, m, j


@integree("EDATE", "vv", diffusable=False)
def mois_decaler(debut, n):
    a, m, j = _mois_plus(debut, n)
    return _vers_serie(a, m, min(j, calendar.monthrange(a, m)[1]))      # jour 0 : le 00/01/1900


@integree("EOMONTH", "vv", diffusable=False)
def fin_mois(debut, n):
    a, m, _ = _mois_plus(debut, n)
    return vers_serie(dt.date(a, m, calendar.monthrange(a, m)[1]))


@integree("WEEKDAY", "vv", minimum=1)
def joursem(v, type_=1):
    s = int(_serie(v))
    t = co.entier(type_)
    dimanche_1 = (s - 1) % 7 + 1           # 1 = dimanche ; le n° 1 (01/01/1900) est un dimanche pour Excel
    if t == 1:
        return dimanche_1
    if t in (2, 11):
        return (dimanche_1 - 2) % 7 + 1
    if t == 3:
        return (dimanche_1 - 2) % 7
    if 12 <= t <= 17:
        return (dimanche_1 - (t - 10)) % 7 + 1
    raise ErreurExcel(NUM)


@integree("DAYS", "vv")
def jours(fin, debut):
    return math.floor(_serie(fin)) - math.floor(_serie(debut))


@integree("DATEDIF", "vvv")
def datedif(debut, fin, unite):
    d, f = _serie(debut), _serie(fin)
    if d > f:
        raise ErreurExcel(NUM)
    (a1, m1, j1), (a2, m2, j2) = date_de(d), date_de(f)
    u = co.texte(unite).upper()
    mois_ = (a2 - a1) * 12 + m2 - m1 - (1 if j2 < j1 else 0)
    if u == "D":
        return int(f) - int(d)
    if u == "M":
        return mois_
    if u == "Y":
        return mois_ // 12
    if u == "YM":
        return mois_ % 12
    if u == "MD":
        return j2 - j1 if j2 >= j1 else (dt.date(a2, m2, 1) - dt.timedelta(days=1)).day - j1 + j2
    if u == "YD":                   # la fin ramenée dans l'année du début, en numéros de série d'Excel
        return _vers_serie(a1 if (m2, j2) >= (m1, j1) else a1 + 1, m2, j2) - int(d)
    raise ErreurExcel(NUM)
