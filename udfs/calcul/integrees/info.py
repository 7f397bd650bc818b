"""Informations : EST.VIDE, ESTNUM, ESTTEXTE, ESTERREUR…, NA(), N, T, TYPE, TYPE.ERREUR."""

from __future__ import annotations

from udfs.calcul import coercition as co
from udfs.calcul.integrees import integree
from udfs.calcul.types import CODES, NA, Erreur, ErreurExcel, Omis, Reference, Tableau


@integree("ISBLANK", "v", erreurs=True)
def est_vide(v):
    """Vraie pour une cellule vide seulement : le texte "" d'une formule n'est pas vide."""
    return v is None


@integree("ISNUMBER", "v", erreurs=True)
def est_nombre(v):
    return type(v) in (int, float) or type(v) is Omis


@integree("ISTEXT", "v", erreurs=True)
def est_texte(v):
    return type(v) is str


@integree("ISNONTEXT", "v", erreurs=True)
def est_non_texte(v):
    return type(v) is not str


@integree("ISLOGICAL", "v", erreurs=True)
def est_logique(v):
    return type(v) is bool


@integree("ISERROR", "v", erreurs=True)
def est_erreur(v):
    return type(v) is Erreur


@integree("ISERR", "v", erreurs=True)
def est_err(v):
    return type(v) is Erreur and v is not NA


@integree("ISNA", "v", erreurs=True)
def est_na(v):
    return v is NA


@integree("ISREF", "p")
def est_ref(v):
    return type(v) is Reference


@integree("ISEVEN", "v", diffusable=False)
def est_pair(v):
    if type(v) is bool:
        raise ErreurExcel(co.VALEUR)
    return co.entier(v) % 2 == 0


@integree("ISODD", "v", diffusable=False)
def est_impair(v):
    if type(v) is bool:
        raise ErreurExcel(co.VALEUR)
    return co.entier(v) % 2 == 1


@integree("NA", "")
def na():
    return NA


@integree("N", "p", erreurs=True)
def n(v):
    """N d'une plage : sa première cellule (N ne s'applique pas case par case)."""
    v = co.premier(v)
    if type(v) is Erreur:
        return v
    if type(v) is bool:
        return int(v)
    return v if type(v) in (int, float) else 0


@integree("T", "p", erreurs=True)
def t(v):
    v = co.premier(v)
    if type(v) is Erreur:
        return v
    return v if type(v) is str else ""


@integree("TYPE", "p")
def type_(v):
    if type(v) is Reference:
        v = v.valeur() if v.unique else Tableau(v.lignes())
    if type(v) is Tableau:
        return 64
    if type(v) is Erreur:
        return 16
    if type(v) is bool:
        return 4
    if type(v) is str:
        return 2
    return 1


@integree("ERROR.TYPE", "v", erreurs=True)
def type_erreur(v):
    if type(v) is not Erreur:
        return NA
    return {"#NULL!": 1, "#DIV/0!": 2, "#VALUE!": 3, "#REF!": 4, "#NAME?": 5, "#NUM!": 6,
            "#N/A": 7, "#GETTING_DATA": 8, "#SPILL!": 9, "#CALC!": 14}.get(v.code, CODES.index(v.code) + 1)


@integree("ISFORMULA", "p", position=True)
def est_formule(lieu, ref):
    """ESTFORMULE : la cellule porte une formule (ou une case d'une formule matricielle)."""
    from udfs.calcul.types import cle
    if type(ref) is not Reference:
        raise ErreurExcel(co.VALEUR)
    formules = lieu.modele.cellules_a_formule()
    if lieu.matriciel and not ref.unique:
        return Tableau([[cle(ref.feuille, l, c) in formules for c in range(ref.c1, ref.c2 + 1)]
                        for l in range(ref.l1, ref.l2 + 1)])
    return cle(ref.feuille, ref.l1, ref.c1) in formules


@integree("AREAS", "p")
def zones(ref):
    """ZONES : une référence du moteur est toujours d'un seul tenant (pas d'union de plages)."""
    if type(ref) is not Reference:
        raise ErreurExcel(ref if type(ref) is Erreur else co.VALEUR)
    return 1
