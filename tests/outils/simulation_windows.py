"""Excel sous Windows simulé sur Linux : l'outillage unique des tests du chemin Excel → xlwings.

Dans un sous-processus (les modules simulés ne doivent pas toucher le processus des tests) :
- les modules Windows (pywin32 : pythoncom, pywintypes, win32com…) sont remplacés par des factices ;
  ``xlwings._xlwindows``, ``xlwings.udfs``, ``xlwings.com_server`` et les convertisseurs d'xlwings
  sont les VRAIS modules, importés dessus ;
- les décorateurs d'xlwings sont ceux de Windows (``xlwings.udfs.xlfunc``…), installés avant
  d'importer ``udfs.excel`` : les fonctions portent ``__xlfunc__`` comme sous Windows ;
- deux demandes : ``vba`` (le module que génère « Import Functions » et les ``__xlfunc__``) et
  ``appels`` (chaque appel passe par ``XLPython.CallUDF``, la méthode COM qu'appelle le VBA, puis
  ``xlwings.udfs.call_udf`` et ses convertisseurs ; le résultat est ce que reçoit Excel).

Les arguments d'un appel ont la forme que leur donne COM : une plage est un objet Range dont
``.Value`` rend un scalaire (une cellule) ou un tuple de tuples ; une cellule vide ``None`` ; un
nombre un float ; une cellule au format monétaire un ``decimal.Decimal`` à 4 décimales ; une date un
``pywintypes.datetime`` (avec fuseau) ; une erreur un entier (−2146826281 pour #DIV/0!) ; un
argument facultatif omis ``OMIS`` (DISP_E_PARAMNOTFOUND). Côté tests, une plage s'écrit
``plage(lignes)`` et une date ``date_com(a, m, j)`` ; le tout passe au sous-processus par pickle.
"""

from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys
from pathlib import Path

OMIS = -2147352572                    # DISP_E_PARAMNOTFOUND : Optional omis côté VBA
ERREURS_COM = {"#DIV/0!": -2146826281, "#N/A": -2146826246, "#NAME?": -2146826259,
               "#NULL!": -2146826288, "#NUM!": -2146826252, "#REF!": -2146826265,
               "#VALUE!": -2146826273}
RACINE = Path(__file__).resolve().parents[2]


def plage(lignes) -> dict:
    """Une plage de cellules (liste de lignes), passée par référence comme le fait Excel."""
    lignes = tuple(tuple(ligne) for ligne in lignes)
    if not lignes or not all(len(l) == len(lignes[0]) > 0 for l in lignes):
        raise ValueError("plage rectangulaire non vide attendue")
    return {"plage": lignes}


def date_com(annee: int, mois: int, jour: int) -> dt.datetime:
    """Une date lue dans une cellule par COM : pywin32 la rend avec le fuseau UTC."""
    return dt.datetime(annee, mois, jour, tzinfo=dt.timezone.utc)


def lancer(demande: dict):
    """Exécute ``demande`` dans un sous-processus Windows simulé ; renvoie sa réponse."""
    sortie = subprocess.run([sys.executable, str(Path(__file__).resolve())], input=pickle.dumps(demande),
                            capture_output=True, check=False, cwd=RACINE)
    if sortie.returncode != 0:
        raise RuntimeError(f"simulation Windows en échec :\n{sortie.stderr.decode(errors='replace')}")
    return pickle.loads(sortie.stdout)


# --- Dans le sous-processus ---------------------------------------------------------------------

RANGE_IID = "{00020846-0000-0000-C000-000000000046}"


class Quelconque:
    """Objet COM factice : tout attribut, tout appel rend un autre factice."""
    def __init__(self, *a, **k): pass
    def __call__(self, *a, **k): return Quelconque()
    def __getattr__(self, n): return Quelconque()
    def __mro_entries__(self, bases): return (object,)
    def __getitem__(self, i): return 0
    def __int__(self): return 0


def _installer():
    import ctypes
    import types

    def module(nom):
        m = types.ModuleType(nom)
        m.__getattr__ = lambda n: Quelconque()
        sys.modules[nom] = m
        return m

    for nom in ("pythoncom", "pywintypes", "win32api", "win32con", "win32gui", "win32process",
                "win32timezone", "win32event", "win32com", "win32com.client", "win32com.server",
                "win32com.server.util", "win32com.server.exception", "win32com.server.dispatcher",
                "win32com.server.policy", "win32com.client.gencache", "win32com.client.dynamic",
                "win32com.client.CLSIDToClass", "winerror", "pywin32_system32"):
        module(nom)
    for nom in list(sys.modules):     # « import a.b » lit ensuite a.b comme attribut de a
        if nom.startswith("win32com."):
            parent, _, enfant = nom.rpartition(".")
            setattr(sys.modules[parent], enfant, sys.modules[nom])

    class TimeType(dt.datetime):     # pywintypes.datetime : sous-classe de datetime, avec fuseau
        pass

    pywintypes = sys.modules["pywintypes"]
    pywintypes.TimeType = TimeType
    pywintypes.com_error = type("com_error", (Exception,), {})
    pywintypes.IID = lambda s: s.upper()
    pythoncom = sys.modules["pythoncom"]
    pythoncom.CoInitialize = lambda: None
    pythoncom.IID_IDispatch = "IDispatch"
    pythoncom.TypeIIDs = {"IDispatch": type("PyIDispatch", (), {})}

    def unwrap(objet):              # win32com.server.util.unwrap : seuls nos objets COM s'y prêtent
        raise ValueError("pas un objet COM Python")

    sys.modules["win32com.server.util"].unwrap = unwrap
    client = sys.modules["win32com.client"]
    for attr in ("CDispatch", "CoClassBaseClass", "DispatchBaseClass"):
        setattr(client, attr, type(attr, (object,), {}))
    client.Dispatch = client.DispatchEx = lambda *a, **k: Quelconque()
    for attr in ("windll", "oledll"):
        setattr(ctypes, attr, Quelconque())
    ctypes.PyDLL = lambda *a, **k: Quelconque()

    import xlwings as xw
    import xlwings._xlwindows as xlwindows   # le vrai module
    import xlwings.udfs as xludfs
    from xlwings.main import Engine

    xw.engines.add(Engine(impl=xlwindows.engine))
    xw.engines.active = xw.engines["excel"]
    xw.func, xw.arg, xw.ret = xludfs.xlfunc, xludfs.xlarg, xludfs.xlret   # comme sous Windows
    import xlwings.com_server as com_server          # le vrai serveur COM (XLPython.CallUDF)
    import udfs.excel  # noqa: F401
    return TimeType, xludfs, com_server


class _Compte:
    def __init__(self, n):
        self.Count = n


def _faux_range(lignes, TimeType):
    class TypeAttr:
        iid = RANGE_IID

    class TypeInfo:
        def GetTypeAttr(self):
            return TypeAttr()

    class OleObj:
        def GetTypeInfo(self):
            return TypeInfo()

    class FauxRange:
        """L'objet COM Range que VBA passe à Python pour un argument qui est une référence."""
        def __init__(self, valeurs):
            self._v = [[_com(x, TimeType) for x in ligne] for ligne in valeurs]
            self._oleobj_ = OleObj()
            self.Rows, self.Columns = _Compte(len(valeurs)), _Compte(len(valeurs[0]))
            self.Row = self.Column = 1
            self.Worksheet = Quelconque()    # feuille, classeur, application

        @property
        def Value(self):   # une cellule : sa valeur ; sinon un tuple de tuples (ligne par ligne)
            if len(self._v) == 1 and len(self._v[0]) == 1:
                return self._v[0][0]
            return tuple(tuple(ligne) for ligne in self._v)

    return FauxRange(lignes)


def _com(x, TimeType):
    if isinstance(x, dict) and "plage" in x:
        return _faux_range(x["plage"], TimeType)
    if isinstance(x, dt.datetime) and x.tzinfo is not None:
        return TimeType(x.year, x.month, x.day, x.hour, x.minute, x.second, tzinfo=x.tzinfo)
    if isinstance(x, tuple):          # tableau constant ({1;2;3}) : SAFEARRAY 2-D, tuple de tuples
        return tuple(tuple(_com(v, TimeType) for v in ligne) for ligne in x)
    return x


def _executer(demande: dict):
    TimeType, xludfs, com_server = _installer()
    import udfs.excel as module

    if demande["type"] == "vba":
        import io

        class Classeur:
            Name = demande["classeur"]

        tampon = io.StringIO()
        xludfs.generate_vba_wrapper("udfs.excel", module, tampon, Classeur())
        return {"vba": tampon.getvalue(),
                "fonctions": {nom: getattr(module, nom).__xlfunc__ for nom in dir(module)
                              if hasattr(getattr(module, nom), "__xlfunc__")}}
    if demande["type"] == "appels":
        serveur = com_server.XLPython()
        appelant = _faux_range([[None]], TimeType)          # Application.Caller : la cellule
        resultats = []
        for nom, args in demande["appels"]:
            try:
                r = serveur.CallUDF("udfs.excel", nom, tuple(_com(a, TimeType) for a in args), None, appelant)
            except Exception as e:  # noqa: BLE001 - rapporté au test, qui échoue en le montrant
                r = {"exception": f"{type(e).__name__} : {e}"}
            resultats.append(r)
        return resultats
    raise ValueError(f"demande inconnue : {demande['type']}")


if __name__ == "__main__":
    sys.path.insert(0, str(RACINE))
    reponse = _executer(pickle.loads(sys.stdin.buffer.read()))
    sys.stdout.buffer.write(pickle.dumps(reponse))
