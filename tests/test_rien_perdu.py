"""Rien de ce que l'utilisateur a saisi n'est perdu : l'entrée n'est jamais écrite, la sortie est
écrite d'un coup (fichier temporaire renommé), un lot interrompu ne laisse pas de fichier à moitié
écrit, une synthèse ne remplace jamais un classeur."""

import errno
import hashlib
import os
import shutil
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.outils import fautes
from udfs import cli, copie, fichiers, lot

RACINE = Path(__file__).resolve().parents[1]
EXEMPLES = RACINE / "workbooks" / "exemples"


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
    assert "→" in capsys.readouterr().err
    assert entree.read_bytes() == avant and entree.stat().st_mtime_ns == mtime
    copie_calculee = dossier / "pension_de_famille_2024_calcule.xlsx"
    assert copie_calculee.is_file() and zipfile.is_zipfile(copie_calculee)
    assert not _temporaires(dossier)


@pytest.mark.skipif(fautes.raison_sans_privation() is not None, reason=fautes.raison_sans_privation() or "")
def test_dossier_en_lecture_seule(dossier, capsys):
    """Le dossier du classeur n'est pas inscriptible (vrais droits : sous root, la commande est
    lancée sans le droit de passer outre) : refus avant le calcul, la copie par défaut est nommée,
    rien n'est écrit."""
    dossier.parent.chmod(0o755)
    entree = dossier / "fjt_2025.xlsx"
    avant = _empreintes(dossier)
    fautes.proteger(dossier)
    r = fautes.sans_droits("recalculer", entree)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"Erreur : {dossier / 'fjt_2025_calcule.xlsx'} : droits insuffisants pour l'écrire\n"
    assert _empreintes(dossier) == avant


def test_droits_insuffisants_simules(dossier, monkeypatch, capsys):
    """Même message sous root : le dossier de sortie refuse la création du fichier temporaire ;
    le message nomme la copie demandée, pas le temporaire."""
    entree = dossier / "fjt_2025.xlsx"
    avant = _empreintes(dossier)
    fautes.simuler_support(monkeypatch, dossier, errno.EACCES)
    assert cli.main(["recalculer", str(entree)]) == 2
    err = capsys.readouterr().err
    assert err == f"Erreur : {dossier / 'fjt_2025_calcule.xlsx'} : droits insuffisants pour l'écrire\n"
    assert _empreintes(dossier) == avant


class _PanneDisque:
    """Le support refuse la ``rang``-ième écriture (« disque plein ») ; on relève alors ce qui
    existe dans le dossier de sortie."""

    def __init__(self, monkeypatch, sortie: Path, rang: int = 3):
        self.sortie, self.rang, self.appels, self.vu = sortie, rang, 0, None
        vraie = fichiers._Brut._vers_le_support

        def ecrire(brut, donnees):
            self.appels += 1
            if self.appels >= self.rang:
                if self.vu is None:
                    self.vu = sorted(p.name for p in self.sortie.parent.iterdir())
                raise OSError(errno.ENOSPC, "No space left on device")
            return vraie(brut, donnees)

        monkeypatch.setattr(fichiers._Brut, "_vers_le_support", ecrire)


def test_ecriture_interrompue_ne_laisse_rien(dossier, monkeypatch, capsys):
    entree = dossier / "fjt_2025.xlsx"
    sortie = dossier / "sortie" / "copie.xlsx"
    panne = _PanneDisque(monkeypatch, sortie)
    assert cli.main(["recalculer", str(entree), "--sortie", str(sortie)]) == 2
    err = capsys.readouterr().err
    assert err == f"Erreur : {sortie} : disque plein : pas assez d'espace libre pour l'écrire\n"
    # pendant l'écriture, seul un temporaire « .copie.xlsx.*.tmp » existait ; après la panne, rien,
    # pas même le dossier « sortie » créé pour l'occasion
    assert len(panne.vu) == 1 and panne.vu[0].startswith(".copie.xlsx.") and panne.vu[0].endswith(".tmp")
    assert not sortie.parent.exists()


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
    assert capsys.readouterr().err == (f"Erreur : {dossier / 'synthese.xlsx'} : la synthèse écraserait un "
                                       "classeur du lot : choisissez un autre nom avec --sortie\n")
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
    # copies et synthèse vont ensemble : la copie du 1er classeur, déjà calculée, n'est pas
    # posée seule (ni le dossier des copies créé pour elle)
    assert not (tmp_path / "copies").exists()
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
    assert capsys.readouterr().err == f"Erreur : {tmp_path / 'absent'} : dossier introuvable\n"
    (tmp_path / "fichier.xlsx").write_bytes(b"")
    assert cli.main(["lot", str(tmp_path / "fichier.xlsx"), "--sortie", str(tmp_path / "s.xlsx")]) == 2
    assert capsys.readouterr().err == f"Erreur : {tmp_path / 'fichier.xlsx'} : est un fichier, pas un dossier\n"
    (tmp_path / "fichier.xlsx").unlink()
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def petits(tmp_path):
    """Deux petits classeurs à une formule : le lot le plus court qui écrive deux copies."""
    import openpyxl as xl
    d = tmp_path / "petits"
    d.mkdir()
    for nom, surface in (("a.xlsx", 40), ("b.xlsx", 20)):
        wb = xl.Workbook()
        wb.active["A1"], wb.active["A2"] = surface, "=CS_FOYER(A1,880)"
        wb.save(d / nom)
    return d


def test_lot_en_panne_garde_les_copies_et_la_synthese_precedentes(petits, tmp_path, monkeypatch, capsys):
    """Disque plein à la 2e copie d'un second passage : les copies et la synthèse du premier
    passage restent entières, à l'octet ; rien de neuf n'est posé."""
    args = ["lot", str(petits), "--sortie", str(tmp_path / "synthese.xlsx"), "--copies", str(tmp_path / "copies")]
    assert cli.main(args) == 0
    capsys.readouterr()
    precedent = _empreintes(tmp_path)
    fautes.DisquePlein(monkeypatch, octets=0, fichier=2)
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Erreur : {tmp_path / 'copies'}/") and "disque plein" in err and ".tmp" not in err
    assert _empreintes(tmp_path) == precedent and not _temporaires(tmp_path)


def test_generer_en_panne_garde_les_classeurs_precedents(tmp_path, monkeypatch, capsys):
    assert cli.main(["generer", "--dossier", str(tmp_path / "classeurs")]) == 0
    precedent = _empreintes(tmp_path)
    fautes.DisquePlein(monkeypatch, octets=1000, fichier=4)
    assert cli.main(["generer", "--dossier", str(tmp_path / "classeurs")]) == 2
    assert "disque plein" in capsys.readouterr().err
    assert _empreintes(tmp_path) == precedent and not _temporaires(tmp_path)


def test_dossier_de_sortie_cree_seulement_si_la_copie_est_ecrite(tmp_path, capsys):
    """Un dossier de sortie manquant est créé (``--sortie sortie/copie.xlsx`` sur un clone neuf),
    mais seulement au moment d'écrire : un calcul impossible ne laisse pas de dossier vide."""
    import openpyxl as xl
    cercle = tmp_path / "cercle.xlsx"
    wb = xl.Workbook()
    wb.active["A1"], wb.active["A2"] = "=A2+1", "=A1+1"
    wb.save(cercle)
    assert cli.main(["recalculer", str(cercle), "--sortie", str(tmp_path / "neuf" / "sous" / "c.xlsx")]) == 2
    assert "circulaire" in capsys.readouterr().err and not (tmp_path / "neuf").exists()
    sortie = tmp_path / "neuf" / "sous" / "copie.xlsx"
    wb = xl.Workbook()
    wb.active["A1"] = "=CS_FOYER(40,880)"
    wb.save(tmp_path / "simple.xlsx")
    assert cli.main(["recalculer", str(tmp_path / "simple.xlsx"), "--sortie", str(sortie)]) == 0
    assert zipfile.is_zipfile(sortie)


@pytest.fixture
def umask(request):
    ancien = os.umask(request.param)
    yield request.param
    os.umask(ancien)


@pytest.mark.parametrize("umask", [0o022, 0o027], indirect=True, ids=["022", "027"])
def test_fichiers_ecrits_selon_l_umask(petits, tmp_path, capsys, umask):
    """Copies calculées, synthèse (.xlsx et .csv), classeurs générés et dossiers créés ont les
    droits d'un fichier ordinaire (0644 sous l'umask 022), pas les 0600 d'un temporaire : les
    collègues les ouvrent sur un dossier partagé."""
    sorties = tmp_path / "sorties"
    assert cli.main(["recalculer", str(petits / "a.xlsx"), "--sortie", str(sorties / "copie.xlsx")]) == 0
    assert cli.main(["lot", str(petits), "--sortie", str(sorties / "synthese.xlsx"),
                     "--copies", str(sorties / "copies")]) == 0
    assert cli.main(["recalculer", str(petits / "a.xlsx")]) == 0           # à côté de l'entrée
    assert cli.main(["generer", "--dossier", str(sorties / "classeurs")]) == 0
    ecrits = [p for p in sorties.rglob("*") if p.is_file()] + [petits / "a_calcule.xlsx"]
    assert len(ecrits) == 1 + 2 + 2 + len(list((RACINE / "workbooks").rglob("*.xlsx"))) + 1
    for p in ecrits:
        assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~umask, p
    for p in [sorties, *(p for p in sorties.rglob("*") if p.is_dir())]:
        assert stat.S_IMODE(p.stat().st_mode) == 0o777 & ~umask, p


def _extension_constructible():
    from udfs.libreoffice import extension
    try:
        extension.unoidl_write()
    except extension.OutilManquant as e:
        pytest.skip(f"L'extension LibreOffice ne peut pas être construite ici : {e}")


@pytest.mark.parametrize("commande,nom", [("complement", "rs_instruction.xlam"), ("extension", "rs_instruction.oxt")])
@pytest.mark.parametrize("umask", [0o022, 0o027], indirect=True, ids=["022", "027"])
def test_complement_et_extension_selon_l_umask(tmp_path, capsys, umask, commande, nom):
    """Le complément Excel et l'extension LibreOffice, qu'un administrateur dépose sur un partage :
    droits d'un fichier ordinaire, comme les autres fichiers écrits."""
    if commande == "extension":
        _extension_constructible()
    sortie = tmp_path / "partage" / nom
    assert cli.main([commande, "--sortie", str(sortie)]) == 0
    assert stat.S_IMODE(sortie.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in sortie.parent.iterdir()] == [nom]               # aucun temporaire


@pytest.mark.parametrize("commande,nom", [("complement", "rs_instruction.xlam"), ("extension", "rs_instruction.oxt")])
def test_complement_et_extension_sur_un_support_en_lecture_seule(tmp_path, capsys, monkeypatch, commande, nom):
    """Une faute d'écriture nomme le fichier demandé, jamais le temporaire caché ; code 2."""
    import errno

    from tests.outils import fautes
    if commande == "extension":
        _extension_constructible()
    (tmp_path / "cible").mkdir()
    fautes.simuler_support(monkeypatch, tmp_path / "cible", errno.EROFS)
    sortie = tmp_path / "cible" / nom
    assert cli.main([commande, "--sortie", str(sortie)]) == 2
    err = capsys.readouterr().err
    assert err == f"Erreur : {sortie} : support en lecture seule : impossible d'y écrire\n"
    assert list((tmp_path / "cible").iterdir()) == []
