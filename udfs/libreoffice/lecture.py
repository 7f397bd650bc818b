"""Lecture des valeurs calculées d'un classeur ouvert dans LibreOffice, dans le processus de LibreOffice.

Embarqué dans l'extension et appelé par la tâche ``composant.Lecteur`` : lue depuis le pilote, à
travers la liaison UNO, chaque cellule coûterait plusieurs allers-retours (une seconde pour 274
formules) ; ici, les appels sont locaux. N'importe que la bibliothèque standard.

Forme des valeurs : celle du moteur par défaut (``udfs.moteur``) — nombre, texte, booléen pour un
résultat logique (LibreOffice n'a que des nombres, mais donne à la cellule le format VRAI/FAUX),
erreur en texte Excel comme LibreOffice l'écrit dans un .xlsx (les « Err:5xx » sans équivalent
deviennent #VALUE!, vérifié par un export) ; une référence circulaire est marquée ``#CIRC!``, que
le moteur LibreOffice refuse comme le moteur par défaut.
"""

from __future__ import annotations

ERREURS = {532: "#DIV/0!", 519: "#VALUE!", 32767: "#N/A", 525: "#NAME?", 503: "#NUM!", 524: "#REF!",
           521: "#NULL!"}
CIRCULAIRE = "#CIRC!"    # Err:522 (référence circulaire), Err:523 (calcul itératif sans convergence)
_CYCLES = (522, 523)
_FORMULE = 16            # com.sun.star.sheet.CellFlags.FORMULA
_TEXTE = 2               # com.sun.star.sheet.FormulaResult.STRING
_LOGIQUE = 1024          # com.sun.star.util.NumberFormat.LOGICAL


def colonne(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    lettres = ""
    i += 1
    while i:
        i, reste = divmod(i - 1, 26)
        lettres = chr(65 + reste) + lettres
    return lettres


def cellules_a_formule(doc):
    """(feuille, colonne, ligne, cellule) de chaque cellule à formule du document (indices UNO, à
    partir de 0), feuille par feuille."""
    for feuille in doc.Sheets:
        for adresse in feuille.queryContentCells(_FORMULE).getRangeAddresses():
            for l in range(adresse.StartRow, adresse.EndRow + 1):
                for c in range(adresse.StartColumn, adresse.EndColumn + 1):
                    yield feuille, c, l, feuille.getCellByPosition(c, l)


def valeurs(doc) -> dict:
    """{« Feuille!A1 » : valeur} de chaque cellule à formule du document."""
    formats = doc.NumberFormats
    logique: dict[int, bool] = {}
    return {f"{feuille.Name}!{colonne(c)}{l + 1}": _valeur(cellule, formats, logique)
            for feuille, c, l, cellule in cellules_a_formule(doc)}


def _valeur(cellule, formats, logique):
    code = cellule.getError()
    if code in _CYCLES:
        return CIRCULAIRE
    if code:
        return ERREURS.get(code, "#VALUE!")
    if cellule.FormulaResultType2 == _TEXTE:
        return cellule.getString()
    cle = cellule.NumberFormat
    if cle not in logique:
        logique[cle] = bool(formats.getByKey(cle).Type & _LOGIQUE)
    v = cellule.getValue()
    return bool(v) if logique[cle] else v
