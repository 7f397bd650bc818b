"""Le classeur d'instruction standard d'une résidence sociale (une feuille par étape du support de
formation : complétude, prix de revient, plan de financement, subvention, surface utile, équilibre,
décision).

Les saisies sont jaunes et déverrouillées ; les calculs, gris et verrouillés ; les résultats clés
portent des noms globaux (``RES_…``) lus par ``rs-instruction lot``.
"""

from __future__ import annotations

from udfs.classeurs.spec import (COEF, DATE, ENTETE, ENTIER, EUROS, EUROS_M2, M2, POURCENT,
                                 RESULTAT, SAISIE, CALCUL, NOTE, Disposition, Modele, Saisie, vide)
from udfs.regles.surfaces import CATEGORIES

IDENTIFIANT = "instruction_residence_sociale"
NB_LIGNES_LOCAUX = 40
LIGNE_LOCAUX = 6                       # première ligne de la table des locaux
NB_LIGNES_REDEVANCE = 12
LIGNE_REDEVANCE = 26                   # première ligne de la table des redevances maximums

OUI_NON = ("Oui", "Non")
PIECES = (
    "Demande de subvention signée du maître d'ouvrage",
    "Note de présentation de l'opération et projet social",
    "Plan de situation, plans de masse et des niveaux",
    "Tableau des surfaces par local (logements, annexes, locaux collectifs)",
    "Prix de revient prévisionnel détaillé",
    "Plan de financement prévisionnel et accords des cofinanceurs",
    "Bilan d'investissement du bailleur",
    "Bilan de fonctionnement du gestionnaire",
    "Convention ou engagement du gestionnaire",
    "Titre de propriété, promesse de vente ou bail",
    "Permis de construire ou récépissé de dépôt",
    "Avis du comité de pilotage (COFIL) sur le projet social",
)
STRUCTURES = ("Résidence sociale", "Pension de famille", "Résidence accueil", "Foyer de jeunes travailleurs",
              "Foyer de travailleurs migrants")
LABELS = ("Aucun", "BBC", "Qualitel", "BBC + Qualitel", "HPE rénovation", "BBC rénovation")
ASCENSEURS = ("Aucun", "Type 1", "Type 2", "Type 3")
PRETS = ("PLAI", "PLUS")
TYPES_LOGEMENT = ("T1", "T1'", "T1 bis", "T2", "T3", "T4", "T5", "T6", "T7")


def modele() -> Modele:
    m = Modele(IDENTIFIANT, "Instruction d'une résidence sociale (PLAI)")
    _operation(m)
    _completude(m)
    _surfaces(m)
    _prix_revient(m)
    _financement(m)
    _subvention(m)
    _bilans(m)
    _parametres(m)
    _synthese(m)
    return m


def _operation(m: Modele) -> None:
    f = m.feuille("Opération", largeurs={"A": 46, "B": 30, "C": 12, "D": 60})
    d = Disposition(f, "Présentation de l'opération",
                    "Cellules jaunes : à saisir. Cellules grises : calculées, protégées.")
    d.section("Identification")
    d.ligne("Nom de l'opération", saisie=Saisie("texte", obligatoire=True), nom="OPERATION")
    d.ligne("Commune", saisie=Saisie("texte"), nom="COMMUNE")
    d.ligne("Maître d'ouvrage (bailleur)", saisie=Saisie("texte"), nom="BAILLEUR")
    d.ligne("Gestionnaire", saisie=Saisie("texte"), nom="GESTIONNAIRE")
    d.ligne("Type de structure", saisie=Saisie("liste", STRUCTURES, obligatoire=True), nom="TYPE_STRUCTURE")
    d.section("Caractéristiques réglementaires")
    d.ligne("Zone (arrêté du 5 mai 1995, art. 6)", saisie=Saisie("liste", ("1", "1 bis", "2", "3"), obligatoire=True),
            nom="ZONE", source="Zone I, II ou III de l'arrêté ; 1 bis prend les valeurs de la zone 1")
    d.ligne("Nature de l'opération", saisie=Saisie("liste", ("Neuf", "Acquisition-amélioration"), obligatoire=True),
            nom="NATURE")
    d.ligne("Date de la décision de subvention", saisie=Saisie("date", obligatoire=True), format=DATE,
            nom="DATE_DECISION", source="Fixe le régime : assiette × taux jusqu'au 27/09/2022, forfait ensuite")
    d.ligne("Régime de subvention", "=REGIME_SUBVENTION(DATE_DECISION)", nom="REGIME", sauf=vide("DATE_DECISION"))
    d.ligne("Nombre de logements et chambres (NL)", saisie=Saisie("entier", minimum=1, obligatoire=True),
            format=ENTIER, nom="NB_LOGEMENTS",
            source="Un groupe de chambres à accès commun compte pour un logement (arrêté du 17/10/2011, art. 11)")
    d.ligne("PLAI adapté (II de l'art. D. 331-1 du CCH)", saisie=Saisie("liste", OUI_NON), nom="PLAI_ADAPTE")
    d.ligne("Nombre de garages", saisie=Saisie("entier", minimum=0), format=ENTIER, nom="NB_GARAGES")
    d.ligne("Type de garages", saisie=Saisie("liste", ("Enterré", "Superstructure")), nom="TYPE_GARAGES")


def _completude(m: Modele) -> None:
    f = m.feuille("Complétude", largeurs={"A": 70, "B": 14, "C": 50})
    f.mettre("A1", "Complétude du dossier", "titre")
    f.mettre("A2", "Pour chaque pièce : Oui (fournie), Non (manquante) ou Sans objet.", NOTE)
    f.mettre("A4", "Pièce", ENTETE)
    f.mettre("B4", "Fournie", ENTETE)
    f.mettre("C4", "Observation", ENTETE)
    for i, piece in enumerate(PIECES, start=5):
        f.mettre(f"A{i}", piece)
        f.mettre(f"B{i}", None, SAISIE, saisie=Saisie("liste", ("Oui", "Non", "Sans objet")))
        f.mettre(f"C{i}", None, SAISIE, saisie=Saisie("texte"))
    fin = 4 + len(PIECES)
    f.mettre(f"A{fin + 2}", "Pièces manquantes ou non renseignées")
    f.mettre(f"B{fin + 2}", f'=COUNTIF(B5:B{fin},"Non")+COUNTBLANK(B5:B{fin})', CALCUL, format=ENTIER,
             nom="PIECES_MANQUANTES")
    f.mettre(f"A{fin + 3}", "État du dossier")
    f.mettre(f"B{fin + 3}", f'=IF(PIECES_MANQUANTES=0,"Complet","Incomplet")', RESULTAT, nom="RES_COMPLETUDE")


def _surfaces(m: Modele) -> None:
    f = m.feuille("Surfaces", paysage=False, largeurs={"A": 38, "B": 16, "C": 18, "D": 10, "E": 12, "F": 15, "G": 15})
    f.mettre("A1", "Surface utile (SU) et surface des locaux collectifs (SLC)", "titre")
    f.mettre("A2", "Catégories : " + ", ".join(CATEGORIES) + ". SU = logements + privatifs + ½ annexes ; "
             "SLC = collectifs + circulations horizontales (arrêté du 17/10/2011, art. 11 II).", NOTE)
    f.mettre("A3", "Privatif : local réservé à moins de la moitié des résidents (imputé à la SU). "
             "Collectif : utilisable par au moins la moitié des résidents.", NOTE)
    for col, texte in zip("ABCDEFG", ("Local", "Catégorie", "Surface unitaire", "Nombre", "Nature",
                                      "Compté en SU", "Compté en SLC")):
        f.mettre(f"{col}5", texte, ENTETE)
    fin = LIGNE_LOCAUX + NB_LIGNES_LOCAUX - 1
    for i in range(LIGNE_LOCAUX, fin + 1):
        f.mettre(f"A{i}", None, SAISIE, saisie=Saisie("texte"))
        f.mettre(f"B{i}", None, SAISIE, saisie=Saisie("liste", tuple(CATEGORIES)))
        f.mettre(f"C{i}", None, SAISIE, format=M2, saisie=Saisie("nombre", minimum=0))
        f.mettre(f"D{i}", None, SAISIE, format=ENTIER, saisie=Saisie("entier", minimum=0))
        f.mettre(f"E{i}", f'=IF(B{i}="","",NATURE_SURFACE(B{i}))', CALCUL)
        f.mettre(f"F{i}", f'=IF(B{i}="","",SU_FOYER(C{i},B{i},D{i}))', CALCUL, format=M2)
        f.mettre(f"G{i}", f'=IF(B{i}="","",SLC_FOYER(C{i},B{i},D{i}))', CALCUL, format=M2)
    plage = f"C{LIGNE_LOCAUX}:C{fin},B{LIGNE_LOCAUX}:B{fin},D{LIGNE_LOCAUX}:D{fin}"
    f.mettre(f"A{fin + 2}", "Surface utile SU", RESULTAT)
    f.mettre(f"F{fin + 2}", f"=SU_FOYER({plage})", RESULTAT, format=M2, nom="SURFACE_UTILE")
    f.mettre(f"A{fin + 3}", "Surface des locaux collectifs SLC", RESULTAT)
    f.mettre(f"G{fin + 3}", f"=SLC_FOYER({plage})", RESULTAT, format=M2, nom="SURFACE_COLLECTIVE")
    f.mettre(f"A{fin + 4}", "Surface utile moyenne par logement")
    f.mettre(f"F{fin + 4}", '=IF(ISBLANK(NB_LOGEMENTS),"",SURFACE_UTILE/NB_LOGEMENTS)', CALCUL, format=M2)


def _prix_revient(m: Modele) -> None:
    f = m.feuille("Prix de revient", largeurs={"A": 52, "B": 18, "C": 12, "D": 62})
    d = Disposition(f, "Prix de revient prévisionnel",
                    "Arrêté du 17 octobre 2011, art. 15 et annexe I. Montants TTC. Le mobilier n'entre pas "
                    "dans le prix de revient.")
    d.section("Composition")
    d.ligne("Charge foncière ou immobilière", saisie=Saisie("nombre", minimum=0, obligatoire=True),
            format=EUROS, nom="CHARGE_FONCIERE")
    d.ligne("Coût des travaux (bâtiment)", saisie=Saisie("nombre", minimum=0, obligatoire=True),
            format=EUROS, nom="TRAVAUX")
    d.ligne("Honoraires et prestations intellectuelles", saisie=Saisie("nombre", minimum=0),
            format=EUROS, nom="HONORAIRES")
    d.ligne("Révisions de prix", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="REVISIONS")
    d.ligne("Intérêts de préfinancement", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="INTERETS_PREFINANCEMENT")
    d.ligne("Mobilier (pour mémoire, hors prix de revient)", saisie=Saisie("nombre", minimum=0),
            format=EUROS, nom="MOBILIER", source="Non finançable par les subventions de l'État")
    d.ligne("Prix de revient", "=PRIX_REVIENT(CHARGE_FONCIERE,TRAVAUX,HONORAIRES,REVISIONS,INTERETS_PREFINANCEMENT)",
            format=EUROS, nom="PRIX_DE_REVIENT", style=RESULTAT, sauf=vide("CHARGE_FONCIERE", "TRAVAUX"))
    d.ligne("Prix de revient par m² de SU", "=PRIX_DE_REVIENT/SURFACE_UTILE", format=EUROS_M2, sauf=vide("CHARGE_FONCIERE", "TRAVAUX", "SURFACE_UTILE=0"))
    d.ligne("Prix de revient par logement", "=PRIX_DE_REVIENT/NB_LOGEMENTS", format=EUROS, sauf=vide("CHARGE_FONCIERE", "TRAVAUX", "NB_LOGEMENTS"))
    d.section("Répartition (repères du support : foncier ≈ 30 %, travaux ≈ 60 %, honoraires ≈ 7 %)")
    d.ligne("Part de la charge foncière", "=CHARGE_FONCIERE/PRIX_DE_REVIENT", format=POURCENT, sauf=vide("CHARGE_FONCIERE", "TRAVAUX"))
    d.ligne("Part des travaux", "=TRAVAUX/PRIX_DE_REVIENT", format=POURCENT, sauf=vide("CHARGE_FONCIERE", "TRAVAUX"))
    d.ligne("Part des honoraires", "=HONORAIRES/PRIX_DE_REVIENT", format=POURCENT, sauf=vide("CHARGE_FONCIERE", "TRAVAUX"))
    d.ligne("Part des révisions et intérêts", "=(REVISIONS+INTERETS_PREFINANCEMENT)/PRIX_DE_REVIENT", format=POURCENT, sauf=vide("CHARGE_FONCIERE", "TRAVAUX"))
    d.section("Contrôles de l'annexe I (montants inclus ci-dessus)")
    d.ligne("Abords, espaces libres (en charge foncière)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="ABORDS", source="≤ 4 % des travaux")
    d.ligne("Coût total des fondations", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="COUT_FONDATIONS")
    d.ligne("Part des fondations portée en charge foncière", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="FONDATIONS_IMPUTEES", source="Part au-delà de 10 % et dans la limite de 20 % des travaux")
    d.ligne("Surcoûts d'adaptation aux contraintes foncières", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="SURCOUTS_FONCIERS", source="≤ 5 % des travaux")
    d.ligne("Frais de direction d'investissement", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="FRAIS_DIRECTION", source="0,13 % (≤ 30 logts), 0,10 % (31 à 50), 0,07 % (51 et plus) des travaux")
    d.ligne("Coûts internes de maîtrise d'ouvrage", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="COUTS_INTERNES", source="≤ 1,5 % des travaux + 8 × valeur de base")
    d.ligne("Alertes", "=ALERTES_PRIX_REVIENT(TRAVAUX,NB_LOGEMENTS,ABORDS,COUT_FONDATIONS,FONDATIONS_IMPUTEES,"
            "SURCOUTS_FONCIERS,FRAIS_DIRECTION,COUTS_INTERNES,VB_RETENUE,DATE_DECISION)",
            nom="ALERTES_PRIX_REVIENT_TEXTE", style=RESULTAT, sauf=vide("TRAVAUX", "NB_LOGEMENTS", "DATE_DECISION"))


def _financement(m: Modele) -> None:
    f = m.feuille("Plan de financement", largeurs={"A": 62, "B": 18, "C": 12, "D": 58})
    d = Disposition(f, "Plan de financement et prêts",
                    "Repères du support : fonds propres 0 à 9 %, subventions ≈ 20 %, prêts 70 à 79 %.")
    d.section("Ressources")
    d.ligne("Fonds propres du maître d'ouvrage", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="FONDS_PROPRES")
    d.ligne("Subvention de l'État (PLAI)", "=IF(ISNUMBER(SUBVENTION),SUBVENTION,0)", format=EUROS, nom="SUBV_ETAT",
            source="Feuille Subvention")
    d.ligne("Subventions des collectivités (commune, EPCI, département, région)", saisie=Saisie("nombre", minimum=0),
            format=EUROS, nom="SUBV_COLLECTIVITES")
    d.ligne("Action Logement", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="SUBV_ACTION_LOGEMENT")
    d.ligne("Autres subventions (CAF, CGLLS, FEDER…)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="SUBV_AUTRES")
    d.ligne("Prêt CDC principal (capital)", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="PRET_CAPITAL")
    d.ligne("Prêt CDC foncier (capital)", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="PRET_FONCIER_CAPITAL")
    d.ligne("Autres prêts (capital)", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="AUTRES_PRETS")
    d.ligne("Total des subventions", "=SUBV_ETAT+SUBV_COLLECTIVITES+SUBV_ACTION_LOGEMENT+SUBV_AUTRES",
            format=EUROS, nom="TOTAL_SUBVENTIONS")
    d.ligne("Total des prêts", "=PRET_CAPITAL+PRET_FONCIER_CAPITAL+AUTRES_PRETS", format=EUROS, nom="TOTAL_PRETS")
    d.ligne("Total des ressources", "=FONDS_PROPRES+TOTAL_SUBVENTIONS+TOTAL_PRETS", format=EUROS, style=RESULTAT)
    d.ligne("Contrôle : équilibre avec le prix de revient",
            "=PLAN_FINANCEMENT_ECART(PRIX_DE_REVIENT,FONDS_PROPRES,TOTAL_SUBVENTIONS,TOTAL_PRETS)",
            format=EUROS, nom="ECART_PLAN", style=RESULTAT,
            source="0 si le plan est équilibré ; sinon le message dit l'écart", sauf=vide("CHARGE_FONCIERE", "TRAVAUX"))
    d.section("Répartition")
    d.ligne("Part des fonds propres", "=FONDS_PROPRES/PRIX_DE_REVIENT", format=POURCENT, sauf=vide("CHARGE_FONCIERE", "TRAVAUX"))
    d.ligne("Part des subventions", "=TOTAL_SUBVENTIONS/PRIX_DE_REVIENT", format=POURCENT, sauf=vide("CHARGE_FONCIERE", "TRAVAUX"))
    d.ligne("Part des prêts", "=TOTAL_PRETS/PRIX_DE_REVIENT", format=POURCENT, sauf=vide("CHARGE_FONCIERE", "TRAVAUX"))
    d.section("Prêts de la Caisse des dépôts (annuités constantes ou progressives)")
    d.ligne("Produit", saisie=Saisie("liste", PRETS), nom="PRODUIT_PRET")
    d.ligne("Date de référence du taux (vide : date de décision)", saisie=Saisie("date"), format=DATE,
            nom="DATE_TAUX_SAISIE")
    d.ligne("Taux du prêt saisi (vide : Livret A daté + marge)", saisie=Saisie("nombre", minimum=0, maximum=0.2),
            format="0.00%", nom="TAUX_PRET_SAISI",
            source="À saisir si la date dépasse l'historique livré du Livret A (offre de prêt de la CDC)")
    d.ligne("Taux du prêt retenu",
            "=IF(ISBLANK(TAUX_PRET_SAISI),TAUX_PRET(PRODUIT_PRET,IF(ISBLANK(DATE_TAUX_SAISIE),DATE_DECISION,"
            "DATE_TAUX_SAISIE)),TAUX_PRET_SAISI)",
            format="0.00%", nom="TAUX_PRET_CDC", source="Livret A daté (paramètres livrés) ; PLAI −0,20 pt, PLUS +0,60 pt",
            sauf='AND(ISBLANK(TAUX_PRET_SAISI),OR(ISBLANK(PRODUIT_PRET),ISBLANK(DATE_DECISION)))')
    d.ligne("Durée du prêt principal (années)", saisie=Saisie("entier", minimum=1), format=ENTIER, nom="DUREE_PRET")
    d.ligne("Durée du prêt foncier (années)", saisie=Saisie("entier", minimum=1), format=ENTIER, nom="DUREE_PRET_FONCIER")
    d.ligne("Progressivité des annuités (0 à 0,5 %)", saisie=Saisie("nombre", minimum=0, maximum=0.005),
            format=POURCENT, nom="PROGRESSIVITE")
    d.ligne("Annuité du prêt principal (1re année)",
            "=IF(PRET_CAPITAL=0,0,ANNUITE_PRET(PRET_CAPITAL,TAUX_PRET_CDC,DUREE_PRET,PROGRESSIVITE))", format=EUROS)
    ref_principal = f"B{d.n - 1}"
    d.ligne("Annuité du prêt foncier (1re année)",
            "=IF(PRET_FONCIER_CAPITAL=0,0,ANNUITE_PRET(PRET_FONCIER_CAPITAL,TAUX_PRET_CDC,DUREE_PRET_FONCIER,PROGRESSIVITE))",
            format=EUROS)
    ref_foncier = f"B{d.n - 1}"
    d.ligne("Annuités des autres prêts (1re année)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="ANNUITES_AUTRES")
    d.ligne("Total des annuités (1re année)", f"={ref_principal}+{ref_foncier}+ANNUITES_AUTRES", format=EUROS,
            nom="ANNUITES", style=RESULTAT)


def _subvention(m: Modele) -> None:
    f = m.feuille("Subvention", largeurs={"A": 56, "B": 20, "C": 12, "D": 62})
    d = Disposition(f, "Calcul de la subvention PLAI",
                    "AS = VB × CS × SU × (1 + MQ + ML) + CFG × NG (arrêté du 5 mai 1995, art. 1) ; "
                    "depuis le 28/09/2022 : montant par logement plafonné (R. 331-15).")
    d.section("Coefficient de structure")
    d.ligne("Surface utile SU", "=SURFACE_UTILE", format=M2)
    d.ligne("Nombre de logements NL", "=NB_LOGEMENTS", format=ENTIER)
    d.ligne("CS = 0,77 × (1 + NL × 38 / SU)", "=CS_FOYER(NB_LOGEMENTS,SURFACE_UTILE,DATE_DECISION)", format=COEF,
            nom="CS", source="Arrêté du 5 mai 1995, art. 2 bis", sauf=vide("NB_LOGEMENTS", "DATE_DECISION", "SURFACE_UTILE=0"))
    d.section("Critères de qualité (écran Galion, arrêté du 17 octobre 2011)")
    d.ligne("Surface des locaux collectifs SLC", "=SURFACE_COLLECTIVE", format=M2)
    d.ligne("Labels", saisie=Saisie("liste", LABELS), nom="LABEL")
    d.ligne("Typologie d'ascenseur (ascenseur non obligatoire)", saisie=Saisie("liste", ASCENSEURS), nom="ASCENSEUR")
    d.ligne("Part des travaux d'accessibilité (acquisition-amélioration)", saisie=Saisie("nombre", minimum=0, maximum=1),
            format=POURCENT, nom="PART_ACCESSIBILITE", source="Retenue dans la limite de 4 %")
    d.ligne("MQ (bornée à [0 ; 0,18] pour une résidence sociale)",
            "=MQ_FOYER(NB_LOGEMENTS,SURFACE_UTILE,SURFACE_COLLECTIVE,LABEL,ASCENSEUR,PART_ACCESSIBILITE,TRUE,DATE_DECISION,,,,NATURE)",
            format=COEF, nom="MQ", source="Chapitre IV : SLC, taille, label, ascenseur, accessibilité", sauf=vide("NB_LOGEMENTS", "DATE_DECISION", "SURFACE_UTILE=0"))
    d.ligne("ML (majoration locale fixée par le préfet)", saisie=Saisie("nombre", minimum=0, maximum=0.3),
            format=COEF, nom="ML", source="CM = MQ + ML plafonné à 0,30")
    d.section("Assiette (décisions jusqu'au 27/09/2022)")
    d.ligne("Valeur de base retenue VB",
            '=IF(ISBLANK(VB_SAISIE),IF(REGIME="assiette × taux",VALEUR_BASE(ZONE,"logement-foyer",DATE_DECISION),""),'
            'VB_SAISIE)',
            format=EUROS_M2, nom="VB_RETENUE", source="Valeur publiée, ou celle de la feuille Paramètres", sauf=vide("DATE_DECISION", "ZONE"))
    d.ligne("Coût forfaitaire d'un garage CFG",
            '=IF(NB_GARAGES>0,IF(ISBLANK(CFG_SAISIE),IF(REGIME="assiette × taux",'
            'COUT_GARAGE(ZONE,TYPE_GARAGES,DATE_DECISION),0),CFG_SAISIE),0)',
            format=EUROS, nom="CFG_RETENU")
    d.ligne("Assiette de subvention AS",
            '=IF(VB_RETENUE="","Sans objet (régime forfaitaire, valeur de base non saisie)",'
            'ASSIETTE_SUBVENTION(VB_RETENUE,CS,SURFACE_UTILE,MQ,ML,CFG_RETENU,NB_GARAGES,NB_LOGEMENTS,DATE_DECISION))',
            format=EUROS, nom="ASSIETTE", style=RESULTAT, sauf=vide("NB_LOGEMENTS", "DATE_DECISION", "ZONE", "SURFACE_UTILE=0"))
    d.ligne("Taux de subvention (Paramètres)", "=IF(ISBLANK(TAUX_SAISI),\"\",TAUX_SAISI)", format=POURCENT)
    d.section("Montant par logement (décisions depuis le 28/09/2022)")
    d.ligne("Plafond réglementaire par logement",
            '=PLAFOND_SUBVENTION(DATE_DECISION,PLAI_ADAPTE="Oui",DEROGATION_SAISIE)', format=EUROS,
            source="20 000 € ; 60 000 € en PLAI adapté ; + dérogation régionale", sauf='OR(ISBLANK(DATE_DECISION),REGIME="assiette × taux")')
    d.ligne("Montant par logement retenu (Paramètres)", "=IF(ISBLANK(FORFAIT_SAISI),\"\",FORFAIT_SAISI)", format=EUROS)
    d.section("Subvention")
    d.ligne("Subvention PLAI de l'État",
            '=SUBVENTION_PLAI(DATE_DECISION,NB_LOGEMENTS,IF(REGIME="assiette × taux",ASSIETTE,""),TAUX_SAISI,'
            'FORFAIT_SAISI,PLAI_ADAPTE="Oui",DEROGATION_SAISIE)',
            format=EUROS, nom="SUBVENTION", style=RESULTAT, sauf=vide("NB_LOGEMENTS", "DATE_DECISION", "ZONE", "SURFACE_UTILE=0"))
    d.ligne("Subvention par logement", "=IF(ISNUMBER(SUBVENTION),SUBVENTION/NB_LOGEMENTS,\"\")", format=EUROS)


def _bilans(m: Modele) -> None:
    f = m.feuille("Bilans", largeurs={"A": 56, "B": 20, "C": 12, "D": 58})
    d = Disposition(f, "Équilibre de l'opération",
                    "Équilibrée quand le loyer immobilier couvre les charges du bailleur et que le "
                    "gestionnaire peut le payer sur les redevances après ses charges d'exploitation.")
    d.section("Bilan d'investissement du bailleur (annuel, 1re année)")
    d.ligne("Loyer immobilier versé par le gestionnaire", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="LOYER_IMMOBILIER")
    d.ligne("Remboursement des prêts (annuités)", "=ANNUITES", format=EUROS)
    d.ligne("TFPB (après exonération)", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="TFPB",
            source="0 pendant l'exonération (CGI art. 1384 A)")
    d.ligne("Provision pour gros entretien (PGR)", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="PGR")
    d.ligne("Frais de structure / de gestion", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="FRAIS_GESTION")
    d.ligne("Prime d'assurance", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="ASSURANCE")
    d.ligne("Résultat du bailleur", "=BILAN_BAILLEUR(LOYER_IMMOBILIER,ANNUITES,TFPB,PGR,FRAIS_GESTION,ASSURANCE)",
            format=EUROS, nom="RESULTAT_BAILLEUR", style=RESULTAT, sauf=vide("LOYER_IMMOBILIER"))
    d.section("Bilan de fonctionnement du gestionnaire (annuel)")
    d.ligne("Redevances annuelles (L + C), avant vacance", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="REDEVANCES")
    d.ligne("Taux de vacance", saisie=Saisie("nombre", minimum=0, maximum=0.99), format=POURCENT, nom="TAUX_VACANCE")
    d.ligne("Prestations facultatives", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="PRESTATIONS")
    d.ligne("Subventions de fonctionnement (AGLS, CAF, ARS…)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="SUBV_FONCTIONNEMENT")
    d.ligne("Loyer immobilier", "=LOYER_IMMOBILIER", format=EUROS)
    d.ligne("Frais de siège", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="FRAIS_SIEGE")
    d.ligne("Frais fixes de personnel", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="PERSONNEL")
    d.ligne("Provisions pour entretien (mobilier)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="PROVISIONS_ENTRETIEN")
    d.ligne("Charges récupérables (fluides)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="CHARGES_RECUPERABLES")
    d.ligne("Résultat du gestionnaire",
            "=BILAN_GESTIONNAIRE(REDEVANCES,PRESTATIONS,SUBV_FONCTIONNEMENT,LOYER_IMMOBILIER,FRAIS_SIEGE,PERSONNEL,"
            "PROVISIONS_ENTRETIEN,CHARGES_RECUPERABLES,TAUX_VACANCE)",
            format=EUROS, nom="RESULTAT_GESTIONNAIRE", style=RESULTAT, sauf=vide("REDEVANCES", "LOYER_IMMOBILIER"))
    d.section("Verdict")
    d.ligne("Équilibre de l'opération", "=EQUILIBRE_OPERATION(RESULTAT_BAILLEUR,RESULTAT_GESTIONNAIRE)",
            nom="VERDICT", style=RESULTAT, sauf=vide("REDEVANCES", "LOYER_IMMOBILIER"))
    d.section("Valeurs d'équilibre")
    d.ligne("Loyer immobilier qui équilibre le bailleur",
            "=LOYER_EQUILIBRE_BAILLEUR(ANNUITES,TFPB,PGR,FRAIS_GESTION,ASSURANCE)", format=EUROS, sauf=vide("LOYER_IMMOBILIER"))
    d.ligne("Redevances annuelles qui équilibrent le gestionnaire",
            "=REDEVANCE_EQUILIBRE(PRESTATIONS,SUBV_FONCTIONNEMENT,LOYER_IMMOBILIER,FRAIS_SIEGE,PERSONNEL,"
            "PROVISIONS_ENTRETIEN,CHARGES_RECUPERABLES,TAUX_VACANCE)", format=EUROS, sauf=vide("REDEVANCES", "LOYER_IMMOBILIER"))
    d.ligne("Subvention complémentaire qui équilibre le bailleur",
            "=SUBVENTION_EQUILIBRE(MAX(0,-RESULTAT_BAILLEUR),TAUX_PRET_CDC,DUREE_PRET)", format=EUROS,
            source="Capital de prêt en moins dont l'annuité couvre le déficit", sauf=vide("LOYER_IMMOBILIER", "DUREE_PRET", "PRODUIT_PRET", "DATE_DECISION"))
    d.section("Projection (hypothèses d'indexation annuelle)")
    d.ligne("Indexation des recettes (loyer, redevances)", saisie=Saisie("nombre", minimum=-0.5, maximum=0.5),
            format=POURCENT, nom="INDEXATION_RECETTES")
    d.ligne("Indexation des charges", saisie=Saisie("nombre", minimum=-0.5, maximum=0.5), format=POURCENT,
            nom="INDEXATION_CHARGES")
    # Les montants de l'année 1 regroupés une fois, pour des formules de projection courtes
    d.ligne("Charges du bailleur hors annuités (année 1)", "=TFPB+PGR+FRAIS_GESTION+ASSURANCE", format=EUROS,
            nom="PROJ_CHARGES_BAILLEUR")
    d.ligne("Recettes du gestionnaire nettes de vacance (année 1)",
            "=REDEVANCES*(1-TAUX_VACANCE)+PRESTATIONS+SUBV_FONCTIONNEMENT", format=EUROS,
            nom="PROJ_RECETTES_GESTIONNAIRE")
    d.ligne("Charges du gestionnaire hors loyer (année 1)",
            "=FRAIS_SIEGE+PERSONNEL+PROVISIONS_ENTRETIEN+CHARGES_RECUPERABLES", format=EUROS,
            nom="PROJ_CHARGES_GESTIONNAIRE")
    d.ligne("Projection calculable", f'=IF({_SAUF_PROJECTION},"Non","Oui")', nom="PROJECTION_PRETE",
            source="Oui quand loyer, redevances et indexations sont saisis")
    d.ligne("Première année de déficit (sur 40 ans)",
            "=PREMIERE_ANNEE_NEGATIVE(" + _ARGS_PROJECTION + ")", nom="ANNEE_DEFICIT", style=RESULTAT,
            source="« Aucune » si les deux bilans restent positifs", sauf=_SAUF_PROJECTION)
    f.mettre(f"A{d.n + 1}", "Année", ENTETE)
    f.mettre(f"B{d.n + 1}", "Résultat du bailleur", ENTETE)
    f.mettre(f"C{d.n + 1}", "Résultat du gestionnaire", ENTETE)
    f.largeurs["C"] = 24
    for k in range(1, 41):
        ligne = d.n + 1 + k
        f.mettre(f"A{ligne}", k, CALCUL, format=ENTIER)
        for col, j in (("B", 2), ("C", 3)):
            f.mettre(f"{col}{ligne}", f'=IF(PROJECTION_PRETE="Oui",INDEX(PROJECTION_BILANS({_ARGS_PROJECTION}),{k + 1},{j}),"")',
                     CALCUL, format=EUROS)


_SAUF_PROJECTION = vide("LOYER_IMMOBILIER", "REDEVANCES", "INDEXATION_RECETTES", "INDEXATION_CHARGES")
_ARGS_PROJECTION = ("LOYER_IMMOBILIER,ANNUITES,PROJ_CHARGES_BAILLEUR,PROJ_RECETTES_GESTIONNAIRE,"
                    "PROJ_CHARGES_GESTIONNAIRE,INDEXATION_RECETTES,INDEXATION_CHARGES,40,PROGRESSIVITE,DUREE_PRET")


def _parametres(m: Modele) -> None:
    f = m.feuille("Paramètres", largeurs={"A": 52, "B": 18, "C": 14, "D": 14, "E": 14, "F": 60})
    d = Disposition(f, "Paramètres saisis par le service",
                    "Valeurs que les textes ne publient pas : chacune avec sa source (note, arrêté "
                    "préfectoral, programmation). Les valeurs réglementaires datées sont livrées avec "
                    "le complément (udfs/parametres).")
    d.section("Régime de l'assiette (décisions jusqu'au 27/09/2022)")
    d.ligne("Valeur de base de l'année (€/m² SU)", saisie=Saisie("nombre", minimum=0), format=EUROS_M2,
            nom="VB_SAISIE", source="Vide : valeur publiée par l'arrêté (2002) si elle s'applique")
    d.ligne("Source de la valeur de base", saisie=Saisie("texte"), nom="VB_SOURCE")
    d.ligne("Coût forfaitaire d'un garage de l'année (€)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="CFG_SAISIE")
    d.ligne("Taux de subvention de la décision", saisie=Saisie("nombre", minimum=0, maximum=0.25), format=POURCENT,
            nom="TAUX_SAISI", source="Au plus 20 %, 25 % par dérogation (R. 331-15)")
    d.section("Régime forfaitaire (décisions depuis le 28/09/2022)")
    d.ligne("Montant de subvention par logement (€)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="FORFAIT_SAISI", source="Montant départemental (programmation, MMS PLAI modulé)")
    d.ligne("Dérogation régionale par logement (€)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="DEROGATION_SAISIE", source="≤ 5 000 €, ou 20 000 € en PLAI adapté")
    d.ligne("Source du montant par logement", saisie=Saisie("texte"), nom="FORFAIT_SOURCE")
    d.section("Redevance")
    d.ligne("Type de logement dominant", saisie=Saisie("liste", TYPES_LOGEMENT), nom="TYPE_LOGEMENT")
    d.ligne("Redevance pratiquée (€ par mois, L + C)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="REDEVANCE_PRATIQUEE")
    d.ligne("Part charges (C) de la redevance (€ par mois)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="REDEVANCE_CHARGES")
    d.ligne("Redevance maximum applicable",
            "=REDEVANCE_MAXIMUM(TABLE_REDEVANCES,TYPE_LOGEMENT,ZONE,PRODUIT_PRET,DATE_DECISION)", format=EUROS,
            nom="REDEVANCE_MAX", sauf=vide("TYPE_LOGEMENT", "ZONE", "PRODUIT_PRET", "DATE_DECISION"))
    d.ligne("Contrôle de la redevance", "=CONTROLE_REDEVANCE(REDEVANCE_PRATIQUEE,REDEVANCE_MAX)",
            nom="CONTROLE_REDEVANCE_TEXTE", style=RESULTAT, sauf=vide("REDEVANCE_PRATIQUEE", "TYPE_LOGEMENT", "ZONE", "PRODUIT_PRET", "DATE_DECISION"))
    d.ligne("Part loyer (L) de la redevance", "=REDEVANCE_PRATIQUEE-REDEVANCE_CHARGES", format=EUROS, sauf=vide("REDEVANCE_PRATIQUEE"))
    n = LIGNE_REDEVANCE - 2
    f.mettre(f"A{n}", "Redevances maximums en € par mois (avis annuel relatif aux loyers et redevances maximums ; à saisir)", "sous_titre")
    for col, texte in zip("ABCDEF", ("Type", "Zone", "Prêt", "Maximum", "À compter du", "Source")):
        f.mettre(f"{col}{n + 1}", texte, ENTETE)
    for i in range(LIGNE_REDEVANCE, LIGNE_REDEVANCE + NB_LIGNES_REDEVANCE):
        f.mettre(f"A{i}", None, SAISIE, saisie=Saisie("liste", TYPES_LOGEMENT))
        f.mettre(f"B{i}", None, SAISIE, saisie=Saisie("liste", ("1", "1 bis", "2", "3")))
        f.mettre(f"C{i}", None, SAISIE, saisie=Saisie("liste", PRETS))
        f.mettre(f"D{i}", None, SAISIE, format=EUROS, saisie=Saisie("nombre", minimum=0))
        f.mettre(f"E{i}", None, SAISIE, format=DATE, saisie=Saisie("date"))
        f.mettre(f"F{i}", None, SAISIE, saisie=Saisie("texte"))
    f.plages["TABLE_REDEVANCES"] = f"A{LIGNE_REDEVANCE - 1}:E{LIGNE_REDEVANCE + NB_LIGNES_REDEVANCE - 1}"
    if d.n >= n:
        raise AssertionError("la table des redevances chevauche les paramètres")


def _synthese(m: Modele) -> None:
    f = m.feuille("Synthèse", largeurs={"A": 52, "B": 30, "C": 70})
    d = Disposition(f, "Synthèse pour la décision de subvention")
    d.ligne("Opération", "=OPERATION&\"\"", style=CALCUL)
    d.ligne("Date de décision", '=IF(ISBLANK(DATE_DECISION),"",DATE_DECISION)', format=DATE)
    d.ligne("Régime", "=REGIME")
    d.ligne("Complétude du dossier", "=RES_COMPLETUDE")
    d.ligne("Nombre de logements et chambres", '=IF(ISBLANK(NB_LOGEMENTS),"",NB_LOGEMENTS)', format=ENTIER, nom="RES_NL")
    d.ligne("Surface utile SU", "=SURFACE_UTILE", format=M2, nom="RES_SU", style=RESULTAT)
    d.ligne("Surface des locaux collectifs SLC", "=SURFACE_COLLECTIVE", format=M2, nom="RES_SLC", style=RESULTAT)
    d.ligne("Coefficient de structure CS", "=CS", format=COEF)
    d.ligne("Majoration pour qualité MQ", "=MQ", format=COEF)
    d.ligne("Prix de revient", "=PRIX_DE_REVIENT", format=EUROS, nom="RES_PRIX_REVIENT")
    d.ligne("Assiette de subvention", '=IF(REGIME="assiette × taux",ASSIETTE,"Sans objet (régime forfaitaire)")',
            format=EUROS, nom="RES_ASSIETTE", style=RESULTAT)
    d.ligne("Subvention PLAI de l'État", "=SUBVENTION", format=EUROS, nom="RES_SUBVENTION", style=RESULTAT)
    d.ligne("Plan de financement", "=IF(ECART_PLAN=0,\"Équilibré\",ECART_PLAN)")
    d.ligne("Résultat annuel du bailleur", "=RESULTAT_BAILLEUR", format=EUROS, nom="RES_BILAN_BAILLEUR", style=RESULTAT)
    d.ligne("Résultat annuel du gestionnaire", "=RESULTAT_GESTIONNAIRE", format=EUROS, nom="RES_BILAN_GESTIONNAIRE",
            style=RESULTAT)
    d.ligne("Équilibre de l'opération", "=VERDICT", nom="RES_VERDICT", style=RESULTAT)
    d.ligne("Première année de déficit (projection)", "=ANNEE_DEFICIT")
    d.ligne("Prix de revient : alertes annexe I", "=ALERTES_PRIX_REVIENT_TEXTE")
    d.ligne("Redevance", "=CONTROLE_REDEVANCE_TEXTE")
