"""Conversions d'Excel entre nombres, textes, booléens ; comparaisons ; affichage d'un nombre.

Texte → nombre (opérateurs arithmétiques, CNUM/VALUE, arguments littéraux des agrégats) : Excel
lit « 5 », « 20% », « 1E3 », « (5) », une date ou une heure écrites en texte, selon les réglages
régionaux du poste. Nos utilisateurs ont un Excel français : virgule décimale, espace (ou espace
insécable) entre les milliers, dates JJ/MM/AAAA ; le point décimal (exports, fichiers écrits par
programme) et les dates ISO AAAA-MM-JJ sont aussi lus, et un montant en dollars se lit à
l'américaine (« $1,000 » vaut 1 000, l'exemple de la page de CNUM). Un texte qui n'est pas un nombre donne
#VALUE!, le texte vide aussi.

Nombre → texte (opérateur &, fonctions de texte) : format « Standard » d'Excel, 15 chiffres
significatifs au plus, point décimal (comme la sémantique des fichiers ; LibreOffice fait de même
en anglais).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import Any

from udfs.calcul.types import (DIV0, NUM, VALEUR, Erreur, ErreurExcel, Omis, Reference, Tableau)
from udfs.valeurs import vers_serie

_ESPACES = str.maketrans("", "", " \u00a0\u202f")
_NOMBRE = re.compile(r"[0-9]+(?:[.,][0-9]*)?(?:[eE][+-]?[0-9]+)?|[.,][0-9]+(?:[eE][+-]?[0-9]+)?")
_MILLIERS_ESPACE = re.compile(r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?:,[0-9]*)?")
_MILLIERS_VIRGULE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
_MILLIERS_POINT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]*)?")
_DATE_FR = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{2}|[0-9]{4})")
_JOUR_MOIS = re.compile(r"([0-9]{1,2})/([0-9]{1,2})")
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_HEURE = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}(?:[.,][0-9]+)?))?(?:\s*([AaPp][Mm]))?")


@lru_cache(maxsize=4096)
def texte_en_nombre(texte: str) -> float | int | None:
    """Le nombre que lit Excel dans ``texte``, ou None si ce n'est pas un nombre."""
    s = texte.strip(" \u00a0\u202f\t")
    if not s:
        return None
    negatif = decore = False
    if s[0] == "(" and s[-1] == ")":          # (5) : négatif, à la manière comptable
        s, negatif, decore = s[1:-1].strip(), True, True
    if s[:1] in ("+", "-"):
        negatif ^= s[0] == "-"
        s, decore = s[1:].lstrip(), True
    pourcent = s.endswith("%")
    if pourcent:
        s, decore = s[:-1].rstrip(" \u00a0\u202f"), True
    dollar = False
    for symbole in ("€", "$"):                 # symbole monétaire devant ou derrière
        if s.startswith(symbole):
            s, decore, dollar = s[1:].lstrip(), True, dollar or symbole == "$"
        elif s.endswith(symbole):
            s, decore, dollar = s[:-1].rstrip(" \u00a0\u202f"), True, dollar or symbole == "$"
    if dollar and _MILLIERS_VIRGULE.fullmatch(s):
        s = s.replace(",", "")                 # « $1,000 » : montant à l'américaine (page de CNUM)
    x = _nombre(s)
    if x is None:
        if decore:
            return None
        return _date_heure(s)
    if pourcent:
        x = x / 100
    return -x if negatif else x


def _nombre(s: str) -> float | int | None:
    """Chiffres, séparateur décimal (virgule ou point), milliers groupés par 3, exposant."""
    if _MILLIERS_ESPACE.fullmatch(s):               # 1 234 567,5
        s = s.translate(_ESPACES)
    elif "," in s and "." in s:
        if s.rfind(".") > s.rfind(",") and _MILLIERS_VIRGULE.fullmatch(s):
            s = s.replace(",", "")                  # 1,234.5
        elif s.rfind(",") > s.rfind(".") and _MILLIERS_POINT.fullmatch(s):
            s = s.replace(".", "")                  # 1.234,5
        else:
            return None
    elif s.count(",") > 1 and _MILLIERS_VIRGULE.fullmatch(s):
        s = s.replace(",", "")                      # 1,234,567
    elif s.count(".") > 1 and _MILLIERS_POINT.fullmatch(s):
        s = s.replace(".", "")                      # 1.234.567
    if not _NOMBRE.fullmatch(s):
        return None
    s = s.replace(",", ".")
    if "." not in s and "e" not in s and "E" not in s:
        return int(s)
    x = float(s)
    return x if math.isfinite(x) else None


def _date_heure(s: str) -> float | None:
    """Date (JJ/MM/AAAA, AAAA-MM-JJ) et/ou heure (HH:MM[:SS]) écrites en texte → numéro de série."""
    morceaux = s.split()
    date = heure = None
    if len(morceaux) == 3 and morceaux[2].upper() in ("AM", "PM") and ":" in morceaux[1]:
        date, heure = morceaux[0], " ".join(morceaux[1:])      # 1/1/1987 02:00 AM
    elif len(morceaux) == 2 and ":" in morceaux[1] and ":" not in morceaux[0]:
        date, heure = morceaux
    elif len(morceaux) == 2 and morceaux[1].upper() in ("AM", "PM"):
        heure = s
    elif len(morceaux) == 1 and ":" in s:
        heure = s
    elif len(morceaux) == 1:
        date = s
    else:
        return None
    serie = 0.0
    if date is not None:
        jour = _date(date)
        if jour is None:
            return None
        serie = float(jour)
    if heure is not None:
        m = _HEURE.fullmatch(heure)
        if not m:
            return None
        h, mi = int(m[1]), int(m[2])
        sec = float(m[3].replace(",", ".")) if m[3] else 0.0
        if m[4]:
            if not 1 <= h <= 12:
                return None
            h = h % 12 + (12 if m[4].upper() == "PM" else 0)
        if mi > 59 or sec >= 60 or (date is not None and h > 23):
            return None
        serie += (h * 3600 + mi * 60 + sec) / 86400
    return int(serie) if serie.is_integer() and date is not None else serie


def _date(s: str) -> int | None:
    m = _DATE_ISO.fullmatch(s)
    if m:
        annee, mois, jour = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DATE_FR.fullmatch(s)
        if m:
            jour, mois, annee = int(m[1]), int(m[2]), int(m[3])
            if len(m[3]) == 2:                 # 00-29 → 2000-2029, 30-99 → 1930-1999 (Excel)
                annee += 2000 if annee < 30 else 1900
        else:
            m = _JOUR_MOIS.fullmatch(s)        # « 26/08 » : de l'année en cours, comme Excel
            if not m:
                return None
            jour, mois, annee = int(m[1]), int(m[2]), dt.date.today().year
    if (annee, mois, jour) == (1900, 2, 29):
        return 60                              # le faux 29/02/1900 d'Excel
    try:
        return vers_serie(dt.date(annee, mois, jour))
    except ValueError:
        return None


# --- Vers un type ---------------------------------------------------------------------------------

def nombre(v: Any) -> float | int:
    """Valeur scalaire → nombre, comme les opérateurs arithmétiques d'Excel (lève #VALUE!…)."""
    t = type(v)
    if t is float or t is int:
        return v
    if v is None:
        return 0
    if t is bool:
        return int(v)
    if t is str:
        x = texte_en_nombre(v)
        if x is None:
            raise ErreurExcel(VALEUR)
        return x
    if t is Erreur:
        raise ErreurExcel(v)
    if isinstance(v, int):          # Omis
        return 0
    raise ErreurExcel(VALEUR)


def entier(v: Any) -> int:
    """Nombre tronqué vers zéro (arguments « nombre entier » d'Excel)."""
    x = nombre(v)
    return int(x) if x == x else 0


def texte(v: Any) -> str:
    t = type(v)
    if t is str:
        return v
    if v is None or t is Omis:
        return ""
    if t is bool:
        return "TRUE" if v else "FALSE"
    if t is int or t is float:
        return texte_nombre(v)
    if t is Erreur:
        raise ErreurExcel(v)
    raise ErreurExcel(VALEUR)


def booleen(v: Any) -> bool:
    t = type(v)
    if t is bool:
        return v
    if t is int or t is float or t is Omis:
        return v != 0
    if v is None:
        return False
    if t is str:
        u = v.strip().upper()
        if u in ("TRUE", "VRAI"):
            return True
        if u in ("FALSE", "FAUX"):
            return False
        raise ErreurExcel(VALEUR)
    if t is Erreur:
        raise ErreurExcel(v)
    raise ErreurExcel(VALEUR)


def texte_nombre(x: float | int) -> str:
    """Format « Standard » d'Excel : 15 chiffres significatifs, notation scientifique aux extrêmes."""
    if type(x) is int or (isinstance(x, float) and x.is_integer() and abs(x) < 1e15):
        return str(int(x))
    if x == 0:
        return "0"
    exposant = math.floor(math.log10(abs(x)))
    if exposant >= 15 or exposant < -9:
        mantisse, _, e = f"{x:.14E}".partition("E")
        mantisse = mantisse.rstrip("0").rstrip(".")
        signe = "-" if e.startswith("-") else "+"
        return f"{mantisse}E{signe}{int(e.lstrip('+-')):02d}"
    texte_ = f"{x:.{max(0, 14 - exposant)}f}"
    if "." in texte_:
        texte_ = texte_.rstrip("0").rstrip(".")
    return texte_


def fini(x: float) -> float:
    """Résultat numérique : infini ou NaN → #NUM! (Excel n'a ni l'un ni l'autre)."""
    if x - x == 0:
        return x
    raise ErreurExcel(NUM)


# --- Comparaisons ------------------------------------------------------------------------------

def rang(v: Any) -> int:
    """Ordre des types d'Excel : nombres < textes < booléens."""
    t = type(v)
    if t is bool:
        return 2
    if t is str:
        return 1
    return 0


def _quinze(x: float) -> float:
    return float(f"{x:.15g}")


def comparer(a: Any, b: Any) -> int:
    """-1, 0 ou 1 selon l'ordre d'Excel ; une cellule vide vaut 0, "" ou FAUX selon l'autre
    valeur ; textes sans casse ; nombres comparés sur 15 chiffres significatifs."""
    ta, tb = type(a), type(b)
    if (ta is int or ta is float) and (tb is int or tb is float):
        if a == b:
            return 0
        if abs(a - b) <= max(abs(a), abs(b)) * 1e-14:     # égaux sur 15 chiffres ?
            a, b = _quinze(a), _quinze(b)
            if a == b:
                return 0
        return -1 if a < b else 1
    if ta is Erreur:
        raise ErreurExcel(a)
    if tb is Erreur:
        raise ErreurExcel(b)
    if a is None or type(a) is Omis:
        a = _vide_comme(b)
    if b is None or type(b) is Omis:
        b = _vide_comme(a)
    ra, rb = rang(a), rang(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 1:                    # sans casse ; « ß » n'égale pas « ss » (lower, pas casefold)
        a, b = a.lower(), b.lower()
    elif ra == 0 and a != b:
        a, b = _quinze(a), _quinze(b)
    return 0 if a == b else (-1 if a < b else 1)


def _vide_comme(autre: Any) -> Any:
    t = type(autre)
    if t is str:
        return ""
    if t is bool:
        return False
    return 0


# --- Formes : référence, tableau, scalaire ------------------------------------------------------

def intersection(r: Reference, ligne: int, colonne: int) -> Any:
    """Intersection implicite d'Excel : la cellule de la plage sur la ligne (ou la colonne) de la
    formule ; #VALUE! si la plage ne la croise pas."""
    if r.unique:
        return r.valeur()
    if r.c1 == r.c2 and r.l1 <= ligne <= r.l2:
        return r.valeur(ligne - r.l1, 0)
    if r.l1 == r.l2 and r.c1 <= colonne <= r.c2:
        return r.valeur(0, colonne - r.c1)
    return VALEUR


def en_tableau(v: Any) -> Tableau:
    if type(v) is Tableau:
        return v
    if type(v) is Reference:
        return Tableau(v.lignes())
    return Tableau([[v]])


def premier(v: Any) -> Any:
    """Scalaire d'une valeur : coin supérieur gauche d'un tableau ou d'une plage."""
    if type(v) is Tableau:
        return v.lignes[0][0]
    if type(v) is Reference:
        return v.valeur()
    return v


def division(x: float, y: float) -> float:
    if y == 0:
        raise ErreurExcel(DIV0)
    return fini(x / y)
