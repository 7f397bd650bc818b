"""Le projet VBA d'un classeur (``xl/vbaProject.bin``) selon MS-OVBA, écrit sans Excel.

Un projet « source seule » : le flux ``_VBA_PROJECT`` annonce une version 0xFFFF, ce qui oblige
VBA à recompiler les sources à l'ouverture (MS-OVBA §2.3.4.1) ; aucun p-code ni cache n'est écrit,
chaque module est son source compressé (``MODULEOFFSET`` = 0). C'est ainsi que sont faits les
.xlam que livre xlwings lui-même (construits sans Excel) et ce qu'écrit EPPlus.

- ``compresser`` / ``decompresser`` : l'algorithme de MS-OVBA §2.4.1 (blocs de 4 096 octets,
  jetons littéraux ou copies) ;
- ``lire_dir`` / ``ecrire_dir`` : les enregistrements du flux ``dir`` (informations du projet,
  références, modules, MS-OVBA §2.3.4.2) ;
- ``Projet`` : un projet lu dans un vbaProject.bin existant (le modèle d'xlwings), modifié, puis
  réécrit dans un fichier composé (``udfs.complement.cfb``).
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass

from udfs.complement import cfb

TAILLE_BLOC = 4096

# --- MS-OVBA §2.4.1 : compression ------------------------------------------------------------


def _parametres_copie(difference: int) -> tuple[int, int]:
    """(nombre de bits du décalage, longueur maximale) d'un jeton de copie à ``difference`` octets
    du début du bloc (MS-OVBA §2.4.1.3.19.1 CopyToken Help)."""
    bits = max((difference - 1).bit_length(), 4)
    return bits, (0xFFFF >> bits) + 3


def _compresser_bloc(donnees: bytes) -> bytes:
    """Un bloc (≤ 4 096 octets) en séquences de jetons ; l'en-tête est ajouté par l'appelant."""
    sortie = bytearray()
    positions: dict[bytes, list[int]] = {}   # triplet d'octets → positions déjà vues dans le bloc
    pos, fin = 0, len(donnees)
    while pos < fin:
        indice_drapeaux = len(sortie)
        sortie.append(0)
        drapeaux = 0
        for bit in range(8):
            if pos >= fin:
                break
            longueur, decalage = 0, 0
            if pos > 0 and fin - pos >= 3:
                _, maximum = _parametres_copie(pos)
                maximum = min(maximum, fin - pos)
                for candidat in reversed(positions.get(donnees[pos:pos + 3], [])[-256:]):
                    n = 3
                    while n < maximum and donnees[candidat + n] == donnees[pos + n]:
                        n += 1
                    if n > longueur:
                        longueur, decalage = n, pos - candidat
                        if n == maximum:
                            break
            if longueur >= 3:
                bits, _ = _parametres_copie(pos)
                sortie += struct.pack("<H", ((decalage - 1) << (16 - bits)) | (longueur - 3))
                drapeaux |= 1 << bit
                pas = longueur
            else:
                sortie.append(donnees[pos])
                pas = 1
            for k in range(pos, pos + pas):
                if k + 3 <= fin:
                    positions.setdefault(donnees[k:k + 3], []).append(k)
            pos += pas
        sortie[indice_drapeaux] = drapeaux
    return bytes(sortie)


def compresser(donnees: bytes) -> bytes:
    """Conteneur compressé MS-OVBA (octet de signature 0x01 puis blocs)."""
    sortie = bytearray(b"\x01")
    for debut in range(0, len(donnees), TAILLE_BLOC):
        bloc = donnees[debut:debut + TAILLE_BLOC]
        corps = _compresser_bloc(bloc)
        if len(corps) <= TAILLE_BLOC:
            # en-tête : taille − 3 sur 12 bits, signature 0b011, bit 15 = bloc compressé
            sortie += struct.pack("<H", 0x8000 | 0x3000 | (len(corps) + 2 - 3)) + corps
        elif len(bloc) == TAILLE_BLOC:
            sortie += struct.pack("<H", 0x3000 | 0x0FFF) + bloc     # bloc brut de 4 096 octets
        else:
            # un dernier bloc brut serait complété de zéros, qui entreraient dans le source
            raise ValueError("dernier bloc incompressible : cas exclu pour un source VBA")
    return bytes(sortie)


def decompresser(conteneur: bytes) -> bytes:
    """L'inverse de ``compresser`` (MS-OVBA §2.4.1.3.1)."""
    if not conteneur or conteneur[0] != 0x01:
        raise ValueError("conteneur compressé MS-OVBA sans octet de signature 0x01")
    sortie = bytearray()
    pos = 1
    while pos < len(conteneur):
        (entete,) = struct.unpack_from("<H", conteneur, pos)
        taille = (entete & 0x0FFF) + 3
        if (entete >> 12) & 0b111 != 0b011:
            raise ValueError(f"en-tête de bloc invalide à l'octet {pos}")
        fin_bloc = min(pos + taille, len(conteneur))
        pos += 2
        debut = len(sortie)
        if not entete & 0x8000:
            sortie += conteneur[pos:pos + TAILLE_BLOC]
            pos += TAILLE_BLOC
            continue
        while pos < fin_bloc:
            drapeaux = conteneur[pos]
            pos += 1
            for bit in range(8):
                if pos >= fin_bloc:
                    break
                if drapeaux >> bit & 1:
                    (jeton,) = struct.unpack_from("<H", conteneur, pos)
                    pos += 2
                    bits, _ = _parametres_copie(len(sortie) - debut)
                    decalage = (jeton >> (16 - bits)) + 1
                    longueur = (jeton & (0xFFFF >> bits)) + 3
                    source = len(sortie) - decalage
                    if source < debut:
                        raise ValueError("jeton de copie hors du bloc")
                    for k in range(longueur):
                        sortie.append(sortie[source + k])
                else:
                    sortie.append(conteneur[pos])
                    pos += 1
    return bytes(sortie)


# --- MS-OVBA §2.3.4.2 : le flux dir ---------------------------------------------------------

PROJECTNAME, PROJECTVERSION, PROJECTMODULES, PROJECTCOOKIE, TERMINATEUR = 0x04, 0x09, 0x0F, 0x13, 0x10
MODULENAME, MODULEDOCSTRING, MODULEDOCSTRINGUNICODE, MODULEHELPCONTEXT = 0x19, 0x1C, 0x48, 0x1E
MODULETYPE_STANDARD, MODULETYPE_CLASSE, FIN_MODULE = 0x21, 0x22, 0x2B


@dataclass(frozen=True)
class Enregistrement:
    ident: int
    donnees: bytes

    def octets(self) -> bytes:
        if self.ident == PROJECTVERSION:     # champ « Reserved » = 4, puis 6 octets de version
            return struct.pack("<HI", self.ident, 4) + self.donnees
        return struct.pack("<HI", self.ident, len(self.donnees)) + self.donnees


def lire_dir(octets: bytes) -> list[Enregistrement]:
    enregistrements, pos = [], 0
    while pos < len(octets):
        ident, taille = struct.unpack_from("<HI", octets, pos)
        if ident == PROJECTVERSION:
            taille = 6
        enregistrements.append(Enregistrement(ident, octets[pos + 6:pos + 6 + taille]))
        pos += 6 + taille
    return enregistrements


def ecrire_dir(enregistrements: list[Enregistrement]) -> bytes:
    return b"".join(e.octets() for e in enregistrements)


# --- Le projet ----------------------------------------------------------------------------------

GENRES = ("document", "classe", "standard")


@dataclass(frozen=True)
class Module:
    nom: str
    genre: str            # « document » (ThisWorkbook, feuilles), « classe » ou « standard »
    source: str
    description: str = ""  # MODULEDOCSTRING (la classe Dictionary d'xlwings en a une)

    def __post_init__(self):
        if self.genre not in GENRES:
            raise ValueError(f"genre de module inconnu : {self.genre}")


@dataclass
class Projet:
    """Un projet VBA : informations et références (reprises telles quelles du modèle), modules,
    texte du flux PROJECT et flux _VBA_PROJECT du modèle."""

    informations: list[Enregistrement]   # enregistrements de dir avant PROJECTMODULES
    modules: list[Module]
    texte_projet: str                    # flux PROJECT (propriétés du projet, en page de code)
    vba_project: bytes                   # flux _VBA_PROJECT : « source seule » (version 0xFFFF)
    page_de_code: str = "cp1252"

    # -- lecture ---------------------------------------------------------------------------------
    @classmethod
    def lire(cls, vba_project_bin: bytes) -> "Projet":
        import olefile

        ole = olefile.OleFileIO(io.BytesIO(vba_project_bin))
        try:
            enregistrements = lire_dir(decompresser(ole.openstream("VBA/dir").read()))
            page = _page_de_code(enregistrements)
            texte_projet = ole.openstream("PROJECT").read().decode(page)
            documents = {l.split("=", 1)[1].split("/", 1)[0] for l in texte_projet.split("\r\n")
                         if l.startswith("Document=")}
            debut_modules = next(i for i, e in enumerate(enregistrements) if e.ident == PROJECTMODULES)
            modules = []
            for bloc in _blocs_modules(enregistrements[debut_modules + 2:]):
                nom = bloc[MODULENAME].decode(page)
                flux_nom = bloc[0x1A].decode(page)
                decalage = struct.unpack("<I", bloc[0x31])[0]
                flux = ole.openstream(f"VBA/{flux_nom}").read()
                source = decompresser(flux[decalage:]).decode(page)
                genre = ("standard" if MODULETYPE_STANDARD in bloc
                         else "document" if nom in documents else "classe")
                modules.append(Module(nom, genre, source, bloc.get(MODULEDOCSTRING, b"").decode(page)))
            projet = cls(enregistrements[:debut_modules], modules, texte_projet,
                         ole.openstream("VBA/_VBA_PROJECT").read(), page)
        finally:
            ole.close()
        if not projet.source_seule:
            raise ValueError("le modèle contient du p-code compilé : attendu un projet « source seule »")
        return projet

    @property
    def source_seule(self) -> bool:
        # _VBA_PROJECT : Reserved1 = 0x61CC, Version = 0xFFFF (MS-OVBA §2.3.4.1)
        return self.vba_project[:4] == b"\xcc\x61\xff\xff"

    def module(self, nom: str) -> Module:
        return next(m for m in self.modules if m.nom == nom)

    # -- modification ----------------------------------------------------------------------------
    def renommer(self, nom: str) -> None:
        """Nom du projet (PROJECTNAME de dir, Name= du flux PROJECT)."""
        self.informations = [Enregistrement(PROJECTNAME, nom.encode(self.page_de_code))
                             if e.ident == PROJECTNAME else e for e in self.informations]
        lignes = self.texte_projet.split("\r\n")
        if sum(l.startswith("Name=") for l in lignes) != 1:
            raise ValueError("flux PROJECT sans propriété Name unique")
        self.texte_projet = "\r\n".join(f'Name="{nom}"' if l.startswith("Name=") else l for l in lignes)

    def remplacer_module(self, module: Module) -> None:
        self.modules = [module if m.nom == module.nom else m for m in self.modules]

    # -- écriture --------------------------------------------------------------------------------
    def octets(self) -> bytes:
        """Le vbaProject.bin : fichier composé VBA/{_VBA_PROJECT, dir, modules}, PROJECT, PROJECTwm."""
        page = self.page_de_code
        flux_modules = [cfb.Flux(m.nom, compresser(_crlf(m.source).encode(page))) for m in self.modules]
        vba = cfb.Stockage("VBA", [cfb.Flux("_VBA_PROJECT", self.vba_project),
                                  cfb.Flux("dir", compresser(ecrire_dir(self._dir())))] + flux_modules)
        noms = b"".join(m.nom.encode(page) + b"\0" + m.nom.encode("utf-16-le") + b"\0\0"
                        for m in self.modules) + b"\0\0"
        return cfb.ecrire([vba, cfb.Flux("PROJECT", self._texte_projet().encode(page)),
                           cfb.Flux("PROJECTwm", noms)])

    def _dir(self) -> list[Enregistrement]:
        page = self.page_de_code
        enregistrements = list(self.informations)
        enregistrements += [Enregistrement(PROJECTMODULES, struct.pack("<H", len(self.modules))),
                            Enregistrement(PROJECTCOOKIE, struct.pack("<H", 0xFFFF))]
        for m in self.modules:
            nom, unicode = m.nom.encode(page), m.nom.encode("utf-16-le")
            enregistrements += [
                Enregistrement(MODULENAME, nom), Enregistrement(0x47, unicode),
                Enregistrement(0x1A, nom), Enregistrement(0x32, unicode),
                Enregistrement(MODULEDOCSTRING, m.description.encode(page)),
                Enregistrement(MODULEDOCSTRINGUNICODE, m.description.encode("utf-16-le")),
                Enregistrement(0x31, struct.pack("<I", 0)),            # MODULEOFFSET : pas de p-code
                Enregistrement(MODULEHELPCONTEXT, struct.pack("<I", 0)),
                Enregistrement(0x2C, struct.pack("<H", 0xFFFF)),       # MODULECOOKIE, ignoré à la lecture
                Enregistrement(MODULETYPE_STANDARD if m.genre == "standard" else MODULETYPE_CLASSE, b""),
                Enregistrement(FIN_MODULE, b""),
            ]
        return enregistrements + [Enregistrement(TERMINATEUR, b"")]

    def _texte_projet(self) -> str:
        """Le flux PROJECT du modèle, avec la liste des modules et la section [Workspace] refaites
        (MS-OVBA §2.3.1) : ID en tête, une ligne par module, puis les autres propriétés."""
        lignes = self.texte_projet.split("\r\n")
        entete = [l for l in lignes[:_indice_section(lignes)]
                  if not re.match(r"(Document|Module|Class|BaseClass|Package)=", l)]
        hote = lignes[_indice_section(lignes):_indice_section(lignes, "[Workspace]")]
        declarations = [{"document": f"Document={m.nom}/&H00000000", "classe": f"Class={m.nom}",
                         "standard": f"Module={m.nom}"}[m.genre] for m in self.modules]
        espace = ["[Workspace]"] + [f"{m.nom}=0, 0, 0, 0, C" for m in self.modules]
        return "\r\n".join(entete[:1] + declarations + entete[1:] + hote + espace) + "\r\n"


def _crlf(texte: str) -> str:
    return texte.replace("\r\n", "\n").replace("\n", "\r\n")


def _indice_section(lignes: list[str], section: str | None = None) -> int:
    for i, ligne in enumerate(lignes):
        if ligne.startswith("[") and (section is None or ligne == section):
            return i
    return len(lignes)


def _page_de_code(enregistrements: list[Enregistrement]) -> str:
    (page,) = struct.unpack("<H", next(e.donnees for e in enregistrements if e.ident == 0x03))
    return f"cp{page}"


def _blocs_modules(enregistrements: list[Enregistrement]):
    """Les enregistrements de chaque module, du MODULENAME au terminateur 0x2B."""
    bloc: dict[int, bytes] = {}
    for e in enregistrements:
        if e.ident == TERMINATEUR:
            break
        bloc[e.ident] = e.donnees
        if e.ident == FIN_MODULE:
            yield bloc
            bloc = {}

