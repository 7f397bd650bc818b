"""Majoration pour qualité (MQ) des logements-foyers : arrêté du 17 octobre 2011, chapitre IV.

MQ = coefficient SLC (art. 11 II) + qualité environnementale (art. 11 III) + accessibilité
(art. 11 IV) + taille de l'opération et ascenseur (art. 12), borné par l'art. 13 :
« ne peut pas être inférieure à 0 et, dans le cas spécifique des résidences sociales, ne peut pas
être supérieure à 0,18 ».

Trois comptes de logements, que les textes distinguent :
- ``nl`` : « le nombre total de logements ou de chambres de l'opération » du coefficient de
  structure (arrêté du 5 mai 1995, art. 2 bis), qui entre dans le terme SLC par le CS ;
- ``nl_acces`` : le NL du terme SLC (art. 11 II), « logements et chambres […] qui bénéficient d'un
  accès direct et individualisé aux circulations collectives. Un groupe de chambres qui bénéficie
  d'un seul accès commun aux circulations collectives compte pour un seul logement » ;
- ``nl_decision`` : le NLp du terme de taille (art. 12 II), « le nombre total de logements et de
  chambres faisant l'objet de la décision d'octroi de subvention ».
Les deux derniers valent ``nl`` quand ils ne sont pas fournis (l'ancien calcul à NL unique).

La formule des petits logements (art. 11 II, « résidences sociales composées de logements dont la
surface utile moyenne est inférieure à 20 mètres carrés ») est une phrase du même paragraphe II :
la surface moyenne y est SU / ``nl_acces``, un groupe de chambres à accès commun comptant pour un
logement, comme dans la définition de NL qui la précède (lecture du texte, documentée ici).

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
from udfs.regles import nature_operation
from udfs.regles.structure import cs_foyer
from udfs.valeurs import normaliser

# Labels de l'art. 11 III, qui renvoie à l'art. 2 I (construction) et à l'art. 6 II
# (acquisition-amélioration) : mot saisi → (clé du fichier de paramètres, famille).
CONSTRUCTION, REHABILITATION = "construction", "réhabilitation"
LABELS = {
    "bbc": ("bbc", CONSTRUCTION),
    "qualitel": ("qualitel", CONSTRUCTION),
    "hpe renovation": ("hpe_renovation", REHABILITATION),
    "bbc renovation": ("bbc_renovation", REHABILITATION),
}
_NOMS_LABELS = {"bbc": "BBC", "qualitel": "Qualitel", "hpe_renovation": "HPE rénovation",
                "bbc_renovation": "BBC rénovation"}
# famille → (ce qu'elle est, labels admis, article)
_FAMILLE = {
    CONSTRUCTION: ("un label de construction neuve", "BBC, Qualitel", "arrêté du 17/10/2011, art. 2 I"),
    REHABILITATION: ("un label de réhabilitation", "HPE rénovation ou BBC rénovation",
                     "arrêté du 17/10/2011, art. 6 II"),
}

# Le terme SLC négatif : deux lectures (voir ``terme_slc``).
DEDUIT = "déduit"
NUL = "nul"


@dataclass(frozen=True)
class DetailMQ:
    """Les termes de MQ, tels que les montre l'écran « critères de qualité » de Galion."""

    slc: float        # terme SLC retenu (après le choix ``terme_slc_negatif``)
    slc_formule: float  # terme SLC donné par la formule, arrondi, avant ce choix
    formule_petits_logements: bool
    taille: float
    label: float
    ascenseur: float
    accessibilite: float
    somme: float      # avant bornes
    total: float      # après bornes (art. 13)


def _compte(n: int | None, nl: int, champ: str, regle: str) -> int:
    """Un compte de logements facultatif (défaut : ``nl``), entre 1 et ``nl``."""
    if n is None:
        return nl
    if n <= 0:
        raise ErreurSaisie(champ, f"doit être strictement positif (reçu {n})")
    if n > nl:
        raise ErreurSaisie(champ, f"{n} dépasse NL = {nl}, le nombre de logements ou de chambres de "
                                  f"l'opération (arrêté du 5 mai 1995, art. 2 bis) ; {regle}")
    return n


def terme_slc(nl: int, su: float, slc: float, date: dt.date, residence_sociale: bool = True,
              nl_acces: int | None = None, negatif: str = DEDUIT) -> tuple[float, float, bool]:
    """Art. 11 II : 0,77 × [SLC − (NL × 18 m²)] / (CS × SU), ou, pour une résidence sociale de
    SU moyenne inférieure à 20 m², [SLC − (1,5 × SU) + (NL × 12 m²)] / (2,9 × SU) ; « arrondie à la
    quatrième décimale par valeur supérieure ». NL y est ``nl_acces`` (un groupe de chambres à
    accès commun compte pour un) ; le CS est celui de l'opération, calculé avec ``nl``.

    Le terme négatif (SLC inférieure au forfait de 18 m² par logement) : deux lectures.

    - ``negatif="déduit"`` (défaut), le texte littéral : l'art. 11 II donne une formule sans
      plancher et l'arrondit « par valeur supérieure », c'est-à-dire vers +∞ ; seul le total MQ
      est borné à 0 (art. 13). Exemple (hors résidence sociale) : NL 40, SU 760, SLC 700,
      CS = 2,31 → 0,77 × (700 − 720) / (2,31 × 760) = −0,00877… → −0,0087, déduit du terme de
      taille 0,018 : MQ = 0,0093.
    - ``negatif="nul"``, la lecture du support de formation DHUP (« MQ spécifique aux foyers
      (SLC > (18 m² × nbre logt) … », shared/reference/004) : le terme ne s'applique que positif,
      sinon il vaut 0. Même exemple : terme 0, MQ = 0,018.
    Le choix vaut pour les deux formules (générale et petits logements).

    Renvoie (terme retenu, terme de la formule, formule des petits logements appliquée)."""
    if negatif not in (DEDUIT, NUL):
        raise ErreurSaisie("terme_slc_negatif", f"« {negatif} » inconnu ({DEDUIT} ou {NUL})")
    if slc < 0:
        raise ErreurSaisie("slc", f"la surface des locaux collectifs ne peut être négative ({slc} m²)")
    n = _compte(nl_acces, nl, "nl_acces", "un groupe de chambres à accès commun compte pour un seul "
                                          "logement (arrêté du 17/10/2011, art. 11 II)")
    p = valeur("mq_foyer", date)
    petits = p["petits_logements"]
    if residence_sociale and su / n < petits["seuil_su_moyenne"]:
        brut = (slc - petits["coefficient_su"] * su + n * petits["forfait_par_logement"]) / (petits["diviseur"] * su)
        formule, particuliere = arrondi_superieur(brut, 4), True
    else:
        s = p["slc"]
        brut = s["coefficient"] * (slc - n * s["forfait_par_logement"]) / (cs_foyer(nl, su, date) * su)
        formule, particuliere = arrondi_superieur(brut, 4), False
    retenu = max(formule, 0.0) if negatif == NUL else formule
    return retenu, formule, particuliere


def terme_taille(nlp: int, date: dt.date) -> float:
    """Art. 12 II : 0,03 − NLp × 0,0003, NLp « le nombre total de logements et de chambres faisant
    l'objet de la décision d'octroi de subvention, pris en compte dans la limite de 100 », exprimé
    avec quatre décimales."""
    t = valeur("mq_foyer", date)["taille"]
    return arrondi_excel(t["base"] - min(nlp, t["plafond_nl"]) * t["pas"], 4)


def _nature_requise(quoi: str, article: str) -> ErreurSaisie:
    return ErreurSaisie("nature", f"à préciser (neuf, VEFA ou acquisition-amélioration) : {quoi} dépend "
                                  f"de la nature de l'opération (arrêté du 17/10/2011, {article})")


def terme_label(label: str | None, date: dt.date, nature: str | None = None) -> float:
    """Art. 11 III, par renvoi à l'art. 2 I pour les constructions (BBC 0,10 ; Qualitel 0,08 ;
    « peut se cumuler ») et à l'art. 6 II pour l'acquisition-amélioration (HPE rénovation 2009
    0,10 ; BBC rénovation 2009 0,20, « selon le niveau de label obtenu » : un seul). Plusieurs
    labels : « BBC + Qualitel ». Un label de l'autre nature est refusé en nommant l'article ;
    sans nature, un label est refusé (sa valeur en dépend)."""
    if label is None or normaliser(label) in ("", "aucun", "sans", "non"):
        return 0.0
    valeurs = valeur("mq_foyer", date)["label"]
    cles: list[tuple[str, str]] = []
    for morceau in str(label).replace(",", "+").replace(";", "+").split("+"):
        trouve = LABELS.get(normaliser(morceau).replace(" 2009", ""))
        if trouve is None:
            raise ErreurSaisie("label", f"label « {morceau.strip()} » inconnu (admis : BBC, Qualitel, "
                                        "HPE rénovation, BBC rénovation, aucun ; cumul avec « + »)")
        if trouve in cles:
            raise ErreurSaisie("label", f"« {_NOMS_LABELS[trouve[0]]} » saisi deux fois")
        cles.append(trouve)
    if sum(1 for _, famille in cles if famille == REHABILITATION) > 1:
        raise ErreurSaisie("label", "un seul niveau de label rénovation : HPE rénovation (0,10) ou BBC "
                                    "rénovation (0,20) (arrêté du 17/10/2011, art. 6 II)")
    if nature is None:
        raise _nature_requise("le label", "art. 11 III")
    attendue = REHABILITATION if nature_operation.existant(nature) else CONSTRUCTION
    for cle, famille in cles:
        if famille != attendue:
            quoi, _, article = _FAMILLE[famille]
            _, admis, article_admis = _FAMILLE[attendue]
            raise ErreurSaisie("label", f"« {_NOMS_LABELS[cle]} » est {quoi} ({article}) : il ne s'applique "
                                        f"pas à {nature_operation.libelle(nature)} (admis : {admis}, "
                                        f"{article_admis})")
    return arrondi_excel(sum(valeurs[cle] for cle, _ in cles), 4)


def terme_ascenseur(type_ascenseur: int, date: dt.date) -> float:
    """Art. 12 III renvoyant à l'art. 3 III : ascenseur non obligatoire desservant tous les niveaux,
    type 1 : 0,04 ; type 2 : 0,05 ; type 3 : 0,06 (0 : pas d'ascenseur ouvrant droit)."""
    if type_ascenseur == 0:
        return 0.0
    valeurs = valeur("mq_foyer", date)["ascenseur"]
    cle = f"type_{type_ascenseur}"
    if cle not in valeurs:
        raise ErreurSaisie("ascenseur", f"type {type_ascenseur} inconnu (0, 1, 2 ou 3)")
    return valeurs[cle]


def terme_accessibilite(part_travaux: float, date: dt.date, nature: str | None = None) -> float:
    """Art. 11 IV : « accordé, pour les logements existants […] égal au pourcentage des travaux
    réalisés à cet effet, pris en compte dans la limite de 0,04 » (``part_travaux`` en fraction :
    0,03 pour 3 %) : en acquisition-amélioration seulement."""
    if not 0 <= part_travaux <= 1:
        raise ErreurSaisie("part_accessibilite", f"fraction entre 0 et 1 attendue (reçu {part_travaux})")
    if part_travaux == 0:
        return 0.0
    if nature is None:
        raise _nature_requise("le coefficient pour accessibilité", "art. 11 IV")
    if not nature_operation.existant(nature):
        raise ErreurSaisie("part_accessibilite", f"le coefficient pour accessibilité ne vaut que pour les "
                                                 f"logements existants (acquisition-amélioration, arrêté du "
                                                 f"17/10/2011, art. 11 IV) : 0 ou vide pour "
                                                 f"{nature_operation.libelle(nature)}")
    return min(part_travaux, valeur("mq_foyer", date)["accessibilite_plafond"])


def mq_foyer(nl: int, su: float, slc: float, date: dt.date, *, label: str | None = None,
             ascenseur: int = 0, part_accessibilite: float = 0.0, residence_sociale: bool = True,
             nl_acces: int | None = None, nl_decision: int | None = None,
             terme_slc_negatif: str = DEDUIT, nature: str | None = None) -> DetailMQ:
    """MQ d'un logement-foyer (arrêté du 17 octobre 2011, chapitre IV, art. 11 à 13) : somme des
    termes, au moins 0, au plus 0,18 pour une résidence sociale. ``nature`` : « neuf », « VEFA »
    ou « acquisition-amélioration » (``udfs.regles.nature_operation``) ; requise dès qu'un label ou
    une part d'accessibilité est saisi."""
    if nl <= 0:
        raise ErreurSaisie("nl", f"le nombre de logements doit être strictement positif (reçu {nl})")
    if su <= 0:
        raise ErreurSaisie("su", f"la surface utile doit être strictement positive (reçu {su})")
    p = valeur("mq_foyer", date)
    nlp = _compte(nl_decision, nl, "nl_decision", "NLp ne compte que les logements et chambres de la "
                                                  "décision (arrêté du 17/10/2011, art. 12 II)")
    t_slc, t_formule, petits = terme_slc(nl, su, slc, date, residence_sociale, nl_acces, terme_slc_negatif)
    termes = dict(slc=t_slc, taille=terme_taille(nlp, date), label=terme_label(label, date, nature),
                  ascenseur=terme_ascenseur(ascenseur, date),
                  accessibilite=terme_accessibilite(part_accessibilite, date, nature))
    somme = arrondi_excel(sum(termes.values()), 4)   # termes à 4 décimales : on efface le bruit flottant
    total = max(somme, p["mq_minimum"])
    if residence_sociale:
        total = min(total, p["mq_maximum_residence_sociale"])
    return DetailMQ(slc_formule=t_formule, formule_petits_logements=petits, somme=somme, total=total, **termes)
