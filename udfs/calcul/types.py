"""Les valeurs que manipule l'évaluateur, comme Excel les distingue.

- nombre : ``int`` ou ``float`` (jamais ``bool``, à exclure explicitement : ``True`` est un ``int``) ;
- texte : ``str`` ; booléen : ``bool`` ; cellule vide : ``None`` ;
- erreur : une ``Erreur`` (``#DIV/0!``…), qui est une valeur et se propage, distincte du texte
  « #DIV/0! » qu'un utilisateur aurait saisi ;
- tableau : ``Tableau`` (constante ``{1;2}``, résultat d'une fonction ou d'un calcul matriciel) ;
- référence : ``Reference``, une plage d'une feuille, lue au moment où la fonction la parcourt.
  Excel distingue une plage d'un argument littéral (SOMME ignore le texte d'une plage, convertit
  « 5 » écrit en argument) : les fonctions reçoivent donc la référence, pas ses valeurs.
"""

from __future__ import annotations

from typing import Any, Iterator

LIGNES_MAX = 1_048_576
COLONNES_MAX = 16_384


def cle(feuille: int, ligne: int, colonne: int) -> int:
    """Clé d'une cellule dans le magasin des valeurs : un entier (plus rapide qu'un tuple)."""
    return (feuille << 34) | (ligne << 14) | colonne


def depuis_cle(k: int) -> tuple[int, int, int]:
    return k >> 34, (k >> 14) & 0xFFFFF, k & 0x3FFF


class Erreur:
    """Une valeur d'erreur d'Excel ; une instance par code (comparables par ``is``)."""

    __slots__ = ("code",)

    def __init__(self, code: str):
        self.code = code

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"Erreur({self.code})"

    def __reduce__(self):
        return (erreur, (self.code,))


CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
         "#SPILL!", "#CALC!")
ERREURS = {code: Erreur(code) for code in CODES}
NUL, DIV0, VALEUR, REF, NOM, NUM, NA = (ERREURS[c] for c in CODES[:7])
DEBORDEMENT, CALC = ERREURS["#SPILL!"], ERREURS["#CALC!"]


def erreur(code: str) -> Erreur:
    return ERREURS[code]


class ErreurExcel(Exception):
    """Levée dans une fonction intégrée : l'appel rend ``erreur`` (sans trace)."""

    def __init__(self, e: Erreur):
        self.erreur = e


class Omis(int):
    """Argument omis (``=F(A1;;3)``) : 0 pour les fonctions intégrées, None pour les nôtres,
    texte vide pour la concaténation."""

    def __repr__(self) -> str:
        return "OMIS"


OMIS = Omis(0)


class Tableau:
    """Un tableau de valeurs, rectangulaire, d'au moins 1 × 1 : ``lignes[i][j]``."""

    __slots__ = ("lignes",)

    def __init__(self, lignes: list[list[Any]]):
        self.lignes = lignes

    @property
    def dimensions(self) -> tuple[int, int]:
        return len(self.lignes), len(self.lignes[0])

    def valeurs(self) -> Iterator[Any]:
        for ligne in self.lignes:
            yield from ligne

    def __eq__(self, autre: object) -> bool:
        return isinstance(autre, Tableau) and autre.lignes == self.lignes

    def __repr__(self) -> str:
        return f"Tableau({self.lignes!r})"


class Reference:
    """Plage ``[l1..l2] × [c1..c2]`` (bornes comprises, à partir de 1) d'une feuille du modèle.

    Les plages de colonnes ou de lignes entières (``A:A``) gardent leur taille d'Excel
    (``LIGNES(A:A)`` = 1 048 576) ; on ne parcourt que la zone utilisée du classeur.
    """

    __slots__ = ("modele", "feuille", "l1", "c1", "l2", "c2")

    def __init__(self, modele, feuille: int, l1: int, c1: int, l2: int, c2: int):
        self.modele, self.feuille = modele, feuille
        self.l1, self.c1, self.l2, self.c2 = l1, c1, l2, c2

    @property
    def dimensions(self) -> tuple[int, int]:
        return self.l2 - self.l1 + 1, self.c2 - self.c1 + 1

    @property
    def unique(self) -> bool:
        return self.l1 == self.l2 and self.c1 == self.c2

    def _bornes(self) -> tuple[int, int]:
        """Dernière ligne et dernière colonne à parcourir : une colonne ou une ligne entière
        s'arrête à la zone utilisée du classeur (la même pour toutes, les dimensions concordent)."""
        l2, c2 = self.l2, self.c2
        if l2 == LIGNES_MAX or c2 == COLONNES_MAX:
            lmax, cmax = self.modele.etendue
            if l2 == LIGNES_MAX:
                l2 = max(lmax, self.l1)
            if c2 == COLONNES_MAX:
                c2 = max(cmax, self.c1)
        return l2, c2

    def valeur(self, i: int = 0, j: int = 0) -> Any:
        """Valeur de la cellule (i, j) de la plage, comptée depuis 0."""
        self.modele.avant_lecture(self)
        return self.modele.V.get(cle(self.feuille, self.l1 + i, self.c1 + j))

    def valeurs(self) -> Iterator[Any]:
        """Les valeurs non vides, ligne par ligne."""
        self.modele.avant_lecture(self)
        V = self.modele.V
        l2, c2 = self._bornes()
        base = self.feuille << 34
        if self.c1 == c2:
            for ligne in range(self.l1, l2 + 1):
                v = V.get(base | (ligne << 14) | c2)
                if v is not None:
                    yield v
            return
        for ligne in range(self.l1, l2 + 1):
            b = base | (ligne << 14)
            for colonne in range(self.c1, c2 + 1):
                v = V.get(b | colonne)
                if v is not None:
                    yield v

    def lignes(self) -> list[list[Any]]:
        """Les valeurs en liste de lignes (vides : None), tronquées à la zone utilisée du classeur."""
        self.modele.avant_lecture(self)
        V = self.modele.V
        l2, c2 = self._bornes()
        base = self.feuille << 34
        colonnes = range(self.c1, c2 + 1)
        return [[V.get(base | (ligne << 14) | c) for c in colonnes] for ligne in range(self.l1, l2 + 1)]

    def sous_plage(self, l1: int, c1: int, l2: int, c2: int) -> "Reference":
        """Sous-plage, indices relatifs comptés depuis 0 (bornes comprises)."""
        return Reference(self.modele, self.feuille, self.l1 + l1, self.c1 + c1, self.l1 + l2, self.c1 + c2)

    def __eq__(self, autre: object) -> bool:
        return (isinstance(autre, Reference) and autre.modele is self.modele
                and (autre.feuille, autre.l1, autre.c1, autre.l2, autre.c2)
                == (self.feuille, self.l1, self.c1, self.l2, self.c2))

    def __hash__(self) -> int:
        return hash((self.feuille, self.l1, self.c1, self.l2, self.c2))

    def __repr__(self) -> str:
        return f"Reference({self.feuille}, {self.l1}, {self.c1}, {self.l2}, {self.c2})"


def est_nombre(v: Any) -> bool:
    t = type(v)
    return t is int or t is float or (isinstance(v, (int, float)) and not isinstance(v, bool))
