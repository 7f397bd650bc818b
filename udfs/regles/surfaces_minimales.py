"""Surfaces habitables minimales des logements-foyers : arrêté du 17 octobre 2011, art. 10 I et
annexe III.

Art. 10 I : « Les logements-foyers doivent, sauf dérogation accordée par le préfet de département,
répondre aux caractéristiques techniques et dimensionnelles décrites à l'annexe III ». Annexe III,
1-2, « pour la construction neuve » : type I (une pièce principale) 12 m² pour un occupant, 18 pour
deux, 24 pour trois ; I' (une pièce principale) 20 ; I bis (une pièce principale + cuisine) 30 ; II
(deux pièces principales + cuisine) 46 ; + 14 m² par pièce principale supplémentaire. « Dans le cas
de l'acquisition-amélioration, ces surfaces minimales sont minorées de 10 %. » Annexe III, 3-2
(résidences sociales) : une chambre pour une personne qui partage l'usage exclusif d'une salle de
bains ou d'un séjour peut avoir moins de 12 m², mais sa surface « doit rester supérieure à 9 mètres
carrés » (sans minoration écrite).

Les types s'écrivent comme dans l'annexe (I, I', I bis, II, III…) ou comme dans les conventions et
les tableaux de surfaces (T1, T1', T1 bis, T2 … T7) ; « chambre partagée » désigne la chambre du 3-2.
Ce contrôle signale les écarts ; la dérogation du préfet reste une décision de l'instructeur. Non
contrôlé ici : l'interdiction du type I dans les foyers pour personnes âgées ou handicapées
(annexe III, II), faute de connaître le public du foyer.

>>> import datetime as dt
>>> surface_minimale(type_logement("T1 bis"), None, "neuf", dt.date(2021, 3, 15)).minimum
30.0
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from udfs.arrondi import arrondi_excel
from udfs.erreurs import ErreurSaisie, a_la_ligne
from udfs.nombres import nombre_fr
from udfs.parametres import valeur
from udfs.regles import nature_operation
from udfs.valeurs import normaliser

CHAMBRE_PARTAGEE = "chambre partagée"
_ROMAINS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_MOTIF = re.compile(r"^(?:type\s*)?(?:t\s*(\d+)|(\d+)|([ivx]+))\s*(bis|prime|')?$")


@dataclass(frozen=True)
class TypeLogement:
    pieces: int       # pièces principales
    variante: str     # "", "prime", "bis" ou CHAMBRE_PARTAGEE

    @property
    def libelle(self) -> str:
        """Le nom du type dans l'annexe III : « type I' », « type II », « chambre partagée »."""
        if self.variante == CHAMBRE_PARTAGEE:
            return "chambre partagée d'une résidence sociale, 3-2"
        romain = next(r for r, n in _ROMAINS.items() if n == self.pieces).upper()
        return "type " + romain + {"": "", "prime": "'", "bis": " bis"}[self.variante]


def type_logement(texte: object, champ: str = "type_logement") -> TypeLogement:
    """Lit un type de logement : I, I', I bis, II… ou T1, T1', T1 bis, T2…, ou « chambre partagée »."""
    brut = str(texte).strip()
    # l'apostrophe du type I' devient « prime » avant la normalisation, qui en ferait une espace
    mot = normaliser(brut.replace("’", "'").replace("′", "'").replace("'", " prime "))
    if mot in ("chambre partagee", "chambre"):
        return TypeLogement(1, CHAMBRE_PARTAGEE)
    trouve = _MOTIF.match(mot)
    pieces = None
    if trouve:
        chiffres, nombre, romain = trouve.group(1), trouve.group(2), trouve.group(3)
        pieces = int(chiffres or nombre) if (chiffres or nombre) else _ROMAINS.get(romain)
    variante = {"bis": "bis", "prime": "prime", "'": "prime", None: ""}[trouve.group(4)] if trouve else ""
    if pieces is None or not 1 <= pieces <= 10 or (variante and pieces != 1):
        raise ErreurSaisie(champ, f"type « {brut} » inconnu (admis : I, I', I bis, II, III… ou T1, T1', "
                                  f"T1 bis, T2 … T7 ; chambre partagée)")
    return TypeLogement(pieces, variante)


@dataclass(frozen=True)
class Norme:
    minimum: float     # m² de surface habitable
    strict: bool       # la surface doit dépasser le minimum (3-2) au lieu de l'atteindre
    libelle: str       # « type I, 2 occupants, construction neuve »


def surface_minimale(t: TypeLogement, occupants: int | None, nature: str, date: dt.date) -> Norme:
    """La surface habitable minimale d'un logement ou d'une chambre de logement-foyer (annexe III) ;
    ``occupants`` ne compte que pour le type I (1 à 3, défaut 1) ; ``nature`` : « neuf », « VEFA »
    ou « acquisition-amélioration » (minoration de 10 %)."""
    p = valeur("surfaces_minimales_foyer", date)
    if t.variante == CHAMBRE_PARTAGEE:
        return Norme(float(p["chambre_partagee_residence_sociale"]), True, t.libelle)
    libelle = t.libelle
    if t.pieces == 1 and not t.variante:
        n = 1 if occupants is None else occupants
        if str(n) not in p["type_1"]:
            raise ErreurSaisie("occupants", f"{n} occupants pour un type I : l'annexe III ne prévoit que 1, 2 "
                                            f"ou 3 occupants (au-delà, choisir un type plus grand)")
        base = p["type_1"][str(n)]
        libelle += f", {n} occupant{'s' if n > 1 else ''}"
    elif t.pieces == 1:
        base = p["type_1_prime"] if t.variante == "prime" else p["type_1_bis"]
    else:
        base = p["type_2"] + (t.pieces - 2) * p["par_piece_supplementaire"]
    if nature_operation.existant(nature):
        reduction = p["minoration_acquisition_amelioration"]
        return Norme(arrondi_excel(base * (1 - reduction), 2), False,
                     f"{libelle}, acquisition-amélioration : {nombre_fr(base)} m² minorés de "
                     f"{nombre_fr(reduction * 100)} %")
    return Norme(float(base), False, f"{libelle}, construction neuve")


@dataclass(frozen=True)
class Logement:
    ligne: int            # numéro de ligne dans la plage saisie (pour les messages)
    type_saisi: str
    surface: float        # m² de surface habitable
    occupants: int | None = None


def controle_surfaces(logements: list[Logement], nature: str, date: dt.date) -> list[str]:
    """Une phrase par logement sous le minimum de l'annexe III ; liste vide si tout est conforme."""
    valeur("surfaces_minimales_foyer", date)     # date hors des normes sourcées : dit une fois, sans ligne
    ecarts = []
    for lg in logements:
        with a_la_ligne(lg.ligne):
            t = type_logement(lg.type_saisi, "types")
            if lg.surface < 0:
                raise ErreurSaisie("surfaces", f"surface négative ({nombre_fr(lg.surface)} m²)")
            norme = surface_minimale(t, lg.occupants, nature, date)
        conforme = lg.surface > norme.minimum if norme.strict else lg.surface >= norme.minimum
        if not conforme:
            exigence = (f"doit être supérieure à {nombre_fr(norme.minimum)} m²" if norme.strict
                        else f"minimum {nombre_fr(norme.minimum)} m²")
            ecarts.append(f"Ligne {lg.ligne} : {lg.type_saisi} de {nombre_fr(lg.surface)} m², {exigence} "
                          f"({norme.libelle} ; arrêté du 17/10/2011, annexe III)")
    return ecarts
