"""Texte : CNUM (VALUE), CONCATENER, GAUCHE, DROITE, STXT, NBCAR, MAJUSCULE, SUPPRESPACE,
SUBSTITUE, REMPLACER, TROUVE, CHERCHE, EXACT, REPT, JOINDRE.TEXTE…"""

from __future__ import annotations

import re

from udfs.calcul import coercition as co
from udfs.calcul.integrees import integree
from udfs.calcul.integrees.agregats import _motif
from udfs.calcul.types import VALEUR, Erreur, ErreurExcel, Omis, Reference, Tableau

_t = co.texte


@integree("VALUE", "v")
def cnum(v):
    """Page de CNUM : le texte d'un nombre, d'une date ou d'une heure reconnus par Excel → nombre ;
    autre texte : #VALUE!."""
    tv = type(v)
    if tv is int or tv is float:
        return v
    if v is None or tv is Omis:
        return 0
    if tv is Erreur:
        return v
    if tv is str:
        x = co.texte_en_nombre(v)
        if x is not None:
            return x
    raise ErreurExcel(VALEUR)


@integree("NUMBERVALUE", "vvv", minimum=1)
def valeur_nombre(v, decimal=".", groupe=","):
    s = _t(v)
    d, g = _t(decimal)[:1] or ".", _t(groupe)[:1] or ","
    s = "".join(s.split()).replace(g, "").replace(d, ".")
    x = co.texte_en_nombre(s)
    if x is None:
        raise ErreurExcel(VALEUR)
    return x


@integree("CONCATENATE", "v", repete=1, minimum=1)
def concatener(*args):
    return "".join(_t(a) for a in args)


def _textes_de(args):
    for a in args:
        if type(a) in (Reference, Tableau):
            for v in (a.lignes() if type(a) is Reference else a.lignes):
                for x in v:
                    if type(x) is Erreur:
                        raise ErreurExcel(x)
                    yield x
        else:
            yield a


@integree("CONCAT", "p", repete=1, minimum=1)
def concat(*args):
    return "".join(_t(x) for x in _textes_de(args))


@integree("TEXTJOIN", "vvp", repete=1, minimum=3)
def joindre_texte(separateur, ignorer_vides, *args):
    sep, ignorer = _t(separateur), co.booleen(ignorer_vides)
    morceaux = [_t(x) for x in _textes_de(args)]
    if ignorer:
        morceaux = [m for m in morceaux if m != ""]
    return sep.join(morceaux)


def _nb(n, defaut=1):
    if n is None:
        return defaut
    k = co.entier(n)
    if k < 0:
        raise ErreurExcel(VALEUR)
    return k


@integree("LEFT", "vv", minimum=1)
def gauche(v, n=None):
    return _t(v)[:_nb(n)]


@integree("RIGHT", "vv", minimum=1)
def droite(v, n=None):
    k = _nb(n)
    return _t(v)[-k:] if k else ""


@integree("MID", "vvv")
def stxt(v, debut, n):
    d, k = co.entier(debut), _nb(n)
    if d < 1:
        raise ErreurExcel(VALEUR)
    return _t(v)[d - 1:d - 1 + k]


@integree("LEN", "v")
def nbcar(v):
    return len(_t(v))


@integree("UPPER", "v")
def majuscule(v):
    return _t(v).upper()


@integree("LOWER", "v")
def minuscule(v):
    return _t(v).lower()


@integree("PROPER", "v")
def nompropre(v):
    return re.sub(r"[^\W\d_]+", lambda m: m[0][:1].upper() + m[0][1:].lower(), _t(v))


@integree("TRIM", "v")
def supprespace(v):
    return re.sub(" +", " ", _t(v).strip(" "))      # espaces seulement (pas les insécables)


@integree("CLEAN", "v")
def epurage(v):
    return "".join(ch for ch in _t(v) if ord(ch) >= 32)


@integree("SUBSTITUTE", "vvvv", minimum=3)
def substitue(v, ancien, nouveau, rang=None):
    s, a, n = _t(v), _t(ancien), _t(nouveau)
    if a == "":
        return s
    if rang is None or type(rang) is Omis:
        return s.replace(a, n)
    k = co.entier(rang)
    if k < 1:
        raise ErreurExcel(VALEUR)
    i = -1
    for _ in range(k):
        i = s.find(a, i + 1)
        if i < 0:
            return s
    return s[:i] + n + s[i + len(a):]


@integree("REPLACE", "vvvv")
def remplacer(v, debut, n, nouveau):
    s, d, k = _t(v), co.entier(debut), co.entier(n)
    if d < 1 or k < 0:
        raise ErreurExcel(VALEUR)
    return s[:d - 1] + _t(nouveau) + s[d - 1 + k:]


@integree("FIND", "vvv", minimum=2)
def trouve(cherche, dans, debut=1):
    c, s, d = _t(cherche), _t(dans), co.entier(debut)
    if d < 1 or d > len(s) + 1:
        raise ErreurExcel(VALEUR)
    i = s.find(c, d - 1)
    if i < 0:
        raise ErreurExcel(VALEUR)
    return i + 1


@integree("SEARCH", "vvv", minimum=2)
def cherche(cherche_, dans, debut=1):
    c, s, d = _t(cherche_), _t(dans), co.entier(debut)
    if d < 1 or d > len(s) + 1:
        raise ErreurExcel(VALEUR)
    motif = _motif(c + "*" if c else "*").__self__
    for i in range(d - 1, len(s) + 1):
        if motif.match(s, i):
            return i + 1
    raise ErreurExcel(VALEUR)


@integree("EXACT", "vv")
def exact(a, b):
    return _t(a) == _t(b)


@integree("REPT", "vv")
def rept(v, n):
    k = co.entier(n)
    if k < 0 or k * len(_t(v)) > 32767:
        raise ErreurExcel(VALEUR)
    return _t(v) * k


@integree("CHAR", "v")
def car(n):
    k = co.entier(n)
    if not 1 <= k <= 255:
        raise ErreurExcel(VALEUR)
    return bytes([k]).decode("cp1252", errors="replace")


@integree("CODE", "v")
def code(v):
    s = _t(v)
    if not s:
        raise ErreurExcel(VALEUR)
    try:
        return s[0].encode("cp1252")[0]
    except UnicodeEncodeError:
        return 63


@integree("UNICHAR", "v")
def unicar(n):
    k = co.entier(n)
    if k < 1:
        raise ErreurExcel(VALEUR)
    return chr(k)


@integree("UNICODE", "v")
def unicode_(v):
    s = _t(v)
    if not s:
        raise ErreurExcel(VALEUR)
    return ord(s[0])
