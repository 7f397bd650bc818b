"""Plages lues ensemble, ligne par ligne (tables de locaux, de logements), pour les fonctions minces.

Les colonnes d'une même table ont la même taille ; une colonne facultative omise (xlwings passe
``[[None]]``) ou vide vaut None partout ; une ligne dont les colonnes obligatoires sont vides est
ignorée (plage dimensionnée large) ; une erreur de saisie dans une ligne nomme son numéro.
"""

from __future__ import annotations

from typing import Any, Iterator

from udfs import valeurs as v
from udfs.erreurs import a_la_ligne  # noqa: F401  (les fonctions minces lisent leurs tables par ce module)


def lignes(plages: dict[str, Any], facultatives: tuple[str, ...] = ()) -> Iterator[tuple[int, dict[str, Any]]]:
    """(numéro de ligne à partir de 1, {colonne: cellule}) pour chaque ligne non vide."""
    colonnes = {nom: v.colonne(x, nom) for nom, x in plages.items()}
    longueur = len(next(iter(colonnes.values())))
    for nom in facultatives:
        if all(v.est_vide(x) for x in colonnes[nom]):
            colonnes[nom] = [None] * longueur
    v.memes_longueurs(colonnes)
    obligatoires = [nom for nom in colonnes if nom not in facultatives]
    for i, cellules in enumerate(zip(*colonnes.values()), start=1):
        ligne = dict(zip(colonnes, cellules))
        if not all(v.est_vide(ligne[nom]) for nom in obligatoires):
            yield i, ligne

