"""Les valeurs telles que LibreOffice les passe à un add-in, ramenées à la forme que lit ``udfs.valeurs``.

Ce module tourne dans le Python de LibreOffice (il est embarqué dans l'extension) et n'importe
que la bibliothèque standard ; il est testé aussi hors de LibreOffice.

Pour un argument de type ``any`` (tous les nôtres), Calc passe : un nombre (``float``, les dates
et les booléens compris : LibreOffice n'a pas de type booléen), un texte, ``None`` pour un
argument omis ou une cellule vide, et un tuple de tuples pour une plage. ``udfs.valeurs`` accepte
déjà les tuples et les nombres 0/1 pour VRAI/FAUX ; il reste à donner aux plages la forme 2-D que
leur donne xlwings (``ndim=2``) et aux cellules isolées leur valeur seule.

Résultat : un nombre ou un texte (``any``) ; pour une fonction déclarée ``matrice`` dans le
registre, une séquence de séquences (seule forme de matrice que Calc accepte d'un add-in Python).
Calc n'a pas de booléen (VRAI devient 1, comme une cellule booléenne de LibreOffice ; un booléen
Python dans un ``any`` y deviendrait même 0) et pas de « rien » (``None`` devient 0, ce qu'Excel
affiche pour une UDF qui ne renvoie rien ; une case vide dans une matrice).
"""

from __future__ import annotations

from typing import Any


def argument(valeur: Any, plage: bool) -> Any:
    if isinstance(valeur, (tuple, list)):
        lignes = [list(ligne) if isinstance(ligne, (tuple, list)) else [ligne] for ligne in valeur]
        if not plage and len(lignes) == 1 and len(lignes[0]) == 1:
            return lignes[0][0]
        return lignes
    return [[valeur]] if plage else valeur


def arguments(valeurs: tuple[Any, ...], plages: tuple[int, ...]) -> list[Any]:
    return [argument(v, i in plages) for i, v in enumerate(valeurs)]


def _cellule(x: Any) -> Any:
    if x is None:
        return ""           # une cellule vide d'une matrice résultat
    if isinstance(x, (int, float)):         # booléens compris : Calc les veut en nombres
        return float(x)
    return str(x)


def resultat(r: Any, matrice: bool) -> Any:
    """Un résultat de fonction du registre → valeur acceptée par Calc : nombre ou texte ; pour une
    fonction déclarée ``matrice``, toujours une matrice (tuple de tuples, un message d'erreur en 1 × 1)."""
    if not matrice:
        return 0.0 if r is None else _cellule(r)
    if not isinstance(r, (list, tuple)):
        r = [[r]]
    lignes = [ligne if isinstance(ligne, (list, tuple)) else [ligne] for ligne in r] or [[0.0]]
    largeur = max(len(l) for l in lignes) or 1
    # Calc veut une matrice rectangulaire : une ligne courte est complétée par des vides
    return tuple(tuple(_cellule(x) for x in list(l) + [None] * (largeur - len(l))) for l in lignes)
