"""Les composants UNO de l'extension, chargés par le Python de LibreOffice.

Ce fichier est copié tel quel dans l'extension (``rs_instruction_calc.py``) ; il ne s'importe pas
hors de LibreOffice. Trois services :

- ``Fonctions`` : l'add-in Calc (``com.sun.star.sheet.AddIn``) généré depuis le registre. Chaque
  méthode de l'interface IDL ``fr.rsinstruction.calc.XFonctions`` (générée à la construction) porte
  le nom Excel de la fonction et appelle ``REGISTRE[nom].appel`` : aucune règle n'est écrite ici.
  Il sert l'assistant de fonction (descriptions et aides françaises), les formules saisies dans
  Calc, et les fonctions Basic aux noms Excel qui font calculer un .xlsx inchangé ;
- ``Evenements`` : les tâches de démarrage, de fermeture et d'ouverture d'un classeur ;
- ``Lecteur`` : la lecture des valeurs pour ``--moteur libreoffice``.

Le noyau (``udfs`` sans hôte, paramètres compris) est embarqué dans ``pythonpath/`` à côté de ce
fichier ; on le met en tête de ``sys.path`` pour ne jamais prendre un autre ``udfs`` installé.
"""

import json
import os
import re
import sys

import uno  # noqa: F401  (installe l'import des types UNO : « from com.sun.star… »)
import unohelper

_ICI = os.path.dirname(os.path.abspath(__file__))
_NOYAU = os.path.join(_ICI, "pythonpath")
if _NOYAU not in sys.path:
    sys.path.insert(0, _NOYAU)

from com.sun.star.lang import Locale, XLocalizable, XServiceInfo, XServiceName  # noqa: E402
from com.sun.star.sheet import FormulaToken, LocalizedName, XAddIn, XCompatibilityNames  # noqa: E402
from com.sun.star.table import CellAddress  # noqa: E402
from com.sun.star.task import XJob  # noqa: E402
from fr.rsinstruction.calc import XFonctions  # noqa: E402  (type livré par l'extension)

from udfs.fonctions import REGISTRE  # noqa: E402
from udfs.libreoffice import adaptation, formules, lecture  # noqa: E402
from udfs.registre import CATEGORIE  # noqa: E402

SERVICE = "fr.rsinstruction.calc.Fonctions"
IMPLEMENTATION = "fr.rsinstruction.calc.FonctionsPython"
SERVICES = ("com.sun.star.sheet.AddIn", SERVICE)
# Noms de compatibilité (Excel) : en-US est la langue que cherche LibreOffice pour la grammaire
# de l'API et, dans les versions récentes, pour l'import OOXML ; fr-FR pour un poste français.
_LANGUES = (Locale("en", "US", ""), Locale("fr", "FR", ""))


def _methode(fonction):
    plages, matrice = fonction.plages, fonction.matrice

    def appel(self, *valeurs):
        return adaptation.resultat(fonction.appel(*adaptation.arguments(valeurs, plages)), matrice)

    appel.__name__ = fonction.nom
    return appel


class Fonctions(unohelper.Base, XFonctions, XAddIn, XCompatibilityNames, XServiceName, XServiceInfo,
                XLocalizable):
    def __init__(self, ctx):
        self.ctx = ctx
        self.locale = Locale("fr", "FR", "")

    # XServiceName / XServiceInfo
    def getServiceName(self):
        return SERVICE

    def getImplementationName(self):
        return IMPLEMENTATION

    def supportsService(self, nom):
        return nom in SERVICES

    def getSupportedServiceNames(self):
        return SERVICES

    # XLocalizable
    def setLocale(self, locale):
        self.locale = locale

    def getLocale(self):
        return self.locale

    # XAddIn (le nom de la première méthode est mal orthographié dans l'API elle-même)
    def getProgrammaticFuntionName(self, nom_affiche):
        nom = nom_affiche.upper()
        return nom if nom in REGISTRE else ""

    def getDisplayFunctionName(self, nom):
        return nom if nom in REGISTRE else ""

    def getFunctionDescription(self, nom):
        return REGISTRE[nom].description if nom in REGISTRE else ""

    def getDisplayArgumentName(self, nom, position):
        f = REGISTRE.get(nom)
        if f is None or not 0 <= position < len(f.arguments):
            return ""
        # l'assistant de Calc n'a pas de marque « facultatif » : on la met dans le nom
        return f.arguments[position] + (" (facultatif)" if position >= f.nb_obligatoires else "")

    def getArgumentDescription(self, nom, position):
        f = REGISTRE.get(nom)
        if f is None or not 0 <= position < len(f.arguments):
            return ""
        return f.aides[f.arguments[position]]

    def getProgrammaticCategoryName(self, nom):
        return "Add-In"

    def getDisplayCategoryName(self, nom):
        return CATEGORIE

    # XCompatibilityNames
    def getCompatibilityNames(self, nom):
        if nom not in REGISTRE:
            return ()
        return tuple(LocalizedName(langue, nom) for langue in _LANGUES)


for _nom, _fonction in REGISTRE.items():
    setattr(Fonctions, _nom, _methode(_fonction))

MODULE_BASIC = "RsInstruction"
CODE_BASIC = os.path.join(_ICI, "RsInstruction.bas")


class Evenements(unohelper.Base, XJob):
    """Tâches de l'extension (Jobs.xcu), pour LibreOffice 7.4 qui ne relie pas nos noms Excel à l'add-in.

    - OnStartApp : pose le module Basic ``RsInstruction`` (une fonction par nom Excel, voir
      ``udfs.libreoffice.basic``) dans la bibliothèque ``Standard`` de l'application. Un nom inconnu
      d'un .xlsx n'est relié qu'à une fonction Basic chargée, et une cellule n'exécute que celles de
      ``Standard`` (d'une autre bibliothèque, même chargée : #VALEUR!). Le démarrage précède
      l'ouverture du premier classeur, celui de la ligne de commande compris.
    - OnCloseApp : retire ce module, pour ne rien laisser dans le profil si l'extension est
      désinstallée.
    - OnLoadFinished (classeur ouvert, caché compris, ce que n'est pas OnLoad) : met ``""`` à la
      place des arguments omis de nos fonctions (voir ``udfs.libreoffice.formules``), qu'une
      fonction Basic recevrait comme 0.
    """

    def __init__(self, ctx):
        self.ctx = ctx

    def execute(self, arguments):
        environnement = {}
        for a in arguments:
            if a.Name == "Environment":
                environnement = {e.Name: e.Value for e in a.Value}
        evenement = environnement.get("EventName", "")
        if evenement == "OnCloseApp":
            retirer_module(self.ctx)
        elif evenement in ("OnLoad", "OnLoadFinished"):
            modele = environnement.get("Model")
            if modele is not None and modele.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
                completer_arguments_omis(modele)
        elif evenement == "OnStartApp":
            poser_module(self.ctx)
        return ()


def _standard(ctx):
    conteneur = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.script.ApplicationScriptLibraryContainer", ctx)
    if not conteneur.isLibraryLoaded("Standard"):
        conteneur.loadLibrary("Standard")
    return conteneur.getByName("Standard")


def poser_module(ctx):
    with open(CODE_BASIC, encoding="utf-8") as f:
        code = f.read()
    standard = _standard(ctx)
    if not standard.hasByName(MODULE_BASIC):
        standard.insertByName(MODULE_BASIC, code)
    elif standard.getByName(MODULE_BASIC) != code:
        standard.replaceByName(MODULE_BASIC, code)


def retirer_module(ctx):
    standard = _standard(ctx)
    if standard.hasByName(MODULE_BASIC):
        standard.removeByName(MODULE_BASIC)


_OMIS = re.compile(r"[(;]\s*[;)]")


def _codes(doc):
    """Codes d'opération de « ( », « ) » et de l'argument omis dans cette version de LibreOffice."""
    correspondances = doc.createInstance("com.sun.star.sheet.FormulaOpCodeMapper")
    ouvrir, fermer = (j.OpCode for j in correspondances.getMappings(("(", ")"), 0))   # ODFF
    jetons = doc.createInstance("com.sun.star.sheet.FormulaParser").parseFormula("IF(1;;2)", CellAddress())
    return ouvrir, fermer, jetons[4].OpCode          # IF ( 1 ; <omis> ; 2 )


def completer_arguments_omis(doc):
    """Met ``""`` à la place des arguments omis de nos fonctions (voir ``formules``) ; rend le
    nombre de formules réécrites. Le document n'en devient pas « modifié »."""
    codes = None
    modifie = doc.isModified()
    n = 0
    for _, _, _, cellule in lecture.cellules_a_formule(doc):
        texte = cellule.getFormula()
        if not _OMIS.search(texte) or not any(nom in texte.upper() for nom in REGISTRE):
            continue
        codes = codes or _codes(doc)
        jetons = list(cellule.getTokens())
        positions = formules.arguments_omis([(j.OpCode, j.Data) for j in jetons], REGISTRE, *codes)
        if not positions:
            continue
        for i in positions:
            jetons[i] = FormulaToken(formules.POUSSER, "")
        cellule.setTokens(tuple(jetons))
        n += 1
    if n and not modifie:
        doc.setModified(False)
    return n


class Lecteur(unohelper.Base, XJob):
    """Service du moteur ``--moteur libreoffice`` : rend en JSON les valeurs calculées d'un document
    (argument nommé « Document »), lues dans le processus de LibreOffice (voir ``lecture``). Une
    tâche (XJob) : le pilote l'appelle par une interface standard, sans connaître nos types."""

    def __init__(self, ctx):
        self.ctx = ctx

    def execute(self, arguments):
        doc = next(a.Value for a in arguments if a.Name == "Document")
        return json.dumps(lecture.valeurs(doc), ensure_ascii=False)


g_ImplementationHelper = unohelper.ImplementationHelper()
g_ImplementationHelper.addImplementation(Fonctions, IMPLEMENTATION, SERVICES)
g_ImplementationHelper.addImplementation(Evenements, "fr.rsinstruction.calc.EvenementsPython",
                                         ("fr.rsinstruction.calc.Evenements",))
g_ImplementationHelper.addImplementation(Lecteur, "fr.rsinstruction.calc.LecteurPython",
                                         ("fr.rsinstruction.calc.Lecteur",))
