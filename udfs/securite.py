"""Garde-fous avant d'ouvrir un classeur : taille, bombe zip, entités XML, fichier tronqué.

openpyxl n'a aucune protection contre les bombes zip et n'utilise defusedxml que s'il est installé
(``openpyxl.xml.DEFUSEDXML``) : on l'exige à l'import et on contrôle l'archive avant tout chargement.
Un classeur OOXML ne contient jamais de DTD : une déclaration ``<!DOCTYPE`` ou ``<!ENTITY`` dans une
partie XML est refusée d'emblée (attaque « billion laughs », entités externes).
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import openpyxl.xml

from udfs.erreurs import Refus
from udfs.fichiers import raison

if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - dépendance déclarée dans pyproject.toml
    raise ImportError("defusedxml doit être installé : openpyxl lirait sinon le XML sans protection")

TAILLE_FICHIER_MAX = 50 * 2**20        # un dossier d'instruction pèse quelques centaines de Ko
TAILLE_DECOMPRESSEE_MAX = 300 * 2**20
RATIO_MAX = 200                        # une feuille XML se comprime 10 à 100 fois ; une bombe, 1 000 fois
SEUIL_RATIO = 2**20                    # le ratio n'est contrôlé que pour les parties de plus de 1 Mo
EXTENSIONS = {".xlsx", ".xlsm"}
PARTIES_MAX = 10_000                   # un classeur réel en compte quelques dizaines à quelques centaines
FENETRE_PROLOGUE = 65536               # l'élément racine d'une partie XML commence avant 64 Ko


class ClasseurRefuse(Refus):
    """Le fichier ne peut pas être lu comme un classeur (message en français pour l'utilisateur)."""


def _faute_systeme(chemin: Path, e: OSError) -> ClasseurRefuse:
    """Une faute du système de fichiers en lisant ``chemin``, dans les mots de toutes les commandes."""
    return ClasseurRefuse(f"{chemin} : {raison(e, ecriture=False)}")


def verifier_fichier(chemin: Path) -> None:
    """Lève ``ClasseurRefuse`` si ``chemin`` n'est pas un classeur .xlsx/.xlsm sain. Les fautes du
    système de fichiers (dossier, droits, support défaillant) et les formats voisins (classeur
    chiffré, ancien .xls) sont dits comme tels, dans les mêmes mots pour toutes les commandes."""
    chemin = Path(chemin)
    try:
        etat = chemin.stat()
    except OSError as e:                    # introuvable, droits, support : dits par fichiers.raison
        raise _faute_systeme(chemin, e) from None
    if stat.S_ISDIR(etat.st_mode):
        raise ClasseurRefuse(f"{chemin} : est un dossier, pas un classeur")
    if not stat.S_ISREG(etat.st_mode):
        raise ClasseurRefuse(f"{chemin} : n'est pas un fichier ordinaire (périphérique, tube…), pas un classeur")
    if chemin.suffix.lower() in AUTRES_FORMATS:
        raise ClasseurRefuse(f"{chemin.name} : {AUTRES_FORMATS[chemin.suffix.lower()]}")
    if chemin.suffix.lower() not in EXTENSIONS:
        raise ClasseurRefuse(f"{chemin.name} : extension {chemin.suffix or '(aucune)'} non prise en "
                             "charge (classeur .xlsx ou .xlsm attendu)")
    taille = etat.st_size
    if taille > TAILLE_FICHIER_MAX:
        raise ClasseurRefuse(f"{chemin.name} : fichier de {taille / 2**20:.0f} Mo, au-delà de la limite "
                             f"de {TAILLE_FICHIER_MAX // 2**20} Mo")
    try:
        with open(chemin, "rb") as flux:
            if flux.read(len(SIGNATURE_OLE)) == SIGNATURE_OLE:
                raise ClasseurRefuse(f"{chemin.name} : {_nature_ole(flux)}")
    except OSError as e:
        raise _faute_systeme(chemin, e) from None
    if not zipfile.is_zipfile(chemin):
        raise ClasseurRefuse(f"{chemin.name} : ce n'est pas un classeur Excel (archive illisible, "
                             "fichier tronqué ou d'un autre format)")
    try:
        with zipfile.ZipFile(chemin) as archive:
            parties = archive.infolist()
            if len(parties) > PARTIES_MAX:
                raise ClasseurRefuse(f"{chemin.name} : archive de {len(parties)} parties, au-delà de la limite "
                                     f"de {PARTIES_MAX} (classeur piégé ?)")
            noms = {p.filename for p in parties}
            if "xl/workbook.bin" in noms:
                raise ClasseurRefuse(f"{chemin.name} : {AUTRES_FORMATS['.xlsb']}")
            if "mimetype" in noms and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
                raise ClasseurRefuse(f"{chemin.name} : {AUTRES_FORMATS['.ods']}")
            if "[Content_Types].xml" not in noms or "xl/workbook.xml" not in noms:
                raise ClasseurRefuse(f"{chemin.name} : archive sans classeur Excel (xl/workbook.xml absent)")
            total = sum(p.file_size for p in parties)
            if total > TAILLE_DECOMPRESSEE_MAX:
                raise ClasseurRefuse(f"{chemin.name} : contenu décompressé de {total / 2**20:.0f} Mo, au-delà "
                                     f"de {TAILLE_DECOMPRESSEE_MAX // 2**20} Mo (bombe zip ?)")
            for p in parties:
                if p.file_size > SEUIL_RATIO and p.file_size > RATIO_MAX * max(p.compress_size, 1):
                    raise ClasseurRefuse(f"{chemin.name} : partie {p.filename} compressée "
                                         f"{p.file_size // max(p.compress_size, 1)} fois (bombe zip ?)")
            for p in parties:
                if p.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(p) as flux:
                        debut = flux.read(FENETRE_PROLOGUE)
                    probleme = _probleme_prologue(debut, complet=len(debut) < FENETRE_PROLOGUE)
                    if probleme:
                        raise ClasseurRefuse(f"{chemin.name} : partie {p.filename} {probleme}")
    except zipfile.BadZipFile as e:
        raise ClasseurRefuse(f"{chemin.name} : archive endommagée ({e})") from None
    except OSError as e:
        raise _faute_systeme(chemin, e) from None
    except (EOFError, zipfile.LargeZipFile) as e:
        raise ClasseurRefuse(f"{chemin.name} : archive endommagée ({type(e).__name__})") from None


SIGNATURE_OLE = bytes.fromhex("d0cf11e0a1b11ae1")
CHIFFRE = "classeur protégé par mot de passe : enregistrez-le sans mot de passe (Excel : Fichier > " \
          "Informations > Protéger le classeur > Chiffrer avec mot de passe, effacez le mot de passe)"
ANCIEN_XLS = "classeur Excel 97-2003 (.xls) : enregistrez-le au format .xlsx (Classeur Excel)"
AUTRES_FORMATS = {      # reconnus à l'extension, ou au contenu sous un nom en .xlsx
    ".xls": ANCIEN_XLS,
    ".xlsb": "classeur binaire Excel (.xlsb) : enregistrez-le au format .xlsx (Classeur Excel)",
    ".ods": "classeur OpenDocument (LibreOffice, .ods) : enregistrez-le au format .xlsx (Excel 2007-365)",
}
AUTRE_OLE = "fichier composé OLE (ancien format Office), pas un classeur .xlsx ou .xlsm"


def _nature_ole(flux) -> str:
    """Un classeur chiffré par Excel n'est pas une archive zip mais un fichier composé OLE (CFB,
    [MS-CFB]) qui contient les flux ``EncryptionInfo`` et ``EncryptedPackage`` ([MS-OFFCRYPTO]) ;
    un ancien .xls est un fichier composé avec un flux ``Workbook`` (ou ``Book``). On lit le
    répertoire du fichier composé : en-tête, secteurs de la FAT listés dans l'en-tête, chaîne
    des secteurs du répertoire (entrées de 128 octets, nom en UTF-16), lectures bornées."""
    noms = _flux_ole(flux)
    if {"EncryptionInfo", "EncryptedPackage"} <= noms:
        return CHIFFRE
    if noms & {"Workbook", "Book"}:
        return ANCIEN_XLS
    return AUTRE_OLE


def _flux_ole(flux) -> set[str]:
    flux.seek(0)
    entete = flux.read(512)
    if len(entete) < 512:
        return set()
    entier = lambda donnees, i: int.from_bytes(donnees[i:i + 4], "little")   # noqa: E731
    decalage = int.from_bytes(entete[30:32], "little")
    if decalage not in (9, 12):
        return set()
    taille = 1 << decalage
    nb_fat = min(entier(entete, 44), 109)

    def secteur(n: int) -> bytes:
        flux.seek((n + 1) * taille)
        return flux.read(taille)

    fat: list[int] = []
    for i in range(nb_fat):
        bloc = secteur(entier(entete, 76 + 4 * i))
        fat += [entier(bloc, j) for j in range(0, len(bloc) - 3, 4)]
    noms, vus, n = set(), set(), entier(entete, 48)
    while n < 0xFFFFFFFA and n not in vus and len(vus) < 4096:
        vus.add(n)
        bloc = secteur(n)
        for i in range(0, len(bloc) - 127, 128):
            longueur = int.from_bytes(bloc[i + 64:i + 66], "little")
            if 2 <= longueur <= 64:
                noms.add(bloc[i:i + longueur - 2].decode("utf-16-le", errors="replace"))
        n = fat[n] if n < len(fat) else 0xFFFFFFFE
    return noms


def classeur_illisible(chemin: Path, e: BaseException) -> ClasseurRefuse:
    """L'erreur d'openpyxl sur un classeur passé par les garde-fous mais endommagé à l'intérieur
    (XML invalide, partie manquante), traduite pour l'utilisateur."""
    cause = e.__cause__ or e
    if isinstance(cause, OSError) and cause.errno is not None:    # fichier disparu, droits, support
        return _faute_systeme(chemin, cause)
    detail = str(cause).splitlines()[0] if str(cause) else ""
    return ClasseurRefuse(f"{Path(chemin).name} : contenu illisible, classeur endommagé ou non conforme "
                          f"({type(cause).__name__}{' : ' + detail if detail else ''})")


_DTD = "avec une déclaration DTD/entité XML, refusée (expansion d'entités)"


def _probleme_prologue(debut: bytes, complet: bool) -> str | None:
    """Motif de refus du début d'une partie XML, ou None. Le prologue (déclaration XML, commentaires,
    instructions) est parcouru jusqu'à l'élément racine, en UTF-8 ou UTF-16 : une DTD cachée derrière
    64 Ko de commentaire ou d'espaces, ou écrite en UTF-16, est refusée comme les autres."""
    if b"<!DOCTYPE" in debut or b"<!ENTITY" in debut:
        return _DTD
    if debut.startswith((b"\xff\xfe", b"\xfe\xff")):
        codage = "utf-16"
    elif debut[:2] == b"<\x00":
        codage = "utf-16-le"
    elif debut[:2] == b"\x00<":
        codage = "utf-16-be"
    else:
        codage = "utf-8-sig"
    texte = debut.decode(codage, errors="replace")
    i, n = 0, len(texte)
    while i < n:
        if texte[i] in " \t\r\n\ufeff":
            i += 1
        elif texte.startswith("<?", i) and (fin := texte.find("?>", i + 2)) >= 0:
            i = fin + 2
        elif texte.startswith("<!--", i) and (fin := texte.find("-->", i + 4)) >= 0:
            i = fin + 3
        else:
            break
    if "<!DOCTYPE" in texte or "<!ENTITY" in texte:
        return _DTD
    if texte.startswith("<", i) and i + 1 < n and (texte[i + 1].isalpha() or texte[i + 1] in "_:"):
        return None                      # l'élément racine : plus de DTD possible au-delà
    if complet:
        return None                      # partie courte sans racine : le lecteur XML dira qu'elle est vide
    return (f"dont l'en-tête XML dépasse {FENETRE_PROLOGUE // 1024} Ko avant le premier élément, "
            "refusée (DTD dissimulée ?)")
