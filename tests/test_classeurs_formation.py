"""Les classeurs de formation : corrigés qui le disent, réponses illisibles dans un fichier
stagiaire (formules, valeurs en cache, XML), indices avant réponses, vérifications contre les
réponses du stagiaire lui-même, logement de fonction aux deux classements, étude de cas jusqu'à
la décision."""

import re
import zipfile

import openpyxl
import pytest

from tests.outils.classeurs import WORKBOOKS, copie_modifiee
from udfs.classeurs import formation
from udfs.fonctions import REGISTRE

FORMATION = WORKBOOKS / "formation"
NOMS = ["exercice_2_surfaces", "exercices_3_4_bilans", "etude_de_cas"]
DEBUTS = ("Correct", "À revoir", "À compléter", "Répondez", "Vérification impossible")


def _verifications(classeur):
    valeurs = openpyxl.load_workbook(classeur, data_only=True)
    return {f"{ws.title}!{c.coordinate}": c.value for ws in valeurs.worksheets for ligne in ws.iter_rows()
            for c in ligne if isinstance(c.value, str) and c.value.startswith(DEBUTS)}


@pytest.mark.parametrize("nom", NOMS)
def test_stagiaire_a_completer_corrige_correct(nom):
    stagiaire = _verifications(FORMATION / f"{nom}_stagiaire.xlsx")
    corrige = _verifications(FORMATION / f"{nom}_corrige.xlsx")
    assert stagiaire and set(stagiaire.values()) == {"À compléter"}
    assert set(corrige) == set(stagiaire)
    assert all(v.startswith("Correct") for v in corrige.values()), corrige


@pytest.mark.parametrize("nom", NOMS)
def test_le_corrige_le_dit_et_detaille_le_calcul(nom):
    classeur = openpyxl.load_workbook(FORMATION / f"{nom}_corrige.xlsx")
    assert classeur.properties.title.startswith("Corrigé – ")
    for ws in classeur.worksheets:
        assert ws.oddFooter.center.text.startswith("Corrigé – "), ws.title
        assert str(ws["A1"].value).startswith("Corrigé"), ws.title
    textes = [c.value for ws in classeur.worksheets for ligne in ws.iter_rows() for c in ligne]
    assert "Vos réponses" not in textes and "Votre réponse" not in textes
    assert {"Réponse du corrigé", "Classement du corrigé"} & set(textes)
    # à côté de chaque réponse (cellule vérifiée), un calcul détaillé ou une explication non vide
    verifs = _verifications(FORMATION / f"{nom}_corrige.xlsx")
    for cle in verifs:
        feuille, cellule = cle.split("!")
        ws = classeur[feuille]
        ligne = int(re.sub(r"\D", "", cellule))
        derniere = ws.max_column
        detail = ws.cell(ligne, derniere).value
        assert isinstance(detail, str) and len(detail) > 10, cle
    stagiaire = openpyxl.load_workbook(FORMATION / f"{nom}_stagiaire.xlsx")
    assert not stagiaire.properties.title.startswith("Corrigé")


def _formules_et_cache(chemin):
    """Tout ce qu'un stagiaire curieux lit dans le fichier : le texte de chaque partie XML."""
    with zipfile.ZipFile(chemin) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                         if n.endswith(".xml"))


def _representations(valeur):
    """Les écritures d'une réponse numérique qu'un fichier pourrait contenir (XML, formules)."""
    formes = {repr(float(valeur)), str(valeur)}
    if float(valeur).is_integer():
        formes.add(str(int(valeur)))
    elif round(valeur, 2) == valeur:                      # une réponse au centime, en centièmes
        formes |= {f"{valeur:.2f}", str(round(valeur * 100))}
    return {f for f in formes if len(f.strip("-0.")) >= 3}


@pytest.mark.parametrize("nom,reponses", [
    # sauf la redevance maximum (448 €), qui se lit dans la table des données : c'est la question
    ("etude_de_cas", [v for k, v in formation.REPONSES_CAS.items() if isinstance(v, (int, float)) and k != 13]),
    ("exercices_3_4_bilans", [-2_000, 5_600, 6_762.50]),
    ("exercice_2_surfaces", [formation.SU_EXERCICE_2, formation.SU_EXERCICE_2_SANS_FONCTION,
                             formation.SLC_EXERCICE_2]),
])
def test_aucune_reponse_lisible_dans_un_fichier_stagiaire(nom, reponses):
    """Ni colonne masquée, ni réponse écrite dans une formule, une valeur en cache ou une partie
    XML : les vérifications comparent des empreintes ou recalculent à partir des réponses."""
    chemin = FORMATION / f"{nom}_stagiaire.xlsx"
    classeur = openpyxl.load_workbook(chemin)
    for ws in classeur.worksheets:
        assert ws.sheet_state == "visible"
        assert not [c for c, d in ws.column_dimensions.items() if d.hidden], ws.title
        assert not [r for r, d in ws.row_dimensions.items() if d.hidden], ws.title
    texte = _formules_et_cache(chemin)
    nombres = set(re.findall(r"-?\d+(?:\.\d+)?", texte))
    for valeur in reponses:
        assert not (_representations(valeur) & nombres), (valeur, _representations(valeur) & nombres)
    if nom == "exercice_2_surfaces":
        # le classement attendu d'un local n'apparaît pas dans sa vérification
        for ligne in range(formation.LIGNE_LOCAUX_EX2, formation.LIGNE_LOCAUX_EX2 + len(formation.LOCAUX_EXERCICE_2)):
            formule = classeur["Exercice 2"][f"F{ligne}"].value.replace("|SU|SU 50 %|SLC|Exclue|", "")
            assert not re.search(r'"(SU|SU 50 %|SLC|Exclue|logement|annexe|privatif|collectif|circulation|'
                                 r'technique|administratif)"', formule), formule


@pytest.mark.parametrize("nom", ["exercice_2_surfaces", "exercices_3_4_bilans"])
def test_exercices_verifies_sans_le_complement(nom):
    """Les exercices n'appellent que des fonctions du tableur : un stagiaire sans le complément
    voit ses réponses vérifiées."""
    for ws in openpyxl.load_workbook(FORMATION / f"{nom}_stagiaire.xlsx").worksheets:
        for ligne in ws.iter_rows():
            for c in ligne:
                if isinstance(c.value, str) and c.value.startswith("="):
                    assert not re.findall(r"\b(" + "|".join(REGISTRE) + r")\(", c.value), c.coordinate


def test_sans_le_complement_l_etude_de_cas_le_dit():
    """Une vérification qui appelle nos fonctions dit qu'il faut le complément plutôt que #NOM?."""
    ws = openpyxl.load_workbook(FORMATION / "etude_de_cas_stagiaire.xlsx")["Questions"]
    avec = [c for ligne in ws.iter_rows() for c in ligne if isinstance(c.value, str)
            and re.search(r"\b(" + "|".join(REGISTRE) + r")\(", c.value)]
    assert len(avec) == 5                                    # CS, MQ, assiette, subvention, plan
    assert all("Vérification impossible sans le complément" in c.value for c in avec)


# --- Exercice 2 --------------------------------------------------------------------------------

def _ligne_local(local):
    return formation.LIGNE_LOCAUX_EX2 + [l.local for l in formation.LOCAUX_EXERCICE_2].index(local)


LIGNE_SU = formation.LIGNE_LOCAUX_EX2 + len(formation.LOCAUX_EXERCICE_2) + 2


def test_indice_avant_la_reponse(tmp_path):
    salle = _ligne_local("Salle commune")
    r = copie_modifiee(FORMATION / "exercice_2_surfaces_corrige.xlsx", tmp_path / "ex2.xlsx",
                       {f"Exercice 2!E{salle}": "SU", f"Exercice 2!B{LIGNE_SU}": 615})
    message = r[f"Exercice 2!F{salle}"]
    assert message == "À revoir. Indice : est-elle utilisable par au moins la moitié des résidents ? (art. 11 II)"
    assert "SLC" not in message
    su = r[f"Exercice 2!C{LIGNE_SU}"]
    assert su.startswith("À revoir. Indice : SU = ") and "600" not in su and "555" not in su


@pytest.mark.parametrize("classement,su,attendu", [
    ("SU", 600, "Correct"), ("Exclue", 555, "Correct"),       # les deux classements, et la SU qui suit
    ("Exclue", 600, "À revoir"), ("SU", 555, "À revoir"), ("SLC", 600, "Correct"),
])
def test_logement_de_fonction_deux_classements(tmp_path, classement, su, attendu):
    ligne = _ligne_local(formation.LOGEMENT_DE_FONCTION)
    r = copie_modifiee(FORMATION / "exercice_2_surfaces_stagiaire.xlsx", tmp_path / "lf.xlsx",
                       {f"Exercice 2!E{ligne}": classement, f"Exercice 2!B{LIGNE_SU}": su})
    verification = r[f"Exercice 2!F{ligne}"]
    if classement in ("SU", "Exclue"):
        assert verification.startswith("Correct : les textes sont muets sur le logement de fonction")
    else:
        assert verification.startswith("À revoir. Indice : un logement de fonction")
    assert r[f"Exercice 2!C{LIGNE_SU}"].startswith(attendu)


# --- Exercices 3 et 4 --------------------------------------------------------------------------

def test_bilans_oui_non_selon_les_resultats_du_stagiaire(tmp_path):
    ligne = formation.LIGNE_REPONSES_BILANS
    # bailleur juste (−2 000), gestionnaire faux et négatif : « Non » est cohérent avec sa réponse
    r = copie_modifiee(FORMATION / "exercices_3_4_bilans_stagiaire.xlsx", tmp_path / "b.xlsx",
                       {f"Exercice 3!B{ligne}": -2_000, f"Exercice 3!B{ligne + 1}": -400,
                        f"Exercice 3!B{ligne + 2}": "Non", f"Exercice 3!B{ligne + 3}": "Non"})
    assert r[f"Exercice 3!C{ligne}"] == "Correct"
    assert r[f"Exercice 3!C{ligne + 1}"].startswith("À revoir. Indice : redevances × (1 − vacance)")
    assert r[f"Exercice 3!C{ligne + 2}"] == "Correct, d'après votre résultat du gestionnaire"
    assert r[f"Exercice 3!C{ligne + 3}"] == "Correct, d'après vos deux résultats"
    # à l'euro près : 6 762 et 6 763 pour 6 762,50 €
    for reponse in (6_762, 6_763, 6_762.5):
        r = copie_modifiee(FORMATION / "exercices_3_4_bilans_stagiaire.xlsx", tmp_path / "c.xlsx",
                           {f"Exercice 4!B{ligne + 1}": reponse})
        assert r[f"Exercice 4!C{ligne + 1}"] == "Correct", reponse
    r = copie_modifiee(FORMATION / "exercices_3_4_bilans_stagiaire.xlsx", tmp_path / "d.xlsx",
                       {f"Exercice 4!B{ligne + 1}": 6_765})
    assert r[f"Exercice 4!C{ligne + 1}"].startswith("À revoir")


# --- Étude de cas ------------------------------------------------------------------------------

def _lignes_questions():
    ws = openpyxl.load_workbook(FORMATION / "etude_de_cas_stagiaire.xlsx")["Questions"]
    return {int(m.group(1)): c.row for c in ws["A"] if isinstance(c.value, str)
            and (m := re.match(r"(\d+)\. ", c.value))}


LIGNES = _lignes_questions()


def _cas(tmp_path, reponses, nom="cas.xlsx"):
    r = copie_modifiee(FORMATION / "etude_de_cas_stagiaire.xlsx", tmp_path / nom,
                       {f"Questions!B{LIGNES[q]}": v for q, v in reponses.items()})
    return {q: r.valeurs.get(f"Questions!C{LIGNES[q]}") for q in LIGNES}


def test_etude_de_cas_couvre_plan_redevance_et_decision():
    ws = openpyxl.load_workbook(FORMATION / "etude_de_cas_stagiaire.xlsx")["Questions"]
    textes = " ".join(str(c.value) for c in ws["A"] if c.value)
    for mot in ("Écart du plan de financement", "Redevance maximum", "Part loyer L", "Avis proposé au comité",
                "Conditions ou motifs"):
        assert mot in textes, mot
    assert set(formation.SECTIONS_CAS.values()) <= {c.value for c in ws["A"]}


def test_erreur_en_amont_ne_se_repercute_pas(tmp_path):
    """SU fausse (625 m²) : CS, MQ, assiette et subvention calculés à partir de 625 sont justes."""
    cs = 0.77 * (1 + 25 * 38 / 625)                          # 1,9404
    # MQ : 0,77 × (410 − 450) / (1,9404 × 625) = −0,025397 → −0,0253 ; + 0,0225 + 0,10 = 0,0972
    mq = 0.0972
    assiette = round(1050 * cs * 625 * (1 + mq), 2)
    v = _cas(tmp_path, {1: 625, 2: 410, 3: round(cs, 4), 4: mq, 5: assiette, 6: round(assiette * 0.2, 2)})
    assert v[1].startswith("À revoir. Indice : SU = ")
    assert v[3] == "Correct, d'après votre SU"
    assert v[4].startswith("Correct, d'après vos SU et SLC")
    assert v[5].startswith("Correct, d'après vos SU, CS et MQ")
    assert v[6] == "Correct, d'après votre assiette"


@pytest.mark.parametrize("cs,assiette", [(1.8742, 1_431_115.81), (1.8742, 1_431_078.35),
                                         (1.874151, 1_431_078.35)])
def test_cs_arrondi_a_4_decimales_admis(tmp_path, cs, assiette):
    v = _cas(tmp_path, {1: 662.5, 2: 410, 3: cs, 4: 0.0977, 5: assiette})
    assert v[3] == "Correct, d'après votre SU"
    assert v[5].startswith("Correct")


@pytest.mark.parametrize("mq,admis", [
    (0.0977, True),     # texte de l'art. 11 II : terme SLC −0,0248 déduit ; + taille 0,0225 + BBC 0,10
    (0.1225, True),     # support de formation : terme SLC négatif nul ; 0,0225 + 0,10
    (0.1000, False),    # le label seul
])
def test_mq_les_deux_lectures_du_terme_slc_negatif(tmp_path, mq, admis):
    """Le stagiaire qui suit le support (terme SLC négatif nul) n'est pas compté faux : les deux
    lectures sont admises, et la vérification le dit."""
    v = _cas(tmp_path, {1: 662.5, 2: 410, 3: 1.8742, 4: mq})
    if admis:
        assert v[4] == ("Correct, d'après vos SU et SLC (terme SLC négatif déduit, comme le texte, ou nul, "
                        "comme le support)")
    else:
        assert v[4].startswith("À revoir. Indice : MQ = terme SLC")


def test_cs_faux_refuse(tmp_path):
    v = _cas(tmp_path, {1: 662.5, 3: 1.8748})
    assert v[3].startswith("À revoir. Indice : CS = 0,77 × (1 + NL × 38 / SU)")


def test_donnees_du_cas_conformes_a_l_annexe_iii():
    """Annexe III de l'arrêté du 17/10/2011 (logements-foyers, neuf) : type I' au moins 20 m²,
    type I bis au moins 30 m² ; les 25 logements de 24 m² sont des T1'."""
    minimum = {"T1'": 20, "T1 bis": 30}
    logements = [(local, surface) for local, categorie, surface, _ in formation.LOCAUX_CAS if categorie == "logement"]
    assert logements == [("Logement T1'", 24)]
    for local, surface in logements:
        type_ = local.removeprefix("Logement ")
        assert surface >= minimum[type_], local


def test_decision_selon_les_constats(tmp_path):
    q = formation.REPONSES_CAS
    base = {k: q[k] for k in range(1, 19)}
    assert _cas(tmp_path, {**base, 19: "Ajournement"})[19].startswith("Correct")
    assert _cas(tmp_path, {**base, 19: "Favorable sous conditions"}, "b.xlsx")[19].startswith("Correct")
    refus = _cas(tmp_path, {**base, 19: "Favorable"}, "c.xlsx")[19]
    assert refus.startswith("À revoir. Indice : un avis favorable sans condition suppose un plan équilibré")
    # si le stagiaire a trouvé tout équilibré, « Favorable » est cohérent avec ses réponses
    tout_bon = _cas(tmp_path, {**base, 9: "Oui", 12: "Oui", 19: "Favorable"}, "d.xlsx")
    assert tout_bon[19].startswith("Correct") and tout_bon[9].startswith("À revoir")


def test_redevance_datee_et_plan(tmp_path):
    v = _cas(tmp_path, {6: 286_215.67, 7: 3_050_000, 8: -13_784.33, 9: "Non", 13: 441, 14: "Oui",
                        16: 167_368.42, 17: 557.89, 18: "Non"})
    assert v[8] == "Correct, d'après vos subvention et prix de revient"
    assert v[9] == "Correct, d'après votre écart"
    assert v[13].startswith("À revoir. Indice : dans la table, le maximum en vigueur")   # 441 € : celui de 2020
    assert v[14] == "Correct, d'après votre maximum"
    assert v[17] == "Correct, d'après votre réponse 16" and v[18].startswith("Correct")
