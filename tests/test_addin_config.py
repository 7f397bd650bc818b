"""La configuration xlwings des deux parcours : la feuille rs_instruction.conf du complément
rs_instruction.xlam (parcours principal) et le modèle addin/xlwings.conf (parcours de secours,
« Import Functions » dans un .xlsm), lu par le lecteur de configuration d'xlwings lui-même.

Le VBA d'xlwings lit un fichier de configuration par paires « Input # » et convertit DEBUG UDFS et
SHOW CONSOLE en booléens : une valeur vide y provoquerait « Incompatibilité de type ». Ce test ne
remplace pas un essai dans Excel (voir addin/VERIFICATION_WINDOWS.md), il fixe ce qui se vérifie
sans Windows. La feuille elle-même est relue dans tests/test_complement.py.
"""

from pathlib import Path

import xlwings
import xlwings.utils

CONF = Path(__file__).resolve().parents[1] / "addin" / "xlwings.conf"


def test_conf_lue_par_xlwings(monkeypatch):
    monkeypatch.setattr(xlwings, "USER_CONFIG_FILE", str(CONF))
    config = xlwings.utils.read_user_config()
    assert config["udf modules"] == "udfs.excel"
    assert config["interpreter_win"].endswith(r"\rs-instruction\venv\Scripts\pythonw.exe")
    for booleen in ("debug udfs", "show console", "use udf server", "add_workbook_to_pythonpath"):
        assert config[booleen] in ("True", "False"), booleen


def test_conf_au_format_du_vba():
    octets = CONF.read_bytes()
    assert octets.isascii()
    lignes = octets.split(b"\r\n")
    assert lignes[-1] == b"" and all(lignes[:-1])          # CRLF, ni ligne vide ni commentaire
    for ligne in lignes[:-1]:
        cle, valeur = ligne.split(b'","')
        assert cle.startswith(b'"') and valeur.endswith(b'"')
        assert cle == cle.upper()                            # clés en capitales (comparaison VBA)


def test_les_deux_parcours_designent_le_meme_python_et_le_meme_module(monkeypatch):
    """Le complément et le parcours de secours lancent le même interpréteur, le même module."""
    from udfs.complement.construction import configuration

    monkeypatch.setattr(xlwings, "USER_CONFIG_FILE", str(CONF))
    secours = xlwings.utils.read_user_config()
    feuille = {cle.upper(): valeur for cle, valeur in configuration()}   # GetConfigFromSheet : UCase
    assert feuille["INTERPRETER_WIN"] == secours["interpreter_win"]
    assert feuille["UDF MODULES"] == secours["udf modules"]
    assert feuille["ADD_WORKBOOK_TO_PYTHONPATH"] == secours["add_workbook_to_pythonpath"] == "False"
