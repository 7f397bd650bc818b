"""Assiette de la subvention (régime antérieur au 28 septembre 2022).

Arrêté du 5 mai 1995 modifié, art. 1 : « AS = VB x CS x SU x (1 + CM) + CFG x N », CM « dont la
valeur maximum ne peut dépasser 0,30 » ; « N = nombre de garages pris en compte dans la limite du
nombre de logements de l'opération ou dans la limite de la moitié du nombre de logements ou de
chambres dans le cas de la réalisation de logements-foyers ». CM = MQ + ML (arrêté du 17 octobre
2011, art. 1). Valeurs de base : art. 4 ; coût des garages : art. 5.

>>> import datetime as dt
>>> assiette(1000, 2.1, 880, dt.date(2020, 1, 1), mq=0.093)
2019864.0
"""

from __future__ import annotations

import datetime as dt

from udfs.arrondi import euros
from udfs.erreurs import ErreurSaisie
from udfs.parametres import valeur


def coefficient_majoration(mq: float, ml: float, date: dt.date) -> float:
    """CM = MQ + ML, plafonné à 0,30 (arrêté du 17 octobre 2011, art. 1 II)."""
    return min(mq + ml, valeur("cm_plafond", date))


def garages_retenus(ng: int, nl: int | None) -> int:
    """Garages pris en compte : au plus la moitié des logements ou chambres du foyer (art. 1)."""
    if ng == 0:
        return 0
    if nl is None:
        raise ErreurSaisie("nl", "nombre de logements requis quand des garages sont comptés "
                                 "(limite de la moitié des logements, art. 1)")
    return min(ng, nl // 2)


def assiette(vb: float, cs: float, su: float, date: dt.date, *, mq: float = 0.0, ml: float = 0.0,
             cfg: float = 0.0, ng: int = 0, nl: int | None = None) -> float:
    """AS = VB × CS × SU × (1 + min(MQ + ML ; 0,30)) + CFG × min(NG ; NL / 2), au centime
    (arrêté du 5 mai 1995, art. 1)."""
    for champ, x in (("vb", vb), ("cs", cs), ("su", su)):
        if x <= 0:
            raise ErreurSaisie(champ, f"doit être strictement positif (reçu {x})")
    for champ, x in (("mq", mq), ("ml", ml), ("cfg", cfg), ("ng", ng)):
        if x < 0:
            raise ErreurSaisie(champ, f"ne peut être négatif (reçu {x})")
    cm = coefficient_majoration(mq, ml, date)
    return euros(vb * cs * su * (1 + cm) + cfg * garages_retenus(ng, nl))


ZONES = {"1": "zone_1", "1 bis": "zone_1", "1bis": "zone_1", "I": "zone_1", "I bis": "zone_1",
         "2": "zone_2_3", "II": "zone_2_3", "3": "zone_2_3", "III": "zone_2_3"}
"""Zones de l'art. 6 de l'arrêté du 5 mai 1995 (I, II, III) ; la zone 1 bis, qui n'a pas de
valeur propre dans l'art. 4, prend celle de la zone 1. Les zones A/B/C (investissement locatif)
sont une autre classification : elles sont refusées."""


def valeur_base(zone: str, nature: str, type_construction: str, date: dt.date) -> float:
    """VB en €/m² SU (arrêté du 5 mai 1995, art. 4) : ``zone`` zone_1 | zone_2_3, ``nature`` neuf |
    acquisition_amelioration | logement_foyer, ``type_construction`` collectif | individuel."""
    return valeur("valeur_base", date, zone, nature, type_construction)


def cout_garage(zone: str, type_garage: str, date: dt.date) -> float:
    """CFG en € par garage (arrêté du 5 mai 1995, art. 5) : ``type_garage`` enterre | superstructure."""
    return valeur("cout_garage", date, type_garage, zone)
