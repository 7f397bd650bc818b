"""Les classeurs livrés dans workbooks/ : conformes à leur spécification, recalculés sans erreur,
résultats égaux aux calculs faits à la main ; le validateur détecte les altérations."""

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from udfs import cli, moteur
from udfs.classeurs import generation
from udfs.classeurs.validation import valider

RACINE = Path(__file__).resolve().parents[1]
WORKBOOKS = RACINE / "workbooks"
LIVRES = sorted(generation.classeurs_livres())


@pytest.fixture(scope="module")
def regeneres(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("regeneres")
    generation.generer_tout(dossier)
    return dossier


@pytest.fixture(scope="module")
def calcules():
    return {rel: moteur.recalculer(WORKBOOKS / rel) for rel in LIVRES}


@pytest.mark.parametrize("relatif", LIVRES)
def test_classeur_commite_identique_a_sa_specification(relatif, regeneres):
    """Le fichier commité est identique à l'octet à celui que produit sa spécification (la génération
    est déterministe). Régénérer : ``rs-instruction generer``."""
    if (WORKBOOKS / relatif).read_bytes() != (regeneres / relatif).read_bytes():
        with zipfile.ZipFile(WORKBOOKS / relatif) as commite, zipfile.ZipFile(regeneres / relatif) as attendu:
            differentes = sorted(set(commite.namelist()) ^ set(attendu.namelist())) + [
                n for n in attendu.namelist() if n in commite.namelist() and commite.read(n) != attendu.read(n)]
        pytest.fail(f"{relatif} diffère de sa spécification ({', '.join(differentes)}) : "
                    "lancer « rs-instruction generer »")


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
    # CS = 0,77 × (1 + 20 × 38 / 404) ; MQ : 0,77 × (177 − 360) / (CS × 404) = −0,1566 ; + 0,024 → < 0 → 0
    assert r.nom("CS") == pytest.approx(0.77 * (1 + 760 / 404))
    assert r.nom("MQ") == 0
    assert r.nom("REGIME") == "forfait par logement"
    assert r.nom("RES_SUBVENTION") == 500_000                      # 20 × 25 000 (PLAI adapté ≤ 60 000)
    assert r.nom("RES_PRIX_REVIENT") == 2_570_000
    assert r.nom("ECART_PLAN") == 0
    assert r.nom("TAUX_PRET_CDC") == pytest.approx(0.028)          # Livret A 3 % − 0,20
    # annuités : 1 200 000 sur 40 ans et 420 000 sur 50 ans à 2,80 % = 50 249,84 + 15 709,07
    assert r.nom("ANNUITES") == pytest.approx(65_958.91, abs=0.01)
    assert r.nom("RES_BILAN_BAILLEUR") == pytest.approx(85_000 - 65_958.91 - 17_000, abs=0.01)
    # 100 800 × 0,97 + 142 350 − (85 000 + 12 000 + 100 000 + 5 000 + 30 000) = 8 126
    assert r.nom("RES_BILAN_GESTIONNAIRE") == pytest.approx(8_126)
    assert r.nom("RES_VERDICT") == "Équilibrée"
    assert r.nom("RES_COMPLETUDE") == "Complet"
    assert r.nom("ALERTES_PRIX_REVIENT_TEXTE") == "Aucune alerte"
    assert r.nom("CONTROLE_REDEVANCE_TEXTE").startswith("Conforme")


def test_residence_sociale_40_2021_exemple_8_2(calcules):
    r = calcules["exemples/residence_sociale_40_2021.xlsx"]
    assert (r.nom("RES_SU"), r.nom("RES_SLC")) == (880, 900)     # 40 × 20 + ½ × 40 × 4 ; 150+60+40+100+550
    assert r.nom("CS") == pytest.approx(2.1)
    assert r.nom("MQ") == 0.093
    assert r.nom("REGIME") == "assiette × taux"
    assert r.nom("RES_ASSIETTE") == 2_019_864
    assert r.nom("RES_SUBVENTION") == 403_972.80
    assert r.nom("TAUX_PRET_CDC") == pytest.approx(0.003)          # Livret A 0,50 % − 0,20
    annuites = _annuite(2_456_027.20, 0.003, 40) + _annuite(1_000_000, 0.003, 50)
    assert r.nom("ANNUITES") == pytest.approx(annuites) == pytest.approx(86_817.74, abs=0.01)
    assert r.nom("RES_BILAN_GESTIONNAIRE") == pytest.approx(5_200)   # 216 000 × 0,95 + 26 000 − 226 000
    assert r.nom("RES_VERDICT") == "Équilibrée"
    # abords 200 000 > 4 % × 3 300 000 = 132 000
    assert r.nom("ALERTES_PRIX_REVIENT_TEXTE").startswith("Abords : 200 000,00 € dépassent le plafond de 132 000,00 €")


def test_fjt_2025_petits_logements_et_deficit(calcules):
    r = calcules["exemples/fjt_2025.xlsx"]
    assert (r.nom("RES_SU"), r.nom("RES_SLC")) == (1180, 900)    # 60 × 18 + 10 × 10 (privatif)
    # SU moyenne 19,67 < 20 : (900 − 1 770 + 720) / (2,9 × 1 180) = −0,04383 → −0,0438 ;
    # + taille 0,012 + ascenseur type 2 0,05 = 0,0182
    assert r.nom("MQ") == 0.0182
    assert r.nom("RES_SUBVENTION") == 1_080_000                    # 60 × 18 000
    assert r.nom("TAUX_PRET_CDC") == pytest.approx(0.022)          # Livret A 2,40 % (01/02/2025) − 0,20
    # 345 600 × 0,92 + 130 000 − 482 000 = −34 048
    assert r.nom("RES_BILAN_GESTIONNAIRE") == pytest.approx(-34_048)
    assert r.nom("RES_VERDICT") == "Déséquilibrée : gestionnaire en déficit de 34 048,00 €"
    assert r.nom("RES_COMPLETUDE") == "Incomplet"                  # permis de construire manquant
    assert r.nom("ANNEE_DEFICIT") == 1
    # table des maximums datée : 485 € au 01/01/2024, 500 € au 01/01/2025 → 500 € au 10/03/2025
    assert r.nom("REDEVANCE_MAX") == 500


# --- Formation ---------------------------------------------------------------------------------

def _verifications(resultat):
    return [v for v in resultat.valeurs.values()
            if isinstance(v, str) and v.startswith(("Correct", "Incorrect", "À compléter"))]


@pytest.mark.parametrize("nom", ["exercice_2_surfaces", "exercices_3_4_bilans", "etude_de_cas"])
def test_stagiaire_a_completer_corrige_correct(nom, calcules):
    stagiaire = _verifications(calcules[f"formation/{nom}_stagiaire.xlsx"])
    corrige = _verifications(calcules[f"formation/{nom}_corrige.xlsx"])
    assert stagiaire and set(stagiaire) == {"À compléter"}
    assert len(corrige) == len(stagiaire) and set(corrige) == {"Correct"}


def test_mauvaise_reponse_expliquee(tmp_path):
    copie = tmp_path / "exercice.xlsx"
    shutil.copy(WORKBOOKS / "formation/exercice_2_surfaces_corrige.xlsx", copie)
    wb = openpyxl.load_workbook(copie)
    wb["Exercice 2"]["E12"] = "SU"          # la salle commune est en SLC
    wb["Exercice 2"]["B16"] = 615           # SU fausse (annexes comptées en entier)
    wb.save(copie)
    r = moteur.recalculer(copie)
    assert r["Exercice 2!F12"] == ("Incorrect : ce local compte en SLC (utilisable par au moins la "
                                   "moitié des résidents)")
    assert r["Exercice 2!C16"].startswith("Incorrect : recomptez")


# --- Validateur --------------------------------------------------------------------------------

@pytest.fixture
def copie_exemple(tmp_path):
    copie = tmp_path / "dossier.xlsx"
    shutil.copy(WORKBOOKS / "exemples/residence_sociale_40_2021.xlsx", copie)
    return copie


def _renommer(wb, ancien, nouveau):
    defini = wb.defined_names.pop(ancien)
    defini.name = nouveau
    wb.defined_names[nouveau] = defini


def _alterer(chemin, action):
    wb = openpyxl.load_workbook(chemin)
    action(wb)
    wb.save(chemin)


@pytest.mark.parametrize("action,attendu", [
    (lambda wb: wb.remove(wb["Bilans"]), "Bilans : feuille absente"),
    (lambda wb: _renommer(wb, "SURFACE_UTILE", "SURFACE_UTILE_2"),
     "nom défini « SURFACE_UTILE » absent"),
    (lambda wb: wb["Subvention"].__setitem__("B7", 2.1),
     "Subvention!B7 : formule remplacée par la constante « 2.1 »"),
    (lambda wb: wb["Opération"].__setitem__("B16", "quarante"),
     "Opération!B16 : nombre attendu, reçu le texte « quarante »"),
    (lambda wb: wb["Opération"].__setitem__("B12", "4"),
     "Opération!B12 : « 4 » hors de la liste (1, 1 bis, 2, 3)"),
    (lambda wb: wb["Surfaces"].__setitem__("B6", "cuisine"),
     "Surfaces!B6 : « cuisine » hors de la liste"),
    (lambda wb: setattr(wb["Bilans"].protection, "sheet", False), "Bilans : feuille non protégée"),
    (lambda wb: setattr(wb["Subvention"]["B7"], "protection", openpyxl.styles.Protection(locked=False)),
     "Subvention!B7 : formule déverrouillée"),
])
def test_validateur_rejette(copie_exemple, action, attendu, capsys):
    _alterer(copie_exemple, action)
    avant = copie_exemple.read_bytes()
    problemes = [str(p) for p in valider(copie_exemple)]
    assert any(p.startswith(attendu) or attendu in p for p in problemes), problemes
    assert cli.main(["valider", str(copie_exemple)]) == 1
    assert attendu in capsys.readouterr().out
    assert copie_exemple.read_bytes() == avant          # le validateur n'écrit rien


def test_valider_classeur_conforme_code_0(capsys):
    assert cli.main(["valider", str(WORKBOOKS / "instruction_residence_sociale.xlsx")]) == 0
    assert "structure conforme" in capsys.readouterr().err         # le résumé va sur stderr


def test_classeur_sans_modele(tmp_path, capsys):
    libre = tmp_path / "libre.xlsx"
    openpyxl.Workbook().save(libre)
    assert cli.main(["valider", str(libre)]) == 1
    assert "MODELE_CLASSEUR absent" in capsys.readouterr().out


def test_lot_sur_les_exemples(tmp_path, capsys):
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
    import re

    import formulas

    from udfs.classeurs.validation import modeles_connus
    from udfs.fonctions import REGISTRE
    for modele in modeles_connus().values():
        noms = set(modele.noms())
        assert not noms & set(REGISTRE), modele.identifiant
        assert not noms & set(formulas.get_functions()), modele.identifiant
        assert not [n for n in noms if re.fullmatch(r"[A-Z]{1,3}[0-9]+|[RC]", n)]


@pytest.mark.libreoffice
def test_rendu_libreoffice_lisible(tmp_path):
    """La copie calculée, ouverte par LibreOffice (comme un collègue sans le complément) et
    exportée en PDF : valeurs présentes, au format français, aucune erreur affichée."""
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) absent")
    copie = tmp_path / "rs.xlsx"
    assert cli.main(["recalculer", str(WORKBOOKS / "exemples/residence_sociale_40_2021.xlsx"),
                     "--sortie", str(copie)]) == 0
    env = {"LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8", "HOME": str(tmp_path),
           "PATH": "/usr/bin:/bin"}
    subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(copie)], check=True, env=env, timeout=180, capture_output=True)
    texte = subprocess.run(["pdftotext", "-layout", str(tmp_path / "rs.pdf"), "-"], check=True,
                           capture_output=True, text=True).stdout
    for attendu in ("403 972,80 €", "2 019 864,00 €", "880,00 m²", "Équilibrée", "2,1000"):
        assert attendu in texte.replace("\u202f", " ").replace("\xa0", " "), attendu
    for erreur in ("Err:", "#NOM", "#NAME", "#VALEUR", "#VALUE", "#REF"):
        assert erreur not in texte, erreur


def test_taux_du_livret_a_inconnu_demande_puis_saisi(tmp_path):
    """Après le dernier taux du Livret A livré, le classeur demande le taux ; saisi, il s'applique."""
    copie = tmp_path / "dossier.xlsx"
    shutil.copy(WORKBOOKS / "exemples/fjt_2025.xlsx", copie)
    wb = openpyxl.load_workbook(copie)
    ref = wb.defined_names["DATE_DECISION"].attr_text.split("!")[1].replace("$", "")
    wb["Opération"][ref] = __import__("datetime").datetime(2026, 10, 1)
    wb.save(copie)
    r = moteur.recalculer(copie)
    assert r.nom("TAUX_PRET_CDC").startswith("#livret_a : aucune valeur publiée en vigueur au 01/10/2026")
    ref = wb.defined_names["TAUX_PRET_SAISI"].attr_text.split("!")[1].replace("$", "")
    wb["Plan de financement"][ref] = 0.013
    wb.save(copie)
    r = moteur.recalculer(copie)
    assert r.nom("TAUX_PRET_CDC") == 0.013
    # 3 600 000 sur 40 ans + 900 000 sur 50 ans à 1,30 %
    attendu = sum(k * 0.013 / (1 - 1.013 ** -n) for k, n in ((3_600_000, 40), (900_000, 50)))
    assert r.nom("ANNUITES") == pytest.approx(attendu)


def test_valider_complet_signale_les_saisies_obligatoires_vides(capsys):
    modele = WORKBOOKS / "instruction_residence_sociale.xlsx"
    assert cli.main(["valider", str(modele)]) == 0          # modèle vierge : structure conforme
    capsys.readouterr()
    assert cli.main(["valider", "--complet", str(modele)]) == 1
    sortie = capsys.readouterr().out
    assert "Opération!B16 : saisie obligatoire vide" in sortie          # NL
    assert "Prix de revient!B6 : saisie obligatoire vide" in sortie     # charge foncière
    assert cli.main(["valider", "--complet", str(WORKBOOKS / "exemples/fjt_2025.xlsx")]) == 0
