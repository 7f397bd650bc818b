"""Comparer deux moteurs cellule par cellule, et les écarts connus où LibreOffice diffère d'Excel.

Deux valeurs s'accordent quand ce sont deux nombres égaux à 1e-9 près (relatif), ou deux valeurs
de même type égales (textes, booléens, codes d'erreur). Un désaccord est soit *expliqué* par un
écart connu de LibreOffice, dont l'arbitre est le comportement documenté d'Excel (que suit le
moteur par défaut), soit un défaut à corriger.

Écarts connus (LibreOffice 7.4, extension installée) :

- ``argument_en_erreur`` : une cellule en erreur (#VALEUR!…) passée à une de nos fonctions. Excel
  appelle la fonction avec l'erreur en argument (une UDF VBA la reçoit dans un Variant, xlwings en
  texte avec ``err_to_str``) et nos fonctions répondent « #champ : la cellule source est en erreur
  (#VALUE!) ». Calc n'appelle pas une fonction d'add-in ou de Basic dont un argument est en
  erreur : il propage l'erreur. Les cellules qui en dépendent héritent de l'écart.
- ``index_hors_matrice`` : ``INDEX(matrice ; ligne ; colonne)`` hors des bornes, quand une de nos
  fonctions à matrice (PROJECTION_BILANS…) a rendu un message d'une seule case. Excel donne #REF!
  (« If row_num or column_num does not point to a cell within array, INDEX returns the #REF! error
  value ») ; Calc donne Err:502, qu'il écrit #VALUE! dans un .xlsx.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

ERREURS_EXCEL = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}
_PROPAGATION = re.compile(r"^#\w+ : la cellule source est en erreur \(")


@dataclass(frozen=True)
class Ecart:
    fichier: str
    cellule: str
    formule: str
    interne: Any
    libreoffice: Any
    classe: str | None        # écart connu, ou None : désaccord à corriger

    def __str__(self) -> str:
        return (f"{self.fichier} {self.cellule} : moteur interne {self.interne!r}, LibreOffice "
                f"{self.libreoffice!r} ({self.classe or 'inexpliqué'}) — {self.formule[:120]}")


def accord(a: Any, b: Any) -> bool:
    nombre = lambda x: isinstance(x, (int, float)) and not isinstance(x, bool)  # noqa: E731
    if nombre(a) and nombre(b):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return type(a) is type(b) and a == b


def classe(formule: str, interne: Any, libreoffice: Any, fonctions_matrice: set[str]) -> str | None:
    """L'écart connu qui explique un désaccord, ou None."""
    if libreoffice in ERREURS_EXCEL and isinstance(interne, str) and _PROPAGATION.match(interne):
        return "argument_en_erreur"
    if (interne == "#REF!" and libreoffice == "#VALUE!" and "INDEX(" in formule.upper()
            and any(f"{n}(" in formule.upper() for n in fonctions_matrice)):
        return "index_hors_matrice"
    return None


def comparer(fichier: str, formules: dict[str, str], interne: dict[str, Any],
             libreoffice: dict[str, Any]) -> list[Ecart]:
    """Les désaccords entre les valeurs des deux moteurs, chacun classé."""
    from udfs.fonctions import REGISTRE
    matrices = {n for n, f in REGISTRE.items() if f.matrice}
    ecarts = []
    for cle, a in interne.items():
        b = libreoffice.get(cle, "(absente)")
        if not accord(a, b):
            f = formules.get(cle, "")
            ecarts.append(Ecart(fichier, cle, f, a, b, classe(f, a, b, matrices)))
    return ecarts
