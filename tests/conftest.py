import os
import shutil

import pytest

os.environ.setdefault("TQDM_DISABLE", "1")

_SAUTES: dict[str, int] = {}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "extension_libreoffice: nécessite LibreOffice, son Python UNO (python3-uno) et son SDK "
                   "(libreoffice-dev) ; ignoré, en le disant, s'il en manque un")


def pytest_collection_modifyitems(config, items):
    """Les tests marqués ``libreoffice`` sont ignorés, en le disant, si soffice est absent ; ceux
    marqués ``extension_libreoffice``, si LibreOffice, python3-uno ou libreoffice-dev manque."""
    raisons = {}
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        raisons["libreoffice"] = "LibreOffice (soffice) absent : apt-get install libreoffice-calc-nogui"
    if any("extension_libreoffice" in item.keywords for item in items):
        from udfs.libreoffice.bureau import disponibilite
        raison = disponibilite()
        if raison:
            raisons["extension_libreoffice"] = raison
    for item in items:
        for marque, raison in raisons.items():
            if marque in item.keywords:
                item.add_marker(pytest.mark.skip(reason=raison))
                _SAUTES[raison] = _SAUTES.get(raison, 0) + 1
                break


def pytest_terminal_summary(terminalreporter):
    for raison, n in _SAUTES.items():
        terminalreporter.write_line(f"{n} test(s) LibreOffice sauté(s) : {raison}")


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
