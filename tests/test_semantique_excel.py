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


def test_modele_compile_identique(classeur):
    compile_ = moteur.ModeleCompile(classeur).calculer(classeur, moteur.lire_cellules(classeur)).valeurs
    assert compile_ == moteur.recalculer(classeur).valeurs


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
])
def test_arrondi_superieur_4_decimales(x, attendu):
    assert arrondi_superieur(x, 4) == attendu


def test_euros():
    assert euros(2019864 * 1.093 * 0.2 / 1.093) == 403972.8
