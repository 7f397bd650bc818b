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
