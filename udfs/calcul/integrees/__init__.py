"""Les fonctions intégrées d'Excel, écrites avec sa sémantique, sous leur nom anglais de fichier.

Chaque fonction déclare le genre de ses arguments (voir ``udfs.calcul.compilation``) :
``v`` valeur (intersection implicite, application élément par élément sur un tableau), ``p``
référence ou valeur (transmise telle quelle : SOMME distingue une plage d'un littéral), ``a``
tableau (le sous-arbre est calculé en matriciel, comme SOMMEPROD), ``l`` argument paresseux
(SI n'évalue que la branche choisie). Les derniers genres se répètent pour les arguments en
nombre variable (``repete``).

Une fonction lève ``ErreurExcel`` pour rendre une erreur d'Excel ; la compilation l'en protège.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

INTEGREES: dict[str, "Integree"] = {}


@dataclass(frozen=True)
class Integree:
    nom: str
    impl: Callable[..., Any]
    genres: str
    repete: int = 0
    minimum: int = 0
    maximum: int = 255
    paresseuse: bool = False      # reçoit des fonctions sans argument (branches non évaluées)
    position: bool = False        # reçoit d'abord le ``Lieu`` de la formule (LIGNE(), INDIRECT)
    reference: bool = False       # peut rendre une référence (INDEX, DECALER, SI…)
    dynamique: bool = False       # rend une référence calculée (précédents inconnus d'avance)
    erreurs: bool = False         # reçoit les erreurs de ses arguments « v » (ESTERREUR…) ; sinon la
                                  # première, dans l'ordre des arguments, est le résultat (comme Excel)
    diffusable: bool = True       # appliquée case par case à un tableau ; False pour les fonctions de
                                  # l'ancien utilitaire d'analyse (MOIS.DECALER, EST.PAIR…) : #VALUE!

    def genre(self, i: int) -> str:
        n = len(self.genres)
        if i < n - self.repete or not self.repete:
            return self.genres[min(i, n - 1)] if n else "v"
        debut = n - self.repete
        return self.genres[debut + (i - debut) % self.repete]


def integree(nom: str, genres: str, *, repete: int = 0, minimum: int | None = None,
             maximum: int | None = None, **options):
    """Déclare ``nom`` (et ses alias séparés par « | »)."""

    def decorer(impl):
        noms = nom.split("|")
        for n in noms:
            INTEGREES[n] = Integree(
                n, impl, genres, repete,
                minimum if minimum is not None else len(genres) - repete,
                maximum if maximum is not None else (255 if repete else len(genres)), **options)
        return impl

    return decorer


# les modules s'inscrivent dans INTEGREES en s'important
from udfs.calcul.integrees import agregats, dates, finance, info, logique, maths, recherche, texte  # noqa: E402,F401
