"""Repli sur ``formulas`` pour une fonction intégrée d'Excel que nous n'avons pas écrite.

Sûr seulement pour les fonctions « de valeurs » : on leur passe des valeurs (tableaux numpy, comme
``formulas`` le fait après lecture des plages), jamais une référence. Celles qui ont besoin d'une
référence (LIGNE, DECALER…) sont écrites ici ou refusées (#NAME?). ``formulas`` (et scipy qu'il
importe, ≈ 1 s) n'est chargé que si un classeur emploie une telle fonction.
"""

from __future__ import annotations

from typing import Any

from udfs.calcul.integrees import Integree
from udfs.calcul.types import ERREURS, VALEUR, Erreur, Omis, Reference, Tableau

# fonctions de formulas qui attendent des références (objets Ranges), ou le moteur de formulas
_REFERENCES = {"AREAS", "COLUMNS", "ROWS", "COLUMN", "ROW", "ISFORMULA", "SINGLE", "INDEX", "OFFSET",
               "INDIRECT", "CELL", "ISREF", "FORMULATEXT", "SHEET", "SHEETS", "GETPIVOTDATA", "ARRAY",
               "ARRAYROW"}
_CACHE: dict[str, Integree | None] = {}


def fonction(nom: str) -> Integree | None:
    if nom in _CACHE:
        return _CACHE[nom]
    _CACHE[nom] = spec = _charger(nom)
    return spec


def _charger(nom: str) -> Integree | None:
    if nom in _REFERENCES:
        return None
    import os
    os.environ.setdefault("TQDM_DISABLE", "1")
    import formulas
    table = formulas.get_functions()
    f = table.get(nom) or table.get(f"_XLFN.{nom}")
    if f is None or isinstance(f, dict) or not callable(f):
        return None
    return Integree(nom, _adapter(f), "p", repete=1, minimum=0, maximum=255)


def _adapter(f):
    import numpy as np
    import schedula as sh
    from formulas.tokens.operand import Error, XlError

    def vers(v: Any) -> Any:
        if v is None:
            return sh.EMPTY
        if type(v) is Erreur:
            return Error.errors.get(v.code, Error.errors["#VALUE!"])
        return v

    def tableau(lignes):
        a = np.empty((len(lignes), len(lignes[0])), dtype=object)
        for i, ligne in enumerate(lignes):
            for j, v in enumerate(ligne):
                a[i, j] = vers(v)
        return a

    def argument(a: Any) -> Any:
        if type(a) is Reference:
            return tableau(a.lignes())
        if type(a) is Tableau:
            return tableau(a.lignes)
        if type(a) is Omis:
            return 0
        if a is None:
            return tableau([[None]])
        return vers(a)

    def depuis(v: Any) -> Any:
        if isinstance(v, XlError):
            return ERREURS.get(str(v), VALEUR)
        if v is sh.EMPTY:
            return None
        if isinstance(v, np.generic):
            return v.item()
        return v

    def appel(*args):
        r = f(*(argument(a) for a in args))
        if isinstance(r, np.ndarray):
            if r.size == 1:
                return depuis(r.ravel()[0])
            r = np.atleast_2d(r)
            return Tableau([[depuis(x) for x in ligne] for ligne in r.tolist()])
        return depuis(r)

    return appel

