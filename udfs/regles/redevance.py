"""Redevance d'un logement-foyer / d'une résidence sociale : maximum, contrôle, décomposition L + C.

Convention-type APL « résidences sociales » (CCH, annexe au R. 353-159 ; modèle reproduit par
MTES-MCT/apilos) : la redevance « ne doit pas excéder un maximum qui est fixé en euros par type de
logement … selon le type de prêt locatif aidé » ; si plusieurs prêts, « une redevance maximale est
déterminée pour chacun des prêts obtenus (PLAi, PLUS, PLS) ». La part assimilable au loyer et aux
charges est « calculée sur la base de deux éléments, dont l'un est équivalent au loyer, et l'autre
équivalent aux charges locatives récupérables » (support de formation : « Redevance = L + C »).

Les maximums sont publiés chaque année par avis (2024 : avis du 8 février 2024 ; 2025 : avis du
5 février 2025, + 3,26 %) ; leurs tableaux n'étant pas disponibles, l'utilisateur fournit la table
(une ligne d'en-têtes : type, zone, pret, maximum, dans n'importe quel ordre ; puis une ligne par
type de logement × zone × prêt, maximum en € par mois).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from udfs.erreurs import ErreurSaisie
from udfs.nombres import montant_fr
from udfs.valeurs import date_excel, est_vide, normaliser

COLONNES = {"type": ("type", "type logement", "type de logement", "typologie"),
            "zone": ("zone",),
            "pret": ("pret", "prêt", "type de pret", "financement"),
            "maximum": ("maximum", "redevance maximum", "redevance maximale", "max")}


def _cle(x: Any) -> str:
    """Comparaison tolérante : sans casse, accents ni espaces (« T1 bis » = « t1bis ») ; 1.0 = « 1 »."""
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return normaliser(str(x)).replace(" ", "")


def _erreur_cellule(x: Any) -> bool:
    return isinstance(x, str) and x.startswith("#")


# Colonne facultative : date de début de chaque maximum (les maximums changent chaque année par avis).
COLONNE_DEBUT = ("a compter du", "debut", "date de debut", "date d'effet", "en vigueur au", "date")


def redevance_maximum(table: list[list[Any]], type_logement: str, zone: str, pret: str,
                      date: dt.date | None = None) -> float:
    """Redevance maximale (€/mois) lue dans la table fournie pour un type, une zone et un prêt.

    Si la table a une colonne « à compter du », la table est datée : on retient, pour la
    combinaison demandée, le maximum dont la date de début est la plus récente qui ne dépasse pas
    ``date`` (comme les paramètres livrés)."""
    lignes = [l for l in table if not all(est_vide(x) for x in l)]
    if not lignes:
        raise ErreurSaisie("table", "table vide (en-têtes attendus : type, zone, pret, maximum)")
    entetes = [normaliser(str(x)) if not est_vide(x) else "" for x in lignes[0]]
    positions = {}
    for nom, synonymes in COLONNES.items():
        trouves = [i for i, e in enumerate(entetes) if e in {normaliser(s) for s in synonymes}]
        if len(trouves) != 1:
            raise ErreurSaisie("table", f"la première ligne doit contenir une fois chacun des en-têtes "
                                        f"type, zone, pret, maximum (colonne « {nom} » "
                                        f"{'absente' if not trouves else 'en double'})")
        positions[nom] = trouves[0]
    debut = [i for i, e in enumerate(entetes) if e in {normaliser(x) for x in COLONNE_DEBUT}]
    if len(debut) > 1:
        raise ErreurSaisie("table", "colonne « à compter du » en double")
    if debut:
        positions["debut"] = debut[0]
    donnees = []
    for numero, ligne in enumerate(lignes[1:], start=2):
        cellules = {nom: (ligne[i] if i < len(ligne) else None) for nom, i in positions.items()}
        for nom, x in cellules.items():
            if _erreur_cellule(x):
                raise ErreurSaisie("table", f"ligne {numero}, colonne {nom} : cellule en erreur ({x})")
        donnees.append((numero, cellules))

    voulu = {"type": _cle(type_logement), "zone": _cle(zone), "pret": _cle(pret)}
    champs = {"type": "type_logement", "zone": "zone", "pret": "pret"}
    saisi = {"type": type_logement, "zone": zone, "pret": pret}
    restantes = donnees
    for nom in ("type", "zone", "pret"):
        retenues = [(n, c) for n, c in restantes if not est_vide(c[nom]) and _cle(c[nom]) == voulu[nom]]
        if not retenues:
            presents = sorted({str(c[nom]) for _, c in restantes if not est_vide(c[nom])})
            raise ErreurSaisie(champs[nom], f"« {saisi[nom]} » absent de la table"
                                            + (f" (présents : {', '.join(presents)})" if presents else ""))
        restantes = retenues
    if "debut" in positions:
        restantes = _en_vigueur(restantes, date, f"{type_logement} / zone {zone} / {pret}")
    if len(restantes) > 1:
        raise ErreurSaisie("table", f"plusieurs lignes pour {type_logement} / zone {zone} / {pret} "
                                    f"(lignes {', '.join(str(n) for n, _ in restantes)})")
    numero, cellules = restantes[0]
    maximum = cellules["maximum"]
    if isinstance(maximum, bool) or not isinstance(maximum, (int, float)) or maximum <= 0:
        raise ErreurSaisie("table", f"ligne {numero} : maximum « {maximum} » qui n'est pas un montant "
                                    "strictement positif")
    return float(maximum)


def _en_vigueur(lignes: list[tuple[int, dict[str, Any]]], date: dt.date | None, quoi: str):
    """Les lignes de la date de début la plus récente qui ne dépasse pas ``date``."""
    if date is None:
        raise ErreurSaisie("date", "requise : la table des maximums est datée (colonne « à compter du »)")
    datees = []
    for numero, cellules in lignes:
        try:
            datees.append((date_excel(cellules["debut"], "table"), numero, cellules))
        except ErreurSaisie as e:
            raise ErreurSaisie("table", f"ligne {numero}, colonne « à compter du » : {e.raison}") from None
    en_vigueur = [d for d in datees if d[0] <= date]
    if not en_vigueur:
        premiere = min(d[0] for d in datees)
        raise ErreurSaisie("date", f"aucun maximum en vigueur au {date:%d/%m/%Y} pour {quoi} "
                                   f"(le premier date du {premiere:%d/%m/%Y})")
    plus_recent = max(d[0] for d in en_vigueur)
    return [(numero, cellules) for d, numero, cellules in en_vigueur if d == plus_recent]


@dataclass(frozen=True)
class ControleRedevance:
    pratiquee: float
    maximum: float

    @property
    def ecart(self) -> float:
        """Maximum − redevance pratiquée (négatif : dépassement)."""
        return self.maximum - self.pratiquee

    @property
    def conforme(self) -> bool:
        return self.ecart >= -0.005

    @property
    def message(self) -> str:
        if self.conforme:
            return (f"Conforme : redevance pratiquée {montant_fr(self.pratiquee)} € ≤ maximum "
                    f"{montant_fr(self.maximum)} € (marge {montant_fr(self.ecart)} €)")
        return (f"Dépassement de {montant_fr(-self.ecart)} € : redevance pratiquée "
                f"{montant_fr(self.pratiquee)} € > maximum {montant_fr(self.maximum)} €")


def verifier_redevance(pratiquee: float, maximum: float) -> ControleRedevance:
    """Compare la redevance pratiquée au maximum de la convention."""
    if pratiquee < 0:
        raise ErreurSaisie("pratiquee", f"montant négatif ({montant_fr(pratiquee)} €)")
    if maximum <= 0:
        raise ErreurSaisie("maximum", f"doit être strictement positif (reçu {montant_fr(maximum)} €)")
    return ControleRedevance(pratiquee, maximum)


def part_loyer(redevance: float, charges: float) -> float:
    """Équivalence loyer L = redevance − équivalence charges C (redevance = L + C)."""
    if redevance < 0:
        raise ErreurSaisie("redevance", f"montant négatif ({montant_fr(redevance)} €)")
    if charges < 0:
        raise ErreurSaisie("charges", f"montant négatif ({montant_fr(charges)} €)")
    if charges > redevance:
        raise ErreurSaisie("charges", f"l'équivalence charges ({montant_fr(charges)} €) dépasse la "
                                      f"redevance ({montant_fr(redevance)} €)")
    return redevance - charges
