"""Majoration pour qualité (MQ) des logements-foyers : arrêté du 17 octobre 2011, chapitre IV.

MQ = coefficient SLC (art. 11 II) + qualité environnementale (art. 11 III) + accessibilité
(art. 11 IV) + taille de l'opération et ascenseur (art. 12), borné par l'art. 13 :
« ne peut pas être inférieure à 0 et, dans le cas spécifique des résidences sociales, ne peut pas
être supérieure à 0,18 ».

La numérotation du chapitre IV varie selon les versions consolidées (9-13 ou 10-14) : les
docstrings citent aussi le contenu. Tous les nombres viennent de ``parametres/majorations/mq_foyer.yaml``.

Exemple §8.2 de la note réglementaire (NL 40, SU 880, SLC 900) :
>>> import datetime as dt
>>> mq_foyer(40, 880, 900, dt.date(2020, 1, 1)).total
0.093
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from udfs.arrondi import arrondi_excel, arrondi_superieur
from udfs.erreurs import ErreurSaisie
from udfs.parametres import valeur
from udfs.regles.structure import cs_foyer
from udfs.valeurs import normaliser

# Mots admis pour les labels (art. 11 III renvoyant à l'art. 2 I pour le neuf et à l'art. 6 II pour
# l'acquisition-amélioration) → clé du fichier de paramètres.
LABELS = {
    "bbc": "bbc",
    "qualitel": "qualitel",
    "hpe renovation": "hpe_renovation",
    "bbc renovation": "bbc_renovation",
}


@dataclass(frozen=True)
class DetailMQ:
    """Les termes de MQ, tels que les montre l'écran « critères de qualité » de Galion."""

    slc: float
    formule_petits_logements: bool
    taille: float
    label: float
    ascenseur: float
    accessibilite: float
    somme: float      # avant bornes
    total: float      # après bornes (art. 13)


def terme_slc(nl: int, su: float, slc: float, date: dt.date, residence_sociale: bool = True) -> tuple[float, bool]:
    """Art. 11 II : 0,77 × [SLC − (NL × 18 m²)] / (CS × SU), ou, pour une résidence sociale de
    SU moyenne inférieure à 20 m², [SLC − (1,5 × SU) + (NL × 12 m²)] / (2,9 × SU) ; « arrondie à la
    quatrième décimale par valeur supérieure ». Renvoie (terme, formule particulière appliquée)."""
    p = valeur("mq_foyer", date)
    if slc < 0:
        raise ErreurSaisie("slc", f"la surface des locaux collectifs ne peut être négative ({slc} m²)")
    petits = p["petits_logements"]
    if residence_sociale and su / nl < petits["seuil_su_moyenne"]:
        brut = (slc - petits["coefficient_su"] * su + nl * petits["forfait_par_logement"]) / (petits["diviseur"] * su)
        return arrondi_superieur(brut, 4), True
    s = p["slc"]
    brut = s["coefficient"] * (slc - nl * s["forfait_par_logement"]) / (cs_foyer(nl, su, date) * su)
    return arrondi_superieur(brut, 4), False


def terme_taille(nl: int, date: dt.date) -> float:
    """Art. 12 : 0,03 − NLp × 0,0003, NLp « pris en compte dans la limite de 100 », exprimé avec
    quatre décimales."""
    t = valeur("mq_foyer", date)["taille"]
    return arrondi_excel(t["base"] - min(nl, t["plafond_nl"]) * t["pas"], 4)


def terme_label(label: str | None, date: dt.date) -> float:
    """Art. 11 III (renvoi aux art. 2 I et 6 II) : BBC 0,10 ; Qualitel 0,08 (cumulables) ;
    HPE rénovation 2009 0,10 ; BBC rénovation 2009 0,20. Plusieurs labels : « BBC + Qualitel »."""
    if label is None or normaliser(label) in ("", "aucun", "sans", "non"):
        return 0.0
    valeurs = valeur("mq_foyer", date)["label"]
    total = 0.0
    for morceau in str(label).replace(",", "+").replace(";", "+").split("+"):
        cle = LABELS.get(normaliser(morceau).replace(" 2009", ""))
        if cle is None:
            raise ErreurSaisie("label", f"label « {morceau.strip()} » inconnu (admis : BBC, Qualitel, "
                                        "HPE rénovation, BBC rénovation, aucun ; cumul avec « + »)")
        total += valeurs[cle]
    return arrondi_excel(total, 4)


def terme_ascenseur(type_ascenseur: int, date: dt.date) -> float:
    """Art. 12 renvoyant à l'art. 3 III : ascenseur non obligatoire desservant tous les niveaux,
    type 1 : 0,04 ; type 2 : 0,05 ; type 3 : 0,06 (0 : pas d'ascenseur ouvrant droit)."""
    if type_ascenseur == 0:
        return 0.0
    valeurs = valeur("mq_foyer", date)["ascenseur"]
    cle = f"type_{type_ascenseur}"
    if cle not in valeurs:
        raise ErreurSaisie("ascenseur", f"type {type_ascenseur} inconnu (0, 1, 2 ou 3)")
    return valeurs[cle]


def terme_accessibilite(part_travaux: float, date: dt.date) -> float:
    """Art. 11 IV : « égal au pourcentage des travaux réalisés à cet effet, pris en compte dans la
    limite de 0,04 » (``part_travaux`` en fraction : 0,03 pour 3 %)."""
    if not 0 <= part_travaux <= 1:
        raise ErreurSaisie("part_accessibilite", f"fraction entre 0 et 1 attendue (reçu {part_travaux})")
    return min(part_travaux, valeur("mq_foyer", date)["accessibilite_plafond"])


def mq_foyer(nl: int, su: float, slc: float, date: dt.date, *, label: str | None = None,
             ascenseur: int = 0, part_accessibilite: float = 0.0,
             residence_sociale: bool = True) -> DetailMQ:
    """MQ d'un logement-foyer (arrêté du 17 octobre 2011, chapitre IV, art. 11 à 13) : somme des
    termes, au moins 0, au plus 0,18 pour une résidence sociale."""
    if nl <= 0:
        raise ErreurSaisie("nl", f"le nombre de logements doit être strictement positif (reçu {nl})")
    if su <= 0:
        raise ErreurSaisie("su", f"la surface utile doit être strictement positive (reçu {su})")
    p = valeur("mq_foyer", date)
    t_slc, petits = terme_slc(nl, su, slc, date, residence_sociale)
    termes = dict(slc=t_slc, taille=terme_taille(nl, date), label=terme_label(label, date),
                  ascenseur=terme_ascenseur(ascenseur, date),
                  accessibilite=terme_accessibilite(part_accessibilite, date))
    somme = arrondi_excel(sum(termes.values()), 4)   # termes à 4 décimales : on efface le bruit flottant
    total = max(somme, p["mq_minimum"])
    if residence_sociale:
        total = min(total, p["mq_maximum_residence_sociale"])
    return DetailMQ(formule_petits_logements=petits, somme=somme, total=total, **termes)
