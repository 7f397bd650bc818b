"""Équilibre de l'opération : bilan d'investissement du bailleur, bilan de fonctionnement du
gestionnaire, valeurs d'équilibre et projection pluriannuelle.

Support de formation (« Équilibre de l'opération ») : « L'opération est considérée comme équilibrée
lorsque : l'ensemble des charges du bailleur est couvert par le loyer immobilier versé par le
gestionnaire ; le gestionnaire est en capacité de payer le loyer immobilier après déduction des
charges d'exploitation de la résidence, sur les redevances versées par le résident ».

- Bilan du bailleur : charges = remboursement des prêts (annuités) + TFPB + provision pour gros
  entretien (PGR) + frais de structure / de gestion + prime d'assurance ; recettes = loyer
  immobilier.
- Bilan du gestionnaire : charges = loyer immobilier + frais de siège + frais de personnel +
  provisions pour entretien (renouvellement du mobilier) + charges récupérables (fluides) ;
  recettes = redevances (L + C, nettes de la vacance) + prestations + subventions de fonctionnement
  (AGLS, CAF, ARS…).

Aucun de ces montants n'est réglementé (reglementation.md § 7) : tous sont saisis, aucun défaut.

>>> bilan_bailleur(100_000, 60_000, 10_000, 5_000, 3_000, 2_000)
20000.0
>>> equilibre(-1234.56, 10)
'Déséquilibrée : bailleur en déficit de 1 234,56 €'
"""

from __future__ import annotations

from dataclasses import dataclass

from udfs.erreurs import ErreurSaisie
from udfs.nombres import montant_fr
from udfs.regles.financement import capital_finance

_CENTIME = 0.005  # un résultat au-dessus de −0,005 € est nul au centime près


def _positifs(**montants: float) -> None:
    for champ, x in montants.items():
        if x < 0:
            raise ErreurSaisie(champ, f"montant négatif ({montant_fr(x)} €)")


def _vacance(taux_vacance: float) -> float:
    if not 0 <= taux_vacance < 1:
        raise ErreurSaisie("taux_vacance", f"doit être compris entre 0 et 1 exclu, 0,05 pour 5 % "
                                           f"(reçu {taux_vacance})")
    return taux_vacance


def charges_bailleur(annuites: float, tfpb: float, pgr: float, frais_gestion: float,
                     assurance: float) -> float:
    _positifs(annuites=annuites, tfpb=tfpb, pgr=pgr, frais_gestion=frais_gestion, assurance=assurance)
    return annuites + tfpb + pgr + frais_gestion + assurance


def bilan_bailleur(loyer_immobilier: float, annuites: float, tfpb: float, pgr: float,
                   frais_gestion: float, assurance: float) -> float:
    """Résultat annuel du bailleur : loyer immobilier − (annuités + TFPB + PGR + frais de gestion
    + assurance)."""
    _positifs(loyer_immobilier=loyer_immobilier)
    return float(loyer_immobilier - charges_bailleur(annuites, tfpb, pgr, frais_gestion, assurance))


def charges_gestionnaire(loyer_immobilier: float, frais_siege: float, personnel: float,
                         provisions_entretien: float, charges_recuperables: float) -> float:
    _positifs(loyer_immobilier=loyer_immobilier, frais_siege=frais_siege, personnel=personnel,
              provisions_entretien=provisions_entretien, charges_recuperables=charges_recuperables)
    return loyer_immobilier + frais_siege + personnel + provisions_entretien + charges_recuperables


def bilan_gestionnaire(redevances: float, prestations: float, subventions_fonctionnement: float,
                       loyer_immobilier: float, frais_siege: float, personnel: float,
                       provisions_entretien: float, charges_recuperables: float,
                       taux_vacance: float = 0.0) -> float:
    """Résultat annuel du gestionnaire : redevances × (1 − vacance) + prestations + subventions de
    fonctionnement − (loyer immobilier + siège + personnel + provisions + charges récupérables)."""
    _positifs(redevances=redevances, prestations=prestations,
              subventions_fonctionnement=subventions_fonctionnement)
    recettes = redevances * (1 - _vacance(taux_vacance)) + prestations + subventions_fonctionnement
    return recettes - charges_gestionnaire(loyer_immobilier, frais_siege, personnel,
                                           provisions_entretien, charges_recuperables)


def equilibre(resultat_bailleur: float, resultat_gestionnaire: float) -> str:
    """« Équilibrée » si aucun des deux résultats n'est négatif (au centime près), sinon
    « Déséquilibrée : … » en nommant chaque déficit."""
    deficits = []
    for qui, resultat in (("bailleur", resultat_bailleur), ("gestionnaire", resultat_gestionnaire)):
        if resultat < -_CENTIME:
            deficits.append(f"{qui} en déficit de {montant_fr(-resultat)} €")
    if not deficits:
        return "Équilibrée"
    return "Déséquilibrée : " + " ; ".join(deficits)


def loyer_equilibre_bailleur(annuites: float, tfpb: float, pgr: float, frais_gestion: float,
                             assurance: float) -> float:
    """Loyer immobilier qui couvre exactement les charges du bailleur (résultat nul)."""
    return charges_bailleur(annuites, tfpb, pgr, frais_gestion, assurance)


def redevance_equilibre_gestionnaire(prestations: float, subventions_fonctionnement: float,
                                     loyer_immobilier: float, frais_siege: float, personnel: float,
                                     provisions_entretien: float, charges_recuperables: float,
                                     taux_vacance: float = 0.0) -> float:
    """Redevances annuelles brutes (avant vacance) qui annulent le résultat du gestionnaire :
    (charges − prestations − subventions) / (1 − vacance) ; 0 si les autres recettes suffisent."""
    _positifs(prestations=prestations, subventions_fonctionnement=subventions_fonctionnement)
    a_couvrir = (charges_gestionnaire(loyer_immobilier, frais_siege, personnel, provisions_entretien,
                                      charges_recuperables)
                 - prestations - subventions_fonctionnement)
    return max(0.0, a_couvrir / (1 - _vacance(taux_vacance)))


def subvention_complementaire_equilibre(deficit_annuel: float, taux: float, duree: int,
                                        progressivite: float = 0.0) -> float:
    """Subvention qui, en réduisant d'autant l'emprunt (taux, durée), réduit l'annuité du déficit
    annuel : le capital dont l'annuité égale le déficit. 0 s'il n'y a pas de déficit (≤ 0)."""
    if deficit_annuel <= 0:
        capital_finance(0.0, taux, duree, progressivite)  # vérifie tout de même taux et durée
        return 0.0
    return capital_finance(deficit_annuel, taux, duree, progressivite)


@dataclass(frozen=True)
class AnneeProjetee:
    annee: int
    resultat_bailleur: float
    resultat_gestionnaire: float


def projection(loyer_immobilier: float, annuites: float, autres_charges_bailleur: float,
               recettes_gestionnaire: float, charges_gestionnaire_hors_loyer: float,
               indexation_recettes: float, indexation_charges: float, duree: int = 40, *,
               progressivite: float = 0.0, duree_pret: int | None = None, tfpb: float = 0.0,
               exoneration_tfpb: int = 0) -> list[AnneeProjetee]:
    """Résultats annuels du bailleur et du gestionnaire sur ``duree`` années (au moins 40).

    Montants de l'année 1, puis pour l'année k : recettes (loyer immobilier, recettes du
    gestionnaire) × (1 + indexation_recettes)^(k−1) ; charges hors annuités × (1 +
    indexation_charges)^(k−1) ; annuités × (1 + progressivite)^(k−1) jusqu'à ``duree_pret``
    (défaut : toute la projection), nulles ensuite ; TFPB (montant de l'année 1 si elle était
    due, indexé comme les charges) nulle pendant les ``exoneration_tfpb`` premières années. Le
    loyer immobilier est une recette du bailleur et une charge du gestionnaire."""
    _positifs(loyer_immobilier=loyer_immobilier, annuites=annuites,
              autres_charges_bailleur=autres_charges_bailleur,
              recettes_gestionnaire=recettes_gestionnaire,
              charges_gestionnaire=charges_gestionnaire_hors_loyer, tfpb=tfpb)
    if int(duree) != duree or duree < 40:
        raise ErreurSaisie("duree", f"la projection porte sur au moins 40 ans (reçu {duree})")
    for champ, taux in (("indexation_recettes", indexation_recettes),
                        ("indexation_charges", indexation_charges), ("progressivite", progressivite)):
        if taux <= -1:
            raise ErreurSaisie(champ, f"doit être supérieur à -1 (reçu {taux})")
    if duree_pret is None:
        duree_pret = int(duree)
    if int(duree_pret) != duree_pret or duree_pret < 1:
        raise ErreurSaisie("duree_pret", f"doit être un nombre entier d'années au moins égal à 1 (reçu {duree_pret})")
    if int(exoneration_tfpb) != exoneration_tfpb or exoneration_tfpb < 0:
        raise ErreurSaisie("exoneration_tfpb", f"doit être un nombre entier d'années positif ou nul (reçu {exoneration_tfpb})")
    lignes = []
    for k in range(1, int(duree) + 1):
        fr = (1 + indexation_recettes) ** (k - 1)
        fc = (1 + indexation_charges) ** (k - 1)
        annuite_k = annuites * (1 + progressivite) ** (k - 1) if k <= duree_pret else 0.0
        tfpb_k = tfpb * fc if k > exoneration_tfpb else 0.0
        loyer_k = loyer_immobilier * fr
        rb = loyer_k - annuite_k - autres_charges_bailleur * fc - tfpb_k
        rg = recettes_gestionnaire * fr - loyer_k - charges_gestionnaire_hors_loyer * fc
        lignes.append(AnneeProjetee(k, rb, rg))
    return lignes


def premiere_annee_negative(lignes: list[AnneeProjetee], bilan: str = "les deux") -> int | None:
    """Première année où le résultat (du bailleur, du gestionnaire ou de l'un des deux) devient
    négatif au-delà du centime ; None si aucune."""
    if bilan not in ("bailleur", "gestionnaire", "les deux"):
        raise ErreurSaisie("bilan", f"« {bilan} » inconnu (valeurs admises : bailleur, gestionnaire, les deux)")
    for ligne in lignes:
        valeurs = {"bailleur": (ligne.resultat_bailleur,),
                   "gestionnaire": (ligne.resultat_gestionnaire,),
                   "les deux": (ligne.resultat_bailleur, ligne.resultat_gestionnaire)}[bilan]
        if any(x < -_CENTIME for x in valeurs):
            return ligne.annee
    return None


__all__ = ["bilan_bailleur", "bilan_gestionnaire", "equilibre", "loyer_equilibre_bailleur",
           "redevance_equilibre_gestionnaire", "subvention_complementaire_equilibre", "projection",
           "premiere_annee_negative", "AnneeProjetee", "charges_bailleur", "charges_gestionnaire"]
