"""La sémantique d'Excel, une ligne par cas, chacune citant la page de la fonction sur
support.microsoft.com. La même table est calculée par notre moteur et, si LibreOffice est
installé, par LibreOffice (``soffice --convert-to`` d'un classeur sans valeurs en cache, profil
privé) : LibreOffice compte VRAI comme un nombre et lit les textes selon ses réglages
régionaux (anglais ici) ; ces lignes portent leur écart connu, Excel est l'arbitre.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from udfs import moteur

MS = "https://support.microsoft.com/en-us/office/"
PAGES = {
    "SUM": MS + "sum-function-043e1c7d-7726-4e80-8f32-07b23e057f89",
    "COUNT": MS + "count-function-a59cd7fc-b623-4d93-87a4-d23bf411294c",
    "COUNTA": MS + "counta-function-7dc98875-d5c1-46f1-9a82-53f3219e2509",
    "AVERAGE": MS + "average-function-047bac88-d466-426c-a32b-8f33eb960cf6",
    "MIN": MS + "min-function-61635d12-920f-4ce2-a70f-96f202dcc152",
    "MAX": MS + "max-function-e0012414-9ac8-4b34-9a47-73e662c08098",
    "PRODUCT": MS + "product-function-8e6b5b24-90ee-4650-aeec-80982a0512ce",
    "SUMPRODUCT": MS + "sumproduct-function-16753e75-9f68-4874-94ac-4d2145a2fd2e",
    "SUMIF": MS + "sumif-function-169b8c99-c05c-4483-a712-1697a653039b",
    "SUMIFS": MS + "sumifs-function-c9e748f5-7ea7-455d-9406-611cebce642b",
    "COUNTIF": MS + "countif-function-e0de10c6-f885-4e71-abb4-1f464816df34",
    "COUNTIFS": MS + "countifs-function-dda3dc6e-f74e-4aee-88bc-aa8c2a866842",
    "AVERAGEIF": MS + "averageif-function-faec8e2e-0dec-4308-af69-f5576d8ac642",
    "AVERAGEIFS": MS + "averageifs-function-48910c45-1fc0-4389-a028-f7c5c3001690",
    "VALUE": MS + "value-function-257d0108-07dc-437d-ae1c-bc2d3953d8c2",
    "OPERATEURS": MS + "calculation-operators-and-precedence-in-excel-48be406d-4975-4d31-b2b8-7af9e0e2878a",
    "ROUND": MS + "round-function-c018c5d8-40fb-4053-90b1-b3e7f61a213c",
    "VLOOKUP": MS + "vlookup-function-0bbc8083-26fe-4963-8ab8-93a18ad188a1",
    "MATRICES": MS + "guidelines-and-examples-of-array-formulas-7d94a64e-3ff3-4686-9372-ecfd5caa57c7",
    "ISBLANK": MS + "is-functions-0f2d7971-6019-40a0-a171-f2d869135665",
    "IF": MS + "if-function-69aed7c9-4e8a-4755-a9bc-aa8bbff73be2",
    "INDEX": MS + "index-function-a5dcf0dd-996d-40a4-a822-b56b061328bd",
    "MATCH": MS + "match-function-e8dffd45-c762-47d6-bf89-533f4a37673a",
    "DATE": MS + "date-function-e36c0c8c-4104-49da-ab83-82328b832349",
    "MOD": MS + "mod-function-9b6cd169-b6ee-406a-a97b-edf2a9dc24f3",
    "INT": MS + "int-function-a6c4af9e-356d-4369-ab6a-cb1fd9d343ef",
    "TRUNC": MS + "trunc-function-8b86a64c-3127-43db-ba14-aa5ceb292721",
    "ROUNDUP": MS + "roundup-function-f8bc9b23-e795-47db-8703-db171d0c42a7",
    "ROUNDDOWN": MS + "rounddown-function-2ec94c73-241f-4b01-8c6f-17e6d7968f53",
    "PMT": MS + "pmt-function-0214da64-9a63-4996-bc20-214433fa6441",
    "FV": MS + "fv-function-2eef9f44-a084-4c61-bdd8-4fe4bb1b71b3",
    "PV": MS + "pv-function-23879d31-0e02-4321-be01-da16e8168cbd",
    "NPER": MS + "nper-function-240535b5-6653-4d2d-bfcf-b6a38151d815",
    "EDATE": MS + "edate-function-3c920eb2-6e66-44e7-a1f5-753ae47ee4f5",
    "EOMONTH": MS + "eomonth-function-7314ffa1-2bc9-4005-9d66-f49db127d628",
    "WEEKDAY": MS + "weekday-function-60e44483-2ed1-439f-8bd0-e404c190949a",
    "LEFT": MS + "left-leftb-functions-9203d2d2-7960-479b-84c6-1ea52b99640c",
    "MID": MS + "mid-midb-functions-d5f9e25c-d7d6-472e-b568-4ecb12433028",
    "FIND": MS + "find-findb-functions-c7912941-af2a-4bdf-a553-d0d89b0a0628",
    "SEARCH": MS + "search-searchb-functions-9ab04538-0e55-4719-a72e-b6f54513b495",
    "SUBSTITUTE": MS + "substitute-function-6434944e-a904-4336-a9b0-1e58df3bc332",
    "TRIM": MS + "trim-function-410388fa-c5df-49c6-b16c-9e5630b479f9",
}

# Feuille « Données » : A1:A3 = 10, "5" (texte), 20 — l'exemple de l'issue 12 ; B1:B3 = 10, VRAI, 20 ;
# C1:C3 = 1, 2, 3 ; D1:D3 = a, b, a ; E : textes de nombres ; H1:H3 = 0, 1, 0 ; I1:J3 table de
# recherche ; K1 = 1, K2 = 1/0 ; A4 vide.
DONNEES = {
    "A1": 10, "A2": "5", "A3": 20,
    "B1": 10, "B2": True, "B3": 20,
    "C1": 1, "C2": 2, "C3": 3,
    "D1": "a", "D2": "b", "D3": "a",
    "E1": "20%", "E2": "1E3", "E3": "2021-06-01", "E4": "abc",
    "H1": 0, "H2": 1, "H3": 0,
    "I1": 1, "J1": "un", "I2": 5, "J2": "cinq", "I3": 10, "J3": "dix",
    "K1": 1, "K2": "=1/0",
    "L1": '=""',
}


@dataclass(frozen=True)
class Cas:
    formule: str
    attendu: object
    page: str
    documente: str                 # ce que dit la page (paraphrase)
    libreoffice: object = None     # écart connu : la valeur de LibreOffice 7.4 (Excel est l'arbitre)
    pourquoi: str = ""


SUM_PLAGE = ("Dans un tableau ou une référence, seuls les nombres comptent : cellules vides, valeurs "
             "logiques et texte sont ignorés")
LITTERAUX = ("Les nombres, valeurs logiques et textes de nombres écrits directement dans la liste des "
             "arguments sont comptés")
VRAI_NOMBRE = "LibreOffice compte VRAI d'une plage comme 1"
TEXTE_ARGUMENT = "LibreOffice refuse un texte de nombre écrit en argument d'un agrégat (#VALUE!)"

CAS = {
    "somme_texte_dans_plage": Cas("=SUM(A1:A3)", 30, "SUM", SUM_PLAGE),
    "somme_vrai_dans_plage": Cas("=SUM(B1:B3)", 30, "SUM", SUM_PLAGE, 31, VRAI_NOMBRE),
    "somme_litteraux": Cas('=SUM(10,"5",TRUE)', 16, "SUM", LITTERAUX, "#VALUE!", TEXTE_ARGUMENT),
    "somme_texte_non_numerique": Cas('=SUM("abc",1)', "#VALUE!", "SUM",
                                     "Un texte qui ne peut pas être converti en nombre donne une erreur"),
    "somme_erreur_dans_plage": Cas("=SUM(K1:K2)", "#DIV/0!", "SUM", "Une erreur en argument donne une erreur"),
    "nb_plage": Cas("=COUNT(A1:A3)", 2, "COUNT", "Dans une plage, seuls les nombres sont comptés"),
    "nb_vrai_dans_plage": Cas("=COUNT(B1:B3)", 2, "COUNT", "Dans une plage, les valeurs logiques ne sont pas comptées",
                              3, VRAI_NOMBRE),
    "nb_litteraux": Cas('=COUNT(10,"5",TRUE,"abc")', 3, "COUNT",
                        "Valeurs logiques et textes de nombres écrits en argument comptent ; un texte non "
                        "convertible, non"),
    "nb_erreurs_non_comptees": Cas("=COUNT(K1:K2)", 1, "COUNT", "Les erreurs ne sont pas comptées"),
    "nbval": Cas("=COUNTA(A1:A4,K1:K2)", 5, "COUNTA",
                 "NBVAL compte toute cellule non vide, erreurs comprises"),
    "nbval_texte_vide": Cas("=COUNTA(L1)", 1, "COUNTA", "Le texte vide \"\" d'une formule est compté"),
    "moyenne_plage": Cas("=AVERAGE(A1:A3)", 15, "AVERAGE",
                         "Texte, valeurs logiques et cellules vides d'une plage sont ignorés"),
    "moyenne_vrai_dans_plage": Cas("=AVERAGE(B1:B3)", 15, "AVERAGE", "Les valeurs logiques d'une plage sont ignorées",
                                   31 / 3, VRAI_NOMBRE),
    "moyenne_litteraux": Cas('=AVERAGE(10,"5",TRUE)', 16 / 3, "AVERAGE", LITTERAUX, "#VALUE!", TEXTE_ARGUMENT),
    "moyenne_sans_nombre": Cas("=AVERAGE(D1:D3)", "#DIV/0!", "AVERAGE", "Sans nombre, #DIV/0!"),
    "max_plage": Cas("=MAX(A1:A3)", 20, "MAX", SUM_PLAGE),
    "max_litteraux": Cas('=MAX(10,"30",TRUE)', 30, "MAX", LITTERAUX, "#VALUE!", TEXTE_ARGUMENT),
    "max_texte_non_numerique": Cas('=MAX(1,"abc")', "#VALUE!", "MAX",
                                   "Un texte non convertible écrit en argument donne une erreur"),
    "min_plage": Cas("=MIN(A1:A3)", 10, "MIN", SUM_PLAGE),
    "min_sans_nombre": Cas("=MIN(A4,D1:D3)", 0, "MIN", "Sans nombre, MIN renvoie 0"),
    "produit_plage": Cas("=PRODUCT(A1:A3)", 200, "PRODUCT",
                         "Dans une plage, cellules vides, valeurs logiques et texte sont ignorés"),
    "produit_litteraux": Cas('=PRODUCT(2,"3")', 6, "PRODUCT", LITTERAUX, "#VALUE!", TEXTE_ARGUMENT),
    "sommeprod_texte_zero": Cas("=SUMPRODUCT(A1:A3,A1:A3)", 500, "SUMPRODUCT",
                                "Une entrée non numérique d'un tableau vaut zéro"),
    "sommeprod_dimensions": Cas("=SUMPRODUCT(C1:C3,A1:A2)", "#VALUE!", "SUMPRODUCT",
                                "Tableaux de dimensions différentes : #VALUE!"),
    "somme_si_texte": Cas('=SUMIF(D1:D3,"a",C1:C3)', 4, "SUMIF", "Critère texte"),
    "somme_si_operateur": Cas('=SUMIF(C1:C3,">1")', 5, "SUMIF", "Critère « >32 »"),
    "somme_si_generique": Cas('=SUMIF(D1:D3,"?",C1:C3)', 6, "SUMIF", "Caractères génériques ? et *"),
    "somme_si_texte_ignore": Cas('=SUMIF(C1:C3,">0",A1:A3)', 30, "SUMIF",
                                 "Cellules vides et valeurs texte de la plage sont ignorées"),
    "somme_si_ens": Cas('=SUMIFS(C1:C3,D1:D3,"a",C1:C3,">1")', 3, "SUMIFS", "Tous les critères à la fois"),
    "nb_si": Cas('=COUNTIF(D1:D3,"a")', 2, "COUNTIF", "Critère texte"),
    "nb_si_casse": Cas('=COUNTIF(D1:D3,"A")', 2, "COUNTIF", "Les critères ne tiennent pas compte de la casse"),
    "nb_si_operateur": Cas('=COUNTIF(C1:C3,">=2")', 2, "COUNTIF", "Critère avec opérateur"),
    "nb_si_ens": Cas('=COUNTIFS(D1:D3,"a",C1:C3,">1")', 1, "COUNTIFS", "Tous les critères à la fois"),
    "nb_si_ens_critere_vide": Cas("=COUNTIFS(H1:H3,A4)", 2, "COUNTIFS",
                                  "Une cellule de critère vide est traitée comme 0"),
    "moyenne_si": Cas('=AVERAGEIF(D1:D3,"a",C1:C3)', 2, "AVERAGEIF", "Moyenne des cellules retenues"),
    "moyenne_si_aucune": Cas('=AVERAGEIF(C1:C3,">5")', "#DIV/0!", "AVERAGEIF",
                             "Aucune cellule ne répond au critère : #DIV/0!"),
    "moyenne_si_ens": Cas('=AVERAGEIFS(C1:C3,D1:D3,"a")', 2, "AVERAGEIFS", "Moyenne des cellules retenues"),
    "moyenne_si_ens_texte": Cas('=AVERAGEIFS(D1:D3,C1:C3,">0")', "#DIV/0!", "AVERAGEIFS",
                                "Cellules à moyenner non convertibles en nombres : #DIV/0!"),
    "texte_plus_texte": Cas('="1"+"2"', 3, "OPERATEURS",
                            "Avec +, Excel convertit les textes en nombres"),
    "texte_de_cellule_en_calcul": Cas("=A2*2", 10, "OPERATEURS", "Un texte de nombre se convertit dans un calcul"),
    "pourcentage_texte": Cas('="20%"*1', 0.2, "OPERATEURS", "« 20% » se lit comme 0,2"),
    "pourcentage_en_cellule": Cas("=E1*1", 0.2, "OPERATEURS", "« 20% » se lit comme 0,2"),
    "exposant_texte": Cas("=E2+0", 1000, "OPERATEURS", "« 1E3 » se lit comme 1 000"),
    "date_iso_texte": Cas("=E3+0", 44348, "OPERATEURS", "Une date écrite en texte se convertit (numéro de série)"),
    "date_fr_texte": Cas('="01/06/2021"+0', 44348, "OPERATEURS",
                         "Une date écrite en texte se lit selon les réglages régionaux (ici français : JJ/MM/AAAA)",
                         44202, "LibreOffice en anglais lit MM/JJ/AAAA (6 janvier)"),
    "texte_non_numerique": Cas("=E4*1", "#VALUE!", "OPERATEURS", "Un texte qui n'est pas un nombre : #VALUE!"),
    "racine_texte_expression": Cas('=SQRT("8+1")', "#VALUE!", "OPERATEURS",
                                   "« 8+1 » n'est pas un nombre : #VALUE!"),
    "texte_et_booleen": Cas('="A"&TRUE', "ATRUE", "OPERATEURS", "& convertit VRAI en texte", "A1",
                            "LibreOffice n'a pas de type booléen : VRAI vaut 1"),
    "vide_plus_un": Cas("=A4+1", 1, "OPERATEURS", "Une cellule vide vaut 0"),
    "negation_avant_puissance": Cas("=-2^2", 4, "OPERATEURS", "La négation passe avant ^"),
    "priorite": Cas("=5+2*3", 11, "OPERATEURS", "* avant +"),
    "parentheses": Cas("=(5+2)*3", 21, "OPERATEURS", "Les parenthèses d'abord"),
    "gauche_a_droite": Cas("=2^3^2", 64, "OPERATEURS", "À priorité égale, de gauche à droite"),
    "cnum_pourcentage": Cas('=VALUE("20%")', 0.2, "VALUE", "Texte d'un nombre reconnu par Excel"),
    "cnum_dollars": Cas('=VALUE("$1,000")', 1000, "VALUE", "Exemple de la page : =VALUE(\"$1,000\") → 1 000"),
    "cnum_heures": Cas('=VALUE("16:48:00")-VALUE("12:00:00")', 0.2, "VALUE",
                       "Exemple de la page : 16:48 − 12:00 = 0,2 jour"),
    "cnum_exposant": Cas('=VALUE("1E3")', 1000, "VALUE", "Texte d'un nombre reconnu par Excel"),
    "cnum_texte": Cas('=VALUE("abc")', "#VALUE!", "VALUE", "Texte non reconnu : #VALUE!"),
    "arrondi_1": Cas("=ROUND(2.15,1)", 2.2, "ROUND", "Exemple de la page"),
    "arrondi_2": Cas("=ROUND(2.149,1)", 2.1, "ROUND", "Exemple de la page"),
    "arrondi_3": Cas("=ROUND(-1.475,2)", -1.48, "ROUND", "Exemple de la page"),
    "arrondi_4": Cas("=ROUND(21.5,-1)", 20, "ROUND", "Exemple de la page"),
    "recherchev_approchee": Cas("=VLOOKUP(7,I1:J3,2,TRUE)", "cinq", "VLOOKUP",
                                "VRAI : la plus grande valeur inférieure à la valeur cherchée"),
    "recherchev_exacte_absente": Cas("=VLOOKUP(7,I1:J3,2,FALSE)", "#N/A", "VLOOKUP", "FAUX : exacte, sinon #N/A"),
    "recherchev_colonne_hors_table": Cas("=VLOOKUP(5,I1:J3,3,FALSE)", "#REF!", "VLOOKUP",
                                         "Colonne au-delà de la table : #REF!", "#VALUE!",
                                         "LibreOffice rend #VALUE! pour une colonne hors de la table"),
    "recherchev_generique": Cas('=VLOOKUP("c*",J1:J3,1,FALSE)', "cinq", "VLOOKUP",
                                "Correspondance exacte d'un texte : caractères génériques admis"),
    "est_vide_texte_vide": Cas("=ISBLANK(L1)", False, "ISBLANK", "ESTVIDE : vrai pour une cellule vide seulement"),
    "est_vide": Cas("=ISBLANK(A4)", True, "ISBLANK", "ESTVIDE d'une cellule vide"),
    "si_sans_sinon": Cas("=IF(FALSE,1)", False, "IF", "Sans valeur_si_faux, SI renvoie FAUX"),
    "index_ligne_colonne": Cas("=INDEX(I1:J3,2,2)", "cinq", "INDEX", "Valeur à l'intersection ligne, colonne"),
    "equiv_exacte": Cas("=MATCH(5,I1:I3,0)", 2, "MATCH", "Type 0 : première valeur égale"),
    "date_mois_13": Cas("=DATE(2021,13,1)", 44562, "DATE", "Un mois au-delà de 12 s'ajoute à l'année"),
    # exemples des pages des fonctions
    "mod_negatif": Cas("=MOD(-3,2)", 1, "MOD", "Le résultat a le signe du diviseur"),
    "mod_diviseur_negatif": Cas("=MOD(3,-2)", -1, "MOD", "Le résultat a le signe du diviseur"),
    "ent_negatif": Cas("=INT(-8.9)", -9, "INT", "Arrondi à l'entier inférieur"),
    "tronque_negatif": Cas("=TRUNC(-8.9)", -8, "TRUNC", "Partie entière, vers zéro"),
    "arrondi_sup": Cas("=ROUNDUP(-3.14159,1)", -3.2, "ROUNDUP", "En s'éloignant de zéro"),
    "arrondi_sup_centaines": Cas("=ROUNDUP(31415.92654,-2)", 31500, "ROUNDUP", "Chiffres négatifs : à gauche de la virgule"),
    "arrondi_inf": Cas("=ROUNDDOWN(-3.14159,1)", -3.1, "ROUNDDOWN", "Vers zéro"),
    "vpm": Cas("=ROUND(PMT(8%/12,10,10000),2)", -1037.03, "PMT", "Exemple de la page : −1 037,03 €"),
    "vc": Cas("=ROUND(FV(0.06/12,10,-200,-500,1),2)", 2581.40, "FV", "Exemple de la page : 2 581,40 €"),
    "va": Cas("=ROUND(PV(0.08/12,12*20,500,,0),2)", -59777.15, "PV", "Exemple de la page : −59 777,15 €"),
    "npm": Cas("=ROUND(NPER(0.12/12,-100,-1000,10000,1),2)", 59.67, "NPER", "Exemple de la page : 59,67"),
    "mois_decaler": Cas("=EDATE(DATE(2011,1,15),1)", 40589, "EDATE", "Exemple de la page : 15/02/2011"),
    "fin_mois": Cas("=EOMONTH(DATE(2011,1,1),1)", 40602, "EOMONTH", "Exemple de la page : 28/02/2011"),
    "joursem": Cas("=WEEKDAY(DATE(2008,2,14))", 5, "WEEKDAY", "Exemple de la page : jeudi, 5"),
    "joursem_type_2": Cas("=WEEKDAY(DATE(2008,2,14),2)", 4, "WEEKDAY", "Type 2 : lundi = 1"),
    "gauche": Cas('=LEFT("Sale Price",4)', "Sale", "LEFT", "Exemple de la page"),
    "stxt": Cas('=MID("Fluid Flow",7,20)', "Flow", "MID", "Au-delà de la fin : jusqu'à la fin"),
    "trouve_casse": Cas('=FIND("m","Miriam McGovern")', 6, "FIND", "TROUVE distingue la casse"),
    "cherche_depuis": Cas('=SEARCH("e","Statements",6)', 7, "SEARCH", "Exemple de la page"),
    "substitue_rang": Cas('=SUBSTITUTE("Quarter 1, 2011","1","2",3)', "Quarter 1, 2012", "SUBSTITUTE",
                          "Exemple de la page : la 3e occurrence seulement"),
    "supprespace": Cas('=TRIM(" First Quarter   Earnings ")', "First Quarter Earnings", "TRIM",
                       "Espaces en tête, en fin, et multiples entre les mots"),
    "equiv_approchee": Cas("=MATCH(39,{25,38,40,41},1)", 2, "MATCH", "Type 1 : la plus grande valeur ≤ 39"),
}

# Formules matricielles (anciennes, Ctrl+Maj+Entrée) : (plage, formule, valeurs attendues par case)
MATRICES = {
    "multi_cellules": ("N1:N3", "=C1:C3*2", [2, 4, 6],
                       "Une formule matricielle à plusieurs cellules calcule chaque case"),
    "matrice_plus_grande": ("O1:O4", "=C1:C3*10", [10, 20, 30, "#N/A"],
                            "Plage plus grande que le résultat : #N/A dans les cases en trop"),
    "une_cellule": ("P1:P1", "=SUM(C1:C3*C1:C3)", [14],
                    "Formule matricielle d'une cellule : SOMME des produits"),
    "texte_converti": ("Q1:Q3", "=A1:A3*1", [10, 5, 20], "Le texte de nombre se convertit, case par case"),
}


def _classeur(chemin: Path) -> Path:
    wb = openpyxl.Workbook()
    d = wb.active
    d.title = "Données"
    for ref, v in DONNEES.items():
        d[ref] = v
    c = wb.create_sheet("Cas")
    for i, (nom, cas) in enumerate(CAS.items(), start=1):
        c[f"A{i}"] = nom
        c[f"B{i}"] = _prefixer(cas.formule)
    for plage, formule, _, _ in MATRICES.values():
        c[plage.split(":")[0]] = ArrayFormula(plage, _prefixer(formule))
    wb.save(chemin)
    return chemin


def _prefixer(formule: str) -> str:
    """« =SUM(A1:A3) » → « =SUM(Données!A1:A3) » (références de la feuille des données)."""
    import re
    morceaux = re.split(r'("[^"]*")', formule)
    return "".join(m if m.startswith('"') else
                   re.sub(r"(?<![A-Za-z!$])([A-Z]{1,2}[0-9]+(?::[A-Z]{1,2}[0-9]+)?)(?![0-9(])", r"Données!\1", m)
                   for m in morceaux)


@pytest.fixture(scope="module")
def classeur(tmp_path_factory) -> Path:
    return _classeur(tmp_path_factory.mktemp("table") / "table.xlsx")


@pytest.fixture(scope="module")
def notre_calcul(classeur):
    return moteur.recalculer(classeur).valeurs


@pytest.fixture(scope="module")
def calcul_libreoffice(classeur, tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) absent : apt-get install libreoffice-calc-nogui")
    dossier = tmp_path_factory.mktemp("lo")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{dossier / 'profil'}", "--headless", "--norestore",
                    "--convert-to", "xlsx", "--outdir", str(dossier / "sortie"), str(classeur)],
                   check=True, capture_output=True, timeout=180)
    feuille = openpyxl.load_workbook(dossier / "sortie" / classeur.name, data_only=True)["Cas"]
    return {f"Cas!{c.coordinate}": c.value for ligne in feuille.iter_rows() for c in ligne}


def _egal(valeur, attendu) -> bool:
    if isinstance(attendu, bool) or isinstance(attendu, str):
        return valeur == attendu and type(valeur) is type(attendu)
    return isinstance(valeur, (int, float)) and not isinstance(valeur, bool) and valeur == pytest.approx(attendu, abs=1e-9)


def _ligne(nom: str) -> int:
    return list(CAS).index(nom) + 1


def _valeurs_de_plage(calcul, plage: str) -> list:
    """Les valeurs d'une plage d'une colonne de la feuille Cas (« C1:C3 »), de haut en bas."""
    debut, fin = plage.split(":")
    return [calcul[f"Cas!{debut[0]}{i}"] for i in range(int(debut[1:]), int(fin[1:]) + 1)]


@pytest.mark.parametrize("nom", list(CAS))
def test_moteur_comme_excel(nom, notre_calcul):
    cas = CAS[nom]
    valeur = notre_calcul[f"Cas!B{_ligne(nom)}"]
    assert _egal(valeur, cas.attendu), f"{cas.formule} : {valeur!r}, Excel {cas.attendu!r} ({PAGES[cas.page]})"


@pytest.mark.parametrize("nom", list(MATRICES))
def test_formules_matricielles_comme_excel(nom, notre_calcul):
    plage, formule, attendus, _ = MATRICES[nom]
    valeurs = _valeurs_de_plage(notre_calcul, plage)
    assert all(_egal(v, a) for v, a in zip(valeurs, attendus)) and len(valeurs) == len(attendus), (formule, valeurs)


@pytest.mark.libreoffice
@pytest.mark.parametrize("nom", list(CAS))
def test_libreoffice_meme_table(nom, calcul_libreoffice):
    """LibreOffice donne la valeur d'Excel, sauf les écarts connus (VRAI compté comme nombre,
    réglages régionaux) : pour ceux-là, il donne la valeur notée (l'écart n'est pas ailleurs)."""
    cas = CAS[nom]
    valeur = calcul_libreoffice[f"Cas!B{_ligne(nom)}"]
    if cas.libreoffice is None:
        assert _egal(valeur, cas.attendu), f"{cas.formule} : LibreOffice {valeur!r}, Excel {cas.attendu!r}"
    else:
        assert _egal(valeur, cas.libreoffice), f"{cas.formule} : LibreOffice {valeur!r} ({cas.pourquoi})"


@pytest.mark.libreoffice
@pytest.mark.parametrize("nom", list(MATRICES))
def test_libreoffice_formules_matricielles(nom, calcul_libreoffice):
    plage, formule, attendus, _ = MATRICES[nom]
    valeurs = _valeurs_de_plage(calcul_libreoffice, plage)
    assert all(_egal(v, a) for v, a in zip(valeurs, attendus)) and len(valeurs) == len(attendus), (formule, valeurs)


def test_chaque_cas_cite_sa_page():
    for nom, cas in CAS.items():
        assert cas.page in PAGES and PAGES[cas.page].startswith("https://support.microsoft.com/"), nom
        assert cas.documente, nom
        assert (cas.libreoffice is None) == (cas.pourquoi == ""), nom
