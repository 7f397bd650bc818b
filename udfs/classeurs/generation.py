"""Écrit un ``Modele`` en classeur .xlsx avec openpyxl : styles, formats, listes déroulantes,
contrôles de saisie, noms globaux, protection des formules, mise en page pour l'impression.

La sortie est déterministe (dates du document fixées) : ``rs-instruction generer`` régénère les
classeurs livrés à l'identique, et un test compare les classeurs commités à leur spécification.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from udfs.classeurs import spec
from udfs.copie import ecrire_atomiquement

DATE_DOCUMENT = dt.datetime(2026, 1, 1)
NOM_MODELE = "MODELE_CLASSEUR"

_FIN = Side(style="thin", color="A6A6A6")
_CADRE = Border(left=_FIN, right=_FIN, top=_FIN, bottom=_FIN)
STYLES = {
    spec.TITRE: dict(font=Font(bold=True, size=14, color="1F3864")),
    spec.SOUS_TITRE: dict(font=Font(bold=True, size=11, color="1F3864"),
                          fill=PatternFill("solid", fgColor="DDEBF7")),
    spec.LIBELLE: dict(alignment=Alignment(vertical="center")),
    spec.NOTE: dict(font=Font(italic=True, size=9, color="595959")),
    spec.ENTETE: dict(font=Font(bold=True), fill=PatternFill("solid", fgColor="D9D9D9"), border=_CADRE,
                      alignment=Alignment(wrap_text=True, vertical="center")),
    spec.SAISIE: dict(fill=PatternFill("solid", fgColor="FFF2CC"), border=_CADRE,
                      protection=Protection(locked=False)),
    spec.CALCUL: dict(fill=PatternFill("solid", fgColor="F2F2F2"), border=_CADRE),
    spec.RESULTAT: dict(font=Font(bold=True), fill=PatternFill("solid", fgColor="E2EFDA"), border=_CADRE),
}
MESSAGES = {
    "nombre": ("Nombre attendu", "Saisissez un nombre{borne}."),
    "entier": ("Nombre entier attendu", "Saisissez un nombre entier{borne}."),
    "date": ("Date attendue", "Saisissez une date (JJ/MM/AAAA)."),
    "liste": ("Valeur de la liste", "Choisissez une valeur de la liste déroulante."),
}


def _validation(saisie: spec.Saisie) -> DataValidation | None:
    if saisie.type == "texte":
        return None
    if saisie.type == "liste":
        dv = DataValidation(type="list", formula1='"' + ",".join(saisie.liste) + '"', allow_blank=True)
    elif saisie.type == "date":
        dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    else:
        type_ = "whole" if saisie.type == "entier" else "decimal"
        mini = -1e15 if saisie.minimum is None else saisie.minimum
        maxi = 1e15 if saisie.maximum is None else saisie.maximum
        dv = DataValidation(type=type_, operator="between", formula1=_nb(mini), formula2=_nb(maxi),
                            allow_blank=True)
    titre, texte = MESSAGES[saisie.type]
    borne = ""
    if saisie.minimum is not None:
        borne += f" supérieur ou égal à {_nb(saisie.minimum).replace('.', ',')}"
    if saisie.maximum is not None:
        borne += f"{' et' if borne else ''} inférieur ou égal à {_nb(saisie.maximum).replace('.', ',')}"
    dv.errorTitle, dv.error = titre, texte.format(borne=borne)
    dv.showErrorMessage = True
    return dv


def _nb(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def classeur(modele: spec.Modele) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "rs-instruction"
    wb.properties.title = modele.titre
    wb.properties.created = wb.properties.modified = DATE_DOCUMENT
    for f in modele.feuilles:
        ws = wb.create_sheet(f.nom)
        for col, largeur in f.largeurs.items():
            ws.column_dimensions[col].width = largeur
        for col in f.colonnes_masquees:
            ws.column_dimensions[col].hidden = True
        validations: dict[spec.Saisie, DataValidation | None] = {}
        for c in f.cellules.values():
            cellule = ws[c.ref]
            cellule.value = c.contenu
            for attribut, valeur in STYLES[c.style].items():
                setattr(cellule, attribut, valeur)
            if c.format:
                cellule.number_format = c.format
            if c.saisie:
                if c.saisie not in validations:
                    validations[c.saisie] = dv = _validation(c.saisie)
                    if dv is not None:
                        ws.add_data_validation(dv)
                dv = validations[c.saisie]
                if dv is not None:
                    dv.add(c.ref)
        ws.protection.sheet = f.protegee
        ws.protection.formatColumns = False     # l'utilisateur peut élargir une colonne
        ws.sheet_view.showGridLines = False
        ws.page_setup.orientation = "landscape" if f.paysage else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        # zone d'impression = cellules décrites : ni page blanche, ni colonne masquée imprimée
        colonnes = [openpyxl.utils.column_index_from_string(spec._col(r)) for r in f.cellules
                    if spec._col(r) not in f.colonnes_masquees]
        ws.print_area = f"A1:{openpyxl.utils.get_column_letter(max(colonnes))}{max(spec._lig(r) for r in f.cellules)}"
        ws.oddFooter.center.text = f"{modele.titre} – {f.nom} – page &P / &N"
    for nom, cible in modele.noms().items():
        wb.defined_names[nom] = DefinedName(nom, attr_text=cible)
    wb.defined_names[NOM_MODELE] = DefinedName(NOM_MODELE, attr_text=f'"{modele.identifiant}"')
    return wb


def _octets_deterministes(wb: openpyxl.Workbook) -> bytes:
    """Le classeur en octets reproductibles : openpyxl date chaque partie de l'archive et le
    document (« modified ») à l'heure de l'enregistrement ; on fixe les deux pour qu'une
    régénération sans changement de spécification laisse l'arbre git propre."""
    brut = io.BytesIO()
    wb.save(brut)
    propre = io.BytesIO()
    horodatage = DATE_DOCUMENT.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(brut) as source, zipfile.ZipFile(propre, "w", zipfile.ZIP_DEFLATED) as cible:
        for info in source.infolist():
            donnees = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                donnees = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + horodatage + rb"\g<2>", donnees)
            cible.writestr(zipfile.ZipInfo(info.filename, date_time=DATE_DOCUMENT.timetuple()[:6]),
                           donnees, compress_type=zipfile.ZIP_DEFLATED)
    return propre.getvalue()


def ecrire(modele: spec.Modele, chemin: Path) -> Path:
    octets = _octets_deterministes(classeur(modele))
    ecrire_atomiquement(chemin, lambda flux: flux.write(octets))
    return chemin


def classeurs_livres() -> dict[str, spec.Modele]:
    """{chemin relatif dans workbooks/ : modèle rempli} de tous les classeurs livrés."""
    from udfs.classeurs import exemples, formation, instruction
    livres = {"instruction_residence_sociale.xlsx": instruction.modele()}
    livres.update({f"exemples/{nom}.xlsx": m for nom, m in exemples.dossiers().items()})
    livres.update({f"formation/{nom}.xlsx": m for nom, m in formation.classeurs().items()})
    return livres


def generer_tout(dossier: Path) -> list[Path]:
    return [ecrire(m, Path(dossier) / relatif) for relatif, m in classeurs_livres().items()]
