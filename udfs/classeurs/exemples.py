"""Trois dossiers d'exemple, remplis dans le classeur d'instruction standard.

Chiffres fictifs mais vraisemblables (indiqué dans chaque classeur) ; les résultats attendus sont
calculés à la main dans ``tests/test_classeurs_livres.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from udfs.classeurs import instruction
from udfs.classeurs.spec import Modele

FICTIF = "Valeur fictive de l'exemple (à remplacer par la valeur du service)"


def _locaux(lignes: list[tuple[str, str, float, int]]) -> dict[str, Any]:
    valeurs = {}
    for i, (local, categorie, surface, nombre) in enumerate(lignes, start=instruction.LIGNE_LOCAUX):
        valeurs.update({f"Surfaces!A{i}": local, f"Surfaces!B{i}": categorie,
                        f"Surfaces!C{i}": surface, f"Surfaces!D{i}": nombre})
    return valeurs


def _pieces(manquantes: tuple[int, ...] = ()) -> dict[str, str]:
    return {f"Complétude!B{instruction.LIGNE_PIECES + i}": ("Non" if i in manquantes else "Oui")
            for i in range(len(instruction.PIECES))}


def _logements(*lignes: tuple) -> dict[str, Any]:
    """La typologie (feuille Logements) : (type, nombre, surface habitable, occupants, unités à accès
    propre, redevance pratiquée, dont charges) ; None : cellule laissée vide."""
    valeurs = {}
    for i, ligne in enumerate(lignes, start=instruction.LIGNE_LOGEMENTS):
        for col, v in zip("BCDEFGH", ligne):
            if v is not None:
                valeurs[f"Logements!{col}{i}"] = v
    return valeurs


def _redevances(*lignes: tuple[str, str, str, float, dt.datetime]) -> dict[str, Any]:
    """Lignes de la table des redevances maximums : (type, zone, prêt, maximum, à compter du)."""
    valeurs = {}
    for l, (type_, zone, pret, maximum, debut) in enumerate(lignes, start=instruction.LIGNE_REDEVANCE):
        valeurs.update({f"Paramètres!A{l}": type_, f"Paramètres!B{l}": zone, f"Paramètres!C{l}": pret,
                        f"Paramètres!D{l}": maximum, f"Paramètres!E{l}": debut, f"Paramètres!F{l}": FICTIF})
    return valeurs


PENSION_DE_FAMILLE_2024 = {
    "OPERATION": "Pension de famille Les Tilleuls (exemple fictif)", "NUMERO_SIAP": "EXEMPLE-2024-0001",
    "COMMUNE": "Exempleville", "BAILLEUR": "OPH Exemple Habitat", "GESTIONNAIRE": "Association Exemple Accueil",
    "TYPE_STRUCTURE": "Pension de famille", "ZONE": "2", "NATURE": "Neuf",
    "DATE_DEPOT": dt.datetime(2024, 2, 12), "DATE_DECISION": dt.datetime(2024, 6, 15), "ADAPTEE_DIFFICULTES_INSERTION": "Oui",
    "NB_GARAGES": 0,
    **_pieces(),
    **_locaux([
        ("Studio", "logement", 20, 20),
        ("Balcon", "annexe", 4, 2),
        ("Salle commune", "collectif", 60, 1),
        ("Cuisine collective", "collectif", 25, 1),
        ("Buanderie", "collectif", 12, 1),
        ("Circulations horizontales", "circulation", 80, 1),
        ("Bureau des hôtes", "administratif", 12, 1),
        ("Local ménage", "entretien", 6, 1),
        ("Chaufferie", "technique", 10, 1),
    ]),
    "CHARGE_FONCIERE": 420_000, "TRAVAUX": 1_900_000, "HONORAIRES": 190_000, "REVISIONS": 40_000,
    "INTERETS_PREFINANCEMENT": 20_000, "MOBILIER": 60_000,
    "ABORDS": 50_000, "FRAIS_DIRECTION": 2_000,
    "FONDS_PROPRES": 100_000, "SUBV_COLLECTIVITES": 300_000, "SUBV_ACTION_LOGEMENT": 0, "SUBV_AUTRES": 50_000,
    "PRET_CAPITAL": 1_200_000, "PRET_FONCIER_CAPITAL": 420_000, "AUTRES_PRETS": 0,
    "PRODUIT_PRET": "PLAI", "DUREE_PRET": 40, "DUREE_PRET_FONCIER": 50, "PROGRESSIVITE": 0,
    "ANNUITES_AUTRES": 0,
    "LABEL": "Aucun", "ASCENSEUR": "Aucun", "PART_ACCESSIBILITE": 0, "ML": 0,
    "FORFAIT_SAISI": 25_000, "DEROGATION_SAISIE": 0, "FORFAIT_SOURCE": FICTIF,
    "LOYER_IMMOBILIER": 85_000, "TFPB": 9_000, "EXONERATION_TFPB": 25, "PGR": 8_000, "FRAIS_GESTION": 6_000, "ASSURANCE": 3_000,
    "REDEVANCES": 100_800, "TAUX_VACANCE": 0.03, "PRESTATIONS": 0, "SUBV_FONCTIONNEMENT": 142_350,
    "FRAIS_SIEGE": 12_000, "PERSONNEL": 100_000, "PROVISIONS_ENTRETIEN": 5_000, "CHARGES_RECUPERABLES": 30_000,
    "INDEXATION_RECETTES": 0.01, "INDEXATION_CHARGES": 0.015,
    # 20 studios T1 de 20 m² (type I, 1 occupant : 12 m² au moins)
    **_logements(("T1", 20, 20, 1, None, 420, 90)),
    **_redevances(("T1", "2", "PLAI", 430, dt.datetime(2024, 1, 1))),
    "AVIS": "Favorable", "MONTANT_PROPOSE": 500_000, "INSTRUCTEUR": "Instructeur fictif",
    "CONDITIONS": "Plan de financement et bilans équilibrés ; accords des cofinanceurs à joindre au dossier.",
    "DATE_AVIS": dt.datetime(2024, 6, 3),
}

RESIDENCE_SOCIALE_40_2021 = {
    "OPERATION": "Résidence sociale du Canal, 40 logements (exemple fictif)", "NUMERO_SIAP": "EXEMPLE-2021-0040",
    "COMMUNE": "Exempleville", "BAILLEUR": "SA d'HLM Exemple", "GESTIONNAIRE": "Association Exemple Logement",
    "TYPE_STRUCTURE": "Résidence sociale", "ZONE": "2", "NATURE": "Neuf",
    "DATE_DEPOT": dt.datetime(2021, 1, 20), "DATE_DECISION": dt.datetime(2021, 6, 1), "ADAPTEE_DIFFICULTES_INSERTION": "Non", "NB_GARAGES": 0,
    **_pieces(),
    **_locaux([
        ("Logement T1'", "logement", 20, 40),
        ("Cellier privatif", "annexe", 4, 40),
        ("Salle commune", "collectif", 150, 1),
        ("Cuisine collective", "collectif", 60, 1),
        ("Laverie", "collectif", 40, 1),
        ("Salle d'activités", "collectif", 100, 1),
        ("Circulations horizontales", "circulation", 550, 1),
        ("Bureau du gestionnaire", "administratif", 20, 1),
        ("Local ménage", "entretien", 8, 1),
        ("Chaufferie", "technique", 25, 1),
        ("Escaliers", "exclu", 60, 1),
    ]),
    "CHARGE_FONCIERE": 1_100_000, "TRAVAUX": 3_300_000, "HONORAIRES": 330_000, "REVISIONS": 50_000,
    "INTERETS_PREFINANCEMENT": 20_000, "MOBILIER": 120_000,
    "ABORDS": 200_000, "FRAIS_DIRECTION": 3_000,
    "FONDS_PROPRES": 240_000, "SUBV_COLLECTIVITES": 500_000, "SUBV_ACTION_LOGEMENT": 200_000, "SUBV_AUTRES": 0,
    "PRET_CAPITAL": 2_456_027.20, "PRET_FONCIER_CAPITAL": 1_000_000, "AUTRES_PRETS": 0,
    "PRODUIT_PRET": "PLAI", "DUREE_PRET": 40, "DUREE_PRET_FONCIER": 50, "PROGRESSIVITE": 0,
    "ANNUITES_AUTRES": 0,
    "LABEL": "Aucun", "ASCENSEUR": "Aucun", "PART_ACCESSIBILITE": 0, "ML": 0,
    "VB_SAISIE": 1000, "VB_SOURCE": FICTIF, "TAUX_SAISI": 0.20,
    "LOYER_IMMOBILIER": 120_000, "TFPB": 16_000, "EXONERATION_TFPB": 25, "PGR": 14_000, "FRAIS_GESTION": 10_000, "ASSURANCE": 5_000,
    "REDEVANCES": 216_000, "TAUX_VACANCE": 0.05, "PRESTATIONS": 6_000, "SUBV_FONCTIONNEMENT": 20_000,
    "FRAIS_SIEGE": 15_000, "PERSONNEL": 55_000, "PROVISIONS_ENTRETIEN": 6_000, "CHARGES_RECUPERABLES": 30_000,
    "INDEXATION_RECETTES": 0.01, "INDEXATION_CHARGES": 0.015,
    # 40 T1' de 20 m² (type I' : 20 m² au moins)
    **_logements(("T1'", 40, 20, None, None, 450, 100)),
    **_redevances(("T1'", "2", "PLAI", 470, dt.datetime(2021, 1, 1))),
    "AVIS": "Favorable sous conditions", "MONTANT_PROPOSE": 403_972.80, "INSTRUCTEUR": "Instructeur fictif",
    "CONDITIONS": "Abords au-delà du plafond de l'annexe I (4 % des travaux) : ramener la dépense à 132 000 € "
                  "ou la justifier ; projection : résultat du bailleur négatif dès l'année 11, loyer à revoir.",
    "DATE_AVIS": dt.datetime(2021, 5, 20),
}

FJT_2025 = {
    "OPERATION": "Foyer de jeunes travailleurs Horizon, 60 logements (exemple fictif)",
    "NUMERO_SIAP": "EXEMPLE-2025-0060", "COMMUNE": "Exempleville", "BAILLEUR": "ESH Exemple",
    "GESTIONNAIRE": "Association Exemple Habitat Jeunes",
    "TYPE_STRUCTURE": "Foyer de jeunes travailleurs (résidence sociale)", "ZONE": "1", "NATURE": "Neuf",
    "DATE_DEPOT": dt.datetime(2024, 11, 4), "DATE_DECISION": dt.datetime(2025, 3, 10), "ADAPTEE_DIFFICULTES_INSERTION": "Non",
    "NB_GARAGES": 10, "TYPE_GARAGES": "Enterré",
    **_pieces(manquantes=(10,)),
    **_locaux([
        ("Logement T1", "logement", 18, 60),
        ("Cuisine d'étage (6 logements)", "privatif", 10, 10),
        ("Restaurant", "collectif", 250, 1),
        ("Salle polyvalente", "collectif", 120, 1),
        ("Laverie", "collectif", 30, 1),
        ("Foyer", "collectif", 100, 1),
        ("Circulations horizontales", "circulation", 400, 1),
        ("Bureaux", "administratif", 60, 1),
        ("Lingerie", "entretien", 20, 1),
        ("Locaux techniques", "technique", 40, 1),
        ("Garage", "garage", 15, 10),
    ]),
    "CHARGE_FONCIERE": 1_500_000, "TRAVAUX": 5_200_000, "HONORAIRES": 520_000, "REVISIONS": 80_000,
    "INTERETS_PREFINANCEMENT": 40_000, "MOBILIER": 250_000,
    "FRAIS_DIRECTION": 3_000,
    "FONDS_PROPRES": 300_000, "SUBV_COLLECTIVITES": 900_000, "SUBV_ACTION_LOGEMENT": 260_000,
    "SUBV_AUTRES": 300_000,
    "PRET_CAPITAL": 3_600_000, "PRET_FONCIER_CAPITAL": 900_000, "AUTRES_PRETS": 0,
    "PRODUIT_PRET": "PLAI", "DUREE_PRET": 40, "DUREE_PRET_FONCIER": 50, "PROGRESSIVITE": 0,
    "ANNUITES_AUTRES": 0,
    "LABEL": "Aucun", "ASCENSEUR": "Type 2", "PART_ACCESSIBILITE": 0, "ML": 0,
    "FORFAIT_SAISI": 18_000, "DEROGATION_SAISIE": 0, "FORFAIT_SOURCE": FICTIF,
    "LOYER_IMMOBILIER": 215_000, "TFPB": 24_000, "EXONERATION_TFPB": 25, "PGR": 22_000, "FRAIS_GESTION": 15_000, "ASSURANCE": 8_000,
    "REDEVANCES": 345_600, "TAUX_VACANCE": 0.08, "PRESTATIONS": 40_000, "SUBV_FONCTIONNEMENT": 90_000,
    "FRAIS_SIEGE": 30_000, "PERSONNEL": 180_000, "PROVISIONS_ENTRETIEN": 12_000, "CHARGES_RECUPERABLES": 45_000,
    "INDEXATION_RECETTES": 0.01, "INDEXATION_CHARGES": 0.02,
    # 60 T1 de 18 m² (type I, 1 occupant : 12 m² au moins), chacun avec son accès
    **_logements(("T1", 60, 18, 1, None, 480, 110)),
    # deux années de maximums : celui du 01/01/2025 s'applique à la décision du 10/03/2025
    **_redevances(("T1", "1", "PLAI", 485, dt.datetime(2024, 1, 1)), ("T1", "1", "PLAI", 500, dt.datetime(2025, 1, 1))),
    "AVIS": "Ajournement", "INSTRUCTEUR": "Instructeur fictif",
    "CONDITIONS": "Permis de construire à fournir ; gestionnaire en déficit de 34 048 € par an : bilan de "
                  "fonctionnement à reprendre (redevances, subventions de fonctionnement) avant décision.",
    "DATE_AVIS": dt.datetime(2025, 2, 24),
}


def dossiers() -> dict[str, Modele]:
    return {
        "pension_de_famille_2024": instruction.modele().remplir(PENSION_DE_FAMILLE_2024),
        "residence_sociale_40_2021": instruction.modele().remplir(RESIDENCE_SOCIALE_40_2021),
        "fjt_2025": instruction.modele().remplir(FJT_2025),
    }
