"""LibreOffice, second hôte et second moteur : l'extension générée, et l'accord des deux moteurs.

Les tests marqués ``extension_libreoffice`` lancent un vrai LibreOffice sans écran, dans un profil
privé du dossier temporaire des tests (jamais celui de l'utilisateur), avec l'extension construite
depuis le registre ; ils sont sautés, en le disant, si LibreOffice, python3-uno ou libreoffice-dev
manque. Les autres vérifient sans LibreOffice ce que l'extension contient.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from udfs import cli, corpus, moteur
from udfs.copie import ecrire_copie_calculee
from udfs.fonctions import REGISTRE
from udfs.libreoffice import adaptation, basic, bureau, ecarts, extension, formules

RACINE = Path(__file__).parent.parent
WORKBOOKS = RACINE / "workbooks"
LIVRES = sorted(WORKBOOKS.rglob("*.xlsx"))
EXEMPLE = WORKBOOKS / "exemples" / "residence_sociale_40_2021.xlsx"

lo = pytest.mark.extension_libreoffice


# --- Sans LibreOffice : ce que contient l'extension ------------------------------------------------

def test_idl_une_methode_par_fonction_du_registre():
    texte = extension.idl()
    for nom, f in REGISTRE.items():
        m = re.search(rf"(\S.*?) {nom}\((.*?)\);", texte)
        assert m, nom
        assert m[2].count("[in] any ") == len(f.arguments), nom
        assert m[1].strip() == ("sequence< sequence< any > >" if f.matrice else "any"), nom
    # UNOIDL refuse « date_reference » : le nom IDL est dérivé, le nom affiché reste le nôtre
    assert "dateReference" in texte and "date_reference" not in texte


def test_basic_une_fonction_par_nom_excel_qui_appelle_l_add_in():
    code = basic.code()
    for nom, f in REGISTRE.items():
        entete = re.search(rf"^Function {nom}\((.*)\)$", code, re.M)
        assert entete, nom
        assert entete[1].count("Optional ") == len(f.arguments), nom   # tout argument peut manquer
        assert f"\t{nom} = RsValeur(RsFonctions().{nom}(" in code, nom
    assert len(re.findall(r"^Function ", code, re.M)) == len(REGISTRE)
    assert 'CreateUnoService("fr.rsinstruction.calc.Fonctions")' in code


def test_noyau_embarque_sans_dependance_hors_bibliotheque_standard():
    modules = extension.modules_du_noyau()
    for attendu in ("udfs.registre", "udfs.valeurs", "udfs.erreurs", "udfs.parametres", "udfs.fonctions.subvention",
                    "udfs.regles.surfaces", "udfs.regles.bilans", "udfs.libreoffice.adaptation"):
        assert attendu in modules
    # ni hôte, ni moteur, ni bibliothèque tierce : rien que LibreOffice ne saurait importer
    for absent in ("udfs.excel", "udfs.moteur", "udfs.cli", "udfs.classeurs", "udfs.libreoffice.bureau"):
        assert absent not in modules


def test_parametres_relus_depuis_la_copie_json_comme_depuis_le_yaml(tmp_path, monkeypatch):
    from udfs import parametres
    depuis_yaml = {p.nom: p for p in parametres.tous()}
    copie = tmp_path / "parametres.json"
    copie.write_text(json.dumps(parametres.contenus(), ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(parametres, "COPIE_JSON", copie)
    for cache in (parametres._copie_json, parametres.parametre):
        cache.cache_clear()
    try:
        depuis_json = {p.nom: p for p in parametres.tous()}
        assert parametres._copie_json() is not None
        assert depuis_json == depuis_yaml
        assert parametres.valeur("cs_constante_foyer", dt.date(2020, 1, 1)) == 0.77
    finally:
        for cache in (parametres._copie_json, parametres.parametre):
            cache.cache_clear()


def test_adaptation_des_valeurs_recues_de_calc():
    # une plage arrive en tuple de tuples ; une cellule seule, en valeur ; un argument omis, en None
    assert adaptation.arguments((((1.0,), ("x",)),), (0,)) == [[[1.0], ["x"]]]
    assert adaptation.arguments((((40.0,),), None), ()) == [40.0, None]
    assert adaptation.arguments((5.0,), (0,)) == [[[5.0]]]
    # résultats : booléen → nombre (un booléen dans un « any » deviendrait 0 dans Calc), None → 0
    assert adaptation.resultat(True, matrice=False) == 1.0
    assert adaptation.resultat(None, matrice=False) == 0.0
    assert adaptation.resultat("#nl : valeur manquante", matrice=False) == "#nl : valeur manquante"
    # matrice : rectangulaire, vides complétés ; un message seul en 1 × 1
    assert adaptation.resultat([["a", "b"], [1]], matrice=True) == (("a", "b"), (1.0, ""))
    assert adaptation.resultat("#taux : …", matrice=True) == (("#taux : …",),)


def test_arguments_omis_reperes_dans_nos_seuls_appels():
    # SUBVENTION_PLAI ( DATE ( 2021 ; 3 ; 15 ) ; <omis> ; A1 ; IF ( 1 ; <omis> ; 2 ) ; <omis> )
    o, f, s, m, p = 10, 11, 12, 13, 0
    jetons = [(21, "SUBVENTION_PLAI"), (o, None), (218, None), (o, None), (p, 2021.0), (s, None), (p, 3.0),
              (s, None), (p, 15.0), (f, None), (s, None), (m, None), (s, None), (p, "A1"), (s, None),
              (6, None), (o, None), (p, 1.0), (s, None), (m, None), (s, None), (p, 2.0), (f, None),
              (s, None), (m, None), (f, None)]
    assert formules.arguments_omis(jetons, REGISTRE, o, f, m) == [11, 24]     # pas celui du IF
    # un texte poussé qui porte notre nom n'est pas un appel
    assert formules.arguments_omis([(p, "SU_FOYER"), (o, None), (m, None), (f, None)], REGISTRE, o, f, m) == []


def test_ecarts_connus_et_desaccords():
    matrices = {n for n, f in REGISTRE.items() if f.matrice}
    assert ecarts.accord(1.0, 1.0 + 1e-12) and not ecarts.accord(1.0, 1.0001)
    assert not ecarts.accord(True, 1.0) and not ecarts.accord("1", 1.0)
    assert ecarts.classe("=BILAN_BAILLEUR(A1)", "#annuites : la cellule source est en erreur (#VALUE!)",
                         "#VALUE!", matrices) == "argument_en_erreur"
    assert ecarts.classe("=INDEX(PROJECTION_BILANS(A1),5,2)", "#REF!", "#VALUE!", matrices) == "index_hors_matrice"
    assert ecarts.classe("=SU_FOYER(A1:A3,B1:B3)", 25.0, 30.0, matrices) is None
    assert ecarts.classe("=INDEX(A1:A2,5)", "#REF!", "#VALUE!", matrices) is None


def test_sans_libreoffice_une_erreur_francaise_nomme_les_paquets(monkeypatch, capsys):
    monkeypatch.setattr(extension, "repertoire_programme", lambda: None)
    monkeypatch.setattr(shutil, "which", lambda nom: None)
    assert cli.main(["recalculer", str(EXEMPLE), "--moteur", "libreoffice", "--json"]) == 2
    erreur = capsys.readouterr().err
    assert "LibreOffice est introuvable" in erreur
    assert "apt-get install libreoffice-calc-nogui python3-uno" in erreur


def test_corpus_genere_reste_dans_les_listes_et_les_bornes(tmp_path):
    from udfs.classeurs.validation import valider
    chemins = corpus.generer(tmp_path, 10, graine=3)
    assert len({c.name for c in chemins}) == 10
    for chemin in chemins:
        # le validateur du modèle ne trouve ni valeur hors liste, ni type faux, ni borne dépassée
        assert [p for p in valider(chemin) if "liste" in str(p) or "borne" in str(p) or "type" in str(p)] == []
    assert [c.read_bytes() for c in corpus.generer(tmp_path / "b", 10, graine=3)] == [c.read_bytes() for c in chemins]


# --- Avec LibreOffice -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cache_lo(tmp_path_factory):
    """Le cache du moteur LibreOffice (extension construite, profil privé) dans le dossier des tests."""
    dossier = tmp_path_factory.mktemp("cache_lo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(dossier))
        yield dossier


@pytest.fixture(scope="module")
def office(cache_lo):
    """Un seul LibreOffice pour tout le module (profil créé au premier usage, extension installée)."""
    with bureau.Bureau() as b:
        print(f"\nLibreOffice prêt en {b.duree_demarrage:.1f} s (profil créé, extension installée)")
        yield b


def _interne(chemins):
    """Valeurs du moteur par défaut, un modèle compilé par modèle de classeur (comme le lot)."""
    modeles, valeurs = {}, {}
    for chemin in chemins:
        cellules = moteur.lire_cellules(chemin)
        modele = modeles.get(cellules.signature) or modeles.setdefault(cellules.signature, moteur.ModeleCompile(chemin))
        valeurs[chemin] = modele.calculer(chemin, cellules)
    return valeurs


def _ecarts(office, chemins):
    tous, n = [], 0
    for chemin, interne in _interne(chemins).items():
        libre = office.calculer(chemin, interne.cellules)
        assert list(libre.valeurs) == list(interne.valeurs)
        formules_ = {f"{f}!{c}": t for (f, c), t in interne.cellules.formules.items()}
        tous += ecarts.comparer(chemin.name, formules_, interne.valeurs, libre.valeurs)
        n += len(interne.valeurs)
    return tous, n


@lo
def test_assistant_de_fonction_en_francais(office):
    """L'assistant de fonction de Calc montre chaque fonction du registre, sa description et l'aide
    française de chaque argument, les facultatifs marqués."""
    fonctions = office.fonctions()
    for nom, f in REGISTRE.items():
        assert nom in fonctions, nom
        vue = fonctions[nom]
        assert vue["description"] == f.description, nom
        assert [a[1] for a in vue["arguments"]] == [f.aides[a] for a in f.arguments], nom
        assert [a[0] for a in vue["arguments"]][: f.nb_obligatoires] == list(f.arguments[: f.nb_obligatoires])
        assert all(a[0].endswith("(facultatif)") for a in vue["arguments"][f.nb_obligatoires:]), nom
    assert len({fonctions[n]["categorie"] for n in REGISTRE}) == 1      # une seule catégorie


@lo
def test_chaque_classeur_livre_inchange_calcule_par_libreoffice_comme_par_notre_moteur(office):
    """L'issue : un classeur livré, inchangé, ouvert dans LibreOffice avec l'extension, donne pour
    chaque cellule à formule la valeur de notre moteur — sans écart, même connu."""
    desaccords, n = _ecarts(office, LIVRES)
    assert n > 1000
    assert desaccords == [], "\n".join(map(str, desaccords))


@lo
def test_dossiers_generes_les_deux_moteurs_s_accordent_ou_l_ecart_est_connu(office, tmp_path):
    chemins = corpus.generer(tmp_path, 20, graine=11)
    desaccords, n = _ecarts(office, chemins)
    assert n > 2000
    inexpliques = [e for e in desaccords if e.classe is None]
    assert inexpliques == [], "\n".join(map(str, inexpliques[:20]))
    print(f"\n{n} cellules comparées, {len(desaccords)} écarts connus : "
          f"{sorted({(e.classe, sum(1 for d in desaccords if d.classe == e.classe)) for e in desaccords})}")


def _par_nom(classeur, nom):
    feuille, ref = next(iter(classeur.defined_names[nom].destinations))
    return classeur[feuille][ref.replace("$", "")].value


def _cle_du_nom(chemin, nom):
    """« Feuille!A1 » de la cellule d'un nom défini : les tests suivent le classeur quand il change."""
    feuille, ref = next(iter(openpyxl.load_workbook(chemin).defined_names[nom].destinations))
    return f"{feuille}!{ref.replace('$', '')}"


@lo
@pytest.mark.parametrize("classeur", LIVRES, ids=lambda p: p.name)
def test_recalculer_json_libreoffice_memes_cles_et_valeurs(office, capsys, classeur):
    """L'issue : « recalculer X --moteur libreoffice --json » imprime les mêmes clés et valeurs que
    le moteur par défaut, pour chaque classeur livré."""
    assert cli.main(["recalculer", str(classeur), "--json"]) == 0
    interne = json.loads(capsys.readouterr().out)
    assert cli.main(["recalculer", str(classeur), "--moteur", "libreoffice", "--json"]) == 0
    libre = json.loads(capsys.readouterr().out)
    assert list(libre) == list(interne)
    assert [k for k in interne if not ecarts.accord(interne[k], libre[k])] == []
    if classeur == EXEMPLE:
        assert libre[_cle_du_nom(classeur, "RES_SUBVENTION")] == pytest.approx(403_972.80)


@lo
def test_recalculer_libreoffice_ecrit_la_meme_copie_calculee(office, tmp_path):
    a, b = tmp_path / "interne.xlsx", tmp_path / "libre.xlsx"
    assert cli.main(["recalculer", str(EXEMPLE), "--sortie", str(a)]) == 0
    assert cli.main(["recalculer", str(EXEMPLE), "--moteur", "libreoffice", "--sortie", str(b)]) == 0
    va = openpyxl.load_workbook(a, data_only=True)
    vb = openpyxl.load_workbook(b, data_only=True)
    for ws in va.worksheets:
        for ligne in ws.iter_rows():
            for c in ligne:
                autre = vb[ws.title][c.coordinate].value
                assert c.value == autre or ecarts.accord(c.value, autre), (ws.title, c.coordinate)


@lo
def test_lot_libreoffice_meme_synthese_un_seul_processus(office, tmp_path):
    dossier = tmp_path / "dossiers"
    dossier.mkdir()
    for p in (WORKBOOKS / "exemples").glob("*.xlsx"):
        shutil.copy(p, dossier)
    assert cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "interne.xlsx"), "--sans-barre"]) == 0
    assert cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "libre.xlsx"), "--sans-barre",
                     "--moteur", "libreoffice"]) == 0
    assert (tmp_path / "libre.csv").read_text(encoding="utf-8-sig") == \
        (tmp_path / "interne.csv").read_text(encoding="utf-8-sig")


@lo
def test_valeurs_en_cache_perimees_recalculees_par_libreoffice(office, tmp_path):
    """Un classeur qui porte des valeurs en cache fausses (saisie changée sans recalcul) : la
    configuration de l'extension fait recalculer LibreOffice à l'ouverture."""
    vraies = moteur.recalculer(EXEMPLE).valeurs
    fausses = {k: (v * 7 + 1 if isinstance(v, float) else "PÉRIMÉ") for k, v in vraies.items()}
    perime = tmp_path / "perime.xlsx"
    ecrire_copie_calculee(EXEMPLE, fausses, perime)
    assert _par_nom(openpyxl.load_workbook(perime, data_only=True), "RES_SUBVENTION") != pytest.approx(403_972.8)
    libre = office.calculer(perime).valeurs
    assert [k for k in vraies if not ecarts.accord(vraies[k], libre[k])] == []


def _classeur(tmp_path, formules_: dict[str, str], valeurs: dict | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Essai"
    for ref, v in {**(valeurs or {}), **formules_}.items():
        ws[ref] = v
    chemin = tmp_path / "essai.xlsx"
    wb.save(chemin)
    return chemin


@lo
def test_arguments_omis_booleens_et_erreurs_comme_excel(office, tmp_path):
    chemin = _classeur(tmp_path, {
        # argument omis au milieu et en fin (« ;; », « ;) ») : absent, comme dans Excel
        "B1": "=SUBVENTION_PLAI(DATE(2021,3,15),,1000000,0.2,)",
        # VRAI arrive en nombre dans LibreOffice : accepté
        "B2": "=PLAFOND_SUBVENTION(DATE(2023,1,1),TRUE)",
        "B3": '=PLAFOND_SUBVENTION(DATE(2023,1,1),"Oui")',
        # message d'erreur d'une fonction : le même texte « #… »
        "B4": "=CS_FOYER(40,0)",
        # matrice : une case lue par INDEX
        "B5": "=INDEX(TABLEAU_AMORTISSEMENT(1000,0.05,3),2,2)",
        "B6": "=A1=NATURE_SURFACE(\"logement\")",
    }, {"A1": "SU"})
    interne = moteur.recalculer(chemin).valeurs
    libre = office.calculer(chemin).valeurs
    assert interne["Essai!B1"] == pytest.approx(200_000)
    assert interne["Essai!B2"] == interne["Essai!B3"]
    assert interne["Essai!B4"].startswith("#su : ")
    assert interne["Essai!B6"] is True
    assert [k for k in interne if not ecarts.accord(interne[k], libre[k])] == []


@lo
def test_reference_circulaire_refusee_comme_par_le_moteur_par_defaut(office, tmp_path, capsys):
    chemin = _classeur(tmp_path, {"A1": "=B1+1", "B1": "=A1*2", "C1": "=CS_FOYER(40,880)"})
    assert cli.main(["recalculer", str(chemin), "--json"]) == 2
    assert cli.main(["recalculer", str(chemin), "--json", "--moteur", "libreoffice"]) == 2
    erreur = capsys.readouterr().err
    assert "référence circulaire" in erreur and "Essai!A1" in erreur


def _profil_copie(office, destination: Path) -> Path:
    shutil.copytree(office.profil, destination, ignore=shutil.ignore_patterns(".lock"))
    return destination


@lo
def test_rendu_pdf_valeurs_vivantes_recalculees_par_l_extension(office, tmp_path):
    """Rendu d'un classeur aux valeurs en cache fausses, par LibreOffice avec l'extension et en
    ligne de commande (comme un double-clic) : le PDF montre les valeurs recalculées, au format
    français, et aucune erreur."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) absent")
    fausses = {k: (v * 7 + 1 if isinstance(v, float) else "PÉRIMÉ")
               for k, v in moteur.recalculer(EXEMPLE).valeurs.items()}
    perime = tmp_path / "rs.xlsx"
    ecrire_copie_calculee(EXEMPLE, fausses, perime)
    profil = _profil_copie(office, tmp_path / "profil")
    env = {**bureau._env_propre(), "LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8", "HOME": str(tmp_path)}
    env["PATH"] = "/usr/bin:/bin:" + env.get("PATH", "")
    subprocess.run([bureau._soffice(), f"-env:UserInstallation={profil.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(perime)],
                   check=True, env=env, timeout=300, capture_output=True)
    texte = subprocess.run(["pdftotext", "-layout", str(tmp_path / "rs.pdf"), "-"], check=True,
                           capture_output=True, text=True).stdout.replace("\u202f", " ").replace("\xa0", " ")
    for attendu in ("403 972,80 €", "2 019 864,00 €", "880,00 m²", "Équilibrée", "2,1000"):
        assert attendu in texte, attendu
    for erreur in ("PÉRIMÉ", "Err:", "#NOM", "#NAME", "#VALEUR", "#VALUE", "#REF"):
        assert erreur not in texte, erreur




@lo
def test_installation_par_unopkg_sans_droits_d_administrateur(office, tmp_path):
    """Le chemin du README : un utilisateur ordinaire installe l'extension avec « unopkg add »
    dans son propre profil, puis LibreOffice calcule un classeur livré inchangé."""
    unopkg = Path(bureau._soffice()).with_name("unopkg")
    maison = Path(tempfile.mkdtemp(prefix="rs-unopkg-"))    # lisible par l'utilisateur ordinaire
    try:
        oxt = shutil.copy(office.extension, maison / "rs_instruction.oxt")
        shutil.copy(EXEMPLE, maison / "dossier.xlsx")
        shutil.copy(WORKBOOKS / "formation" / "etude_de_cas_corrige.xlsx", maison / "cas.xlsx")
        (maison / "sortie").mkdir()
        env = {**bureau._env_propre(), "HOME": str(maison)}
        env["PATH"] = "/usr/bin:/bin:" + env.get("PATH", "")
        prefixe = []
        if os.geteuid() == 0:                 # unopkg refuse root sans --shared : un utilisateur ordinaire
            if shutil.which("runuser") is None:
                pytest.skip("tests lancés sous root sans runuser")
            shutil.chown(maison, "nobody")
            for p in maison.rglob("*"):
                shutil.chown(p, "nobody")
            prefixe = ["runuser", "-u", "nobody", "--", "env", f"HOME={maison}"]
        debut = time.monotonic()
        r = subprocess.run(prefixe + [str(unopkg), "add", str(oxt)], env=env, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, r.stderr
        print(f"\nunopkg add : {time.monotonic() - debut:.1f} s")
        subprocess.run(prefixe + [bureau._soffice(), "--headless", "--norestore", "--convert-to", "xlsx",
                                  "--outdir", str(maison / "sortie"), str(maison / "dossier.xlsx"),
                                  str(maison / "cas.xlsx")],
                       env=env, check=True, capture_output=True, timeout=300)
        calcule = openpyxl.load_workbook(maison / "sortie" / "dossier.xlsx", data_only=True)
        assert _par_nom(calcule, "RES_SUBVENTION") == pytest.approx(403_972.80)
        assert _par_nom(calcule, "RES_SU") == pytest.approx(880)                 # exemple §8.2 : SU 880 m²
        # le module Basic posé au démarrage est retiré à la fermeture : rien ne reste dans le profil
        standard = maison / ".config" / "libreoffice" / "4" / "user" / "basic" / "Standard"
        assert standard.exists() and not (standard / "RsInstruction.xba").exists()
        # un classeur enregistré par LibreOffice garde les noms Excel de nos fonctions
        with zipfile.ZipFile(maison / "sortie" / "dossier.xlsx") as z:
            feuilles = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
        assert "SUBVENTION_PLAI(" in feuilles and "FR.RSINSTRUCTION" not in feuilles.upper()
        # argument omis (« ;; ») complété en "" à l'ouverture : calculé comme dans Excel, et enregistré ainsi
        cas = openpyxl.load_workbook(maison / "sortie" / "cas.xlsx")
        valeurs = openpyxl.load_workbook(maison / "sortie" / "cas.xlsx", data_only=True)
        verifications = [(f.title, c.coordinate) for f in cas.worksheets for ligne in f.iter_rows() for c in ligne
                         if isinstance(c.value, str) and "SUBVENTION_PLAI(DATE(2021,3,15)," in c.value]
        assert verifications
        for feuille, ref in verifications:
            assert 'SUBVENTION_PLAI(DATE(2021,3,15),"",' in cas[feuille][ref].value
            assert valeurs[feuille][ref].value.startswith("Correct"), (feuille, ref)
    finally:
        shutil.rmtree(maison, ignore_errors=True)


@lo
def test_extension_construite_bibliotheque_de_types_lisible(office, tmp_path):
    oxt = cli.main(["extension", "--sortie", str(tmp_path / "rs.oxt")])
    assert oxt == 0
    with zipfile.ZipFile(tmp_path / "rs.oxt") as z:
        noms = set(z.namelist())
        manifeste = z.read("META-INF/manifest.xml").decode()
        z.extract("rs_instruction.rdb", tmp_path)
    for partie in ("rs_instruction.rdb", "rs_instruction.components", "rs_instruction_calc.py", "Jobs.xcu",
                   "Calc.xcu", "RsInstruction.bas", "pythonpath/udfs/parametres/parametres.json",
                   "pythonpath/udfs/regles/surfaces.py"):
        assert partie in noms, partie
        if partie.endswith((".rdb", ".components", ".xcu")):
            assert partie in manifeste, partie
    lecture = subprocess.run([str(extension.unoidl_write().with_name("unoidl-read")), str(tmp_path / "rs_instruction.rdb")],
                             capture_output=True, text=True, check=True).stdout
    for nom in REGISTRE:
        assert f" {nom}(" in lecture, nom

