"""Génère le module VBA des UDF avec le générateur d'xlwings, sans Excel ni Windows.

Les modules Windows qu'importe ``xlwings.udfs`` sont remplacés par des modules vides ; les
décorateurs réels d'xlwings sont installés avant d'importer ``udfs.excel``. Imprime un JSON :
{"vba": texte du module, "fonctions": {nom: __xlfunc__}}. Lancé en sous-processus par les tests.
"""

import io
import json
import sys
import types

for nom in ("pythoncom", "pywintypes", "win32com", "win32com.client", "win32api", "win32con"):
    sys.modules.setdefault(nom, types.ModuleType(nom))
sys.modules["pythoncom"].CoInitialize = lambda: None
sys.modules["pywintypes"].com_error = type("com_error", (Exception,), {})
sys.modules["win32com.client"].Dispatch = lambda *a, **k: None
sys.modules["win32com"].client = sys.modules["win32com.client"]

import xlwings as xw  # noqa: E402
import xlwings.udfs as xludfs  # noqa: E402

xw.func, xw.arg, xw.ret = xludfs.xlfunc, xludfs.xlarg, xludfs.xlret

import udfs.excel as module  # noqa: E402


class ClasseurFactice:
    Name = "instruction_residence_sociale.xlsm"


tampon = io.StringIO()
xludfs.generate_vba_wrapper("udfs.excel", module, tampon, ClasseurFactice())
fonctions = {nom: getattr(module, nom).__xlfunc__ for nom in dir(module)
             if hasattr(getattr(module, nom), "__xlfunc__")}
json.dump({"vba": tampon.getvalue(), "fonctions": fonctions}, sys.stdout, default=str)
