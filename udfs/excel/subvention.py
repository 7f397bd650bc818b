"""Fonctions Excel du calcul de la subvention : surfaces, CS, MQ, assiette, subvention PLAI."""

import datetime as dt

from udfs import valeurs as v
from udfs.excel._base import fonction_excel
from udfs.regles import structure

__all__ = ["CS_FOYER", "CS_LOGEMENT"]

_AIDE_DATE = "Date de référence pour les paramètres (JJ/MM/AAAA) ; vide : aujourd'hui."


def _date_ou_aujourdhui(d):
    return v.date_excel(d, "date", defaut=dt.date.today())


@fonction_excel(arguments={
    "nl": "Nombre total de logements et de chambres de l'opération (NL).",
    "su": "Surface utile de l'ensemble des logements et chambres, en m² (SU).",
    "date": _AIDE_DATE,
})
def CS_FOYER(nl, su, date=None):
    """Coefficient de structure d'un logement-foyer : 0,77 × (1 + NL × 38 / SU), non arrondi (arrêté du 5 mai 1995, art. 2 bis)."""
    return structure.cs_foyer(v.entier(nl, "nl", strictement_positif=True),
                              v.nombre(su, "su", strictement_positif=True),
                              _date_ou_aujourdhui(date))


@fonction_excel(arguments={
    "nl": "Nombre de logements de l'opération (N).",
    "su": "Surface utile de l'ensemble des logements, en m² (SU).",
    "date": _AIDE_DATE,
})
def CS_LOGEMENT(nl, su, date=None):
    """Coefficient de structure de logements ordinaires : 0,77 × (1 + N × 20 / SU), non arrondi (arrêté du 5 mai 1995, art. 2)."""
    return structure.cs_logement(v.entier(nl, "nl", strictement_positif=True),
                                 v.nombre(su, "su", strictement_positif=True),
                                 _date_ou_aujourdhui(date))
