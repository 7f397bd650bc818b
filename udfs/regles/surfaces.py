"""Surface utile (SU) et surface des locaux collectifs (SLC) d'un logement-foyer.

Sources :
- CCH R. 331-10 (ancienne numérotation ; aujourd'hui R. 156-1 pour la surface habitable) : « La
  surface utile est égale à la surface habitable du logement […] augmentée de la moitié de la
  surface des annexes définies par arrêté » (arrêté du 9 mai 1995 modifié : caves, celliers,
  balcons, loggias, vérandas, terrasses dans la limite de 9 m²…). La limite de 9 m² des terrasses
  n'est pas appliquée ici : la surface saisie est la surface d'annexe *retenue*.
- Arrêté du 17 octobre 2011, chapitre IV, art. 11 II : les locaux « dont l'usage est réservé
  exclusivement à moins de la moitié des résidents » sont imputés à la surface utile ; « SLC est la
  surface des locaux pour services collectifs ou à usage commun qui sont utilisables par au moins la
  moitié des résidents du foyer, y compris les circulations horizontales ou inclinées ».
- Support de formation (exercice 2) : locaux administratifs, d'entretien, techniques et garages ne
  comptent ni en SU ni en SLC. Les circulations verticales (escaliers, ascenseurs), que le texte ne
  nomme pas, se classent « exclu ».

>>> su_slc([Local(20, "logement"), Local(10, "annexe"), Local(30, "collectif")])
(25.0, 30.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from udfs.erreurs import ErreurSaisie
from udfs.valeurs import normaliser


@dataclass(frozen=True)
class Categorie:
    mot: str
    part_su: float      # part de la surface comptée en SU
    en_slc: bool        # comptée en SLC
    nature: str         # libellé de l'exercice 2 de la formation


CATEGORIES: dict[str, Categorie] = {c.mot: c for c in (
    Categorie("logement", 1.0, False, "SU"),        # surface habitable d'un logement ou d'une chambre
    Categorie("annexe", 0.5, False, "SU 50 %"),     # annexe privative : moitié de sa surface
    Categorie("privatif", 1.0, False, "SU"),        # local partagé par moins de la moitié des résidents
    Categorie("collectif", 0.0, True, "SLC"),       # local utilisable par au moins la moitié des résidents
    Categorie("circulation", 0.0, True, "SLC"),     # circulations horizontales ou inclinées
    Categorie("technique", 0.0, False, "Exclue"),
    Categorie("administratif", 0.0, False, "Exclue"),
    Categorie("entretien", 0.0, False, "Exclue"),
    Categorie("garage", 0.0, False, "Exclue"),
    Categorie("exclu", 0.0, False, "Exclue"),
)}


def categorie(mot: object, champ: str = "categorie") -> Categorie:
    """La catégorie d'un local, casse et accents ignorés (« Collectif », « circulations »…)."""
    cle = normaliser(str(mot))
    trouvee = CATEGORIES.get(cle) or CATEGORIES.get(cle.rstrip("s")) or CATEGORIES.get(cle.rstrip("e"))
    if trouvee is None:
        raise ErreurSaisie(champ, f"catégorie « {mot} » inconnue (admises : {', '.join(CATEGORIES)})")
    return trouvee


@dataclass(frozen=True)
class Local:
    surface: float       # m²
    categorie: str
    nombre: int = 1      # nombre de locaux identiques
    ligne: int = 0       # numéro de ligne dans la plage saisie (pour les messages)


def _verifier(local: Local) -> Categorie:
    ou = f"ligne {local.ligne}" if local.ligne else "local"
    if local.surface < 0:
        raise ErreurSaisie("surfaces", f"{ou} : surface négative ({local.surface} m²)")
    if local.nombre < 0:
        raise ErreurSaisie("nombres", f"{ou} : nombre négatif ({local.nombre})")
    try:
        return categorie(local.categorie, "categories")
    except ErreurSaisie as e:
        raise ErreurSaisie("categories", f"{ou} : {e.raison}") from None


def su_slc(locaux: Iterable[Local]) -> tuple[float, float]:
    """(SU, SLC) en m² : SU = logements + privatifs + ½ annexes ; SLC = collectifs + circulations.

    La somme est exacte (``math.fsum``) : l'ordre des lignes ne change pas le résultat.
    """
    su, slc = [], []
    for local in locaux:
        cat = _verifier(local)
        surface = local.surface * local.nombre
        if cat.part_su:
            su.append(surface * cat.part_su)
        if cat.en_slc:
            slc.append(surface)
    return math.fsum(su), math.fsum(slc)


def surface_utile(locaux: Iterable[Local]) -> float:
    """SU du foyer (R. 331-10 ; arrêté du 17 octobre 2011, art. 11 II)."""
    return su_slc(locaux)[0]


def surface_locaux_collectifs(locaux: Iterable[Local]) -> float:
    """SLC du foyer (arrêté du 17 octobre 2011, art. 11 II)."""
    return su_slc(locaux)[1]
