"""Les erreurs que voit l'utilisateur : un champ, une raison, en français.

Une règle lève ``ErreurSaisie(champ, raison)`` ; la couche Excel la transforme en texte de cellule
commençant par « # » (jamais une trace Python, jamais un 0 silencieux).
"""

from contextlib import contextmanager
from typing import Iterator


class Refus(Exception):
    """Ce que la commande refuse de faire, dit en une ligne française qui nomme le fichier ou
    l'outil en cause (code de sortie 2). Les fautes de fichier, d'entrée, de sortie et d'outil
    en dérivent : la commande les attrape sans importer les modules qui les lèvent."""


class ErreurSaisie(ValueError):
    """Donnée invalide : ``champ`` nomme l'argument ou la donnée, ``raison`` dit pourquoi."""

    def __init__(self, champ: str, raison: str):
        self.champ = champ
        self.raison = raison
        super().__init__(f"{champ} : {raison}")

    @property
    def texte_cellule(self) -> str:
        """Le texte affiché dans la cellule Excel."""
        return f"#{self.champ} : {self.raison}"


@contextmanager
def a_la_ligne(numero: int) -> Iterator[None]:
    """Préfixe « ligne N : » à une erreur de saisie levée dans le bloc (tables lues ligne à ligne)."""
    try:
        yield
    except ErreurSaisie as e:
        raise ErreurSaisie(e.champ, f"ligne {numero} : {e.raison}") from None


class ParametreManquant(ErreurSaisie):
    """Aucune valeur réglementaire sourcée n'est en vigueur à la date demandée.

    On ne l'invente pas : l'utilisateur doit la fournir (argument ou feuille Paramètres).
    """
