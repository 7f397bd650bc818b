"""Le classeur d'instruction standard d'une résidence sociale (une feuille par étape du support de
formation : complétude, prix de revient, plan de financement, subvention, surface utile, équilibre,
décision), et sa Synthèse, la page présentée au comité.

Les saisies sont jaunes et déverrouillées ; les calculs, gris et verrouillés ; les résultats clés
portent des noms globaux (``RES_…``) lus par ``rs-instruction lot`` et par les scripts : ces noms,
et ceux des saisies, sont une interface stable (README, « Les classeurs »).

Trois conventions tiennent les feuilles ensemble :
- une formule ne montre rien tant que ses saisies sont vides (``sauf``) ;
- une formule qui dépend d'un résultat en erreur montre ce message, qui nomme sa cause
  (``garde``), jamais un 0 : le plan de financement, les bilans et la synthèse le reprennent ;
- la couleur d'un résultat vient de sa valeur (``controle`` : rouge ou orange quand ça ne va pas,
  vert seulement quand le résultat est bon).

Seconde passe (issue 13, points 6 et 7), prévue sans déplacer l'existant : une feuille « Logements »
(typologie par type : nombre, surface habitable, occupants, redevance pratiquée ; NL qui s'en déduit ;
contrôle des surfaces minimales de l'annexe III et de la redevance par type) s'insère après
« Opération » (``_logements``) ; TYPE_STRUCTURE et NATURE (avec la VEFA) décideront des règles de MQ
(``_ARGUMENT_RESIDENCE_SOCIALE``) et des termes de label et d'accessibilité. Les tests et les
exemples désignent les cellules par leur nom défini, pas par leur adresse.
"""

from __future__ import annotations

from udfs.classeurs.spec import (ALERTE, ANNEE, CALCUL, COEF, DATE, DEFICIT, ECART, ENTETE, ENTIER, EUROS,
                                 EUROS_M2, M2, NOTE, POURCENT, RESULTAT, SAISIE, SIGNE, SOUS_TITRE, TITRE,
                                 VERDICT, Courbes, Disposition, Modele, Saisie, garde, vide)
from udfs.regles.surfaces import CATEGORIES

IDENTIFIANT = "instruction_residence_sociale"
NB_LIGNES_LOCAUX = 40
LIGNE_LOCAUX = 6                       # première ligne de la table des locaux
NB_LIGNES_REDEVANCE = 12
LIGNE_REDEVANCE = 26                   # première ligne de la table des redevances maximums
LIGNE_PROJECTION = 5                   # année 1 de la projection (feuille Projection)
DUREE_PROJECTION = 40

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
LIGNE_PIECES = 5
STRUCTURES = ("Résidence sociale", "Pension de famille", "Résidence accueil", "Foyer de jeunes travailleurs",
              "Foyer de travailleurs migrants")
NATURES = ("Neuf", "Acquisition-amélioration")
ZONES = ("1", "1 bis", "2", "3")
LABELS = ("Aucun", "BBC", "Qualitel", "BBC + Qualitel", "HPE rénovation", "BBC rénovation")
ASCENSEURS = ("Aucun", "Type 1", "Type 2", "Type 3")
PRETS = ("PLAI", "PLUS")
TYPES_LOGEMENT = ("T1", "T1'", "T1 bis", "T2", "T3", "T4", "T5", "T6", "T7")
AVIS = ("Favorable", "Favorable sous conditions", "Ajournement", "Défavorable")

# L'argument residence_sociale de MQ_FOYER (plafond 0,18, formule des petits logements). Seconde
# passe : il se déduira de TYPE_STRUCTURE (un foyer de travailleurs migrants n'est pas une
# résidence sociale tant qu'il n'est pas transformé).
_ARGUMENT_RESIDENCE_SOCIALE = "TRUE"

# Le plan de financement en clair, sans formule de texte (TEXTE dépend de la langue du poste) :
# format à trois sections, positif ; négatif (affiché sans signe) ; zéro.
# Résultats repris d'une autre feuille ou d'un autre bloc : leur message d'erreur est résumé (``garde``)
_SU, _PR = ("SURFACE_UTILE", "Surface utile"), ("PRIX_DE_REVIENT", "Prix de revient")
_TAUX, _ANNUITES = ("TAUX_PRET_CDC", "Taux du prêt"), ("ANNUITES", "Annuités")

FORMAT_ECART = '"Excédent : "#,##0.00 "€";"Besoin non financé : "#,##0.00 "€";"Équilibré"'


def modele() -> Modele:
    m = Modele(IDENTIFIANT, "Instruction d'une résidence sociale (PLAI)")
    _operation(m)
    _completude(m)
    _surfaces(m)
    _prix_revient(m)
    _financement(m)
    _subvention(m)
    _bilans(m)
    _projection(m)
    _parametres(m)
    _synthese(m)
    return m


def _operation(m: Modele) -> None:
    f = m.feuille("Opération", largeurs={"A": 46, "B": 34, "C": 10, "D": 64})
    d = Disposition(f, "Présentation de l'opération",
                    "Cellules jaunes : à saisir. Cellules grises : calculées, protégées.")
    d.section("Identification")
    d.ligne("Nom de l'opération", saisie=Saisie("texte", obligatoire=True), nom="OPERATION", lignes=2)
    d.ligne("Numéro du dossier dans SIAP", saisie=Saisie("texte"), nom="NUMERO_SIAP")
    d.ligne("Commune", saisie=Saisie("texte"), nom="COMMUNE")
    d.ligne("Maître d'ouvrage (bailleur)", saisie=Saisie("texte"), nom="BAILLEUR")
    d.ligne("Gestionnaire", saisie=Saisie("texte"), nom="GESTIONNAIRE")
    d.ligne("Type de structure", saisie=Saisie("liste", STRUCTURES, obligatoire=True), nom="TYPE_STRUCTURE")
    d.section("Caractéristiques réglementaires")
    d.ligne("Zone (arrêté du 5 mai 1995, art. 6)", saisie=Saisie("liste", ZONES, obligatoire=True),
            nom="ZONE", source="Zone I, II ou III de l'arrêté ; 1 bis prend les valeurs de la zone 1")
    d.ligne("Nature de l'opération", saisie=Saisie("liste", NATURES, obligatoire=True), nom="NATURE")
    d.ligne("Date de dépôt de la demande", saisie=Saisie("date"), format=DATE, nom="DATE_DEPOT")
    d.ligne("Date de la décision de subvention", saisie=Saisie("date", obligatoire=True), format=DATE,
            nom="DATE_DECISION", source="Fixe le régime : assiette × taux jusqu'au 27/09/2022, forfait ensuite")
    d.ligne("Régime de subvention", "=REGIME_SUBVENTION(DATE_DECISION)", nom="REGIME", sauf=vide("DATE_DECISION"))
    d.ligne("Nombre de logements et chambres (NL)", saisie=Saisie("entier", minimum=1, obligatoire=True),
            format=ENTIER, nom="NB_LOGEMENTS", lignes=2,
            source="Un groupe de chambres à accès commun compte pour un logement (arrêté du 17/10/2011, art. 11)")
    d.ligne("PLAI adapté (II de l'art. D. 331-1 du CCH)", saisie=Saisie("liste", OUI_NON), nom="PLAI_ADAPTE")
    d.ligne("Nombre de garages", saisie=Saisie("entier", minimum=0), format=ENTIER, nom="NB_GARAGES")
    d.ligne("Type de garages", saisie=Saisie("liste", ("Enterré", "Superstructure")), nom="TYPE_GARAGES")


# Résultats dont la Complétude suit le calcul : (libellé, nom, condition « pas encore calculé »)
RESULTATS_SUIVIS = (
    ("Surface utile SU", "SURFACE_UTILE", "SURFACE_UTILE=0"),
    ("Coefficient de structure CS", "CS", None),
    ("Majoration pour qualité MQ", "MQ", None),
    ("Assiette de subvention", "ASSIETTE", None),
    ("Subvention PLAI de l'État", "SUBVENTION", None),
    ("Prix de revient", "PRIX_DE_REVIENT", None),
    ("Plafonds de l'annexe I", "ALERTES_PRIX_REVIENT_TEXTE", None),
    ("Plan de financement", "ECART_PLAN", None),
    ("Taux du prêt", "TAUX_PRET_CDC", None),
    ("Annuités", "ANNUITES", None),
    ("Résultat du bailleur", "RESULTAT_BAILLEUR", None),
    ("Résultat du gestionnaire", "RESULTAT_GESTIONNAIRE", None),
    ("Projection sur 40 ans", "ANNEE_DEFICIT", None),
    ("Contrôle de la redevance", "CONTROLE_REDEVANCE_TEXTE", None),
)


def _completude(m: Modele) -> None:
    f = m.feuille("Complétude", largeurs={"A": 66, "B": 16, "C": 84}, une_page=True)
    f.mettre("A1", "Complétude du dossier et du calcul", TITRE)
    f.mettre("A2", "Pour chaque pièce : Oui (fournie), Non (manquante) ou Sans objet.", NOTE)
    f.mettre("A4", "Pièce", ENTETE)
    f.mettre("B4", "Fournie", ENTETE)
    f.mettre("C4", "Observation", ENTETE)
    for i, piece in enumerate(PIECES, start=LIGNE_PIECES):
        f.mettre(f"A{i}", piece)
        f.mettre(f"B{i}", None, SAISIE, saisie=Saisie("liste", ("Oui", "Non", "Sans objet")),
                 libelle=f"Fournie : {piece}")
        f.mettre(f"C{i}", None, SAISIE, saisie=Saisie("texte"), libelle=f"Observation : {piece}", renvoi=True)
    fin = LIGNE_PIECES + len(PIECES) - 1
    f.plages["PIECES_FOURNIES"] = f"B{LIGNE_PIECES}:B{fin}"
    f.mettre(f"A{fin + 2}", "Pièces manquantes ou non renseignées")
    f.mettre(f"B{fin + 2}", f'=COUNTIF(B{LIGNE_PIECES}:B{fin},"Non")+COUNTBLANK(B{LIGNE_PIECES}:B{fin})', CALCUL,
             format=ENTIER, nom="PIECES_MANQUANTES")
    f.mettre(f"A{fin + 3}", "Pièces du dossier")
    f.mettre(f"B{fin + 3}", '=IF(PIECES_MANQUANTES=0,"Complet","Incomplet")', RESULTAT, nom="RES_COMPLETUDE",
             controle=VERDICT)

    # Le calcul : chaque résultat clé, calculé, à compléter ou en erreur (avec sa cause)
    n = fin + 5
    f.mettre(f"A{n}", "Calcul des résultats", "sous_titre")
    f.mettre(f"A{n + 1}", "Résultat", ENTETE)
    f.mettre(f"B{n + 1}", "État", ENTETE)
    f.mettre(f"C{n + 1}", "Cause", ENTETE)
    premiere = n + 2
    for i, (libelle, nom, pas_calcule) in enumerate(RESULTATS_SUIVIS, start=premiere):
        attente = f'{nom}&""=""' + (f",{pas_calcule}" if pas_calcule else "")
        f.mettre(f"A{i}", libelle)
        f.mettre(f"B{i}", f'=IF(IFERROR(LEFT({nom},1)="#",TRUE),"En erreur",IF(OR({attente}),"À compléter",'
                          f'IF(LEFT({nom},9)="Sans obje","Sans objet","Calculé")))', CALCUL, controle=VERDICT)
        f.mettre(f"C{i}", f'=IF(B{i}="En erreur",IFERROR({nom}&"","erreur du tableur"),"")', CALCUL, renvoi=True,
                 libelle=f"Cause : {libelle}")
        f.hauteurs[i] = 26              # la cause tient sur deux lignes
    derniere = premiere + len(RESULTATS_SUIVIS) - 1
    etats = f"B{premiere}:B{derniere}"
    liste = "&".join(f'IF(B{i}="En erreur"," ; "&A{i},"")' for i in range(premiere, derniere + 1))
    f.mettre(f"A{derniere + 2}", "Calcul des résultats", RESULTAT)
    f.mettre(f"B{derniere + 2}",
             f'=IF(COUNTIF({etats},"En erreur")>0,"En erreur : "&MID({liste},4,2000),'
             f'IF(COUNTIF({etats},"À compléter")>0,"À compléter : "&COUNTIF({etats},"À compléter")&'
             f'" résultat(s) sur {len(RESULTATS_SUIVIS)}","Complet"))',
             RESULTAT, nom="RES_CALCUL", controle=VERDICT, renvoi=True)
    f.fusions.append(f"B{derniere + 2}:C{derniere + 2}")
    f.hauteurs[derniere + 2] = 30


def _surfaces(m: Modele) -> None:
    f = m.feuille("Surfaces", paysage=False, largeurs={"A": 38, "B": 16, "C": 18, "D": 10, "E": 12, "F": 15, "G": 15})
    f.mettre("A1", "Surface utile (SU) et surface des locaux collectifs (SLC)", TITRE)
    f.mettre("A2", "Catégories : " + ", ".join(CATEGORIES) + ". SU = logements + privatifs + ½ annexes ; "
             "SLC = collectifs + circulations horizontales (arrêté du 17/10/2011, art. 11 II).", NOTE, renvoi=True)
    f.mettre("A3", "Privatif : local réservé à moins de la moitié des résidents (imputé à la SU). "
             "Collectif : utilisable par au moins la moitié des résidents.", NOTE, renvoi=True)
    f.fusions += ["A2:G2", "A3:G3"]
    f.hauteurs.update({2: 28, 3: 28})
    entetes = ("Local", "Catégorie", "Surface unitaire", "Nombre", "Nature", "Compté en SU", "Compté en SLC")
    for col, texte in zip("ABCDEFG", entetes):
        f.mettre(f"{col}5", texte, ENTETE)
    fin = LIGNE_LOCAUX + NB_LIGNES_LOCAUX - 1
    for k, i in enumerate(range(LIGNE_LOCAUX, fin + 1), start=1):
        f.mettre(f"A{i}", None, SAISIE, saisie=Saisie("texte"), libelle=f"Local n° {k}")
        f.mettre(f"B{i}", None, SAISIE, saisie=Saisie("liste", tuple(CATEGORIES)), libelle=f"Catégorie du local n° {k}")
        f.mettre(f"C{i}", None, SAISIE, format=M2, saisie=Saisie("nombre", minimum=0),
                 libelle=f"Surface unitaire du local n° {k}")
        f.mettre(f"D{i}", None, SAISIE, format=ENTIER, saisie=Saisie("entier", minimum=0),
                 libelle=f"Nombre de locaux n° {k}")
        f.mettre(f"E{i}", f'=IF(B{i}="","",NATURE_SURFACE(B{i}))', CALCUL, libelle=f"Nature du local n° {k}")
        f.mettre(f"F{i}", f'=IF(B{i}="","",SU_FOYER(C{i},B{i},D{i}))', CALCUL, format=M2,
                 libelle=f"SU du local n° {k}")
        f.mettre(f"G{i}", f'=IF(B{i}="","",SLC_FOYER(C{i},B{i},D{i}))', CALCUL, format=M2,
                 libelle=f"SLC du local n° {k}")
    f.plages["LOCAUX"] = f"A{LIGNE_LOCAUX}:D{fin}"
    plage = f"C{LIGNE_LOCAUX}:C{fin},B{LIGNE_LOCAUX}:B{fin},D{LIGNE_LOCAUX}:D{fin}"
    f.mettre(f"A{fin + 2}", "Surface utile SU", RESULTAT)
    f.mettre(f"F{fin + 2}", f"=SU_FOYER({plage})", RESULTAT, format=M2, nom="SURFACE_UTILE")
    f.mettre(f"A{fin + 3}", "Surface des locaux collectifs SLC", RESULTAT)
    f.mettre(f"G{fin + 3}", f"=SLC_FOYER({plage})", RESULTAT, format=M2, nom="SURFACE_COLLECTIVE")
    f.mettre(f"A{fin + 4}", "Surface utile moyenne par logement")
    f.mettre(f"F{fin + 4}", '=IF(ISBLANK(NB_LOGEMENTS),"",' + garde("SURFACE_UTILE/NB_LOGEMENTS", "SURFACE_UTILE")[1:] + ")",
             CALCUL, format=M2)


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
    sauf_pr = vide("CHARGE_FONCIERE", "TRAVAUX")
    d.ligne("Prix de revient", "=PRIX_REVIENT(CHARGE_FONCIERE,TRAVAUX,HONORAIRES,REVISIONS,INTERETS_PREFINANCEMENT)",
            format=EUROS, nom="PRIX_DE_REVIENT", style=RESULTAT, sauf=sauf_pr)
    d.ligne("Prix de revient par m² de SU", garde("=PRIX_DE_REVIENT/SURFACE_UTILE", "PRIX_DE_REVIENT", _SU),
            format=EUROS_M2, sauf=vide("CHARGE_FONCIERE", "TRAVAUX", "SURFACE_UTILE=0"))
    d.ligne("Prix de revient par logement", garde("=PRIX_DE_REVIENT/NB_LOGEMENTS", "PRIX_DE_REVIENT"), format=EUROS,
            nom="PRIX_PAR_LOGEMENT", sauf=vide("CHARGE_FONCIERE", "TRAVAUX", "NB_LOGEMENTS"))
    d.section("Répartition (repères du support : foncier ≈ 30 %, travaux ≈ 60 %, honoraires ≈ 7 %)")
    for libelle, formule in (("Part de la charge foncière", "CHARGE_FONCIERE/PRIX_DE_REVIENT"),
                             ("Part des travaux", "TRAVAUX/PRIX_DE_REVIENT"),
                             ("Part des honoraires", "HONORAIRES/PRIX_DE_REVIENT"),
                             ("Part des révisions et intérêts", "(REVISIONS+INTERETS_PREFINANCEMENT)/PRIX_DE_REVIENT")):
        d.ligne(libelle, garde("=" + formule, "PRIX_DE_REVIENT"), format=POURCENT, sauf=sauf_pr)
    d.section("Contrôles de l'annexe I (montants inclus ci-dessus)")
    d.ligne("Abords, espaces libres (en charge foncière)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="ABORDS", source="≤ 4 % des travaux")
    d.ligne("Coût total des fondations", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="COUT_FONDATIONS")
    d.ligne("Part des fondations portée en charge foncière", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="FONDATIONS_IMPUTEES", source="Part au-delà de 10 % et dans la limite de 20 % des travaux")
    d.ligne("Surcoûts d'adaptation aux contraintes foncières", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="SURCOUTS_FONCIERS", source="≤ 5 % des travaux")
    d.ligne("Frais de direction d'investissement", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="FRAIS_DIRECTION", source="0,13 % (≤ 30 logts), 0,10 % (31 à 50), 0,07 % (51 et plus) des travaux",
            lignes=2)
    d.ligne("Coûts internes de maîtrise d'ouvrage", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="COUTS_INTERNES", source="≤ 1,5 % des travaux + 8 × valeur de base")
    d.ligne("Alertes", garde("=ALERTES_PRIX_REVIENT(TRAVAUX,NB_LOGEMENTS,ABORDS,COUT_FONDATIONS,FONDATIONS_IMPUTEES,"
                             "SURCOUTS_FONCIERS,FRAIS_DIRECTION,COUTS_INTERNES,VB_RETENUE,DATE_DECISION)"),
            nom="ALERTES_PRIX_REVIENT_TEXTE", style=RESULTAT, controle=ALERTE, lignes=4,
            sauf=vide("TRAVAUX", "NB_LOGEMENTS", "DATE_DECISION"))
    # l'alerte est longue : sa cellule s'étend sur les colonnes B à D
    f.fusions.append(f"B{d.n - 1}:D{d.n - 1}")


def _financement(m: Modele) -> None:
    f = m.feuille("Plan de financement", largeurs={"A": 62, "B": 30, "C": 8, "D": 58})
    d = Disposition(f, "Plan de financement et prêts",
                    "Repères du support : fonds propres 0 à 9 %, subventions ≈ 20 %, prêts 70 à 79 %.")
    d.section("Ressources")
    d.ligne("Fonds propres du maître d'ouvrage", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="FONDS_PROPRES")
    # Pas de zéro silencieux : une subvention en erreur est reprise avec sa cause, et le plan aussi
    d.ligne("Subvention de l'État (PLAI)",
            '=IF(ISNUMBER(SUBVENTION),SUBVENTION,IF(SUBVENTION&""="","À calculer (feuille Subvention)",'
            '"#Subvention en erreur"))', format=EUROS, nom="SUBV_ETAT", lignes=2)
    # … et sa cause en clair, à côté
    f.mettre(f"D{d.n - 1}", '=IF(IFERROR(LEFT(SUBVENTION,1)="#",FALSE),"Feuille Subvention : "&MID(SUBVENTION,2,2000),'
             '"Feuille Subvention")', NOTE, renvoi=True)
    d.ligne("Subventions des collectivités (commune, EPCI, département, région)", saisie=Saisie("nombre", minimum=0),
            format=EUROS, nom="SUBV_COLLECTIVITES")
    d.ligne("Action Logement", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="SUBV_ACTION_LOGEMENT")
    d.ligne("Autres subventions (CAF, CGLLS, FEDER…)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="SUBV_AUTRES")
    d.ligne("Prêt CDC principal (capital)", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="PRET_CAPITAL")
    d.ligne("Prêt CDC foncier (capital)", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="PRET_FONCIER_CAPITAL")
    d.ligne("Autres prêts (capital)", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="AUTRES_PRETS")
    d.ligne("Total des subventions", garde("=SUBV_ETAT+SUBV_COLLECTIVITES+SUBV_ACTION_LOGEMENT+SUBV_AUTRES", "SUBV_ETAT"),
            format=EUROS, nom="TOTAL_SUBVENTIONS")
    d.ligne("Total des prêts", "=PRET_CAPITAL+PRET_FONCIER_CAPITAL+AUTRES_PRETS", format=EUROS, nom="TOTAL_PRETS")
    d.ligne("Total des ressources", garde("=FONDS_PROPRES+TOTAL_SUBVENTIONS+TOTAL_PRETS", "TOTAL_SUBVENTIONS"),
            format=EUROS, style=RESULTAT)
    d.ligne("Contrôle : équilibre avec le prix de revient",
            garde("=PLAN_FINANCEMENT_ECART(PRIX_DE_REVIENT,FONDS_PROPRES,TOTAL_SUBVENTIONS,TOTAL_PRETS)",
                  _PR, "TOTAL_SUBVENTIONS"),
            format=FORMAT_ECART, nom="ECART_PLAN", style=RESULTAT, controle=ECART,
            sauf=vide("CHARGE_FONCIERE", "TRAVAUX"))
    d.section("Répartition")
    sauf_pr = vide("CHARGE_FONCIERE", "TRAVAUX")
    d.ligne("Part des fonds propres", garde("=FONDS_PROPRES/PRIX_DE_REVIENT", _PR), format=POURCENT,
            sauf=sauf_pr)
    d.ligne("Part des subventions", garde("=TOTAL_SUBVENTIONS/PRIX_DE_REVIENT", _PR, "TOTAL_SUBVENTIONS"),
            format=POURCENT, sauf=sauf_pr)
    d.ligne("Part des prêts", garde("=TOTAL_PRETS/PRIX_DE_REVIENT", _PR), format=POURCENT, sauf=sauf_pr)
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
            sauf='AND(ISBLANK(TAUX_PRET_SAISI),OR(ISBLANK(PRODUIT_PRET),ISBLANK(DATE_DECISION)))', lignes=2)
    d.ligne("Durée du prêt principal (années)", saisie=Saisie("entier", minimum=1), format=ENTIER, nom="DUREE_PRET")
    d.ligne("Durée du prêt foncier (années)", saisie=Saisie("entier", minimum=1), format=ENTIER, nom="DUREE_PRET_FONCIER")
    d.ligne("Progressivité des annuités (0 à 0,5 %)", saisie=Saisie("nombre", minimum=0, maximum=0.005),
            format=POURCENT, nom="PROGRESSIVITE")
    d.ligne("Annuité du prêt principal (1re année)",
            "=IF(PRET_CAPITAL=0,0," + garde("ANNUITE_PRET(PRET_CAPITAL,TAUX_PRET_CDC,DUREE_PRET,PROGRESSIVITE)",
                                            _TAUX)[1:] + ")", format=EUROS)
    ref_principal = f"B{d.n - 1}"
    d.ligne("Annuité du prêt foncier (1re année)",
            "=IF(PRET_FONCIER_CAPITAL=0,0," + garde("ANNUITE_PRET(PRET_FONCIER_CAPITAL,TAUX_PRET_CDC,DUREE_PRET_FONCIER,"
                                                    "PROGRESSIVITE)", _TAUX)[1:] + ")",
            format=EUROS)
    ref_foncier = f"B{d.n - 1}"
    d.ligne("Annuités des autres prêts (1re année)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="ANNUITES_AUTRES")
    d.ligne("Total des annuités (1re année)", garde(f"={ref_principal}+{ref_foncier}+ANNUITES_AUTRES",
                                                   ref_principal, ref_foncier),
            format=EUROS, nom="ANNUITES", style=RESULTAT)


def _subvention(m: Modele) -> None:
    f = m.feuille("Subvention", largeurs={"A": 56, "B": 30, "C": 8, "D": 62})
    d = Disposition(f, "Calcul de la subvention PLAI",
                    "AS = VB × CS × SU × (1 + MQ + ML) + CFG × NG (arrêté du 5 mai 1995, art. 1) ; "
                    "depuis le 28/09/2022 : montant par logement plafonné (R. 331-15).")
    sauf_su = vide("NB_LOGEMENTS", "DATE_DECISION", "SURFACE_UTILE=0")
    d.section("Coefficient de structure")
    d.ligne("Surface utile SU", "=SURFACE_UTILE", format=M2)
    d.ligne("Nombre de logements NL", "=NB_LOGEMENTS", format=ENTIER)
    d.ligne("CS = 0,77 × (1 + NL × 38 / SU)", garde("=CS_FOYER(NB_LOGEMENTS,SURFACE_UTILE,DATE_DECISION)",
                                                  _SU),
            format=COEF, nom="CS", source="Arrêté du 5 mai 1995, art. 2 bis", sauf=sauf_su)
    d.section("Critères de qualité (écran SIAP « Critères de qualité », arrêté du 17 octobre 2011)")
    d.ligne("Surface des locaux collectifs SLC", "=SURFACE_COLLECTIVE", format=M2)
    d.ligne("Labels", saisie=Saisie("liste", LABELS), nom="LABEL")
    d.ligne("Typologie d'ascenseur (ascenseur non obligatoire)", saisie=Saisie("liste", ASCENSEURS), nom="ASCENSEUR")
    d.ligne("Part des travaux d'accessibilité (acquisition-amélioration)", saisie=Saisie("nombre", minimum=0, maximum=1),
            format=POURCENT, nom="PART_ACCESSIBILITE", source="Retenue dans la limite de 4 %")
    d.ligne("MQ (bornée à [0 ; 0,18] pour une résidence sociale)",
            garde("=MQ_FOYER(NB_LOGEMENTS,SURFACE_UTILE,SURFACE_COLLECTIVE,LABEL,ASCENSEUR,PART_ACCESSIBILITE,"
                  f"{_ARGUMENT_RESIDENCE_SOCIALE},DATE_DECISION,,,,NATURE)", _SU, ("SURFACE_COLLECTIVE", "SLC")),
            format=COEF, nom="MQ", source="Chapitre IV : SLC, taille, label, ascenseur, accessibilité", sauf=sauf_su)
    d.ligne("ML (majoration locale fixée par le préfet)", saisie=Saisie("nombre", minimum=0, maximum=0.3),
            format=COEF, nom="ML", source="CM = MQ + ML plafonné à 0,30")
    d.section("Assiette (décisions jusqu'au 27/09/2022)")
    d.ligne("Valeur de base retenue VB",
            '=IF(ISBLANK(VB_SAISIE),IF(REGIME="assiette × taux",VALEUR_BASE(ZONE,"logement-foyer",DATE_DECISION),""),'
            'VB_SAISIE)',
            format=EUROS_M2, nom="VB_RETENUE", source="Valeur publiée, ou celle de la feuille Paramètres",
            sauf=vide("DATE_DECISION", "ZONE"), lignes=2)
    d.ligne("Coût forfaitaire d'un garage CFG",
            '=IF(NB_GARAGES>0,IF(ISBLANK(CFG_SAISIE),IF(REGIME="assiette × taux",'
            'COUT_GARAGE(ZONE,TYPE_GARAGES,DATE_DECISION),0),CFG_SAISIE),0)',
            format=EUROS, nom="CFG_RETENU")
    d.ligne("Assiette de subvention AS",
            '=IF(VB_RETENUE&""="","Sans objet (régime forfaitaire, valeur de base non saisie)",' +
            garde("ASSIETTE_SUBVENTION(VB_RETENUE,CS,SURFACE_UTILE,MQ,ML,CFG_RETENU,NB_GARAGES,NB_LOGEMENTS,"
                  "DATE_DECISION)", ("VB_RETENUE", "Valeur de base"), ("CS", "CS"), ("MQ", "MQ"),
                  ("CFG_RETENU", "Coût des garages"))[1:] + ")",
            format=EUROS, nom="ASSIETTE", style=RESULTAT,
            sauf=vide("NB_LOGEMENTS", "DATE_DECISION", "ZONE", "SURFACE_UTILE=0"))
    d.ligne("Taux de subvention (Paramètres)", "=IF(ISBLANK(TAUX_SAISI),\"\",TAUX_SAISI)", format=POURCENT)
    d.section("Montant par logement (décisions depuis le 28/09/2022)")
    d.ligne("Plafond réglementaire par logement",
            '=PLAFOND_SUBVENTION(DATE_DECISION,PLAI_ADAPTE="Oui",DEROGATION_SAISIE)', format=EUROS,
            source="20 000 € ; 60 000 € en PLAI adapté ; + dérogation régionale",
            sauf='OR(ISBLANK(DATE_DECISION),REGIME="assiette × taux")')
    d.ligne("Montant par logement retenu (Paramètres)", "=IF(ISBLANK(FORFAIT_SAISI),\"\",FORFAIT_SAISI)", format=EUROS)
    d.section("Subvention")
    appel = ('SUBVENTION_PLAI(DATE_DECISION,NB_LOGEMENTS,{assiette},TAUX_SAISI,FORFAIT_SAISI,PLAI_ADAPTE="Oui",'
             'DEROGATION_SAISIE)')
    d.ligne("Subvention PLAI de l'État",
            '=IF(REGIME="assiette × taux",' + garde(appel.format(assiette="ASSIETTE"), ("ASSIETTE", "Assiette"))[1:] + ","
            + appel.format(assiette='""') + ")",
            format=EUROS, nom="SUBVENTION", style=RESULTAT,
            sauf=vide("NB_LOGEMENTS", "DATE_DECISION", "ZONE", "SURFACE_UTILE=0"))
    d.ligne("Subvention par logement", garde("=SUBVENTION/NB_LOGEMENTS", ("SUBVENTION", "Subvention")),
            format=EUROS, nom="SUBVENTION_PAR_LOGEMENT")


_SAUF_PROJECTION = vide("LOYER_IMMOBILIER", "REDEVANCES", "INDEXATION_RECETTES", "INDEXATION_CHARGES")
_ARGS_PROJECTION = ("LOYER_IMMOBILIER,ANNUITES,PROJ_CHARGES_BAILLEUR,PROJ_RECETTES_GESTIONNAIRE,"
                    f"PROJ_CHARGES_GESTIONNAIRE,INDEXATION_RECETTES,INDEXATION_CHARGES,{DUREE_PROJECTION},"
                    "PROGRESSIVITE,DUREE_PRET,TFPB,EXONERATION_TFPB")


def _bilans(m: Modele) -> None:
    f = m.feuille("Bilans", largeurs={"A": 56, "B": 30, "C": 8, "D": 60}, une_page=True)
    d = Disposition(f, "Équilibre de l'opération",
                    "Équilibrée quand le loyer immobilier couvre les charges du bailleur et que le "
                    "gestionnaire peut le payer sur les redevances après ses charges d'exploitation.")
    d.section("Bilan d'investissement du bailleur (annuel, 1re année)")
    d.ligne("Loyer immobilier versé par le gestionnaire", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="LOYER_IMMOBILIER")
    d.ligne("Remboursement des prêts (annuités)", "=ANNUITES", format=EUROS)
    d.ligne("TFPB annuelle, hors exonération", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="TFPB",
            source="Montant de l'année 1 si elle était due ; indexée comme les charges dans la projection")
    d.ligne("Durée de l'exonération de TFPB (années)", saisie=Saisie("entier", minimum=0, maximum=40),
            format=ENTIER, nom="EXONERATION_TFPB", lignes=3,
            source="CGI art. 1384 A : 15 ans, portés à 25 ans pour les décisions du 01/07/2004 au "
                   "31/12/2022 (« T.F.P.B. (Exo. 25 ans) » du support) ; au-delà, durée à vérifier")
    d.ligne("TFPB de l'année 1", "=IF(EXONERATION_TFPB>=1,0,TFPB)", format=EUROS, nom="TFPB_ANNEE_1",
            source="0 pendant l'exonération")
    d.ligne("Provision pour gros entretien (PGR)", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="PGR")
    d.ligne("Frais de structure / de gestion", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="FRAIS_GESTION")
    d.ligne("Prime d'assurance", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="ASSURANCE")
    d.ligne("Résultat du bailleur",
            garde("=BILAN_BAILLEUR(LOYER_IMMOBILIER,ANNUITES,TFPB_ANNEE_1,PGR,FRAIS_GESTION,ASSURANCE)", _ANNUITES),
            format=EUROS, nom="RESULTAT_BAILLEUR", style=RESULTAT, sauf=vide("LOYER_IMMOBILIER"), controle=SIGNE)
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
            format=EUROS, nom="RESULTAT_GESTIONNAIRE", style=RESULTAT, sauf=vide("REDEVANCES", "LOYER_IMMOBILIER"),
            controle=SIGNE)
    d.section("Verdict")
    d.ligne("Équilibre de l'opération",
            garde("=EQUILIBRE_OPERATION(RESULTAT_BAILLEUR,RESULTAT_GESTIONNAIRE)", "RESULTAT_BAILLEUR",
                  "RESULTAT_GESTIONNAIRE"),
            nom="VERDICT", style=RESULTAT, sauf=vide("REDEVANCES", "LOYER_IMMOBILIER"), controle=VERDICT, lignes=2)
    f.fusions.append(f"B{d.n - 1}:D{d.n - 1}")
    d.section("Valeurs d'équilibre")
    d.ligne("Loyer immobilier qui équilibre le bailleur",
            garde("=LOYER_EQUILIBRE_BAILLEUR(ANNUITES,TFPB_ANNEE_1,PGR,FRAIS_GESTION,ASSURANCE)", _ANNUITES),
            format=EUROS, sauf=vide("LOYER_IMMOBILIER"))
    d.ligne("Redevances annuelles qui équilibrent le gestionnaire",
            "=REDEVANCE_EQUILIBRE(PRESTATIONS,SUBV_FONCTIONNEMENT,LOYER_IMMOBILIER,FRAIS_SIEGE,PERSONNEL,"
            "PROVISIONS_ENTRETIEN,CHARGES_RECUPERABLES,TAUX_VACANCE)", format=EUROS,
            sauf=vide("REDEVANCES", "LOYER_IMMOBILIER"))
    d.ligne("Subvention complémentaire qui équilibre le bailleur",
            garde("=SUBVENTION_EQUILIBRE(MAX(0,-RESULTAT_BAILLEUR),TAUX_PRET_CDC,DUREE_PRET)", "RESULTAT_BAILLEUR",
                  _TAUX), format=EUROS,
            source="Capital de prêt en moins dont l'annuité couvre le déficit",
            sauf=vide("LOYER_IMMOBILIER", "DUREE_PRET", "PRODUIT_PRET", "DATE_DECISION"))
    d.note("Projection sur 40 ans (indexations, première année de déficit, tableau et graphique) : "
           "feuille Projection.")


def _projection(m: Modele) -> None:
    """Les résultats annuels sur 40 ans : hypothèses à droite, tableau à gauche (en-tête répété à
    chaque page imprimée), courbes sous les hypothèses, avec la ligne zéro (l'axe des années coupe
    celui des montants à 0)."""
    entete = LIGNE_PROJECTION - 1
    f = m.feuille("Projection", largeurs={"A": 9, "B": 22, "C": 22, "D": 3, "E": 50, "F": 18},
                  lignes_titres=f"{entete}:{entete}")
    f.mettre("A1", "Projection des bilans sur 40 ans", TITRE)
    f.mettre("A2", "Recettes et charges indexées ; annuités jusqu'à la fin du prêt principal ; TFPB nulle "
             "pendant l'exonération, due ensuite et indexée comme les charges (« T.F.P.B. (Exo. 25 ans) » "
             "du support). Montants de l'année 1 : feuille Bilans.", NOTE, renvoi=True)
    f.fusions.append("A2:J2")
    f.hauteurs[2] = 28
    for col, texte in zip("ABC", ("Année", "Résultat du bailleur", "Résultat du gestionnaire")):
        f.mettre(f"{col}{entete}", texte, ENTETE)
    f.hauteurs[entete] = 28
    for k in range(1, DUREE_PROJECTION + 1):
        ligne = entete + k
        f.mettre(f"A{ligne}", k, CALCUL, format=ENTIER)
        for col, j in (("B", 2), ("C", 3)):
            f.mettre(f"{col}{ligne}",
                     f'=IF(PROJECTION_PRETE="Oui",INDEX(PROJECTION_BILANS({_ARGS_PROJECTION}),{k + 1},{j}),"")',
                     CALCUL, format=EUROS, controle=DEFICIT,
                     libelle=f"{'Résultat du bailleur' if col == 'B' else 'Résultat du gestionnaire'}, année {k}")
    fin = entete + DUREE_PROJECTION
    f.plages["PROJECTION"] = f"A{LIGNE_PROJECTION}:C{fin}"

    # Hypothèses et résultats, en E (libellé) et F (valeur)
    f.mettre(f"E{entete}", "Hypothèses d'indexation annuelle", SOUS_TITRE)
    f.mettre(f"F{entete}", None, SOUS_TITRE)
    lignes = [
        ("Indexation des recettes (loyer, redevances)", None, dict(saisie=Saisie("nombre", minimum=-0.5, maximum=0.5),
                                                                  format=POURCENT, nom="INDEXATION_RECETTES")),
        ("Indexation des charges", None, dict(saisie=Saisie("nombre", minimum=-0.5, maximum=0.5), format=POURCENT,
                                             nom="INDEXATION_CHARGES")),
        # les montants de l'année 1 regroupés une fois, pour des formules de projection courtes ; la
        # TFPB est à part (exonérée les premières années)
        ("Charges du bailleur hors annuités et TFPB (année 1)", "=PGR+FRAIS_GESTION+ASSURANCE",
         dict(format=EUROS, nom="PROJ_CHARGES_BAILLEUR")),
        ("Recettes du gestionnaire nettes de vacance (année 1)",
         "=REDEVANCES*(1-TAUX_VACANCE)+PRESTATIONS+SUBV_FONCTIONNEMENT",
         dict(format=EUROS, nom="PROJ_RECETTES_GESTIONNAIRE")),
        ("Charges du gestionnaire hors loyer (année 1)", "=FRAIS_SIEGE+PERSONNEL+PROVISIONS_ENTRETIEN+CHARGES_RECUPERABLES",
         dict(format=EUROS, nom="PROJ_CHARGES_GESTIONNAIRE")),
        ("TFPB annuelle hors exonération (feuille Bilans)", "=TFPB", dict(format=EUROS)),
        ("Années d'exonération de TFPB (feuille Bilans)", "=EXONERATION_TFPB", dict(format=ENTIER)),
        ("Première année de déficit", '=IF(' + _SAUF_PROJECTION + ',"",' +
         garde("PREMIERE_ANNEE_NEGATIVE(" + _ARGS_PROJECTION + ")", _ANNUITES)[1:] + ")",
         dict(format=ENTIER, nom="ANNEE_DEFICIT", style=RESULTAT, controle=ANNEE)),
        ("Projection calculable",
         f'=IF({_SAUF_PROJECTION},"Non : loyer, redevances et indexations à saisir",'
         'IF(IFERROR(LEFT(ANNEE_DEFICIT,1)="#",TRUE),"Non : voir la première année de déficit","Oui"))',
         dict(nom="PROJECTION_PRETE")),
    ]
    for i, (libelle, contenu, options) in enumerate(lignes, start=entete + 1):
        f.mettre(f"E{i}", libelle)
        style = options.pop("style", SAISIE if "saisie" in options else CALCUL)
        f.mettre(f"F{i}", contenu, style, libelle=libelle, **options)
    f.graphiques.append(Courbes("Résultats annuels (€)", f"E{entete + len(lignes) + 2}",
                                abscisses=f"A{LIGNE_PROJECTION}:A{fin}", series=f"B{entete}:C{fin}",
                                titre_abscisses="Année", titre_ordonnees="€ par an",
                                largeur_cm=17, hauteur_cm=9.5))
    # le graphique déborde de la colonne F : la zone d'impression doit le comprendre
    f.mettre(f"J{entete}", None, NOTE)


def _parametres(m: Modele) -> None:
    f = m.feuille("Paramètres", largeurs={"A": 52, "B": 18, "C": 14, "D": 14, "E": 14, "F": 60})
    d = Disposition(f, "Paramètres saisis par le service",
                    "Valeurs que les textes ne publient pas : chacune avec sa source (note, arrêté "
                    "préfectoral, programmation). Les valeurs réglementaires datées (Livret A, plafonds, "
                    "valeurs de base publiées) sont fournies avec le complément.", derniere_colonne="F",
                    fin_source="F")
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
    _redevance(m, f, d)


def _redevance(m: Modele, f, d: Disposition) -> None:
    """Contrôle de la redevance (type dominant). Seconde passe : par type, sur la feuille Logements."""
    d.section("Redevance")
    d.ligne("Type de logement dominant", saisie=Saisie("liste", TYPES_LOGEMENT), nom="TYPE_LOGEMENT")
    d.ligne("Redevance pratiquée (€ par mois, L + C)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="REDEVANCE_PRATIQUEE")
    d.ligne("Part charges (C) de la redevance (€ par mois)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="REDEVANCE_CHARGES")
    d.ligne("Redevance maximum applicable",
            "=REDEVANCE_MAXIMUM(TABLE_REDEVANCES,TYPE_LOGEMENT,ZONE,PRODUIT_PRET,DATE_DECISION)", format=EUROS,
            nom="REDEVANCE_MAX", sauf=vide("TYPE_LOGEMENT", "ZONE", "PRODUIT_PRET", "DATE_DECISION"))
    d.ligne("Contrôle de la redevance", garde("=CONTROLE_REDEVANCE(REDEVANCE_PRATIQUEE,REDEVANCE_MAX)", "REDEVANCE_MAX"),
            nom="CONTROLE_REDEVANCE_TEXTE", style=RESULTAT, controle=VERDICT, lignes=2,
            sauf=vide("REDEVANCE_PRATIQUEE", "TYPE_LOGEMENT", "ZONE", "PRODUIT_PRET", "DATE_DECISION"))
    f.fusions.append(f"B{d.n - 1}:F{d.n - 1}")
    d.ligne("Part loyer (L) de la redevance", "=REDEVANCE_PRATIQUEE-REDEVANCE_CHARGES", format=EUROS,
            sauf=vide("REDEVANCE_PRATIQUEE"))
    n = LIGNE_REDEVANCE - 2
    f.mettre(f"A{n}", "Redevances maximums en € par mois (avis annuel relatif aux loyers et redevances maximums ; à saisir)",
             "sous_titre")
    for col, texte in zip("ABCDEF", ("Type", "Zone", "Prêt", "Maximum", "À compter du", "Source")):
        f.mettre(f"{col}{n + 1}", texte, ENTETE)
    for k, i in enumerate(range(LIGNE_REDEVANCE, LIGNE_REDEVANCE + NB_LIGNES_REDEVANCE), start=1):
        quoi = f"redevance maximum n° {k}"
        f.mettre(f"A{i}", None, SAISIE, saisie=Saisie("liste", TYPES_LOGEMENT), libelle=f"Type ({quoi})")
        f.mettre(f"B{i}", None, SAISIE, saisie=Saisie("liste", ZONES), libelle=f"Zone ({quoi})")
        f.mettre(f"C{i}", None, SAISIE, saisie=Saisie("liste", PRETS), libelle=f"Prêt ({quoi})")
        f.mettre(f"D{i}", None, SAISIE, format=EUROS, saisie=Saisie("nombre", minimum=0), libelle=f"Maximum ({quoi})")
        f.mettre(f"E{i}", None, SAISIE, format=DATE, saisie=Saisie("date"), libelle=f"À compter du ({quoi})")
        f.mettre(f"F{i}", None, SAISIE, saisie=Saisie("texte"), libelle=f"Source ({quoi})")
    f.plages["TABLE_REDEVANCES"] = f"A{LIGNE_REDEVANCE - 1}:E{LIGNE_REDEVANCE + NB_LIGNES_REDEVANCE - 1}"
    if d.n >= n:
        raise AssertionError("la table des redevances chevauche les paramètres")


def _a_saisir(nom: str) -> str:
    """Une saisie reprise dans la Synthèse : « À saisir » tant qu'elle est vide."""
    return f'=IF(ISBLANK({nom}),"À saisir",{nom})'


def _repris(nom: str, attente: str | None = None) -> str:
    """Un résultat repris dans la Synthèse : « À saisir » tant qu'il n'est pas calculable (vide),
    sinon sa valeur, message d'erreur compris."""
    test = f'{nom}&""=""' + (f",{attente}" if attente else "")
    return f'=IF(OR({test}),"À saisir",{nom})'


def _synthese(m: Modele) -> None:
    """La page présentée au comité : une page A4 imprimée, rien de coupé."""
    f = m.feuille("Synthèse", paysage=False, une_page=True, largeurs={"A": 44, "B": 64})
    d = Disposition(f, "Synthèse pour le comité : subvention PLAI d'une résidence sociale",
                    "Reprise des feuilles du classeur ; l'avis de l'instructeur (cellules jaunes) se saisit ici.",
                    derniere_colonne="B", horizontal="left")
    d.section("Identification")
    d.ligne("Opération", _a_saisir("OPERATION"), lignes=2)
    d.ligne("Numéro SIAP", _a_saisir("NUMERO_SIAP"))
    d.ligne("Commune", _a_saisir("COMMUNE"))
    d.ligne("Maître d'ouvrage", _a_saisir("BAILLEUR"))
    d.ligne("Gestionnaire", _a_saisir("GESTIONNAIRE"))
    d.ligne("Type de structure", _a_saisir("TYPE_STRUCTURE"))
    d.ligne("Zone ; nature de l'opération",
            '=IF(ISBLANK(ZONE),"À saisir","Zone "&ZONE)&" ; "&IF(ISBLANK(NATURE),"À saisir",NATURE)')
    d.ligne("Date de dépôt de la demande", _a_saisir("DATE_DEPOT"), format=DATE)
    d.ligne("Date de la décision", _a_saisir("DATE_DECISION"), format=DATE)
    d.ligne("Régime de subvention", _repris("REGIME"))
    d.section("Chiffres clés")
    d.ligne("Nombre de logements et chambres", _a_saisir("NB_LOGEMENTS"), format=ENTIER, nom="RES_NL")
    d.ligne("Surface utile SU", _repris("SURFACE_UTILE", "SURFACE_UTILE=0"), format=M2, nom="RES_SU")
    d.ligne("Surface des locaux collectifs SLC", _repris("SURFACE_COLLECTIVE", "SURFACE_UTILE=0"), format=M2,
            nom="RES_SLC")
    d.ligne("Coefficient de structure CS", _repris("CS"), format=COEF, nom="RES_CS")
    d.ligne("Majoration pour qualité MQ", _repris("MQ"), format=COEF, nom="RES_MQ")
    d.ligne("Prix de revient", _repris("PRIX_DE_REVIENT"), format=EUROS, nom="RES_PRIX_REVIENT")
    d.ligne("Prix de revient par logement", _repris("PRIX_PAR_LOGEMENT"), format=EUROS)
    d.ligne("Assiette de subvention",
            '=IF(REGIME&""="","À saisir",IF(REGIME="assiette × taux",' + _repris("ASSIETTE")[1:] +
            ',"Sans objet (régime forfaitaire)"))', format=EUROS, nom="RES_ASSIETTE")
    d.ligne("Subvention PLAI de l'État", _repris("SUBVENTION"), format=EUROS, nom="RES_SUBVENTION", style=RESULTAT,
            lignes=2)
    d.ligne("Subvention par logement", _repris("SUBVENTION_PAR_LOGEMENT"), format=EUROS)
    d.ligne("Résultat annuel du bailleur (1re année)", _repris("RESULTAT_BAILLEUR"), format=EUROS,
            nom="RES_BILAN_BAILLEUR", style=RESULTAT, controle=SIGNE)
    d.ligne("Résultat annuel du gestionnaire", _repris("RESULTAT_GESTIONNAIRE"), format=EUROS,
            nom="RES_BILAN_GESTIONNAIRE", style=RESULTAT, controle=SIGNE)
    d.section("Contrôles")
    d.ligne("Pièces du dossier", '=RES_COMPLETUDE&IF(PIECES_MANQUANTES>0," : "&PIECES_MANQUANTES&'
            '" pièce(s) manquante(s) ou non renseignée(s)","")', style=RESULTAT, controle=VERDICT)
    d.ligne("Calcul des résultats", "=RES_CALCUL", style=RESULTAT, controle=VERDICT, lignes=2)
    d.ligne("Plan de financement", _repris("ECART_PLAN"), format=FORMAT_ECART, nom="RES_PLAN", style=RESULTAT,
            controle=ECART, lignes=2)
    d.ligne("Équilibre de l'opération", _repris("VERDICT"), nom="RES_VERDICT", style=RESULTAT, controle=VERDICT,
            lignes=2)
    d.ligne("Première année de déficit (projection sur 40 ans)", _repris("ANNEE_DEFICIT"), format=ENTIER,
            nom="RES_ANNEE_DEFICIT", style=RESULTAT, controle=ANNEE)
    d.ligne("Prix de revient : plafonds de l'annexe I", _repris("ALERTES_PRIX_REVIENT_TEXTE"), nom="RES_ALERTES",
            style=RESULTAT, controle=ALERTE, lignes=4)
    d.ligne("Redevance", _repris("CONTROLE_REDEVANCE_TEXTE"), nom="RES_REDEVANCE", style=RESULTAT, controle=VERDICT,
            lignes=2)
    d.section("Avis de l'instructeur")
    d.ligne("Avis", saisie=Saisie("liste", AVIS), nom="AVIS")
    d.ligne("Montant de subvention proposé", saisie=Saisie("nombre", minimum=0), format=EUROS, nom="MONTANT_PROPOSE")
    d.ligne("Montant proposé et subvention calculée",
            '=IF(ISBLANK(MONTANT_PROPOSE),"À saisir",IF(ISNUMBER(SUBVENTION),IF(MONTANT_PROPOSE>SUBVENTION+0.005,'
            '"Supérieur à la subvention calculée","Conforme : au plus la subvention calculée"),'
            '"Subvention non calculée"))', style=RESULTAT, controle=VERDICT)
    d.ligne("Conditions, observations", saisie=Saisie("texte"), nom="CONDITIONS", lignes=5)
    d.ligne("Instructeur", saisie=Saisie("texte"), nom="INSTRUCTEUR")
    d.ligne("Date de l'avis", saisie=Saisie("date"), format=DATE, nom="DATE_AVIS")
