import os
import shutil

import pytest

os.environ.setdefault("TQDM_DISABLE", "1")


def pytest_collection_modifyitems(config, items):
    """Les tests marqués ``libreoffice`` sont ignorés, en le disant, si soffice est absent."""
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    raison = pytest.mark.skip(reason="LibreOffice (soffice) absent : apt-get install libreoffice-calc-nogui")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(raison)


@pytest.fixture
def parametres_modifies(tmp_path, monkeypatch):
    """Une copie des paramètres livrés, modifiable par le test : ``remplacer(fichier, avant, après)``.
    Le cache du chargeur est vidé avant et après, les vrais fichiers ne sont jamais touchés."""
    from udfs import parametres

    copie = tmp_path / "parametres"
    shutil.copytree(parametres.DOSSIER, copie, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(parametres, "DOSSIER", copie)
    parametres.parametre.cache_clear()

    def remplacer(fichier, avant, apres):
        chemin = copie / fichier
        texte = chemin.read_text(encoding="utf-8")
        assert avant in texte, (fichier, avant)
        chemin.write_text(texte.replace(avant, apres, 1), encoding="utf-8")
        parametres.parametre.cache_clear()

    yield remplacer
    parametres.parametre.cache_clear()
