"""Spécification déclarative d'un classeur : feuilles, cellules, saisies, noms, listes.

Un modèle est une liste de feuilles ; une feuille, une liste de cellules. Chaque cellule dit ce
qu'elle contient (libellé, saisie typée, formule) ; la génération (``generation``) en tire le
classeur et la validation (``validation``) le contrôle d'un classeur reçu. La même description sert
aux deux : un classeur ne peut pas diverger de ce que le validateur attend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

# Formats à la française (Excel affiche les séparateurs de la langue du poste).
EUROS = '#,##0.00 "€"'
EUROS_ENTIERS = '#,##0 "€"'
M2 = '#,##0.00 "m²"'
POURCENT = "0.00%"
COEF = "0.0000"
ENTIER = "0"
DATE = "dd/mm/yyyy"
EUROS_M2 = '#,##0.00 "€/m²"'

# Styles nommés (appliqués par la génération)
TITRE, SOUS_TITRE, LIBELLE, NOTE, ENTETE, SAISIE, CALCUL, RESULTAT = (
    "titre", "sous_titre", "libelle", "note", "entete", "saisie", "calcul", "resultat")


@dataclass(frozen=True)
class Saisie:
    """Une cellule à remplir : son type et, pour une liste, les valeurs admises."""

    type: str                          # nombre | entier | texte | date | liste
    liste: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    obligatoire: bool = False


@dataclass
class Cellule:
    ref: str
    contenu: Any = None                 # constante, ou formule « =… »
    style: str = LIBELLE
    format: str | None = None
    saisie: Saisie | None = None
    nom: str | None = None              # nom défini global pointant sur cette cellule

    @property
    def est_formule(self) -> bool:
        return isinstance(self.contenu, str) and self.contenu.startswith("=")


@dataclass
class Feuille:
    nom: str
    largeurs: dict[str, float] = field(default_factory=dict)
    cellules: dict[str, Cellule] = field(default_factory=dict)
    protegee: bool = True
    paysage: bool = True
    colonnes_masquees: tuple[str, ...] = ()
    plages: dict[str, str] = field(default_factory=dict)   # noms globaux de plages : {nom : « A1:D9 »}

    def mettre(self, ref: str, contenu: Any = None, style: str = LIBELLE, **kw) -> Cellule:
        if ref in self.cellules:
            raise ValueError(f"{self.nom}!{ref} décrite deux fois")
        c = Cellule(ref, contenu, style, **kw)
        self.cellules[ref] = c
        return c


@dataclass
class Modele:
    """Un modèle de classeur. ``identifiant`` est écrit dans le nom défini MODELE_CLASSEUR."""

    identifiant: str
    titre: str
    feuilles: list[Feuille] = field(default_factory=list)

    def feuille(self, nom: str, **kw) -> Feuille:
        f = Feuille(nom, **kw)
        self.feuilles.append(f)
        return f

    def noms(self) -> dict[str, str]:
        """{nom défini : « 'Feuille'!$B$3 »}."""
        noms = {c.nom: f"'{f.nom}'!{_absolue(c.ref)}"
                for f in self.feuilles for c in f.cellules.values() if c.nom}
        for f in self.feuilles:
            for nom, plage in f.plages.items():
                noms[nom] = f"'{f.nom}'!" + ":".join(_absolue(r) for r in plage.split(":"))
        return noms

    def saisies(self) -> list[tuple[Feuille, Cellule]]:
        return [(f, c) for f in self.feuilles for c in f.cellules.values() if c.saisie]

    def remplir(self, valeurs: dict[str, Any]) -> "Modele":
        """Met des valeurs dans les cellules de saisie, désignées par leur nom défini ou par
        « Feuille!A1 » (dossiers d'exemple, corrigés)."""
        index = {c.nom: c for f in self.feuilles for c in f.cellules.values() if c.nom}
        index.update({f"{f.nom}!{c.ref}": c for f in self.feuilles for c in f.cellules.values()})
        for cle, v in valeurs.items():
            cellule = index.get(cle)
            if cellule is None or cellule.saisie is None:
                raise KeyError(f"{self.identifiant} : {cle} n'est pas une cellule de saisie")
            cellule.contenu = v
        return self


def _absolue(ref: str) -> str:
    return f"${_col(ref)}${_lig(ref)}"


def _col(ref: str) -> str:
    return "".join(ch for ch in ref if ch.isalpha())


def _lig(ref: str) -> int:
    return int("".join(ch for ch in ref if ch.isdigit()))


class Disposition:
    """Aide à écrire une feuille « formulaire » : libellé en A, valeur en B, unité en C, source en D.

    ``ligne()`` renvoie la référence de la cellule valeur pour l'utiliser dans les formules.
    """

    def __init__(self, feuille: Feuille, titre: str, sous_titre: str | None = None, debut: int = 1):
        self.f = feuille
        self.n = debut
        self.f.mettre(f"A{self.n}", titre, TITRE)
        self.n += 1
        if sous_titre:
            self.f.mettre(f"A{self.n}", sous_titre, NOTE)
            self.n += 1
        self.n += 1

    def section(self, texte: str) -> None:
        if self.n > 4:
            self.n += 1
        self.f.mettre(f"A{self.n}", texte, SOUS_TITRE)
        self.n += 1

    def note(self, texte: str) -> None:
        self.f.mettre(f"A{self.n}", texte, NOTE)
        self.n += 1

    def ligne(self, libelle: str, contenu: Any = None, *, saisie: Saisie | None = None,
              format: str | None = None, nom: str | None = None, unite: str | None = None,
              source: str | None = None, style: str | None = None, sauf: str | None = None) -> str:
        """``sauf`` : condition (voir ``vide``) sous laquelle la formule affiche une cellule vide,
        pour qu'un classeur pas encore rempli ne montre pas des messages d'erreur partout."""
        ref = f"B{self.n}"
        if sauf and isinstance(contenu, str) and contenu.startswith("="):
            contenu = '=IF(' + sauf + ',"",' + contenu[1:] + ')'
        self.f.mettre(f"A{self.n}", libelle, LIBELLE)
        style = style or (SAISIE if saisie else CALCUL)
        self.f.mettre(ref, contenu, style, format=format, saisie=saisie, nom=nom)
        if unite:
            self.f.mettre(f"C{self.n}", unite, NOTE)
        if source:
            self.f.mettre(f"D{self.n}", source, NOTE)
        self.n += 1
        return ref


def vide(*noms: str) -> str:
    """Condition « une de ces saisies est vide » : vide("A", "B") → OR(ISBLANK(A),ISBLANK(B))."""
    tests = [f"ISBLANK({n})" if n.isidentifier() else n for n in noms]
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def colonne(i: int) -> str:
    return get_column_letter(i)
