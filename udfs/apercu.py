"""Aperçu d'un classeur pour le contrôle de structure du lot, lu avec lxml plutôt qu'openpyxl.

Dans le lot, le contrôle de structure (``udfs.classeurs.validation``) ouvrait chaque dossier avec
openpyxl, qui construit un objet par cellule : 67 ms sur les 106 ms que coûtait un dossier
(profil de l'issue 12), plus que la lecture et le calcul réunis. Cet aperçu donne au contrôle ce
qu'il lit d'un classeur openpyxl — noms définis, feuilles, valeur et type de chaque cellule,
verrouillage (styles), protection des feuilles, listes déroulantes — en ≈ 5 ms.

Un test compare, sur les classeurs livrés et altérés, les problèmes trouvés par les deux lectures ;
le lot revient à openpyxl si l'aperçu ne suffit pas au contrôle (exception).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from udfs.calcul import analyse
from udfs.calcul.lecture import NS, NS_REL, _chaines, _formule, _relations, _valeur, _xml

_C, _F, _V, _IS, _ROW = (f"{{{NS}}}{n}" for n in ("c", "f", "v", "is", "row"))


@dataclass
class Nom:
    name: str
    attr_text: str


@dataclass
class Protection:
    locked: bool = True
    sheet: bool = False


@dataclass
class Cellule:
    value: Any = None
    data_type: str = "n"
    protection: Protection = field(default_factory=Protection)


_VIDE = Cellule()


class _Plage:
    def __init__(self, texte: str):
        self.l1, self.c1, self.l2, self.c2 = analyse.plage(texte)

    @property
    def cells(self):
        for l in range(self.l1, self.l2 + 1):
            for c in range(self.c1, self.c2 + 1):
                yield (l, c)


@dataclass
class _Sqref:
    ranges: list


@dataclass
class Validation:
    type: str | None
    sqref: _Sqref
    formula1: str | None


@dataclass
class _Validations:
    dataValidation: list


class Feuille:
    def __init__(self, titre: str):
        self.title = titre
        self.cellules: dict[str, Cellule] = {}
        self.defined_names: dict[str, Nom] = {}
        self.protection = Protection(sheet=False)
        self.data_validations = _Validations([])

    def __getitem__(self, ref: str) -> Cellule:
        return self.cellules.get(ref.replace("$", "").upper(), _VIDE)


class Classeur:
    def __init__(self):
        self.defined_names: dict[str, Nom] = {}
        self.worksheets: list[Feuille] = []
        self.sheetnames: list[str] = []

    def __getitem__(self, nom: str) -> Feuille:
        for ws in self.worksheets:
            if ws.title == nom:
                return ws
        raise KeyError(nom)


def _verrous(archive: zipfile.ZipFile, chemin: str | None) -> list[bool]:
    """Verrouillage de chaque style de cellule (cellXfs) ; verrouillée si rien n'est dit."""
    if not chemin or chemin not in archive.namelist():
        return []
    verrous = []
    xfs = _xml(archive, chemin).find(f"{{{NS}}}cellXfs")
    for xf in (xfs if xfs is not None else []):
        p = xf.find(f"{{{NS}}}protection")
        verrous.append(not (p is not None and p.get("locked") in ("0", "false")))
    return verrous


def ouvrir(chemin: Path) -> Classeur:
    """L'aperçu de ``chemin`` (déjà passé par ``udfs.securite.verifier_fichier``)."""
    from udfs.liens_externes import lisible    # formules enregistrées par Excel avec le complément
    classeur = Classeur()
    with zipfile.ZipFile(lisible(chemin)) as archive:
        racine = _xml(archive, "xl/workbook.xml")
        relations = _relations(archive, "xl/workbook.xml")
        chaines = _chaines(archive, next((c for t, c in relations.values() if t.endswith("/sharedStrings")), None))
        verrous = _verrous(archive, next((c for t, c in relations.values() if t.endswith("/styles")), None))
        feuilles = []
        for s in racine.iter(f"{{{NS}}}sheet"):
            genre, partie = relations.get(s.get(f"{{{NS_REL}}}id"), ("", ""))
            classeur.sheetnames.append(s.get("name"))
            if genre.endswith("/worksheet") and partie in archive.namelist():
                ws = Feuille(s.get("name"))
                _lire_feuille(_xml(archive, partie), ws, chaines, verrous)
                classeur.worksheets.append(ws)
            feuilles.append(s.get("name"))
        for d in racine.iter(f"{{{NS}}}definedName"):
            nom = Nom(d.get("name") or "", d.text or "")
            local = d.get("localSheetId")
            if nom.name.lower().startswith("_xlnm."):
                continue
            if local is None:
                classeur.defined_names[nom.name] = nom
            else:
                titre = feuilles[int(local)] if local.isdigit() and int(local) < len(feuilles) else None
                for ws in classeur.worksheets:
                    if ws.title == titre:
                        ws.defined_names[nom.name] = nom
    return classeur


def _lire_feuille(racine, ws: Feuille, chaines: list[str], verrous: list[bool]) -> None:
    partagees: dict = {}
    for c in racine.iter(_C):
        ref = c.get("r")
        if not ref:
            continue
        s = c.get("s")
        locked = verrous[int(s)] if s and s.isdigit() and int(s) < len(verrous) else True
        f = c.find(_F)
        t = c.get("t")
        texte = _formule(f, ref, partagees) if f is not None and f.get("t") != "dataTable" else None
        if texte is not None:
            cellule = Cellule(texte, "f", Protection(locked))
        else:
            v = c.find(_V)
            if v is None:
                v = c.find(_IS)
            valeur = None if v is None else _valeur(v, t, chaines)
            if valeur is not None and type(valeur).__name__ == "Erreur":
                valeur = str(valeur)
            genre = {"s": "s", "str": "s", "inlineStr": "s", "b": "b", "e": "e"}.get(t or "", "n")
            cellule = Cellule(valeur, genre, Protection(locked))
        ws.cellules[ref] = cellule
    protection = racine.find(f"{{{NS}}}sheetProtection")
    ws.protection = Protection(sheet=protection is not None and protection.get("sheet") in ("1", "true"))
    validations = racine.find(f"{{{NS}}}dataValidations")
    for dv in (validations if validations is not None else []):
        formule = dv.find(f"{{{NS}}}formula1")
        plages = [_Plage(p) for p in (dv.get("sqref") or "").split()]
        ws.data_validations.dataValidation.append(
            Validation(dv.get("type"), _Sqref(plages), None if formule is None else formule.text))
