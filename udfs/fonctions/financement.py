"""Fonctions Excel du financement et de l'équilibre : prêts CDC, prix de revient, plan de
financement, redevance, bilans du bailleur et du gestionnaire, projection.

Chaque fonction ne fait qu'adapter les cellules (``udfs.valeurs``) et appeler la règle de
``udfs.regles`` ; aucune règle n'est écrite ici.
"""


from udfs import valeurs as v
from udfs.arrondi import euros
from udfs.registre import AIDE_DATE_REFERENCE, fonction
from udfs.regles import bilans, financement
from udfs.regles import prix_revient as _prix_revient
from udfs.regles import redevance as _redevance

__all__ = ["TAUX_PRET", "ANNUITE_PRET", "TABLEAU_AMORTISSEMENT", "PRIX_REVIENT", "PRIX_REVIENT_UNITAIRE",
           "ALERTES_PRIX_REVIENT", "PLAN_FINANCEMENT_ECART", "BILAN_BAILLEUR", "BILAN_GESTIONNAIRE",
           "EQUILIBRE_OPERATION", "LOYER_EQUILIBRE_BAILLEUR", "REDEVANCE_EQUILIBRE",
           "SUBVENTION_EQUILIBRE", "REDEVANCE_MAXIMUM", "CONTROLE_REDEVANCE", "PART_LOYER",
           "PROJECTION_BILANS", "PREMIERE_ANNEE_NEGATIVE"]

_PRODUITS = {"PLAI": "PLAI", "PLAI adapté": "PLAI", "PLUS": "PLUS"}


def _montant(x, champ, defaut=v.MANQUANT):
    """Un montant en € qui ne peut pas être négatif."""
    return v.nombre(x, champ, defaut=defaut, minimum=0)


def _taux(x, champ, defaut=v.MANQUANT):
    """Un taux annuel en fraction (0,013 pour 1,30 %) : 1,3 saisi pour 1,30 % est refusé."""
    return v.nombre(x, champ, defaut=defaut, minimum=0, maximum=1)


def _indexation(x, champ, defaut=v.MANQUANT):
    return v.nombre(x, champ, defaut=defaut, minimum=-0.5, maximum=0.5)


def _duree(x, champ="duree", defaut=v.MANQUANT):
    return v.entier(x, champ, defaut=defaut, strictement_positif=True)


def _montants_plage(x, champ):
    """Une plage de montants (ligne ou colonne) ; cellules vides ignorées, mais pas toutes."""
    cellules = v.colonne(x, champ)
    montants = [_montant(c, champ) for c in cellules if not v.est_vide(c)]
    if not montants:
        raise v.ErreurSaisie(champ, "valeur manquante (saisir 0 s'il n'y en a pas)")
    return montants


# --- Prêts -----------------------------------------------------------------------------------

@fonction(arguments={
    "produit": "Prêt de la Caisse des dépôts : PLAI ou PLUS.",
    "date_reference": "Date d'effet du taux (JJ/MM/AAAA) : le taux suit le Livret A, révisé au 1er février et au 1er août.",
})
def TAUX_PRET(produit, date_reference):
    """Taux annuel d'un prêt CDC en fraction : Livret A − 0,20 point (PLAI) ou + 0,60 point (PLUS), au taux du Livret A en vigueur à la date."""
    return financement.taux_pret(v.choix(produit, "produit", _PRODUITS), v.date_excel(date_reference, "date_reference"))


_AIDES_PRET = {
    "capital": "Capital emprunté, en €.",
    "taux": "Taux annuel du prêt en fraction (0,013 pour 1,30 %) ; voir TAUX_PRET.",
    "duree": "Durée d'amortissement en années (échéances annuelles) : 40 ans, jusqu'à 50 ou 60 ans pour le foncier.",
    "progressivite": "Taux de progressivité des échéances (0,005 pour 0,5 % par an) ; vide : 0, annuités constantes.",
}


@fonction(arguments=_AIDES_PRET)
def ANNUITE_PRET(capital, taux, duree, progressivite=None):
    """Première annuité d'un prêt à échéances annuelles en € : K·t/(1−(1+t)^−n), ou K·(t−p)/(1−qⁿ) avec q = (1+p)/(1+t) si les échéances progressent au taux p."""
    return financement.annuite(_montant(capital, "capital"), _taux(taux, "taux"), _duree(duree),
                               _indexation(progressivite, "progressivite", defaut=0.0))


@fonction(arguments=_AIDES_PRET, matrice=True)
def TABLEAU_AMORTISSEMENT(capital, taux, duree, progressivite=None):
    """Tableau d'amortissement annuel (matrice avec une ligne d'en-têtes) : année, annuité, intérêts, amortissement, capital restant dû, en €."""
    lignes = financement.tableau_amortissement(
        _montant(capital, "capital"), _taux(taux, "taux"), _duree(duree),
        _indexation(progressivite, "progressivite", defaut=0.0))
    return ([["Année", "Annuité", "Intérêts", "Amortissement", "Capital restant dû"]]
            + [[e.annee, e.annuite, e.interets, e.amortissement, e.capital_restant_du] for e in lignes])


# --- Prix de revient et plan de financement ---------------------------------------------------

@fonction(arguments={
    "charge_fonciere": "Charge foncière ou immobilière, en € (abords, part des fondations et surcoûts fonciers admis compris).",
    "travaux": "Prix de revient du bâtiment ou coût des travaux, en €.",
    "honoraires": "Honoraires (maîtrise d'œuvre, études, frais annexes), en €.",
    "revisions": "Révisions de prix afférentes aux travaux, en € ; vide : 0.",
    "interets_prefinancement": "Intérêts de préfinancement courus jusqu'à l'achèvement, en € ; vide : 0.",
})
def PRIX_REVIENT(charge_fonciere, travaux, honoraires, revisions=None, interets_prefinancement=None):
    """Prix de revient prévisionnel en € : charge foncière + travaux + honoraires + révisions + intérêts de préfinancement, mobilier exclu (arrêté du 17/10/2011, art. 15)."""
    return _prix_revient.prix_revient(
        _montant(charge_fonciere, "charge_fonciere"), _montant(travaux, "travaux"),
        _montant(honoraires, "honoraires"), _montant(revisions, "revisions", defaut=0.0),
        _montant(interets_prefinancement, "interets_prefinancement", defaut=0.0)).total


@fonction(arguments={
    "prix_revient": "Prix de revient de l'opération, en € (voir PRIX_REVIENT).",
    "su": "Surface utile de l'opération, en m².",
})
def PRIX_REVIENT_UNITAIRE(prix_revient, su):
    """Prix de revient unitaire au m² de surface utile, en €/m² SU : prix de revient / SU."""
    return _prix_revient.cout_m2_su(_montant(prix_revient, "prix_revient"),
                                    v.nombre(su, "su", strictement_positif=True))


@fonction(arguments={
    "travaux": "Prix de revient du bâtiment ou coût total des travaux, en € : base des pourcentages de l'annexe I.",
    "nb_logements": "Nombre de logements et chambres de l'opération (plafond des frais de direction).",
    "abords": "Abords, espaces libres, plantations portés en charge foncière, en € (plafond 4 % des travaux) ; vide : 0.",
    "cout_fondations": "Coût total des fondations, en € ; vide : 0.",
    "fondations_imputees": "Part des fondations portée en charge foncière, en € (admise : ce qui excède 10 % des travaux, jusqu'à 20 %) ; vide : 0.",
    "surcouts_fonciers": "Surcoûts d'adaptation aux contraintes foncières, en € (plafond 5 % des travaux) ; vide : 0.",
    "frais_direction": "Frais de direction d'investissement, en € (0,13 % / 0,10 % / 0,07 % des travaux selon le nombre de logements) ; vide : 0.",
    "couts_internes": "Coûts internes de maîtrise d'ouvrage, en € (plafond 1,5 % des travaux + 8 × VB) ; vide : 0.",
    "valeur_base": "Valeur de base VB en €/m² SU, requise si des coûts internes sont saisis.",
    "date_reference": AIDE_DATE_REFERENCE,
})
def ALERTES_PRIX_REVIENT(travaux, nb_logements, abords=None, cout_fondations=None,
                         fondations_imputees=None, surcouts_fonciers=None, frais_direction=None,
                         couts_internes=None, valeur_base=None, date_reference=None):
    """Contrôle des plafonds de l'annexe I de l'arrêté du 17/10/2011 : « Aucune alerte » ou les dépassements séparés par « ; »."""
    alertes = _prix_revient.alertes_annexe_1(
        v.nombre(travaux, "travaux", strictement_positif=True),
        v.entier(nb_logements, "nb_logements", strictement_positif=True),
        v.date_reference(date_reference),
        abords=_montant(abords, "abords", defaut=0.0),
        cout_fondations=_montant(cout_fondations, "cout_fondations", defaut=0.0),
        fondations_imputees=_montant(fondations_imputees, "fondations_imputees", defaut=0.0),
        surcouts_fonciers=_montant(surcouts_fonciers, "surcouts_fonciers", defaut=0.0),
        frais_direction=_montant(frais_direction, "frais_direction", defaut=0.0),
        couts_internes=_montant(couts_internes, "couts_internes", defaut=0.0),
        valeur_base=v.nombre(valeur_base, "valeur_base", defaut=None, strictement_positif=True),
    )
    return " ; ".join(alertes) if alertes else "Aucune alerte"


@fonction(arguments={
    "prix_revient": "Prix de revient de l'opération, en €.",
    "fonds_propres": "Fonds propres investis, en €.",
    "subventions": "Subventions (une cellule ou une plage : État, collectivités, Action Logement…), en €.",
    "prets": "Prêts (une cellule ou une plage : PLAI, PLAI foncier, prêts complémentaires…), en €.",
}, plages=("subventions", "prets"))
def PLAN_FINANCEMENT_ECART(prix_revient, fonds_propres, subventions, prets):
    """Écart du plan de financement en €, arrondi au centime : fonds propres + subventions + prêts − prix de revient. 0 : plan équilibré ; négatif : besoin non financé."""
    plan = financement.ecart_plan_financement(
        v.nombre(prix_revient, "prix_revient", strictement_positif=True),
        _montant(fonds_propres, "fonds_propres"),
        _montants_plage(subventions, "subventions"), _montants_plage(prets, "prets"))
    return euros(plan.ecart) + 0.0  # + 0.0 : pas de « -0 » dans la cellule


# --- Bilans --------------------------------------------------------------------------------------

_A = {
    "loyer_immobilier": "Loyer immobilier annuel versé par le gestionnaire au propriétaire, en €.",
    "annuites": "Annuités annuelles des emprunts, en €.",
    "tfpb": "Taxe foncière sur les propriétés bâties annuelle, en € (0 pendant l'exonération).",
    "pgr": "Provision annuelle pour gros entretien / grosses réparations (PGR), en €.",
    "frais_gestion": "Frais de gestion (frais de structure, frais généraux) annuels du propriétaire, en €.",
    "assurance": "Prime d'assurance annuelle du propriétaire, en €.",
    "redevances": "Redevances annuelles (L + C) facturées à taux d'occupation plein, en €.",
    "prestations": "Prestations facturées aux résidents (facultatives : mobilier, linge…), annuelles, en €.",
    "subventions_fonctionnement": "Subventions de fonctionnement annuelles (AGLS, CAF, ARS…), en €.",
    "frais_siege": "Frais de siège annuels du gestionnaire, en €.",
    "personnel": "Frais de personnel annuels du gestionnaire, en €.",
    "provisions_entretien": "Provisions annuelles pour entretien et renouvellement du mobilier, en €.",
    "charges_recuperables": "Charges récupérables annuelles (fluides…), en €.",
    "taux_vacance": "Taux de vacance appliqué aux redevances (0,05 pour 5 %) ; vide : 0.",
}


def _aides(*noms, **autres):
    return {**{n: _A[n] for n in noms}, **autres}


def _charges_bailleur(annuites, tfpb, pgr, frais_gestion, assurance):
    return (_montant(annuites, "annuites"), _montant(tfpb, "tfpb"), _montant(pgr, "pgr"),
            _montant(frais_gestion, "frais_gestion"), _montant(assurance, "assurance"))


def _charges_gestionnaire(loyer_immobilier, frais_siege, personnel, provisions_entretien,
                          charges_recuperables):
    return (_montant(loyer_immobilier, "loyer_immobilier"), _montant(frais_siege, "frais_siege"),
            _montant(personnel, "personnel"), _montant(provisions_entretien, "provisions_entretien"),
            _montant(charges_recuperables, "charges_recuperables"))


def _vacance(taux_vacance):
    return v.nombre(taux_vacance, "taux_vacance", defaut=0.0, minimum=0, maximum=0.99)


@fonction(arguments=_aides("loyer_immobilier", "annuites", "tfpb", "pgr", "frais_gestion", "assurance"))
def BILAN_BAILLEUR(loyer_immobilier, annuites, tfpb, pgr, frais_gestion, assurance):
    """Résultat annuel du bilan d'investissement du propriétaire en € : loyer immobilier − (annuités + TFPB + PGR + frais de gestion + assurance)."""
    return bilans.bilan_bailleur(_montant(loyer_immobilier, "loyer_immobilier"),
                                 *_charges_bailleur(annuites, tfpb, pgr, frais_gestion, assurance))


@fonction(arguments=_aides("redevances", "prestations", "subventions_fonctionnement",
                                 "loyer_immobilier", "frais_siege", "personnel",
                                 "provisions_entretien", "charges_recuperables", "taux_vacance"))
def BILAN_GESTIONNAIRE(redevances, prestations, subventions_fonctionnement, loyer_immobilier,
                       frais_siege, personnel, provisions_entretien, charges_recuperables,
                       taux_vacance=None):
    """Résultat annuel du bilan de fonctionnement du gestionnaire en € : redevances × (1 − vacance) + prestations + subventions − (loyer immobilier + siège + personnel + provisions + charges)."""
    return bilans.bilan_gestionnaire(
        _montant(redevances, "redevances"), _montant(prestations, "prestations"),
        _montant(subventions_fonctionnement, "subventions_fonctionnement"),
        *_charges_gestionnaire(loyer_immobilier, frais_siege, personnel, provisions_entretien,
                               charges_recuperables),
        taux_vacance=_vacance(taux_vacance))


@fonction(arguments={
    "resultat_bailleur": "Résultat annuel du propriétaire, en € (voir BILAN_BAILLEUR).",
    "resultat_gestionnaire": "Résultat annuel du gestionnaire, en € (voir BILAN_GESTIONNAIRE).",
})
def EQUILIBRE_OPERATION(resultat_bailleur, resultat_gestionnaire):
    """« Équilibrée » si ni le propriétaire ni le gestionnaire n'est en déficit, sinon « Déséquilibrée : » suivi du déficit de chacun."""
    return bilans.equilibre(v.nombre(resultat_bailleur, "resultat_bailleur"),
                            v.nombre(resultat_gestionnaire, "resultat_gestionnaire"))


@fonction(arguments=_aides("annuites", "tfpb", "pgr", "frais_gestion", "assurance"))
def LOYER_EQUILIBRE_BAILLEUR(annuites, tfpb, pgr, frais_gestion, assurance):
    """Loyer immobilier annuel en € qui couvre exactement les charges du propriétaire : annuités + TFPB + PGR + frais de gestion + assurance."""
    return bilans.loyer_equilibre_bailleur(*_charges_bailleur(annuites, tfpb, pgr, frais_gestion, assurance))


@fonction(arguments=_aides("prestations", "subventions_fonctionnement", "loyer_immobilier",
                                 "frais_siege", "personnel", "provisions_entretien",
                                 "charges_recuperables", "taux_vacance"))
def REDEVANCE_EQUILIBRE(prestations, subventions_fonctionnement, loyer_immobilier, frais_siege,
                        personnel, provisions_entretien, charges_recuperables, taux_vacance=None):
    """Redevances annuelles en € (à occupation pleine) qui annulent le résultat du gestionnaire : (charges − prestations − subventions) / (1 − vacance), 0 au minimum."""
    return bilans.redevance_equilibre_gestionnaire(
        _montant(prestations, "prestations"),
        _montant(subventions_fonctionnement, "subventions_fonctionnement"),
        *_charges_gestionnaire(loyer_immobilier, frais_siege, personnel, provisions_entretien,
                               charges_recuperables),
        taux_vacance=_vacance(taux_vacance))


@fonction(arguments={
    "deficit_annuel": "Déficit annuel à résorber, en € (montant positif ; 0 ou négatif : pas de déficit).",
    "taux": "Taux annuel du prêt que la subvention remplace, en fraction (0,013 pour 1,30 %).",
    "duree": "Durée de ce prêt, en années.",
})
def SUBVENTION_EQUILIBRE(deficit_annuel, taux, duree):
    """Subvention complémentaire en € qui résorbe un déficit annuel en réduisant l'emprunt : capital dont l'annuité constante égale le déficit ; 0 sans déficit."""
    return bilans.subvention_complementaire_equilibre(
        v.nombre(deficit_annuel, "deficit_annuel"), _taux(taux, "taux"), _duree(duree))


# --- Redevance -----------------------------------------------------------------------------------

@fonction(arguments={
    "table": "Plage des redevances maximums (€/mois) : 1re ligne d'en-têtes type, zone, pret, maximum ; puis une ligne par type de logement, zone et prêt (avis annuel).",
    "type_logement": "Type de logement tel qu'écrit dans la table (T1, T1', T1 bis, T2…).",
    "zone": "Zone telle qu'écrite dans la table (1, 1 bis, 2, 3…).",
    "pret": "Prêt tel qu'écrit dans la table (PLAI, PLUS, PLS).",
    "date_reference": "Date à laquelle le maximum doit être en vigueur, si la table a une colonne « à compter du » (JJ/MM/AAAA).",
}, plages=("table",))
def REDEVANCE_MAXIMUM(table, type_logement, zone, pret, date_reference=None):
    """Redevance maximale en €/mois lue dans la table fournie (type, zone, prêt ; datée si elle a une colonne « à compter du »), convention APL résidence sociale."""
    return _redevance.redevance_maximum(v.table(table, "table"), v.texte(type_logement, "type_logement"),
                                       v.texte(zone, "zone"), v.texte(pret, "pret"),
                                       v.date_excel(date_reference, "date_reference", defaut=None))


@fonction(arguments={
    "pratiquee": "Redevance pratiquée, en € par mois.",
    "maximum": "Redevance maximale de la convention, en € par mois (voir REDEVANCE_MAXIMUM).",
})
def CONTROLE_REDEVANCE(pratiquee, maximum):
    """Compare la redevance pratiquée au maximum : « Conforme : … (marge …) » ou « Dépassement de … € : … »."""
    return _redevance.verifier_redevance(_montant(pratiquee, "pratiquee"),
                                        v.nombre(maximum, "maximum", strictement_positif=True)).message


@fonction(arguments={
    "redevance": "Redevance mensuelle (L + C), en €.",
    "charges": "Équivalence charges locatives récupérables C, en € par mois.",
})
def PART_LOYER(redevance, charges):
    """Équivalence loyer L en € : redevance − équivalence charges C (redevance = L + C, convention APL résidence sociale)."""
    return _redevance.part_loyer(_montant(redevance, "redevance"), _montant(charges, "charges"))


# --- Projection ----------------------------------------------------------------------------------

_AIDES_PROJECTION = {
    "loyer_immobilier": "Loyer immobilier de l'année 1, en € : recette du propriétaire, charge du gestionnaire.",
    "annuites": "Annuités d'emprunts de l'année 1, en €.",
    "charges_bailleur": "Autres charges du propriétaire de l'année 1 (PGR, frais de gestion, assurance ; TFPB à part), en €.",
    "recettes_gestionnaire": "Recettes du gestionnaire de l'année 1 (redevances nettes de vacance, prestations, subventions), en €.",
    "charges_gestionnaire": "Charges du gestionnaire de l'année 1 hors loyer immobilier (siège, personnel, provisions, fluides), en €.",
    "indexation_recettes": "Évolution annuelle des recettes et du loyer immobilier (0,01 pour 1 % par an).",
    "indexation_charges": "Évolution annuelle des charges hors annuités (0,02 pour 2 % par an).",
    "duree": "Nombre d'années projetées, au moins 40 ; vide : 40.",
    "progressivite": "Progressivité annuelle des annuités (0,005 pour 0,5 %) ; vide : 0.",
    "duree_pret": "Nombre d'années d'annuités, nulles ensuite ; vide : toute la projection.",
    "tfpb": "TFPB annuelle une fois l'exonération finie, en valeur de l'année 1 (indexée comme les charges) ; vide : 0.",
    "exoneration_tfpb": "Nombre d'années d'exonération de TFPB (25 ans, par exemple) ; vide : 0.",
}


def _projection(loyer_immobilier, annuites, charges_bailleur, recettes_gestionnaire,
                charges_gestionnaire, indexation_recettes, indexation_charges, duree, progressivite,
                duree_pret, tfpb, exoneration_tfpb):
    return bilans.projection(
        _montant(loyer_immobilier, "loyer_immobilier"), _montant(annuites, "annuites"),
        _montant(charges_bailleur, "charges_bailleur"),
        _montant(recettes_gestionnaire, "recettes_gestionnaire"),
        _montant(charges_gestionnaire, "charges_gestionnaire"),
        _indexation(indexation_recettes, "indexation_recettes"),
        _indexation(indexation_charges, "indexation_charges"),
        _duree(duree, defaut=40),
        progressivite=_indexation(progressivite, "progressivite", defaut=0.0),
        duree_pret=_duree(duree_pret, "duree_pret", defaut=None),
        tfpb=_montant(tfpb, "tfpb", defaut=0.0),
        exoneration_tfpb=v.entier(exoneration_tfpb, "exoneration_tfpb", defaut=0, minimum=0),
    )


@fonction(arguments=_AIDES_PROJECTION, matrice=True)
def PROJECTION_BILANS(loyer_immobilier, annuites, charges_bailleur, recettes_gestionnaire,
                      charges_gestionnaire, indexation_recettes, indexation_charges, duree=None,
                      progressivite=None, duree_pret=None, tfpb=None, exoneration_tfpb=None):
    """Projection sur 40 ans ou plus (matrice avec une ligne d'en-têtes) : année, résultat du propriétaire, résultat du gestionnaire, en €, recettes et charges indexées."""
    lignes = _projection(loyer_immobilier, annuites, charges_bailleur, recettes_gestionnaire,
                         charges_gestionnaire, indexation_recettes, indexation_charges, duree,
                         progressivite, duree_pret, tfpb, exoneration_tfpb)
    return ([["Année", "Résultat bailleur", "Résultat gestionnaire"]]
            + [[l.annee, l.resultat_bailleur, l.resultat_gestionnaire] for l in lignes])


@fonction(arguments={**_AIDES_PROJECTION,
                           "bilan": "Bilan examiné : bailleur, gestionnaire ou les deux (défaut)."})
def PREMIERE_ANNEE_NEGATIVE(loyer_immobilier, annuites, charges_bailleur, recettes_gestionnaire,
                            charges_gestionnaire, indexation_recettes, indexation_charges,
                            duree=None, progressivite=None, duree_pret=None, tfpb=None,
                            exoneration_tfpb=None, bilan=None):
    """Première année de la projection (voir PROJECTION_BILANS) où un résultat devient négatif ; « Aucune sur N ans » sinon."""
    choisi = v.choix(bilan, "bilan", {"bailleur": "bailleur", "proprietaire": "bailleur",
                                      "gestionnaire": "gestionnaire", "les deux": "les deux",
                                      "tous": "les deux"}, defaut="les deux")
    lignes = _projection(loyer_immobilier, annuites, charges_bailleur, recettes_gestionnaire,
                         charges_gestionnaire, indexation_recettes, indexation_charges, duree,
                         progressivite, duree_pret, tfpb, exoneration_tfpb)
    annee = bilans.premiere_annee_negative(lignes, choisi)
    return annee if annee is not None else f"Aucune sur {len(lignes)} ans"
