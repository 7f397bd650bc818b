"""Le modèle compilé d'un classeur : ses formules en fermetures, dans l'ordre où les calculer.

Compilé une fois par modèle de classeur (mêmes feuilles, mêmes formules, mêmes noms : même
``signature``), il calcule ensuite chaque dossier en chargeant ses constantes dans le magasin des
valeurs puis en appelant les fermetures dans l'ordre topologique (un précédent avant la formule
qui le lit). Les cellules qu'aucun ordre ne permet de calculer forment des cycles, ou en
dépendent : ce sont les références circulaires, nommées à l'utilisateur.

Formules matricielles : une formule ``t="array"`` écrit chaque case de sa plage (Excel
« ancien » : taille fixe, une ligne ou une colonne étendue, #N/A au-delà du résultat) ; un tableau
dynamique (Excel 365) déborde à la taille de son résultat, ou vaut #SPILL! si une cellule non vide
l'en empêche. Si un débordement change de taille, l'ordre est recalculé et le dossier repassé.
"""

from __future__ import annotations

import bisect
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from udfs.calcul import analyse
from udfs.calcul.compilation import Compilateur, Lieu
from udfs.calcul.integrees import INTEGREES
from udfs.calcul.lecture import CellulesFormule
from udfs.calcul.types import (DEBORDEMENT, NA, NOM, VALEUR, COLONNES_MAX, LIGNES_MAX, Erreur, Omis, Reference,
                               Tableau, cle, depuis_cle)

_DEBOGAGE = os.environ.get("RS_INSTRUCTION_DEBOGAGE") == "1"
_PREFIXES = ("_XLFN.", "_XLWS.")


class Cycle(Exception):
    """Cellules non calculables (cycle ou dépendantes d'un cycle), « Feuille!A1 » dans l'ordre du classeur."""

    def __init__(self, cellules: list[str]):
        self.cellules = cellules


@dataclass(frozen=True)
class FormuleNonLue:
    """Une formule que l'analyseur ne sait pas lire : sa cellule vaut #NAME? (comme une fonction
    inconnue d'Excel) et l'utilisateur en est averti ; le reste du classeur est calculé."""

    cellule: str
    texte: str
    raison: str

    def __str__(self) -> str:
        return (f"{self.cellule} : formule illisible sans Excel (« {self.texte} ») : {self.raison} ; "
                "la cellule vaut #NAME?")


def fonction(nom: str):
    """La fonction d'un nom de formule : intégrée, des nôtres, ou prise à ``formulas`` ; None sinon."""
    n = nom.upper()
    spec = INTEGREES.get(n)
    if spec is not None:
        return spec
    court = n
    while court.startswith(_PREFIXES):
        court = court.split(".", 1)[1]
    spec = INTEGREES.get(court)
    if spec is not None:
        return spec
    from udfs.calcul import hote
    spec = hote.fonctions().get(court)
    if spec is not None:
        return spec
    from udfs.calcul import repli
    return repli.fonction(court)


class Modele:
    def __init__(self, cellules: CellulesFormule):
        self.feuilles = list(cellules.feuilles)
        self.index_feuilles = {f.upper(): i for i, f in enumerate(self.feuilles)}
        self.V: dict[int, Any] = {}
        self.etendue = (1, 1)
        self.noms_locaux = {n.split("!", 1)[1].upper() for n in cellules.noms_locaux}
        self.noms: dict[str, Any] = {}
        for nom, texte in cellules.definitions.items():
            try:
                self.noms[nom] = analyse.analyser(texte) if texte.strip() else NOM
            except analyse.FormuleIllisible:
                self.noms[nom] = NOM
        # références calculées (DECALER, INDIRECT) : su avant de compiler, les lectures en dépendent
        dynamiques = tuple(f"{n}(" for n, spec in INTEGREES.items() if spec.dynamique)
        textes = [t.upper() for t in (*cellules.formules.values(), *cellules.definitions.values())]
        self.dynamique = any(d in t for t in textes for d in dynamiques)
        self.lire = self._lire_en_attente
        self.avant_lecture = self._calculer_plage if self.dynamique else _rien

        self.cellules: list[str] = []                 # « Feuille!A1 » de chaque formule
        self.cles: list[int] = []
        self.fonctions: list[Any] = []
        self.matrices: list[tuple | None] = []        # (l1, c1, l2, c2, dynamique) du fichier
        self.zones: list[tuple | None] = []           # plage couverte à ce calcul
        self.illisibles: list[FormuleNonLue] = []
        releves = []
        compilateur = Compilateur(self)
        lmax = cmax = 1
        for (feuille, ref), texte in cellules.formules.items():
            f, l, c = cellules.positions[(feuille, ref)]
            nom = f"{feuille}!{ref}"
            try:
                arbre = analyse.analyser(texte)
            except analyse.FormuleIllisible as e:
                self.illisibles.append(FormuleNonLue(nom, texte, str(e)))
                arbre = ("e", "#NAME?")
            matrice = cellules.matrices.get((feuille, ref))
            fn, releve = compilateur.formule(arbre, Lieu(self, f, l, c), matriciel=matrice is not None)
            self.cellules.append(nom)
            self.cles.append(cle(f, l, c))
            self.fonctions.append(fn)
            self.matrices.append(matrice)
            self.zones.append(matrice[:4] if matrice else None)
            releves.append(releve)
            lmax, cmax = max(lmax, matrice[2] if matrice else l), max(cmax, matrice[3] if matrice else c)
        self._etendue_formules = (lmax, cmax)
        self.debordants = any(m and m[4] for m in self.matrices)
        self._releves = releves
        self._ordonner()
        if not self.debordants:
            self._releves = None                      # plus utiles : l'ordre ne changera pas

    # --- Ordre de calcul ---------------------------------------------------------------------

    def _proprietaires(self) -> dict[int, int]:
        """{clé de cellule : indice de la formule qui l'écrit} (ancre et cases des matrices)."""
        p = {k: i for i, k in enumerate(self.cles)}
        for i, zone in enumerate(self.zones):
            if zone:
                f = self.cles[i] >> 34
                l1, c1, l2, c2 = zone
                for l in range(l1, l2 + 1):
                    for c in range(c1, c2 + 1):
                        p.setdefault(cle(f, l, c), i)
        return p

    def _ordonner(self) -> None:
        proprietaires = self._proprietaires()
        self._proprietaire = proprietaires
        par_colonne: dict[tuple[int, int], list[int]] = defaultdict(list)
        for k in proprietaires:
            f, l, c = depuis_cle(k)
            par_colonne[(f, c)].append(l)
        colonnes: dict[int, list[int]] = defaultdict(list)
        for (f, c), lignes in par_colonne.items():
            lignes.sort()
            colonnes[f].append(c)
        for liste in colonnes.values():
            liste.sort()
        self._par_colonne, self._colonnes = par_colonne, colonnes
        n = len(self.cles)
        successeurs: list[list[int]] = [[] for _ in range(n)]
        entrants = [0] * n
        for i, releve in enumerate(self._releves):
            precedents = set()
            for k in releve.cellules:
                j = proprietaires.get(k)
                if j is not None:
                    precedents.add(j)
            for f, l1, c1, l2, c2 in releve.plages:
                precedents.update(self._formules_dans(f, l1, c1, l2, c2))
            for j in precedents:
                successeurs[j].append(i)
                entrants[i] += 1
        ordre = [i for i in range(n) if entrants[i] == 0]
        for i in ordre:                               # la liste s'allonge pendant le parcours
            for s in successeurs[i]:
                entrants[s] -= 1
                if entrants[s] == 0:
                    ordre.append(s)
        if len(ordre) < n:
            places = set(ordre)
            raise Cycle([self.cellules[i] for i in range(n) if i not in places])
        self.ordre = ordre
        self.etapes = [(self.cles[i], self.fonctions[i], i if self.matrices[i] else -1) for i in ordre]

    def _formules_dans(self, f: int, l1: int, c1: int, l2: int, c2: int):
        colonnes = self._colonnes.get(f, ())
        proprietaires = self._proprietaire
        for c in colonnes[bisect.bisect_left(colonnes, c1):bisect.bisect_right(colonnes, c2)]:
            lignes = self._par_colonne[(f, c)]
            for l in lignes[bisect.bisect_left(lignes, l1):bisect.bisect_right(lignes, l2)]:
                yield proprietaires[cle(f, l, c)]

    # --- Calcul ------------------------------------------------------------------------------

    def calculer(self, magasin: dict[int, Any]) -> None:
        """Calcule toutes les formules avec les constantes ``magasin`` ; valeurs dans ``self.V``."""
        lmax, cmax = self._etendue_formules
        for k in magasin:
            l, c = (k >> 14) & 0xFFFFF, k & 0x3FFF
            if l > lmax:
                lmax = l
            if c > cmax:
                cmax = c
        self.etendue = (lmax, cmax)
        self._magasin = magasin
        for _ in range(4):
            self.V.clear()
            self.V.update(magasin)
            if not self._passe():
                return
            self._ordonner()

    def _passe(self) -> bool:
        """Une passe dans l'ordre ; True si un tableau dynamique a changé de taille."""
        if self.dynamique:
            return self._passe_dynamique()
        try:
            return self._etapes(prudente=False)
        except (Cycle, RecursionError):
            raise
        except Exception:  # noqa: BLE001 - défaut du moteur : la cellule montre #VALUE!, pas une trace
            if _DEBOGAGE:
                raise
            return self._etapes(prudente=True)

    def _etapes(self, prudente: bool) -> bool:
        V = self.V
        change = False
        for k, f, i in self.etapes:
            try:
                if i < 0:
                    V[k] = f()
                else:
                    change |= self._poser(i, f())
            except (Cycle, RecursionError):
                raise
            except Exception:  # noqa: BLE001
                if not prudente:
                    raise
                V[k] = VALEUR
        return change

    # Références dynamiques (DECALER, INDIRECT) : leurs précédents ne sont connus qu'au calcul.
    # Toute lecture d'une cellule à formule encore en attente la calcule d'abord (et ses propres
    # précédents de même) ; une formule qui se lit elle-même ainsi est une référence circulaire.

    def _passe_dynamique(self) -> bool:
        self._en_attente = set(range(len(self.cles)))
        self._en_cours: set[int] = set()
        self._change = False
        for i in self.ordre:
            if i in self._en_attente:
                self._evaluer(i)
        return self._change

    def _evaluer(self, i: int) -> None:
        if i in self._en_cours:
            raise Cycle([self.cellules[i]])
        self._en_cours.add(i)
        try:
            try:
                v = self.fonctions[i]()
            except (Cycle, RecursionError):
                raise
            except Exception:  # noqa: BLE001
                if _DEBOGAGE:
                    raise
                v = VALEUR
        finally:
            self._en_cours.discard(i)
        self._en_attente.discard(i)
        if self.matrices[i] is None:
            self.V[self.cles[i]] = v
        else:
            self._change |= self._poser(i, v)

    def _lire_en_attente(self, k: int) -> Any:
        attente = getattr(self, "_en_attente", None)
        if attente:
            i = self._proprietaire.get(k)
            if i is not None and i in attente:
                self._evaluer(i)
        return self.V.get(k)

    def _calculer_plage(self, r: Reference) -> None:
        attente = getattr(self, "_en_attente", None)
        if not attente:
            return
        lmax, cmax = self.etendue
        for i in set(self._formules_dans(r.feuille, r.l1, r.c1, min(r.l2, lmax), min(r.c2, cmax))):
            if i in attente:
                self._evaluer(i)

    def _poser(self, i: int, v: Any) -> bool:
        """Écrit le résultat d'une formule matricielle dans les cases de sa plage."""
        l1, c1, l2, c2, dynamique = self.matrices[i]
        f = self.cles[i] >> 34
        la, ca = (self.cles[i] >> 14) & 0xFFFFF, self.cles[i] & 0x3FFF
        if type(v) is Reference:
            lignes = v.lignes()
        elif type(v) is Tableau:
            lignes = v.lignes
        else:
            lignes = [[v]]
        V = self.V
        if not dynamique:
            nl, nc = len(lignes), len(lignes[0])
            for di in range(l2 - l1 + 1):
                for dj in range(c2 - c1 + 1):
                    ii, jj = (0 if nl == 1 else di), (0 if nc == 1 else dj)
                    V[cle(f, l1 + di, c1 + dj)] = _case(lignes[ii][jj]) if ii < nl and jj < nc else NA
            return False
        nl, nc = len(lignes), len(lignes[0])
        zone = (la, ca, la + nl - 1, ca + nc - 1)
        if zone[2] > LIGNES_MAX or zone[3] > COLONNES_MAX or self._bloquee(i, f, zone):
            V[self.cles[i]] = DEBORDEMENT
            zone = (la, ca, la, ca)
        else:
            for di in range(nl):
                for dj in range(nc):
                    V[cle(f, la + di, ca + dj)] = _case(lignes[di][dj])
        change = zone != self.zones[i]
        self.zones[i] = zone
        if zone[2] > self.etendue[0] or zone[3] > self.etendue[1]:
            self.etendue = (max(zone[2], self.etendue[0]), max(zone[3], self.etendue[1]))
        return change

    def _bloquee(self, i: int, f: int, zone: tuple[int, int, int, int]) -> bool:
        """Une case du débordement est une saisie, une autre formule ou une case d'une autre matrice."""
        l1, c1, l2, c2 = zone
        ancre = self.cles[i]
        for l in range(l1, l2 + 1):
            for c in range(c1, c2 + 1):
                k = cle(f, l, c)
                if k == ancre:
                    continue
                if k in self._magasin:
                    return True
                j = self._proprietaire.get(k)
                if j is not None and j != i:
                    return True
        return False

    # --- Lecture des résultats -------------------------------------------------------------

    def resultats(self) -> tuple[dict[str, Any], dict[str, str]]:
        """({« Feuille!A1 » : valeur}, {ancre : « A1:B3 »}) ; une erreur devient son texte."""
        V = self.V
        valeurs: dict[str, Any] = {}
        plages: dict[str, str] = {}
        for i, nom in enumerate(self.cellules):
            k = self.cles[i]
            valeurs[nom] = _sortie(V.get(k))
            if self.matrices[i]:
                feuille = nom.rsplit("!", 1)[0]
                f = k >> 34
                l1, c1, l2, c2 = self.zones[i]
                plages[nom] = f"{analyse.lettres(c1)}{l1}:{analyse.lettres(c2)}{l2}"
                for l in range(l1, l2 + 1):
                    for c in range(c1, c2 + 1):
                        kk = cle(f, l, c)
                        if kk != k:
                            valeurs[f"{feuille}!{analyse.lettres(c)}{l}"] = _sortie(V.get(kk))
        return valeurs, plages

    def debordement(self, f: int, l: int, c: int) -> tuple[int, int, int, int] | None:
        """La plage que couvre la formule matricielle ancrée en (l, c) (pour « A1# »)."""
        i = self._proprietaire.get(cle(f, l, c))
        if i is None or self.cles[i] != cle(f, l, c) or not self.zones[i]:
            return None
        return self.zones[i]

    def cellules_a_formule(self):
        """Les clés des cellules écrites par une formule (ancres et cases des matrices)."""
        return self._proprietaire

    def reference_nommee(self, nom: str) -> Reference | None:
        arbre = self.noms.get(nom.upper())
        if not isinstance(arbre, tuple) or arbre[0] != "ref" or arbre[1] is None:
            return None
        f = self.index_feuilles.get(arbre[1].upper())
        return None if f is None else Reference(self, f, *arbre[2:])

    def fonction(self, nom: str):
        return fonction(nom)


def _rien(_reference) -> None:
    return None


def _case(v: Any) -> Any:
    return 0 if v is None or type(v) is Omis else v


def _sortie(v: Any) -> Any:
    t = type(v)
    if t is Erreur:
        return v.code
    if v is None or t is Omis:
        return 0
    return v
