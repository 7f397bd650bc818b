"""L'unique adaptateur des valeurs de cellules, partagé par tous les hôtes (Excel, moteur sans Excel).

Excel (xlwings classique) et le moteur sans Excel ne livrent pas les cellules sous la même forme :
cellule vide ``None`` ou jeton vide, date en ``datetime`` ou en numéro de série, plage en scalaire,
liste ou liste de listes, erreur Excel en texte (« #DIV/0! »), cellule au format monétaire en
``decimal.Decimal`` (COM). Chaque fonction ci-dessous ramène une
valeur à un type Python simple ou lève ``ErreurSaisie`` en nommant le champ. Les règles n'ont ainsi
jamais à connaître l'hôte.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from decimal import Decimal
from typing import Any, Mapping, TypeVar

from udfs.erreurs import ErreurSaisie
from udfs.nombres import nombre_fr

T = TypeVar("T")
MANQUANT: Any = object()  # « pas de valeur par défaut : l'argument est obligatoire »

# Origine des numéros de série Excel (système 1900, avec le faux 29/02/1900 au n° 60).
_ORIGINE_EXCEL = dt.date(1899, 12, 30)
SERIE_MAX = 2958465  # 31/12/9999


def est_vide(v: Any) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _affiche(v: Any) -> str:
    texte = str(v)
    return texte if len(texte) <= 40 else texte[:37] + "…"


def _refuser_erreur(v: Any, champ: str) -> None:
    """Une cellule en erreur (erreur Excel ou message « #… » d'une autre fonction) se propage."""
    if isinstance(v, str) and v.startswith("#"):
        raise ErreurSaisie(champ, f"la cellule source est en erreur ({_affiche(v)})")


def _depuis_com(v: Any) -> Any:
    """Une cellule au format monétaire arrive d'Excel par COM en ``Decimal`` à 4 décimales
    (``Decimal('1.0000')``) : on la ramène au nombre qu'elle contient, entier s'il est entier (une
    zone « 1 » reste « 1 », pas « 1.0000 » ; une date saisie en nombre reste un numéro de série)."""
    if isinstance(v, Decimal):
        return int(v) if v.is_finite() and v == v.to_integral_value() else float(v)
    return v


def scalaire(v: Any, champ: str) -> Any:
    """Une plage d'une seule cellule devient sa valeur ; une plage plus grande est refusée."""
    while isinstance(v, (list, tuple)):
        valeurs = [x for ligne in v for x in (ligne if isinstance(ligne, (list, tuple)) else [ligne])]
        if len(valeurs) != 1:
            raise ErreurSaisie(champ, f"une seule cellule attendue ({len(valeurs)} reçues)")
        v = valeurs[0]
    return _depuis_com(v)


_ABSENT: Any = object()


def _saisie(v: Any, champ: str, defaut: Any, manque: str = "valeur manquante") -> Any:
    """Une seule cellule, ni en erreur ni vide ; ``_ABSENT`` si elle est vide et qu'un défaut existe."""
    v = scalaire(v, champ)
    if est_vide(v):
        if defaut is MANQUANT:
            raise ErreurSaisie(champ, manque)
        return _ABSENT
    _refuser_erreur(v, champ)
    return v


def nombre(v: Any, champ: str, *, defaut: Any = MANQUANT, minimum: float | None = None,
           maximum: float | None = None, strictement_positif: bool = False) -> float:
    """Un nombre réel ; texte, booléen ou cellule vide obligatoire sont refusés en nommant ``champ``."""
    v = _saisie(v, champ, defaut)
    if v is _ABSENT:
        return defaut
    if isinstance(v, bool):
        raise ErreurSaisie(champ, f"VRAI/FAUX reçu au lieu d'un nombre")
    if isinstance(v, (dt.date, dt.datetime)):
        raise ErreurSaisie(champ, f"date reçue au lieu d'un nombre ({v:%d/%m/%Y})")
    if isinstance(v, str):
        raise ErreurSaisie(champ, f"texte « {_affiche(v)} » reçu au lieu d'un nombre")
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise ErreurSaisie(champ, f"valeur « {_affiche(v)} » non numérique") from None
    if math.isnan(x) or math.isinf(x):
        raise ErreurSaisie(champ, "nombre non fini")
    if strictement_positif and x <= 0:
        raise ErreurSaisie(champ, f"doit être strictement positif (reçu {nombre_fr(x)})")
    if minimum is not None and x < minimum:
        raise ErreurSaisie(champ, f"doit être supérieur ou égal à {nombre_fr(minimum)} (reçu {nombre_fr(x)})")
    if maximum is not None and x > maximum:
        raise ErreurSaisie(champ, f"doit être inférieur ou égal à {nombre_fr(maximum)} (reçu {nombre_fr(x)})")
    return x


def entier(v: Any, champ: str, *, defaut: Any = MANQUANT, minimum: int | None = None,
           strictement_positif: bool = False) -> int:
    """Un nombre entier (un nombre de logements, de garages, d'années…)."""
    x = nombre(v, champ, defaut=defaut, minimum=minimum, strictement_positif=strictement_positif)
    if x is defaut and defaut is not MANQUANT:
        return defaut
    if not float(x).is_integer():
        raise ErreurSaisie(champ, f"doit être un nombre entier (reçu {nombre_fr(x)})")
    return int(x)


def date_reference(v: Any, champ: str = "date_reference") -> dt.date:
    """La date de référence des paramètres réglementaires : ``v``, ou aujourd'hui si la cellule est vide."""
    return date_excel(v, champ, defaut=dt.date.today())


def date_excel(v: Any, champ: str, *, defaut: Any = MANQUANT) -> dt.date:
    """Une date : ``datetime``/``date`` (xlwings), numéro de série Excel (moteur), ou texte
    « JJ/MM/AAAA » / « AAAA-MM-JJ »."""
    v = _saisie(v, champ, defaut, "date manquante")
    if v is _ABSENT:
        return defaut
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, bool):
        raise ErreurSaisie(champ, "VRAI/FAUX reçu au lieu d'une date")
    if isinstance(v, (int, float)):
        return depuis_serie(v, champ)
    if isinstance(v, str):
        texte = v.strip()
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(texte, fmt).date()
            except ValueError:
                continue
        raise ErreurSaisie(champ, f"date illisible « {_affiche(v)} » (attendu JJ/MM/AAAA)")
    raise ErreurSaisie(champ, f"valeur « {_affiche(v)} » qui n'est pas une date")


def depuis_serie(serie: float, champ: str = "date") -> dt.date:
    """Numéro de série Excel (système 1900) → date."""
    if not 1 <= serie <= SERIE_MAX or math.isnan(serie):
        raise ErreurSaisie(champ, f"numéro de série de date hors limites ({nombre_fr(serie)})")
    jours = int(serie)
    if jours == 60:
        raise ErreurSaisie(champ, "le 29/02/1900 n'existe pas (erreur historique d'Excel)")
    if jours < 60:                       # n° 1 : 01/01/1900
        return dt.date(1899, 12, 31) + dt.timedelta(days=jours)
    return _ORIGINE_EXCEL + dt.timedelta(days=jours)


def vers_serie(d: dt.date) -> int:
    """Date → numéro de série Excel (système 1900)."""
    if isinstance(d, dt.datetime):
        d = d.date()
    jours = (d - _ORIGINE_EXCEL).days
    return jours if jours > 60 else jours - 1


def texte(v: Any, champ: str, *, defaut: Any = MANQUANT) -> str:
    """Un texte (un nombre saisi est lu comme texte : « 1 » pour une zone)."""
    v = _saisie(v, champ, defaut)
    if v is _ABSENT:
        return defaut
    if isinstance(v, bool):
        raise ErreurSaisie(champ, "VRAI/FAUX reçu au lieu d'un texte")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


_VRAI = {"vrai", "oui", "true", "o", "x", "1"}
_FAUX = {"faux", "non", "false", "n", "0"}


def booleen(v: Any, champ: str, *, defaut: Any = MANQUANT) -> bool:
    """VRAI/FAUX, 1/0, ou les textes « oui »/« non »."""
    v = _saisie(v, champ, defaut, "valeur manquante (VRAI ou FAUX)")
    if v is _ABSENT:
        return defaut
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) and v in (0, 1):
        return bool(v)
    if isinstance(v, str) and normaliser(v) in _VRAI | _FAUX:
        return normaliser(v) in _VRAI
    raise ErreurSaisie(champ, f"« {_affiche(v)} » n'est ni VRAI ni FAUX")


def normaliser(texte: str) -> str:
    """Minuscules, sans accents, espaces/tirets/soulignés réduits à une espace."""
    sans_accents = "".join(c for c in unicodedata.normalize("NFKD", str(texte))
                           if not unicodedata.combining(c))
    for sep in ("_", "-", "'", "’"):
        sans_accents = sans_accents.replace(sep, " ")
    return " ".join(sans_accents.lower().split())


def choix(v: Any, champ: str, options: Mapping[str, T], *, defaut: Any = MANQUANT) -> T:
    """Un mot parmi ``options`` (clés comparées sans casse ni accents) ; l'erreur liste les mots admis."""
    v = _saisie(v, champ, defaut)
    if v is _ABSENT:
        return defaut
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    cle = normaliser(str(v))
    index = {normaliser(k): val for k, val in options.items()}
    if cle not in index:
        admis = ", ".join(dict.fromkeys(str(k) for k in options))
        raise ErreurSaisie(champ, f"« {_affiche(v)} » inconnu (valeurs admises : {admis})")
    return index[cle]


def table(v: Any, champ: str) -> list[list[Any]]:
    """Une plage en liste de lignes (2-D), quelle que soit la forme reçue."""
    if isinstance(v, (list, tuple)):
        if all(isinstance(ligne, (list, tuple)) for ligne in v):
            return [[_depuis_com(x) for x in ligne] for ligne in v]
        return [[_depuis_com(x) for x in v]]
    return [[_depuis_com(v)]]


def colonne(v: Any, champ: str) -> list[Any]:
    """Une plage d'une ligne ou d'une colonne, aplatie ; un bloc de plusieurs lignes ET colonnes
    est refusé (on ne devine pas le sens de lecture)."""
    lignes = table(v, champ)
    if len(lignes) > 1 and max(len(l) for l in lignes) > 1:
        raise ErreurSaisie(champ, f"une seule ligne ou colonne attendue (plage de "
                                  f"{len(lignes)} × {max(len(l) for l in lignes)})")
    return [x for ligne in lignes for x in ligne]


def memes_longueurs(colonnes: Mapping[str, list[Any]]) -> int:
    """Vérifie que des colonnes lues ensemble ont la même longueur ; la renvoie."""
    longueurs = {nom: len(c) for nom, c in colonnes.items()}
    if len(set(longueurs.values())) > 1:
        detail = ", ".join(f"{nom} : {n}" for nom, n in longueurs.items())
        raise ErreurSaisie("plages", f"tailles différentes ({detail})")
    return next(iter(longueurs.values()), 0)
