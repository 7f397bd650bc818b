"""Les classeurs livrés tels que LibreOffice les imprime (français, profil privé), sans le
complément : valeurs livrées affichées, aucune erreur, Synthèse sur une page, en-tête de la
projection sur chaque page, textes longs entiers."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.outils.classeurs import WORKBOOKS, copie_calculee, soffice
from udfs.classeurs import generation

pytestmark = pytest.mark.libreoffice
LIVRES = sorted(generation.classeurs_livres())


def _pages(pdf: Path) -> list[str]:
    # -raw : dans l'ordre du document, le texte d'une cellule renvoyé à la ligne reste d'un tenant
    texte = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout
    return [re.sub(r"[\u202f\xa0]", " ", page) for page in texte.split("\f") if page.strip()]


def _plat(texte: str) -> str:
    return re.sub(r"\s+", " ", texte)


@pytest.fixture(scope="module")
def rendus(tmp_path_factory):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) absent")
    dossier = tmp_path_factory.mktemp("rendus")
    fichiers = []
    for relatif in LIVRES:
        cible = dossier / Path(relatif).name
        shutil.copy(WORKBOOKS / relatif, cible)
        fichiers.append(cible)
    soffice(dossier, "pdf", *fichiers)
    return {relatif: _pages(dossier / (Path(relatif).stem + ".pdf")) for relatif in LIVRES}


@pytest.mark.parametrize("relatif", LIVRES)
def test_rendu_sans_erreur(rendus, relatif):
    texte = "\n".join(rendus[relatif])
    for erreur in ("Err:", "#NOM", "#NAME", "#VALEUR", "#VALUE", "#REF", "#DIV", "#N/A"):
        assert erreur not in texte, erreur


INSTRUCTION = [r for r in LIVRES if not r.startswith("formation/")]


@pytest.mark.parametrize("relatif", INSTRUCTION)
def test_synthese_sur_une_page_et_projection_avec_son_en_tete(rendus, relatif):
    pages = rendus[relatif]
    synthese = [p for p in pages if "– Synthèse – page" in p]
    assert len(synthese) == 1
    assert "Synthèse pour le comité" in synthese[0] and "Avis de l'instructeur" in synthese[0]
    projection = [p for p in pages if "– Projection – page" in p]
    assert projection and all("Année" in p and "Résultat du bailleur" in p for p in projection)
    assert "Galion" not in "\n".join(pages) and "udfs/" not in "\n".join(pages)


def test_valeurs_livrees_affichees(rendus):
    """Le classeur livré, sans recalcul ni complément : ses valeurs à la française."""
    rs = _plat("\n".join(rendus["exemples/residence_sociale_40_2021.xlsx"]))
    for attendu in ("403 972,80 €", "2 019 864,00 €", "880,00 m²", "Équilibrée", "2,1000", "Équilibré",
                    "EXEMPLE-2021-0040", "Favorable sous conditions"):
        assert attendu in rs, attendu
    # l'alerte longue de l'annexe I, entière sur la Synthèse et sur la feuille Prix de revient
    alerte = ("Abords : 200 000,00 € dépassent le plafond de 132 000,00 € (4 % des travaux, annexe I de "
              "l'arrêté du 17 octobre 2011)")
    synthese = _plat(next(p for p in rendus["exemples/residence_sociale_40_2021.xlsx"] if "– Synthèse –" in p))
    assert alerte in synthese
    fjt = _plat("\n".join(rendus["exemples/fjt_2025.xlsx"]))
    assert "Déséquilibrée : gestionnaire en déficit de 34 048,00 €" in fjt
    assert "-34 048,00 €" in fjt


def test_classeur_vierge_a_saisir(rendus):
    synthese = next(p for p in rendus["instruction_residence_sociale.xlsx"] if "– Synthèse –" in p)
    assert synthese.count("À saisir") >= 20
    assert "Sans objet" not in synthese


def test_formation_rendue(rendus):
    stagiaire = _plat("\n".join(rendus["formation/etude_de_cas_stagiaire.xlsx"]))
    assert "À compléter" in stagiaire and "Corrigé" not in stagiaire
    corrige = rendus["formation/etude_de_cas_corrige.xlsx"]
    assert all("Corrigé –" in p for p in corrige)                 # pied de page de chaque page
    assert "1 050 × 1,874151 × 662,5" in _plat("\n".join(corrige))  # calcul détaillé


def test_besoin_non_finance_et_erreur_rendus(tmp_path):
    """Une copie calculée d'un dossier au plan non bouclé et une autre à la subvention en erreur :
    le plan se lit en clair, l'erreur se voit avec sa cause."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) absent")
    copie_calculee(WORKBOOKS / "exemples/residence_sociale_40_2021.xlsx", tmp_path / "besoin_c.xlsx",
                   {"PRET_CAPITAL": 2_456_027.20 - 1_150_000})
    copie_calculee(WORKBOOKS / "exemples/pension_de_famille_2024.xlsx", tmp_path / "erreur_c.xlsx",
                   {"FORFAIT_SAISI": 70_000})
    soffice(tmp_path, "pdf", tmp_path / "besoin_c.xlsx", tmp_path / "erreur_c.xlsx")
    besoin = _plat(next(p for p in _pages(tmp_path / "besoin_c.pdf") if "– Synthèse –" in p))
    assert "Besoin non financé : 1 150 000,00 €" in besoin
    erreur = _pages(tmp_path / "erreur_c.pdf")
    synthese = _plat(next(p for p in erreur if "– Synthèse –" in p))
    assert "#forfait_par_logement : 70 000 € par logement dépasse le plafond de 60 000 €" in synthese
    assert "En erreur : Subvention PLAI de l'État ; Plan de financement" in synthese
    plan = _plat(next(p for p in erreur if "– Plan de financement –" in p))
    assert "#Subvention en erreur" in plan and "70 000 € par logement dépasse" in plan


def _graduations(page: str) -> list[str]:
    """Les étiquettes de l'axe des montants du graphique : seules sur leur ligne, « 30 000 € »."""
    return [l.strip() for l in page.splitlines() if re.fullmatch(r"-?\d[\d ]*(,\d+)? €", l.strip())]


def test_axe_du_graphique_lisible(rendus):
    """Classeur vierge : le graphique n'a pas de données, l'axe va de 0 à 1 € ; ses graduations sont
    distinctes (pas « 0 €, 1 €, 1 € »). Dossier rempli : montants entiers, zéro compris."""
    vierge = next(p for p in rendus["instruction_residence_sociale.xlsx"] if "– Projection –" in p)
    graduations = [g for g in _graduations(vierge) if g != "0,00 €"]     # les hypothèses à 0,00 €
    assert len(graduations) >= 3 and len(graduations) == len(set(graduations)), graduations
    assert graduations[0] == "0 €" and graduations[-1] == "1 €"
    rempli = next(p for p in rendus["exemples/residence_sociale_40_2021.xlsx"] if "– Projection –" in p)
    axe = [g for g in _graduations(rempli) if "," not in g]
    assert {"-30 000 €", "0 €", "30 000 €"} <= set(axe), axe
