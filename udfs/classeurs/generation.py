"""Écrit un ``Modele`` en classeur .xlsx avec openpyxl : styles, formats, listes déroulantes,
contrôles de saisie, noms globaux, protection des formules, mise en forme conditionnelle,
graphiques, mise en page pour l'impression ; puis y range la valeur calculée de chaque formule.

Valeurs en cache : le classeur écrit par openpyxl n'a aucune valeur calculée (ouvert sans le
complément, il montrerait #NOM? partout). ``ecrire`` le recalcule donc avec notre moteur
(``udfs.moteur``) et injecte les valeurs dans l'archive (``udfs.copie``), avec le ``calcPr`` de la
copie calculée : sans ``fullCalcOnLoad`` et avec un ``calcId`` récent (``copie.CALC_ID_RECENT``),
Excel ne recalcule pas à l'ouverture un classeur « calculé par sa version » et affiche les valeurs
livrées, avec ou sans le complément ; il recalcule ensuite ce que l'utilisateur modifie et ce qui
en dépend (README, « Les classeurs », pour les sources). LibreOffice affiche aussi les valeurs en
cache (réglage par défaut) et recalcule ce que l'utilisateur modifie.

La sortie est déterministe (dates du document fixées, moteur épinglé) : ``rs-instruction generer``
régénère les classeurs livrés à l'identique, et un test compare les classeurs commités à leur
spécification.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.chart import LineChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from udfs.classeurs import spec
from udfs.copie import ecrire_atomiquement

DATE_DOCUMENT = dt.datetime(2026, 1, 1)
NOM_MODELE = "MODELE_CLASSEUR"

_FIN = Side(style="thin", color="A6A6A6")
_CENTRE = Alignment(vertical="center")
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
    # neutre : le vert, le rouge et l'orange viennent de la mise en forme conditionnelle (valeur bonne ou non)
    spec.RESULTAT: dict(font=Font(bold=True), fill=PatternFill("solid", fgColor="E7EEF7"), border=_CADRE),
    spec.CORRIGE: dict(font=Font(bold=True, color="1F3864"), fill=PatternFill("solid", fgColor="DDEBF7"),
                       border=_CADRE, protection=Protection(locked=False)),
}
# (remplissage, police) des états : erreur ou mauvais résultat, alerte, bon résultat
ROUGE, ORANGE, VERT = ("FFC7CE", "9C0006"), ("F8CBAD", "833C0B"), ("C6EFCE", "006100")
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
            cellule.alignment = _CENTRE            # le libellé et sa valeur sur la même ligne
            for attribut, valeur in STYLES[c.style].items():
                setattr(cellule, attribut, valeur)
            if c.format:
                cellule.number_format = c.format
            if c.renvoi or c.horizontal:
                cellule.alignment = Alignment(wrap_text=c.renvoi, vertical="center", horizontal=c.horizontal)
            if c.saisie:
                if c.saisie not in validations:
                    validations[c.saisie] = dv = _validation(c.saisie)
                    if dv is not None:
                        ws.add_data_validation(dv)
                dv = validations[c.saisie]
                if dv is not None:
                    dv.add(c.ref)
        for ligne, hauteur in f.hauteurs.items():
            ws.row_dimensions[ligne].height = hauteur
        for plage in f.fusions:
            ws.merge_cells(plage)
        _mises_en_forme(ws, f)
        for g in f.graphiques:
            ws.add_chart(_courbes(ws, g), g.ancre)
        ws.protection.sheet = f.protegee
        ws.protection.formatColumns = False     # l'utilisateur peut élargir une colonne
        ws.protection.formatRows = False        # … ou agrandir une ligne
        ws.sheet_view.showGridLines = False
        ws.page_setup.orientation = "landscape" if f.paysage else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, (1 if f.une_page else 0)
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        ws.page_margins.left = ws.page_margins.right = 0.5
        # zone d'impression = cellules décrites : ni page blanche, ni colonne masquée imprimée
        colonnes = [openpyxl.utils.column_index_from_string(spec._col(r)) for r in f.cellules
                    if spec._col(r) not in f.colonnes_masquees]
        colonnes += [openpyxl.utils.column_index_from_string(spec._col(p.split(":")[1])) for p in f.fusions]
        ws.print_area = f"A1:{openpyxl.utils.get_column_letter(max(colonnes))}{max(spec._lig(r) for r in f.cellules)}"
        if f.lignes_titres:
            ws.print_title_rows = f.lignes_titres
        ws.oddFooter.center.text = f"{modele.titre} – {f.nom} – page &P / &N"
    for nom, cible in modele.noms().items():
        wb.defined_names[nom] = DefinedName(nom, attr_text=cible)
    wb.defined_names[NOM_MODELE] = DefinedName(NOM_MODELE, attr_text=f'"{modele.identifiant}"')
    return wb


def _plages_contigues(refs: list[str]) -> list[str]:
    """Les cellules regroupées en plages verticales contiguës d'une même colonne (« B5:B9 »)."""
    par_colonne: dict[str, list[int]] = {}
    for r in refs:
        par_colonne.setdefault(spec._col(r), []).append(spec._lig(r))
    plages = []
    for col, lignes in sorted(par_colonne.items()):
        lignes.sort()
        debut = precedente = lignes[0]
        for n in lignes[1:] + [None]:
            if n is not None and n == precedente + 1:
                precedente = n
                continue
            plages.append(f"{col}{debut}" + (f":{col}{precedente}" if precedente != debut else ""))
            if n is not None:
                debut = precedente = n
    return plages


def _commence(x: str, mots: tuple[str, ...]) -> str:
    return "OR(" + ",".join(f'LEFT({x},{len(m)})="{m}"' for m in mots) + ")"


def _regles(x: str, controle: str | None) -> list[tuple[str, tuple[str, str]]]:
    """[(formule, couleur)] d'une cellule ``x`` (haut de sa plage), dans l'ordre de priorité.
    Chaque formule est protégée par IFERROR : une erreur du tableur dans la cellule ne doit pas
    rendre la règle elle-même en erreur (elle serait ignorée)."""
    regles = [(f'IFERROR(LEFT({x},1)="#",TRUE)', ROUGE)]        # « #champ : … » ou #VALEUR!
    if controle == spec.VERDICT:
        regles += [(f"IFERROR({_commence(x, spec.MAUVAIS)},FALSE)", ROUGE),
                   (f"IFERROR({_commence(x, spec.BONS)},FALSE)", VERT)]
    elif controle == spec.ALERTE:
        regles += [(f'IFERROR(LEFT({x},6)="Aucune",FALSE)', VERT),
                   (f'IFERROR(AND(ISTEXT({x}),{x}<>"",LEFT({x},2)<>"À "),FALSE)', ORANGE)]   # « À saisir » : neutre
    elif controle == spec.SIGNE:
        regles += [(f"IFERROR(AND(ISNUMBER({x}),{x}<0),FALSE)", ROUGE),
                   (f"ISNUMBER({x})", VERT)]
    elif controle == spec.DEFICIT:
        regles += [(f"IFERROR(AND(ISNUMBER({x}),{x}<0),FALSE)", ROUGE)]
    elif controle == spec.ECART:
        regles += [(f"IFERROR(AND(ISNUMBER({x}),{x}<0),FALSE)", ROUGE),
                   (f"IFERROR(AND(ISNUMBER({x}),{x}>0),FALSE)", ORANGE),
                   (f"ISNUMBER({x})", VERT)]
    elif controle == spec.ANNEE:
        regles += [(f"ISNUMBER({x})", ORANGE),
                   (f'IFERROR(LEFT({x},6)="Aucune",FALSE)', VERT)]
    elif controle == spec.STATUT:
        regles += [(f'IFERROR(OR({x}="V",{x}="V-sec"),FALSE)', VERT),
                   (f'IFERROR(OR({x}="U",LEFT({x},4)="Sans"),FALSE)', ORANGE)]
    return regles


def _mises_en_forme(ws, f: spec.Feuille) -> None:
    """Mise en forme conditionnelle des cellules à formule, par plage contiguë de même contrôle
    (une formule relative à la première cellule de sa plage, lue de la même façon par Excel et
    LibreOffice)."""
    groupes: dict[str | None, list[str]] = {}
    for c in f.cellules.values():
        if c.est_formule:
            groupes.setdefault(c.controle, []).append(c.ref)
    for controle in sorted(groupes, key=lambda k: k or ""):
        for plage in _plages_contigues(groupes[controle]):
            haut = plage.split(":")[0]
            for formule, (fond, police) in _regles(haut, controle):
                ws.conditional_formatting.add(plage, FormulaRule(
                    formula=[formule], stopIfTrue=True, font=Font(color=police, bold=True),
                    fill=PatternFill("solid", start_color=fond, end_color=fond)))


def _courbes(ws, g: spec.Courbes) -> LineChart:
    graphique = LineChart()
    graphique.title = g.titre
    graphique.width, graphique.height = g.largeur_cm, g.hauteur_cm
    (c1, l1), (c2, l2) = [openpyxl.utils.cell.coordinate_from_string(r) for r in g.series.split(":")]
    donnees = Reference(ws, min_col=openpyxl.utils.column_index_from_string(c1), min_row=l1,
                        max_col=openpyxl.utils.column_index_from_string(c2), max_row=l2)
    graphique.add_data(donnees, titles_from_data=True)
    (a1, m1), (_, m2) = [openpyxl.utils.cell.coordinate_from_string(r) for r in g.abscisses.split(":")]
    graphique.set_categories(Reference(ws, min_col=openpyxl.utils.column_index_from_string(a1),
                                       min_row=m1, max_row=m2))
    graphique.x_axis.title, graphique.y_axis.title = g.titre_abscisses, g.titre_ordonnees
    graphique.y_axis.number_format = FORMAT_AXE_EUROS
    graphique.y_axis.majorGridlines = None
    # l'axe des années coupe celui des montants à zéro : c'est la ligne zéro ; ses étiquettes
    # restent en bas du graphique
    graphique.x_axis.crosses = "autoZero"
    graphique.x_axis.tickLblPos = "low"
    graphique.x_axis.delete = graphique.y_axis.delete = False
    graphique.legend.position = "b"
    for serie in graphique.series:
        serie.smooth = False
    return graphique


# Montants de l'axe : entiers, sauf entre −1 et 1, où une graduation vaut souvent 0,5 (graphique
# d'un classeur vierge, sans données : l'axe va de 0 à 1) et s'afficherait « 1 € » deux fois.
FORMAT_AXE_EUROS = '[>=1]#,##0 "€";[<=-1]-#,##0 "€";General "€"'


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


def _avec_valeurs(octets: bytes):
    """Le même classeur, chaque formule portant sa valeur calculée par notre moteur, et ce
    résultat du moteur : la copie calculée, recalcul complet au chargement retiré. Les dates de
    l'archive sont fixées."""
    from udfs import moteur
    from udfs.copie import octets_copie_calculee
    with tempfile.TemporaryDirectory(prefix="rs-generer-") as dossier:
        brut = Path(dossier) / "brut.xlsx"
        brut.write_bytes(octets)
        resultat = moteur.recalculer(brut)
        # la copie garde l'en-tête de chaque partie de l'archive d'origine : dates déjà fixées
        return octets_copie_calculee(brut, resultat.valeurs), resultat


def calculer(modele: spec.Modele):
    """(octets du classeur livré, reproductibles, valeurs calculées comprises ; résultat du moteur)."""
    return _avec_valeurs(_octets_deterministes(classeur(modele)))


def ecrire(modele: spec.Modele, chemin: Path) -> Path:
    donnees, _ = calculer(modele)
    ecrire_atomiquement(chemin, lambda flux: flux.write(donnees))
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
