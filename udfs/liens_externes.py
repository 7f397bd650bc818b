"""Les appels de nos fonctions tels qu'Excel les enregistre, ramenés à ``NOM(…)`` pour la lecture.

Quand Excel enregistre un classeur dont les formules appellent les fonctions du complément
``rs_instruction.xlam``, il n'écrit pas ``SU_FOYER(…)`` mais ``[1]!SU_FOYER(…)`` : ``[1]`` désigne
la première référence externe du classeur (``<externalReferences>`` de workbook.xml → partie
``xl/externalLinks/externalLink1.xml`` → sa relation ``externalLinkPath``, le chemin du complément
sur le poste qui a enregistré). On rencontre aussi la forme écrite en toutes lettres
``'C:\\…\\rs_instruction.xlam'!SU_FOYER(…)`` et le préfixe ``_xludf.SU_FOYER(…)`` (fonction définie
par l'utilisateur). Le moteur sans Excel et la validation ne connaissent que ``SU_FOYER(…)``.

``lisible(chemin)`` rend le chemin à lire : le classeur lui-même s'il n'a rien de tel (le cas
courant, sans copie), sinon une copie temporaire où seules ces formules sont réécrites. Le fichier
de l'utilisateur n'est jamais modifié, et la copie calculée (``udfs.copie``) part toujours de
l'original : formules ``[1]!…`` et partie externalLink y restent telles qu'Excel les a écrites.
Seuls les liens vers un fichier nommé ``rs_instruction.xlam`` (quel que soit son dossier) et les
noms du registre sont concernés ; tout autre lien externe est laissé tel quel.
"""

from __future__ import annotations

import atexit
import hashlib
import posixpath
import re
import shutil
import tempfile
import zipfile
from collections import OrderedDict
from pathlib import Path
from urllib.parse import unquote

COMPLEMENT = "rs_instruction.xlam"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPE_LIEN = NS_R + "/externalLink"
TYPE_CHEMIN = NS_R + "/externalLinkPath"

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_NUMERO_DE_LIEN = re.compile(r"\[(\d+)\]!")


def _noms_du_registre() -> dict[str, str]:
    from udfs.fonctions import REGISTRE

    return {nom.upper(): nom for nom in REGISTRE}


def _est_complement(chemin: str) -> bool:
    """Le lien vise-t-il un fichier nommé rs_instruction.xlam (n'importe quel dossier, URL ou non) ?"""
    nom = re.split(r"[\\/]", unquote(chemin).rstrip("\\/"))[-1]
    return nom.lower() == COMPLEMENT


def normaliser_formule(texte: str, liens_complement: set[str], noms: dict[str, str] | None = None) -> str:
    """``texte`` avec ``[n]!NOM(`` (n dans ``liens_complement``), ``'…\\rs_instruction.xlam'!NOM(``,
    ``rs_instruction.xlam!NOM(`` et ``_xludf.NOM(`` réécrits en ``NOM(`` quand NOM est une fonction du
    registre. Les chaînes entre guillemets ne sont pas touchées."""
    noms = _noms_du_registre() if noms is None else noms
    sortie, i, n = [], 0, len(texte)

    def appel(debut: int) -> tuple[str, int] | None:
        """``NOM(`` à la position ``debut`` : (nom du registre, position après la parenthèse)."""
        m = _IDENT.match(texte, debut)
        if m and m.end() < n and texte[m.end()] == "(" and m.group().upper() in noms:
            return noms[m.group().upper()], m.end() + 1
        return None

    while i < n:
        c = texte[i]
        precedent = texte[i - 1] if i else ""
        isole = not precedent or not (precedent.isalnum() or precedent in "_.]'")
        if c == '"':                                        # chaîne : copiée telle quelle
            j = i + 1
            while j < n and not (texte[j] == '"' and texte[j + 1:j + 2] != '"'):
                j += 2 if texte[j] == '"' else 1
            sortie.append(texte[i:j + 1])
            i = j + 1
            continue
        if c == "'":                                        # nom entre apostrophes : chemin du complément ?
            j = i + 1
            while j < n and not (texte[j] == "'" and texte[j + 1:j + 2] != "'"):
                j += 2 if texte[j] == "'" else 1
            cite = texte[i + 1:j].replace("''", "'")
            if isole and texte[j + 1:j + 2] == "!" and _est_complement(cite) and (a := appel(j + 2)):
                sortie.append(a[0] + "(")
                i = a[1]
                continue
            sortie.append(texte[i:j + 1])
            i = j + 1
            continue
        if isole:
            m = _NUMERO_DE_LIEN.match(texte, i)
            if m and m.group(1) in liens_complement and (a := appel(m.end())):
                sortie.append(a[0] + "(")
                i = a[1]
                continue
            for prefixe in ("_xludf.", COMPLEMENT + "!"):
                if texte[i:i + len(prefixe)].lower() == prefixe and (a := appel(i + len(prefixe))):
                    sortie.append(a[0] + "(")
                    i = a[1]
                    break
            else:
                sortie.append(c)
                i += 1
            continue
        sortie.append(c)
        i += 1
    return "".join(sortie)


# --- Lecture de l'archive --------------------------------------------------------------------


def _xml(octets: bytes):
    from lxml import etree

    return etree.fromstring(octets, etree.XMLParser(resolve_entities=False, no_network=True,
                                                    load_dtd=False, huge_tree=False))


def _relations(archive: zipfile.ZipFile, partie: str) -> dict[str, tuple[str, str, str]]:
    """{Id : (type, cible, mode)} des relations de ``partie``."""
    dossier, nom = posixpath.split(partie)
    chemin = posixpath.join(dossier, "_rels", nom + ".rels")
    if chemin not in archive.namelist():
        return {}
    return {r.get("Id"): (r.get("Type"), r.get("Target", ""), r.get("TargetMode", ""))
            for r in _xml(archive.read(chemin)).iter(f"{{{NS_REL}}}Relationship")}


def _cible(partie: str, cible: str) -> str:
    if cible.startswith("/"):
        return cible.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(partie), cible))


def liens_vers_le_complement(archive: zipfile.ZipFile) -> set[str]:
    """Les numéros n (« 1 », « 2 »…) des références externes du classeur qui visent rs_instruction.xlam."""
    if not any(nom.startswith("xl/externalLinks/") for nom in archive.namelist()):
        return set()
    classeur = _xml(archive.read("xl/workbook.xml"))
    relations = _relations(archive, "xl/workbook.xml")
    liens = set()
    references = classeur.findall(f"{{{NS}}}externalReferences/{{{NS}}}externalReference")
    for numero, reference in enumerate(references, start=1):
        type_, cible, _ = relations.get(reference.get(f"{{{NS_R}}}id"), ("", "", ""))
        if type_ != TYPE_LIEN:
            continue
        partie = _cible("xl/workbook.xml", cible)
        if partie not in archive.namelist():
            continue
        livre = _xml(archive.read(partie)).find(f"{{{NS}}}externalBook")
        if livre is None:
            continue
        type_, chemin, _ = _relations(archive, partie).get(livre.get(f"{{{NS_R}}}id"), ("", "", ""))
        if type_ == TYPE_CHEMIN and _est_complement(chemin):
            liens.add(str(numero))
    return liens


_INDICES = (b"_xludf.", COMPLEMENT.encode() + b"!", COMPLEMENT.encode() + b"'!")


def _parties_a_reecrire(archive: zipfile.ZipFile, liens: set[str]) -> dict[str, bytes]:
    """Les parties (feuilles, workbook.xml pour les noms définis) dont une formule est concernée."""
    parties = {}
    for nom in archive.namelist():
        if not (nom == "xl/workbook.xml" or (nom.startswith("xl/worksheets/") and nom.endswith(".xml")
                                              and "/_rels/" not in nom)):
            continue
        octets = archive.read(nom)
        minuscules = octets.lower()
        if any(i in minuscules for i in _INDICES) or (liens and b"]!" in octets):
            parties[nom] = octets
    return parties


def _reecrire(octets: bytes, liens: set[str], noms: dict[str, str]) -> bytes:
    from lxml import etree

    racine = _xml(octets)
    change = False
    for element in (*racine.iter(f"{{{NS}}}f"), *racine.iter(f"{{{NS}}}definedName")):
        if element.text:
            nouveau = normaliser_formule(element.text, liens, noms)
            if nouveau != element.text:
                element.text, change = nouveau, True
    if not change:
        return octets
    return etree.tostring(racine, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- Copies lisibles -----------------------------------------------------------------------------

_DOSSIER: Path | None = None
# {(chemin, date, taille) : copie réécrite, ou None : rien à réécrire, le fichier se lit tel quel}
_COPIES: "OrderedDict[tuple, Path | None]" = OrderedDict()
_COPIES_MAX = 8      # le moteur puis la validation relisent le même fichier ; un lot passe au suivant


def _dossier() -> Path:
    global _DOSSIER
    if _DOSSIER is None:
        _DOSSIER = Path(tempfile.mkdtemp(prefix="rs-instruction-liens-"))
        atexit.register(shutil.rmtree, _DOSSIER, ignore_errors=True)
    return _DOSSIER


def lisible(chemin: Path | str) -> Path:
    """Le fichier à lire à la place de ``chemin`` : lui-même, ou une copie où les appels enregistrés
    par Excel (``[1]!NOM(``…) sont ramenés à ``NOM(``. Un fichier illisible est rendu tel quel :
    le lecteur qui suit produit l'erreur habituelle."""
    chemin = Path(chemin)
    try:
        etat = chemin.stat()
        cle = (str(chemin.resolve()), etat.st_mtime_ns, etat.st_size)
        if cle in _COPIES:
            _COPIES.move_to_end(cle)
            return _COPIES[cle] or chemin
        copie = None               # rien à réécrire : retenu aussi, le fichier ne sera pas relu pour rien
        with zipfile.ZipFile(chemin) as archive:
            liens = liens_vers_le_complement(archive)
            parties = _parties_a_reecrire(archive, liens)
            noms = _noms_du_registre() if parties else {}
            reecrites = {nom: _reecrire(octets, liens, noms) for nom, octets in parties.items()}
            reecrites = {nom: o for nom, o in reecrites.items() if o is not parties[nom]}
            if reecrites:
                copie = _dossier() / hashlib.sha256(repr(cle).encode()).hexdigest()[:16] / chemin.name
                copie.parent.mkdir(exist_ok=True)
                with zipfile.ZipFile(copie, "w", zipfile.ZIP_DEFLATED) as sortie:
                    for info in archive.infolist():
                        sortie.writestr(info, reecrites.get(info.filename) or archive.read(info.filename))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        return chemin          # archive ou XML endommagé : le lecteur habituel le signalera
    _COPIES[cle] = copie
    while len(_COPIES) > _COPIES_MAX:
        _, ancienne = _COPIES.popitem(last=False)
        if ancienne is not None:             # jamais le fichier de l'utilisateur : seulement nos copies
            ancienne.unlink(missing_ok=True)
    return copie or chemin
