"""Arrondis à la manière d'Excel, en un seul endroit (règles, moteur sans Excel, tests).

Python arrondit « au pair » (``round(2.5) == 2``) et sur des flottants binaires
(``round(1.005, 2) == 1.0``) ; Excel arrondit « au plus loin de zéro » sur 15 chiffres
significatifs (ARRONDI(1,005;2) = 1,01). Les montants d'une décision doivent être ceux d'Excel.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal


def _decimal(x: float) -> Decimal:
    # 15 chiffres significatifs, comme l'affichage et les calculs d'Excel
    return Decimal(repr(float(f"{float(x):.15g}")))


def arrondi_excel(x: float, decimales: int = 0) -> float:
    """ARRONDI(x ; d) d'Excel : demi au plus loin de zéro ; ``decimales`` peut être négatif."""
    pas = Decimal(1).scaleb(-int(decimales))
    return float(_decimal(x).quantize(pas, rounding=ROUND_HALF_UP))


def arrondi_superieur(x: float, decimales: int) -> float:
    """Arrondi « par valeur supérieure » (vers +∞) à ``decimales`` décimales, sur 12 chiffres
    significatifs d'abord : 0,075000000000001 (bruit du calcul flottant) donne 0,0750, pas 0,0751."""
    pas = Decimal(1).scaleb(-int(decimales))
    propre = Decimal(repr(float(f"{float(x):.12g}")))
    return float(propre.quantize(pas, rounding=ROUND_CEILING))


def euros(x: float) -> float:
    """Un montant en euros arrondi au centime (demi au plus loin de zéro)."""
    return arrondi_excel(x, 2)
