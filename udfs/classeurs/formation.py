"""Les classeurs de formation : exercice 2 (surfaces), exercices 3 et 4 (bilans), étude de cas.

Chaque classeur existe en version stagiaire (réponses à saisir, vérifiées par des formules qui
disent « Correct » ou ce qui ne va pas) et en version corrigé (mêmes feuilles, réponses remplies).
Les chiffres sont fictifs (c'est écrit sur chaque feuille) ; les réponses du corrigé sont calculées
à la main dans les commentaires ci-dessous et vérifiées par les tests.
"""

from __future__ import annotations

from typing import Any

from udfs.classeurs.spec import (COEF, ENTETE, EUROS, M2, NOTE, RESULTAT, SAISIE, CALCUL, TITRE,
                                 SOUS_TITRE, Feuille, Modele, Saisie)

FICTIF = "Chiffres fictifs, pour la formation uniquement."
REPONSES_SURFACE = ("SU", "SU 50 %", "SLC", "Exclue")
OUI_NON = ("Oui", "Non")


def _verification(reponse: str, test: str, indication: str) -> str:
    return f'=IF(ISBLANK({reponse}),"À compléter",IF({test},"Correct","Incorrect : {indication}"))'


def _question(f: Feuille, ligne: int, libelle: str, saisie: Saisie, test: str, indication: str,
              format: str | None = None) -> str:
    ref = f"B{ligne}"
    f.mettre(f"A{ligne}", libelle)
    f.mettre(ref, None, SAISIE, format=format, saisie=saisie)
    f.mettre(f"C{ligne}", _verification(ref, test.replace("§", ref), indication), RESULTAT)
    return ref


# --- Exercice 2 -------------------------------------------------------------------------------

# (local, surface unitaire, nombre, catégorie de la règle, explication)
LOCAUX_EXERCICE_2 = [
    ("Chambres", 16, 30, "logement", "surface habitable des chambres"),
    ("Annexes (balcons)", 3, 10, "annexe", "annexe privative : la moitié"),
    ("Logement de fonction", 45, 1, "logement",
     "compté ici comme un logement de l'opération ; les textes consultés ne le classent pas expressément"),
    ("Locaux communs d'une unité de vie (6 chambres sur 30)", 60, 1, "privatif",
     "réservés à moins de la moitié des résidents : imputés à la SU"),
    ("Locaux techniques", 25, 1, "technique", "ni SU ni SLC"),
    ("Locaux administratifs", 18, 1, "administratif", "ni SU ni SLC"),
    ("Salle commune", 80, 1, "collectif", "utilisable par au moins la moitié des résidents"),
    ("Circulations horizontales", 200, 1, "circulation", "circulations horizontales : SLC"),
]
NATURES = {"logement": "SU", "annexe": "SU 50 %", "privatif": "SU", "collectif": "SLC",
           "circulation": "SLC", "technique": "Exclue", "administratif": "Exclue"}
# SU = 30 × 16 + ½ × 10 × 3 + 45 + 60 = 480 + 15 + 45 + 60 = 600 m² ; SLC = 80 + 200 = 280 m²
SU_EXERCICE_2, SLC_EXERCICE_2 = 600, 280


def exercice_2() -> Modele:
    m = Modele("formation_exercice_2", "Formation – exercice 2 : surface utile et SLC")
    f = m.feuille("Exercice 2", largeurs={"A": 50, "B": 18, "C": 10, "D": 16, "E": 18, "F": 70},
                  colonnes_masquees=("H",))
    f.mettre("A1", "Exercice n° 2 : classer les locaux, calculer SU et SLC", TITRE)
    f.mettre("A2", f"Résidence sociale de 30 chambres. {FICTIF}", NOTE)
    f.mettre("A3", "Pour chaque local, choisissez SU, SU 50 % (annexe), SLC ou Exclue ; puis saisissez SU et SLC.",
             NOTE)
    for col, texte in zip("ABCDEF", ("Local", "Surface unitaire", "Nombre", "Surface totale",
                                     "Votre classement", "Vérification")):
        f.mettre(f"{col}5", texte, ENTETE)
    debut = 6
    for i, (local, surface, nombre, categorie, explication) in enumerate(LOCAUX_EXERCICE_2, start=debut):
        f.mettre(f"A{i}", local)
        f.mettre(f"B{i}", surface, CALCUL, format=M2)
        f.mettre(f"C{i}", nombre, CALCUL, format="0")
        f.mettre(f"D{i}", f"=B{i}*C{i}", CALCUL, format=M2)
        f.mettre(f"E{i}", None, SAISIE, saisie=Saisie("liste", REPONSES_SURFACE))
        f.mettre(f"F{i}", f'=IF(ISBLANK(E{i}),"À compléter",IF(E{i}=NATURE_SURFACE(H{i}),"Correct",'
                          f'"Incorrect : ce local compte en "&NATURE_SURFACE(H{i})&" ({explication})"))', RESULTAT)
        f.mettre(f"H{i}", categorie, NOTE)       # colonne masquée : la catégorie de la règle
    fin = debut + len(LOCAUX_EXERCICE_2) - 1
    plages = f"D{debut}:D{fin},H{debut}:H{fin}"
    f.mettre(f"A{fin + 2}", "Questions", SOUS_TITRE)
    _question(f, fin + 3, "Votre SU (m²)", Saisie("nombre", minimum=0), f"ABS(§-SU_FOYER({plages}))<0.01",
              "recomptez : annexes pour moitié, locaux d'une unité de vie imputés à la SU", format=M2)
    _question(f, fin + 4, "Votre SLC (m²)", Saisie("nombre", minimum=0), f"ABS(§-SLC_FOYER({plages}))<0.01",
              "SLC = locaux utilisables par au moins la moitié des résidents + circulations horizontales",
              format=M2)
    return m


def exercice_2_corrige() -> Modele:
    m = exercice_2()
    valeurs = {f"Exercice 2!E{i}": NATURES[c] for i, (_, _, _, c, _) in enumerate(LOCAUX_EXERCICE_2, start=6)}
    fin = 6 + len(LOCAUX_EXERCICE_2) - 1
    valeurs.update({f"Exercice 2!B{fin + 3}": SU_EXERCICE_2, f"Exercice 2!B{fin + 4}": SLC_EXERCICE_2})
    return m.remplir(valeurs)


# --- Exercices 3 et 4 --------------------------------------------------------------------------

# Opération A (exercice 3) : bailleur 118 000 − (95 000 + 0 + 12 000 + 9 000 + 4 000) = −2 000 ;
# gestionnaire 210 000 × 0,96 + 5 000 + 15 000 − (118 000 + 14 000 + 50 000 + 6 000 + 28 000)
#            = 201 600 + 20 000 − 216 000 = +5 600 → le gestionnaire paie ; opération non équilibrée.
# Opération B (exercice 4) : bailleur 80 000 − (60 000 + 0 + 8 000 + 6 000 + 3 000) = +3 000 ;
# gestionnaire 120 000 × 0,95 + 0 + 106 762,50 − (80 000 + 10 000 + 95 000 + 4 000 + 25 000)
#            = 114 000 + 106 762,50 − 214 000 = +6 762,50 → équilibrée.
OPERATIONS = {
    "Exercice 3": dict(titre="Exercice n° 3 : résidence sociale de 35 logements (opération A)",
                       bailleur=(118_000, 95_000, 0, 12_000, 9_000, 4_000),
                       gestionnaire=(210_000, 0.04, 5_000, 15_000, 118_000, 14_000, 50_000, 6_000, 28_000),
                       reponses=(-2_000, 5_600, "Oui", "Non")),
    "Exercice 4": dict(titre="Exercice n° 4 : pension de famille de 15 logements (opération B)",
                       bailleur=(80_000, 60_000, 0, 8_000, 6_000, 3_000),
                       gestionnaire=(120_000, 0.05, 0, 106_762.50, 80_000, 10_000, 95_000, 4_000, 25_000),
                       reponses=(3_000, 6_762.50, "Oui", "Oui")),
}


def _operation(m: Modele, nom: str, donnees: dict[str, Any]) -> None:
    f = m.feuille(nom, largeurs={"A": 58, "B": 18, "C": 70})
    f.mettre("A1", donnees["titre"], TITRE)
    f.mettre("A2", f"Repérez les postes, calculez les résultats, concluez. {FICTIF}", NOTE)
    f.mettre("A4", "Bilan d'investissement du bailleur (annuel)", SOUS_TITRE)
    libelles_b = ("Recette : loyer immobilier", "Charge : remboursement des prêts", "Charge : TFPB (exonérée 25 ans)",
                  "Charge : provision pour gros entretien (PGR)", "Charge : frais de structure", "Charge : prime d'assurance")
    for i, (libelle, montant) in enumerate(zip(libelles_b, donnees["bailleur"]), start=5):
        f.mettre(f"A{i}", libelle)
        f.mettre(f"B{i}", montant, CALCUL, format=EUROS)
    f.mettre("A12", "Bilan de fonctionnement du gestionnaire (annuel)", SOUS_TITRE)
    libelles_g = ("Recette : redevances (L + C), avant vacance", "Taux de vacance",
                  "Recette : prestations facultatives", "Recette : subventions de fonctionnement (AGLS, CAF, ARS)",
                  "Charge : loyer immobilier", "Charge : frais de siège", "Charge : frais fixes de personnel",
                  "Charge : provisions pour entretien", "Charge : charges récupérables (fluides)")
    for i, (libelle, montant) in enumerate(zip(libelles_g, donnees["gestionnaire"]), start=13):
        f.mettre(f"A{i}", libelle)
        f.mettre(f"B{i}", montant, CALCUL, format="0.00%" if i == 14 else EUROS)
    f.mettre("A23", "Vos réponses", SOUS_TITRE)
    bailleur = "BILAN_BAILLEUR(B5,B6,B7,B8,B9,B10)"
    gestionnaire = "BILAN_GESTIONNAIRE(B13,B15,B16,B17,B18,B19,B20,B21,B14)"
    _question(f, 24, "Résultat annuel du bailleur (€)", Saisie("nombre"), f"ABS(§-{bailleur})<0.5",
              "loyer immobilier moins annuités, TFPB, PGR, frais et assurance", format=EUROS)
    _question(f, 25, "Résultat annuel du gestionnaire (€)", Saisie("nombre"), f"ABS(§-{gestionnaire})<0.5",
              "redevances nettes de vacance + prestations + subventions, moins toutes les charges dont le loyer",
              format=EUROS)
    _question(f, 26, "Le gestionnaire peut-il payer le loyer immobilier ?", Saisie("liste", OUI_NON),
              f'§=IF({gestionnaire}>=0,"Oui","Non")', "comparez ses recettes à ses charges, loyer compris")
    _question(f, 27, "L'opération est-elle équilibrée ?", Saisie("liste", OUI_NON),
              f'§=IF(EQUILIBRE_OPERATION({bailleur},{gestionnaire})="Équilibrée","Oui","Non")',
              "il faut que les deux bilans soient positifs ou nuls")


def exercices_3_4() -> Modele:
    m = Modele("formation_exercices_3_4", "Formation – exercices 3 et 4 : analyse des bilans")
    for nom, donnees in OPERATIONS.items():
        _operation(m, nom, donnees)
    return m


def exercices_3_4_corrige() -> Modele:
    valeurs = {}
    for nom, donnees in OPERATIONS.items():
        for ligne, reponse in zip(range(24, 28), donnees["reponses"]):
            valeurs[f"{nom}!B{ligne}"] = reponse
    return exercices_3_4().remplir(valeurs)


# --- Étude de cas ------------------------------------------------------------------------------

# Résidence sociale de 25 logements, neuf, zone 2, décision du 15/03/2021 (régime de l'assiette).
# SU = 25 × 24 + ½ × 25 × 5 = 600 + 62,5 = 662,5 m² ; SLC = 90 + 20 + 300 = 410 m²
# CS = 0,77 × (1 + 25 × 38 / 662,5) = 0,77 × 2,433962… = 1,874151
# MQ : SLC 0,77 × (410 − 450) / (1,874151 × 662,5) = −30,8 / 1 241,625 = −0,024806 → −0,0248 ;
#      taille 0,03 − 25 × 0,0003 = 0,0225 ; label BBC 0,10 → MQ = 0,0977
# AS = 1 050 × 1,874151 × 662,5 × 1,0977 = 1 431 078,35 € ; subvention 20 % = 286 215,67 €
# Prix de revient = 700 000 + 2 100 000 + 210 000 + 30 000 + 10 000 = 3 050 000 €
# Bailleur : 125 000 − (100 000 + 0 + 10 000 + 7 000 + 3 000) = +5 000 €
# Gestionnaire : 129 000 × 0,95 + 0 + 12 000 − (125 000 + 8 000 + 20 000 + 3 000 + 15 000)
#              = 122 550 + 12 000 − 171 000 = −36 450 € → déséquilibrée
# Redevances d'équilibre : (171 000 − 12 000) / 0,95 = 167 368,42 €
REPONSES_CAS = (662.5, 410, 1.8742, 0.0977, 1_431_078.35, 286_215.67, 3_050_000, 5_000, -36_450, "Non",
                167_368.42)
LOCAUX_CAS = [("Logement T1 bis", "logement", 24, 25), ("Loggia", "annexe", 5, 25),
              ("Salle commune", "collectif", 90, 1), ("Laverie", "collectif", 20, 1),
              ("Circulations horizontales", "circulation", 300, 1), ("Bureau", "administratif", 15, 1),
              ("Local poubelles", "technique", 10, 1)]


def etude_de_cas() -> Modele:
    m = Modele("formation_etude_de_cas", "Formation – étude de cas : de la présentation à la décision")
    p = m.feuille("Présentation", largeurs={"A": 60, "B": 18, "C": 12, "D": 12})
    p.mettre("A1", "Étude de cas : résidence sociale « Les Mésanges », 25 logements", TITRE)
    p.mettre("A2", FICTIF, NOTE)
    lignes = [
        ("Maître d'ouvrage : OPH fictif ; gestionnaire : association fictive.", None, None),
        ("Opération neuve en zone 2, décision de subvention du 15/03/2021 (régime de l'assiette).", None, None),
        ("Nombre de logements (NL)", 25, "0"),
        ("Valeur de base retenue par le service (€/m² SU)", 1050, EUROS),
        ("Taux de subvention", 0.20, "0%"),
        ("Label BBC ; pas d'ascenseur ouvrant droit à majoration ; ML = 0.", None, None),
        ("Charge foncière", 700_000, EUROS), ("Travaux", 2_100_000, EUROS), ("Honoraires", 210_000, EUROS),
        ("Révisions de prix", 30_000, EUROS), ("Intérêts de préfinancement", 10_000, EUROS),
        ("Mobilier (non finançable par l'État)", 40_000, EUROS),
        ("Bailleur : loyer immobilier", 125_000, EUROS), ("Bailleur : annuités", 100_000, EUROS),
        ("Bailleur : TFPB (exonérée)", 0, EUROS), ("Bailleur : PGR", 10_000, EUROS),
        ("Bailleur : frais de gestion", 7_000, EUROS), ("Bailleur : assurance", 3_000, EUROS),
        ("Gestionnaire : redevances annuelles avant vacance", 129_000, EUROS),
        ("Gestionnaire : taux de vacance", 0.05, "0%"), ("Gestionnaire : prestations", 0, EUROS),
        ("Gestionnaire : AGLS", 12_000, EUROS), ("Gestionnaire : frais de siège", 8_000, EUROS),
        ("Gestionnaire : personnel", 20_000, EUROS), ("Gestionnaire : provisions pour entretien", 3_000, EUROS),
        ("Gestionnaire : charges récupérables (fluides)", 15_000, EUROS),
    ]
    ref = {}
    for i, (libelle, valeur, fmt) in enumerate(lignes, start=4):
        p.mettre(f"A{i}", libelle)
        if valeur is not None:
            p.mettre(f"B{i}", valeur, CALCUL, format=fmt)
            ref[libelle] = f"Présentation!B{i}"
    debut = 4 + len(lignes) + 2
    p.mettre(f"A{debut - 1}", "Locaux", SOUS_TITRE)
    for col, texte in zip("ABCD", ("Local", "Catégorie", "Surface unitaire", "Nombre")):
        p.mettre(f"{col}{debut}", texte, ENTETE)
    for i, (local, cat, surface, nombre) in enumerate(LOCAUX_CAS, start=debut + 1):
        p.mettre(f"A{i}", local)
        p.mettre(f"B{i}", cat, CALCUL)
        p.mettre(f"C{i}", surface, CALCUL, format=M2)
        p.mettre(f"D{i}", nombre, CALCUL, format="0")
    fin = debut + len(LOCAUX_CAS)
    t = f"Présentation!C{debut + 1}:C{fin},Présentation!B{debut + 1}:B{fin},Présentation!D{debut + 1}:D{fin}"
    r = lambda libelle: ref[libelle]  # noqa: E731
    su, slc = f"SU_FOYER({t})", f"SLC_FOYER({t})"
    cs = f"CS_FOYER({r('Nombre de logements (NL)')},{su})"
    # nature « neuf » exigée avec un label (arrêté du 17/10/2011, art. 11 III : le BBC est un label
    # de construction, art. 2 I) : 12e argument de MQ_FOYER
    mq = f'MQ_FOYER({r("Nombre de logements (NL)")},{su},{slc},"BBC",,,,,,,,"neuf")'
    assiette = f"ASSIETTE_SUBVENTION({r('Valeur de base retenue par le service (€/m² SU)')},{cs},{su},{mq})"
    bailleur = ("BILAN_BAILLEUR(" + ",".join(r(l) for l in (
        "Bailleur : loyer immobilier", "Bailleur : annuités", "Bailleur : TFPB (exonérée)", "Bailleur : PGR",
        "Bailleur : frais de gestion", "Bailleur : assurance")) + ")")
    g = [r(l) for l in ("Gestionnaire : redevances annuelles avant vacance", "Gestionnaire : prestations",
                        "Gestionnaire : AGLS", "Bailleur : loyer immobilier", "Gestionnaire : frais de siège",
                        "Gestionnaire : personnel", "Gestionnaire : provisions pour entretien",
                        "Gestionnaire : charges récupérables (fluides)", "Gestionnaire : taux de vacance")]
    gestionnaire = "BILAN_GESTIONNAIRE(" + ",".join(g) + ")"
    redevance = "REDEVANCE_EQUILIBRE(" + ",".join(g[1:]) + ")"
    prix = "PRIX_REVIENT(" + ",".join(r(l) for l in ("Charge foncière", "Travaux", "Honoraires",
                                                     "Révisions de prix", "Intérêts de préfinancement")) + ")"
    q = m.feuille("Questions", largeurs={"A": 58, "B": 18, "C": 80})
    q.mettre("A1", "Étude de cas : vos réponses", TITRE)
    q.mettre("A2", "Les vérifications disent « Correct » ou ce qu'il faut revoir. " + FICTIF, NOTE)
    questions = [
        ("Surface utile SU (m²)", Saisie("nombre", minimum=0), f"ABS(§-{su})<0.01",
         "logements + moitié des annexes", M2),
        ("Surface des locaux collectifs SLC (m²)", Saisie("nombre", minimum=0), f"ABS(§-{slc})<0.01",
         "locaux collectifs + circulations horizontales", M2),
        ("Coefficient de structure CS (4 décimales)", Saisie("nombre", minimum=0), f"ABS(§-{cs})<0.0001",
         "CS = 0,77 × (1 + NL × 38 / SU)", COEF),
        ("Majoration pour qualité MQ", Saisie("nombre"), f"ABS(§-{mq})<0.00005",
         "terme SLC (arrondi supérieur à 4 décimales) + taille + label", COEF),
        ("Assiette de subvention (€)", Saisie("nombre", minimum=0), f"ABS(§-{assiette})<1",
         "AS = VB × CS × SU × (1 + MQ + ML)", EUROS),
        ("Subvention PLAI (€)", Saisie("nombre", minimum=0),
         f"ABS(§-SUBVENTION_PLAI(DATE(2021,3,15),,{assiette},{r('Taux de subvention')},))<1",
         "assiette × taux", EUROS),
        ("Prix de revient (€)", Saisie("nombre", minimum=0), f"ABS(§-{prix})<1",
         "charge foncière + travaux + honoraires + révisions + intérêts, sans le mobilier", EUROS),
        ("Résultat annuel du bailleur (€)", Saisie("nombre"), f"ABS(§-{bailleur})<0.5",
         "loyer immobilier moins toutes ses charges", EUROS),
        ("Résultat annuel du gestionnaire (€)", Saisie("nombre"), f"ABS(§-{gestionnaire})<0.5",
         "redevances nettes de vacance + AGLS, moins toutes les charges dont le loyer", EUROS),
        ("L'opération est-elle équilibrée ?", Saisie("liste", OUI_NON),
         f'§=IF(EQUILIBRE_OPERATION({bailleur},{gestionnaire})="Équilibrée","Oui","Non")',
         "les deux bilans doivent être positifs ou nuls", None),
        ("Redevances annuelles qui équilibreraient le gestionnaire (€)", Saisie("nombre", minimum=0),
         f"ABS(§-{redevance})<1", "(charges − autres recettes) / (1 − vacance)", EUROS),
    ]
    for i, (libelle, saisie, test, indication, fmt) in enumerate(questions, start=4):
        _question(q, i, libelle, saisie, test, indication, format=fmt)
    return m


def etude_de_cas_corrige() -> Modele:
    return etude_de_cas().remplir({f"Questions!B{i}": v for i, v in enumerate(REPONSES_CAS, start=4)})


def classeurs() -> dict[str, Modele]:
    return {
        "exercice_2_surfaces_stagiaire": exercice_2(),
        "exercice_2_surfaces_corrige": exercice_2_corrige(),
        "exercices_3_4_bilans_stagiaire": exercices_3_4(),
        "exercices_3_4_bilans_corrige": exercices_3_4_corrige(),
        "etude_de_cas_stagiaire": etude_de_cas(),
        "etude_de_cas_corrige": etude_de_cas_corrige(),
    }
