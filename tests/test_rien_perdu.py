"""Rien de ce que l'utilisateur a saisi n'est perdu : l'entrée n'est jamais écrite, la sortie est
écrite d'un coup (fichier temporaire renommé), un lot interrompu ne laisse pas de fichier à moitié
écrit."""

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from udfs import cli, copie, lot

RACINE = Path(__file__).resolve().parents[1]
EXEMPLES = RACINE / "workbooks" / "exemples"


def _empreintes(dossier: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(dossier.iterdir()) if p.is_file()}


@pytest.fixture
def dossier(tmp_path):
    d = tmp_path / "dossiers"
    shutil.copytree(EXEMPLES, d)
    return d


def test_sortie_egale_a_l_entree_refusee(dossier, capsys):
    entree = dossier / "fjt_2025.xlsx"
    avant = entree.read_bytes()
    for sortie in (str(entree), str(dossier / "." / "fjt_2025.xlsx")):
        assert cli.main(["recalculer", str(entree), "--sortie", sortie]) == 2
        assert "ne sera jamais écrasé" in capsys.readouterr().err
    assert entree.read_bytes() == avant


def test_sortie_lien_vers_l_entree_refusee(dossier, capsys):
    entree = dossier / "fjt_2025.xlsx"
    lien = dossier / "lien.xlsx"
    os.link(entree, lien)                       # même fichier sous un autre nom
    assert cli.main(["recalculer", str(entree), "--sortie", str(lien)]) == 2
    assert "est le fichier d'entrée" in capsys.readouterr().err


def test_entree_en_lecture_seule(dossier, capsys):
    entree = dossier / "pension_de_famille_2024.xlsx"
    avant = entree.read_bytes()
    entree.chmod(0o444)
    try:
        assert cli.main(["recalculer", str(entree)]) == 0
    finally:
        entree.chmod(0o644)
    assert entree.read_bytes() == avant
    assert (dossier / "pension_de_famille_2024_calcule.xlsx").is_file()


def test_ecriture_interrompue_ne_laisse_rien(dossier, monkeypatch, capsys):
    entree = dossier / "fjt_2025.xlsx"
    sortie = dossier / "sortie" / "copie.xlsx"

    def panne(*args, **kwargs):
        raise OSError("disque plein (simulé)")

    monkeypatch.setattr(copie, "_feuille_calculee", panne)
    with pytest.raises(OSError):
        cli.main(["recalculer", str(entree), "--sortie", str(sortie)])
    assert not sortie.exists()
    assert not [p for p in sortie.parent.iterdir() if p.name.endswith(".tmp")]


def test_copie_existante_remplacee_d_un_coup(dossier, capsys):
    entree = dossier / "fjt_2025.xlsx"
    sortie = dossier / "copie.xlsx"
    sortie.write_bytes(b"ancienne copie")
    assert cli.main(["recalculer", str(entree), "--sortie", str(sortie)]) == 0
    assert sortie.read_bytes()[:2] == b"PK"


def test_lot_ne_modifie_pas_ses_entrees(dossier, tmp_path, capsys):
    avant = _empreintes(dossier)
    assert cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "synthese.xlsx"),
                     "--copies", str(tmp_path / "copies"), "--sans-barre"]) == 0
    assert _empreintes(dossier) == avant
    assert sorted(p.name for p in (tmp_path / "copies").iterdir()) == [
        "fjt_2025_calcule.xlsx", "pension_de_famille_2024_calcule.xlsx", "residence_sociale_40_2021_calcule.xlsx"]


def test_lot_copies_dans_le_dossier_d_entree_refusees(dossier, tmp_path, capsys):
    assert cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "s.xlsx"), "--copies", str(dossier)]) == 2
    assert "autre dossier" in capsys.readouterr().err


def test_lot_interrompu_ne_laisse_pas_de_synthese(dossier, tmp_path, monkeypatch, capsys):
    vrai = lot.traiter
    appels = []

    def traiter(*args, **kwargs):
        appels.append(args[0])
        if len(appels) == 2:
            raise KeyboardInterrupt
        return vrai(*args, **kwargs)

    monkeypatch.setattr(lot, "traiter", traiter)
    code = cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "synthese.xlsx"), "--sans-barre"])
    assert code == 130
    assert "Interrompu" in capsys.readouterr().err
    assert list(tmp_path.glob("synthese*")) == []
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_lot_sur_un_dossier_vide_ou_absent(tmp_path, capsys):
    assert cli.main(["lot", str(tmp_path), "--sortie", str(tmp_path / "s.xlsx")]) == 2
    assert "aucun classeur" in capsys.readouterr().err
    assert cli.main(["lot", str(tmp_path / "absent"), "--sortie", str(tmp_path / "s.xlsx")]) == 2
