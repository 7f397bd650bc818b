"""Arguments omis dans un appel de nos fonctions : ``SUBVENTION_PLAI(D;;A;T;)`` → ``SUBVENTION_PLAI(D;"";A;T;"")``.

Excel passe un argument omis à une fonction de complément comme « manquant » (``IsMissing`` en VBA,
``None`` sous xlwings) ; LibreOffice 7.4 le passe à une fonction Basic comme le nombre 0, que rien
ne distingue d'un 0 saisi. Nos fonctions lisent un texte vide comme un argument absent
(``udfs.valeurs.est_vide``) : mettre ``""`` à la place de l'argument omis leur donne ce qu'Excel
leur donnerait, et la formule reste valable pour Excel (elle est enregistrée ainsi). Seuls les
arguments de nos fonctions sont touchés : pour une fonction d'Excel, ``""`` n'est pas un argument omis.

On travaille sur les jetons de la formule (``XFormulaTokens``), pas sur son texte : réécrite en
texte, la formule serait relue dans une grammaire qui relie nos noms à l'add-in, pas au Basic.
Embarqué dans l'extension : bibliothèque standard seulement.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

POUSSER = 0      # ocPush, le premier code d'opération dans toutes les versions


def arguments_omis(jetons: Sequence[tuple[int, Any]], noms: Iterable[str], ouvrir: int, fermer: int,
                   manquant: int) -> list[int]:
    """Positions des jetons « argument omis » (``manquant``) placés directement entre les
    parenthèses d'un appel d'une fonction de ``noms`` (jeton d'appel : un nom, pas une valeur
    poussée). ``jetons`` : (code d'opération, donnée) dans l'ordre de la formule."""
    noms = {n.upper() for n in noms}
    pile: list[bool] = []
    positions = []
    for i, (code, donnee) in enumerate(jetons):
        if code == ouvrir:
            appel = jetons[i - 1] if i else None
            pile.append(appel is not None and appel[0] != POUSSER and isinstance(appel[1], str)
                        and appel[1].upper() in noms)
        elif code == fermer:
            if pile:
                pile.pop()
        elif code == manquant and pile and pile[-1]:
            positions.append(i)
    return positions
