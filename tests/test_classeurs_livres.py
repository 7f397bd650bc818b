"""Les classeurs livrés dans workbooks/ : conformes à leur spécification, livrés avec leurs valeurs
calculées, résultats égaux aux calculs faits à la main, aucune erreur changée en 0, couleurs qui
disent si le résultat est bon, projection avec TFPB et graphique ; le validateur compare les
formules comme un tableur et nomme les champs ; les noms définis sont une interface."""

import datetime as dt
import html
import re
import shutil
import zipfile
from pathlib import Path

import formulas
import openpyxl
import pytest
from lxml import etree

from tests.outils.classeurs import WORKBOOKS, adresse, copie_calculee, copie_modifiee, mettre, ref, soffice
from udfs import cli, moteur
from udfs.copie import CALC_ID_RECENT
from udfs.classeurs import generation, instruction
from udfs.classeurs.generation import ORANGE, ROUGE, VERT
from udfs.classeurs.validation import normaliser_formule, valider

RACINE = WORKBOOKS.parent
LIVRES = sorted(generation.classeurs_livres())
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
RS_2021 = WORKBOOKS / "exemples/residence_sociale_40_2021.xlsx"
PENSION = WORKBOOKS / "exemples/pension_de_famille_2024.xlsx"
FJT = WORKBOOKS / "exemples/fjt_2025.xlsx"
VIERGE = WORKBOOKS / "instruction_residence_sociale.xlsx"


@pytest.fixture(scope="module")
def generes(tmp_path_factory):
    """Chaque classeur régénéré depuis sa spécification, et le recalcul que la génération en a
    fait par le moteur (un seul recalcul par classeur pour tout le module)."""
    dossier = tmp_path_factory.mktemp("regeneres")
    resultats = {}
    for relatif, modele in generation.classeurs_livres().items():
        octets, resultats[relatif] = generation.calculer(modele)
        (dossier / relatif).parent.mkdir(parents=True, exist_ok=True)
        (dossier / relatif).write_bytes(octets)
    return dossier, resultats


@pytest.fixture(scope="module")
def regeneres(generes):
    return generes[0]


@pytest.fixture(scope="module")
def calcules(generes):
    """Les valeurs du moteur pour chaque classeur livré (identique à l'octet à sa régénération)."""
    return generes[1]


@pytest.mark.parametrize("relatif", LIVRES)
def test_classeur_commite_identique_a_sa_specification(relatif, regeneres):
    """Le fichier commité est identique à l'octet à celui que produit sa spécification, valeurs
    calculées comprises (la génération est déterministe). Régénérer : ``rs-instruction generer``."""
    if (WORKBOOKS / relatif).read_bytes() != (regeneres / relatif).read_bytes():
        with zipfile.ZipFile(WORKBOOKS / relatif) as commite, zipfile.ZipFile(regeneres / relatif) as attendu:
            differentes = sorted(set(commite.namelist()) ^ set(attendu.namelist())) + [
                n for n in attendu.namelist() if n in commite.namelist() and commite.read(n) != attendu.read(n)]
        pytest.fail(f"{relatif} diffère de sa spécification ({', '.join(differentes)}) : "
                    "lancer « rs-instruction generer »")


# --- 1. Valeurs calculées livrées ---------------------------------------------------------------

def _valeurs_en_cache(chemin: Path) -> dict[str, tuple[str | None, str | None]]:
    """{« Feuille!A1 » : (type t, texte de <v>)} de chaque cellule à formule, lus dans le XML."""
    from udfs.copie import _parties_feuilles
    trouvees = {}
    with zipfile.ZipFile(chemin) as archive:
        for feuille, partie in _parties_feuilles(archive).items():
            racine = etree.fromstring(archive.read(partie))
            for c in racine.iterfind(".//m:c", NS):
                if c.find("m:f", NS) is not None:
                    v = c.find("m:v", NS)
                    trouvees[f"{feuille}!{c.get('r')}"] = (c.get("t"), None if v is None else (v.text or ""))
    return trouvees


@pytest.mark.parametrize("relatif", LIVRES)
def test_chaque_formule_porte_sa_valeur_calculee(relatif, calcules):
    """Ouvert sans le complément, un classeur livré montre des valeurs : chaque formule a sa valeur
    en cache, celle que calcule le moteur ; et rien n'impose à Excel de tout recalculer à
    l'ouverture (pas de fullCalcOnLoad, calcId de la version qui a calculé : README, « Les
    classeurs »), sinon Excel sans le complément remplacerait ces valeurs par #NOM?."""
    cache = _valeurs_en_cache(WORKBOOKS / relatif)
    valeurs = calcules[relatif].valeurs
    assert set(cache) == set(valeurs) and cache
    for cle, (type_, texte) in cache.items():
        attendu = valeurs[cle]
        assert texte is not None, cle
        if isinstance(attendu, str):
            assert (type_, texte) == ("str", attendu), cle
        else:
            assert type_ in (None, "n") and float(texte) == pytest.approx(float(attendu), rel=1e-12, abs=1e-9), cle
    with zipfile.ZipFile(WORKBOOKS / relatif) as archive:
        calcul = re.findall(rb"<calcPr[^>]*/>", archive.read("xl/workbook.xml"))
    assert calcul == [f'<calcPr calcId="{CALC_ID_RECENT}"/>'.encode()]


def test_valeurs_lisibles_sans_moteur():
    """Ce que lit un script (openpyxl, data_only) ou un aperçu sans le complément : des valeurs,
    jamais #NOM?."""
    classeur = openpyxl.load_workbook(RS_2021, data_only=True)
    f, c = ref(classeur, "RES_SUBVENTION")
    assert classeur[f][c].value == 403_972.80
    assert classeur[f][ref(classeur, "RES_VERDICT")[1]].value == "Équilibrée"
    valeurs = [c.value for ws in classeur.worksheets for ligne in ws.iter_rows() for c in ligne]
    assert not [v for v in valeurs if isinstance(v, str) and v.startswith(("#NOM", "#NAME"))]


@pytest.mark.parametrize("relatif", LIVRES)
def test_recalcul_sans_cellule_en_erreur(relatif, calcules):
    erreurs = {k: v for k, v in calcules[relatif].valeurs.items() if isinstance(v, str) and v.startswith("#")}
    assert not erreurs


@pytest.mark.parametrize("relatif", LIVRES)
def test_structure_conforme(relatif):
    assert valider(WORKBOOKS / relatif) == []


# --- Dossiers d'exemple : valeurs calculées à la main ------------------------------------------

def _annuite(k, t, n):
    return k * t / (1 - (1 + t) ** -n)


def test_pension_de_famille_2024(calcules):
    r = calcules["exemples/pension_de_famille_2024.xlsx"]
    # SU = 20 × 20 + ½ × 2 × 4 = 404 ; SLC = 60 + 25 + 12 + 80 = 177
    assert (r.nom("RES_SU"), r.nom("RES_SLC")) == (404, 177)
    # CS = 0,77 × (1 + 20 × 38 / 404) ; MQ : 0,77 × (177 − 360) / (CS × 404) = −0,1572 ; + 0,024 → < 0 → 0
    assert r.nom("RES_CS") == pytest.approx(0.77 * (1 + 760 / 404))
    assert r.nom("RES_MQ") == 0
    assert r.nom("REGIME") == "forfait par logement"
    assert r.nom("RES_ASSIETTE") == "Sans objet (régime forfaitaire)"
    assert r.nom("RES_SUBVENTION") == 500_000                      # 20 × 25 000 (PLAI adapté ≤ 60 000)
    assert r.nom("RES_PRIX_REVIENT") == 2_570_000
    assert r.nom("RES_PLAN") == 0
    assert r.nom("TAUX_PRET_CDC") == pytest.approx(0.028)          # Livret A 3 % − 0,20
    # annuités : 1 200 000 sur 40 ans et 420 000 sur 50 ans à 2,80 % = 50 249,84 + 15 709,07
    assert r.nom("ANNUITES") == pytest.approx(65_958.91, abs=0.01)
    # TFPB exonérée l'année 1 (25 ans d'exonération) : 85 000 − 65 958,91 − (8 000 + 6 000 + 3 000)
    assert r.nom("TFPB_ANNEE_1") == 0
    assert r.nom("RES_BILAN_BAILLEUR") == pytest.approx(85_000 - 65_958.91 - 17_000, abs=0.01)
    # 100 800 × 0,97 + 142 350 − (85 000 + 12 000 + 100 000 + 5 000 + 30 000) = 8 126
    assert r.nom("RES_BILAN_GESTIONNAIRE") == pytest.approx(8_126)
    assert r.nom("RES_VERDICT") == "Équilibrée"
    assert r.nom("RES_COMPLETUDE") == "Complet" and r.nom("RES_CALCUL") == "Complet"
    assert r.nom("RES_ALERTES") == "Aucune alerte"
    assert r.nom("RES_REDEVANCE").startswith("Conforme")


def test_residence_sociale_40_2021_exemple_8_2(calcules):
    r = calcules["exemples/residence_sociale_40_2021.xlsx"]
    assert (r.nom("RES_SU"), r.nom("RES_SLC")) == (880, 900)     # 40 × 20 + ½ × 40 × 4 ; 150+60+40+100+550
    assert r.nom("RES_CS") == pytest.approx(2.1)
    assert r.nom("RES_MQ") == 0.093
    assert r.nom("REGIME") == "assiette × taux"
    assert r.nom("RES_ASSIETTE") == 2_019_864
    assert r.nom("RES_SUBVENTION") == 403_972.80
    assert r.nom("TAUX_PRET_CDC") == pytest.approx(0.003)          # Livret A 0,50 % − 0,20
    annuites = _annuite(2_456_027.20, 0.003, 40) + _annuite(1_000_000, 0.003, 50)
    assert r.nom("ANNUITES") == pytest.approx(annuites) == pytest.approx(86_817.74, abs=0.01)
    assert r.nom("RES_BILAN_GESTIONNAIRE") == pytest.approx(5_200)   # 216 000 × 0,95 + 26 000 − 226 000
    assert r.nom("RES_VERDICT") == "Équilibrée"
    # abords 200 000 > 4 % × 3 300 000 = 132 000
    assert r.nom("RES_ALERTES").startswith("Abords : 200 000,00 € dépassent le plafond de 132 000,00 €")


def test_fjt_2025_petits_logements_et_deficit(calcules):
    r = calcules["exemples/fjt_2025.xlsx"]
    assert (r.nom("RES_SU"), r.nom("RES_SLC")) == (1180, 900)    # 60 × 18 + 10 × 10 (privatif)
    # SU moyenne 19,67 < 20 : (900 − 1 770 + 720) / (2,9 × 1 180) = −0,04383 → −0,0438 ;
    # + taille 0,012 + ascenseur type 2 0,05 = 0,0182
    assert r.nom("RES_MQ") == 0.0182
    assert r.nom("RES_SUBVENTION") == 1_080_000                    # 60 × 18 000
    assert r.nom("TAUX_PRET_CDC") == pytest.approx(0.022)          # Livret A 2,40 % (01/02/2025) − 0,20
    # 345 600 × 0,92 + 130 000 − 482 000 = −34 048
    assert r.nom("RES_BILAN_GESTIONNAIRE") == pytest.approx(-34_048)
    assert r.nom("RES_VERDICT") == "Déséquilibrée : gestionnaire en déficit de 34 048,00 €"
    assert r.nom("RES_COMPLETUDE") == "Incomplet"                  # permis de construire manquant
    assert r.nom("RES_ANNEE_DEFICIT") == 1
    # table des maximums datée : 485 € au 01/01/2024, 500 € au 01/01/2025 → 500 € au 10/03/2025
    assert r.nom("CONTROLE_REDEVANCE_TEXTE") == ("Conforme : redevance pratiquée 480,00 € ≤ maximum 500,00 € "
                                                 "(marge 20,00 €)")


# --- 2. La Synthèse, page du comité ------------------------------------------------------------

def test_synthese_vierge_dit_a_saisir(calcules):
    r = calcules["instruction_residence_sociale.xlsx"]
    for nom in ("RES_NL", "RES_SU", "RES_SLC", "RES_CS", "RES_MQ", "RES_PRIX_REVIENT", "RES_ASSIETTE",
                "RES_SUBVENTION", "RES_PLAN", "RES_BILAN_BAILLEUR", "RES_BILAN_GESTIONNAIRE", "RES_VERDICT",
                "RES_ANNEE_DEFICIT", "RES_ALERTES", "RES_REDEVANCE"):
        assert r.nom(nom) == "À saisir", nom
    assert not [v for v in r.valeurs.values() if isinstance(v, str) and "Sans objet" in v]
    assert r.nom("RES_CALCUL").startswith("À compléter")


def test_completude_des_annuites_suit_les_prets_saisis(calcules, tmp_path):
    """Un classeur vierge n'a rien de calculé : les annuités (0 € faute de prêt) attendent qu'un
    prêt soit saisi ; un prêt saisi à 0 € donne un calcul, 0 €."""
    ligne = next(c.row for c in openpyxl.load_workbook(VIERGE)["Complétude"]["A"] if c.value == "Annuités")
    vierge = calcules["instruction_residence_sociale.xlsx"]
    assert vierge.valeurs[f"Complétude!B{ligne}"] == "À compléter"
    assert vierge.nom("RES_CALCUL") == f"À compléter : {len(instruction.RESULTATS_SUIVIS)} résultat(s) sur " \
                                       f"{len(instruction.RESULTATS_SUIVIS)}"
    r = copie_modifiee(VIERGE, tmp_path / "pret_nul.xlsx", {"PRET_CAPITAL": 0})
    assert r.nom("ANNUITES") == 0 and r.valeurs[f"Complétude!B{ligne}"] == "Calculé"


def test_synthese_identification_et_avis():
    """Bloc d'identification repris des saisies ; l'avis de l'instructeur se saisit sur la
    Synthèse (cellules déverrouillées)."""
    classeur = openpyxl.load_workbook(FJT)
    ws = classeur["Synthèse"]
    textes = {c.value for ligne in ws.iter_rows() for c in ligne if isinstance(c.value, str)}
    for libelle in ("Opération", "Numéro SIAP", "Commune", "Maître d'ouvrage", "Gestionnaire", "Type de structure",
                    "Zone ; nature de l'opération", "Date de dépôt de la demande", "Date de la décision"):
        assert libelle in textes, libelle
    for nom in ("AVIS", "MONTANT_PROPOSE", "CONDITIONS", "INSTRUCTEUR", "DATE_AVIS"):
        feuille, cellule = ref(classeur, nom)
        assert feuille == "Synthèse" and not ws[cellule].protection.locked, nom
    valeurs = openpyxl.load_workbook(FJT, data_only=True)["Synthèse"]
    lues = [c.value for ligne in valeurs.iter_rows(max_col=2) for c in ligne]
    assert "EXEMPLE-2025-0060" in lues and "Zone 1 ; Neuf" in lues and "Ajournement" in lues
    # une page, colonnes A et B, jusqu'à la date de l'avis
    derniere = ref(classeur, "DATE_AVIS")[1][1:]
    assert ws.page_setup.fitToHeight == 1 and ws.page_setup.fitToWidth == 1
    assert ws.print_area == f"'Synthèse'!$A$1:$B${derniere}"


def test_plan_de_financement_en_clair(tmp_path):
    """« Équilibré », ou le besoin non financé en euros, par le format de nombre (pas de TEXTE,
    qui dépend de la langue du poste)."""
    classeur = openpyxl.load_workbook(RS_2021)
    feuille, cellule = ref(classeur, "RES_PLAN")
    assert classeur[feuille][cellule].number_format == instruction.FORMAT_ECART
    # un prêt de 1 150 000 € en moins : besoin non financé de 1 150 000 €
    r = copie_modifiee(RS_2021, tmp_path / "besoin.xlsx", {"PRET_CAPITAL": 2_456_027.20 - 1_150_000})
    assert r.nom("RES_PLAN") == pytest.approx(-1_150_000)
    assert r.nom("ECART_PLAN") == pytest.approx(-1_150_000)


# --- 3. Pas de zéro silencieux -----------------------------------------------------------------

@pytest.mark.parametrize("modification,cause", [
    ({"FORFAIT_SAISI": 70_000}, "#forfait_par_logement : 70 000 € par logement dépasse le plafond de 60 000 €"),
    ({"Logements!C6": "vingt"}, "#typologie : un nombre de logements n'est pas un nombre"),
])
def test_une_erreur_se_voit_partout_ou_elle_sert(tmp_path, modification, cause):
    """La subvention en erreur (montant au-dessus du plafond, NL en texte) : le plan de financement,
    la synthèse et la complétude du calcul le disent, jamais 0 €."""
    r = copie_modifiee(PENSION, tmp_path / "erreur.xlsx", modification)
    assert r.nom("SUBVENTION").startswith(cause)
    assert r.nom("RES_SUBVENTION").startswith(cause)
    for nom in ("SUBV_ETAT", "TOTAL_SUBVENTIONS", "ECART_PLAN", "RES_PLAN"):
        assert isinstance(r.nom(nom), str) and r.nom(nom).startswith("#") and "Subvention" in r.nom(nom), nom
    calcul = r.nom("RES_CALCUL")
    assert calcul.startswith("En erreur : ") and "Subvention PLAI de l'État" in calcul and "Plan de financement" in calcul
    # la cause en clair à côté de la subvention reprise dans le plan
    classeur = openpyxl.load_workbook(tmp_path / "erreur.xlsx")
    feuille, cellule = ref(classeur, "SUBV_ETAT")
    assert r[f"{feuille}!D{cellule[1:]}"].startswith("Feuille Subvention : " + cause[1:])


def test_une_surface_en_erreur_n_est_pas_un_zero(tmp_path):
    r = copie_modifiee(RS_2021, tmp_path / "surface.xlsx", {"Surfaces!C6": -20})
    assert r.nom("SURFACE_UTILE").startswith("#surfaces")
    for nom in ("CS", "MQ", "ASSIETTE", "SUBVENTION", "RES_SU", "RES_CS", "RES_SUBVENTION", "RES_PLAN"):
        assert isinstance(r.nom(nom), str) and r.nom(nom).startswith("#"), nom
    assert r.nom("CS") == "#Surface utile en erreur"


# --- 4. Mise en forme conditionnelle -------------------------------------------------------------

def _couleur(chemin: Path, nom: str) -> str | None:
    """La couleur de fond que la mise en forme conditionnelle donne à la cellule du nom ``nom``,
    ses formules évaluées (par ``formulas``) sur la valeur en cache de la cellule."""
    classeur = openpyxl.load_workbook(chemin)
    feuille, cellule = ref(classeur, nom)
    valeur = openpyxl.load_workbook(chemin, data_only=True)[feuille][cellule].value
    regles = []
    for plage in classeur[feuille].conditional_formatting:
        if cellule in plage.sqref:
            regles += plage.rules
    assert regles, f"{nom} : aucune mise en forme conditionnelle"
    for regle in sorted(regles, key=lambda r: r.priority):
        test = formulas.Parser().ast("=" + regle.formula[0])[1].compile()
        if test(*([valeur] * len(test.inputs))):
            return regle.dxf.fill.fgColor.rgb[-6:]
    return None


@pytest.mark.parametrize("classeur,nom,couleur", [
    (FJT, "RES_BILAN_GESTIONNAIRE", ROUGE),         # −34 048 €
    (FJT, "RES_VERDICT", ROUGE),                    # « Déséquilibrée : … »
    (FJT, "RES_COMPLETUDE", ROUGE),                 # « Incomplet »
    (FJT, "RES_ANNEE_DEFICIT", ORANGE),             # déficit dès l'année 1
    (FJT, "RESULTAT_GESTIONNAIRE", ROUGE),
    (FJT, "RES_BILAN_BAILLEUR", VERT),
    (FJT, "RES_PLAN", VERT),                        # « Équilibré »
    (RS_2021, "RES_ALERTES", ORANGE),               # abords au-dessus du plafond
    (RS_2021, "ALERTES_PRIX_REVIENT_TEXTE", ORANGE),
    (PENSION, "RES_ALERTES", VERT),                 # « Aucune alerte »
    (PENSION, "RES_VERDICT", VERT),
    (PENSION, "RES_REDEVANCE", VERT),               # « Conforme : … »
    (VIERGE, "RES_ALERTES", None),                  # « À saisir » : neutre
    (VIERGE, "RES_VERDICT", None),
    (VIERGE, "RES_COMPLETUDE", ROUGE),              # 12 pièces non renseignées
])
def test_couleur_selon_le_resultat(classeur, nom, couleur):
    attendu = couleur[0] if couleur else None
    assert _couleur(classeur, nom) == attendu


def test_couleur_d_une_erreur_et_d_un_besoin(tmp_path):
    copie_calculee(PENSION, tmp_path / "e.xlsx", {"FORFAIT_SAISI": 70_000})
    for nom in ("RES_SUBVENTION", "RES_PLAN", "ECART_PLAN", "SUBV_ETAT", "RES_CALCUL"):
        assert _couleur(tmp_path / "e.xlsx", nom) == ROUGE[0], nom
    copie_calculee(RS_2021, tmp_path / "b.xlsx", {"PRET_CAPITAL": 1_000_000})
    assert _couleur(tmp_path / "b.xlsx", "RES_PLAN") == ROUGE[0]          # besoin non financé


def test_vert_seulement_par_mise_en_forme_conditionnelle():
    """Aucun résultat n'est vert par son style : le vert vient d'une règle sur la valeur."""
    for chemin in (VIERGE, FJT):
        for ws in openpyxl.load_workbook(chemin).worksheets:
            for ligne in ws.iter_rows():
                for c in ligne:
                    if c.fill is not None and c.fill.fgColor is not None and c.fill.fgColor.rgb:
                        assert not str(c.fill.fgColor.rgb).endswith(VERT[0]), f"{ws.title}!{c.coordinate}"


# --- 5. Projection : TFPB, graphique, en-tête répété ------------------------------------------

def _projection(resultat, classeur, annee, col="B"):
    return resultat[f"Projection!{col}{instruction.LIGNE_PROJECTION + annee - 1}"]


def test_tfpb_due_des_l_annee_26(calcules, tmp_path):
    """Exonération de 25 ans (« T.F.P.B. (Exo. 25 ans) » du support) : le résultat du bailleur
    perd la TFPB indexée à partir de l'année 26, pas avant ; celui du gestionnaire n'y est pour rien."""
    r = calcules["exemples/residence_sociale_40_2021.xlsx"]
    annuites = r.nom("ANNUITES")

    def bailleur(k, tfpb_due):
        # loyer 120 000 indexé 1 % ; charges 29 000 (PGR, frais, assurance) indexées 1,5 % ; TFPB 16 000 indexée 1,5 %
        return 120_000 * 1.01 ** (k - 1) - annuites - (29_000 + (16_000 if tfpb_due else 0)) * 1.015 ** (k - 1)
    for k in (1, 2, 25):
        assert _projection(r, None, k) == pytest.approx(bailleur(k, False))
    for k in (26, 30, 40):
        assert _projection(r, None, k) == pytest.approx(bailleur(k, True))
    # la même opération sans jamais de TFPB : écart nul jusqu'à 25, égal à la TFPB indexée ensuite
    sans = copie_modifiee(RS_2021, tmp_path / "sans_tfpb.xlsx", {"EXONERATION_TFPB": 40})
    for k in range(1, 41):
        ecart = _projection(sans, None, k) - _projection(r, None, k)
        assert ecart == pytest.approx(16_000 * 1.015 ** (k - 1) if k > 25 else 0, abs=1e-6), k
        assert _projection(sans, None, k, "C") == _projection(r, None, k, "C")
    # sans exonération, la TFPB est due dès l'année 1 et le bilan de l'année 1 la compte
    due = copie_modifiee(RS_2021, tmp_path / "tfpb_due.xlsx", {"EXONERATION_TFPB": 0})
    assert due.nom("TFPB_ANNEE_1") == 16_000
    assert due.nom("RES_BILAN_BAILLEUR") == pytest.approx(r.nom("RES_BILAN_BAILLEUR") - 16_000)


def test_graphique_des_deux_resultats_avec_ligne_zero():
    with zipfile.ZipFile(RS_2021) as archive:
        graphiques = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(graphiques) == 1
        xml = archive.read(graphiques[0]).decode()
    premiere, derniere = instruction.LIGNE_PROJECTION, instruction.LIGNE_PROJECTION + 39
    assert "<lineChart>" in xml and xml.count("<ser>") == 2
    assert f"'Projection'!$B${premiere}:$B${derniere}" in xml and f"'Projection'!$C${premiere}:$C${derniere}" in xml
    assert f"'Projection'!$A${premiere}:$A${derniere}" in xml                       # les 40 années
    assert '<crosses val="autoZero"/>' in xml and '<tickLblPos val="low"/>' in xml  # axe des années à 0
    # montants entiers, sauf entre −1 et 1 € (graphique vierge : graduations de 0,1 €, pas « 1 € » deux fois)
    formats = [html.unescape(f) for f in re.findall(r'<numFmt formatCode="([^"]*)" sourceLinked="0"/>', xml)]
    assert generation.FORMAT_AXE_EUROS in formats
    ws = openpyxl.load_workbook(RS_2021)["Projection"]
    assert ws.print_title_rows == f"${premiere - 1}:${premiere - 1}"                 # en-tête répété
    assert [ws[f"{c}{premiere - 1}"].value for c in "ABC"] == ["Année", "Résultat du bailleur", "Résultat du gestionnaire"]


# --- Validateur --------------------------------------------------------------------------------

@pytest.fixture
def copie_exemple(tmp_path):
    copie = tmp_path / "dossier.xlsx"
    shutil.copy(RS_2021, copie)
    return copie


def _renommer(wb, ancien, nouveau):
    defini = wb.defined_names.pop(ancien)
    defini.name = nouveau
    wb.defined_names[nouveau] = defini


def _alterer(chemin, action):
    wb = openpyxl.load_workbook(chemin)
    action(wb)
    wb.save(chemin)


def _lieu(nom):
    return adresse(openpyxl.load_workbook(RS_2021), nom)


@pytest.mark.parametrize("action,attendu", [
    (lambda wb: wb.remove(wb["Bilans"]), "Bilans : feuille absente"),
    (lambda wb: _renommer(wb, "SURFACE_UTILE", "SURFACE_UTILE_2"),
     "Classeur : nom défini « SURFACE_UTILE » absent"),
    (lambda wb: mettre(wb, "CS", 2.1),
     f"{_lieu('CS')} (CS = 0,77 × (1 + NL × 38 / SU)) : formule remplacée par la constante « 2.1 »"),
    (lambda wb: wb["Logements"].__setitem__("C6", "quarante"),
     "Logements!C6 (Nombre de logements (type n° 1)) : nombre attendu, reçu le texte « quarante »"),
    (lambda wb: mettre(wb, "NB_LOGEMENTS", 40),
     f"{_lieu('NB_LOGEMENTS')} (NL : logements et chambres de l'opération, chaque chambre comptant) : formule "
     "remplacée par la constante « 40 »"),
    (lambda wb: mettre(wb, "ZONE", "4"),
     f"{_lieu('ZONE')} (Zone (arrêté du 5 mai 1995, art. 6)) : « 4 » hors de la liste (1, 1 bis, 2, 3)"),
    (lambda wb: wb["Surfaces"].__setitem__("B6", "cuisine"),
     "Surfaces!B6 (Catégorie du local n° 1) : « cuisine » hors de la liste"),
    (lambda wb: setattr(wb["Bilans"].protection, "sheet", False), "Bilans : feuille non protégée"),
    (lambda wb: setattr(wb[ref(wb, "CS")[0]][ref(wb, "CS")[1]], "protection",
                        openpyxl.styles.Protection(locked=False)),
     f"{_lieu('CS')} (CS = 0,77 × (1 + NL × 38 / SU)) : formule déverrouillée"),
    (lambda wb: mettre(wb, "SUBV_ETAT", "=SUBVENTION"), f"{_lieu('SUBV_ETAT')} (Subvention de l'État (PLAI)) : "
                                                        "formule modifiée : =SUBVENTION"),
])
def test_validateur_rejette(copie_exemple, action, attendu, capsys):
    _alterer(copie_exemple, action)
    avant = copie_exemple.read_bytes()
    problemes = [str(p) for p in valider(copie_exemple)]
    assert any(p.startswith(attendu) for p in problemes), problemes
    assert cli.main(["valider", str(copie_exemple)]) == 1
    assert attendu in capsys.readouterr().out
    assert copie_exemple.read_bytes() == avant          # le validateur n'écrit rien


@pytest.mark.parametrize("lue,attendue", [
    ('=IF(ISBLANK(DATE_DECISION),"",regime_subvention(DATE_DECISION))',
     '=IF(ISBLANK(DATE_DECISION),"",REGIME_SUBVENTION(DATE_DECISION))'),           # LibreOffice : minuscules
    ("=mq_foyer(NB_LOGEMENTS,SURFACE_UTILE,TRUE(),DATE_DECISION)",
     "=MQ_FOYER(NB_LOGEMENTS,SURFACE_UTILE,TRUE,DATE_DECISION)"),                    # TRUE() = TRUE
    ("=SU_FOYER( C6 , B6 ,D6 )", "=SU_FOYER(C6,B6,D6)"),                             # espaces
    ("=_xlfn.IFS(A1>0,1)", "=IFS(A1>0,1)"),
    ("='Bilans'!B5", "=Bilans!B5"),                                               # apostrophes
])
def test_formules_comparees_comme_un_tableur(lue, attendue):
    assert normaliser_formule(lue) == normaliser_formule(attendue)


@pytest.mark.parametrize("lue,attendue", [
    ('=IF(A1="oui",1,0)', '=IF(A1="Oui",1,0)'),          # un texte garde sa casse…
    ('=IF(A1="a b",1,0)', '=IF(A1="ab",1,0)'),           # … et ses espaces
    ("=A1+B1", "=A1-B1"),
])
def test_formules_differentes_restent_differentes(lue, attendue):
    assert normaliser_formule(lue) != normaliser_formule(attendue)


def test_valider_classeur_conforme_code_0(capsys):
    assert cli.main(["valider", str(VIERGE)]) == 0
    assert "structure conforme" in capsys.readouterr().err         # le résumé va sur stderr


def test_classeur_sans_modele(tmp_path, capsys):
    libre = tmp_path / "libre.xlsx"
    openpyxl.Workbook().save(libre)
    assert cli.main(["valider", str(libre)]) == 1
    assert "MODELE_CLASSEUR absent" in capsys.readouterr().out


def test_valider_complet_signale_les_saisies_obligatoires_vides(capsys):
    assert cli.main(["valider", str(VIERGE)]) == 0          # modèle vierge : structure conforme
    capsys.readouterr()
    assert cli.main(["valider", "--complet", str(VIERGE)]) == 1
    sortie = capsys.readouterr().out
    assert "Logements!C6 (Nombre de logements (type n° 1)) : saisie obligatoire vide" in sortie
    assert f"{_lieu('CHARGE_FONCIERE')} (Charge foncière ou immobilière) : saisie obligatoire vide" in sortie
    assert cli.main(["valider", "--complet", str(FJT)]) == 0


@pytest.mark.libreoffice
def test_copies_enregistrees_par_libreoffice_valident(tmp_path):
    """Chaque classeur livré, ouvert et enregistré par LibreOffice (qui écrit en minuscules les
    fonctions qu'il ne connaît pas et TRUE() pour TRUE), reste conforme et se recalcule pareil."""
    entree = tmp_path / "entree"
    entree.mkdir()
    fichiers = []
    for relatif in LIVRES:
        cible = entree / Path(relatif).name
        shutil.copy(WORKBOOKS / relatif, cible)
        fichiers.append(cible)
    sortie = tmp_path / "lo"
    sortie.mkdir()
    soffice(sortie, "xlsx", *fichiers)
    for relatif in LIVRES:
        enregistre = sortie / Path(relatif).name
        with zipfile.ZipFile(enregistre) as archive:
            assert b"LibreOffice" in archive.read("docProps/app.xml")
        assert valider(enregistre) == [], relatif
    r = moteur.recalculer(sortie / RS_2021.name)
    assert (r.nom("RES_SUBVENTION"), r.nom("RES_VERDICT")) == (403_972.80, "Équilibrée")


def test_lot_sur_les_exemples(tmp_path):
    dossier = tmp_path / "dossiers"
    shutil.copytree(WORKBOOKS / "exemples", dossier)
    (dossier / "casse.xlsx").write_bytes(b"pas un classeur")
    code = cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "synthese.xlsx"), "--sans-barre"])
    assert code == 1                                     # un fichier en échec, les autres calculés
    lignes = {l[0]: l for l in openpyxl.load_workbook(tmp_path / "synthese.xlsx")["Synthèse"].iter_rows(
        min_row=2, values_only=True)}
    assert set(lignes) == {"casse.xlsx", "fjt_2025.xlsx", "pension_de_famille_2024.xlsx",
                           "residence_sociale_40_2021.xlsx"}
    assert lignes["casse.xlsx"][1].startswith("erreur : casse.xlsx : ce n'est pas un classeur Excel")
    rs = lignes["residence_sociale_40_2021.xlsx"]
    assert rs[1:] == ("calculé", "aucun", 880, 900, 2_019_864, 403_972.8, 4_182.26, 5_200, "Équilibrée")
    csv = (tmp_path / "synthese.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv[0].startswith("Fichier;Statut;") and len(csv) == 5


def test_noms_definis_sans_collision():
    """Un nom défini égal à un nom de fonction (PRIX_REVIENT) fait échouer LibreOffice (Err:508) et
    trompe le lecteur ; un nom qui ressemble à une cellule (TVA2024) est refusé par Excel."""
    from udfs.classeurs.validation import modeles_connus
    from udfs.fonctions import REGISTRE
    for modele in modeles_connus().values():
        noms = set(modele.noms())
        assert not noms & set(REGISTRE), modele.identifiant
        assert not noms & set(formulas.get_functions()), modele.identifiant
        assert not [n for n in noms if re.fullmatch(r"[A-Z]{1,3}[0-9]+|[RC]", n)]


def test_taux_du_livret_a_inconnu_demande_puis_saisi(tmp_path):
    """Après le dernier taux du Livret A livré, le classeur demande le taux ; saisi, il s'applique."""
    r = copie_modifiee(FJT, tmp_path / "dossier.xlsx", {"DATE_DECISION": dt.datetime(2026, 10, 1)})
    assert r.nom("TAUX_PRET_CDC").startswith("#livret_a : aucune valeur publiée en vigueur au 01/10/2026")
    assert r.nom("ANNUITES") == "#Taux du prêt en erreur"
    r = copie_modifiee(tmp_path / "dossier.xlsx", tmp_path / "dossier2.xlsx", {"TAUX_PRET_SAISI": 0.013})
    assert r.nom("TAUX_PRET_CDC") == 0.013
    # 3 600 000 sur 40 ans + 900 000 sur 50 ans à 1,30 %
    attendu = sum(k * 0.013 / (1 - 1.013 ** -n) for k, n in ((3_600_000, 40), (900_000, 50)))
    assert r.nom("ANNUITES") == pytest.approx(attendu)


def test_label_selon_la_nature_de_l_operation(tmp_path):
    """Le classeur standard passe la nature de l'opération à MQ_FOYER : un label de l'autre nature
    est refusé en nommant l'article (arrêté du 17/10/2011, art. 11 III)."""
    copie = tmp_path / "dossier.xlsx"
    shutil.copy(WORKBOOKS / "exemples/residence_sociale_40_2021.xlsx", copie)
    wb = openpyxl.load_workbook(copie)

    def saisir(nom, valeur):
        feuille, ref = wb.defined_names[nom].attr_text.replace("'", "").replace("$", "").split("!")
        wb[feuille][ref] = valeur
        wb.save(copie)

    saisir("LABEL", "Qualitel")
    assert moteur.recalculer(copie).nom("MQ") == pytest.approx(0.173)      # 0,093 + 0,08 (neuf, art. 2 I)
    saisir("PART_ACCESSIBILITE", 0.03)
    assert moteur.recalculer(copie).nom("MQ").startswith(
        "#part_accessibilite : le coefficient pour accessibilité ne vaut que pour les logements existants")
    saisir("NATURE", "Acquisition-amélioration")
    assert moteur.recalculer(copie).nom("MQ").startswith(
        "#label : « Qualitel » est un label de construction neuve (arrêté du 17/10/2011, art. 2 I)")
    saisir("LABEL", "Aucun")
    assert moteur.recalculer(copie).nom("MQ") == pytest.approx(0.123)      # 0,093 + 0,03 (art. 11 IV)


# --- 10. Les noms définis sont une interface -----------------------------------------------------

# Le dossier §8.2 de la note réglementaire, tel qu'un script le remplirait : uniquement par les noms
# définis du classeur vierge (cellules nommées, et plages LOCAUX, PIECES_FOURNIES, TABLE_REDEVANCES).
SCRIPT_SAISIES = {
    "OPERATION": "Dossier rempli par un script", "ZONE": "2", "NATURE": "Neuf", "TYPE_STRUCTURE": "Résidence sociale",
    "DATE_DECISION": dt.datetime(2021, 6, 1), "ADAPTEE_DIFFICULTES_INSERTION": "Non", "NB_GARAGES": 0,
    "CHARGE_FONCIERE": 1_100_000, "TRAVAUX": 3_300_000, "HONORAIRES": 330_000, "REVISIONS": 50_000,
    "INTERETS_PREFINANCEMENT": 20_000, "FONDS_PROPRES": 240_000, "SUBV_COLLECTIVITES": 500_000,
    "SUBV_ACTION_LOGEMENT": 200_000, "PRET_CAPITAL": 2_456_027.20, "PRET_FONCIER_CAPITAL": 1_000_000,
    "PRODUIT_PRET": "PLAI", "DUREE_PRET": 40, "DUREE_PRET_FONCIER": 50, "LABEL": "Aucun", "ASCENSEUR": "Aucun",
    "VB_SAISIE": 1000, "TAUX_SAISI": 0.20, "LOYER_IMMOBILIER": 120_000, "TFPB": 16_000, "EXONERATION_TFPB": 25,
    "PGR": 14_000, "FRAIS_GESTION": 10_000, "ASSURANCE": 5_000, "REDEVANCES": 216_000, "TAUX_VACANCE": 0.05,
    "PRESTATIONS": 6_000, "SUBV_FONCTIONNEMENT": 20_000, "FRAIS_SIEGE": 15_000, "PERSONNEL": 55_000,
    "PROVISIONS_ENTRETIEN": 6_000, "CHARGES_RECUPERABLES": 30_000, "INDEXATION_RECETTES": 0.01,
    "INDEXATION_CHARGES": 0.015,
}
# la typologie (plage LOGEMENTS) : type, nombre, surface habitable, occupants, unités à accès propre,
# redevance pratiquée, dont charges
SCRIPT_LOGEMENTS = [("T1'", 40, 20, None, None, 450, 100)]
SCRIPT_LOCAUX = [("Logement T1'", "logement", 20, 40), ("Cellier", "annexe", 4, 40), ("Salle commune", "collectif", 150, 1),
                 ("Cuisine", "collectif", 60, 1), ("Laverie", "collectif", 40, 1), ("Activités", "collectif", 100, 1),
                 ("Circulations", "circulation", 550, 1), ("Escaliers", "exclu", 60, 1)]


def _plage(classeur, nom):
    feuille, plage = next(iter(classeur.defined_names[nom].destinations))
    return classeur[feuille][plage.replace("$", "")]


def test_classeur_vierge_rempli_par_ses_noms(tmp_path):
    classeur = openpyxl.load_workbook(VIERGE)
    for nom, valeur in SCRIPT_SAISIES.items():
        mettre(classeur, nom, valeur)
    for ligne, local in zip(_plage(classeur, "LOCAUX"), SCRIPT_LOCAUX):
        for cellule, valeur in zip(ligne, local):
            cellule.value = valeur
    for ligne, logement in zip(_plage(classeur, "LOGEMENTS"), SCRIPT_LOGEMENTS):
        for cellule, valeur in zip(ligne, logement):
            cellule.value = valeur
    for (cellule,) in _plage(classeur, "PIECES_FOURNIES"):
        cellule.value = "Oui"
    table = _plage(classeur, "TABLE_REDEVANCES")          # ligne d'en-tête, puis les maximums
    for cellule, valeur in zip(table[1], ("T1'", "2", "PLAI", 470, dt.datetime(2021, 1, 1))):
        cellule.value = valeur
    chemin = tmp_path / "script.xlsx"
    classeur.save(chemin)
    assert valider(chemin, complet=False) == []
    r = moteur.recalculer(chemin)
    # les résultats du dossier §8.2, calculés à la main (test_residence_sociale_40_2021_exemple_8_2)
    assert (r.nom("RES_SU"), r.nom("RES_SLC"), r.nom("RES_MQ")) == (880, 900, 0.093)
    assert r.nom("RES_CS") == pytest.approx(2.1)
    assert (r.nom("RES_ASSIETTE"), r.nom("RES_SUBVENTION")) == (2_019_864, 403_972.80)
    assert r.nom("RES_PRIX_REVIENT") == 4_800_000 and r.nom("RES_PLAN") == 0
    assert r.nom("RES_BILAN_BAILLEUR") == pytest.approx(120_000 - 86_817.74 - 29_000, abs=0.01)
    assert r.nom("RES_BILAN_GESTIONNAIRE") == pytest.approx(5_200)
    assert (r.nom("RES_VERDICT"), r.nom("RES_COMPLETUDE"), r.nom("RES_CALCUL")) == ("Équilibrée", "Complet", "Complet")
    assert r.nom("RES_REDEVANCE").startswith("Conforme : redevance pratiquée 450,00 €")
    assert r.nom("RES_ANNEE_DEFICIT") == 11


def test_noms_documentes_dans_le_readme():
    """Le README liste chaque nom défini du classeur standard, et seulement eux."""
    readme = (RACINE / "README.md").read_text(encoding="utf-8")
    debut = readme.index("### Noms définis du classeur standard")
    section = readme[debut:readme.index("\n## ", debut)]
    section, retires = section.split("**Noms retirés ou changés**")
    documentes = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", section))
    attendus = set(instruction.modele().noms()) | {generation.NOM_MODELE}
    assert documentes == attendus, (sorted(attendus - documentes), sorted(documentes - attendus))
    # les noms retirés sont dits (un script qui les emploie saura quoi faire) et n'existent plus
    for ancien in ("PLAI_ADAPTE", "TYPE_LOGEMENT", "REDEVANCE_PRATIQUEE", "REDEVANCE_CHARGES", "REDEVANCE_MAX"):
        assert ancien in retires and ancien not in attendus, ancien
    assert "NB_LOGEMENTS" in retires and "ADAPTEE_DIFFICULTES_INSERTION" in retires
