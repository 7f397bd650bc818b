"""Lecture d'un classeur .xlsx/.xlsm pour le recalcul : constantes, formules, noms définis.

On lit l'archive avec lxml (sans résolution d'entités ni réseau ; ``udfs.securite`` a déjà refusé
bombes zip et DTD) : c'est cinq à dix fois plus rapide qu'openpyxl, qui construit un objet par
cellule, et cela donne ce qu'openpyxl ne donne pas en lecture seule (plages des formules
matricielles, débordements de tableaux dynamiques).

Ce qui est lu :
- valeurs : nombres, textes (partagés, en ligne, riches), booléens, erreurs, dates ISO ; une date
  saisie reste un numéro de série, comme Excel la garde ;
- formules simples, partagées (``t="shared"`` : recopiées depuis la première, références
  relatives décalées), matricielles (``t="array"``, plage ``ref``) ; avec l'attribut ``cm``
  (métadonnées de cellule qu'écrit Excel 365), une formule matricielle est un tableau dynamique
  qui déborde ; les cellules couvertes ne sont pas des saisies ;
- noms définis globaux ; les noms locaux à une feuille sont listés (ils donnent #REF! sans Excel).

**Un seul endroit lit le texte d'une formule** : ``texte_formule`` (cellules, formules partagées et
matricielles, noms définis). Une normalisation du texte (formules enregistrées par Excel avec un
complément, ``[1]!NOM(``) s'y branche.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from udfs.calcul import analyse
from udfs.calcul.types import ERREURS, VALEUR, cle

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSEUR = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
_C, _F, _V, _IS, _T, _R, _ROW = (f"{{{NS}}}{n}" for n in ("c", "f", "v", "is", "t", "r", "row"))
_RPH = f"{{{NS}}}rPh"


def texte_formule(texte: str) -> str:
    """Le texte d'une formule tel que le moteur le calcule, avec « = » en tête.

    C'est ici, et seulement ici, que le texte écrit dans le fichier devient la formule calculée :
    toute normalisation du texte (par exemple des références à un complément ``[1]!NOM(``) se
    branche dans cette fonction."""
    return "=" + texte


@dataclass
class CellulesFormule:
    """Ce que le recalcul lit d'un classeur.

    ``formules`` : {(feuille, « A1 ») : texte « =… »} ; ``magasin`` : les constantes, par clé de
    cellule (dates en numéros de série) ; ``noms`` : noms globaux désignant une cellule ; ``matrices`` :
    {(feuille, « A1 ») : (l1, c1, l2, c2, dynamique)} des formules matricielles ; ``definitions`` :
    texte de chaque nom global."""

    feuilles: list[str]
    formules: dict[tuple[str, str], str]
    magasin: dict[int, Any] = field(default_factory=dict)          # {clé de cellule : constante}
    noms: dict[str, tuple[str, str]] = field(default_factory=dict)
    noms_locaux: list[str] = field(default_factory=list)
    definitions: dict[str, str] = field(default_factory=dict)
    matrices: dict[tuple[str, str], tuple[int, int, int, int, bool]] = field(default_factory=dict)
    positions: dict[tuple[str, str], tuple[int, int, int]] = field(default_factory=dict)

    @functools.cached_property
    def signature(self) -> str:
        """Empreinte du modèle (feuilles, formules, formules matricielles, noms) : deux dossiers du
        même modèle la partagent et se calculent par le même modèle compilé."""
        h = hashlib.sha256()
        for feuille in self.feuilles:
            h.update(feuille.encode() + b"\0")
        for (feuille, cellule), f in sorted(self.formules.items()):
            h.update(f"{feuille}!{cellule}={f}{self.matrices.get((feuille, cellule), '')}\0".encode())
        for nom, texte in sorted(self.definitions.items()):
            h.update(f"{nom}:={texte}\0".encode())
        h.update(repr(sorted(self.noms_locaux)).encode())
        return h.hexdigest()


def _xml(archive: zipfile.ZipFile, nom: str):
    return etree.fromstring(archive.read(nom), _PARSEUR)


def _cible(base: str, cible: str) -> str:
    return cible.lstrip("/") if cible.startswith("/") else posixpath.normpath(posixpath.join(base, cible))


def _relations(archive: zipfile.ZipFile, partie: str) -> dict[str, tuple[str, str]]:
    dossier, nom = posixpath.split(partie)
    chemin = posixpath.join(dossier, "_rels", nom + ".rels")
    if chemin not in archive.namelist():
        return {}
    racine = _xml(archive, chemin)
    return {r.get("Id"): (r.get("Type", ""), _cible(dossier, r.get("Target", "")))
            for r in racine.iter(f"{{{NS_PKG}}}Relationship") if r.get("TargetMode") != "External"}


def _elements(archive: zipfile.ZipFile, partie: str, tag: str):
    """Les éléments ``tag`` d'une partie, lus au fil de l'eau : la mémoire reste celle d'un
    élément, même pour une feuille de plusieurs dizaines de Mo."""
    with archive.open(partie) as flux:
        for _, element in etree.iterparse(flux, events=("end",), tag=tag, resolve_entities=False,
                                          no_network=True, huge_tree=False, remove_blank_text=False):
            yield element
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]


def _chaines(archive: zipfile.ZipFile, chemin: str | None) -> list[str]:
    if not chemin or chemin not in archive.namelist():
        return []
    return [_texte_riche(si) for si in _elements(archive, chemin, f"{{{NS}}}si")]


_ECHAPPEMENT = re.compile(r"_x([0-9A-Fa-f]{4})_")


def texte_du_fichier(texte: str) -> str:
    """Les caractères qu'XML ne peut pas porter (codes 0 à 31) sont écrits « _x0001_ » (OOXML,
    ST_Xstring) ; « _x005F_ » protège un « _ » littéral."""
    return _ECHAPPEMENT.sub(lambda m: chr(int(m[1], 16)), texte) if "_x" in texte else texte


def _texte_riche(element) -> str:
    """Texte d'un <si> ou d'un <is> : le <t> direct ou les <t> des passages <r> (sans phonétique)."""
    t = element.find(_T)
    if t is not None:
        return texte_du_fichier(t.text or "")
    return texte_du_fichier("".join(t.text or "" for r in element.iter(_R) for t in r.findall(_T)))


def _nombre(texte: str) -> int | float:
    """Comme openpyxl : entier sans point ni exposant, sinon flottant."""
    if "." in texte or "E" in texte or "e" in texte:
        return float(texte)
    try:
        return int(texte)
    except ValueError:
        return float(texte)          # « NaN », « INF » : écrits par d'autres outils


def _date_iso(texte: str) -> float:
    from udfs.valeurs import vers_serie
    moment = dt.datetime.fromisoformat(texte.replace("Z", ""))
    serie = vers_serie(moment.date())
    secondes = moment.hour * 3600 + moment.minute * 60 + moment.second
    return serie + secondes / 86400 if secondes else serie


def lire(chemin: Path) -> CellulesFormule:
    """Lit ``chemin`` ; les exceptions (XML endommagé, partie manquante) sont laissées à l'appelant,
    qui les traduit (``udfs.securite.classeur_illisible``)."""
    from udfs.liens_externes import lisible    # formules enregistrées par Excel avec le complément
    with zipfile.ZipFile(lisible(chemin)) as archive:
        classeur = _xml(archive, "xl/workbook.xml")
        if classeur.tag != f"{{{NS}}}workbook":
            from udfs.securite import ClasseurRefuse
            raise ClasseurRefuse(f"{Path(chemin).name} : classeur au format « Strict Open XML », non pris en "
                                 "charge (l'enregistrer dans Excel au format « Classeur Excel (*.xlsx) »)")
        relations = _relations(archive, "xl/workbook.xml")
        chaines_ = next((c for t, c in relations.values() if t.endswith("/sharedStrings")), None)
        chaines = _chaines(archive, chaines_)
        feuilles, parties = [], []
        for s in classeur.iter(f"{{{NS}}}sheet"):
            feuilles.append(s.get("name"))
            genre, cible = relations.get(s.get(f"{{{NS_REL}}}id"), ("", ""))
            parties.append(cible if genre.endswith("/worksheet") and cible in archive.namelist() else None)
        resultat = CellulesFormule(feuilles, {})
        for index, partie in enumerate(parties):
            if partie is not None:
                _lire_feuille(_elements(archive, partie, _ROW), index, feuilles[index], chaines, resultat)
        _lire_noms(classeur, feuilles, resultat)
    return resultat


def _lire_noms(classeur, feuilles: list[str], resultat: CellulesFormule) -> None:
    for d in classeur.iter(f"{{{NS}}}definedName"):
        nom = d.get("name") or ""
        if nom.lower().startswith("_xlnm."):
            continue
        local = d.get("localSheetId")
        if local is not None:
            try:
                resultat.noms_locaux.append(f"{feuilles[int(local)]}!{nom}")
            except (ValueError, IndexError):
                pass
            continue
        texte = texte_formule(d.text or "")[1:]
        resultat.definitions[nom.upper()] = texte
        try:
            arbre = analyse.analyser(texte)
        except analyse.FormuleIllisible:
            continue
        if arbre[0] == "ref" and arbre[1] is not None and arbre[2] == arbre[4] and arbre[3] == arbre[5]:
            feuille = next((f for f in feuilles if f.upper() == arbre[1].upper()), arbre[1])
            resultat.noms[nom.upper()] = (feuille, f"{analyse.lettres(arbre[3])}{arbre[2]}")


def _lire_feuille(rangs, index: int, feuille: str, chaines: list[str], resultat: CellulesFormule) -> None:
    magasin, formules, matrices, positions = resultat.magasin, resultat.formules, resultat.matrices, resultat.positions
    partagees: dict[str, tuple[str, str]] = {}          # si → (texte « =… », cellule d'origine)
    zones: list[tuple[int, int, int, int]] = []          # plages couvertes par une formule matricielle
    numero_ligne = 0
    for rang in rangs:
        r = rang.get("r")
        numero_ligne = int(r) if r else numero_ligne + 1
        numero_colonne = 0
        for c in rang:
            if c.tag != _C:
                continue
            ref = c.get("r")
            if ref:
                ligne, numero_colonne = analyse.cellule(ref)
            else:
                ligne, numero_colonne = numero_ligne, numero_colonne + 1
                ref = f"{analyse.lettres(numero_colonne)}{ligne}"
            f = v = None
            for enfant in c:
                tag = enfant.tag
                if tag == _F:
                    f = enfant
                elif tag == _V:
                    v = enfant
                elif tag == _IS:
                    v = enfant
            t = c.get("t")
            if f is not None and f.get("t") != "dataTable":
                texte = _formule(f, ref, partagees)
                if texte is not None:
                    formules[(feuille, ref)] = texte
                    positions[(feuille, ref)] = (index, ligne, numero_colonne)
                    if f.get("t") == "array":
                        l1, c1, l2, c2 = analyse.plage(f.get("ref") or ref)
                        matrices[(feuille, ref)] = (l1, c1, l2, c2, c.get("cm") is not None)
                        zones.append((l1, c1, l2, c2))
                    continue
            if v is None:
                continue
            if zones and any(l1 <= ligne <= l2 and c1 <= numero_colonne <= c2 for l1, c1, l2, c2 in zones):
                continue                                 # valeur en cache d'une formule matricielle
            magasin[cle(index, ligne, numero_colonne)] = _valeur(v, t, chaines)


def _formule(f, ref: str, partagees: dict[str, tuple[str, str]]) -> str | None:
    """Texte « =… » d'un élément <f> ; une formule partagée sans texte est recopiée depuis la
    première de son groupe, références relatives décalées (comme Excel et openpyxl)."""
    texte = f.text
    if f.get("t") == "shared":
        si = f.get("si")
        if texte:
            formule = texte_formule(texte)
            partagees[si] = (formule, ref)
            return formule
        if si not in partagees:
            return None
        origine_texte, origine = partagees[si]
        from openpyxl.formula.translate import Translator
        return Translator(origine_texte, origin=origine).translate_formula(ref)
    if not texte:
        return None
    return texte_formule(texte)


def _valeur(v, t: str | None, chaines: list[str]) -> Any:
    if v.tag == _IS:
        return _texte_riche(v)
    texte = v.text or ""
    if t == "s":
        return chaines[int(texte)]
    if t in ("str", "inlineStr"):
        return texte_du_fichier(texte)
    if t == "b":
        return texte.strip() in ("1", "true")
    if t == "e":
        return ERREURS.get(texte.strip(), VALEUR)
    if t == "d":
        return _date_iso(texte)
    if not texte:
        return None
    return _nombre(texte)
