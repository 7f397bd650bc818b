"""Un dossier enregistré par Excel avec le complément (``[1]!SU_FOYER(…)`` + partie externalLink)
se recalcule sans Excel comme sa forme ordinaire, passe la validation et le lot ; la copie calculée
garde les formules et la référence externe telles qu'Excel les a écrites."""

import shutil
import zipfile
from pathlib import Path

import pytest

from tests.outils.forme_excel import CHEMIN_XLSTART, forme_excel
from udfs import cli, moteur
from udfs.classeurs.validation import valider
from udfs.liens_externes import lisible, liens_vers_le_complement, normaliser_formule

RACINE = Path(__file__).resolve().parents[1]
EXEMPLE = RACINE / "workbooks" / "exemples" / "residence_sociale_40_2021.xlsx"
NOMS = {"SU_FOYER": "SU_FOYER", "CS_FOYER": "CS_FOYER", "TAUX_PRET": "TAUX_PRET"}


def _partie(chemin, feuille="Surfaces"):
    """La partie XML de la feuille ``feuille`` (son rang change quand une feuille s'ajoute)."""
    from udfs.copie import _parties_feuilles
    with zipfile.ZipFile(chemin) as z:
        return _parties_feuilles(z)[feuille]


SURFACES = _partie(EXEMPLE)


@pytest.mark.parametrize("texte,attendu", [
    ("[1]!SU_FOYER(A1:A3,B1:B3)", "SU_FOYER(A1:A3,B1:B3)"),
    ("ROUND([1]!CS_FOYER(A1,B1),2)+[1]!cs_foyer(1,2)", "ROUND(CS_FOYER(A1,B1),2)+CS_FOYER(1,2)"),
    ("'C:\\Users\\x\\XLSTART\\rs_instruction.xlam'!SU_FOYER(A1,B1)", "SU_FOYER(A1,B1)"),
    ("'\\\\serveur\\partage\\l''équipe\\RS_INSTRUCTION.XLAM'!CS_FOYER(1,2)", "CS_FOYER(1,2)"),
    ("rs_instruction.xlam!CS_FOYER(1,2)", "CS_FOYER(1,2)"),
    ("_xludf.SU_FOYER(A1,B1)*2", "SU_FOYER(A1,B1)*2"),
    ('IF(A1="[1]!SU_FOYER(",[1]!CS_FOYER(1,2),"")', 'IF(A1="[1]!SU_FOYER(",CS_FOYER(1,2),"")'),
    ("[2]!SU_FOYER(A1,B1)", "[2]!SU_FOYER(A1,B1)"),                  # lien 2 : un autre classeur
    ("[1]!AUTRE_FONCTION(A1)", "[1]!AUTRE_FONCTION(A1)"),            # pas une fonction du registre
    ("[1]Feuil1!A1+[1]!SU_FOYER(A1,B1)", "[1]Feuil1!A1+SU_FOYER(A1,B1)"),
    ("'C:\\autre\\outil.xlam'!SU_FOYER(A1,B1)", "'C:\\autre\\outil.xlam'!SU_FOYER(A1,B1)"),
    ("MON_xludf.SU_FOYER(A1)", "MON_xludf.SU_FOYER(A1)"),
    ("'Feuille ''x'''!A1+_xludf.TAUX_PRET(\"PLAI\",A2)", "'Feuille ''x'''!A1+TAUX_PRET(\"PLAI\",A2)"),
])
def test_normaliser_formule(texte, attendu):
    assert normaliser_formule(texte, {"1"}, NOMS) == attendu


@pytest.fixture(scope="module")
def formes(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("excel")
    chemins = {"ordinaire": dossier / "ordinaire.xlsx"}
    shutil.copy(EXEMPLE, chemins["ordinaire"])
    chemins["lien_1"] = dossier / "lien_1.xlsx"
    employees = forme_excel(EXEMPLE, chemins["lien_1"])
    chemins["lien_2"] = dossier / "lien_2.xlsx"          # un autre lien externe d'abord
    forme_excel(EXEMPLE, chemins["lien_2"], prefixe="[2]!", liens_avant=1,
                cible="/Users/instructeur/Library/XLSTART/rs_instruction.xlam")
    chemins["chemin_ecrit"] = dossier / "chemin_ecrit.xlsx"
    forme_excel(EXEMPLE, chemins["chemin_ecrit"], prefixe=f"'{CHEMIN_XLSTART}'!")
    chemins["partagees"] = dossier / "partagees.xlsx"     # formules recopiées : « shared »
    forme_excel(EXEMPLE, chemins["partagees"], partagees=True)
    chemins["xludf"] = dossier / "xludf.xlsx"
    forme_excel(EXEMPLE, chemins["xludf"], prefixe="_xludf.")
    assert {"SU_FOYER", "SUBVENTION_PLAI", "BILAN_GESTIONNAIRE"} <= set(employees)
    return chemins


def test_la_forme_excel_est_bien_celle_d_excel(formes):
    """Sans normalisation, le moteur ne la lirait pas (garde-fou du test lui-même)."""
    with zipfile.ZipFile(formes["lien_1"]) as z:
        assert b"[1]!SU_FOYER(" in z.read(SURFACES)
        assert liens_vers_le_complement(z) == {"1"}
    with zipfile.ZipFile(formes["lien_2"]) as z:
        assert liens_vers_le_complement(z) == {"2"}
    with zipfile.ZipFile(formes["partagees"]) as z:
        surfaces = z.read(SURFACES)
        assert b'<f t="shared" ref="F6:F' in surfaces and surfaces.count(b'<f t="shared" si="') > 30
    import formulas
    moteur.enregistrer()
    with pytest.raises(Exception, match="Not a valid formula"):
        formulas.ExcelModel().loads(str(formes["lien_1"])).finish()


@pytest.fixture(scope="module")
def ordinaire(formes):
    return moteur.recalculer(formes["ordinaire"])


@pytest.mark.parametrize("forme", ["lien_1", "lien_2", "chemin_ecrit", "partagees", "xludf"])
def test_formules_lues_comme_la_forme_ordinaire(formes, ordinaire, forme):
    lues = moteur.lire_cellules(formes[forme])
    assert lues.formules == ordinaire.cellules.formules
    assert lues.signature == ordinaire.cellules.signature                    # même modèle pour le lot


@pytest.mark.parametrize("forme", ["lien_1", "chemin_ecrit", "partagees"])   # _xludf. : par le lot
def test_recalcul_identique_a_la_forme_ordinaire(formes, ordinaire, forme):
    excel = moteur.recalculer(formes[forme])
    assert excel.valeurs == ordinaire.valeurs
    assert excel.nom("RES_SUBVENTION") == pytest.approx(403972.80)          # l'exemple §8.2


@pytest.mark.parametrize("forme", ["ordinaire", "lien_1", "chemin_ecrit", "partagees", "xludf"])
def test_valider_accepte_la_forme_excel(formes, forme):
    assert valider(formes[forme]) == []


def test_une_formule_modifiee_reste_signalee(formes, tmp_path):
    """La normalisation ne masque pas une vraie modification : un autre argument est signalé."""
    chemin = tmp_path / "modifie.xlsx"
    with zipfile.ZipFile(formes["lien_1"]) as source, zipfile.ZipFile(chemin, "w") as cible:
        for nom in source.namelist():
            octets = source.read(nom)
            if nom == SURFACES:
                octets = octets.replace(b"[1]!SU_FOYER(", b"[1]!SLC_FOYER(", 1)
            cible.writestr(nom, octets)
    problemes = [str(p) for p in valider(chemin)]
    assert len(problemes) == 1 and "formule modifiée" in problemes[0] and "SLC_FOYER(C6" in problemes[0], problemes


def test_copie_calculee_garde_formules_et_lien(formes, tmp_path):
    sortie = tmp_path / "calcule.xlsx"
    assert cli.main(["recalculer", str(formes["lien_1"]), "--sortie", str(sortie)]) == 0
    with zipfile.ZipFile(formes["lien_1"]) as avant, zipfile.ZipFile(sortie) as apres:
        for nom in ("xl/externalLinks/externalLink1.xml", "xl/externalLinks/_rels/externalLink1.xml.rels",
                    "xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            assert apres.read(nom) == avant.read(nom), nom
        assert b"<externalReferences>" in apres.read("xl/workbook.xml")
        from xml.etree import ElementTree
        f = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}f"
        formules = lambda z, n: [e.text for e in ElementTree.fromstring(z.read(n)).iter(f)]
        for nom in avant.namelist():
            if nom.startswith("xl/worksheets/sheet"):
                assert formules(apres, nom) == formules(avant, nom), nom
        assert any("[1]!SU_FOYER(" in t for t in formules(apres, SURFACES))
    resultat = moteur.recalculer(sortie)         # la copie se relit elle-même
    assert resultat.nom("RES_SUBVENTION") == pytest.approx(403972.80)


def test_lot_sur_un_dossier_enregistre_par_excel(formes, tmp_path):
    dossier = tmp_path / "lot"
    dossier.mkdir()
    for forme in ("ordinaire", "lien_1", "xludf"):
        shutil.copy(formes[forme], dossier / f"{forme}.xlsx")
    assert cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "synthese.xlsx"), "--sans-barre"]) == 0
    import csv
    with open(tmp_path / "synthese.csv", encoding="utf-8-sig") as f:
        lignes = list(csv.reader(f, delimiter=";"))
    assert len(lignes) == 4 and len({tuple(l[1:]) for l in lignes[1:]}) == 1, lignes


def test_classeur_sans_lien_lu_sans_copie(formes):
    assert lisible(formes["ordinaire"]) == formes["ordinaire"]
    assert lisible(formes["lien_1"]) != formes["lien_1"]


def test_fichier_endommage_rendu_tel_quel(tmp_path):
    chemin = tmp_path / "abime.xlsx"
    chemin.write_bytes(b"PK\x03\x04 pas une archive")
    assert lisible(chemin) == chemin


def test_memoire_des_copies_n_efface_que_ses_copies(formes, tmp_path):
    """Plus de fichiers que la mémoire n'en garde (8), ordinaires et enregistrés par Excel : les
    copies réécrites les plus anciennes sont effacées, jamais un fichier de l'utilisateur, et un
    fichier relu après modification est relu (la clé porte sa date et sa taille)."""
    ordinaires, copies = [], []
    for i in range(6):
        ordinaire_ = tmp_path / f"ordinaire_{i}.xlsx"
        shutil.copy(formes["ordinaire"], ordinaire_)
        avec_lien = tmp_path / f"lien_{i}.xlsx"
        shutil.copy(formes["lien_1"], avec_lien)
        assert lisible(ordinaire_) == ordinaire_ == lisible(ordinaire_)
        copies.append(lisible(avec_lien))
        assert copies[-1] != avec_lien and copies[-1] == lisible(avec_lien)
        ordinaires += [ordinaire_, avec_lien]
    assert all(p.exists() for p in ordinaires)
    assert not copies[0].exists() and copies[-1].exists()
    shutil.copy(formes["lien_1"], ordinaires[0])          # l'ordinaire devient un dossier enregistré par Excel
    assert lisible(ordinaires[0]) != ordinaires[0]
