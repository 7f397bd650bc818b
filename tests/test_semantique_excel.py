"""La sémantique d'Excel, épinglée sur des classeurs recalculés sans Excel : ARRONDI au plus loin
de zéro, cellule vide = 0, booléens ignorés par SOMME sur une plage, dates en numéro de série, en
date ou en texte, argument omis ; mêmes valeurs par le modèle compilé du lot."""

import datetime as dt

import openpyxl
import pytest

from udfs import moteur
from udfs.arrondi import arrondi_excel, arrondi_superieur, euros

CAS = {
    "B1": ("=ROUND(1.005,2)", 1.01),
    "B2": ("=ROUND(2.5,0)", 3),
    "B3": ("=ROUND(-2.5,0)", -3),
    "B4": ("=ROUND(123.456,-1)", 120),
    "B5": ("=ROUND(2.675,2)", 2.68),
    "B6": ("=A9+1", 1),                                     # A9 vide
    "B7": ("=SUM(A1:A3)", 30),                              # A2 = VRAI ignoré
    "B8": ("=SUBVENTION_PLAI(A4,,2019864,0.2,)", 403972.8),  # A4 date
    "B9": ("=SUBVENTION_PLAI(A5,,2019864,0.2,)", 403972.8),  # A5 numéro de série 44348
    "B10": ("=SUBVENTION_PLAI(A6,,2019864,0.2,)", 403972.8),  # A6 texte « 01/06/2021 »
    "B11": ('=A9=""', True),
    "B12": ("=SU_FOYER(C1:C2,D1:D2)", 25),
    "B13": ("=SU_FOYER(C1:C2,D1:D2,)", 25),                 # argument omis = facultatif absent
    "B14": ("=CS_FOYER(A2,880)", "#nl : VRAI/FAUX reçu au lieu d'un nombre"),
    "B15": ("=CS_FOYER(A9,880)", "#nl : valeur manquante"),
    "B16": ("=SUM(A1,TRUE)", 11),                           # VRAI en argument direct : compté
    "B17": ("=A2+1", 2),                                    # VRAI en arithmétique : 1
    "B18": ("=COUNT(A1:A3)", 2),
    "B19": ("=ROUND(A7,2)", 1.01),                          # 1,005 saisi dans une cellule
    "B20": ("=ROUND(-1.005,2)", -1.01),
    "B21": ("=ROUND(0.285,2)", 0.29),
    "B22": ("=A9*2", 0),
    "B23": ('=A9&"x"', "x"),                                # vide = "" en texte
    "B24": ("=SUM(A9:A10)", 0),
    "B25": ("=A1/0", "#DIV/0!"),
    "B26": ("=SUBVENTION_PLAI(A8,,2019864,0.2,)", 403972.8),  # A8 date avec heure
    "B27": ('=SUBVENTION_PLAI("2021-06-01",,2019864,0.2,)', 403972.8),
}


@pytest.fixture(scope="module")
def classeur(tmp_path_factory):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Excel"
    ws["A1"], ws["A2"], ws["A3"] = 10, True, 20
    ws["A4"] = dt.datetime(2021, 6, 1)
    ws["A5"] = 44348
    ws["A6"] = "01/06/2021"
    ws["A7"] = 1.005
    ws["A8"] = dt.datetime(2021, 6, 1, 12, 30)
    ws["C1"], ws["C2"], ws["D1"], ws["D2"] = 20, 10, "logement", "annexe"
    for ref, (formule, _) in CAS.items():
        ws[ref] = formule
    chemin = tmp_path_factory.mktemp("excel") / "semantique.xlsx"
    wb.save(chemin)
    return chemin


@pytest.mark.parametrize("ref", sorted(CAS, key=lambda r: int(r[1:])))
def test_recalcul_direct(classeur, ref):
    attendu = CAS[ref][1]
    valeur = moteur.recalculer(classeur)[f"Excel!{ref}"]
    assert valeur == attendu if isinstance(attendu, (str, bool)) else valeur == pytest.approx(attendu, abs=1e-12)


def test_date_saisie_en_date_en_serie_en_texte(classeur):
    """Les trois formes de la même date donnent la même subvention, par les deux moteurs."""
    direct = moteur.recalculer(classeur)
    compile_ = moteur.ModeleCompile(classeur).calculer(classeur, moteur.lire_cellules(classeur))
    for resultat in (direct, compile_):
        assert {resultat[f"Excel!{r}"] for r in ("B8", "B9", "B10", "B26", "B27")} == {403972.8}


def test_modele_compile_identique(classeur):
    compile_ = moteur.ModeleCompile(classeur).calculer(classeur, moteur.lire_cellules(classeur)).valeurs
    assert compile_ == moteur.recalculer(classeur).valeurs


def test_modele_compile_sur_un_autre_dossier(classeur, tmp_path):
    """Le lot compile le modèle sur le premier dossier et l'applique aux suivants : d'autres saisies
    (date en texte au lieu d'une date, cellule vidée, booléen changé) donnent ce que donne le
    recalcul direct de ces dossiers."""
    wb = openpyxl.load_workbook(classeur)
    ws = wb["Excel"]
    ws["A4"] = "2021-06-01"
    ws["A1"] = None
    ws["A2"] = 5
    ws["A7"] = 2.675
    autre = tmp_path / "autre.xlsx"
    wb.save(autre)
    modele = moteur.ModeleCompile(classeur)
    cellules = moteur.lire_cellules(autre)
    assert cellules.signature == modele.signature
    compile_ = modele.calculer(autre, cellules).valeurs
    assert compile_ == moteur.recalculer(autre).valeurs
    assert compile_["Excel!B7"] == 25 and compile_["Excel!B8"] == 403972.8 and compile_["Excel!B19"] == 2.68


@pytest.mark.parametrize("formules", [{}, {"A2": "=A1*2"}, {"A2": "=A1*2", "A3": "=CS_FOYER(A1,880)"}],
                         ids=["aucune", "une", "deux"])
def test_modele_compile_zero_une_ou_plusieurs_formules(tmp_path, formules):
    """Une seule formule : la fonction compilée rend la valeur seule, pas une liste (c'était
    « TypeError: 'Ranges' object is not iterable » dans le lot)."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = 40
    for ref, f in formules.items():
        wb.active[ref] = f
    chemin = tmp_path / "petit.xlsx"
    wb.save(chemin)
    compile_ = moteur.ModeleCompile(chemin).calculer(chemin, moteur.lire_cellules(chemin)).valeurs
    assert compile_ == moteur.recalculer(chemin).valeurs
    assert set(compile_) == {f"Sheet!{r}" for r in formules}


@pytest.mark.parametrize("x,d,attendu", [
    (1.005, 2, 1.01), (2.5, 0, 3), (-2.5, 0, -3), (0.5, 0, 1), (1.5, 0, 2), (-0.5, 0, -1),
    (123.456, -1, 120), (125, -1, 130), (403972.80000000005, 2, 403972.8), (2.675, 2, 2.68),
])
def test_arrondi_excel(x, d, attendu):
    assert arrondi_excel(x, d) == attendu


@pytest.mark.parametrize("x,attendu", [
    (0.07500000000000001, 0.075),   # bruit flottant de 138,6 / 1 848 : pas 0,0751
    (0.018148820326678767, 0.0182),
    (0.11666666666666667, 0.1167),
    (-0.008771929824561403, -0.0087),
    (-0.043834, -0.0438),
    (0.0180, 0.018),
    (0.01815, 0.0182),
    (138.6 / 1848, 0.075),
])
def test_arrondi_superieur_4_decimales(x, attendu):
    assert arrondi_superieur(x, 4) == attendu


def test_euros():
    assert euros(2019864 * 1.093 * 0.2 / 1.093) == 403972.8
