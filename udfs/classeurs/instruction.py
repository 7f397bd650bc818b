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

Les saisies décident des règles : la feuille « Logements » (typologie par type : nombre, surface
habitable, occupants, unités à accès propre, redevance pratiquée) donne les comptes de logements
(NL du CS, NL du terme SLC, NLp de la décision), le contrôle des surfaces minimales de l'annexe III
et celui de la redevance par type ; le type de structure décide des règles de MQ propres aux
résidences sociales ; la nature de l'opération (neuf, VEFA, acquisition-amélioration) décide des
labels, du coefficient d'accessibilité et de la minoration des surfaces minimales. Les tests et les
exemples désignent les cellules par leur nom défini, pas par leur adresse.
"""

from __future__ import annotations

from udfs import parametres
from udfs.classeurs.spec import (ALERTE, ANNEE, CALCUL, COEF, DATE, DEFICIT, ECART, ENTETE, ENTIER, EUROS,
                                 EUROS_M2, LIBELLE, M2, NOTE, POURCENT, RESULTAT, SAISIE, SIGNE, SOUS_TITRE,
                                 STATUT, TITRE, VERDICT, Courbes, Disposition, Modele, Saisie, garde, vide)
from udfs.regles.surfaces import CATEGORIES

IDENTIFIANT = "instruction_residence_sociale"
NB_LIGNES_LOCAUX = 40
LIGNE_LOCAUX = 6                       # première ligne de la table des locaux
NB_LIGNES_REDEVANCE = 12
LIGNE_REDEVANCE = 20                   # première ligne de la table des redevances maximums (Paramètres)
NB_LIGNES_LOGEMENTS = 12
LIGNE_LOGEMENTS = 6                    # première ligne de la typologie (feuille Logements)
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
# Les résidences sociales « regroupent différentes catégories de logement accompagné : résidences
# généralistes, pensions de famille, résidences accueil, Foyers de Jeunes Travailleurs, et résidences
# issues des foyers de travailleurs migrants » (ministère du Logement, feuille de route 2021-2022) :
# les règles de MQ qui leur sont propres (arrêté du 17/10/2011, art. 11 II et 13) s'appliquent à
# elles, pas à un foyer de travailleurs migrants non transformé ni à un autre logement-foyer.
STRUCTURES_RESIDENCE_SOCIALE = ("Résidence sociale", "Pension de famille", "Résidence accueil",
                                "Foyer de jeunes travailleurs (résidence sociale)",
                                "Ex-FTM transformé en résidence sociale")
STRUCTURES = STRUCTURES_RESIDENCE_SOCIALE + ("Foyer de travailleurs migrants (non transformé)",
                                             "Autre logement-foyer (non résidence sociale)")
NATURES = ("Neuf", "VEFA", "Acquisition-amélioration")
ZONES = ("1", "1 bis", "2", "3")
LABELS = ("Aucun", "BBC", "Qualitel", "BBC + Qualitel", "HPE rénovation", "BBC rénovation")
ASCENSEURS = ("Aucun", "Type 1", "Type 2", "Type 3")
PRETS = ("PLAI", "PLUS")
# types des conventions et de SIAP ; « Chambre partagée » : chambre d'une résidence sociale qui partage
# une salle de bains ou un séjour (annexe III, 3-2)
TYPES_LOGEMENT = ("T1", "T1'", "T1 bis", "T2", "T3", "T4", "T5", "T6", "T7", "Chambre partagée")
TERMES_SLC = ("Déduit", "Nul")
AVIS = ("Favorable", "Favorable sous conditions", "Ajournement", "Défavorable")

# L'argument residence_sociale de MQ_FOYER (plafond 0,18, formule des petits logements) : déduit du
# type de structure (REGLES_RESIDENCE_SOCIALE, feuille Opération).
_ARGUMENT_RESIDENCE_SOCIALE = 'REGLES_RESIDENCE_SOCIALE="Oui"'
# NL, dérivé de la typologie : une formule (jamais ISBLANK) ; vide tant que la typologie l'est
_NL_VIDE = 'NB_LOGEMENTS&""=""'

# Le plan de financement en clair, sans formule de texte (TEXTE dépend de la langue du poste) :
# format à trois sections, positif ; négatif (affiché sans signe) ; zéro.
# Résultats repris d'une autre feuille ou d'un autre bloc : leur message d'erreur est résumé (``garde``)
_SU, _PR = ("SURFACE_UTILE", "Surface utile"), ("PRIX_DE_REVIENT", "Prix de revient")
_TAUX, _ANNUITES = ("TAUX_PRET_CDC", "Taux du prêt"), ("ANNUITES", "Annuités")
# NL, de la feuille Logements : son message, court, nomme la typologie ; il passe tel quel
_NL, _NL_ACCES = "NB_LOGEMENTS", "NB_LOGEMENTS_ACCES"

FORMAT_ECART = '"Excédent : "#,##0.00 "€";"Besoin non financé : "#,##0.00 "€";"Équilibré"'


def modele() -> Modele:
    m = Modele(IDENTIFIANT, "Instruction d'une résidence sociale (PLAI)")
    _operation(m)
    _logements(m)
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
    d.ligne("Type de structure", saisie=Saisie("liste", STRUCTURES, obligatoire=True), nom="TYPE_STRUCTURE",
            lignes=2)
    d.ligne("Règles de MQ des résidences sociales (plafond 0,18 ; formule des petits logements)",
            "=IF(OR(" + ",".join(f'TYPE_STRUCTURE="{t}"' for t in STRUCTURES_RESIDENCE_SOCIALE) +
            '),"Oui","Non")', nom="REGLES_RESIDENCE_SOCIALE", sauf=vide("TYPE_STRUCTURE"), lignes=2,
            source="Oui pour une résidence sociale, une pension de famille, une résidence accueil, un FJT "
                   "résidence sociale ou un ex-FTM transformé (arrêté du 17/10/2011, art. 11 II et 13)")
    d.section("Caractéristiques réglementaires")
    d.ligne("Zone (arrêté du 5 mai 1995, art. 6)", saisie=Saisie("liste", ZONES, obligatoire=True),
            nom="ZONE", source="Zone I, II ou III de l'arrêté ; 1 bis prend les valeurs de la zone 1")
    d.ligne("Nature de l'opération", saisie=Saisie("liste", NATURES, obligatoire=True), nom="NATURE", lignes=3,
            source="Neuf ou VEFA : labels de l'art. 2 I. Acquisition-amélioration : labels de l'art. 6 II, "
                   "coefficient d'accessibilité (art. 11 IV), surfaces minimales minorées de 10 % (annexe III)")
    d.ligne("Date de dépôt de la demande", saisie=Saisie("date"), format=DATE, nom="DATE_DEPOT")
    d.ligne("Date de la décision de subvention", saisie=Saisie("date", obligatoire=True), format=DATE,
            nom="DATE_DECISION", source="Fixe le régime : assiette × taux jusqu'au 27/09/2022, forfait ensuite")
    d.ligne("Régime de subvention", "=REGIME_SUBVENTION(DATE_DECISION)", nom="REGIME", sauf=vide("DATE_DECISION"))
    d.ligne("Logements et chambres (NL)", '=IF(' + _NL_VIDE + ',"À saisir sur la feuille Logements",NB_LOGEMENTS)',
            format=ENTIER, source="Feuille Logements : typologie et les trois comptes de logements")
    d.ligne("Opération mentionnée au II de l'art. D. 331-1 du CCH et adaptée aux besoins des ménages "
            "rencontrant des difficultés d'insertion particulières", saisie=Saisie("liste", OUI_NON),
            nom="ADAPTEE_DIFFICULTES_INSERTION", lignes=3,
            source="R. 331-15 (décret n° 2022-1256) : Oui, plafond de 60 000 € par logement au lieu de 20 000 € "
                   "(décisions depuis le 28/09/2022). Ce n'est pas le « PLAI adapté » de l'art. D. 331-25-1")
    d.ligne("Nombre de garages", saisie=Saisie("entier", minimum=0), format=ENTIER, nom="NB_GARAGES")
    d.ligne("Type de garages", saisie=Saisie("liste", ("Enterré", "Superstructure")), nom="TYPE_GARAGES")



# Colonnes de la typologie (feuille Logements) : (lettre, en-tête, largeur)
COLONNES_LOGEMENTS = (
    ("A", "N°", 5), ("B", "Type", 17), ("C", "Nombre", 9), ("D", "Surface habitable unitaire (m²)", 12),
    ("E", "Occupants (T1 : 1 à 3 ; vide : 1)", 11), ("F", "Unités à accès propre (vide : chacun)", 12),
    ("G", "Redevance pratiquée (€/mois, L + C)", 13), ("H", "dont charges C (€/mois)", 11),
    ("I", "Surface minimale (annexe III)", 12), ("J", "Annexe III", 14), ("K", "Redevance maximum", 12),
    ("L", "Contrôle de la redevance", 52), ("M", "Part loyer L", 11),
)


ERREUR_DESSOUS, ERREUR_DROITE, ERREUR_GAUCHE = "#erreur ↓", "#erreur →", "#erreur ←"
MAX_NON_CONFORMITES = 3                # en clair dans le résumé de l'annexe III ; les autres comptées


def _premiere_ligne(arguments: str) -> str:
    """La première ligne de CONTROLE_SURFACES : « Conforme » (ou un message « #… ») est une valeur
    simple, une non-conformité une ligne de matrice ; INDEX sur une valeur simple n'est pas admis par
    tous les tableurs, d'où le repli."""
    appel = f"CONTROLE_SURFACES({arguments})"
    return f"IFERROR(INDEX({appel},1,1),{appel})"


def _typologie(col: str) -> str:
    """La colonne ``col`` de la typologie, « B6:B17 »."""
    return f"{col}{LIGNE_LOGEMENTS}:{col}{LIGNE_LOGEMENTS + NB_LIGNES_LOGEMENTS - 1}"


def _logements(m: Modele) -> None:
    """La typologie : une ligne par type de logement ; les trois comptes de logements qui s'en
    déduisent, chacun avec sa règle ; les surfaces minimales de l'annexe III et la redevance
    contrôlées par type."""
    f = m.feuille("Logements", largeurs={c: l for c, _, l in COLONNES_LOGEMENTS}, une_page=True)
    f.mettre("A1", "Logements par type (typologie)", TITRE)
    f.mettre("A2", "Une ligne par type de logement, comme dans SIAP et la convention (T1, T1', T1 bis, T2 … T7 ; "
             "« Chambre partagée » : chambre d'une résidence sociale qui partage une salle de bains ou un séjour, "
             "annexe III 3-2). Unités à accès propre : pour des chambres groupées derrière un seul accès aux "
             "circulations collectives, le nombre de groupes (vide : chaque logement a son accès). « #erreur » : la "
             "cause est écrite dans la direction de la flèche.", NOTE, renvoi=True)
    f.fusions.append("A2:M2")
    f.hauteurs[2] = 40
    entete = LIGNE_LOGEMENTS - 1
    for col, texte, _ in COLONNES_LOGEMENTS:
        f.mettre(f"{col}{entete}", texte, ENTETE)
    f.hauteurs[entete] = 54
    types, nombres, surfaces, occupants, acces, redevances = (_typologie(c) for c in "BCDEFG")
    controles = _typologie("L")
    for k, i in enumerate(range(LIGNE_LOGEMENTS, LIGNE_LOGEMENTS + NB_LIGNES_LOGEMENTS), start=1):
        quoi = f"type n° {k}"
        f.mettre(f"A{i}", k, CALCUL, format=ENTIER)
        f.mettre(f"B{i}", None, SAISIE, saisie=Saisie("liste", TYPES_LOGEMENT, obligatoire=k == 1),
                 libelle=f"Type ({quoi})")
        f.mettre(f"C{i}", None, SAISIE, format=ENTIER, saisie=Saisie("entier", minimum=1, obligatoire=k == 1),
                 libelle=f"Nombre de logements ({quoi})")
        f.mettre(f"D{i}", None, SAISIE, format=M2, saisie=Saisie("nombre", minimum=0),
                 libelle=f"Surface habitable unitaire ({quoi})")
        f.mettre(f"E{i}", None, SAISIE, format=ENTIER, saisie=Saisie("entier", minimum=1, maximum=3),
                 libelle=f"Occupants ({quoi})")
        f.mettre(f"F{i}", None, SAISIE, format=ENTIER, saisie=Saisie("entier", minimum=1),
                 libelle=f"Unités à accès propre ({quoi})")
        f.mettre(f"G{i}", None, SAISIE, format=EUROS, saisie=Saisie("nombre", minimum=0),
                 libelle=f"Redevance pratiquée ({quoi})")
        f.mettre(f"H{i}", None, SAISIE, format=EUROS, saisie=Saisie("nombre", minimum=0),
                 libelle=f"Charges C de la redevance ({quoi})")
        # surface minimale de l'annexe III pour ce type, selon la nature (−10 % en acquisition-amélioration)
        # Les colonnes étroites (montants, surfaces) ne montrent d'une erreur que « #erreur » et une flèche
        # vers sa cause en clair : le contrôle de la redevance à droite, celui de l'annexe III sous le tableau.
        f.mettre(f"I{i}", f'=IF(OR(B{i}="",ISBLANK(NATURE),ISBLANK(DATE_DECISION)),"",'
                          f'IFERROR(1*SURFACE_MINIMALE(B{i},E{i},NATURE,DATE_DECISION),"{ERREUR_DESSOUS}"))',
                 CALCUL, format=M2, libelle=f"Surface minimale ({quoi})")
        ligne = _premiere_ligne(f"B{i},D{i},E{i},NATURE,DATE_DECISION")
        f.mettre(f"J{i}", f'=IF(OR(B{i}="",C{i}="",D{i}="",I{i}=""),"",IF({ligne}="Conforme","Conforme",'
                          f'IF(LEFT({ligne},1)="#","{ERREUR_DESSOUS}","Non conforme")))', CALCUL, controle=VERDICT,
                 libelle=f"Annexe III ({quoi})")
        sauf = f'OR(B{i}="",G{i}="",ISBLANK(ZONE),ISBLANK(PRODUIT_PRET),ISBLANK(DATE_DECISION))'
        maximum = f"REDEVANCE_MAXIMUM(TABLE_REDEVANCES,B{i},ZONE,PRODUIT_PRET,DATE_DECISION)"
        f.mettre(f"K{i}", f'=IF({sauf},"",IFERROR(1*{maximum},"{ERREUR_DROITE}"))',
                 CALCUL, format=EUROS, libelle=f"Redevance maximum ({quoi})")
        part = f'IF(H{i}="","",PART_LOYER(G{i},H{i})&"")'
        f.mettre(f"L{i}", f'=IF({sauf},"",IF(ISNUMBER(K{i}),IF(LEFT({part},1)="#",{part},'
                          f'CONTROLE_REDEVANCE(G{i},K{i})),{maximum}&""))',
                 CALCUL, controle=VERDICT, renvoi=True, libelle=f"Contrôle de la redevance ({quoi})")
        f.mettre(f"M{i}", f'=IF(OR(G{i}="",H{i}=""),"",IFERROR(1*PART_LOYER(G{i},H{i}),"{ERREUR_GAUCHE}"))',
                 CALCUL, format=EUROS, libelle=f"Part loyer L ({quoi})")
        f.hauteurs[i] = 30              # deux lignes : le contrôle de la redevance, ou sa cause
    fin = LIGNE_LOGEMENTS + NB_LIGNES_LOGEMENTS - 1
    f.plages["LOGEMENTS"] = f"B{LIGNE_LOGEMENTS}:H{fin}"

    # Les trois comptes : libellé en A:F, valeur en G, règle en H:M
    n = fin + 2

    def ligne(libelle, contenu, regle=None, *, nom=None, saisie=None, style=None, format=ENTIER, hauteur=28,
              controle=None, large=False):
        nonlocal n
        f.mettre(f"A{n}", libelle, LIBELLE, renvoi=True)
        f.fusions.append(f"A{n}:F{n}")
        style = style or (SAISIE if saisie else CALCUL)
        f.mettre(f"G{n}", contenu, style, format=format, nom=nom, saisie=saisie, libelle=libelle, controle=controle,
                 renvoi=large)
        if large:
            f.fusions.append(f"G{n}:M{n}")
        elif regle:
            f.mettre(f"H{n}", regle, NOTE, renvoi=True)
            f.fusions.append(f"H{n}:M{n}")
        f.hauteurs[n] = hauteur
        n += 1
        return f"G{n - 1}"

    def section(texte):
        nonlocal n
        f.mettre(f"A{n}", texte, SOUS_TITRE)
        f.fusions.append(f"A{n}:M{n}")
        n += 1

    # une ligne sans unités à accès propre compte son nombre ; chaque cellule nommée une à une (pas de
    # tableau dans un IF, que tous les tableurs n'évaluent pas pareil)
    acces_par_ligne = "+".join(f'IF(F{i}="",N(C{i}),F{i})' for i in range(LIGNE_LOGEMENTS, fin + 1))
    section("Les trois comptes de logements (les textes ne comptent pas la même chose)")
    ligne("NL : logements et chambres de l'opération, chaque chambre comptant",
          f'=IF(COUNTA({types})+COUNTA({nombres})=0,"",'
          f'IF(COUNT({nombres})<COUNTA({nombres}),"#typologie : un nombre de logements n\'est pas un nombre",'
          f'IF(COUNTIF({nombres},"<1")>0,"#typologie : un nombre de logements est inférieur à 1",'
          f'IF(COUNTA({types})<>COUNT({nombres}),"#typologie : chaque type doit avoir son nombre de logements",'
          f'SUM({nombres})))))',
          "Coefficient de structure : « nombre total de logements ou de chambres de l'opération » (arrêté du "
          "5 mai 1995, art. 2 bis), chaque chambre comptant, même groupée ; aussi la limite des garages (art. 1), "
          "les frais de direction (annexe I) et la subvention par logement. Total de la colonne Nombre.",
          nom="NB_LOGEMENTS", hauteur=40)
    ligne("NL du terme SLC : logements et groupes de chambres à accès propre",
          '=IF(' + _NL_VIDE + ',"",' + garde(
              f'IF(COUNT({acces})<COUNTA({acces}),"#typologie : une unité à accès propre n\'est pas un nombre",'
              f'IF(SUMPRODUCT(({acces}-{nombres}>0)*1)>0,"#typologie : plus d\'unités à accès propre que de '
              f'logements sur une ligne",{acces_par_ligne}))', "NB_LOGEMENTS")[1:] + ")",
          "Terme SLC de MQ : logements et chambres « qui bénéficient d'un accès direct et individualisé aux "
          "circulations collectives » ; « un groupe de chambres qui bénéficie d'un seul accès commun […] compte "
          "pour un seul logement » (arrêté du 17/10/2011, art. 11 II). Colonne « Unités à accès propre », ou le "
          "nombre si elle est vide. SU / ce compte < 20 m² : formule des petits logements.",
          nom="NB_LOGEMENTS_ACCES", hauteur=54)
    ligne("NLp : logements et chambres faisant l'objet de la décision (vide : NL)", None,
          "Terme de taille de MQ : « nombre total de logements et de chambres faisant l'objet de la décision "
          "d'octroi de subvention », pris en compte dans la limite de 100 (arrêté du 17/10/2011, art. 12 II). "
          "À saisir seulement si la décision ne porte pas sur tous les logements.",
          nom="NB_LOGEMENTS_DECISION", saisie=Saisie("entier", minimum=1), hauteur=40)
    ligne("NLp retenu", '=IF(' + _NL_VIDE + ',"",IF(ISBLANK(NB_LOGEMENTS_DECISION),NB_LOGEMENTS,NB_LOGEMENTS_DECISION))',
          "Vide : NL. Au plus NL (contrôlé par le calcul de MQ).", hauteur=18)
    n += 1
    section("Contrôles de la typologie")
    habitable = ligne("Surface habitable des logements (typologie)",
                      f'=IF(COUNTA({types})=0,"",SUMPRODUCT({nombres},{surfaces}))',
                      "Somme des nombres × surfaces habitables unitaires", format=M2, hauteur=18)
    locaux = f"Surfaces!B{LIGNE_LOCAUX}:B{LIGNE_LOCAUX + NB_LIGNES_LOCAUX - 1}"
    surf = f"Surfaces!C{LIGNE_LOCAUX}:C{LIGNE_LOCAUX + NB_LIGNES_LOCAUX - 1}"
    nb = f"Surfaces!D{LIGNE_LOCAUX}:D{LIGNE_LOCAUX + NB_LIGNES_LOCAUX - 1}"
    feuille_surfaces = ligne("Logements de la feuille Surfaces (catégorie logement)",
                             f'=SUMPRODUCT(({locaux}="logement")*{surf}*({nb}+({nb}="")))',
                             "Locaux de catégorie « logement » (nombre vide : 1)", format=M2, hauteur=18)
    ligne("Cohérence avec la feuille Surfaces",
          f'=IF(OR({habitable}="",{feuille_surfaces}=0),"",IF(ABS({habitable}-{feuille_surfaces})<0.005,'
          '"Conforme : même surface habitable que les logements de la feuille Surfaces",'
          '"À revoir : la surface habitable de la typologie diffère de celle des logements de la feuille Surfaces"))',
          style=RESULTAT, format=None, controle=VERDICT, large=True, hauteur=18)
    premiere = _premiere_ligne(f"{types},{surfaces},{occupants},NATURE,DATE_DECISION")
    # les trois premières non-conformités en clair (l'article, dit dans le libellé, retiré de chacune),
    # puis le nombre des autres : une cellule de hauteur bornée, rien de coupé
    non_conformes = f'COUNTIF({_typologie("J")},"Non conforme")'
    liste = ('SUBSTITUTE(' + premiere + "&" + "&".join(
        f'IFERROR(" ; "&INDEX(CONTROLE_SURFACES({types},{surfaces},{occupants},NATURE,DATE_DECISION),{k},1),"")'
        for k in range(2, MAX_NON_CONFORMITES + 1)) + '," ; arrêté du 17/10/2011, annexe III","")'
        + f'&IF({non_conformes}>{MAX_NON_CONFORMITES}," ; et "&({non_conformes}-{MAX_NON_CONFORMITES})&'
          '" autre(s) type(s) : colonne Annexe III","")')
    ligne("Surfaces minimales (arrêté du 17/10/2011, annexe III)",
          f'=IF(COUNTA({types})=0,"",IF(OR(ISBLANK(NATURE),ISBLANK(DATE_DECISION)),'
          '"À saisir : nature de l\'opération et date de décision (feuille Opération)",'
          f'IF(LEFT({premiere},1)="#",{premiere},IF({premiere}="Conforme","Conforme : chaque type atteint sa '
          'surface minimale ("&IF(NATURE="Acquisition-amélioration","acquisition-amélioration, minimums minorés '
          'de 10 %","construction neuve")&")",'
          f'"Non conforme : "&{liste}))))',
          nom="CONTROLE_SURFACES_TEXTE", style=RESULTAT, format=None, controle=VERDICT, large=True, hauteur=68)
    # la redevance : chaque type contrôlé contre la table datée des maximums (feuille Paramètres)
    erreur = f'MATCH("#*",{controles},0)'
    depassements = f'COUNTIF({controles},"Dépassement*")'
    conformes = f'COUNTIF({controles},"Conforme*")'
    types_en_depassement = "&".join(
        f'IF(LEFT(L{i},11)="Dépassement",", "&B{i},"")' for i in range(LIGNE_LOGEMENTS, fin + 1))
    ligne("Redevance (convention APL ; maximum par type, zone et prêt)",
          f'=IF(COUNTA({redevances})=0,"",IF(COUNTIF({controles},"#*")>0,'
          f'"#redevance, "&INDEX({types},{erreur})&" : "&MID(INDEX({controles},{erreur}),2,500),'
          f'IF(SUMPRODUCT(ISERROR({controles})*1)>0,"#redevance : erreur du tableur dans la colonne « Contrôle '
          'de la redevance »",'
          f'IF({depassements}>0,"Dépassement pour "&{depassements}&" type(s) : "&MID({types_en_depassement},3,500),'
          f'IF({conformes}<COUNTA({redevances}),"À saisir : type, zone, prêt et date de décision, et la table des '
          'maximums (feuille Paramètres)",'
          f'IF({conformes}=1,INDEX({controles},MATCH("Conforme*",{controles},0)),'
          f'"Conforme : les "&{conformes}&" types sont au plus au maximum de la table"))))))',
          nom="CONTROLE_REDEVANCE_TEXTE", style=RESULTAT, format=None, controle=VERDICT, large=True, hauteur=30)

# Résultats dont la Complétude suit le calcul : (libellé, nom, condition « pas encore calculé »)
RESULTATS_SUIVIS = (
    ("Logements et chambres NL (typologie)", "NB_LOGEMENTS", None),
    ("Logements à accès propre (terme SLC)", "NB_LOGEMENTS_ACCES", None),
    ("Surface utile SU", "SURFACE_UTILE", "SURFACE_UTILE=0"),
    ("Coefficient de structure CS", "CS", None),
    ("Majoration pour qualité MQ", "MQ", None),
    ("Assiette de subvention", "ASSIETTE", None),
    ("Subvention PLAI de l'État", "SUBVENTION", None),
    ("Prix de revient", "PRIX_DE_REVIENT", None),
    ("Plafonds de l'annexe I", "ALERTES_PRIX_REVIENT_TEXTE", None),
    ("Plan de financement", "ECART_PLAN", None),
    ("Taux du prêt", "TAUX_PRET_CDC", None),
    # un total de 0 € est un calcul quand un prêt est saisi (même à 0), une attente quand aucun ne l'est
    ("Annuités", "ANNUITES", "AND(ISBLANK(PRET_CAPITAL),ISBLANK(PRET_FONCIER_CAPITAL),ISBLANK(ANNUITES_AUTRES))"),
    ("Résultat du bailleur", "RESULTAT_BAILLEUR", None),
    ("Résultat du gestionnaire", "RESULTAT_GESTIONNAIRE", None),
    ("Projection sur 40 ans", "ANNEE_DEFICIT", None),
    ("Surfaces minimales (annexe III)", "CONTROLE_SURFACES_TEXTE", None),
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
        attente = f'{nom}&""="",LEFT({nom},9)="À saisir "' + (f",{pas_calcule}" if pas_calcule else "")
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
    f.mettre(f"F{fin + 4}", '=IF(' + _NL_VIDE + ',"",' + garde("SURFACE_UTILE/NB_LOGEMENTS", "SURFACE_UTILE",
                                                                 "NB_LOGEMENTS")[1:] + ")",
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
    d.ligne("Prix de revient par logement", garde("=PRIX_DE_REVIENT/NB_LOGEMENTS", "PRIX_DE_REVIENT", _NL),
            format=EUROS, nom="PRIX_PAR_LOGEMENT", sauf=vide("CHARGE_FONCIERE", "TRAVAUX", _NL_VIDE))
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
                             "SURCOUTS_FONCIERS,FRAIS_DIRECTION,COUTS_INTERNES,VB_RETENUE,DATE_DECISION)", _NL),
            nom="ALERTES_PRIX_REVIENT_TEXTE", style=RESULTAT, controle=ALERTE, lignes=4,
            sauf=vide("TRAVAUX", _NL_VIDE, "DATE_DECISION"))
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
    f = m.feuille("Subvention", largeurs={"A": 56, "B": 30, "C": 8, "D": 62}, une_page=True)
    d = Disposition(f, "Calcul de la subvention PLAI",
                    "AS = VB × CS × SU × (1 + MQ + ML) + CFG × NG (arrêté du 5 mai 1995, art. 1) ; "
                    "depuis le 28/09/2022 : montant par logement plafonné (R. 331-15).")
    sauf_su = vide(_NL_VIDE, "DATE_DECISION", "SURFACE_UTILE=0")
    d.section("Coefficient de structure")
    d.ligne("Surface utile SU", "=SURFACE_UTILE", format=M2)
    d.ligne("NL : logements et chambres, chaque chambre comptant (feuille Logements)", "=NB_LOGEMENTS",
            format=ENTIER, lignes=2)
    d.ligne("CS = 0,77 × (1 + NL × 38 / SU)", garde("=CS_FOYER(NB_LOGEMENTS,SURFACE_UTILE,DATE_DECISION)",
                                                  _NL, _SU),
            format=COEF, nom="CS", source="Arrêté du 5 mai 1995, art. 2 bis", sauf=sauf_su)
    d.section("Critères de qualité (écran SIAP « Critères de qualité », arrêté du 17 octobre 2011)")
    d.ligne("Surface des locaux collectifs SLC", "=SURFACE_COLLECTIVE", format=M2)
    d.ligne("NL du terme SLC : logements et groupes de chambres à accès propre (art. 11 II)",
            "=NB_LOGEMENTS_ACCES", format=ENTIER, lignes=2, source="Feuille Logements")
    d.ligne("NLp du terme de taille : logements et chambres de la décision (art. 12 II)",
            '=IF(' + _NL_VIDE + ',"",IF(ISBLANK(NB_LOGEMENTS_DECISION),NB_LOGEMENTS,NB_LOGEMENTS_DECISION))',
            format=ENTIER, lignes=2, source="Feuille Logements (vide : NL)")
    d.ligne("Règles des résidences sociales (feuille Opération, type de structure)", "=REGLES_RESIDENCE_SOCIALE",
            lignes=2, source="Oui : MQ plafonnée à 0,18 et formule des petits logements (art. 11 II et 13)")
    d.ligne("Nature de l'opération (feuille Opération)", '=IF(ISBLANK(NATURE),"",NATURE)',
            source="Elle décide des labels admis et du coefficient d'accessibilité (art. 11 III et IV)", lignes=2)
    d.ligne("Label (neuf ou VEFA : BBC, Qualitel, art. 2 I ; acquisition-amélioration : HPE ou BBC rénovation, "
            "art. 6 II)", saisie=Saisie("liste", LABELS), nom="LABEL", lignes=2)
    d.ligne("Typologie d'ascenseur (ascenseur non obligatoire)", saisie=Saisie("liste", ASCENSEURS), nom="ASCENSEUR")
    d.ligne("Part des travaux d'accessibilité (acquisition-amélioration seulement, art. 11 IV)",
            saisie=Saisie("nombre", minimum=0, maximum=1), format=POURCENT, nom="PART_ACCESSIBILITE", lignes=2,
            source="Retenue dans la limite de 4 % ; refusée en construction neuve ou en VEFA")
    d.ligne("Terme SLC négatif (SLC < 18 m² × NL) : Déduit ou Nul (vide : Déduit)",
            saisie=Saisie("liste", TERMES_SLC), nom="TERME_SLC_NEGATIF", lignes=2,
            source="Déduit : texte de l'art. 11 II (terme arrondi par valeur supérieure, seul le total MQ est "
                   "borné à 0, art. 13). Nul : lecture du support de formation (« SLC > 18 m² × NL »)")
    d.ligne("Lecture appliquée au terme SLC négatif",
            '=IF(TERME_SLC_NEGATIF="Nul","Nul : lecture du support de formation, le terme ne s\'applique que positif",'
            '"Déduit : texte de l\'art. 11 II (lecture par défaut)")', nom="LECTURE_TERME_SLC", lignes=2)
    d.ligne("MQ (au moins 0 ; au plus 0,18 pour une résidence sociale)",
            garde("=MQ_FOYER(NB_LOGEMENTS,SURFACE_UTILE,SURFACE_COLLECTIVE,LABEL,ASCENSEUR,PART_ACCESSIBILITE,"
                  f"{_ARGUMENT_RESIDENCE_SOCIALE},DATE_DECISION,NB_LOGEMENTS_ACCES,NB_LOGEMENTS_DECISION,"
                  "TERME_SLC_NEGATIF,NATURE)", _NL, _NL_ACCES, _SU, ("SURFACE_COLLECTIVE", "SLC")),
            format=COEF, nom="MQ", source="Chapitre IV : SLC, taille, label, ascenseur, accessibilité",
            sauf=vide(_NL_VIDE, "DATE_DECISION", "SURFACE_UTILE=0", "TYPE_STRUCTURE"), lignes=2)
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
                  ("CFG_RETENU", "Coût des garages"), _NL)[1:] + ")",
            format=EUROS, nom="ASSIETTE", style=RESULTAT,
            sauf=vide(_NL_VIDE, "DATE_DECISION", "ZONE", "SURFACE_UTILE=0"))
    d.ligne("Taux de subvention (Paramètres)", "=IF(ISBLANK(TAUX_SAISI),\"\",TAUX_SAISI)", format=POURCENT)
    d.section("Montant par logement (décisions depuis le 28/09/2022)")
    d.ligne("Plafond réglementaire par logement",
            '=PLAFOND_SUBVENTION(DATE_DECISION,ADAPTEE_DIFFICULTES_INSERTION="Oui",DEROGATION_SAISIE)', format=EUROS,
            source="20 000 € ; 60 000 € pour une opération du II de l'art. D. 331-1 adaptée aux besoins des ménages "
                   "rencontrant des difficultés d'insertion particulières (feuille Opération) ; + dérogation "
                   "régionale (R. 331-15)",
            sauf='OR(ISBLANK(DATE_DECISION),REGIME="assiette × taux")', lignes=3)
    d.ligne("Montant par logement retenu (Paramètres)", "=IF(ISBLANK(FORFAIT_SAISI),\"\",FORFAIT_SAISI)", format=EUROS)
    d.section("Subvention")
    appel = ('SUBVENTION_PLAI(DATE_DECISION,NB_LOGEMENTS,{assiette},TAUX_SAISI,FORFAIT_SAISI,'
             'ADAPTEE_DIFFICULTES_INSERTION="Oui",DEROGATION_SAISIE)')
    d.ligne("Subvention PLAI de l'État",
            garde('=IF(REGIME="assiette × taux",' + garde(appel.format(assiette="ASSIETTE"),
                                                          ("ASSIETTE", "Assiette"))[1:] + ","
                  + appel.format(assiette='""') + ")", _NL),
            format=EUROS, nom="SUBVENTION", style=RESULTAT,
            source="Régime forfaitaire : NL × montant par logement", lignes=2,
            sauf=vide(_NL_VIDE, "DATE_DECISION", "ZONE", "SURFACE_UTILE=0"))
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
                    "Valeurs que les textes ne publient pas, ou que les sources consultées ne vérifient pas pour "
                    "la période : chacune avec sa source (note, arrêté préfectoral, programmation). Les valeurs "
                    "réglementaires livrées avec le complément et leur statut de vérification sont en bas de la "
                    "feuille.", derniere_colonne="F", fin_source="F")
    d.section("Régime de l'assiette (décisions jusqu'au 27/09/2022)")
    d.ligne("Valeur de base de l'année (€/m² SU)", saisie=Saisie("nombre", minimum=0), format=EUROS_M2,
            nom="VB_SAISIE", source="Aucune valeur de base n'est livrée comme vérifiée (statut ci-dessous) : à saisir")
    d.ligne("Source de la valeur de base", saisie=Saisie("texte"), nom="VB_SOURCE")
    d.ligne("Coût forfaitaire d'un garage de l'année (€)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="CFG_SAISIE", source="Vide : valeur publiée pour 2002 si elle s'applique ; à saisir ensuite")
    d.ligne("Taux de subvention de la décision", saisie=Saisie("nombre", minimum=0, maximum=1), format=POURCENT,
            nom="TAUX_SAISI", lignes=2,
            source="Taux de la décision (R. 331-15, 2°). Le maximum de l'article n'est vérifié pour aucune période "
                   "(statut U ci-dessous) : le calcul ne contrôle que 0 % < taux ≤ 100 %")
    d.section("Régime forfaitaire (décisions depuis le 28/09/2022)")
    d.ligne("Montant de subvention par logement (€)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="FORFAIT_SAISI", source="Montant départemental (programmation, MMS PLAI modulé)")
    d.ligne("Dérogation régionale par logement (€)", saisie=Saisie("nombre", minimum=0), format=EUROS,
            nom="DEROGATION_SAISIE", lignes=2,
            source="≤ 5 000 €, ou 20 000 € pour l'opération du plafond de 60 000 € (II de l'art. D. 331-1, "
                   "difficultés d'insertion particulières ; R. 331-15)")
    d.ligne("Source du montant par logement", saisie=Saisie("texte"), nom="FORFAIT_SOURCE")
    _table_redevances(f, d)
    _parametres_livres(f, LIGNE_REDEVANCE + NB_LIGNES_REDEVANCE + 1)


def _table_redevances(f, d: Disposition) -> None:
    """La table datée des redevances maximums, qu'applique la feuille Logements type par type."""
    n = LIGNE_REDEVANCE - 2
    if d.n >= n:
        raise AssertionError("la table des redevances chevauche les paramètres")
    f.mettre(f"A{n}", "Redevances maximums en € par mois (avis annuel relatif aux loyers et redevances maximums ; "
             "à saisir) : appliquées type par type sur la feuille Logements", SOUS_TITRE)
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


def _hauteur_source(p: parametres.Parametre, largeur: float) -> float:
    """Hauteur (points) de la ligne d'un paramètre : sa plus longue source, toutes périodes confondues
    (la date de décision choisit la période), en italique de 9 points renvoyé à la ligne."""
    from udfs.fonctions.parametres import SOURCE_PARAMETRE
    longueur = max(len(SOURCE_PARAMETRE(p.nom, v.debut)) for v in p.valeurs)
    return 11.5 * max(2, -(-longueur // int(largeur * 1.4))) + 6


def _parametres_livres(f, n: int) -> None:
    """Les paramètres réglementaires livrés : statut et source à la date de la décision, pour que
    l'instructeur voie ce qui est vérifié (V, V-sec) et ce qui ne l'est pas (U : jamais employé)."""
    f.mettre(f"A{n}", "Paramètres réglementaires livrés avec le complément : statut et source à la date de la "
             "décision", SOUS_TITRE)
    f.fusions.append(f"A{n}:F{n}")
    f.mettre(f"A{n + 1}", "V : lu dans le texte pour la période ; V-sec : source secondaire citant le texte ; U : "
             "relevé mais non vérifié, jamais employé (la valeur est demandée, ci-dessus ou dans la feuille qui "
             "l'emploie) ; « Sans valeur livrée » : aucune valeur sourcée à cette date. Vide tant que la date de "
             "décision n'est pas saisie.", NOTE, renvoi=True)
    f.fusions.append(f"A{n + 1}:F{n + 1}")
    f.hauteurs[n + 1] = 28
    for col, texte in (("A", "Paramètre"), ("B", "Statut"), ("C", "Source : référence, date de début, note")):
        f.mettre(f"{col}{n + 2}", texte, ENTETE)
    for col in "DEF":
        f.mettre(f"{col}{n + 2}", None, ENTETE)
    f.fusions.append(f"C{n + 2}:F{n + 2}")
    largeur_source = sum(f.largeurs[c] for c in "CDEF")
    for i, p in enumerate(parametres.tous(), start=n + 3):
        libelle = f"{p.description} ({p.nom})"
        f.mettre(f"A{i}", libelle, LIBELLE, renvoi=True)
        f.mettre(f"B{i}", f'=IF(ISBLANK(DATE_DECISION),"",STATUT_PARAMETRE("{p.nom}",DATE_DECISION))', CALCUL,
                 controle=STATUT, libelle=f"Statut : {p.description}")
        f.mettre(f"C{i}", f'=IF(ISBLANK(DATE_DECISION),"",SOURCE_PARAMETRE("{p.nom}",DATE_DECISION))', NOTE,
                 renvoi=True, libelle=f"Source : {p.description}")
        f.fusions.append(f"C{i}:F{i}")
        f.hauteurs[i] = max(_hauteur_source(p, largeur_source), 14 * -(-len(libelle) // 46) + 6)


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
    d.ligne("Type de structure", '=IF(ISBLANK(TYPE_STRUCTURE),"À saisir",TYPE_STRUCTURE&IF(REGLES_RESIDENCE_SOCIALE='
            '"Oui"," (règles de MQ des résidences sociales)",""))', lignes=2)
    d.ligne("Zone ; nature de l'opération",
            '=IF(ISBLANK(ZONE),"À saisir","Zone "&ZONE)&" ; "&IF(ISBLANK(NATURE),"À saisir",NATURE)')
    d.ligne("Date de dépôt de la demande", _a_saisir("DATE_DEPOT"), format=DATE)
    d.ligne("Date de la décision", _a_saisir("DATE_DECISION"), format=DATE)
    d.ligne("Régime de subvention", _repris("REGIME"))
    d.section("Chiffres clés")
    d.ligne("NL : logements et chambres", _repris("NB_LOGEMENTS"), format=ENTIER, nom="RES_NL")
    d.ligne("NL à accès propre (terme SLC, art. 11 II)", _repris("NB_LOGEMENTS_ACCES"), format=ENTIER,
            nom="RES_NL_ACCES")
    d.ligne("NLp de la décision (taille, art. 12 II)",
            '=IF(' + _NL_VIDE + ',"À saisir",IF(ISBLANK(NB_LOGEMENTS_DECISION),NB_LOGEMENTS,NB_LOGEMENTS_DECISION))',
            format=ENTIER, nom="RES_NL_DECISION")
    d.ligne("Surface utile SU", _repris("SURFACE_UTILE", "SURFACE_UTILE=0"), format=M2, nom="RES_SU")
    d.ligne("Surface des locaux collectifs SLC", _repris("SURFACE_COLLECTIVE", "SURFACE_UTILE=0"), format=M2,
            nom="RES_SLC")
    d.ligne("Coefficient de structure CS", _repris("CS"), format=COEF, nom="RES_CS")
    d.ligne("Majoration pour qualité MQ", _repris("MQ"), format=COEF, nom="RES_MQ")
    d.ligne("Terme SLC négatif", "=LECTURE_TERME_SLC", lignes=2)
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
    d.ligne("Surfaces minimales (annexe III)", _repris("CONTROLE_SURFACES_TEXTE"), nom="RES_SURFACES_MINIMALES",
            style=RESULTAT, controle=VERDICT, lignes=6)
    d.ligne("Redevance (par type)", _repris("CONTROLE_REDEVANCE_TEXTE"), nom="RES_REDEVANCE", style=RESULTAT,
            controle=VERDICT, lignes=2)
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
