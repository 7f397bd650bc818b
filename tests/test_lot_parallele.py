"""Le lot réparti sur plusieurs processus : mêmes lignes, dans le même ordre, qu'en un seul ; un
Ctrl-C n'écrit pas de synthèse et ne laisse pas de copie à moitié écrite."""

import shutil
from pathlib import Path

import pytest

from udfs import cli, lot

RACINE = Path(__file__).resolve().parents[1]
EXEMPLES = sorted((RACINE / "workbooks" / "exemples").glob("*.xlsx"))


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    d = tmp_path_factory.mktemp("lot")
    for i in range(18):
        shutil.copy(EXEMPLES[i % 3], d / f"dossier_{i:02d}_{EXEMPLES[i % 3].name}")
    (d / "casse.xlsx").write_bytes(b"pas un classeur")
    return d


def test_memes_lignes_en_parallele(dossier):
    fichiers = lot.classeurs_du_dossier(dossier)
    seul = lot.executer(fichiers, barre=False, processus=1)
    deux = lot.executer(fichiers, barre=False, processus=2)
    assert [l.valeurs() for l in deux] == [l.valeurs() for l in seul]
    assert [l.fichier for l in deux] == [f.name for f in fichiers]
    assert sum(l.statut == "calculé" for l in deux) == 18
    assert deux[0].statut.startswith("erreur : casse.xlsx")


def test_copies_en_parallele(dossier, tmp_path):
    copies = tmp_path / "copies"
    lignes = lot.executer(lot.classeurs_du_dossier(dossier), barre=False, copies=copies, processus=2)
    assert sorted(p.name for p in copies.iterdir()) == sorted(
        f"{Path(l.fichier).stem}_calcule.xlsx" for l in lignes if l.statut == "calculé")


def test_copies_en_parallele_par_la_commande(dossier, tmp_path, monkeypatch):
    """Par la commande, les copies et la synthèse forment une transaction (toutes ou aucune) : les
    copies préparées dans les processus fils sont renommées par le parent, avec la synthèse."""
    monkeypatch.setattr(lot, "SEUIL_PARALLELE", 4)
    copies = tmp_path / "copies"
    assert cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "synthese.xlsx"), "--copies", str(copies),
                     "--sans-barre"]) == 1                                   # casse.xlsx en échec
    assert sorted(p.name for p in copies.iterdir()) == sorted(
        f"{f.stem}_calcule.xlsx" for f in lot.classeurs_du_dossier(dossier) if f.name != "casse.xlsx")
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".")]       # aucun temporaire


def test_ctrl_c_en_parallele(dossier, tmp_path, monkeypatch, capsys):
    vrai = lot.traiter

    def traiter(chemin, *args, **kwargs):
        if chemin.name.startswith("dossier_09"):
            raise KeyboardInterrupt
        return vrai(chemin, *args, **kwargs)

    monkeypatch.setattr(lot, "traiter", traiter)
    monkeypatch.setattr(lot, "SEUIL_PARALLELE", 4)
    sortie = tmp_path / "synthese.xlsx"
    assert cli.main(["lot", str(dossier), "--sortie", str(sortie), "--copies", str(tmp_path / "copies"),
                     "--sans-barre"]) == 130
    assert not sortie.exists() and not sortie.with_suffix(".csv").exists()
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".")]       # aucun temporaire


def test_petit_lot_reste_dans_un_processus(monkeypatch):
    """Sous le seuil, pas de processus : l'interruption au 2e fichier (test_rien_perdu) reste exacte."""
    def interdit(*args, **kwargs):
        raise AssertionError("processus lancés pour un petit lot")

    monkeypatch.setattr(lot, "_en_parallele", interdit)
    assert len(lot.executer(EXEMPLES, barre=False)) == 3


# --- Contrôle de structure sur l'aperçu lxml ----------------------------------------------------

def _altere(tmp_path, nom, action):
    import openpyxl
    chemin = tmp_path / nom
    shutil.copy(RACINE / "workbooks" / "exemples" / "residence_sociale_40_2021.xlsx", chemin)
    wb = openpyxl.load_workbook(chemin)
    action(wb)
    wb.save(chemin)
    return chemin


def _cellule(wb, nom):
    """La cellule du nom défini ``nom`` (les altérations suivent le classeur quand il change)."""
    feuille, ref = next(iter(wb.defined_names[nom].destinations))
    return wb[feuille][ref.replace("$", "")]


def _mettre(wb, nom, valeur):
    _cellule(wb, nom).value = valeur


ALTERATIONS = {
    "feuille_absente": lambda wb: wb.remove(wb["Bilans"]),
    "constante": lambda wb: _mettre(wb, "CS", 2.1),
    "texte_dans_un_nombre": lambda wb: _mettre(wb, "NB_LOGEMENTS", "quarante"),
    "hors_liste": lambda wb: _mettre(wb, "ZONE", "4"),
    "non_protegee": lambda wb: setattr(wb["Bilans"].protection, "sheet", False),
    "deverrouillee": lambda wb: setattr(_cellule(wb, "CS"), "protection",
                                        __import__("openpyxl").styles.Protection(locked=False)),
    "liste_retiree": lambda wb: wb["Opération"].data_validations.dataValidation.clear(),
    "nom_local": lambda wb: wb["Opération"].defined_names.add(
        __import__("openpyxl").workbook.defined_name.DefinedName("LOCAL", attr_text="Opération!$B$2")),
}


@pytest.mark.parametrize("classeur", sorted((RACINE / "workbooks").rglob("*.xlsx")) + list(ALTERATIONS),
                         ids=lambda c: c if isinstance(c, str) else c.name)
def test_apercu_meme_controle_qu_openpyxl(classeur, tmp_path):
    """Le lot contrôle la structure sur l'aperçu lxml : mêmes problèmes qu'avec openpyxl."""
    from udfs.classeurs import validation
    chemin = _altere(tmp_path, f"{classeur}.xlsx", ALTERATIONS[classeur]) if isinstance(classeur, str) else classeur
    par_openpyxl = validation.valider_si_modele_connu(chemin)
    par_apercu = lot._problemes_par_apercu(chemin)
    assert par_apercu is not lot._INCONNU
    assert (None if par_apercu is None else [str(p) for p in par_apercu]) == \
        (None if par_openpyxl is None else [str(p) for p in par_openpyxl])
    if isinstance(classeur, str):
        assert par_apercu, classeur                     # l'altération est bien vue
