"""Prêts de la Caisse des dépôts (PLAI, PLUS) : taux, annuités, tableau d'amortissement, plan de
financement.

Taux : indexés sur le Livret A, révisés avec lui au 1er février et au 1er août ; PLAI = Livret A
− 0,20 point, PLUS = Livret A + 0,60 point (pret-locatif.fr 2013 ; businessimmo 2022 ;
reglementation.md § 6). Les prêts sont « amorti[s] sur 40 ans et jusqu'à 50 ans pour la charge
foncière. Les échéances, annuelles, peuvent être progressives entre 0 et 0,5 % ».

Annuités (échéances annuelles, taux t, durée n, capital K) :

- constantes : A = K·t / (1 − (1 + t)^−n) ; à taux nul, A = K / n ;
- progressives au taux p (Aₖ = A₁·(1 + p)^(k−1)) : la valeur actuelle des échéances,
  A₁/(1 + t) · Σ qᵏ⁻¹ = A₁/(1 + t) · (1 − qⁿ)/(1 − q) avec q = (1 + p)/(1 + t), vaut K, d'où
  A₁ = K·(1 + t)·(1 − q)/(1 − qⁿ) = K·(t − p)/(1 − qⁿ) ; quand p = t (q = 1), A₁ = K·(1 + t)/n.

Les montants ne sont pas arrondis (l'arrondi au centime est affaire d'affichage).

>>> round(annuite(1_000_000, 0.013, 40), 2)
32219.38
>>> round(annuite(1_000_000, 0.013, 40, 0.005), 2)
29435.95
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Iterable

from udfs.erreurs import ErreurSaisie
from udfs.nombres import montant_fr
from udfs.parametres import valeur

PRODUITS = ("PLAI", "PLUS")


def taux_pret(produit: str, date: dt.date) -> float:
    """Taux d'un prêt PLAI ou PLUS à ``date`` : taux du Livret A + marge de la Caisse des dépôts."""
    if produit not in PRODUITS:
        raise ErreurSaisie("produit", f"« {produit} » inconnu (valeurs admises : PLAI, PLUS)")
    livret_a = valeur("livret_a", date)
    marge = valeur("marge_pret_cdc", date, produit)
    return round(livret_a + marge, 10)  # 0,015 − 0,002 = 0,013 et non 0,013000000000000001


def _verifier_pret(capital: float, taux: float, duree: int, progressivite: float) -> None:
    if capital < 0:
        raise ErreurSaisie("capital", f"doit être positif ou nul (reçu {capital})")
    if taux <= -1:
        raise ErreurSaisie("taux", f"doit être supérieur à -1 (reçu {taux})")
    if int(duree) != duree or duree < 1:
        raise ErreurSaisie("duree", f"doit être un nombre entier d'années au moins égal à 1 (reçu {duree})")
    if progressivite <= -1:
        raise ErreurSaisie("progressivite", f"doit être supérieure à -1 (reçu {progressivite})")


def annuite(capital: float, taux: float, duree: int, progressivite: float = 0.0) -> float:
    """Première annuité d'un prêt à échéances annuelles (constante si ``progressivite`` = 0)."""
    _verifier_pret(capital, taux, duree, progressivite)
    n = int(duree)
    if taux == progressivite:
        return capital * (1 + taux) / n
    # 1 − qⁿ avec q = 1 + (p − t)/(1 + t), calculé sans perte de précision quand t ≈ p ≈ 0
    un_moins_qn = -math.expm1(n * math.log1p((progressivite - taux) / (1 + taux)))
    return capital * ((taux - progressivite) / un_moins_qn)


@dataclass(frozen=True)
class Echeance:
    annee: int
    annuite: float
    interets: float
    amortissement: float
    capital_restant_du: float


def tableau_amortissement(capital: float, taux: float, duree: int,
                          progressivite: float = 0.0) -> list[Echeance]:
    """Échéancier annuel : annuité, intérêts (capital restant dû × taux), amortissement, capital
    restant dû après l'échéance. La dernière échéance solde exactement le capital."""
    premiere = annuite(capital, taux, duree, progressivite)
    n = int(duree)
    restant = capital
    lignes = []
    for k in range(1, n + 1):
        interets = restant * taux
        montant = premiere * (1 + progressivite) ** (k - 1)
        if k == n:  # les écarts d'arrondi flottant (≈ 1e-9 €) sont absorbés par la dernière échéance
            amortissement = restant
            montant = interets + amortissement
        else:
            amortissement = montant - interets
        restant -= amortissement
        lignes.append(Echeance(k, montant, interets, amortissement, 0.0 if k == n else restant))
    return lignes


@dataclass(frozen=True)
class PlanFinancement:
    prix_revient: float
    fonds_propres: float
    subventions: float
    prets: float
    ecart: float                     # ressources − prix de revient (positif : excédent)

    @property
    def ressources(self) -> float:
        return self.fonds_propres + self.subventions + self.prets

    @property
    def parts(self) -> dict[str, float]:
        """Part de chaque ressource dans le prix de revient (fractions)."""
        return {"fonds_propres": self.fonds_propres / self.prix_revient,
                "subventions": self.subventions / self.prix_revient,
                "prets": self.prets / self.prix_revient}


def _somme(montants: float | Iterable[float], champ: str) -> float:
    valeurs = [montants] if isinstance(montants, (int, float)) else list(montants)
    for x in valeurs:
        if x < 0:
            raise ErreurSaisie(champ, f"montant négatif ({montant_fr(x)} €)")
    return float(sum(valeurs))


def ecart_plan_financement(prix_revient: float, fonds_propres: float | Iterable[float],
                           subventions: float | Iterable[float],
                           prets: float | Iterable[float]) -> PlanFinancement:
    """Ressources (fonds propres + subventions + prêts) comparées au prix de revient, sans juger."""
    if prix_revient <= 0:
        raise ErreurSaisie("prix_revient", f"doit être strictement positif (reçu {montant_fr(prix_revient)} €)")
    fp = _somme(fonds_propres, "fonds_propres")
    sub = _somme(subventions, "subventions")
    pr = _somme(prets, "prets")
    return PlanFinancement(prix_revient, fp, sub, pr, fp + sub + pr - prix_revient)


def plan_financement(prix_revient: float, fonds_propres: float | Iterable[float],
                     subventions: float | Iterable[float], prets: float | Iterable[float],
                     tolerance: float = 0.01) -> dict[str, float]:
    """Parts des ressources dans le prix de revient ; erreur « écart de X € » si le plan n'est pas
    équilibré à ``tolerance`` près (ressources ≠ prix de revient)."""
    plan = ecart_plan_financement(prix_revient, fonds_propres, subventions, prets)
    if abs(plan.ecart) > tolerance:
        sens = "excédent" if plan.ecart > 0 else "manque"
        raise ErreurSaisie(
            "plan_financement",
            f"plan non équilibré : écart de {montant_fr(plan.ecart)} € ({sens} ; ressources "
            f"{montant_fr(plan.ressources)} € pour un prix de revient de {montant_fr(prix_revient)} €)")
    return plan.parts


def capital_finance(annuite_annuelle: float, taux: float, duree: int, progressivite: float = 0.0) -> float:
    """Capital qu'une première annuité ``annuite_annuelle`` rembourse (inverse d'``annuite``)."""
    _verifier_pret(0.0, taux, duree, progressivite)
    unitaire = annuite(1.0, taux, duree, progressivite)
    return annuite_annuelle / unitaire


__all__ = ["PRODUITS", "taux_pret", "annuite", "Echeance", "tableau_amortissement",
           "PlanFinancement", "ecart_plan_financement", "plan_financement", "capital_finance",
           "montant_fr"]

