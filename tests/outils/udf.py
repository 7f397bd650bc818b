"""Aides communes aux tests des fonctions Excel."""

from udfs.fonctions import REGISTRE


def appel(nom, *args):
    """Appelle la fonction Excel ``nom`` comme le fait xlwings (erreurs rendues en texte « #… »)."""
    return REGISTRE[nom].appel(*args)


def erreur(resultat, argument):
    """Vérifie un message d'erreur de cellule : « #… », nommant ``argument``, sans erreur interne."""
    assert isinstance(resultat, str) and resultat.startswith("#"), resultat
    assert argument in resultat, resultat
    assert "erreur interne" not in resultat, resultat
