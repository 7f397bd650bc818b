"""Chaque UDF du paquet est une fonction Excel valide pour xlwings, avec une aide française complète.

Le module VBA est produit par le générateur d'xlwings lui-même, dans un Windows simulé
(tests/outils/simulation_windows.py), pour un classeur .xlsm : c'est ce qu'écrit « Import
Functions » (le parcours de secours). Une signature qu'Excel ne peut pas recevoir (arguments
nommés, ``**kwargs``…) le fait échouer. Le module du complément .xlam est relu dans
tests/test_complement.py.
"""

import re

import pytest

from tests.outils.simulation_windows import lancer
from udfs.complement.modules_vba import metadonnees
from udfs.fonctions import REGISTRE


@pytest.fixture(scope="module")
def vba():
    return lancer({"type": "vba", "classeur": "instruction_residence_sociale.xlsm"})


def test_le_complement_voit_les_memes_fonctions_que_windows(vba):
    """Les métadonnées d'où est construit le complément (sans Windows) sont celles que calcule
    xlwings sous Windows (décorateurs installés avant l'import de udfs.excel)."""
    assert metadonnees() == vba["fonctions"]


def test_import_functions_ecrit_thisworkbook_pour_un_xlsm(vba):
    assert "ThisWorkbook, Application.Caller)" in vba["vba"]
    assert "ActiveWorkbook" not in vba["vba"]


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
