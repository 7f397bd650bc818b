"""Les noms qu'un module VBA peut recevoir, et l'écriture de textes français en VBA.

Le module VBA des fonctions, qu'écrit xlwings, reprend tels quels les noms des fonctions Python et
de leurs arguments (``Function COUT_GARAGE(zone, Optional type_garage, …)``). Un seul nom refusé par
VBA empêche tout le module de compiler, et alors aucune fonction ne calcule. On vérifie donc chaque
nom contre :

- la forme d'un identifiant VBA (MS-VBAL §3.3.5, <Latin-identifier> : une lettre ASCII, puis
  lettres, chiffres ou « _ » ; 255 caractères au plus) ;
- les identifiants réservés (MS-VBAL §3.3.5.2), comparés sans casse ;
- les noms prédéfinis de la bibliothèque VBA (MS-VBAL §6 : Len, Val, Format, Mid…), les mots
  d'instruction qui n'y figurent pas (Name, Error, Line, Property…) et les noms qu'emploie le corps
  des fonctions générées (Application, XLPy, Range…) : un argument de ce nom masquerait la
  fonction ou l'objet dans le corps, ou ferait échouer la compilation.
"""

from __future__ import annotations

import re

LONGUEUR_MAX = 255

# MS-VBAL §3.3.5.2 Reserved Identifiers and IDENTIFIER (toutes les catégories, sans doublons).
RESERVES_VBAL = frozenset(n.lower() for n in """
    Call Case Close Const Declare DefBool DefByte DefCur DefDate DefDbl DefInt DefLng DefLngLng
    DefLngPtr DefObj DefSng DefStr DefVar Dim Do Else ElseIf End EndIf Enum Erase Event Exit For
    Friend Function Get Global GoSub GoTo If Implements Input Let Lock Loop LSet Next On Open Option
    Print Private Public Put RaiseEvent ReDim Resume Return RSet Seek Select Set Static Stop Sub
    Type Unlock Wend While With Write
    Rem
    Any As ByRef ByVal Each In New Shared Until WithEvents Optional ParamArray Preserve Spc Tab
    Then To
    AddressOf And Eqv Imp Is Like Mod Not Or TypeOf Xor
    Abs CBool CByte CCur CDate CDbl CDec CInt CLng CLngLng CLngPtr CSng CStr CVar CVErr Date Debug
    DoEvents Fix Int Len LenB Me PSet Scale Sgn String
    Array Circle InputB LBound UBound
    Boolean Byte Currency Double Integer Long LongLong LongPtr Single Variant
    True False Nothing Empty Null
    Attribute LINEINPUT VB_Base VB_Control VB_Creatable VB_Customizable VB_Description VB_Exposed
    VB_Ext_KEY VB_GlobalNameSpace VB_HelpID VB_Invoke_Func VB_Invoke_Property VB_Invoke_PropertyPut
    VB_Invoke_PropertyPutRef VB_MemberFlags VB_Name VB_PredeclaredId VB_ProcData VB_TemplateDerived
    VB_UserMemId VB_VarDescription VB_VarHelpID VB_VarMemberFlags VB_VarProcData VB_VarUserMemId
    CDecl Decimal DefDec
""".split())

# MS-VBAL §6.1 : procédures et objets de la bibliothèque VBA (modules Conversion, DateTime,
# FileSystem, Financial, Information, Interaction, Math, Strings ; classes Collection, ErrObject).
BIBLIOTHEQUE_VBA = frozenset(n.lower() for n in """
    CVDate Error Hex Oct Str Val
    Calendar DateAdd DateDiff DatePart DateSerial DateValue Day Hour Minute Month Now Second Time
    Timer TimeSerial TimeValue Weekday Year
    ChDir ChDrive CurDir Dir EOF FileAttr FileCopy FileDateTime FileLen FreeFile GetAttr Kill Loc
    LOF MkDir Reset RmDir SetAttr
    DDB FV IPmt IRR MIRR NPer NPV Pmt PPmt PV Rate SLN SYD
    Err Erl IMEStatus IsArray IsDate IsEmpty IsError IsMissing IsNull IsNumeric IsObject QBColor RGB
    TypeName VarType
    AppActivate Beep CallByName Choose Command CreateObject DeleteSetting Environ GetAllSettings
    GetObject GetSetting IIf InputBox MsgBox Partition SaveSetting SendKeys Shell Switch
    Atn Cos Exp Log Randomize Rnd Round Sin Sqr Tan
    Asc AscB AscW Chr ChrB ChrW Filter Format FormatCurrency FormatDateTime FormatNumber
    FormatPercent InStr InStrB InStrRev Join LCase Left LeftB LTrim Mid MidB MonthName Replace Right
    RightB RTrim Space Split StrComp StrConv StrReverse Trim UCase WeekdayName
    Collection ErrObject VBA
""".split())

# Mots d'instruction absents de la liste réservée (Name … As, Error n, Line Input, Property Get,
# For … Step, Open … For Binary/Append/Output/Random Access Read, Declare … Lib … Alias, PtrSafe,
# Option Compare Text/Explicit/Base, Width #, Load/Unload) et noms qu'emploie le corps des
# fonctions générées par xlwings (Application.Caller, XLPy.CallUDF, ActiveWorkbook, TypeOf … Is
# Range, étiquette failed) ou le module xlwings (ThisWorkbook, Sheets…).
MOTS_CONTEXTUELS = frozenset(n.lower() for n in """
    Name Line Property Step Binary Append Output Random Access Read Lib Alias PtrSafe Compare Text
    Explicit Base Database Width Load Unload Object Module Class
    Application ActiveWorkbook ThisWorkbook ActiveSheet ActiveCell Range Cells Rows Columns Sheets
    Worksheets Workbooks Names Selection Evaluate Calculate Excel XLPy failed
""".split())

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def probleme_nom(nom: str) -> str | None:
    """Pourquoi ``nom`` ne peut pas nommer une fonction ou un argument VBA ; None s'il le peut."""
    if not _LATIN.match(nom):
        return "n'est pas un identifiant VBA (une lettre ASCII, puis lettres, chiffres ou « _ »)"
    if len(nom) > LONGUEUR_MAX:
        return f"dépasse {LONGUEUR_MAX} caractères"
    if nom.lower() in RESERVES_VBAL:
        return "est un mot réservé de VBA (MS-VBAL §3.3.5.2)"
    if nom.lower() in BIBLIOTHEQUE_VBA:
        return "est un nom prédéfini de la bibliothèque VBA (MS-VBAL §6)"
    if nom.lower() in MOTS_CONTEXTUELS:
        return "est un mot d'instruction VBA ou un nom employé par le module généré"
    return None


# --- Textes français dans le source VBA ----------------------------------------------------------
# Le source est enregistré dans la page de code du projet (1252). Les caractères de Latin-1 (é, è,
# à, ç, ², «, ») y ont le même code que dans Unicode ; les autres (€, ’, …, œ, ≤, −) sont écrits
# par ChrW(&H…), qui ne dépend d'aucune page de code.
LIGNE_MAX = 1023       # longueur maximale d'une ligne physique de VBA


def _latin1(c: str) -> bool:
    return c == "\t" or 0x20 <= ord(c) <= 0x7E or 0xA0 <= ord(c) <= 0xFF


def morceaux_chaine(texte: str) -> list[str]:
    """``texte`` en expressions VBA à concaténer par « & » : littéraux et ChrW(&H…)."""
    if any(c in "\r\n" for c in texte):
        raise ValueError("un texte d'aide tient sur une ligne")
    morceaux, courant = [], ""
    for c in texte:
        if _latin1(c):
            courant += '""' if c == '"' else c
        else:
            if courant:
                morceaux.append(f'"{courant}"')
                courant = ""
            morceaux.append(f"ChrW(&H{ord(c):04X})")
    if courant or not morceaux:
        morceaux.append(f'"{courant}"')
    return morceaux


def affecter(variable: str, texte: str, retrait: str = "    ") -> list[str]:
    """Lignes VBA qui donnent ``texte`` à ``variable`` (plusieurs lignes si le texte est long)."""
    lignes, courant = [], f"{retrait}{variable} = "
    premier = True
    for m in morceaux_chaine(texte):
        ajout = m if premier else f" & {m}"
        if not premier and len(courant) + len(ajout) > 200:
            lignes.append(courant)
            courant, ajout = f"{retrait}{variable} = {variable} & {m}", ""
        courant += ajout
        premier = False
    lignes.append(courant)
    assert all(len(ligne) < LIGNE_MAX for ligne in lignes)
    return lignes
