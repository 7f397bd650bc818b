"""Subvention de l'État pour un PLAI : deux régimes selon la date de la décision.

- Jusqu'au 27 septembre 2022 : subvention = assiette × taux (arrêté du 5 mai 1995, art. 1 ; CCH
  R. 331-15, 2°). Le taux est celui de la décision, saisi. Le maximum lu dans la rédaction de 1995
  (« au plus à 20 p. 100 […] par dérogation […] 25 p. 100 au plus ») n'est pas vérifié pour les
  rédactions suivantes (statut U) : il n'est appliqué comme contrôle que sur une période vérifiée.
- À partir du 28 septembre 2022 (décret n° 2022-1256 du 26 septembre 2022, CCH R. 331-15) : un
  montant par logement « au plus égal à 20 000 € », « 60 000 € par logement pour les opérations
  mentionnées au II de l'article D. 331-1 et adaptées aux besoins des ménages rencontrant des
  difficultés d'insertion particulières », plus une dérogation régionale d'au plus 5 000 € ou
  20 000 € par logement.

Le plafond de 60 000 € : deux lectures circulent. Le décret (cité par la Gazette des communes) pose
deux conditions, une opération du II de l'art. D. 331-1 (PLAI) *et* adaptée aux besoins des ménages
rencontrant des difficultés d'insertion particulières ; une source secondaire (Cheuvreux) écrit
« 60 000 € par logement PLAI », sans la seconde condition. On suit le texte du décret : le plafond
de 60 000 € est choisi par ``adaptee_difficultes_insertion``, que l'instructeur coche au vu du
dossier. Ce n'est pas le programme « PLAI adapté » de l'art. D. 331-25-1 (subvention
complémentaire), qui est une autre notion.

La bascule n'est pas une date écrite dans le code : le régime forfaitaire commence à la première
date du paramètre ``plafond_subvention_par_logement`` ; le régime de l'assiette, à la première date
du paramètre ``taux_subvention_plai``.
"""

from __future__ import annotations

import datetime as dt

from udfs.arrondi import euros
from udfs.erreurs import ErreurSaisie
from udfs.parametres import parametre, valeur, valeur_si_verifiee
from udfs.nombres import nombre_fr

ASSIETTE = "assiette × taux"
FORFAIT = "forfait par logement"


CONDITION_60000 = ("opération mentionnée au II de l'art. D. 331-1 et adaptée aux besoins des ménages "
                   "rencontrant des difficultés d'insertion particulières")


def regime(date_decision: dt.date) -> str:
    """Le régime applicable à une décision prise à ``date_decision``."""
    if date_decision >= parametre("plafond_subvention_par_logement").valeurs[0].debut:
        return FORFAIT
    # avant la première date du régime de l'assiette : le message du paramètre (« aucune valeur
    # sourcée avant le 05/05/1995 ») ; son statut (U) ne compte pas pour choisir le régime
    if parametre("taux_subvention_plai").periode(date_decision) is None:
        valeur("taux_subvention_plai", date_decision)
    return ASSIETTE


def subvention_assiette(assiette: float, taux: float, date_decision: dt.date) -> float:
    """Assiette × taux (arrêté du 5 mai 1995, art. 1). Le taux de la décision est contrôlé contre
    le maximum avec dérogation de R. 331-15 quand ce maximum est vérifié pour la date, sinon
    seulement dans ]0 ; 100 %]."""
    if assiette <= 0:
        raise ErreurSaisie("assiette", f"doit être strictement positive pour une décision du "
                                       f"{date_decision:%d/%m/%Y} (régime {ASSIETTE})")
    maximum = valeur_si_verifiee("taux_subvention_plai", date_decision, "maximum_derogation")
    borne, pourquoi = ((1, "taux en fraction : 0,20 pour 20 %") if maximum is None
                       else (maximum, "maximum réglementaire avec dérogation, R. 331-15"))
    if not 0 < taux <= borne:
        raise ErreurSaisie("taux", f"{nombre_fr(taux * 100)} % hors de ]0 % ; {nombre_fr(borne * 100)} %] ({pourquoi})")
    return euros(assiette * taux)


def plafond_par_logement(date_decision: dt.date, adaptee_difficultes_insertion: bool,
                         derogation_par_logement: float = 0.0) -> float:
    """20 000 € par logement, ou 60 000 € pour une « opération mentionnée au II de l'article D. 331-1
    et adaptée aux besoins des ménages rencontrant des difficultés d'insertion particulières »
    (R. 331-15 depuis le 28/09/2022), plus la dérogation régionale, elle-même plafonnée à 5 000 € ou
    20 000 €."""
    cle = "derogation_adaptee_difficultes_insertion" if adaptee_difficultes_insertion else "derogation_general"
    derogation_max = valeur("plafond_subvention_par_logement", date_decision, cle)
    if not 0 <= derogation_par_logement <= derogation_max:
        raise ErreurSaisie("derogation_par_logement",
                           f"{nombre_fr(derogation_par_logement)} € hors de [0 ; {nombre_fr(derogation_max)} €] "
                           f"(dérogation régionale maximale, R. 331-15)")
    return valeur("plafond_subvention_par_logement", date_decision,
                  "adaptee_difficultes_insertion" if adaptee_difficultes_insertion else "general") + derogation_par_logement


def subvention_forfait(nl: int, forfait_par_logement: float, date_decision: dt.date,
                       adaptee_difficultes_insertion: bool = False, derogation_par_logement: float = 0.0) -> float:
    """NL × montant par logement, plafonné par logement (R. 331-15 issu du décret 2022-1256)."""
    if nl <= 0:
        raise ErreurSaisie("nl", f"nombre de logements strictement positif requis (reçu {nl})")
    if forfait_par_logement <= 0:
        raise ErreurSaisie("forfait_par_logement", "montant par logement strictement positif requis "
                                                   f"pour une décision du {date_decision:%d/%m/%Y}")
    plafond = plafond_par_logement(date_decision, adaptee_difficultes_insertion, derogation_par_logement)
    if forfait_par_logement > plafond:
        raise ErreurSaisie("forfait_par_logement",
                           f"{nombre_fr(forfait_par_logement)} € par logement dépasse le plafond de "
                           f"{nombre_fr(plafond)} € (R. 331-15"
                           f"{', ' + CONDITION_60000 if adaptee_difficultes_insertion else ''}"
                           f"{', dérogation comprise' if derogation_par_logement else ''})")
    return euros(nl * forfait_par_logement)


def subvention_plai(date_decision: dt.date, *, nl: int | None = None, assiette: float | None = None,
                    taux: float | None = None, forfait_par_logement: float | None = None,
                    adaptee_difficultes_insertion: bool = False, derogation_par_logement: float = 0.0) -> float:
    """La subvention PLAI selon le régime de la date de décision ; les arguments de l'autre régime
    sont ignorés."""
    if regime(date_decision) == ASSIETTE:
        if assiette is None:
            raise ErreurSaisie("assiette", f"requise pour une décision du {date_decision:%d/%m/%Y} "
                                           f"(régime {ASSIETTE})")
        if taux is None:
            raise ErreurSaisie("taux", f"requis pour une décision du {date_decision:%d/%m/%Y} "
                                       f"(régime {ASSIETTE})")
        return subvention_assiette(assiette, taux, date_decision)
    if nl is None:
        raise ErreurSaisie("nl", f"requis pour une décision du {date_decision:%d/%m/%Y} (régime {FORFAIT})")
    if forfait_par_logement is None:
        raise ErreurSaisie("forfait_par_logement", f"requis pour une décision du "
                                                   f"{date_decision:%d/%m/%Y} (régime {FORFAIT})")
    return subvention_forfait(nl, forfait_par_logement, date_decision, adaptee_difficultes_insertion,
                              derogation_par_logement)
