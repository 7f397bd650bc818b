"""Recalcul sans Excel, sur la bibliothèque ``formulas`` (version épinglée dans pyproject.toml).

Les fonctions Excel du paquet sont enregistrées sous leur nom Excel en lisant ``REGISTRE`` (le même
que la couche xlwings) : une fonction ne peut pas exister dans un hôte et manquer dans l'autre.
Les cellules arrivent de ``formulas`` sous leur forme propre (tableaux numpy 2-D, jeton vide,
erreurs ``XlError``) ; ``_vers_python`` les ramène à la forme que donne xlwings (None, listes de
listes, erreur Excel en texte « #N/A » comme avec ``err_to_str=True``), puis ``udfs.valeurs`` fait le
reste, comme sous Excel.

Écarts d'Excel corrigés ici (process entier, une fois) :
- ARRONDI : celui de ``formulas`` arrondit 1,005 à 1,00 ; on le remplace par ``arrondi_excel``.
- Argument omis (``=F(A1;;3)``) : ``formulas`` passe 0 ; Excel passe « manquant » à une UDF
  (None sous xlwings). On marque l'argument omis pour le rendre en None à nos fonctions, tout en
  restant 0 pour les fonctions intégrées.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("TQDM_DISABLE", "1")   # formulas affiche sinon des barres de progression

import formulas  # noqa: E402
import numpy as np  # noqa: E402
import openpyxl  # noqa: E402
import schedula as sh  # noqa: E402
from formulas.functions import Array, wrap_func, wrap_ufunc  # noqa: E402
from formulas.tokens.operand import Empty, XlError  # noqa: E402

from udfs.arrondi import arrondi_excel  # noqa: E402
from udfs.fonctions import REGISTRE  # noqa: E402
from udfs.securite import ClasseurRefuse, classeur_illisible, verifier_fichier  # noqa: E402
from udfs.valeurs import vers_serie  # noqa: E402


class _Omis(int):
    """Argument omis dans une formule : vaut 0 pour les fonctions intégrées, None pour les nôtres."""


_OMIS = _Omis(0)


def _vers_python(x: Any) -> Any:
    if x is sh.EMPTY or isinstance(x, _Omis):
        return None
    if isinstance(x, XlError):
        return str(x)
    if isinstance(x, np.generic):
        return x.item()
    return x


def _argument(a: Any, plage: bool) -> Any:
    if isinstance(a, np.ndarray):
        lignes = [[_vers_python(x) for x in ligne] for ligne in np.atleast_2d(a).tolist()]
        if not plage and len(lignes) == 1 and len(lignes[0]) == 1:
            return lignes[0][0]
        return lignes
    a = _vers_python(a)
    return [[a]] if plage else a


def _resultat(r: Any) -> Any:
    if isinstance(r, (list, tuple)):
        tableau = np.asarray(r, dtype=object)
        return (tableau.reshape(1, -1) if tableau.ndim == 1 else tableau).view(Array)
    return 0 if r is None else r   # Excel affiche 0 pour une UDF qui ne renvoie rien


def _cle(x: Any) -> Any:
    return tuple(_cle(e) for e in x) if isinstance(x, list) else x


_MEMOIRE: dict[tuple, Any] = {}
_MEMOIRE_MAX = 20_000


def _adapter(fonction) -> Any:
    def appel(*args):
        arguments = [_argument(a, i in fonction.plages) for i, a in enumerate(args)]
        # Nos fonctions sont pures : un même appel (la projection reprise par 80 cellules INDEX,
        # un même classeur dans un lot) est calculé une fois. Le type fait partie de la clé
        # (1 et VRAI, 1 et 1.0 restent distincts pour les messages).
        cle = (fonction.nom, tuple((type(a).__name__, _cle(a)) for a in arguments))
        try:
            if cle in _MEMOIRE:
                return _MEMOIRE[cle]
        except TypeError:           # valeur non hachable : pas de mémoire
            return _resultat(fonction.appel(*arguments))
        resultat = _resultat(fonction.appel(*arguments))
        if len(_MEMOIRE) >= _MEMOIRE_MAX:
            _MEMOIRE.clear()
        _MEMOIRE[cle] = resultat
        return resultat
    appel.__name__ = fonction.nom
    return wrap_func(appel)


_ENREGISTRE = False


def enregistrer() -> dict[str, Any]:
    """Enregistre nos fonctions et l'ARRONDI d'Excel dans ``formulas`` (une fois par processus)."""
    global _ENREGISTRE
    fonctions = formulas.get_functions()
    if not _ENREGISTRE:
        Empty.compile = staticmethod(lambda: _OMIS)
        fonctions["ROUND"] = wrap_ufunc(lambda x, d=0: arrondi_excel(x, d))
        for nom, fonction in REGISTRE.items():
            fonctions[nom.upper()] = _adapter(fonction)
        _ENREGISTRE = True
    return fonctions


# --- Lecture des résultats ---------------------------------------------------------------------

_CLE = re.compile(r"^'?\[(?P<fichier>[^\]]+)\](?P<feuille>.+?)'?!(?P<cellule>[A-Z]+[0-9]+)$")


def valeur_cellule(v: Any) -> Any:
    """Valeur d'une cellule calculée, en type Python simple (erreur Excel → son texte « #VALUE! »)."""
    if hasattr(v, "value"):
        v = v.value
    if isinstance(v, np.ndarray):
        v = v.flat[0] if v.size else None
    if v is sh.EMPTY or v is None or isinstance(v, _Omis):
        return 0
    if isinstance(v, XlError):
        return str(v)
    if isinstance(v, np.generic):
        v = v.item()
    return v


@dataclass
class CellulesFormule:
    """Les cellules à formule d'un classeur, lues par openpyxl : {(feuille, « A1 ») : formule}."""

    feuilles: list[str]
    formules: dict[tuple[str, str], str]
    constantes: dict[tuple[str, str], Any] = field(default_factory=dict)
    noms: dict[str, tuple[str, str]] = field(default_factory=dict)   # noms globaux d'une cellule
    noms_locaux: list[str] = field(default_factory=list)            # « Feuille!NOM » : illisibles par formulas

    @property
    def signature(self) -> str:
        """Empreinte du modèle (feuilles et formules) : deux dossiers du même modèle la partagent."""
        h = hashlib.sha256()
        for feuille in self.feuilles:
            h.update(feuille.encode() + b"\0")
        for (feuille, cellule), f in sorted(self.formules.items()):
            h.update(f"{feuille}!{cellule}={f}\0".encode())
        return h.hexdigest()


def lire_cellules(chemin: Path) -> CellulesFormule:
    try:
        return _lire_cellules(chemin)
    except Exception as e:  # openpyxl : XML endommagé, partie manquante, entités refusées par defusedxml
        raise classeur_illisible(chemin, e) from None


def _lire_cellules(chemin: Path) -> CellulesFormule:
    classeur = openpyxl.load_workbook(chemin, read_only=True, data_only=False)
    try:
        formules, constantes = {}, {}
        for ws in classeur.worksheets:
            for ligne in ws.iter_rows():
                for c in ligne:
                    if c.value is None or not hasattr(c, "coordinate"):
                        continue
                    if c.data_type == "f":
                        texte = c.value if isinstance(c.value, str) else getattr(c.value, "text", str(c.value))
                        formules[(ws.title, c.coordinate)] = texte
                    else:
                        constantes[(ws.title, c.coordinate)] = c.value
        noms = {}
        for nom, defini in classeur.defined_names.items():
            destinations = list(defini.destinations) if defini.attr_text else []
            if len(destinations) == 1 and ":" not in destinations[0][1]:
                feuille, cellule = destinations[0]
                noms[nom.upper()] = (feuille, cellule.replace("$", ""))
        locaux = [f"{ws.title}!{nom}" for ws in classeur.worksheets for nom in getattr(ws, "defined_names", {})]
        return CellulesFormule(list(classeur.sheetnames), formules, constantes, noms, locaux)
    finally:
        classeur.close()


class ReferenceCirculaire(ClasseurRefuse):
    pass


@dataclass
class Resultat:
    """Les valeurs calculées de toutes les cellules à formule : {« Feuille!A1 » : valeur}."""

    chemin: Path
    valeurs: dict[str, Any]
    cellules: CellulesFormule | None = None

    def __getitem__(self, cle: str) -> Any:
        return self.valeurs[cle]

    def nom(self, nom: str, defaut: Any = None) -> Any:
        """Valeur de la cellule d'un nom défini global (formule calculée ou constante saisie)."""
        ref = self.cellules.noms.get(nom.upper()) if self.cellules else None
        if ref is None:
            return defaut
        cle = f"{ref[0]}!{ref[1]}"
        if cle in self.valeurs:
            return self.valeurs[cle]
        return self.cellules.constantes.get(ref, defaut)


def _cle_solution(cle: str, feuilles_majuscules: dict[str, str]) -> tuple[str, str] | None:
    m = _CLE.match(cle)
    if not m:
        return None
    feuille = feuilles_majuscules.get(m["feuille"].replace("''", "'"))
    return (feuille, m["cellule"]) if feuille else None


def _collecter(solution: dict, cellules: CellulesFormule) -> dict[str, Any]:
    majuscules = {f.upper(): f for f in cellules.feuilles}
    trouvees: dict[tuple[str, str], Any] = {}
    for cle, v in solution.items():
        ref = _cle_solution(cle, majuscules)
        if ref in cellules.formules:
            trouvees[ref] = valeur_cellule(v)
    manquantes = [ref for ref in cellules.formules if ref not in trouvees]
    if manquantes:
        liste = ", ".join(f"{f}!{c}" for f, c in manquantes[:10])
        raise ReferenceCirculaire(f"référence circulaire ou formule non calculable : {liste}"
                                  f"{' …' if len(manquantes) > 10 else ''}")
    return {f"{f}!{c}": trouvees[(f, c)] for f, c in cellules.formules}


def _charger(chemin: Path):
    enregistrer()
    try:
        return formulas.ExcelModel().loads(str(chemin)).finish()
    except ClasseurRefuse:
        raise
    except Exception as e:  # formulas/openpyxl : fichier endommagé ou hors de leur portée
        raise ClasseurRefuse(f"{chemin.name} : lecture impossible ({type(e).__name__} : {e})") from None


def recalculer(chemin: Path | str) -> Resultat:
    """Recalcule un classeur .xlsx/.xlsm et renvoie la valeur de chaque cellule à formule.
    Le fichier n'est jamais modifié."""
    chemin = Path(chemin)
    verifier_fichier(chemin)
    cellules = lire_cellules(chemin)
    modele = _charger(chemin)
    try:
        return Resultat(chemin, _collecter(modele.calculate(), cellules), cellules)
    except ReferenceCirculaire as e:
        raise ReferenceCirculaire(f"{chemin.name} : {e}") from None


class ModeleCompile:
    """Un modèle de classeur compilé une fois, réutilisé pour chaque dossier du même modèle (lot).

    Entrées : toutes les cellules constantes que lisent les formules ; sorties : les cellules à
    formule. Un dossier dont les formules diffèrent du modèle (signature) est recalculé à part.
    """

    def __init__(self, chemin: Path):
        self.cellules = lire_cellules(chemin)
        modele = _charger(chemin)
        prefixe = {f.upper(): f for f in self.cellules.feuilles}
        self.entrees: list[tuple[str, str]] = []
        noeuds_entree, noeuds_sortie = [], {}
        for noeud in modele.dsp.data_nodes:
            ref = _cle_solution(noeud, prefixe) if isinstance(noeud, str) else None
            if ref in self.cellules.formules:
                noeuds_sortie[ref] = noeud
            elif ref:
                self.entrees.append(ref)
                noeuds_entree.append(noeud)
        self.sorties = list(self.cellules.formules)
        # Une cellule lue à travers une plage (TABLE_REDEVANCES, A25:E37) n'est un nœud d'entrée que
        # si elle est remplie dans ce classeur-ci : remplie dans un autre dossier, elle serait ignorée.
        self._plages = [p for p in map(lambda n: _plage(n, prefixe), modele.dsp.data_nodes) if p]
        manquantes = [r for r in self.sorties if r not in noeuds_sortie]
        if manquantes:
            raise ReferenceCirculaire(f"{Path(chemin).name} : référence circulaire ou formule non calculable : " +
                                      ", ".join(f"{f}!{c}" for f, c in manquantes[:10]))
        try:
            self._fonction = modele.compile(inputs=noeuds_entree,
                                            outputs=[noeuds_sortie[r] for r in self.sorties])
        except ValueError:          # « Unreachable output-targets » : un cycle ; le calcul direct le nomme
            try:
                _collecter(modele.calculate(), self.cellules)
            except ReferenceCirculaire as e:
                raise ReferenceCirculaire(f"{Path(chemin).name} : {e}") from None
            raise

    @property
    def signature(self) -> str:
        return self.cellules.signature

    def calculer(self, chemin: Path, cellules: CellulesFormule) -> Resultat:
        entrees = set(self.entrees)
        if any(ref not in entrees and _dans(ref, self._plages) for ref in cellules.constantes):
            # une plage porte une valeur que le modèle compilé ne lit pas : calcul complet
            return Resultat(chemin, _collecter(_charger(chemin).calculate(), cellules), cellules)
        # une cellule vide se passe comme formulas la lit dans un fichier : un tableau [[EMPTY]]
        valeurs = [_constante(cellules.constantes[ref]) if ref in cellules.constantes
                   else np.array([[sh.EMPTY]], dtype=object) for ref in self.entrees]
        sorties = self._fonction(*valeurs)
        if len(self.sorties) == 1:    # une seule sortie : la fonction compilée la rend seule, pas en liste
            sorties = [sorties]
        return Resultat(chemin, {f"{f}!{c}": valeur_cellule(v) for (f, c), v in zip(self.sorties, sorties)},
                        cellules)


_PLAGE = re.compile(r"^'?\[[^\]]+\](?P<feuille>.+?)'?!(?P<c1>[A-Z]+)(?P<l1>[0-9]+):(?P<c2>[A-Z]+)(?P<l2>[0-9]+)$")


def _plage(noeud: Any, feuilles_majuscules: dict[str, str]) -> tuple[str, int, int, int, int] | None:
    """Nœud de plage de formulas → (feuille, colonne et ligne du coin haut gauche, du coin bas droit)."""
    from openpyxl.utils import column_index_from_string
    m = _PLAGE.match(noeud) if isinstance(noeud, str) else None
    feuille = feuilles_majuscules.get(m["feuille"].replace("''", "'")) if m else None
    if feuille is None:
        return None
    return (feuille, column_index_from_string(m["c1"]), int(m["l1"]),
            column_index_from_string(m["c2"]), int(m["l2"]))


def _dans(ref: tuple[str, str], plages: list[tuple[str, int, int, int, int]]) -> bool:
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string
    feuille, cellule = ref
    lettres, ligne = coordinate_from_string(cellule)
    colonne = column_index_from_string(lettres)
    return any(f == feuille and c1 <= colonne <= c2 and l1 <= ligne <= l2 for f, c1, l1, c2, l2 in plages)


def _constante(v: Any) -> Any:
    """Constante lue par openpyxl → valeur telle que formulas la lit dans le fichier (dates en série)."""
    if isinstance(v, dt.datetime):
        return vers_serie(v.date()) + (v - dt.datetime.combine(v.date(), dt.time())).total_seconds() / 86400
    if isinstance(v, dt.date):
        return vers_serie(v)
    return v
