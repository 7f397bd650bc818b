"""Le modèle addin/xlwings.conf, lu par le lecteur de configuration d'xlwings lui-même.

Le VBA du complément lit ce fichier par paires « Input # » et convertit DEBUG UDFS et SHOW CONSOLE
en booléens : une valeur vide y provoquerait « Incompatibilité de type ». Ce test ne remplace pas un
essai dans Excel (voir addin/README.md), il fixe ce qui se vérifie sans Windows.
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
