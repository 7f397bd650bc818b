"""Le classeur standard, seconde passe de l'issue 13 : la typologie (feuille Logements) donne les
trois comptes de logements, les surfaces minimales de l'annexe III et la redevance par type ; le
type de structure et la nature de l'opération décident des règles de MQ ; la lecture du terme SLC
négatif se voit et se choisit ; la feuille Paramètres montre le statut de chaque paramètre livré.
Chaque valeur attendue est calculée à la main dans le commentaire qui la précède."""

import datetime as dt
import zipfile

import openpyxl
import pytest

from tests.outils.classeurs import WORKBOOKS, copie_calculee, copie_modifiee
from udfs import parametres
from udfs.classeurs import generation, instruction
from udfs.classeurs.generation import ORANGE, ROUGE, VERT

RS_2021 = WORKBOOKS / "exemples/residence_sociale_40_2021.xlsx"
PENSION = WORKBOOKS / "exemples/pension_de_famille_2024.xlsx"
FJT = WORKBOOKS / "exemples/fjt_2025.xlsx"
VIERGE = WORKBOOKS / "instruction_residence_sociale.xlsx"
L1, L2 = instruction.LIGNE_LOGEMENTS, instruction.LIGNE_LOGEMENTS + 1       # deux premiers types


def _couleur(chemin, feuille, cellule):
    """La couleur de fond que donne la mise en forme conditionnelle à la cellule, d'après sa valeur
    en cache (voir test_classeurs_livres._couleur, ici par adresse)."""
    import formulas
    classeur = openpyxl.load_workbook(chemin)
    valeur = openpyxl.load_workbook(chemin, data_only=True)[feuille][cellule].value
    regles = [r for plage in classeur[feuille].conditional_formatting if cellule in plage.sqref for r in plage.rules]
    for regle in sorted(regles, key=lambda r: r.priority):
        test = formulas.Parser().ast("=" + regle.formula[0])[1].compile()
        if test(*([valeur] * len(test.inputs))):
            return regle.dxf.fill.fgColor.rgb[-6:]
    return None


# --- Typologie : NL dérivé, surfaces minimales de l'annexe III --------------------------------------

def test_nl_derive_de_la_typologie(tmp_path):
    """NL est le total de la colonne Nombre : 35 T1' + 10 T2 = 45 ; CS = 0,77 × (1 + 45 × 38 / 880)
    = 0,77 × 2,943182 = 2,266250."""
    r = copie_modifiee(RS_2021, tmp_path / "nl.xlsx", {f"Logements!C{L1}": 35, f"Logements!B{L2}": "T2",
                                                        f"Logements!C{L2}": 10, f"Logements!D{L2}": 46})
    assert r.nom("NB_LOGEMENTS") == 45 and r.nom("RES_NL") == 45
    assert r.nom("CS") == pytest.approx(0.77 * (1 + 45 * 38 / 880)) == pytest.approx(2.266250, abs=1e-6)
    # la typologie (35 × 20 + 10 × 46 = 1 160 m²) ne dit plus la même chose que la feuille Surfaces (800 m²)
    assert r[f"Logements!G{_ligne('Surface habitable des logements (typologie)')}"] == 1160
    assert r.nom("NB_LOGEMENTS_ACCES") == 45


def _ligne(libelle):
    feuille = next(f for f in instruction.modele().feuilles if f.nom == "Logements")
    return next(c.ref[1:] for c in feuille.cellules.values() if c.contenu == libelle)


@pytest.mark.parametrize("saisie,cause", [
    ("vingt", "#typologie : un nombre de logements n'est pas un nombre"),
    (-5, "#typologie : un nombre de logements est inférieur à 1"),
])
def test_nl_en_erreur_jamais_un_zero(tmp_path, saisie, cause):
    """Un nombre illisible dans la typologie : NL le dit, et chaque résultat qui en dépend aussi."""
    r = copie_modifiee(RS_2021, tmp_path / "nl.xlsx", {f"Logements!C{L1}": saisie})
    assert r.nom("NB_LOGEMENTS") == cause
    for nom in ("CS", "MQ", "RES_NL", "RES_CS", "RES_SUBVENTION", "PRIX_PAR_LOGEMENT"):
        assert isinstance(r.nom(nom), str) and r.nom(nom).startswith("#"), nom
    assert r.nom("CS") == cause
    assert "Logements et chambres NL (typologie)" in r.nom("RES_CALCUL")


def test_alertes_de_l_annexe_iii_selon_la_nature(tmp_path):
    """30 T1' de 18,5 m², 10 T1 bis de 24 m² et 2 chambres partagées de 9 m² : en construction neuve,
    type I' ≥ 20 m², type I bis ≥ 30 m², chambre partagée > 9 m² (annexe III 3-2) : trois types sous
    le minimum. En acquisition-amélioration, minimums minorés de 10 % (18 m² et 27 m²) : le T1'
    devient conforme, pas le T1 bis ; la chambre partagée non plus (le 3-2 n'est pas minoré)."""
    l3 = L2 + 1
    neuf = tmp_path / "neuf.xlsx"
    r = copie_calculee(RS_2021, neuf, {f"Logements!B{L1}": "T1'", f"Logements!C{L1}": 30, f"Logements!D{L1}": 18.5,
                                       f"Logements!B{L2}": "T1 bis", f"Logements!C{L2}": 10, f"Logements!D{L2}": 24,
                                       f"Logements!B{l3}": "Chambre partagée", f"Logements!C{l3}": 2,
                                       f"Logements!D{l3}": 9})
    assert [r[f"Logements!I{l}"] for l in (L1, L2, l3)] == [20, 30, 9]
    assert [r[f"Logements!J{l}"] for l in (L1, L2, l3)] == ["Non conforme"] * 3
    # les lignes de CONTROLE_SURFACES, sans l'article (il est dans le libellé du contrôle)
    attendu = ("Non conforme : Ligne 1 : T1' de 18,5 m², minimum 20 m² (type I', construction neuve) ; Ligne 2 : "
               "T1 bis de 24 m², minimum 30 m² (type I bis, construction neuve) ; Ligne 3 : Chambre partagée de 9 m², "
               "doit être supérieure à 9 m² (chambre partagée d'une résidence sociale, 3-2)")
    assert r.nom("CONTROLE_SURFACES_TEXTE") == attendu and r.nom("RES_SURFACES_MINIMALES") == attendu
    assert _couleur(neuf, "Synthèse", _adresse(neuf, "RES_SURFACES_MINIMALES")) == ROUGE[0]
    assert _couleur(neuf, "Logements", f"J{L1}") == ROUGE[0]
    # 30 × 18,5 + 10 × 24 + 2 × 9 = 813 m² contre 40 × 20 = 800 m² sur la feuille Surfaces
    assert r[f"Logements!G{_ligne('Surface habitable des logements (typologie)')}"] == 813
    assert r[f"Logements!G{_ligne('Cohérence avec la feuille Surfaces')}"].startswith("À revoir")

    aa = copie_modifiee(neuf, tmp_path / "aa.xlsx", {"NATURE": "Acquisition-amélioration"})
    assert [aa[f"Logements!I{l}"] for l in (L1, L2, l3)] == [18, 27, 9]
    assert [aa[f"Logements!J{l}"] for l in (L1, L2, l3)] == ["Conforme", "Non conforme", "Non conforme"]
    assert aa.nom("CONTROLE_SURFACES_TEXTE") == (
        "Non conforme : Ligne 2 : T1 bis de 24 m², minimum 27 m² (type I bis, acquisition-amélioration : 30 m² "
        "minorés de 10 %) ; Ligne 3 : Chambre partagée de 9 m², doit être supérieure à 9 m² (chambre partagée "
        "d'une résidence sociale, 3-2)")


def test_au_dela_de_trois_non_conformites_le_nombre(tmp_path):
    """Cinq types sous le minimum (construction neuve) : les trois premiers en clair, puis « et 2
    autre(s) » ; un nombre d'occupants hors de l'annexe III (4 pour un T1) est une erreur nommée, et la
    cellule étroite renvoie à sa cause."""
    types = [("T1'", 19), ("T1 bis", 29), ("T2", 45), ("T3", 59), ("T4", 73)]   # minimums 20, 30, 46, 60, 74
    valeurs = {}
    for l, (type_, surface) in enumerate(types, start=L1):
        valeurs.update({f"Logements!B{l}": type_, f"Logements!C{l}": 1, f"Logements!D{l}": surface,
                        f"Logements!G{l}": None, f"Logements!H{l}": None})
    chemin = tmp_path / "cinq.xlsx"
    r = copie_calculee(RS_2021, chemin, valeurs)
    texte = r.nom("CONTROLE_SURFACES_TEXTE")
    assert texte.startswith("Non conforme : Ligne 1 : T1' de 19 m², minimum 20 m²")
    assert "Ligne 3 : T2 de 45 m², minimum 46 m²" in texte and "Ligne 4" not in texte
    assert texte.endswith(" ; et 2 autre(s) type(s) : colonne Annexe III")
    assert [r[f"Logements!J{l}"] for l in range(L1, L1 + 5)] == ["Non conforme"] * 5
    r = copie_modifiee(chemin, tmp_path / "occupants.xlsx", {f"Logements!B{L1 + 5}": "T1", f"Logements!C{L1 + 5}": 1,
                                                             f"Logements!D{L1 + 5}": 30, f"Logements!E{L1 + 5}": 4})
    assert r.nom("CONTROLE_SURFACES_TEXTE").startswith("#occupants : ligne 6 : 4 occupants pour un type I")
    assert r[f"Logements!I{L1 + 5}"] == r[f"Logements!J{L1 + 5}"] == instruction.ERREUR_DESSOUS


def _livre(chemin, nom_ou_cellule):
    """La valeur livrée (en cache) d'un nom défini ou d'une cellule « Feuille!A1 »."""
    classeur = openpyxl.load_workbook(chemin, data_only=True)
    if "!" in nom_ou_cellule:
        feuille, cellule = nom_ou_cellule.split("!")
    else:
        feuille, cellule = next(iter(classeur.defined_names[nom_ou_cellule].destinations))
    return classeur[feuille][cellule.replace("$", "")].value


def test_exemples_conformes_a_l_annexe_iii():
    """Les trois dossiers d'exemple : T1 de 20 m² (≥ 12), T1' de 20 m² (≥ 20), T1 de 18 m² (≥ 12) ; leur
    typologie a la surface habitable de leur feuille Surfaces (valeurs livrées)."""
    for chemin in (PENSION, RS_2021, FJT):
        assert _livre(chemin, "RES_SURFACES_MINIMALES") == \
            "Conforme : chaque type atteint sa surface minimale (construction neuve)"
        assert _livre(chemin, f"Logements!G{_ligne('Cohérence avec la feuille Surfaces')}").startswith("Conforme")


def _adresse(chemin, nom):
    feuille, cellule = next(iter(openpyxl.load_workbook(chemin).defined_names[nom].destinations))
    return cellule.replace("$", "")


# --- Redevance par type --------------------------------------------------------------------------

def test_redevance_controlee_par_type(tmp_path):
    """Deux types, deux maximums : T1' 450 € ≤ 470 € (marge 20 €) ; T2 540 € > 520 € (dépassement
    de 20 €). Part loyer du T2 : 540 − 120 = 420 €."""
    ligne_t2 = instruction.LIGNE_REDEVANCE + 1
    valeurs = {f"Logements!B{L2}": "T2", f"Logements!C{L2}": 5, f"Logements!D{L2}": 46, f"Logements!G{L2}": 540,
               f"Logements!H{L2}": 120, f"Logements!C{L1}": 35,
               f"Paramètres!A{ligne_t2}": "T2", f"Paramètres!B{ligne_t2}": "2", f"Paramètres!C{ligne_t2}": "PLAI",
               f"Paramètres!D{ligne_t2}": 520, f"Paramètres!E{ligne_t2}": dt.datetime(2021, 1, 1)}
    chemin = tmp_path / "redevance.xlsx"
    r = copie_calculee(RS_2021, chemin, valeurs)
    assert [r[f"Logements!K{l}"] for l in (L1, L2)] == [470, 520]
    assert r[f"Logements!L{L1}"] == "Conforme : redevance pratiquée 450,00 € ≤ maximum 470,00 € (marge 20,00 €)"
    assert r[f"Logements!L{L2}"] == "Dépassement de 20,00 € : redevance pratiquée 540,00 € > maximum 520,00 €"
    assert r[f"Logements!M{L2}"] == 420
    assert r.nom("CONTROLE_REDEVANCE_TEXTE") == r.nom("RES_REDEVANCE") == "Dépassement pour 1 type(s) : T2"
    assert _couleur(chemin, "Synthèse", _adresse(chemin, "RES_REDEVANCE")) == ROUGE[0]
    # T2 à 515 € : les deux types conformes
    r = copie_modifiee(chemin, tmp_path / "conforme.xlsx", {f"Logements!G{L2}": 515})
    assert r.nom("RES_REDEVANCE") == "Conforme : les 2 types sont au plus au maximum de la table"


def test_type_absent_de_la_table_des_maximums(tmp_path):
    """Un type sans maximum dans la table : l'erreur se voit, avec le type, jamais « Conforme »."""
    r = copie_modifiee(RS_2021, tmp_path / "absent.xlsx", {f"Logements!B{L2}": "T3", f"Logements!C{L2}": 2,
                                                           f"Logements!D{L2}": 60, f"Logements!G{L2}": 600})
    assert r[f"Logements!L{L2}"] == "#type_logement : « T3 » absent de la table (présents : T1')"
    assert r[f"Logements!K{L2}"] == instruction.ERREUR_DROITE
    assert r.nom("RES_REDEVANCE") == "#redevance, T3 : type_logement : « T3 » absent de la table (présents : T1')"
    assert "Contrôle de la redevance" in r.nom("RES_CALCUL")


# --- Les trois comptes de logements : un FJT à chambres groupées ----------------------------------

# 24 studios T1 de 25 m² à accès propre, et 30 chambres partagées de 12 m² en 6 unités de 5 chambres
# derrière un seul accès (séjour-cuisine de 10 m² par unité, réservé à ses 5 résidents : privatif).
# SU = 24 × 25 + 30 × 12 + 6 × 10 = 600 + 360 + 60 = 1 020 m² ; SLC = 250 + 120 + 30 + 100 + 400 = 900 m².
FJT_GROUPE = {
    f"Logements!B{L1}": "T1", f"Logements!C{L1}": 24, f"Logements!D{L1}": 25,
    f"Logements!B{L2}": "Chambre partagée", f"Logements!C{L2}": 30, f"Logements!D{L2}": 12, f"Logements!F{L2}": 6,
    f"Logements!G{L2}": 400, f"Logements!H{L2}": 90,
    "Surfaces!A6": "Studio", "Surfaces!C6": 25, "Surfaces!D6": 24,
    "Surfaces!A7": "Séjour-cuisine d'unité (5 chambres)", "Surfaces!C7": 10, "Surfaces!D7": 6,
    "Surfaces!A17": "Chambre d'unité", "Surfaces!B17": "logement", "Surfaces!C17": 12, "Surfaces!D17": 30,
    "ASCENSEUR": "Aucun",
    f"Paramètres!A{instruction.LIGNE_REDEVANCE + 2}": "Chambre partagée",
    f"Paramètres!B{instruction.LIGNE_REDEVANCE + 2}": "1", f"Paramètres!C{instruction.LIGNE_REDEVANCE + 2}": "PLAI",
    f"Paramètres!D{instruction.LIGNE_REDEVANCE + 2}": 420,
    f"Paramètres!E{instruction.LIGNE_REDEVANCE + 2}": dt.datetime(2025, 1, 1),
}


def test_fjt_a_chambres_groupees_trois_comptes(tmp_path):
    """NL = 24 + 30 = 54 (chaque chambre, CS) ; NL du terme SLC = 24 + 6 = 30 (une unité de chambres
    à accès commun compte pour un) ; NLp = 54.
    CS = 0,77 × (1 + 54 × 38 / 1 020) = 0,77 × 3,011765 = 2,319059.
    SU / 30 = 34 m² ≥ 20 : formule générale ; terme SLC = 0,77 × (900 − 30 × 18) / (2,319059 × 1 020)
    = 277,2 / 2 365,44 = 0,117189 → 0,1172 ; taille = 0,03 − 54 × 0,0003 = 0,0138 ; MQ = 0,1310.
    Subvention (forfait, 2025) : 54 × 18 000 = 972 000 €."""
    r = copie_modifiee(FJT, tmp_path / "fjt.xlsx", FJT_GROUPE)
    assert (r.nom("NB_LOGEMENTS"), r.nom("NB_LOGEMENTS_ACCES"), r.nom("RES_NL_DECISION")) == (54, 30, 54)
    assert (r.nom("RES_NL"), r.nom("RES_NL_ACCES")) == (54, 30)
    assert (r.nom("SURFACE_UTILE"), r.nom("SURFACE_COLLECTIVE")) == (1020, 900)
    assert r.nom("CS") == pytest.approx(0.77 * (1 + 54 * 38 / 1020)) == pytest.approx(2.319059, abs=1e-6)
    assert r.nom("MQ") == pytest.approx(0.1310)
    assert r.nom("SUBVENTION") == 972_000
    assert r.nom("RES_SURFACES_MINIMALES").startswith("Conforme")        # 25 ≥ 12 ; 12 > 9
    assert r.nom("RES_REDEVANCE").startswith("Conforme : les 2 types")   # 480 ≤ 500 ; 400 ≤ 420
    assert r.nom("RES_CALCUL") == "Complet"

    # sans la colonne « accès propre », les 54 comptent dans le terme SLC : SU / 54 = 18,89 < 20,
    # formule des petits logements (900 − 1,5 × 1 020 + 54 × 12) / (2,9 × 1 020) = 18 / 2 958
    # = 0,006085 → 0,0061 ; MQ = 0,0061 + 0,0138 = 0,0199
    sans = copie_modifiee(tmp_path / "fjt.xlsx", tmp_path / "sans.xlsx", {f"Logements!F{L2}": None})
    assert sans.nom("NB_LOGEMENTS_ACCES") == 54 and sans.nom("MQ") == pytest.approx(0.0199)

    # une décision sur 50 logements : taille = 0,03 − 50 × 0,0003 = 0,015 ; MQ = 0,1172 + 0,015 = 0,1322
    decision = copie_modifiee(tmp_path / "fjt.xlsx", tmp_path / "nlp.xlsx", {"NB_LOGEMENTS_DECISION": 50})
    assert decision.nom("RES_NL_DECISION") == 50 and decision.nom("MQ") == pytest.approx(0.1322)
    # plus de logements dans la décision que dans l'opération : refusé en le disant
    trop = copie_modifiee(tmp_path / "fjt.xlsx", tmp_path / "trop.xlsx", {"NB_LOGEMENTS_DECISION": 60})
    assert trop.nom("MQ").startswith("#nl_decision")


def test_acces_propre_incoherent(tmp_path):
    """Plus d'unités à accès propre que de chambres sur une ligne : erreur nommée."""
    r = copie_modifiee(FJT, tmp_path / "a.xlsx", {**FJT_GROUPE, f"Logements!F{L2}": 31})
    assert r.nom("NB_LOGEMENTS_ACCES").startswith("#typologie : plus d'unités à accès propre que de logements")
    assert r.nom("MQ") == r.nom("NB_LOGEMENTS_ACCES")


# --- Le type de structure et la nature décident des règles de MQ --------------------------------

def test_type_de_structure_decide_des_regles_des_residences_sociales(tmp_path):
    """FJT 2025 : 60 T1, SU 1 180, SLC 900, CS = 0,77 × (1 + 60 × 38 / 1 180) = 2,257797 ; taille
    0,03 − 60 × 0,0003 = 0,012 ; ascenseur de type 2 : 0,05.
    - résidence sociale (FJT résidence sociale), SU moyenne 19,67 < 20 : formule des petits logements
      (900 − 1 770 + 720) / (2,9 × 1 180) = −0,043834 → −0,0438 ; MQ = 0,0182 ;
    - foyer de travailleurs migrants non transformé : formule générale 0,77 × (900 − 1 080) /
      (2,257797 × 1 180) = −138,6 / 2 664,2 = −0,052023 → −0,0520 ; MQ = 0,0100."""
    assert (_livre(FJT, "REGLES_RESIDENCE_SOCIALE"), _livre(FJT, "MQ")) == ("Oui", 0.0182)
    ftm = copie_modifiee(FJT, tmp_path / "ftm.xlsx", {"TYPE_STRUCTURE": "Foyer de travailleurs migrants (non transformé)"})
    assert ftm.nom("REGLES_RESIDENCE_SOCIALE") == "Non"
    assert ftm.nom("MQ") == pytest.approx(0.0100)
    ex_ftm = copie_modifiee(FJT, tmp_path / "ex.xlsx", {"TYPE_STRUCTURE": "Ex-FTM transformé en résidence sociale"})
    assert (ex_ftm.nom("REGLES_RESIDENCE_SOCIALE"), ex_ftm.nom("MQ")) == ("Oui", 0.0182)
    # chaque type de structure de la liste, et lui seul, est dans la formule de REGLES_RESIDENCE_SOCIALE
    formule = next(c.contenu for f in instruction.modele().feuilles for c in f.cellules.values()
                   if c.nom == "REGLES_RESIDENCE_SOCIALE")
    assert [t for t in instruction.STRUCTURES if f'"{t}"' in formule] == list(instruction.STRUCTURES_RESIDENCE_SOCIALE)


def test_plafond_0_18_seulement_pour_une_residence_sociale(tmp_path):
    """Résidence sociale 2021, MQ 0,093 + BBC 0,10 + Qualitel 0,08 = 0,273 : bornée à 0,18 pour une
    résidence sociale (art. 13), pas pour un autre logement-foyer. Assiette = 1 000 × 2,1 × 880 ×
    (1 + MQ) : 1 848 000 × 1,18 = 2 180 640 € ; 1 848 000 × 1,273 = 2 352 504 €."""
    rs = copie_modifiee(RS_2021, tmp_path / "rs.xlsx", {"LABEL": "BBC + Qualitel"})
    assert rs.nom("MQ") == pytest.approx(0.18) and rs.nom("ASSIETTE") == pytest.approx(2_180_640)
    autre = copie_modifiee(RS_2021, tmp_path / "autre.xlsx", {"LABEL": "BBC + Qualitel",
                                                              "TYPE_STRUCTURE": "Autre logement-foyer (non résidence sociale)"})
    assert autre.nom("MQ") == pytest.approx(0.273) and autre.nom("ASSIETTE") == pytest.approx(2_352_504)
    assert autre.nom("RES_SUBVENTION") == pytest.approx(2_352_504 * 0.2)


@pytest.mark.parametrize("nature,label,accessibilite,attendu", [
    ("VEFA", "Qualitel", None, 0.173),                 # VEFA : labels du neuf (art. 2 I), 0,093 + 0,08
    ("Acquisition-amélioration", "Qualitel", None, "#label : « Qualitel » est un label de construction neuve"),
    ("Acquisition-amélioration", "Aucun", 0.03, 0.123),             # accessibilité (art. 11 IV) : + 0,03
    ("VEFA", "Aucun", 0.03, "#part_accessibilite : le coefficient pour accessibilité ne vaut que pour les "
                            "logements existants"),
])
def test_nature_decide_des_labels_et_de_l_accessibilite(tmp_path, nature, label, accessibilite, attendu):
    r = copie_modifiee(RS_2021, tmp_path / "n.xlsx", {"NATURE": nature, "LABEL": label,
                                                      "PART_ACCESSIBILITE": accessibilite})
    if isinstance(attendu, str):
        assert r.nom("MQ").startswith(attendu) and r.nom("RES_MQ").startswith(attendu)
    else:
        assert r.nom("MQ") == pytest.approx(attendu)


def test_liste_des_natures_avec_la_vefa():
    assert instruction.NATURES == ("Neuf", "VEFA", "Acquisition-amélioration")
    classeur = openpyxl.load_workbook(VIERGE)
    feuille, cellule = next(iter(classeur.defined_names["NATURE"].destinations))
    listes = [dv.formula1 for dv in classeur[feuille].data_validations.dataValidation
              if cellule.replace("$", "") in dv.sqref]
    assert listes == ['"Neuf,VEFA,Acquisition-amélioration"']


# --- Le terme SLC négatif : la lecture appliquée se voit et se change -----------------------------

def test_lecture_du_terme_slc_negatif(tmp_path):
    """Pension de famille 2024 : terme SLC 0,77 × (177 − 360) / (2,218515 × 404) = −0,1572 (arrondi
    vers le haut) ; taille 0,03 − 20 × 0,0003 = 0,024. Déduit (texte, défaut) : −0,1572 + 0,024 < 0,
    MQ = 0. Nul (support) : MQ = 0,024."""
    assert _livre(PENSION, "MQ") == 0 and _livre(PENSION, "LECTURE_TERME_SLC").startswith("Déduit : texte de l'art. 11 II")
    support = copie_modifiee(PENSION, tmp_path / "support.xlsx", {"TERME_SLC_NEGATIF": "Nul"})
    assert support.nom("MQ") == pytest.approx(0.024)
    assert support.nom("LECTURE_TERME_SLC").startswith("Nul : lecture du support de formation")


# --- Le plafond de 60 000 € et le taux de la décision ----------------------------------------------

def test_plafond_60000_selon_la_condition_de_r_331_15(tmp_path):
    """Pension de famille 2024, 25 000 € par logement : admis sous le plafond de 60 000 € de
    l'opération adaptée aux difficultés d'insertion particulières, refusé sous celui de 20 000 €."""
    assert _livre(PENSION, "SUBVENTION") == 500_000
    r = copie_modifiee(PENSION, tmp_path / "non.xlsx", {"ADAPTEE_DIFFICULTES_INSERTION": "Non"})
    assert r.nom("SUBVENTION") == "#forfait_par_logement : 25 000 € par logement dépasse le plafond de 20 000 € (R. 331-15)"
    classeur = openpyxl.load_workbook(VIERGE)
    feuille, cellule = next(iter(classeur.defined_names["ADAPTEE_DIFFICULTES_INSERTION"].destinations))
    libelle = classeur[feuille][f"A{cellule.split('$')[-1]}"].value
    assert libelle == ("Opération mentionnée au II de l'art. D. 331-1 du CCH et adaptée aux besoins des ménages "
                       "rencontrant des difficultés d'insertion particulières")
    assert "PLAI_ADAPTE" not in classeur.defined_names


def test_taux_de_la_decision_sans_maximum_non_verifie(tmp_path):
    """Le maximum de 20 % / 25 % n'est vérifié pour aucune période (statut U) : la saisie admet 30 %
    et la subvention vaut 2 019 864 × 30 % = 605 959,20 € ; la source ne prétend plus le contraire."""
    r = copie_modifiee(RS_2021, tmp_path / "taux.xlsx", {"TAUX_SAISI": 0.30})
    assert r.nom("SUBVENTION") == pytest.approx(605_959.20)
    taux = next(c for c in instruction.modele().saisies() if c[1].nom == "TAUX_SAISI")
    assert taux[1].saisie.maximum == 1
    source = taux[0].cellules[f"D{taux[1].ref[1:]}"].contenu
    assert "statut U" in source and "Au plus 20 %" not in source


# --- Le statut des paramètres livrés ---------------------------------------------------------------

def _statuts(chemin):
    """{nom du paramètre : (statut, source)} lus dans la feuille Paramètres (valeurs en cache)."""
    ws = openpyxl.load_workbook(chemin, data_only=True)["Paramètres"]
    statuts = {}
    for ligne in ws.iter_rows(min_col=1, max_col=3):
        libelle = ligne[0].value
        if isinstance(libelle, str) and libelle.endswith(")") and "(" in libelle:
            nom = libelle.rsplit("(", 1)[1][:-1]
            if nom in {p.nom for p in parametres.tous()}:
                statuts[nom] = (ligne[1].value, ligne[2].value)
    return statuts


def test_statut_et_source_de_chaque_parametre_livre():
    """À la date de décision du 01/06/2021 : le taux maximum de subvention est U (seule la rédaction
    de 1995 a été lue), la valeur de base n'a plus de valeur livrée après 2002, le Livret A est
    V-sec, les termes de MQ et le plafond CM sont V ; le 15/06/2024, le plafond par logement est V-sec
    et le taux maximum n'a plus de valeur (régime forfaitaire)."""
    rs = _statuts(RS_2021)
    assert set(rs) == {p.nom for p in parametres.tous()}
    assert rs["taux_subvention_plai"][0] == "U"
    assert rs["taux_subvention_plai"][1].startswith("CCH art. R. 331-15, 2°, rédaction de 1995")
    assert rs["valeur_base"][0] == "Sans valeur livrée"
    assert rs["livret_a"][0] == "V-sec" and rs["mq_foyer"][0] == "V" and rs["cm_plafond"][0] == "V"
    assert rs["surfaces_minimales_foyer"][0] == "V"
    pf = _statuts(PENSION)
    assert pf["plafond_subvention_par_logement"][0] == "V-sec"
    assert pf["taux_subvention_plai"][0] == "Sans valeur livrée"
    # vierge : rien à la date d'une décision pas encore saisie
    assert set(v for v, _ in _statuts(VIERGE).values()) == {None}


def test_couleur_du_statut():
    ws = openpyxl.load_workbook(RS_2021)["Paramètres"]
    lignes = {nom: c.row for c in ws["A"] for nom in ("taux_subvention_plai", "mq_foyer")
              if isinstance(c.value, str) and c.value.endswith(f"({nom})")}
    assert _couleur(RS_2021, "Paramètres", f"B{lignes['taux_subvention_plai']}") == ORANGE[0]
    assert _couleur(RS_2021, "Paramètres", f"B{lignes['mq_foyer']}") == VERT[0]


# --- Aucun chemin de développeur, vocabulaire SIAP ----------------------------------------------

def test_ni_galion_ni_chemin_de_developpeur():
    """Sur aucune feuille d'aucun classeur livré : ni « Galion » (l'outil s'appelle SIAP), ni
    chemin du dépôt (udfs/…, workbooks/…)."""
    for relatif in generation.classeurs_livres():
        with zipfile.ZipFile(WORKBOOKS / relatif) as archive:
            for nom in archive.namelist():
                if nom.startswith("xl/") and nom.endswith(".xml"):
                    texte = archive.read(nom).decode("utf-8")
                    for interdit in ("Galion", "udfs/", "workbooks/", "udfs\\"):
                        assert interdit not in texte, (relatif, nom, interdit)
