"""Découpage d'une formule et construction de son arbre, avec les priorités d'Excel.

Priorités (de la plus forte à la plus faible) : « : » (plage), espace (intersection), « - »
unaire, « % », « ^ », « * / », « + - », « & », comparaisons. Comme Excel : « -2^2 » vaut 4 et
« 2^3^2 » vaut 64 (« ^ » est associatif à gauche).

L'arbre est fait de tuples :
``("n", nombre)``, ``("s", texte)``, ``("b", booléen)``, ``("e", code)``, ``("omis",)``,
``("ref", feuille|None, l1, c1, l2, c2)``, ``("nom", feuille|None, NOM)``, ``("ext", texte)``
(référence à un autre classeur), ``("f", NOM, [arguments])``, ``("op", op, gauche, droite)``,
``("u", op, opérande)`` (« - », « + », « % », « @ »), ``("tab", Tableau)``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from udfs.calcul.types import COLONNES_MAX, ERREURS, LIGNES_MAX, Tableau


class FormuleIllisible(ValueError):
    """Texte de formule que l'analyseur ne sait pas lire (message en français)."""


_FEUILLE = r"(?:\[[0-9]+\])?(?:'(?:[^']|'')+'|[^\s'!\"()+\-*/^&=<>,;:{}%\[\]#@]+)?!"
_CELLULE = r"\$?[A-Za-z]{1,3}\$?[0-9]+"
_PLAGE = (rf"{_CELLULE}(?::{_CELLULE})?(?![A-Za-z0-9_.(!\\])"
          r"|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}(?![A-Za-z0-9_.(!\\])"
          r"|\$?[0-9]+:\$?[0-9]+(?![A-Za-z0-9_.(!\\])")
_ERREUR = r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!)"
_NOM = r"(?:[^\W\d]|\\)[\w.?\\]*"          # lettres (accentuées comprises), _, \\

_JETONS = re.compile("|".join([
    r"(?P<esp>\s+)",
    r'(?P<texte>"(?:[^"]|"")*")',
    rf"(?P<erreur>{_ERREUR})",
    rf"(?P<prefixe>{_FEUILLE})(?P<cible>{_PLAGE}|{_ERREUR}|{_NOM})",
    rf"(?P<fonction>{_NOM})\(",
    rf"(?P<plage>{_PLAGE})",
    r"(?P<nombre>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)",
    rf"(?P<nom>{_NOM})",
    r"(?P<op><>|<=|>=|[-+*/^&=<>%:@])",
    r"(?P<ponct>[(),;{}])",
]))

_COMPARAISONS = {"=", "<>", "<", ">", "<=", ">="}
_BINAIRES = {":": 8, " ": 7, "^": 4, "*": 3, "/": 3, "+": 2, "-": 2, "&": 1,
             "=": 0, "<>": 0, "<": 0, ">": 0, "<=": 0, ">=": 0}
_PRIORITE_UNAIRE = 6
_PRIORITE_POURCENT = 5


@lru_cache(maxsize=32768)
def colonne(lettres: str) -> int:
    n = 0
    for ch in lettres.upper():
        n = n * 26 + ord(ch) - 64
    return n


def lettres(colonne_: int) -> str:
    s = ""
    while colonne_:
        colonne_, r = divmod(colonne_ - 1, 26)
        s = chr(65 + r) + s
    return s


_CELLULE_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")


def cellule(texte: str) -> tuple[int, int]:
    """« $B$12 » → (12, 2)."""
    m = _CELLULE_RE.fullmatch(texte)
    if not m:
        raise FormuleIllisible(f"référence de cellule illisible « {texte} »")
    return int(m[2]), colonne(m[1])


def plage(texte: str) -> tuple[int, int, int, int]:
    """« A1:B3 », « A:A », « 3:5 », « C7 » → (l1, c1, l2, c2), bornes ordonnées."""
    texte = texte.replace("$", "")
    if ":" in texte:
        a, b = texte.split(":")
        if a.isdigit():
            l1, l2, c1, c2 = int(a), int(b), 1, COLONNES_MAX
        elif a.isalpha():
            l1, l2, c1, c2 = 1, LIGNES_MAX, colonne(a), colonne(b)
        else:
            (l1, c1), (l2, c2) = cellule(a), cellule(b)
    else:
        l1, c1 = l2, c2 = cellule(texte)
    l1, l2 = min(l1, l2), max(l1, l2)
    c1, c2 = min(c1, c2), max(c1, c2)
    if not (1 <= l1 and l2 <= LIGNES_MAX and 1 <= c1 and c2 <= COLONNES_MAX):
        raise FormuleIllisible(f"référence hors de la feuille « {texte} »")
    return l1, c1, l2, c2


def nom_feuille(prefixe: str) -> str:
    """« 'Feuille d''été'! » → « Feuille d'été » (sans le « ! »)."""
    p = prefixe[:-1]
    if p.startswith("'"):
        p = p[1:-1].replace("''", "'")
    return p


def _jetons(formule: str) -> list[tuple[str, object, bool]]:
    """(genre, valeur, espace_avant) ; l'espace compte pour l'opérateur d'intersection."""
    jetons: list[tuple[str, object, bool]] = []
    i, n, espace = 0, len(formule), False
    while i < n:
        m = _JETONS.match(formule, i)
        if not m:
            if formule[i] == "[" and jetons and jetons[-1][0] == "nom":
                raise FormuleIllisible(f"référence structurée de tableau « {jetons[-1][1][1]}[…] » non prise "
                                       "en charge (la remplacer par une plage, par exemple A2:A20)")
            raise FormuleIllisible(f"caractère inattendu « {formule[i]} » (position {i + 1})")
        genre = m.lastgroup
        i = m.end()
        if genre == "esp":
            espace = True
            continue
        if genre == "cible":
            prefixe = m["prefixe"]
            cible = m["cible"]
            feuille = nom_feuille(prefixe) if prefixe != "!" else ""
            if "[" in prefixe:
                jetons.append(("ext", prefixe + cible, espace))
            elif cible.startswith("#"):
                jetons.append(("erreur", "#REF!", espace))
            elif re.fullmatch(_PLAGE, cible):
                jetons.append(("ref", (feuille, *plage(cible)), espace))
            else:
                jetons.append(("nom", (feuille, cible), espace))
        elif genre == "fonction":
            jetons.append(("fonction", m["fonction"].upper(), espace))
        elif genre == "plage":
            try:
                jetons.append(("ref", (None, *plage(m["plage"])), espace))
            except FormuleIllisible:      # « ZZZ1 » : au-delà de XFD, c'est un nom
                if ":" in m["plage"]:
                    raise
                jetons.append(("nom", (None, m["plage"]), espace))
        elif genre == "nom":
            texte = m["nom"]
            if texte.upper() in ("TRUE", "FALSE"):
                jetons.append(("b", texte.upper() == "TRUE", espace))
            else:
                jetons.append(("nom", (None, texte), espace))
        elif genre == "texte":
            jetons.append(("s", m["texte"][1:-1].replace('""', '"'), espace))
        elif genre == "nombre":
            t = m["nombre"]
            jetons.append(("n", float(t) if any(c in t for c in ".eE") else int(t), espace))
        elif genre == "erreur":
            jetons.append(("erreur", m["erreur"], espace))
        else:
            jetons.append((m[genre], m[genre], espace))
        espace = False
    return jetons


class _Analyseur:
    def __init__(self, jetons):
        self.jetons = jetons
        self.i = 0

    def voir(self):
        return self.jetons[self.i] if self.i < len(self.jetons) else (None, None, False)

    def prendre(self):
        j = self.voir()
        self.i += 1
        return j

    def attendre(self, genre):
        j = self.prendre()
        if j[0] != genre:
            raise FormuleIllisible(f"« {genre} » attendu, trouvé « {j[1] if j[0] else 'fin de formule'} »")
        return j

    def expression(self, priorite: int = 0):
        gauche = self.prefixe()
        while True:
            genre, valeur, espace = self.voir()
            if genre == "%":
                if _PRIORITE_POURCENT < priorite:
                    break
                self.prendre()
                gauche = ("u", "%", gauche)
                continue
            if espace and genre in ("ref", "nom", "fonction", "(") and _BINAIRES[" "] >= priorite \
                    and _est_reference(gauche):
                op = " "                      # intersection : deux références séparées d'un espace
            elif genre in _BINAIRES and genre != " ":
                op = genre
                if _BINAIRES[op] < priorite:
                    break
                self.prendre()
            else:
                break
            droite = self.expression(_BINAIRES[op] + 1)
            gauche = ("op", op, gauche, droite)
        return gauche

    def prefixe(self):
        genre, valeur, _ = self.prendre()
        if genre in ("-", "+", "@"):
            return ("u", genre, self.expression(_PRIORITE_UNAIRE))
        if genre in ("n", "s", "b"):
            return (genre, valeur)
        if genre == "erreur":
            return ("e", valeur)
        if genre == "ref":
            return ("ref", *valeur)
        if genre == "nom":
            return ("nom", *valeur)
        if genre == "ext":
            return ("ext", valeur)
        if genre == "fonction":
            return ("f", valeur, self.arguments())
        if genre == "(":
            interieur = self.expression()
            if self.voir()[0] == ",":
                raise FormuleIllisible("union de plages « (A1,B2) » non prise en charge")
            self.attendre(")")
            return interieur
        if genre == "{":
            return ("tab", self.constante_matricielle())
        raise FormuleIllisible(f"opérande attendu, trouvé « {valeur if genre else 'fin de formule'} »")

    def arguments(self):
        args = []
        if self.voir()[0] == ")":
            self.prendre()
            return args
        while True:
            if self.voir()[0] in (",", ")"):
                args.append(("omis",))
            else:
                args.append(self.expression())
            genre, valeur, _ = self.prendre()
            if genre == ")":
                return args
            if genre != ",":
                raise FormuleIllisible(f"« , » ou « ) » attendu, trouvé « {valeur if genre else 'fin de formule'} »")

    def constante_matricielle(self):
        lignes, ligne = [], []
        while True:
            genre, valeur, _ = self.prendre()
            signe = 1
            if genre in ("-", "+"):
                signe = -1 if genre == "-" else 1
                genre, valeur, _ = self.prendre()
                if genre != "n":
                    raise FormuleIllisible("nombre attendu après le signe dans une constante matricielle")
            if genre == "n":
                ligne.append(signe * valeur)
            elif genre in ("s", "b"):
                ligne.append(valeur)
            elif genre == "erreur":
                ligne.append(ERREURS[valeur])
            else:
                raise FormuleIllisible("constante matricielle : seuls nombres, textes, booléens et erreurs")
            genre, valeur, _ = self.prendre()
            if genre == ",":
                continue
            lignes.append(ligne)
            ligne = []
            if genre == ";":
                continue
            if genre == "}":
                break
            raise FormuleIllisible("constante matricielle mal fermée")
        if len({len(l) for l in lignes}) != 1:
            raise FormuleIllisible("constante matricielle aux lignes de longueurs différentes")
        return Tableau(lignes)


def _est_reference(noeud) -> bool:
    return noeud[0] in ("ref", "nom", "f") or (noeud[0] == "op" and noeud[1] in (":", " "))


@lru_cache(maxsize=8192)
def analyser(formule: str):
    """Arbre de ``formule`` (avec ou sans « = » initial) ; lève ``FormuleIllisible``."""
    texte = formule[1:] if formule.startswith("=") else formule
    jetons = _jetons(texte)
    if not jetons:
        raise FormuleIllisible("formule vide")
    a = _Analyseur(jetons)
    arbre = a.expression()
    if a.i != len(jetons):
        raise FormuleIllisible(f"suite inattendue « {jetons[a.i][1]} »")
    return arbre
