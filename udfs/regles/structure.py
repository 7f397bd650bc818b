"""Coefficient de structure (CS).

Arrêté du 5 mai 1995 modifié, art. 2 (logements ordinaires) : « CS = 0,77 x (1 + (N x 20 m2)/SU)
dans laquelle : N est le nombre de logements de l'opération ; SU est la surface utile de
l'ensemble des logements ».

Art. 2 bis (logements-foyers, créé par l'arrêté du 10 juin 1996) : « CS = 0,77 x [1 + (NL x 38 m2)
/ SU] dans laquelle : NL est le nombre total de logements ou de chambres de l'opération ; SU est la
surface utile de l'ensemble des logements et des chambres isolées ».

Les textes ne fixent ni plafond, ni plancher, ni arrondi du CS : il n'est pas arrondi ici.

>>> round(cs_foyer(40, 880, dt.date(2020, 1, 1)), 10)
2.1
"""

from __future__ import annotations

import datetime as dt

from udfs.erreurs import ErreurSaisie
from udfs.parametres import valeur


def _cs(nl: int, su: float, surface_par_logement: float, constante: float) -> float:
    if nl <= 0:
        raise ErreurSaisie("nl", f"le nombre de logements doit être strictement positif (reçu {nl})")
    if su <= 0:
        raise ErreurSaisie("su", f"la surface utile doit être strictement positive (reçu {su})")
    return constante * (1 + nl * surface_par_logement / su)


def cs_foyer(nl: int, su: float, date: dt.date) -> float:
    """CS d'un logement-foyer : 0,77 × (1 + NL × 38 / SU) (arrêté du 5 mai 1995, art. 2 bis)."""
    return _cs(nl, su, valeur("cs_surface_par_logement_foyer", date), valeur("cs_constante", date))


def cs_logement(nl: int, su: float, date: dt.date) -> float:
    """CS de logements ordinaires : 0,77 × (1 + N × 20 / SU) (arrêté du 5 mai 1995, art. 2)."""
    return _cs(nl, su, valeur("cs_surface_par_logement_ordinaire", date), valeur("cs_constante", date))
