"""Fonctions Excel du calcul de la subvention : surfaces, CS, MQ, assiette, subvention PLAI.

Chaque fonction ne fait qu'adapter les cellules (``udfs.valeurs``) et appeler la règle de
``udfs.regles`` ; aucune règle n'est écrite ici.
"""


from udfs import valeurs as v
from udfs.fonctions import plages
from udfs.registre import AIDE_DATE_REFERENCE, fonction
from udfs.regles import assiette as _assiette
from udfs.regles import majorations, nature_operation, structure, surfaces
from udfs.regles import subvention as _subvention

__all__ = ["SU_FOYER", "SLC_FOYER", "NATURE_SURFACE", "CS_FOYER", "CS_LOGEMENT", "MQ_FOYER",
           "ASSIETTE_SUBVENTION", "VALEUR_BASE", "COUT_GARAGE", "SUBVENTION_PLAI", "REGIME_SUBVENTION",
           "PLAFOND_SUBVENTION"]

_AIDE_SURFACES = "Plage des surfaces des locaux, en m² (une ligne ou une colonne)."
_AIDE_CATEGORIES = ("Plage des catégories, même taille : logement, annexe, privatif, collectif, "
                    "circulation, technique, administratif, entretien, garage, exclu.")
_AIDE_NOMBRES = "Plage facultative du nombre de locaux identiques par ligne, même taille (vide : 1)."


def _locaux(surfaces_, categories, nombres):
    locaux = []
    for i, ligne in plages.lignes({"surfaces": surfaces_, "categories": categories, "nombres": nombres},
                                  facultatives=("nombres",)):
        with plages.a_la_ligne(i):
            if v.est_vide(ligne["categories"]):
                raise v.ErreurSaisie("categories", "catégorie manquante")
            locaux.append(surfaces.Local(v.nombre(ligne["surfaces"], "surfaces", minimum=0),
                                         v.texte(ligne["categories"], "categories"),
                                         v.entier(ligne["nombres"], "nombres", defaut=1, minimum=0), i))
    return locaux


@fonction(arguments={"surfaces": _AIDE_SURFACES, "categories": _AIDE_CATEGORIES,
                           "nombres": _AIDE_NOMBRES},
                plages=("surfaces", "categories", "nombres"))
def SU_FOYER(surfaces, categories, nombres=None):
    """Surface utile d'un logement-foyer en m² : logements + locaux privatifs + moitié des annexes (R. 331-10 ; arrêté du 17/10/2011, art. 11 II)."""
    return _su_slc(surfaces, categories, nombres)[0]


@fonction(arguments={"surfaces": _AIDE_SURFACES, "categories": _AIDE_CATEGORIES,
                           "nombres": _AIDE_NOMBRES},
                plages=("surfaces", "categories", "nombres"))
def SLC_FOYER(surfaces, categories, nombres=None):
    """Surface des locaux collectifs en m² : locaux utilisables par au moins la moitié des résidents et circulations horizontales (arrêté du 17/10/2011, art. 11 II)."""
    return _su_slc(surfaces, categories, nombres)[1]


def _su_slc(surfaces_, categories, nombres):
    return surfaces.su_slc(_locaux(surfaces_, categories, nombres))


@fonction(arguments={"categorie": _AIDE_CATEGORIES.replace("Plage des catégories, même taille",
                                                                  "Catégorie du local")})
def NATURE_SURFACE(categorie):
    """Comment compte un local : « SU », « SU 50 % » (annexe), « SLC » ou « Exclue » (arrêté du 17/10/2011, art. 11 II ; exercice 2 de la formation)."""
    return surfaces.categorie(v.texte(categorie, "categorie")).nature


_AIDE_NL_CS = ("Nombre total de logements ou de chambres de l'opération (NL, arrêté du 5 mai 1995, art. 2 bis) : "
               "chaque chambre compte, même dans un groupe à accès commun.")
_NATURES_OPERATION = nature_operation.MOTS


@fonction(arguments={
    "nl": _AIDE_NL_CS,
    "su": "Surface utile de l'ensemble des logements et chambres, en m² (SU).",
    "date_reference": AIDE_DATE_REFERENCE,
})
def CS_FOYER(nl, su, date_reference=None):
    """Coefficient de structure d'un logement-foyer : 0,77 × (1 + NL × 38 / SU), non arrondi (arrêté du 5 mai 1995, art. 2 bis)."""
    return structure.cs_foyer(v.entier(nl, "nl", strictement_positif=True),
                              v.nombre(su, "su", strictement_positif=True),
                              v.date_reference(date_reference))


@fonction(arguments={
    "nl": "Nombre de logements de l'opération (N).",
    "su": "Surface utile de l'ensemble des logements, en m² (SU).",
    "date_reference": AIDE_DATE_REFERENCE,
    "constante": ("Constante de la formule (0,77 selon le support de formation ; la copie lue de l'art. 2 "
                  "écrit 0,777) : à saisir, la valeur livrée n'étant pas vérifiée."),
})
def CS_LOGEMENT(nl, su, date_reference=None, constante=None):
    """Coefficient de structure de logements ordinaires : constante × (1 + N × 20 / SU), non arrondi (arrêté du 5 mai 1995, art. 2)."""
    return structure.cs_logement(v.entier(nl, "nl", strictement_positif=True),
                                 v.nombre(su, "su", strictement_positif=True),
                                 v.date_reference(date_reference),
                                 v.nombre(constante, "constante", defaut=None))


# « texte » et « support » nomment les deux lectures par leur source (README, docstring de terme_slc)
_NEGATIF = {"déduit": majorations.DEDUIT, "texte": majorations.DEDUIT,
            "nul": majorations.NUL, "support": majorations.NUL}


@fonction(arguments={
    "nl": _AIDE_NL_CS + " Entre dans le CS du terme SLC.",
    "su": "Surface utile des logements et chambres, en m² (SU).",
    "slc": "Surface des locaux collectifs, en m² (SLC).",
    "label": "Label : vide ou aucun ; neuf ou VEFA : BBC, Qualitel (cumul BBC + Qualitel) ; acquisition-amélioration : HPE rénovation ou BBC rénovation.",
    "ascenseur": "Ascenseur non obligatoire desservant tous les niveaux : type 1, 2 ou 3 ; vide ou 0 : aucun.",
    "part_accessibilite": "Acquisition-amélioration seulement : part des travaux pour l'accessibilité (0,03 pour 3 %), retenue dans la limite de 0,04 ; vide : 0.",
    "residence_sociale": "VRAI (défaut) pour une résidence sociale : MQ plafonnée à 0,18 et formule des petits logements ; FAUX sinon.",
    "date_reference": AIDE_DATE_REFERENCE,
    "nl_acces": "NL du terme SLC (art. 11 II) : logements et chambres à accès individualisé aux circulations ; un groupe de chambres à accès commun compte pour un. Vide : nl.",
    "nl_decision": "NLp du terme de taille (art. 12 II) : logements et chambres faisant l'objet de la décision de subvention. Vide : nl.",
    "terme_slc_negatif": "Terme SLC négatif : déduit (défaut, texte de l'art. 11 II, arrondi vers le haut) ou nul (lecture du support de formation : terme appliqué seulement si SLC > 18 m² × NL). « texte » et « support » admis.",
    "nature": "neuf, VEFA ou acquisition-amélioration : requise avec un label ou une part d'accessibilité (art. 11 III et IV) ; vide sinon admis.",
})
def MQ_FOYER(nl, su, slc, label=None, ascenseur=None, part_accessibilite=None,
             residence_sociale=None, date_reference=None, nl_acces=None, nl_decision=None,
             terme_slc_negatif=None, nature=None):
    """Majoration pour qualité d'un logement-foyer : termes SLC, taille, label, ascenseur, accessibilité, bornée à [0 ; 0,18] pour une résidence sociale (arrêté du 17/10/2011, chap. IV)."""
    type_ascenseur = v.choix(ascenseur, "ascenseur", {"0": 0, "aucun": 0, "non": 0, "1": 1, "type 1": 1,
                                                      "2": 2, "type 2": 2, "3": 3, "type 3": 3}, defaut=0)
    return majorations.mq_foyer(
        v.entier(nl, "nl", strictement_positif=True),
        v.nombre(su, "su", strictement_positif=True),
        v.nombre(slc, "slc", minimum=0),
        v.date_reference(date_reference),
        label=v.texte(label, "label", defaut=None),
        ascenseur=type_ascenseur,
        part_accessibilite=v.nombre(part_accessibilite, "part_accessibilite", defaut=0.0, minimum=0, maximum=1),
        residence_sociale=v.booleen(residence_sociale, "residence_sociale", defaut=True),
        nl_acces=v.entier(nl_acces, "nl_acces", defaut=None, strictement_positif=True),
        nl_decision=v.entier(nl_decision, "nl_decision", defaut=None, strictement_positif=True),
        terme_slc_negatif=v.choix(terme_slc_negatif, "terme_slc_negatif", _NEGATIF, defaut=majorations.DEDUIT),
        nature=v.choix(nature, "nature", _NATURES_OPERATION, defaut=None),
    ).total


@fonction(arguments={
    "vb": "Valeur de base en €/m² de surface utile (VB) de l'année de la décision.",
    "cs": "Coefficient de structure (CS).",
    "su": "Surface utile, en m² (SU).",
    "mq": "Majoration pour qualité (MQ) ; vide : 0.",
    "ml": "Majoration locale fixée par le préfet (ML) ; vide : 0. MQ + ML est plafonné à 0,30.",
    "cfg": "Coût forfaitaire d'un garage, en € (CFG) ; vide : 0.",
    "ng": "Nombre de garages ; retenu dans la limite de la moitié des logements ; vide : 0.",
    "nl": "Nombre de logements ou de chambres (NL), requis s'il y a des garages : garages retenus dans la limite de la moitié (arrêté du 5 mai 1995, art. 1).",
    "date_reference": AIDE_DATE_REFERENCE,
})
def ASSIETTE_SUBVENTION(vb, cs, su, mq=None, ml=None, cfg=None, ng=None, nl=None, date_reference=None):
    """Assiette de subvention en € : VB × CS × SU × (1 + min(MQ + ML ; 0,30)) + CFG × garages retenus (arrêté du 5 mai 1995, art. 1)."""
    return _assiette.assiette(
        v.nombre(vb, "vb", strictement_positif=True),
        v.nombre(cs, "cs", strictement_positif=True),
        v.nombre(su, "su", strictement_positif=True),
        v.date_reference(date_reference),
        mq=v.nombre(mq, "mq", defaut=0.0, minimum=0),
        ml=v.nombre(ml, "ml", defaut=0.0, minimum=0),
        cfg=v.nombre(cfg, "cfg", defaut=0.0, minimum=0),
        ng=v.entier(ng, "ng", defaut=0, minimum=0),
        nl=v.entier(nl, "nl", defaut=None, strictement_positif=True),
    )


_ZONE = "Zone de l'arrêté du 5 mai 1995 (art. 6) : 1, 1 bis, 2 ou 3 (I, II, III admis)."
_NATURES = {"logement foyer": "logement_foyer", "foyer": "logement_foyer", "neuf": "neuf",
            "acquisition amelioration": "acquisition_amelioration", "aa": "acquisition_amelioration"}
_TYPES_CONSTRUCTION = {"collectif": "collectif", "individuel": "individuel"}


@fonction(arguments={
    "zone": _ZONE,
    "nature": "logement-foyer (défaut), neuf ou acquisition-amélioration.",
    "date_reference": AIDE_DATE_REFERENCE,
    "type_construction": "collectif (défaut) ou individuel.",
})
def VALEUR_BASE(zone, nature=None, date_reference=None, type_construction=None):
    """Valeur de base publiée en €/m² SU (arrêté du 5 mai 1995, art. 4). Sans valeur publiée pour la date, demande de la saisir."""
    return _assiette.valeur_base(
        v.choix(zone, "zone", _assiette.ZONES),
        v.choix(nature, "nature", _NATURES, defaut="logement_foyer"),
        v.choix(type_construction, "type_construction", _TYPES_CONSTRUCTION, defaut="collectif"),
        v.date_reference(date_reference),
    )


@fonction(arguments={
    "zone": _ZONE,
    "type_garage": "enterré ou superstructure (défaut : superstructure, le montant le plus bas).",
    "date_reference": AIDE_DATE_REFERENCE,
})
def COUT_GARAGE(zone, type_garage=None, date_reference=None):
    """Coût forfaitaire d'un garage publié, en € (arrêté du 5 mai 1995, art. 5). Sans valeur publiée pour la date, demande de la saisir."""
    return _assiette.cout_garage(
        v.choix(zone, "zone", _assiette.ZONES),
        v.choix(type_garage, "type_garage", {"enterre": "enterre", "superstructure": "superstructure"},
                defaut="superstructure"),
        v.date_reference(date_reference),
    )


_AIDE_CONDITION_60000 = ("VRAI pour une opération mentionnée au II de l'art. D. 331-1 et adaptée aux besoins des "
                         "ménages rencontrant des difficultés d'insertion particulières (R. 331-15) : plafond "
                         "60 000 € par logement au lieu de 20 000 € ; vide : FAUX.")


@fonction(arguments={
    "date_decision": "Date de la décision de subvention (JJ/MM/AAAA) : elle fixe le régime.",
    "nl": "Nombre de logements et chambres (régime forfaitaire, décision depuis le 28/09/2022).",
    "assiette": "Assiette de subvention en € (décision jusqu'au 27/09/2022).",
    "taux": "Taux de subvention de la décision, 0,20 pour 20 % (décision jusqu'au 27/09/2022).",
    "forfait_par_logement": "Montant de subvention par logement en € (décision depuis le 28/09/2022).",
    "adaptee_difficultes_insertion": _AIDE_CONDITION_60000,
    "derogation_par_logement": "Dérogation régionale en € par logement (au plus 5 000 €, ou 20 000 € pour l'opération du plafond de 60 000 €) ; vide : 0.",
})
def SUBVENTION_PLAI(date_decision, nl, assiette, taux, forfait_par_logement, adaptee_difficultes_insertion=None,
                    derogation_par_logement=None):
    """Subvention PLAI en € : assiette × taux jusqu'au 27/09/2022 ; NL × montant par logement plafonné depuis le 28/09/2022 (R. 331-15, décret n° 2022-1256)."""
    # Tous les arguments saisis sont lus (un texte égaré est signalé même s'il relève de l'autre
    # régime) ; la règle choisit ensuite ceux du régime de la date de décision.
    return _subvention.subvention_plai(
        v.date_excel(date_decision, "date_decision"),
        nl=v.entier(nl, "nl", defaut=None, strictement_positif=True),
        assiette=v.nombre(assiette, "assiette", defaut=None),
        taux=v.nombre(taux, "taux", defaut=None),
        forfait_par_logement=v.nombre(forfait_par_logement, "forfait_par_logement", defaut=None),
        adaptee_difficultes_insertion=v.booleen(adaptee_difficultes_insertion, "adaptee_difficultes_insertion",
                                                defaut=False),
        derogation_par_logement=v.nombre(derogation_par_logement, "derogation_par_logement", defaut=0.0))


@fonction(arguments={
    "date_decision": "Date de la décision de subvention (JJ/MM/AAAA).",
})
def REGIME_SUBVENTION(date_decision):
    """Régime de la subvention à cette date : « assiette × taux » (jusqu'au 27/09/2022) ou « forfait par logement » (depuis le 28/09/2022, décret n° 2022-1256)."""
    return _subvention.regime(v.date_excel(date_decision, "date_decision"))


@fonction(arguments={
    "date_decision": "Date de la décision de subvention (JJ/MM/AAAA), à partir du 28/09/2022.",
    "adaptee_difficultes_insertion": _AIDE_CONDITION_60000,
    "derogation_par_logement": "Dérogation régionale en € par logement, ajoutée au plafond (au plus 5 000 € ou 20 000 €) ; vide : 0.",
})
def PLAFOND_SUBVENTION(date_decision, adaptee_difficultes_insertion=None, derogation_par_logement=None):
    """Plafond de la subvention PLAI par logement en € (R. 331-15 issu du décret n° 2022-1256), dérogation comprise."""
    return _subvention.plafond_par_logement(
        v.date_excel(date_decision, "date_decision"),
        v.booleen(adaptee_difficultes_insertion, "adaptee_difficultes_insertion", defaut=False),
        v.nombre(derogation_par_logement, "derogation_par_logement", defaut=0.0, minimum=0))
