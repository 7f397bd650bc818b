"""L'hôte « moteur sans Excel » de nos fonctions, généré depuis ``REGISTRE`` (comme ``udfs.excel``
l'est pour xlwings) : une fonction du registre ne peut pas manquer ici.

Les arguments arrivent sous la forme que leur donne xlwings (``err_to_str=True``, ``ndim=2``
pour les plages) : cellule vide et argument omis → None, erreur → son texte (« #DIV/0! »), plage
→ liste de lignes ; ``udfs.valeurs`` fait le reste, comme sous Excel. Un résultat en liste devient
un tableau (INDEX(PROJECTION_BILANS(…);2;3)) ; None devient 0, comme Excel l'affiche.

Nos fonctions sont pures : un même appel (la projection reprise par 80 cellules INDEX, le même
dossier recalculé) est calculé une fois. Le type fait partie de la clé (1 et VRAI, 1 et 1.0
restent distincts pour les messages).
"""

from __future__ import annotations

from typing import Any

from udfs.calcul.integrees import Integree
from udfs.calcul.types import Erreur, Omis, Reference, Tableau

_MEMOIRE: dict[tuple, Any] = {}
_MEMOIRE_MAX = 20_000


def vider_memoire() -> None:
    _MEMOIRE.clear()


def _vers_python(x: Any) -> Any:
    if x is None or type(x) is Omis:
        return None
    if type(x) is Erreur:
        return x.code
    return x


def _argument(a: Any, plage: bool) -> Any:
    if type(a) is Reference:
        if a.unique and not plage:
            return _vers_python(a.valeur())
        lignes = a.lignes()
    elif type(a) is Tableau:
        lignes = a.lignes
    else:
        a = _vers_python(a)
        return [[a]] if plage else a
    lignes = [[_vers_python(v) for v in ligne] for ligne in lignes]
    if not plage and len(lignes) == 1 and len(lignes[0]) == 1:
        return lignes[0][0]
    return lignes


def _resultat(r: Any) -> Any:
    if isinstance(r, (list, tuple)):
        lignes = [list(l) if isinstance(l, (list, tuple)) else [l] for l in r] if r and \
            isinstance(r[0], (list, tuple)) else [list(r)]
        if not lignes or not lignes[0]:
            return 0
        largeur = max(len(l) for l in lignes)
        return Tableau([[0 if v is None else v for v in l] + [None] * (largeur - len(l)) for l in lignes])
    return 0 if r is None else r


def _cle(x: Any) -> Any:
    return tuple(_cle(e) for e in x) if isinstance(x, list) else x


def _adapter(fonction) -> Any:
    plages = set(fonction.plages)
    appel_ = fonction.appel
    nom = fonction.nom

    def appel(*args):
        arguments = [_argument(a, i in plages) for i, a in enumerate(args)]
        cle = (nom, tuple((type(a).__name__, _cle(a)) for a in arguments))
        try:
            if cle in _MEMOIRE:
                return _MEMOIRE[cle]
        except TypeError:            # valeur non hachable : pas de mémoire
            return _resultat(appel_(*arguments))
        resultat = _resultat(appel_(*arguments))
        if len(_MEMOIRE) >= _MEMOIRE_MAX:
            _MEMOIRE.clear()
        _MEMOIRE[cle] = resultat
        return resultat

    appel.__name__ = nom
    return appel


_FONCTIONS: dict[str, Integree] | None = None


def fonctions() -> dict[str, Integree]:
    """{NOM : Integree} pour chaque fonction du registre (importé à la première demande)."""
    global _FONCTIONS
    if _FONCTIONS is None:
        from udfs.fonctions import REGISTRE
        _FONCTIONS = {nom.upper(): Integree(nom.upper(), _adapter(f), "p", repete=1, minimum=0, maximum=255,
                                            reference=False)
                      for nom, f in REGISTRE.items()}
    return _FONCTIONS
