"""Chaque UDF du paquet est une fonction Excel valide pour xlwings, avec une aide française complète.

Le module VBA est produit par le générateur d'xlwings lui-même (modules Windows simulés) : une
signature qu'Excel ne peut pas recevoir (arguments nommés, ``**kwargs``…) le fait échouer.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from udfs.fonctions import REGISTRE

OUTIL = Path(__file__).parent / "outils" / "generer_vba.py"


@pytest.fixture(scope="module")
def vba():
    sortie = subprocess.run([sys.executable, str(OUTIL)], capture_output=True, text=True, check=True)
    return json.loads(sortie.stdout)


def test_le_generateur_xlwings_produit_une_fonction_vba_par_udf(vba):
    declarees = set(re.findall(r"^Function (\w+)\(", vba["vba"], flags=re.M))
    assert declarees == set(REGISTRE)
    assert set(vba["fonctions"]) == set(REGISTRE)


@pytest.mark.parametrize("nom", sorted(REGISTRE))
def test_aide_francaise_sur_la_fonction_et_chaque_argument(vba, nom):
    meta = vba["fonctions"][nom]
    assert meta["category"] == "Résidences sociales PLAI"
    assert meta["volatile"] is False
    assert 0 < len(meta["ret"]["doc"]) <= 255
    for arg in meta["args"]:
        assert not arg["doc"].startswith("Positional argument"), (nom, arg["name"])
        assert 0 < len(arg["doc"]) <= 255
        assert arg["options"].get("err_to_str") is True
    # xlwings #1489 : l'assistant casse au-delà d'environ 254 caractères (arguments + noms)
    assert len(meta["args"]) + sum(len(a["name"]) for a in meta["args"]) < 254


@pytest.mark.parametrize("nom", sorted(REGISTRE))
def test_arguments_optionnels_en_fin_et_plages_en_2d(vba, nom):
    meta = vba["fonctions"][nom]
    optionnels = ["optional" in a for a in meta["args"]]
    assert optionnels == sorted(optionnels), "un argument obligatoire suit un optionnel"
    assert sum(not o for o in optionnels) == REGISTRE[nom].nb_obligatoires
    for pos in REGISTRE[nom].plages:
        assert meta["args"][pos]["options"]["ndim"] == 2
    ligne = re.search(rf"^Function {nom}\((.*)\)$", vba["vba"], flags=re.M).group(1)
    assert ligne.count("Optional") == len(meta["args"]) - REGISTRE[nom].nb_obligatoires
