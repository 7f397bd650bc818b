"""Le registre des fonctions du classeur : nom, arguments, aide française, plages. Sans hôte.

``@fonction(arguments={...}, plages=(...))`` sur une fonction mince de ``udfs.fonctions`` :
- vérifie la déclaration dès l'import (aide de chaque argument, longueurs admises par Excel) ;
- convertit toute ``ErreurSaisie`` en texte de cellule « #champ : raison » (jamais de trace) ;
- l'inscrit dans ``REGISTRE``.

Chaque hôte est un adaptateur généré depuis ce registre : ``udfs.excel`` (xlwings, Excel sous
Windows), ``udfs.moteur`` (recalcul sans tableur), l'extension LibreOffice. Ce module n'importe
aucun hôte : le chemin sans Excel ne charge ni xlwings ni pandas.

Le nom Python de la fonction est son nom Excel.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass
from typing import Any, Callable

from udfs.erreurs import ErreurSaisie

AIDE_DATE_REFERENCE = "Date de référence des paramètres réglementaires (JJ/MM/AAAA) ; vide : aujourd'hui."

CATEGORIE = "Résidences sociales PLAI"
LIMITE_AIDE = 255  # Excel tronque descriptions et aides d'arguments à 255 caractères


@dataclass(frozen=True)
class FonctionExcel:
    nom: str
    appel: Callable[..., Any]        # la fonction protégée (erreurs → texte « #… »)
    arguments: tuple[str, ...]
    aides: dict[str, str]
    plages: tuple[int, ...]          # positions des arguments lus comme plages 2-D
    nb_obligatoires: int
    description: str
    matrice: bool = False            # rend une matrice (liste de lignes) ; un hôte qui type ses
                                     # résultats (add-in LibreOffice) doit le savoir d'avance


REGISTRE: dict[str, FonctionExcel] = {}


def fonction(arguments: dict[str, str], plages: tuple[str, ...] = (), matrice: bool = False):
    """Déclare une fonction du classeur. ``arguments`` : aide française de chaque argument (≤ 255
    caractères, avec l'unité) ; ``plages`` : arguments reçus comme plages de cellules ;
    ``matrice`` : la fonction rend une matrice (et, en erreur, un texte « #… »)."""

    def decorer(f: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(f)
        noms = tuple(signature.parameters)
        description = inspect.cleandoc(f.__doc__ or "")
        _verifier_declaration(f.__name__, noms, arguments, plages, description)

        @functools.wraps(f)
        def appel(*args: Any) -> Any:
            try:
                return f(*args)
            except ErreurSaisie as e:
                return e.texte_cellule
            except Exception as e:  # noqa: BLE001 - une cellule ne doit jamais montrer de trace
                return f"#{f.__name__} : erreur interne ({type(e).__name__} : {e})"

        del appel.__wrapped__          # les hôtes lisent la signature : on la fixe explicitement
        appel.__signature__ = signature
        appel.__annotations__ = {}
        appel.__doc__ = description

        obligatoires = sum(1 for p in signature.parameters.values()
                           if p.default is inspect.Parameter.empty)
        REGISTRE[f.__name__] = FonctionExcel(
            nom=f.__name__, appel=appel, arguments=noms, aides=dict(arguments),
            plages=tuple(noms.index(p) for p in plages), nb_obligatoires=obligatoires,
            description=description, matrice=matrice,
        )
        return appel

    return decorer


def _verifier_declaration(nom: str, noms: tuple[str, ...], aides: dict[str, str],
                          plages: tuple[str, ...], description: str) -> None:
    """Une déclaration incomplète est une faute de programmation : elle échoue dès l'import."""
    if set(aides) != set(noms):
        raise TypeError(f"{nom} : aide manquante ou en trop pour {set(aides) ^ set(noms)}")
    if not set(plages) <= set(noms):
        raise TypeError(f"{nom} : plages inconnues {set(plages) - set(noms)}")
    if not description or len(description) > LIMITE_AIDE:
        raise TypeError(f"{nom} : description absente ou de plus de {LIMITE_AIDE} caractères")
    for arg, aide in aides.items():
        if not aide or len(aide) > LIMITE_AIDE:
            raise TypeError(f"{nom} : aide de {arg} absente ou de plus de {LIMITE_AIDE} caractères")
