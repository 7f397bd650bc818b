"""Arbre d'une formule → fermeture Python, et relevé de ses précédents.

Chaque nœud devient une fonction sans argument qui rend sa valeur : aucune interprétation de
l'arbre ni distribution par appel au moment du calcul. Les références à une cellule lisent le
magasin des valeurs du modèle (``V.get(clé)``) ; une plage devient une ``Reference`` constante.

Le « genre » demandé à un nœud suit Excel :
- ``"v"`` (valeur) : un opérande, un argument scalaire. Hors formule matricielle, une plage y est
  réduite par intersection implicite (la cellule de la plage sur la ligne ou la colonne de la
  formule), dès la compilation ; un tableau y reste un tableau (la fonction est alors appliquée
  élément par élément, comme Excel le fait pour ``ABS({-1;2})``) ;
- ``"p"`` (plage) : l'argument d'une fonction qui distingue une référence d'une valeur (SOMME,
  NB, nos fonctions…) : la référence est transmise telle quelle ;
- dans une formule matricielle (``t="array"``) et dans les arguments « tableau » (SOMMEPROD), le
  nœud est compilé « matriciel » : une plage en position de valeur devient un tableau, et les
  opérateurs et fonctions scalaires s'appliquent élément par élément.
"""

from __future__ import annotations

import operator
import os
from typing import Any, Callable

from udfs.calcul import coercition as co
from udfs.calcul.types import (DIV0, NA, NOM, NUL, NUM, OMIS, REF, VALEUR, Erreur, ErreurExcel, Omis,
                               Reference, Tableau, cle, erreur)

_DEBOGAGE = os.environ.get("RS_INSTRUCTION_DEBOGAGE") == "1"


class Lieu:
    """La cellule qui porte la formule (pour LIGNE(), COLONNE(), INDIRECT…), et si l'appel est
    calculé en matriciel (COLONNE(A1:C1) y rend {1;2;3}, ailleurs 1)."""

    __slots__ = ("modele", "feuille", "ligne", "colonne", "matriciel")

    def __init__(self, modele, feuille: int, ligne: int, colonne: int, matriciel: bool = False):
        self.modele, self.feuille, self.ligne, self.colonne = modele, feuille, ligne, colonne
        self.matriciel = matriciel

    def en_matriciel(self, matriciel: bool) -> "Lieu":
        if matriciel == self.matriciel:
            return self
        return Lieu(self.modele, self.feuille, self.ligne, self.colonne, matriciel)


class Releve:
    """Les précédents d'une formule : cellules et plages lues. (Ceux de DECALER et d'INDIRECT ne
    sont connus qu'au calcul : le modèle les calcule alors à la demande.)"""

    __slots__ = ("cellules", "plages")

    def __init__(self):
        self.cellules: set[int] = set()
        self.plages: list[tuple[int, int, int, int, int]] = []


class Contexte:
    """Ce que la compilation d'un nœud doit savoir : la cellule, le mode matriciel, les noms en
    cours (un nom défini par lui-même), et où relever les précédents."""

    __slots__ = ("lieu", "matriciel", "releve", "noms")

    def __init__(self, lieu: Lieu, matriciel: bool, releve: Releve | None = None, noms: tuple[str, ...] = ()):
        self.lieu = lieu
        self.matriciel = matriciel
        self.releve = releve or Releve()
        self.noms = noms

    def matriciel_(self) -> "Contexte":
        return self if self.matriciel else Contexte(self.lieu, True, self.releve, self.noms)


def constante(v: Any) -> Callable[[], Any]:
    return lambda: v


# --- Diffusion élément par élément --------------------------------------------------------------

def diffuser(fonction: Callable[..., Any], valeurs: list[Any], positions: tuple[int, ...] | None = None) -> Any:
    """Applique ``fonction`` élément par élément sur les tableaux de ``valeurs`` (aux ``positions``
    données, toutes par défaut) : un tableau d'une ligne ou d'une colonne est étendu, une case
    hors d'un tableau plus petit vaut #N/A, comme Excel."""
    if positions is None:
        positions = tuple(range(len(valeurs)))
    tableaux = {}
    for i in positions:
        v = valeurs[i]
        if type(v) is Reference:
            v = Tableau(v.lignes()) if not v.unique else v.valeur()
            valeurs[i] = v
        if type(v) is Tableau:
            tableaux[i] = v
    if not tableaux:
        return fonction(*valeurs)
    nl = max(len(t.lignes) for t in tableaux.values())
    nc = max(len(t.lignes[0]) for t in tableaux.values())
    lignes = []
    for i in range(nl):
        ligne = []
        for j in range(nc):
            args = list(valeurs)
            hors = False
            for k, t in tableaux.items():
                tl, tc = len(t.lignes), len(t.lignes[0])
                ii = 0 if tl == 1 else i
                jj = 0 if tc == 1 else j
                if ii >= tl or jj >= tc:
                    hors = True
                    break
                args[k] = t.lignes[ii][jj]
            ligne.append(NA if hors else _sur(fonction, args))
        lignes.append(ligne)
    return Tableau(lignes)


def _sur(fonction, args):
    try:
        r = fonction(*args)
    except ErreurExcel as e:
        return e.erreur
    return co.premier(r) if type(r) in (Tableau, Reference) else r


# --- Opérateurs -----------------------------------------------------------------------------------

def _puissance(x, y):
    if x == 0 and y == 0:
        raise ErreurExcel(NUM)
    if x == 0 and y < 0:
        raise ErreurExcel(DIV0)
    if x < 0 and not float(y).is_integer():
        raise ErreurExcel(NUM)
    try:
        r = x ** y
    except OverflowError:
        raise ErreurExcel(NUM) from None
    if isinstance(r, complex):
        raise ErreurExcel(NUM)
    return co.fini(r)


_ARITHMETIQUE = {
    "+": lambda x, y: co.fini(x + y),
    "-": lambda x, y: co.fini(x - y),
    "*": lambda x, y: co.fini(x * y),
    "/": co.division,
    "^": _puissance,
}
_COMPARAISONS = {
    "=": lambda c: c == 0, "<>": lambda c: c != 0, "<": lambda c: c < 0,
    ">": lambda c: c > 0, "<=": lambda c: c <= 0, ">=": lambda c: c >= 0,
}


def _scalaire_binaire(op: str) -> Callable[[Any, Any], Any]:
    """L'opération sur deux valeurs scalaires (erreur à gauche d'abord, comme Excel)."""
    if op in _ARITHMETIQUE:
        f = _ARITHMETIQUE[op]

        def arith(x, y):
            if type(x) is Erreur:
                return x
            if type(y) is Erreur:
                return y
            return f(co.nombre(x), co.nombre(y))
        return arith
    if op == "&":
        def concat(x, y):
            if type(x) is Erreur:
                return x
            if type(y) is Erreur:
                return y
            return co.texte(x) + co.texte(y)
        return concat
    test = _COMPARAISONS[op]
    return lambda x, y: test(co.comparer(x, y))


def _lent(scalaire):
    def lent(x, y):
        if type(x) in (Tableau, Reference) or type(y) in (Tableau, Reference):
            return diffuser(scalaire, [x, y])
        try:
            return scalaire(x, y)
        except ErreurExcel as e:
            return e.erreur
    return lent


_RAPIDES = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def operateur(op: str, a: Callable, b: Callable) -> Callable[[], Any]:
    """Deux nombres : le calcul direct (le cas de presque toutes les cellules) ; sinon la
    conversion d'Excel, la propagation des erreurs, la diffusion sur les tableaux."""
    lent = _lent(_scalaire_binaire(op))
    calcul = _RAPIDES.get(op)
    if calcul is not None:
        def f():
            x = a(); y = b()
            tx = type(x); ty = type(y)
            if (tx is int or tx is float) and (ty is int or ty is float):
                r = calcul(x, y)
                return r if r - r == 0 else NUM
            return lent(x, y)
    elif op == "/":
        def f():
            x = a(); y = b()
            tx = type(x); ty = type(y)
            if (tx is int or tx is float) and (ty is int or ty is float):
                if y == 0:
                    return DIV0
                r = x / y
                return r if r - r == 0 else NUM
            return lent(x, y)
    else:
        def f():
            return lent(a(), b())
    return f


def unaire(op: str, a: Callable, lieu: Lieu) -> Callable[[], Any]:
    if op == "+":
        return a                                   # Excel : « + » unaire ne convertit rien

    if op == "@":
        def arobase():
            v = a()
            if type(v) is Reference:
                return co.intersection(v, lieu.ligne, lieu.colonne)
            return co.premier(v)
        return arobase

    def moins(x):
        if type(x) is Erreur:
            return x
        return -co.nombre(x)

    def pourcent(x):
        if type(x) is Erreur:
            return x
        return co.nombre(x) / 100

    scalaire = moins if op == "-" else pourcent

    def f():
        x = a()
        if type(x) is int or type(x) is float:
            return -x if op == "-" else x / 100
        if type(x) in (Tableau, Reference):
            return diffuser(scalaire, [x])
        try:
            return scalaire(x)
        except ErreurExcel as e:
            return e.erreur
    return f


def _entre_references(a: Callable, b: Callable, combiner: Callable[[Reference, Reference], Any]
                      ) -> Callable[[], Any]:
    """Un opérateur de références (« : » entre deux références calculées, l'espace de
    l'intersection) : une erreur d'un côté se propage, ce qui n'est pas une référence donne #VALUE!."""
    def f():
        x, y = a(), b()
        if type(x) is Erreur:
            return x
        if type(y) is Erreur:
            return y
        if type(x) is not Reference or type(y) is not Reference:
            return VALEUR
        return combiner(x, y)
    return f


def _couvrir(x: Reference, y: Reference) -> Any:
    """« A1:INDEX(…) » : la plage qui couvre deux références de la même feuille."""
    if x.feuille != y.feuille:
        return VALEUR
    return Reference(x.modele, x.feuille, min(x.l1, y.l1), min(x.c1, y.c1), max(x.l2, y.l2), max(x.c2, y.c2))


def _intersecter(x: Reference, y: Reference) -> Any:
    l1, c1, l2, c2 = max(x.l1, y.l1), max(x.c1, y.c1), min(x.l2, y.l2), min(x.c2, y.c2)
    if x.feuille != y.feuille or l1 > l2 or c1 > c2:
        return NUL
    return Reference(x.modele, x.feuille, l1, c1, l2, c2)


# --- Appels de fonctions -----------------------------------------------------------------------------

def proteger(impl: Callable) -> Callable:
    """Une fonction intégrée ne lève jamais : ErreurExcel → sa valeur ; autre exception → #VALUE!."""
    def protegee(*args):
        try:
            return impl(*args)
        except ErreurExcel as e:
            return e.erreur
        except RecursionError:
            raise
        except Exception:  # noqa: BLE001 - une cellule montre #VALUE!, jamais une trace
            if _DEBOGAGE:
                raise
            return VALEUR
    return protegee


def _premiere_erreur(impl: Callable, scalaires: tuple[int, ...], decalage: int) -> Callable:
    """Excel lit les arguments dans l'ordre et rend la première erreur : PLANCHER(#VALUE!;#N/A) vaut
    #VALUE!. Un texte qui n'est pas un nombre avant l'erreur peut être lui-même l'erreur
    (VC("ciao";…;#N/A) vaut #VALUE!) : la fonction en décide alors."""
    positions = tuple(i + decalage for i in scalaires)

    def verifiee(*args):
        for i in positions:
            if i >= len(args):
                break
            v = args[i]
            if type(v) is Erreur:
                return v
            if type(v) is str and co.texte_en_nombre(v) is None:
                break
        return impl(*args)
    return verifiee


def _paresseuse_matricielle(impl: Callable, prefixe: tuple, args: list[Callable]) -> Callable[[], Any]:
    """SIERREUR, CHOISIR, SI.MULTIPLE… en matriciel : toutes les branches sont calculées puis la
    fonction est appliquée case par case (SIERREUR(K9:L9;I9:J9))."""
    def f():
        valeurs = [a() for a in args]
        if any(type(v) in (Tableau, Reference) and not (type(v) is Reference and v.unique) for v in valeurs):
            return diffuser(lambda *v: impl(*prefixe, *(constante(x) for x in v)), valeurs)
        return impl(*prefixe, *(constante(v) for v in valeurs))
    return f


def appel(spec, args: list[Callable], lieu: Lieu, matriciel: bool) -> Callable[[], Any]:
    prefixe = (lieu.en_matriciel(matriciel),) if spec.position else ()
    scalaires = tuple(i for i in range(len(args)) if spec.genre(i) == "v")
    impl = proteger(spec.impl)
    if spec.paresseuse:
        if matriciel:
            return _paresseuse_matricielle(impl, prefixe, args)
        thunks = tuple(args)
        return lambda: impl(*prefixe, *thunks)
    if scalaires and not spec.erreurs:
        impl = _premiere_erreur(impl, scalaires, len(prefixe))
    n = len(args)
    if matriciel:
        def f_matriciel():
            valeurs = [a() for a in args]
            for i in scalaires:
                if type(valeurs[i]) in (Tableau, Reference):
                    if not spec.diffusable:
                        return VALEUR
                    return diffuser(lambda *v: impl(*prefixe, *v), valeurs, scalaires)
            return impl(*prefixe, *valeurs)
        return f_matriciel
    if n == 1 and scalaires and not prefixe:
        (a0,) = args

        def f1():
            x = a0()
            if type(x) is Tableau:
                return diffuser(impl, [x]) if spec.diffusable else VALEUR
            return impl(x)
        return f1

    def f():
        valeurs = [a() for a in args]
        for i in scalaires:
            if type(valeurs[i]) is Tableau:
                if not spec.diffusable:
                    return VALEUR
                return diffuser(lambda *v: impl(*prefixe, *v), valeurs, scalaires)
        return impl(*prefixe, *valeurs)
    return f


# --- Le compilateur --------------------------------------------------------------------------------

class Compilateur:
    """Compile les formules d'un modèle ; ``modele`` fournit feuilles, noms, fonctions, magasin."""

    def __init__(self, modele):
        self.modele = modele

    def formule(self, arbre, lieu: Lieu, matriciel: bool) -> tuple[Callable[[], Any], Releve]:
        ctx = Contexte(lieu, matriciel)
        if matriciel:
            f = self.noeud(arbre, ctx, "p")
        else:
            f = _finale(self.noeud(arbre, ctx, "v"), lieu)
        return f, ctx.releve

    def noeud(self, n, ctx: Contexte, genre: str) -> Callable[[], Any]:
        t = n[0]
        if t in ("n", "s", "b"):
            return constante(n[1])
        if t == "ref":
            return self._reference(n, ctx, genre)
        if t == "op":
            return self._operateur(n, ctx)
        if t == "f":
            return self._fonction(n, ctx, genre)
        if t == "nom":
            return self._nom(n, ctx, genre)
        if t == "u":
            op = n[1]
            return unaire(op, self.noeud(n[2], ctx, "p" if op == "@" else "v"), ctx.lieu)
        if t == "e":
            return constante(erreur(n[1]))
        if t == "omis":
            return constante(OMIS)
        if t == "tab":
            return constante(n[1])
        if t == "ext":
            return constante(REF)
        raise ValueError(f"nœud inconnu {t}")

    def feuille(self, nom: str | None, ctx: Contexte) -> int | None:
        if nom is None:
            return ctx.lieu.feuille
        return self.modele.index_feuilles.get(nom.upper())

    def _reference(self, n, ctx: Contexte, genre: str) -> Callable[[], Any]:
        _, nom, l1, c1, l2, c2 = n
        f = self.feuille(nom, ctx)
        if f is None:
            return constante(REF)
        if l1 == l2 and c1 == c2:
            k = cle(f, l1, c1)
            ctx.releve.cellules.add(k)
            if genre == "v":
                lire = self.modele.V.get
                if self.modele.dynamique:
                    lire = self.modele.lire
                return lambda: lire(k)
            r = Reference(self.modele, f, l1, c1, l2, c2)
            return lambda: r
        if genre == "v" and not ctx.matriciel:
            lieu = ctx.lieu                      # intersection implicite, dès la compilation
            if c1 == c2 and l1 <= lieu.ligne <= l2:
                return self._reference(("ref", nom, lieu.ligne, c1, lieu.ligne, c1), ctx, "v")
            if l1 == l2 and c1 <= lieu.colonne <= c2:
                return self._reference(("ref", nom, l1, lieu.colonne, l1, lieu.colonne), ctx, "v")
            return constante(VALEUR)
        ctx.releve.plages.append((f, l1, c1, l2, c2))
        r = Reference(self.modele, f, l1, c1, l2, c2)
        return lambda: r

    def _operateur(self, n, ctx: Contexte) -> Callable[[], Any]:
        _, op, g, d = n
        if op == ":":
            return _entre_references(self.noeud(g, ctx, "p"), self.noeud(d, ctx, "p"), _couvrir)
        if op == " ":
            return _entre_references(self.noeud(g, ctx, "p"), self.noeud(d, ctx, "p"), _intersecter)
        return operateur(op, self.noeud(g, ctx, "v"), self.noeud(d, ctx, "v"))

    def _nom(self, n, ctx: Contexte, genre: str) -> Callable[[], Any]:
        _, feuille, nom = n
        cle_nom = nom.upper()
        if feuille is not None:                  # « Feuille!NOM » : nom local, non lu sans Excel
            return constante(REF)
        arbre = self.modele.noms.get(cle_nom)
        if arbre is None:
            return constante(REF if cle_nom in self.modele.noms_locaux else NOM)
        if cle_nom in ctx.noms:                  # nom défini par lui-même
            return constante(NOM)
        if isinstance(arbre, Erreur):
            return constante(arbre)
        precedents = ctx.noms
        ctx.noms = precedents + (cle_nom,)
        try:
            return self.noeud(arbre, ctx, genre)
        finally:
            ctx.noms = precedents

    def _fonction(self, n, ctx: Contexte, genre: str) -> Callable[[], Any]:
        _, nom, arguments = n
        spec = self.modele.fonction(nom)
        if spec is None:
            return constante(NOM)
        if not spec.minimum <= len(arguments) <= spec.maximum:
            return constante(VALEUR)
        args = []
        for i, a in enumerate(arguments):
            g = spec.genre(i)
            if g == "l":                         # argument paresseux : genre de l'appel
                args.append(self.noeud(a, ctx, genre))
            elif g == "a":
                args.append(self.noeud(a, ctx.matriciel_(), "p"))
            else:
                args.append(self.noeud(a, ctx, g))
        f = appel(spec, args, ctx.lieu, ctx.matriciel)
        if spec.reference and genre == "v" and not ctx.matriciel:
            lieu = ctx.lieu

            def intersectee():
                v = f()
                return co.intersection(v, lieu.ligne, lieu.colonne) if type(v) is Reference else v
            return intersectee
        return f


def _finale(f: Callable[[], Any], lieu: Lieu) -> Callable[[], Any]:
    """Valeur d'une cellule à formule (non matricielle) : une valeur, jamais vide (=A9 vaut 0)."""
    def finale():
        v = f()
        t = type(v)
        if t is int or t is float or t is str or t is bool:
            return v
        if v is None or t is Omis:
            return 0
        if t is Tableau:
            v = v.lignes[0][0]
            return 0 if v is None else v
        if t is Reference:
            v = co.intersection(v, lieu.ligne, lieu.colonne)
            return 0 if v is None else v
        return v
    return finale
