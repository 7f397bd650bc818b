"""Prix de revient prévisionnel d'une opération et contrôles de l'annexe I.

Arrêté du 17 octobre 2011, art. 15 : « le prix de revient prévisionnel … comprend trois éléments :
la charge foncière ou la charge immobilière ; le prix de revient du bâtiment ou le coût des
travaux ; les honoraires relatifs aux missions de maîtrise d'œuvre … Le prix de revient
prévisionnel comprend les révisions de prix afférentes aux travaux et la part des intérêts de
préfinancement qui sont courus depuis la décision de lancement de l'opération jusqu'au moment de
leur consolidation, à l'achèvement des logements. »

Le mobilier n'en fait pas partie (« Le mobilier ne peut pas être financé par les subventions
État », support de formation) : il n'est pas un argument, on ne l'additionne jamais.

Annexe I (plafonds, en fraction du prix de revient du bâtiment ou coût des travaux, fichier
``plafonds_annexe_1``) : abords ≤ 4 % ; part des fondations entre 10 % et 20 % en charge
foncière ; surcoûts d'adaptation aux contraintes foncières ≤ 5 % ; frais de direction
d'investissement ≤ 0,13 % / 0,10 % / 0,07 % des travaux selon le nombre de logements (≤ 30,
31 à 50, 51 et plus) ; coûts internes de maîtrise d'ouvrage ≤ 1,5 % des travaux + 8 × valeur de
base.

>>> prix_revient(300_000, 1_500_000, 150_000).total
1950000.0
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from udfs.erreurs import ErreurSaisie
from udfs.parametres import valeur
from udfs.nombres import montant_fr

_REFERENCE = "annexe I de l'arrêté du 17 octobre 2011"


def _positif(x: float, champ: str) -> float:
    if x < 0:
        raise ErreurSaisie(champ, f"montant négatif ({montant_fr(x)} €)")
    return float(x)


@dataclass(frozen=True)
class PrixRevient:
    charge_fonciere: float
    travaux: float
    honoraires: float
    revisions: float = 0.0
    interets_prefinancement: float = 0.0

    @property
    def total(self) -> float:
        return (self.charge_fonciere + self.travaux + self.honoraires + self.revisions
                + self.interets_prefinancement)

    @property
    def parts(self) -> dict[str, float]:
        """Part de chaque élément dans le prix de revient (fractions ; toutes nulles si total nul)."""
        total = self.total
        elements = {"charge_fonciere": self.charge_fonciere, "travaux": self.travaux,
                    "honoraires": self.honoraires, "revisions": self.revisions,
                    "interets_prefinancement": self.interets_prefinancement}
        return {k: (x / total if total else 0.0) for k, x in elements.items()}


def prix_revient(charge_fonciere: float, travaux: float, honoraires: float, revisions: float = 0.0,
                 interets_prefinancement: float = 0.0) -> PrixRevient:
    """Composition du prix de revient prévisionnel (art. 15), mobilier exclu."""
    return PrixRevient(_positif(charge_fonciere, "charge_fonciere"), _positif(travaux, "travaux"),
                       _positif(honoraires, "honoraires"), _positif(revisions, "revisions"),
                       _positif(interets_prefinancement, "interets_prefinancement"))


def cout_m2_su(prix: float, su: float) -> float:
    """Prix de revient au m² de surface utile."""
    _positif(prix, "prix_revient")
    if su <= 0:
        raise ErreurSaisie("su", f"la surface utile doit être strictement positive (reçu {su})")
    return prix / su


def taux_frais_direction(nb_logements: int, date: dt.date) -> float:
    """Plafond des frais de direction d'investissement en fraction des travaux (annexe I)."""
    if nb_logements < 1:
        raise ErreurSaisie("nb_logements", f"doit être au moins égal à 1 (reçu {nb_logements})")
    taux = valeur("plafonds_annexe_1", date, "frais_direction")
    if nb_logements <= 30:
        return taux["jusqu_a_30"]
    if nb_logements <= 50:
        return taux["de_31_a_50"]
    return taux["au_dela"]


def fondations_imputables(travaux: float, cout_fondations: float, date: dt.date) -> float:
    """Part du coût des fondations admise en charge foncière : ce qui excède 10 % des travaux,
    dans la limite de 20 % des travaux (soit au plus 10 % des travaux)."""
    bornes = valeur("plafonds_annexe_1", date, "fondations")
    return max(0.0, min(cout_fondations, bornes["max"] * travaux) - bornes["min"] * travaux)


def alertes_annexe_1(travaux: float, nb_logements: int, date: dt.date, *, abords: float = 0.0,
                     cout_fondations: float = 0.0, fondations_imputees: float = 0.0,
                     surcouts_fonciers: float = 0.0, frais_direction: float = 0.0,
                     couts_internes: float = 0.0, valeur_base: float | None = None) -> list[str]:
    """Dépassements des plafonds de l'annexe I, en phrases françaises (liste vide : aucun).

    ``travaux`` : prix de revient du bâtiment ou coût total des travaux (base de tous les
    pourcentages) ; ``fondations_imputees`` : part des fondations portée en charge foncière, à
    comparer à ``cout_fondations`` ; ``valeur_base`` : exigée dès que des coûts internes sont
    déclarés (plafond 1,5 % des travaux + 8 × VB)."""
    if travaux <= 0:
        raise ErreurSaisie("travaux", f"doit être strictement positif (reçu {montant_fr(travaux)} €)")
    for champ, x in (("abords", abords), ("cout_fondations", cout_fondations),
                     ("fondations_imputees", fondations_imputees),
                     ("surcouts_fonciers", surcouts_fonciers), ("frais_direction", frais_direction),
                     ("couts_internes", couts_internes)):
        _positif(x, champ)
    plafonds = valeur("plafonds_annexe_1", date)
    alertes: list[str] = []

    def depasse(libelle: str, montant: float, plafond: float, regle: str) -> None:
        if montant > plafond + 0.005:
            alertes.append(f"{libelle} : {montant_fr(montant)} € dépassent le plafond de "
                           f"{montant_fr(plafond)} € ({regle}, {_REFERENCE})")

    depasse("Abords", abords, plafonds["abords"] * travaux, "4 % des travaux")
    if fondations_imputees > 0:
        admis = fondations_imputables(travaux, cout_fondations, date)
        depasse("Fondations en charge foncière", fondations_imputees, admis,
                "part des fondations comprise entre 10 % et 20 % des travaux")
    depasse("Surcoûts d'adaptation aux contraintes foncières", surcouts_fonciers,
            plafonds["surcouts_fonciers"] * travaux, "5 % des travaux")
    taux_fd = taux_frais_direction(nb_logements, date)
    depasse("Frais de direction d'investissement", frais_direction, taux_fd * travaux,
            f"{taux_fd * 100:.2f} % des travaux pour {nb_logements} logements".replace(".", ","))
    if couts_internes > 0:
        if valeur_base is None:
            raise ErreurSaisie("valeur_base", "requise pour contrôler les coûts internes de maîtrise "
                                              "d'ouvrage (plafond : 1,5 % des travaux + 8 × VB)")
        if valeur_base <= 0:
            raise ErreurSaisie("valeur_base", f"doit être strictement positive (reçu {valeur_base})")
        ci = plafonds["couts_internes"]
        depasse("Coûts internes de maîtrise d'ouvrage", couts_internes,
                ci["taux"] * travaux + ci["multiple_valeur_base"] * valeur_base,
                "1,5 % des travaux + 8 × valeur de base")
    return alertes
