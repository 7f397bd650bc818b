"""Moteur sans Excel : les mêmes valeurs qu'un appel direct, les fonctions intégrées d'Excel, la
copie calculée qui garde tout le reste du classeur."""

import datetime as dt
import inspect
import zipfile

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from udfs import moteur
from udfs.copie import ecrire_copie_calculee
from udfs.fonctions import REGISTRE
from tests.test_robustesse_udfs import EXEMPLES


def test_chaque_udf_est_enregistree_avec_sa_signature():
    fonctions = moteur.enregistrer()
    for nom, f in REGISTRE.items():
        assert nom.upper() in fonctions, nom
        assert len(inspect.signature(f.appel).parameters) == len(f.arguments)
    # et rien d'autre sous un nom voisin : chaque nom du registre est exactement un nom Excel valide
    assert all(nom.isupper() and nom.replace("_", "").isalpha() for nom in REGISTRE)


def _ecrire_plage(ws, colonne, ligne, valeurs):
    for i, rang in enumerate(valeurs):
        for j, x in enumerate(rang):
            ws.cell(row=ligne + i, column=colonne + j, value=x)
    fin = openpyxl.utils.get_column_letter(colonne + len(valeurs[0]) - 1)
    return f"{openpyxl.utils.get_column_letter(colonne)}{ligne}:{fin}{ligne + len(valeurs) - 1}"


def test_chaque_udf_donne_dans_un_classeur_la_valeur_de_l_appel_direct(tmp_path):
    """Même exemple que le test de robustesse, mais écrit dans un classeur et recalculé."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Essais"
    attendus = {}
    for ligne, (nom, (args, attendu)) in enumerate(sorted(EXEMPLES.items()), start=1):
        if nom not in REGISTRE:
            continue
        refs = []
        for k, a in enumerate(args):
            colonne = 3 + 4 * k
            if isinstance(a, list):
                refs.append(_ecrire_plage(ws, colonne, 100 + 20 * ligne, a))
            else:
                ws.cell(row=ligne, column=colonne, value=a)
                refs.append(ws.cell(row=ligne, column=colonne).coordinate)
        ws.cell(row=ligne, column=1, value=f"={nom}({','.join(refs)})")
        attendus[f"Essais!A{ligne}"] = attendu
    chemin = tmp_path / "essais.xlsx"
    wb.save(chemin)
    valeurs = moteur.recalculer(chemin).valeurs
    for cle, attendu in attendus.items():
        if isinstance(attendu, str):
            assert valeurs[cle] == attendu, cle
        else:
            assert valeurs[cle] == pytest.approx(attendu, abs=0.005), cle


@pytest.fixture
def classeur_complet(tmp_path):
    """Un classeur comme en écrit un instructeur : deux feuilles, noms, liste, protection, styles."""
    wb = openpyxl.Workbook()
    p = wb.active
    p.title = "Paramètres"
    p["A1"], p["B1"] = "Taux", 0.2
    p["A2"], p["B2"] = "Zone", "2"
    p["D1"], p["E1"], p["D2"], p["E2"] = "1", 1056, "2", 880
    p["B3"] = 0.013        # taux de prêt
    p["B4"] = 40           # durée
    p["B5"] = 1_000_000    # capital
    wb.defined_names["TAUX"] = DefinedName("TAUX", attr_text="'Paramètres'!$B$1")
    wb.defined_names["VB_ZONES"] = DefinedName("VB_ZONES", attr_text="'Paramètres'!$D$1:$E$2")
    dv = DataValidation(type="list", formula1='"1,2,3"', allow_blank=False)
    p.add_data_validation(dv)
    dv.add("B2")
    c = wb.create_sheet("Calcul")
    c["A1"], c["A2"] = 40, 880
    c["A3"] = dt.datetime(2021, 6, 1)
    c["A4"], c["A5"], c["A6"] = 20, 10, 30
    c["B4"], c["B5"], c["B6"] = "logement", "annexe", "collectif"
    c["A7"] = 900
    formules = {
        "C1": "=CS_FOYER(A1,A2)",                                   # 2,1
        "C2": "=MQ_FOYER(A1,A2,A7)",                                # 0,093
        "C3": "=VLOOKUP(Paramètres!B2,VB_ZONES,2,FALSE)",           # 880
        "C4": "=ASSIETTE_SUBVENTION(1000,C1,A2,C2)",                # 2 019 864
        "C5": "=SUBVENTION_PLAI(A3,,C4,TAUX,)",                     # 403 972,80
        "C6": "=ROUND(C5/A1,0)",                                    # 10 099
        "C7": "=IF(C5>400000,\"au-delà\",\"en deçà\")",
        "C8": "=SUM(A4:A6)+SU_FOYER(A4:A6,B4:B6)",                  # 60 + 25
        "C9": "=ROUND(PMT(Paramètres!B3,Paramètres!B4,-Paramètres!B5),2)",   # 32 219,38
        "C10": "=ROUND(1.005,2)",                                   # 1,01 comme Excel
        "C11": "=ROUND(-2.5,0)",                                    # −3
        "C12": "=A9+1",                                             # cellule vide = 0
        "C13": "=CS_FOYER(A1,\"abc\")",                             # erreur de saisie en texte
        "C14": "=1/0",
        "C15": "=SU_FOYER(A4:A6,B4:B6,)",                           # argument omis = facultatif
    }
    for ref, f in formules.items():
        c[ref] = f
    c["C1"].font = Font(bold=True, color="FF0000")
    c["A1"].fill = PatternFill("solid", fgColor="FFF2CC")
    c["A1"].protection = Protection(locked=False)
    c.protection.sheet = True
    c.column_dimensions["C"].width = 31
    chemin = tmp_path / "dossier.xlsx"
    wb.save(chemin)
    return chemin


ATTENDUS = {
    "Calcul!C1": 2.1, "Calcul!C2": 0.093, "Calcul!C3": 880, "Calcul!C4": 2019864,
    "Calcul!C5": 403972.80, "Calcul!C6": 10099, "Calcul!C7": "au-delà", "Calcul!C8": 85,
    "Calcul!C9": 32219.38, "Calcul!C10": 1.01, "Calcul!C11": -3, "Calcul!C12": 1,
    "Calcul!C13": "#su : texte « abc » reçu au lieu d'un nombre", "Calcul!C14": "#DIV/0!",
    "Calcul!C15": 25,
}


def _comparer(valeurs):
    assert set(valeurs) == set(ATTENDUS)
    for cle, attendu in ATTENDUS.items():
        if isinstance(attendu, str):
            assert valeurs[cle] == attendu, cle
        else:
            assert valeurs[cle] == pytest.approx(attendu, abs=1e-9), cle


def test_recalcul_udf_et_fonctions_integrees(classeur_complet):
    _comparer(moteur.recalculer(classeur_complet).valeurs)


def test_modele_compile_donne_les_memes_valeurs(classeur_complet):
    modele = moteur.ModeleCompile(classeur_complet)
    _comparer(modele.calculer(classeur_complet, moteur.lire_cellules(classeur_complet)).valeurs)


def test_modele_compile_reutilise_pour_d_autres_saisies(classeur_complet, tmp_path):
    modele = moteur.ModeleCompile(classeur_complet)
    wb = openpyxl.load_workbook(classeur_complet)
    wb["Calcul"]["A7"] = 1000          # SLC 1 000 : terme SLC 0,1167, MQ 0,1347
    autre = tmp_path / "autre.xlsx"
    wb.save(autre)
    cellules = moteur.lire_cellules(autre)
    assert cellules.signature == modele.signature
    compile_ = modele.calculer(autre, cellules).valeurs
    direct = moteur.recalculer(autre).valeurs
    assert compile_ == direct
    assert compile_["Calcul!C2"] == pytest.approx(0.1347)


def test_copie_calculee_garde_tout_le_reste(classeur_complet, tmp_path):
    avant = classeur_complet.read_bytes()
    resultat = moteur.recalculer(classeur_complet)
    sortie = ecrire_copie_calculee(classeur_complet, resultat.valeurs, tmp_path / "sortie" / "copie.xlsx")
    assert classeur_complet.read_bytes() == avant             # l'entrée n'a pas bougé

    valeurs = openpyxl.load_workbook(sortie, data_only=True)
    _comparer({f"Calcul!{r}": valeurs["Calcul"][r].value for r in
               (k.split("!")[1] for k in ATTENDUS)})
    formules = openpyxl.load_workbook(sortie)
    origine = openpyxl.load_workbook(classeur_complet)
    for feuille in origine.sheetnames:
        for ligne in origine[feuille].iter_rows():
            for cellule in ligne:                               # formules et saisies inchangées
                assert formules[feuille][cellule.coordinate].value == cellule.value
    c = formules["Calcul"]
    assert c["C1"].font.bold and c["C1"].font.color.rgb == "00FF0000"
    assert c["A1"].fill.fgColor.rgb == "00FFF2CC" and c["A1"].protection.locked is False
    assert c.protection.sheet is True and c.column_dimensions["C"].width == 31
    assert formules.defined_names["TAUX"].attr_text == "'Paramètres'!$B$1"
    dv = formules["Paramètres"].data_validations.dataValidation[0]
    assert dv.formula1 == '"1,2,3"' and "B2" in str(dv.sqref)
    # toutes les parties autres que les feuilles calculées et workbook.xml sont recopiées à l'octet
    with zipfile.ZipFile(classeur_complet) as a, zipfile.ZipFile(sortie) as b:
        assert a.namelist() == b.namelist()
        for nom in a.namelist():
            if not nom.startswith("xl/worksheets/") and nom != "xl/workbook.xml":
                assert a.read(nom) == b.read(nom), nom
        assert b"fullCalcOnLoad" not in b.read("xl/workbook.xml")


def test_reference_circulaire_refusee_en_francais(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["A2"] = "=A2+1", "=A1+1"
    chemin = tmp_path / "cercle.xlsx"
    wb.save(chemin)
    with pytest.raises(moteur.ReferenceCirculaire, match="référence circulaire.*Sheet!A1"):
        moteur.recalculer(chemin)


def test_nom_local_a_une_feuille_signale(tmp_path, capsys):
    """formulas ne lit pas les noms locaux à une feuille (#REF!) : la commande le dit."""
    from udfs import cli

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "F"
    ws["A1"], ws["B1"] = 3, "=LOCAL*2"
    ws.defined_names["LOCAL"] = DefinedName("LOCAL", attr_text="F!$A$1")
    chemin = tmp_path / "local.xlsx"
    wb.save(chemin)
    assert cli.main(["recalculer", str(chemin), "--json"]) == 0
    sortie = capsys.readouterr()
    assert '"F!B1": "#REF!"' in sortie.out
    assert "noms définis locaux à une feuille" in sortie.err and "F!LOCAL" in sortie.err
