"""Rien de ce que l'utilisateur a saisi n'est perdu : l'entrée n'est jamais écrite, la sortie est
écrite d'un coup (fichier temporaire renommé), un lot interrompu ne laisse pas de fichier à moitié
écrit, une synthèse ne remplace jamais un classeur."""

import errno
import hashlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest

from udfs import cli, copie, lot

RACINE = Path(__file__).resolve().parents[1]
EXEMPLES = RACINE / "workbooks" / "exemples"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _empreintes(dossier: Path) -> dict[str, str]:
    return {str(p.relative_to(dossier)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(dossier.rglob("*")) if p.is_file()}


def _temporaires(dossier: Path) -> list[Path]:
    return [p for p in dossier.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture
def dossier(tmp_path):
    d = tmp_path / "dossiers"
    shutil.copytree(EXEMPLES, d)
    return d


# --- recalculer --------------------------------------------------------------------------------

def test_sortie_egale_a_l_entree_refusee(dossier, monkeypatch, capsys):
    entree = dossier / "fjt_2025.xlsx"
    avant = _empreintes(dossier)
    monkeypatch.chdir(dossier)
    for sortie in (str(entree), str(dossier / "." / "fjt_2025.xlsx"), "fjt_2025.xlsx"):
        assert cli.main(["recalculer", str(entree), "--sortie", sortie]) == 2
        sortie_ = capsys.readouterr()
        assert sortie_.out == ""
        assert "ne sera jamais écrasé" in sortie_.err
    assert _empreintes(dossier) == avant                  # entrée intacte, rien d'autre écrit


def test_sortie_egale_a_l_entree_refusee_en_json(dossier, capsys):
    entree = dossier / "fjt_2025.xlsx"
    avant = entree.read_bytes()
    assert cli.main(["recalculer", str(entree), "--json", "--sortie", str(entree)]) == 2
    assert capsys.readouterr().out == ""                  # refusé avant tout calcul
    assert entree.read_bytes() == avant


@pytest.mark.parametrize("lien", ["dur", "symbolique"])
def test_sortie_lien_vers_l_entree_refusee(dossier, capsys, lien):
    entree = dossier / "fjt_2025.xlsx"
    avant = entree.read_bytes()
    autre = dossier / "lien.xlsx"
    os.link(entree, autre) if lien == "dur" else autre.symlink_to(entree)   # même fichier, autre nom
    assert cli.main(["recalculer", str(entree), "--sortie", str(autre)]) == 2
    assert "est le fichier d'entrée" in capsys.readouterr().err
    assert entree.read_bytes() == avant


def test_sortie_d_une_autre_extension_refusee(dossier, capsys):
    entree = dossier / "fjt_2025.xlsx"
    assert cli.main(["recalculer", str(entree), "--sortie", str(dossier / "copie.xlsm")]) == 2
    assert "garder l'extension .xlsx" in capsys.readouterr().err
    assert not (dossier / "copie.xlsm").exists()


def test_entree_en_lecture_seule(dossier, capsys):
    """Une entrée protégée en écriture se calcule : la copie est écrite à côté, l'entrée n'est pas
    touchée (vérifiable même sous root, où chmod n'empêche rien)."""
    entree = dossier / "pension_de_famille_2024.xlsx"
    avant = entree.read_bytes()
    mtime = entree.stat().st_mtime_ns
    entree.chmod(0o444)
    try:
        assert cli.main(["recalculer", str(entree)]) == 0
    finally:
        entree.chmod(0o644)
    assert "→" in capsys.readouterr().out
    assert entree.read_bytes() == avant and entree.stat().st_mtime_ns == mtime
    copie_calculee = dossier / "pension_de_famille_2024_calcule.xlsx"
    assert copie_calculee.is_file() and zipfile.is_zipfile(copie_calculee)
    assert not _temporaires(dossier)


@pytest.mark.skipif(ROOT, reason="sous root, un dossier en lecture seule reste inscriptible")
def test_dossier_en_lecture_seule(dossier, capsys):
    entree = dossier / "fjt_2025.xlsx"
    avant = _empreintes(dossier)
    dossier.chmod(0o555)
    try:
        code = cli.main(["recalculer", str(entree)])
    finally:
        dossier.chmod(0o755)
    assert code == 2
    assert "droits insuffisants" in capsys.readouterr().err
    assert _empreintes(dossier) == avant


def test_droits_insuffisants_simules(dossier, monkeypatch, capsys):
    """Même message sous root : le dossier de sortie refuse la création du fichier temporaire."""
    entree = dossier / "fjt_2025.xlsx"
    avant = _empreintes(dossier)

    def refus(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))

    monkeypatch.setattr(tempfile, "mkstemp", refus)
    assert cli.main(["recalculer", str(entree)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Erreur : écriture impossible (") and "droits insuffisants" in err
    assert _empreintes(dossier) == avant


class _PanneDisque:
    """Remplace ``ZipFile.writestr`` : la 3e partie écrite déclenche « disque plein ». Au moment
    de la panne, on relève ce qui existe dans le dossier de sortie."""

    def __init__(self, monkeypatch, sortie: Path, rang: int = 3):
        self.sortie, self.rang, self.appels, self.vu = sortie, rang, 0, None
        vraie = zipfile.ZipFile.writestr

        def writestr(archive, *args, **kwargs):
            self.appels += 1
            if self.appels == self.rang:
                self.vu = sorted(p.name for p in self.sortie.parent.iterdir())
                raise OSError(errno.ENOSPC, "No space left on device")
            return vraie(archive, *args, **kwargs)

        monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)


def test_ecriture_interrompue_ne_laisse_rien(dossier, monkeypatch, capsys):
    entree = dossier / "fjt_2025.xlsx"
    sortie = dossier / "sortie" / "copie.xlsx"
    panne = _PanneDisque(monkeypatch, sortie)
    assert cli.main(["recalculer", str(entree), "--sortie", str(sortie)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Erreur : lecture ou écriture impossible (No space left on device)")
    assert "aucun fichier à moitié écrit" in err
    # pendant l'écriture, seul un temporaire « .copie.xlsx.*.tmp » existait ; après la panne, rien
    assert len(panne.vu) == 1 and panne.vu[0].startswith(".copie.xlsx.") and panne.vu[0].endswith(".tmp")
    assert not sortie.exists()
    assert list(sortie.parent.iterdir()) == []


def test_ecriture_interrompue_garde_l_ancienne_copie(dossier, monkeypatch, capsys):
    """Une copie calculée précédente reste entière si la nouvelle écriture échoue."""
    entree = dossier / "fjt_2025.xlsx"
    sortie = dossier / "fjt_2025_calcule.xlsx"
    assert cli.main(["recalculer", str(entree)]) == 0
    ancienne = sortie.read_bytes()
    _PanneDisque(monkeypatch, sortie, rang=5)
    assert cli.main(["recalculer", str(entree)]) == 2
    assert sortie.read_bytes() == ancienne
    assert not _temporaires(dossier)


def test_ecriture_interrompue_par_ctrl_c(dossier, monkeypatch, capsys):
    entree = dossier / "fjt_2025.xlsx"
    sortie = dossier / "copie.xlsx"

    def interrompre(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(copie, "_feuille_calculee", interrompre)
    assert cli.main(["recalculer", str(entree), "--sortie", str(sortie)]) == 130
    assert "aucun fichier partiel" in capsys.readouterr().err
    assert not sortie.exists() and not _temporaires(dossier)


def test_copie_existante_remplacee_d_un_coup(dossier, capsys):
    entree = dossier / "fjt_2025.xlsx"
    sortie = dossier / "copie.xlsx"
    sortie.write_bytes(b"ancienne copie")
    assert cli.main(["recalculer", str(entree), "--sortie", str(sortie)]) == 0
    assert zipfile.is_zipfile(sortie)
    with zipfile.ZipFile(entree) as a, zipfile.ZipFile(sortie) as b:
        assert a.namelist() == b.namelist()                  # toutes les parties recopiées
    assert not _temporaires(dossier)


# --- lot ---------------------------------------------------------------------------------------

def test_lot_ne_modifie_pas_ses_entrees(dossier, tmp_path, capsys):
    avant = _empreintes(dossier)
    assert cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "synthese.xlsx"),
                     "--copies", str(tmp_path / "copies"), "--sans-barre"]) == 0
    assert _empreintes(dossier) == avant
    assert sorted(p.name for p in (tmp_path / "copies").iterdir()) == [
        "fjt_2025_calcule.xlsx", "pension_de_famille_2024_calcule.xlsx", "residence_sociale_40_2021_calcule.xlsx"]
    assert not _temporaires(tmp_path)


def test_lot_copies_dans_le_dossier_d_entree_refusees(dossier, tmp_path, capsys):
    avant = _empreintes(dossier)
    for copies in (dossier, dossier / ".", dossier / ".." / dossier.name):
        assert cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "s.xlsx"), "--copies", str(copies)]) == 2
        assert "autre dossier" in capsys.readouterr().err
    assert _empreintes(dossier) == avant
    assert not (tmp_path / "s.xlsx").exists()


@pytest.mark.parametrize("nom", ["fjt_2025.xlsx", "fjt_2025.csv", "fjt_2025"])
def test_lot_synthese_sur_un_classeur_du_lot_refusee(dossier, capsys, nom):
    """``--sortie dossier/fjt_2025.xlsx`` (ou .csv, ou sans extension : la synthèse .xlsx prend le
    même nom) remplacerait le classeur saisi par la synthèse."""
    avant = _empreintes(dossier)
    assert cli.main(["lot", str(dossier), "--sortie", str(dossier / nom), "--sans-barre"]) == 2
    assert "écraserait un classeur du lot" in capsys.readouterr().err
    assert _empreintes(dossier) == avant


def test_lot_synthese_dans_le_dossier_d_entree(dossier, capsys):
    """Un nom libre dans le dossier des entrées est admis, les entrées restent intactes. Au passage
    suivant, l'ancienne synthèse est un classeur du lot : refus plutôt que d'écrire sur une entrée."""
    avant = _empreintes(dossier)
    assert cli.main(["lot", str(dossier), "--sortie", str(dossier / "synthese.xlsx"), "--sans-barre"]) == 0
    apres = _empreintes(dossier)
    assert {k: v for k, v in apres.items() if not k.startswith("synthese.")} == avant
    assert {"synthese.xlsx", "synthese.csv"} <= set(apres)
    capsys.readouterr()
    assert cli.main(["lot", str(dossier), "--sortie", str(dossier / "synthese.xlsx"), "--sans-barre"]) == 2
    assert "la synthèse synthese.xlsx écraserait un classeur du lot" in capsys.readouterr().err
    assert _empreintes(dossier) == apres


def _interrompre_au_2e(monkeypatch):
    vrai = lot.traiter
    appels = []

    def traiter(*args, **kwargs):
        appels.append(args[0])
        if len(appels) == 2:
            raise KeyboardInterrupt
        return vrai(*args, **kwargs)

    monkeypatch.setattr(lot, "traiter", traiter)
    return appels


def test_lot_interrompu_ne_laisse_pas_de_synthese(dossier, tmp_path, monkeypatch, capsys):
    avant = _empreintes(dossier)
    appels = _interrompre_au_2e(monkeypatch)
    code = cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "synthese.xlsx"),
                     "--copies", str(tmp_path / "copies"), "--sans-barre"])
    assert code == 130 and len(appels) == 2
    assert "Interrompu" in capsys.readouterr().err
    assert list(tmp_path.glob("synthese*")) == []
    assert not _temporaires(tmp_path)
    # la copie du 1er classeur, écrite avant l'interruption, est entière ; pas de 2e
    copies = sorted((tmp_path / "copies").iterdir())
    assert [p.name for p in copies] == ["fjt_2025_calcule.xlsx"]
    assert openpyxl.load_workbook(copies[0]).sheetnames
    assert _empreintes(dossier) == avant


def test_lot_interrompu_garde_la_synthese_precedente(dossier, tmp_path, monkeypatch, capsys):
    sortie = tmp_path / "synthese.xlsx"
    assert cli.main(["lot", str(dossier), "--sortie", str(sortie), "--sans-barre"]) == 0
    precedente = _empreintes(tmp_path)
    _interrompre_au_2e(monkeypatch)
    assert cli.main(["lot", str(dossier), "--sortie", str(sortie), "--sans-barre"]) == 130
    assert _empreintes(tmp_path) == precedente


def test_lot_interrompu_pendant_l_ecriture_de_la_synthese(dossier, tmp_path, monkeypatch, capsys):
    """Ctrl-C au milieu de l'enregistrement du .xlsx de synthèse : ni synthèse, ni temporaire."""
    vraie = openpyxl.Workbook.save

    def save(classeur, flux):
        vraie(classeur, flux)               # le temporaire est écrit…
        raise KeyboardInterrupt             # … puis l'utilisateur interrompt avant le renommage

    monkeypatch.setattr(openpyxl.Workbook, "save", save)
    assert cli.main(["lot", str(dossier), "--sortie", str(tmp_path / "synthese.xlsx"), "--sans-barre"]) == 130
    assert list(tmp_path.glob("synthese*")) == [] and not _temporaires(tmp_path)


def test_lot_sur_un_dossier_vide_ou_absent(tmp_path, capsys):
    assert cli.main(["lot", str(tmp_path), "--sortie", str(tmp_path / "s.xlsx")]) == 2
    assert "aucun classeur" in capsys.readouterr().err
    assert cli.main(["lot", str(tmp_path / "absent"), "--sortie", str(tmp_path / "s.xlsx")]) == 2
    assert "n'est pas un dossier" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
