"""Fonctions Excel du contrôle des surfaces minimales des logements-foyers (arrêté du 17 octobre
2011, annexe III).

Chaque fonction ne fait qu'adapter les cellules (``udfs.valeurs``) et appeler la règle de
``udfs.regles.surfaces_minimales`` ; aucune règle n'est écrite ici.
"""


from udfs import valeurs as v
from udfs.fonctions import plages
from udfs.registre import AIDE_DATE_REFERENCE, fonction
from udfs.regles import nature_operation
from udfs.regles import surfaces_minimales as _surfaces_minimales

__all__ = ["SURFACE_MINIMALE", "CONTROLE_SURFACES"]

_AIDE_NATURE = ("neuf (défaut : normes de la construction neuve), VEFA ou acquisition-amélioration "
                "(surfaces minorées de 10 %).")
_TYPES = "I, I', I bis, II, III… ou T1, T1', T1 bis, T2 … T7 ; « chambre partagée » (résidence sociale, annexe III 3-2)"


def _nature(x):
    return v.choix(x, "nature", nature_operation.MOTS, defaut=nature_operation.NEUF)


@fonction(arguments={
    "type_logement": f"Type du logement : {_TYPES}.",
    "occupants": "Nombre d'occupants, pour le type I seulement : 1 (défaut), 2 ou 3.",
    "nature": _AIDE_NATURE,
    "date_reference": AIDE_DATE_REFERENCE,
})
def SURFACE_MINIMALE(type_logement, occupants=None, nature=None, date_reference=None):
    """Surface habitable minimale d'un logement de logement-foyer en m² : type I 12/18/24 m² (1 à 3 occupants), I' 20, I bis 30, II 46, +14 par pièce ; −10 % en acquisition-amélioration (arrêté du 17/10/2011, annexe III)."""
    return _surfaces_minimales.surface_minimale(
        _surfaces_minimales.type_logement(v.texte(type_logement, "type_logement"), "type_logement"),
        v.entier(occupants, "occupants", defaut=None, strictement_positif=True),
        _nature(nature), v.date_reference(date_reference)).minimum


@fonction(arguments={
    "types": f"Plage des types de logement (une ligne ou une colonne) : {_TYPES}.",
    "surfaces": "Plage des surfaces habitables, en m², même taille.",
    "occupants": "Plage facultative des nombres d'occupants (type I : 1 à 3), même taille ; vide : 1.",
    "nature": _AIDE_NATURE,
    "date_reference": AIDE_DATE_REFERENCE,
}, plages=("types", "surfaces", "occupants"))
def CONTROLE_SURFACES(types, surfaces, occupants=None, nature=None, date_reference=None):
    """Contrôle des surfaces minimales de l'annexe III (arrêté du 17/10/2011) : « Conforme », ou une ligne (matrice d'une colonne) par logement sous le minimum."""
    logements = []
    for i, ligne in plages.lignes({"types": types, "surfaces": surfaces, "occupants": occupants},
                                  facultatives=("occupants",)):
        with plages.a_la_ligne(i):
            if v.est_vide(ligne["types"]):
                raise v.ErreurSaisie("types", "type manquant")
            logements.append(_surfaces_minimales.Logement(
                i, v.texte(ligne["types"], "types"), v.nombre(ligne["surfaces"], "surfaces", minimum=0),
                v.entier(ligne["occupants"], "occupants", defaut=None, strictement_positif=True)))
    if not logements:
        raise v.ErreurSaisie("types", "aucun logement saisi")
    ecarts = _surfaces_minimales.controle_surfaces(logements, _nature(nature), v.date_reference(date_reference))
    return [[e] for e in ecarts] if ecarts else "Conforme"
