"""Recalcul sans Excel : l'évaluateur ``udfs.calcul``, avec la sémantique d'Excel.

Nos fonctions sont celles de ``REGISTRE`` (le même que l'hôte xlwings), servies par l'hôte
``udfs.calcul.hote`` généré depuis lui : une fonction ne peut pas exister dans un hôte et manquer
dans l'autre. Les fonctions intégrées d'Excel sont écrites dans ``udfs.calcul.integrees`` ; une
fonction rare que nous n'avons pas écrite est prise à ``formulas`` (``udfs.calcul.repli``).

Ce que le moteur garantit, comme Excel :
- ARRONDI au plus loin de zéro sur 15 chiffres (``udfs.arrondi``) : ARRONDI(1,005;2) = 1,01 ;
- un argument omis (``=F(A1;;3)``) vaut None pour nos fonctions (l'argument facultatif absent) et
  0 pour les fonctions intégrées ;
- une plage et un argument écrit en direct ne se traitent pas pareil dans les agrégats ; un texte
  de nombre se convertit dans un calcul ; les erreurs se propagent ;
- les formules matricielles et les débordements de tableaux dynamiques sont calculés, chaque case ;
- une référence circulaire est refusée en nommant ses cellules ; un nom défini local à une
  feuille n'est pas lu (#REF!) et la commande le signale.

Un modèle compilé (``ModeleCompile``) sert à tous les classeurs de même ``signature`` : le lot
compile chaque modèle une fois ; ``recalculer`` garde en mémoire les derniers modèles compilés,
pour qu'un recalcul du même classeur dans le même processus ne recompile rien.
"""

from __future__ import annotations

import gc
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from udfs.calcul import analyse, lecture
from udfs.calcul.lecture import CellulesFormule
from udfs.calcul.modele import Cycle, Modele
from udfs.calcul.types import Erreur, cle
from udfs.securite import ClasseurRefuse, classeur_illisible, verifier_fichier

__all__ = ["CellulesFormule", "ModeleCompile", "ReferenceCirculaire", "Resultat", "enregistrer",
           "lire_cellules", "recalculer"]


class ReferenceCirculaire(ClasseurRefuse):
    pass


def enregistrer() -> dict[str, Any]:
    """Les fonctions que le moteur sait calculer, par nom Excel : intégrées et les nôtres."""
    from udfs.calcul import hote
    from udfs.calcul.integrees import INTEGREES
    return {**INTEGREES, **hote.fonctions()}


@contextmanager
def _sans_ramasse_miettes(figer: bool = False):
    """Compiler 20 000 formules crée des centaines de milliers de fermetures : le ramasse-miettes
    cyclique les reparcourt sans cesse (mesuré : 3,1 s au lieu de 0,9 s pour compiler, 2,0 s au
    lieu de 0,6 s pour calculer). Rien de cyclique n'est à libérer pendant ce temps-là.

    ``figer`` (après une compilation) : les objets du modèle, qui vivront autant que lui, passent
    dans la génération permanente, sans quoi la première collecte les parcourrait tous (0,6 s
    pour 20 000 formules). ``modele()`` les rend au ramasse-miettes quand il oublie un modèle."""
    actif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if figer:
            gc.freeze()
        if actif:
            gc.enable()


def lire_cellules(chemin: Path) -> CellulesFormule:
    try:
        with _sans_ramasse_miettes():
            return lecture.lire(Path(chemin))
    except ClasseurRefuse:
        raise
    except Exception as e:  # XML endommagé, partie manquante…
        raise classeur_illisible(Path(chemin), e) from None


@dataclass
class Resultat:
    """Les valeurs calculées de toutes les cellules à formule : {« Feuille!A1 » : valeur} ; les
    cases des formules matricielles y sont aussi, et ``matrices`` donne la plage de chacune."""

    chemin: Path
    valeurs: dict[str, Any]
    cellules: CellulesFormule | None = None
    matrices: dict[str, str] = field(default_factory=dict)
    avertissements: list[str] = field(default_factory=list)   # formules illisibles sans Excel (#NAME?)

    def __getitem__(self, cle: str) -> Any:
        return self.valeurs[cle]

    def nom(self, nom: str, defaut: Any = None) -> Any:
        """Valeur de la cellule d'un nom défini global (formule calculée ou constante saisie)."""
        ref = self.cellules.noms.get(nom.upper()) if self.cellules else None
        if ref is None:
            return defaut
        nom_cellule = f"{ref[0]}!{ref[1]}"
        if nom_cellule in self.valeurs:
            return self.valeurs[nom_cellule]
        if ref[0] not in self.cellules.feuilles:
            return defaut
        ligne, colonne = analyse.cellule(ref[1])
        v = self.cellules.magasin.get(cle(self.cellules.feuilles.index(ref[0]), ligne, colonne), defaut)
        return str(v) if isinstance(v, Erreur) else v


class ModeleCompile:
    """Un modèle de classeur compilé une fois, réutilisé pour chaque dossier de même signature."""

    def __init__(self, chemin: Path, cellules: CellulesFormule | None = None):
        chemin = Path(chemin)
        self.cellules = cellules if cellules is not None else lire_cellules(chemin)
        try:
            with _sans_ramasse_miettes(figer=True):
                self._modele = Modele(self.cellules)
        except Cycle as e:
            raise _circulaire(chemin, e) from None

    @property
    def signature(self) -> str:
        return self.cellules.signature

    def calculer(self, chemin: Path, cellules: CellulesFormule) -> Resultat:
        try:
            with _sans_ramasse_miettes():
                self._modele.calculer(cellules.magasin)
                valeurs, matrices = self._modele.resultats()
        except Cycle as e:
            raise _circulaire(Path(chemin), e) from None
        return Resultat(Path(chemin), valeurs, cellules, matrices, [str(e) for e in self._modele.illisibles])


def _circulaire(chemin: Path, e: Cycle) -> ReferenceCirculaire:
    liste = ", ".join(e.cellules[:10])
    return ReferenceCirculaire(f"{chemin.name} : référence circulaire ou formule non calculable : {liste}"
                               f"{' …' if len(e.cellules) > 10 else ''}")


_MODELES: OrderedDict[str, ModeleCompile] = OrderedDict()
_MODELES_MAX = 8


def modele(chemin: Path, cellules: CellulesFormule) -> ModeleCompile:
    """Le modèle compilé de ``cellules`` : repris de la mémoire du processus s'il y est."""
    signature = cellules.signature
    m = _MODELES.get(signature)
    if m is None:
        m = ModeleCompile(chemin, cellules)
        _MODELES[signature] = m
        while len(_MODELES) > _MODELES_MAX:
            _MODELES.popitem(last=False)
            gc.unfreeze()      # le modèle oublié (et ses cycles) redevient collectable ; les modèles
                               # gardés redeviennent parcourus, jusqu'au prochain gel
    else:
        _MODELES.move_to_end(signature)
    return m


def recalculer(chemin: Path | str) -> Resultat:
    """Recalcule un classeur .xlsx/.xlsm et renvoie la valeur de chaque cellule à formule.
    Le fichier n'est jamais modifié."""
    chemin = Path(chemin)
    verifier_fichier(chemin)
    cellules = lire_cellules(chemin)
    return modele(chemin, cellules).calculer(chemin, cellules)
