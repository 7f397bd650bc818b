"""Écriture d'un fichier composé (MS-CFB version 3) : le conteneur du projet VBA d'un classeur.

Un fichier composé est un petit système de fichiers dans un fichier : secteurs de 512 octets,
table d'allocation (FAT), répertoire d'entrées (stockages et flux) rangées en arbres rouge-noir,
et un « mini-flux » de secteurs de 64 octets pour les flux de moins de 4 096 octets (MS-CFB §2).
On n'écrit que ce dont un vbaProject.bin a besoin : version 3, sans DIFAT (109 secteurs de FAT au
plus, soit des fichiers de quelques Mo), dates et CLSID à zéro. L'écriture est déterministe : mêmes
flux, mêmes octets. La lecture est laissée à ``olefile``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTEUR, MINI_SECTEUR, SEUIL_MINI = 512, 64, 4096
FINCHAINE, LIBRE, SECTEUR_FAT, AUCUN = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
ROUGE, NOIR = 0, 1
MAX_SECTEURS_FAT = 109       # au-delà il faudrait des secteurs DIFAT


@dataclass
class Flux:
    nom: str
    donnees: bytes


@dataclass
class Stockage:
    nom: str
    enfants: list = field(default_factory=list)


@dataclass
class _Entree:
    nom: str
    genre: int                      # 1 stockage, 2 flux, 5 racine
    donnees: bytes = b""
    enfants: list = field(default_factory=list)
    gauche: int = AUCUN
    droite: int = AUCUN
    enfant: int = AUCUN
    couleur: int = NOIR
    debut: int = FINCHAINE
    taille: int = 0


def _cle(e: _Entree) -> tuple[int, str]:
    # MS-CFB §2.6.4 : comparer d'abord la longueur du nom, puis le nom en majuscules
    return len(e.nom), e.nom.upper()


def _arbre(enfants: list[_Entree], numeros: dict[int, int]) -> int:
    """Arbre binaire équilibré des ``enfants`` ; c'est un arbre rouge-noir valide si les nœuds du
    dernier niveau, quand il est incomplet, sont rouges et tous les autres noirs (même nombre de
    noirs sur chaque chemin). Renvoie le numéro de la racine."""
    tries = sorted(enfants, key=_cle)
    if len({_cle(e) for e in tries}) != len(tries):
        raise ValueError("deux entrées de même nom dans un stockage")

    def profondeurs_vides(lo, hi, d, acc):
        if lo >= hi:
            acc.append(d)
            return
        m = (lo + hi) // 2
        profondeurs_vides(lo, m, d + 1, acc)
        profondeurs_vides(m + 1, hi, d + 1, acc)

    vides: list[int] = []
    profondeurs_vides(0, len(tries), 0, vides)
    complet = min(vides) == max(vides)
    plus_profond = max(vides) - 1

    def construire(lo, hi, d):
        if lo >= hi:
            return AUCUN
        m = (lo + hi) // 2
        e = tries[m]
        e.gauche = construire(lo, m, d + 1)
        e.droite = construire(m + 1, hi, d + 1)
        e.couleur = ROUGE if (not complet and d == plus_profond and d > 0) else NOIR
        return numeros[id(e)]

    return construire(0, len(tries), 0)


def _entrees(noeud, genre=None) -> _Entree:
    if isinstance(noeud, Flux):
        return _Entree(noeud.nom, 2, noeud.donnees)
    return _Entree(noeud.nom, genre or 1, enfants=[_entrees(e) for e in noeud.enfants])


def ecrire(contenu: list[Flux | Stockage]) -> bytes:
    """Le fichier composé dont la racine contient ``contenu``."""
    racine = _entrees(Stockage("Root Entry", contenu), genre=5)
    ordre: list[_Entree] = []

    def parcourir(e):
        ordre.append(e)
        for enfant in e.enfants:
            parcourir(enfant)

    parcourir(racine)
    for e in ordre:
        if len(e.nom) > 31:
            raise ValueError(f"nom d'entrée de plus de 31 caractères : {e.nom}")
    numeros = {id(e): i for i, e in enumerate(ordre)}
    for e in ordre:
        if e.enfants:
            e.enfant = _arbre(e.enfants, numeros)

    secteurs: list[bytes] = []
    fat: list[int] = []

    def allouer(octets: bytes) -> int:
        n = -(-len(octets) // SECTEUR)
        if n == 0:
            return FINCHAINE
        premier = len(secteurs)
        for k in range(n):
            secteurs.append(octets[k * SECTEUR:(k + 1) * SECTEUR].ljust(SECTEUR, b"\0"))
            fat.append(premier + k + 1 if k < n - 1 else FINCHAINE)
        return premier

    # flux : les grands dans des secteurs, les petits dans le mini-flux (porté par la racine)
    mini = bytearray()
    minifat: list[int] = []
    for e in ordre:
        if e.genre != 2:
            continue
        if not e.donnees:
            raise ValueError(f"flux vide : {e.nom}")
        e.taille = len(e.donnees)
        if e.taille >= SEUIL_MINI:
            e.debut = allouer(e.donnees)
        else:
            premier = len(mini) // MINI_SECTEUR
            n = -(-e.taille // MINI_SECTEUR)
            mini += e.donnees.ljust(n * MINI_SECTEUR, b"\0")
            minifat += [premier + k + 1 if k < n - 1 else FINCHAINE for k in range(n)]
            e.debut = premier
    racine.debut, racine.taille = allouer(bytes(mini)), len(mini)
    octets_minifat = b"".join(struct.pack("<I", x) for x in minifat)
    octets_minifat += struct.pack("<I", LIBRE) * (-(-len(minifat) // 128) * 128 - len(minifat))
    debut_minifat = allouer(octets_minifat) if minifat else FINCHAINE
    n_minifat = -(-len(octets_minifat) // SECTEUR)

    repertoire = bytearray()
    for e in ordre:
        nom = e.nom.encode("utf-16-le")
        repertoire += (nom + b"\0\0").ljust(64, b"\0")
        repertoire += struct.pack("<HBBIII", len(nom) + 2, e.genre, e.couleur, e.gauche, e.droite, e.enfant)
        repertoire += b"\0" * 16 + b"\0" * 4 + b"\0" * 16          # CLSID, état, dates
        repertoire += struct.pack("<IQ", e.debut if e.taille or e.genre == 5 else FINCHAINE, e.taille)
    vide = b"\0" * 64 + struct.pack("<HBBIII", 0, 0, 0, AUCUN, AUCUN, AUCUN) + b"\0" * 36 + \
        struct.pack("<IQ", 0, 0)
    while len(repertoire) % SECTEUR:
        repertoire += vide
    debut_repertoire = allouer(bytes(repertoire))

    n_fat = 1
    while len(secteurs) + n_fat > n_fat * (SECTEUR // 4):
        n_fat += 1
    if n_fat > MAX_SECTEURS_FAT:
        raise ValueError("fichier composé trop grand pour un en-tête sans DIFAT")
    premier_fat = len(secteurs)
    fat += [SECTEUR_FAT] * n_fat
    fat += [LIBRE] * (n_fat * SECTEUR // 4 - len(fat))
    octets_fat = b"".join(struct.pack("<I", x) for x in fat)
    for k in range(n_fat):
        secteurs.append(octets_fat[k * SECTEUR:(k + 1) * SECTEUR])

    difat = [premier_fat + k for k in range(n_fat)] + [LIBRE] * (MAX_SECTEURS_FAT - n_fat)
    entete = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
              # version mineure 0x3E, majeure 3, ordre FFFE, secteurs 2^9, mini-secteurs 2^6
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, n_fat, debut_repertoire, 0, SEUIL_MINI,
                            debut_minifat, n_minifat, FINCHAINE, 0)
              + b"".join(struct.pack("<I", x) for x in difat))
    assert len(entete) == SECTEUR
    return entete + b"".join(secteurs)
