"""Le module Basic ``RsInstruction`` de l'extension : une fonction par fonction du registre, au nom Excel.

Pourquoi du Basic : LibreOffice 7.4 (Debian 12) ne relie pas, à l'import d'un .xlsx, un nom de
fonction Excel (``SU_FOYER``) à un add-in UNO, même quand l'add-in déclare ce nom de compatibilité :
la grammaire OOXML n'y connaît que les noms des add-ins livrés avec LibreOffice (les versions
récentes ajoutent les noms de compatibilité, ``fillFromAddInCollectionExcelName``). Un nom inconnu
est en revanche cherché parmi les fonctions Basic chargées (``ScCompiler::ParseMacro``) : une
fonction Basic ``SU_FOYER`` fait donc calculer le classeur inchangé, et LibreOffice la réécrit sous
ce même nom quand il enregistre en .xlsx (un add-in serait écrit sous son nom interne, illisible
par Excel).

Chaque fonction Basic est générée ici et ne fait que passer ses arguments à l'add-in
(``fr.rsinstruction.calc.Fonctions``), qui appelle le registre : aucune règle en Basic. Tous les
arguments sont ``Optional`` (un argument omis arrive à la fonction du registre comme ``None``, qui
nomme alors le champ manquant), et le résultat (une matrice pour l'add-in) redevient une valeur
seule ou un tableau Basic à deux dimensions, que Calc affiche comme une matrice.

Calc exécute depuis une cellule les fonctions de la bibliothèque ``Standard`` de l'application,
pas celles d'une autre bibliothèque (LibreOffice 7.4 les cherche alors dans le document : #VALEUR!) :
ce code est donc posé comme module ``RsInstruction`` de ``Standard`` par la tâche de démarrage de
l'extension (``composant.Evenements``), qui l'en retire à la fermeture.
"""

from __future__ import annotations

from udfs.fonctions import REGISTRE
from udfs.registre import FonctionExcel

MODULE = "RsInstruction"
SERVICE = "fr.rsinstruction.calc.Fonctions"

_ENTETE = f"""REM Généré par « rs-instruction extension » depuis le registre des fonctions : ne pas modifier.
REM Chaque fonction passe ses arguments à l'add-in Python {SERVICE}.
Option Explicit

Private oRsFonctions As Object

Private Function RsFonctions() As Object
	If IsNull(oRsFonctions) Then oRsFonctions = CreateUnoService("{SERVICE}")
	RsFonctions = oRsFonctions
End Function

REM Une valeur passe telle quelle ; une matrice (séquence de séquences) devient un tableau
REM à deux dimensions, que Calc affiche comme une matrice ; 1 × 1 (un message « #… ») : la valeur.
Private Function RsValeur(r)
	Dim n As Long, m As Long, i As Long, j As Long
	If Not IsArray(r) Then
		RsValeur = r
		Exit Function
	End If
	n = UBound(r)
	m = UBound(r(0))
	If n = 0 And m = 0 Then
		RsValeur = r(0)(0)
		Exit Function
	End If
	Dim t(0 To n, 0 To m)
	For i = 0 To n
		For j = 0 To m
			t(i, j) = r(i)(j)
		Next j
	Next i
	RsValeur = t
End Function
"""


def _fonction_basic(f: FonctionExcel) -> str:
    parametres = ", ".join(f"Optional {_nom(a)}" for a in f.arguments)
    lignes = [f"Function {f.nom}({parametres})"]
    if f.arguments:
        lignes.append("\tDim " + ", ".join(f"v{i}" for i in range(len(f.arguments))))
    for i, a in enumerate(f.arguments):
        # un Optional absent ne se passe pas à UNO : il reste « vide » (None côté Python)
        lignes.append(f"\tIf Not IsMissing({_nom(a)}) Then v{i} = {_nom(a)}")
    appel = ", ".join(f"v{i}" for i in range(len(f.arguments)))
    lignes.append(f"\t{f.nom} = RsValeur(RsFonctions().{f.nom}({appel}))")
    lignes.append("End Function")
    return "\n".join(lignes)


def _nom(argument: str) -> str:
    # un nom d'argument ne doit pas masquer un mot de Basic (Type, Date, Label…) : préfixe
    return f"p_{argument}"


def code() -> str:
    return _ENTETE + "\n" + "\n\n".join(_fonction_basic(f) for f in REGISTRE.values()) + "\n"
