"""Recherche et références : RECHERCHEV, RECHERCHEH, EQUIV, RECHERCHEX, EQUIVX, INDEX, CHOISIR,
RECHERCHE, LIGNE, COLONNE, DECALER, INDIRECT, et l'opérateur de plage de débordement (« A1# »,
écrit ``_xlfn.ANCHORARRAY`` dans le fichier).

Correspondance exacte : même type (nombre, texte sans casse, booléen), caractères génériques
* ? ~ pour un texte. Correspondance approchée (RECHERCHEV(…;VRAI), EQUIV(…;1)) : recherche
dichotomique comme Excel, la plus grande valeur inférieure ou égale (données triées).
"""

from __future__ import annotations

from udfs.calcul import analyse
from udfs.calcul import coercition as co
from udfs.calcul.integrees import integree
from udfs.calcul.integrees.agregats import _motif
from udfs.calcul.types import (NA, REF, VALEUR, Erreur, ErreurExcel, Omis, Reference, Tableau)

_PLAGES = (Reference, Tableau)


def _lignes(v) -> list[list]:
    return co.en_tableau(v).lignes


def _comparable(v, x) -> bool:
    return v is not None and type(v) is not Erreur and co.rang(v) == co.rang(x)


def _exacte(valeurs: list, x, generique: bool = True) -> int | None:
    if type(x) is str:
        if generique and any(ch in x for ch in "*?~"):
            motif = _motif(x)
            for i, v in enumerate(valeurs):
                if type(v) is str and motif(v):
                    return i
            return None
        cible = x.lower()
        for i, v in enumerate(valeurs):
            if type(v) is str and v.lower() == cible:
                return i
        return None
    if type(x) is int or type(x) is float:
        proche = abs(x) * 1e-14
        for i, v in enumerate(valeurs):
            tv = type(v)
            if (tv is int or tv is float) and (v == x or abs(v - x) <= proche and co.comparer(v, x) == 0):
                return i
        return None
    for i, v in enumerate(valeurs):
        if _comparable(v, x) and co.comparer(v, x) == 0:
            return i
    return None


def _dichotomie(valeurs: list, x, descendant: bool = False) -> int | None:
    """Correspondance approchée, parmi les valeurs du même type que x : croissant, la dernière ≤ x
    avant la première plus grande (arrêt sur une égale) ; décroissant, la dernière ≥ x avant la
    première plus petite. Sur des données triées, c'est la recherche dichotomique d'Excel ; sur des
    données non triées, ce parcours donne les valeurs qu'Excel a calculées dans le jeu d'essai de
    ``formulas`` (test.xlsx, enregistré par Excel)."""
    trouve = None
    for i, v in enumerate(valeurs):
        if not _comparable(v, x):
            continue
        c = co.comparer(v, x)
        if descendant:
            if c < 0:
                break
            trouve = i
            if c == 0:
                break
        elif c <= 0:
            trouve = i
            if c == 0 and i > 0:
                break
        elif i > 0:                   # plus grande : arrêt (sauf en toute première position)
            break
    return trouve


def _cle_recherche(x):
    """Valeur cherchée par RECHERCHEV, EQUIV… : une cellule vide cherche 0 (comme Excel)."""
    if type(x) is Erreur:
        raise ErreurExcel(x)
    if x is None or type(x) is Omis:
        return 0
    return x


def _vide_zero(v):
    return 0 if v is None else v


def _recherche_table(x, lignes: list[list], k, approchee, en_colonne: bool):
    """RECHERCHEV (la clé en première colonne, ``k`` la colonne rendue) ou RECHERCHEH (la clé en
    première ligne, ``k`` la ligne rendue)."""
    x = _cle_recherche(x)
    k = co.entier(k)
    if k < 1:
        raise ErreurExcel(VALEUR)
    if k > (len(lignes[0]) if en_colonne else len(lignes)):
        raise ErreurExcel(REF)
    cles = [l[0] for l in lignes] if en_colonne else lignes[0]
    i = _dichotomie(cles, x) if co.booleen(approchee) else _exacte(cles, x)
    if i is None:
        raise ErreurExcel(NA)
    return _vide_zero(lignes[i][k - 1] if en_colonne else lignes[k - 1][i])


@integree("VLOOKUP", "vpvv", minimum=3)
def recherchev(x, table, colonne, approchee=True):
    return _recherche_table(x, _lignes(table), colonne, approchee, en_colonne=True)


@integree("HLOOKUP", "vpvv", minimum=3)
def rechercheh(x, table, ligne, approchee=True):
    return _recherche_table(x, _lignes(table), ligne, approchee, en_colonne=False)


def _vecteur(v) -> list:
    lignes = _lignes(v)
    if len(lignes) == 1:
        return lignes[0]
    if len(lignes[0]) == 1:
        return [l[0] for l in lignes]
    raise ErreurExcel(NA)


@integree("MATCH", "vpv", minimum=2)
def equiv(x, tableau, type_=1):
    x = _cle_recherche(x)
    valeurs = _vecteur(tableau)
    t = co.nombre(type_)
    if t == 0:
        i = _exacte(valeurs, x)
    else:
        i = _dichotomie(valeurs, x, descendant=t < 0)
    if i is None:
        raise ErreurExcel(NA)
    return i + 1


def _position_x(x, valeurs: list, mode: int, sens: int) -> int | None:
    ordre = range(len(valeurs)) if sens >= 0 else range(len(valeurs) - 1, -1, -1)
    if x is None or type(x) is Omis:          # RECHERCHEX d'une cellule vide : une cellule vide
        return next((i for i in ordre if valeurs[i] is None), None)
    if mode in (0, 2):
        for i in ordre:
            v = valeurs[i]
            if mode == 2 and type(x) is str:
                if type(v) is str and _motif(x)(v):
                    return i
            elif _comparable(v, x) and (co.comparer(v, x) == 0 if type(x) is not str
                                        else v.lower() == x.lower()):
                return i
        return None
    meilleur = None
    for i in ordre:
        v = valeurs[i]
        if not _comparable(v, x):
            continue
        c = co.comparer(v, x)
        if c == 0:
            return i
        if (mode == -1 and c < 0) or (mode == 1 and c > 0):
            if meilleur is None or (co.comparer(v, valeurs[meilleur]) > 0) == (mode == -1) \
                    and co.comparer(v, valeurs[meilleur]) != 0:
                meilleur = i
    return meilleur


@integree("XLOOKUP", "vppvvv", minimum=3, reference=True, erreurs=True)
def recherchex(x, recherche, retour, si_absent=None, mode=0, sens=1):
    if type(x) is Erreur:
        return x
    valeurs = _vecteur(recherche)
    i = _position_x(x, valeurs, co.entier(mode), co.entier(sens))
    if i is None:
        if si_absent is None:
            raise ErreurExcel(NA)
        return si_absent
    nl, nc = retour.dimensions if type(retour) in _PLAGES else (1, 1)
    en_ligne = len(_lignes(recherche)) == 1
    if type(retour) is Reference:
        if en_ligne:
            return retour.sous_plage(0, i, nl - 1, i) if nc > i else REF
        return retour.sous_plage(i, 0, i, nc - 1) if nl > i else REF
    lignes = _lignes(retour)
    try:
        if en_ligne:
            extrait = [[l[i]] for l in lignes]
        else:
            extrait = [lignes[i]]
    except IndexError:
        raise ErreurExcel(VALEUR) from None
    return extrait[0][0] if len(extrait) == 1 and len(extrait[0]) == 1 else Tableau(extrait)


@integree("XMATCH", "vpvv", minimum=2)
def equivx(x, recherche, mode=0, sens=1):
    if type(x) is Erreur:
        return x
    i = _position_x(x, _vecteur(recherche), co.entier(mode), co.entier(sens))
    if i is None:
        raise ErreurExcel(NA)
    return i + 1


@integree("LOOKUP", "vpp", minimum=2)
def recherche(x, vecteur, resultat=None):
    x = _cle_recherche(x)
    lignes = _lignes(vecteur)
    if resultat is None:
        if len(lignes) >= len(lignes[0]):          # forme matricielle : première colonne / dernière
            cles, sortie = [l[0] for l in lignes], [l[-1] for l in lignes]
        else:
            cles, sortie = lignes[0], lignes[-1]
    else:
        cles, sortie = _vecteur(vecteur), _vecteur(resultat)
    i = _dichotomie(cles, x)
    if i is None or i >= len(sortie):
        raise ErreurExcel(NA)
    return _vide_zero(sortie[i])


@integree("INDEX", "pvvv", minimum=2, reference=True)
def index(tableau, ligne, colonne=None, zone=1):
    """Page d'INDEX : une ligne ou une colonne à 0 rend la colonne ou la ligne entière ; pour un
    tableau d'une seule ligne, le second argument est la colonne ; hors limites : #REF!."""
    if type(zone) is not Omis and co.entier(zone) != 1:
        raise ErreurExcel(REF)                 # une seule zone : pas d'union de plages
    nl, nc = tableau.dimensions if type(tableau) in _PLAGES else (1, 1)
    i = co.entier(ligne)
    if colonne is None:                        # INDEX(plage; n)
        if nl == 1:
            i, j = 1, i                        # plage d'une ligne : n est la colonne
        else:
            j = 1 if nc == 1 else 0
    else:
        j = co.entier(colonne)
    if i < 0 or j < 0 or i > nl or j > nc:
        raise ErreurExcel(REF)
    l1, l2 = (0, nl - 1) if i == 0 else (i - 1, i - 1)
    c1, c2 = (0, nc - 1) if j == 0 else (j - 1, j - 1)
    if type(tableau) is Reference:
        return tableau.sous_plage(l1, c1, l2, c2)
    lignes = _lignes(tableau)
    extrait = [l[c1:c2 + 1] for l in lignes[l1:l2 + 1]]
    if l1 == l2 and c1 == c2:
        return extrait[0][0]
    return Tableau(extrait)


@integree("CHOOSE", "vl", repete=1, minimum=2, paresseuse=True, reference=True)
def choisir(indice, *valeurs):
    i = co.premier(indice())
    if type(i) is Erreur:
        return i
    k = co.entier(i)
    if not 1 <= k <= len(valeurs):
        raise ErreurExcel(VALEUR)
    return valeurs[k - 1]()


@integree("ROW", "p", minimum=0, position=True)
def ligne(lieu, ref=None):
    """LIGNE : celle de la formule, ou de la référence ; en matriciel, celles de chaque ligne."""
    if ref is None:
        return lieu.ligne
    if type(ref) is not Reference:
        raise ErreurExcel(ref if type(ref) is Erreur else VALEUR)
    if lieu.matriciel and ref.l2 > ref.l1:
        return Tableau([[l] for l in range(ref.l1, ref.l2 + 1)])
    return ref.l1


@integree("COLUMN", "p", minimum=0, position=True)
def colonne(lieu, ref=None):
    if ref is None:
        return lieu.colonne
    if type(ref) is not Reference:
        raise ErreurExcel(ref if type(ref) is Erreur else VALEUR)
    if lieu.matriciel and ref.c2 > ref.c1:
        return Tableau([list(range(ref.c1, ref.c2 + 1))])
    return ref.c1


@integree("OFFSET", "pvvvv", minimum=3, reference=True, dynamique=True)
def decaler(ref, lignes, colonnes, hauteur=None, largeur=None):
    if type(ref) is not Reference:
        raise ErreurExcel(ref if type(ref) is Erreur else VALEUR)
    nl, nc = ref.dimensions
    h = nl if hauteur is None or type(hauteur) is Omis else co.entier(hauteur)
    w = nc if largeur is None or type(largeur) is Omis else co.entier(largeur)
    l1, c1 = ref.l1 + co.entier(lignes), ref.c1 + co.entier(colonnes)
    if h == 0 or w == 0:
        raise ErreurExcel(REF)
    l2, c2 = l1 + h - 1 if h > 0 else l1, c1 + w - 1 if w > 0 else c1
    if h < 0:
        l1, l2 = l1 + h + 1, l1
    if w < 0:
        c1, c2 = c1 + w + 1, c1
    if l1 < 1 or c1 < 1 or l2 > analyse.LIGNES_MAX or c2 > analyse.COLONNES_MAX:
        raise ErreurExcel(REF)
    return Reference(ref.modele, ref.feuille, l1, c1, l2, c2)


@integree("INDIRECT", "vv", minimum=1, position=True, reference=True, dynamique=True)
def indirect(lieu, texte, a1=True):
    """Une référence écrite en texte (« B3 », « Feuille!A1:B2 », un nom défini) ; le style L1C1
    n'est pas pris en charge (#REF!)."""
    if not co.booleen(a1):
        raise ErreurExcel(REF)
    s = co.texte(texte).strip()
    modele = lieu.modele
    feuille = lieu.feuille
    if "!" in s:
        prefixe, _, s = s.rpartition("!")
        index = modele.index_feuilles.get(analyse.nom_feuille(prefixe + "!").upper())
        if index is None:
            raise ErreurExcel(REF)
        feuille = index
    try:
        l1, c1, l2, c2 = analyse.plage(s)
    except analyse.FormuleIllisible:
        cible = modele.reference_nommee(s)
        if cible is None:
            raise ErreurExcel(REF) from None
        return cible
    return Reference(modele, feuille, l1, c1, l2, c2)


@integree("_XLFN.ANCHORARRAY", "p", position=True, reference=True)
def plage_debordement(lieu, ref):
    if type(ref) is not Reference:
        raise ErreurExcel(REF)
    zone = lieu.modele.debordement(ref.feuille, ref.l1, ref.c1)
    if zone is None:
        raise ErreurExcel(REF)
    return Reference(lieu.modele, ref.feuille, *zone)


@integree("_XLFN.SINGLE", "p", position=True)
def unique(lieu, v):
    if type(v) is Reference:
        return co.intersection(v, lieu.ligne, lieu.colonne)
    return co.premier(v)
