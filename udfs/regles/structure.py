"""Coefficient de structure (CS).

Arrêté du 5 mai 1995 modifié, art. 2 (logements ordinaires) : « CS = 0,77 x (1 + (N x 20 m2)/SU)
dans laquelle : N est le nombre de logements de l'opération ; SU est la surface utile de
l'ensemble des logements ».

Art. 2 bis (logements-foyers, créé par l'arrêté du 10 juin 1996) : « CS = 0,77 x [1 + (NL x 38 m2)
/ SU] dans laquelle : NL est le nombre total de logements ou de chambres de l'opération ; SU est la
surface utile de l'ensemble des logements et des chambres isolées ».

NL compte chaque logement et chaque chambre, même quand un groupe de chambres partage un seul accès
aux circulations collectives : ce regroupement ne vaut que pour le terme SLC de la majoration pour
qualité (arrêté du 17 octobre 2011, art. 11 II), pas pour le CS.

Les textes ne fixent ni plafond, ni plancher, ni arrondi du CS : il n'est pas arrondi ici.

La constante 0,77 est vérifiée dans l'art. 2 bis (foyers) ; pour l'art. 2, la copie lue écrit
« 0,777 » : la constante des logements ordinaires n'est pas livrée comme défaut (statut U) et se
passe en argument.

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
    """CS d'un logement-foyer : 0,77 × (1 + NL × 38 / SU) (arrêté du 5 mai 1995, art. 2 bis), NL
    comptant chaque logement et chaque chambre de l'opération."""
    return _cs(nl, su, valeur("cs_surface_par_logement_foyer", date), valeur("cs_constante_foyer", date))


def cs_logement(nl: int, su: float, date: dt.date, constante: float | None = None) -> float:
    """CS de logements ordinaires : C × (1 + N × 20 / SU) (arrêté du 5 mai 1995, art. 2) ; C est
    ``constante`` si elle est fournie, sinon la valeur livrée si elle est vérifiée."""
    if constante is None:
        constante = valeur("cs_constante_ordinaire", date)
    elif not 0 < constante < 1:
        raise ErreurSaisie("constante", f"doit être comprise entre 0 et 1 exclus (reçu {constante})")
    return _cs(nl, su, valeur("cs_surface_par_logement_ordinaire", date), constante)
