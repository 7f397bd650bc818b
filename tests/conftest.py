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
