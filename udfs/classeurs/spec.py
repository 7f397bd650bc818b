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

# Styles nommés (appliqués par la génération). CORRIGE : réponse d'un corrigé (ni jaune, ni à saisir).
TITRE, SOUS_TITRE, LIBELLE, NOTE, ENTETE, SAISIE, CALCUL, RESULTAT, CORRIGE = (
    "titre", "sous_titre", "libelle", "note", "entete", "saisie", "calcul", "resultat", "corrige")

# Contrôles : la couleur d'une cellule calculée dépend de sa valeur (mise en forme conditionnelle ;
# rouge ou orange quand quelque chose ne va pas, vert seulement quand le résultat est bon). Toute
# cellule à formule est rouge si elle affiche une erreur (texte « #… » ou erreur du tableur).
VERDICT = "verdict"      # texte : rouge s'il commence par un mot de MAUVAIS, vert par un mot de BONS
ALERTE = "alerte"        # texte : vert « Aucune… », orange pour toute autre alerte
SIGNE = "signe"          # montant : rouge s'il est négatif (déficit), vert sinon
DEFICIT = "deficit"      # montant d'un tableau : rouge s'il est négatif, sans couleur sinon
ECART = "ecart"          # écart d'un plan : vert à 0, rouge en besoin (< 0), orange en excédent (> 0)
ANNEE = "annee"          # première année de déficit : orange si c'est un nombre, vert « Aucune… »
STATUT = "statut"        # statut d'un paramètre livré : vert « V… » (vérifié), orange « U » ou « Sans valeur… »
MAUVAIS = ("Déséquilibr", "Incomplet", "Incorrect", "À revoir", "Dépassement", "En erreur",
           "Besoin non financé", "Non conforme", "Supérieur")
BONS = ("Correct", "Équilibr", "Complet", "Conforme", "Aucune", "Calculé")


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
    libelle: str | None = None          # ce que l'utilisateur lit à côté (messages du validateur)
    controle: str | None = None         # mise en forme conditionnelle (VERDICT, ALERTE… ci-dessus)
    renvoi: bool = False                # retour à la ligne automatique (texte long)
    horizontal: str | None = None       # alignement horizontal imposé (« left »)

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
    hauteurs: dict[int, float] = field(default_factory=dict)   # {ligne : hauteur en points}
    fusions: list[str] = field(default_factory=list)            # plages fusionnées « A2:G2 »
    lignes_titres: str | None = None    # lignes répétées en haut de chaque page imprimée « 4:4 »
    une_page: bool = False              # impression sur une seule page (hauteur comprise)
    graphiques: list["Courbes"] = field(default_factory=list)

    def mettre(self, ref: str, contenu: Any = None, style: str = LIBELLE, **kw) -> Cellule:
        if ref in self.cellules:
            raise ValueError(f"{self.nom}!{ref} décrite deux fois")
        c = Cellule(ref, contenu, style, **kw)
        self.cellules[ref] = c
        return c


@dataclass(frozen=True)
class Courbes:
    """Un graphique en courbes : séries en colonnes (titre en première ligne), abscisses à part."""

    titre: str
    ancre: str                          # cellule du coin supérieur gauche
    abscisses: str                      # « A5:A44 »
    series: str                         # « B4:C44 » (ligne des titres comprise)
    titre_abscisses: str = ""
    titre_ordonnees: str = ""
    largeur_cm: float = 18
    hauteur_cm: float = 10


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
    ``derniere_colonne`` : dernière colonne sur laquelle s'étendent les notes (fusion, retour à la ligne).
    """

    def __init__(self, feuille: Feuille, titre: str, sous_titre: str | None = None, debut: int = 1,
                 derniere_colonne: str = "D", horizontal: str | None = None,
                 fin_source: str | None = None):
        self.f = feuille
        self.fin_source = fin_source        # la source s'étend de D à cette colonne (fusion)
        self.horizontal = horizontal        # alignement des valeurs (« left » : la Synthèse)
        self.n = debut
        self.derniere = derniere_colonne
        self.f.mettre(f"A{self.n}", titre, TITRE)
        self.n += 1
        if sous_titre:
            self.note(sous_titre)
        self.n += 1

    def section(self, texte: str) -> None:
        if self.n > 4:
            self.n += 1
        self.f.mettre(f"A{self.n}", texte, SOUS_TITRE)
        self.n += 1

    def note(self, texte: str, lignes: int | None = None) -> None:
        """Une note sur toute la largeur de la feuille, renvoyée à la ligne : ``lignes`` fixe sa
        hauteur (sinon une estimation sur la longueur du texte)."""
        self.f.mettre(f"A{self.n}", texte, NOTE, renvoi=True)
        self.f.fusions.append(f"A{self.n}:{self.derniere}{self.n}")
        lignes = lignes or max(1, -(-len(texte) // 150))
        if lignes > 1:
            self.f.hauteurs[self.n] = 12.5 * lignes + 2
        self.n += 1

    def ligne(self, libelle: str, contenu: Any = None, *, saisie: Saisie | None = None,
              format: str | None = None, nom: str | None = None, unite: str | None = None,
              source: str | None = None, style: str | None = None, sauf: str | None = None,
              controle: str | None = None, lignes: int = 1) -> str:
        """``sauf`` : condition (voir ``vide``) sous laquelle la formule affiche une cellule vide,
        pour qu'un classeur pas encore rempli ne montre pas des messages d'erreur partout.
        ``lignes`` : hauteur de la ligne en lignes de texte (valeur ou source longues)."""
        ref = f"B{self.n}"
        if sauf and isinstance(contenu, str) and contenu.startswith("="):
            contenu = '=IF(' + sauf + ',"",' + contenu[1:] + ')'
        self.f.mettre(f"A{self.n}", libelle, LIBELLE, renvoi=True)
        style = style or (SAISIE if saisie else CALCUL)
        self.f.mettre(ref, contenu, style, format=format, saisie=saisie, nom=nom, libelle=libelle,
                      controle=controle, renvoi=lignes > 1, horizontal=self.horizontal)
        if unite:
            self.f.mettre(f"C{self.n}", unite, NOTE)
        if source:
            self.f.mettre(f"D{self.n}", source, NOTE, renvoi=True)
            if self.fin_source:
                self.f.fusions.append(f"D{self.n}:{self.fin_source}{self.n}")
        if lignes > 1:
            self.f.hauteurs[self.n] = 13 * lignes + 2
        self.n += 1
        return ref


def vide(*noms: str) -> str:
    """Condition « une de ces saisies est vide » : vide("A", "B") → OR(ISBLANK(A),ISBLANK(B))."""
    tests = [f"ISBLANK({n})" if n.isidentifier() else n for n in noms]
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def garde(formule: str, *calcules: str | tuple[str, str]) -> str:
    """La formule, sauf si un des résultats ``calcules`` dont elle dépend n'est pas un nombre :
    elle montre alors ce résultat au lieu d'un #VALEUR! ou d'un 0 trompeur — le texte d'attente,
    vide, ou le message « #… » qui nomme la cause. Un résultat donné avec son libellé,
    (« SUBVENTION », « Subvention »), vient d'une autre feuille : son message, souvent long, est
    résumé en « #Subvention en erreur » (le détail reste sur sa feuille, dans la Complétude et la
    Synthèse) ; sans libellé, le message passe tel quel. Une erreur du tableur reste visible
    (X&"" la propage). Ne s'applique qu'aux cellules calculées : une saisie vide vaut 0."""
    corps = formule[1:] if formule.startswith("=") else formule
    for dependance in reversed(calcules):
        nom, libelle = dependance if isinstance(dependance, tuple) else (dependance, None)
        autre = f'{nom}&""' if libelle is None else \
            f'IF(IFERROR(LEFT({nom},1)="#",FALSE),"#{libelle} en erreur",{nom}&"")'
        corps = f'IF(ISNUMBER({nom}),{corps},{autre})'
    return "=" + corps


def colonne(i: int) -> str:
    return get_column_letter(i)
