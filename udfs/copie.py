"""La copie calculée : le classeur d'origine, octet pour octet, avec la valeur de chaque formule.

On n'enregistre pas le classeur par openpyxl (il perd ce qu'il ne modélise pas : formes, contrôles,
parfois le VBA) ni par ``formulas.write()`` (valeurs seules, noms de feuilles en majuscules). On
recopie l'archive partie par partie et on n'écrit, dans les feuilles, que l'élément ``<v>`` (valeur
en cache) et l'attribut ``t`` (type) des cellules à formule. Tout le reste — styles, noms définis,
validations, protection, VBA d'un .xlsm — est recopié tel quel.

L'écriture est atomique (``udfs.fichiers`` : fichier temporaire dans le dossier de destination,
puis ``os.replace``, droits selon l'umask). Un arrêt brutal ne laisse donc jamais de fichier à
moitié écrit sous le nom de sortie, et l'entrée n'est jamais ouverte en écriture.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from udfs.calcul.types import CODES
from udfs.erreurs import Refus
from udfs.fichiers import EcritureImpossible, ecrire_atomiquement, est_un_dossier  # noqa: F401 (lot, génération)

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSEUR = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
CALC_ID_RECENT = "191029"  # Excel 2019/365 : n'impose pas de recalcul complet à l'ouverture
# écrites en erreurs (t="e"), non en textes : celles du moteur, et la référence circulaire que
# signale le moteur LibreOffice (udfs.libreoffice.lecture.CIRCULAIRE)
ERREURS_EXCEL = {*CODES, "#CIRC!"}


class SortieInterdite(Refus):
    """La sortie demandée écraserait l'entrée (ou un fichier protégé)."""


def chemin_sortie_par_defaut(entree: Path) -> Path:
    return entree.with_name(f"{entree.stem}_calcule{entree.suffix}")


def _parties_feuilles(archive: zipfile.ZipFile) -> dict[str, str]:
    """{nom de feuille : chemin de sa partie XML}, lus dans xl/workbook.xml et ses relations."""
    classeur = etree.fromstring(archive.read("xl/workbook.xml"), _PARSEUR)
    relations = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), _PARSEUR)
    cibles = {r.get("Id"): r.get("Target") for r in relations.iter(f"{{{NS_PKG}}}Relationship")}
    parties = {}
    for feuille in classeur.iter(f"{{{NS}}}sheet"):
        cible = cibles.get(feuille.get(f"{{{NS_REL}}}id"))
        if cible:
            chemin = cible.lstrip("/") if cible.startswith("/") else posixpath.normpath(posixpath.join("xl", cible))
            parties[feuille.get("name")] = chemin
    return parties


def _ecrire_valeur(cellule: etree._Element, valeur: Any) -> None:
    for ancien in cellule.findall(f"{{{NS}}}v") + cellule.findall(f"{{{NS}}}is"):
        cellule.remove(ancien)
    v = etree.Element(f"{{{NS}}}v")
    f = cellule.find(f"{{{NS}}}f")
    cellule.insert(0 if f is None else cellule.index(f) + 1, v)   # <f>, puis <v> (ordre du schéma)
    if isinstance(valeur, bool):
        cellule.set("t", "b")
        v.text = "1" if valeur else "0"
    elif isinstance(valeur, (int, float)):
        cellule.attrib.pop("t", None)
        v.text = repr(float(valeur)) if isinstance(valeur, float) and not valeur.is_integer() else str(int(valeur))
    elif isinstance(valeur, str) and valeur in ERREURS_EXCEL:
        cellule.set("t", "e")
        v.text = valeur
    else:
        cellule.set("t", "str")
        v.text = _texte_xml("" if valeur is None else str(valeur))


_INTERDITS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")


def _texte_xml(texte: str) -> str:
    """Un texte de cellule qu'XML peut porter : CAR(1) s'écrit « _x0001_ », comme Excel l'écrit."""
    return _INTERDITS.sub(lambda m: f"_x{ord(m[0]):04X}_", texte)


def _vider(cellule: etree._Element) -> None:
    """Case qu'un tableau dynamique ne couvre plus : plus de valeur (le style reste)."""
    for ancien in cellule.findall(f"{{{NS}}}v") + cellule.findall(f"{{{NS}}}is"):
        cellule.remove(ancien)
    cellule.attrib.pop("t", None)


def _cases(plage: str) -> list[str]:
    from udfs.calcul import analyse
    l1, c1, l2, c2 = analyse.plage(plage)
    return [f"{analyse.lettres(c)}{l}" for l in range(l1, l2 + 1) for c in range(c1, c2 + 1)]


def _numero(ref: str) -> tuple[int, int]:
    from udfs.calcul import analyse
    return analyse.cellule(ref)


def _cellule(donnees: etree._Element, lignes: dict[int, etree._Element], cellules: dict[str, etree._Element],
             ref: str) -> etree._Element:
    """La cellule ``ref`` de la feuille, créée à sa place (lignes et colonnes en ordre) si absente."""
    if ref in cellules:
        return cellules[ref]
    ligne, colonne = _numero(ref)
    rang = lignes.get(ligne)
    if rang is None:
        rang = etree.Element(f"{{{NS}}}row", r=str(ligne))
        suivantes = [n for n in lignes if n > ligne]
        if suivantes:
            lignes[min(suivantes)].addprevious(rang)
        else:
            donnees.append(rang)
        lignes[ligne] = rang
    cellule = etree.Element(f"{{{NS}}}c", r=ref)
    apres = [c for c in rang.findall(f"{{{NS}}}c") if c.get("r") and _numero(c.get("r"))[1] > colonne]
    if apres:
        apres[0].addprevious(cellule)
    else:
        rang.append(cellule)
    cellules[ref] = cellule
    return cellule


def _matrices(racine: etree._Element, valeurs: dict[str, Any], plages: dict[str, str]) -> None:
    """Chaque case d'une formule matricielle reçoit sa valeur ; un tableau dynamique qui a changé
    de taille prend sa nouvelle plage (``ref``) et les cases qu'il ne couvre plus sont vidées."""
    donnees = racine.find(f"{{{NS}}}sheetData")
    matricielles = [f for f in racine.iter(f"{{{NS}}}f") if f.get("t") == "array"]
    if donnees is None or not matricielles:
        return
    lignes = {int(r.get("r")): r for r in donnees.findall(f"{{{NS}}}row") if r.get("r")}
    cellules = {c.get("r"): c for c in donnees.iter(f"{{{NS}}}c") if c.get("r")}
    for f in matricielles:
        ancre = f.getparent().get("r")
        ancienne = f.get("ref") or ancre
        plage = plages.get(ancre, ancienne)
        if plage != ancienne:
            f.set("ref", plage)
        nouvelles = _cases(plage)
        for ref in nouvelles:
            if ref != ancre and ref in valeurs:
                _ecrire_valeur(_cellule(donnees, lignes, cellules, ref), valeurs[ref])
        for ref in set(_cases(ancienne)) - set(nouvelles):
            if ref in cellules:
                _vider(cellules[ref])


def _feuille_calculee(xml: bytes, valeurs: dict[str, Any], plages: dict[str, str] | None = None) -> bytes:
    racine = etree.fromstring(xml, _PARSEUR)
    if b'"array"' in xml:
        _matrices(racine, valeurs, plages or {})
    for cellule in racine.iter(f"{{{NS}}}c"):
        ref = cellule.get("r")
        if ref in valeurs and cellule.find(f"{{{NS}}}f") is not None:
            _ecrire_valeur(cellule, valeurs[ref])
    return etree.tostring(racine, xml_declaration=True, encoding="UTF-8", standalone=True)


def _classeur_sans_recalcul_force(xml: bytes) -> bytes:
    """Retire ``fullCalcOnLoad`` : sinon Excel recalculerait à l'ouverture et, sans le complément,
    remplacerait nos valeurs par #NOM?."""
    racine = etree.fromstring(xml, _PARSEUR)
    for calc in racine.iter(f"{{{NS}}}calcPr"):
        calc.attrib.pop("fullCalcOnLoad", None)
        calc.set("calcId", CALC_ID_RECENT)
    return etree.tostring(racine, xml_declaration=True, encoding="UTF-8", standalone=True)


def verifier_sortie(entree: Path, sortie: Path) -> None:
    """Refuse une sortie qui écraserait l'entrée, qui changerait d'extension, ou qui est un dossier."""
    if sortie.is_dir():
        raise EcritureImpossible(sortie, est_un_dossier(sortie))
    if sortie.exists() and entree.exists() and os.path.samefile(entree, sortie):
        raise SortieInterdite(f"{sortie} : est le fichier d'entrée, qui ne sera jamais écrasé "
                              "(choisissez un autre nom avec --sortie)")
    if sortie.resolve() == entree.resolve():
        raise SortieInterdite(f"{sortie} : est le fichier d'entrée, qui ne sera jamais écrasé")
    if sortie.suffix.lower() != entree.suffix.lower():
        raise SortieInterdite(f"{sortie} : la copie doit garder l'extension {entree.suffix} de l'entrée "
                              f"(reçu {sortie.suffix or 'aucune'})")


def ecrire_copie_calculee(entree: Path, valeurs: dict[str, Any], sortie: Path,
                          matrices: dict[str, str] | None = None) -> Path:
    """Écrit ``sortie`` : ``entree`` avec les valeurs ``{« Feuille!A1 » : valeur}`` en cache ;
    ``matrices`` : {ancre : « A1:B3 »}, la plage calculée de chaque formule matricielle (un tableau
    dynamique peut avoir changé de taille)."""
    entree, sortie = Path(entree), Path(sortie)
    verifier_sortie(entree, sortie)
    ecrire_atomiquement(sortie, lambda flux: _copie_calculee(entree, valeurs, flux, matrices))
    return sortie


def octets_copie_calculee(entree: Path, valeurs: dict[str, Any], matrices: dict[str, str] | None = None) -> bytes:
    """La copie calculée de ``entree``, en mémoire (génération des classeurs livrés)."""
    flux = io.BytesIO()
    _copie_calculee(Path(entree), valeurs, flux, matrices)
    return flux.getvalue()


def _copie_calculee(entree: Path, valeurs: dict[str, Any], flux, matrices: dict[str, str] | None) -> None:
    par_feuille: dict[str, dict[str, Any]] = {}
    for cle, v in valeurs.items():
        feuille, cellule = cle.rsplit("!", 1)
        par_feuille.setdefault(feuille, {})[cellule] = v
    plages_par_feuille: dict[str, dict[str, str]] = {}
    for cle, plage in (matrices or {}).items():
        feuille, cellule = cle.rsplit("!", 1)
        plages_par_feuille.setdefault(feuille, {})[cellule] = plage
    with zipfile.ZipFile(entree) as source, zipfile.ZipFile(flux, "w", zipfile.ZIP_DEFLATED) as cible:
        parties = {chemin: nom for nom, chemin in _parties_feuilles(source).items()}
        for info in source.infolist():
            donnees = source.read(info.filename)
            if info.filename in parties and parties[info.filename] in par_feuille:
                feuille = parties[info.filename]
                donnees = _feuille_calculee(donnees, par_feuille[feuille], plages_par_feuille.get(feuille))
            elif info.filename == "xl/workbook.xml":
                donnees = _classeur_sans_recalcul_force(donnees)
            cible.writestr(info, donnees, compress_type=zipfile.ZIP_DEFLATED)
