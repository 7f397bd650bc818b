"""Nature de l'opération : construction neuve, VEFA ou acquisition-amélioration.

Elle choisit les labels admis dans la majoration pour qualité (arrêté du 17 octobre 2011, art. 11
III : « dans les conditions précisées au I de l'article 2, s'agissant des opérations de
constructions, et au II de l'article 6 […], s'agissant des opérations d'acquisition-amélioration »),
le coefficient pour accessibilité (art. 11 IV : « pour les logements existants ») et les surfaces
minimales de l'annexe III (« Dans le cas de l'acquisition-amélioration, ces surfaces minimales sont
minorées de 10 % »).

Une VEFA (vente en l'état futur d'achèvement) est l'achat d'un bâtiment neuf : elle suit les règles
de la construction neuve. Les opérations mixtes (parties neuves et parties existantes), pour
lesquelles l'art. 11 III pondère la majoration par le nombre de logements de chaque partie, ne sont
pas calculées ici : on calcule chaque partie séparément.
"""

from __future__ import annotations

NEUF = "neuf"
VEFA = "VEFA"
ACQUISITION_AMELIORATION = "acquisition-amélioration"

# mots admis (casse, accents, tirets ignorés) → nature
MOTS = {"neuf": NEUF, "construction neuve": NEUF, "VEFA": VEFA,
        "acquisition-amélioration": ACQUISITION_AMELIORATION, "AA": ACQUISITION_AMELIORATION}


def existant(nature: str) -> bool:
    """Vrai pour une opération sur des logements existants (acquisition-amélioration)."""
    return nature == ACQUISITION_AMELIORATION


_LIBELLES = {NEUF: "une construction neuve", VEFA: "une VEFA (logements neufs)",
             ACQUISITION_AMELIORATION: "une acquisition-amélioration"}


def libelle(nature: str) -> str:
    """« une construction neuve », « une VEFA (logements neufs) », « une acquisition-amélioration »."""
    return _LIBELLES[nature]
