"""Les classeurs de formation : exercice 2 (surfaces), exercices 3 et 4 (bilans), étude de cas.

Chaque classeur existe en version stagiaire (réponses à saisir, vérifiées par des formules) et en
version corrigé (titre, pied de page et colonne « Réponse du corrigé » le disent ; le calcul détaillé
à côté de chaque réponse). Les chiffres sont fictifs (c'est écrit sur chaque feuille).

Ce qu'un stagiaire curieux peut lire — formules, valeurs en cache, XML du fichier — ne donne pas les
réponses :
- une réponse qui ne dépend que des données (SU, prix de revient, résultats des bilans…) est
  vérifiée par son **empreinte** : la formule compare MOD(ROUND(réponse × 10ⁿ) × 7919 + sel ;
  999 983) à un nombre ; la valeur attendue, calculée à la génération par les règles du paquet
  (``udfs.regles``, la règle n'est écrite qu'une fois), n'est écrite nulle part. Ces vérifications
  n'emploient que des fonctions du tableur : elles marchent sans le complément ;
- une réponse qui découle des précédentes (CS, MQ, assiette, subvention, écart du plan, les Oui/Non,
  l'avis) est vérifiée **contre les réponses du stagiaire lui-même** : une erreur en amont ne fait
  pas tout échouer ensuite, et un CS arrondi à 4 décimales, comme le demande la feuille, est admis
  dans l'assiette. Celles qui appellent nos fonctions (CS_FOYER…) demandent le complément ; sans
  lui, elles le disent au lieu d'afficher #NOM? ;
- une mauvaise réponse reçoit d'abord un indice (la règle à appliquer), jamais la réponse ;
- aucune colonne masquée : il n'y a rien à démasquer.
Les valeurs attendues sont calculées à la main dans les commentaires ci-dessous et vérifiées par
les tests (le corrigé doit être « Correct » partout).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from udfs.arrondi import arrondi_excel
from udfs.classeurs.spec import (CALCUL, COEF, CORRIGE, ENTETE, EUROS, EUROS_M2, M2, NOTE, RESULTAT, SAISIE, SOUS_TITRE,
                                 TITRE, VERDICT, Feuille, Modele, Saisie)
from udfs.regles import bilans, prix_revient, surfaces

FICTIF = "Chiffres fictifs, pour la formation uniquement."
REPONSES_SURFACE = ("SU", "SU 50 %", "SLC", "Exclue")
OUI_NON = ("Oui", "Non")
AVIS = ("Favorable", "Favorable sous conditions", "Ajournement", "Défavorable")
SANS_COMPLEMENT = ("Vérification impossible sans le complément rs-instruction (ou l'extension LibreOffice) : "
                   "comparez avec le corrigé")
CORRIGE_TITRE = "Corrigé – "


# --- Vérifications ------------------------------------------------------------------------------

_MULTIPLICATEUR, _MODULE = 7919, 999_983      # module premier : deux réponses distinctes (à 10⁶ près) diffèrent


def _facteur(pas: float) -> int:
    return round(1 / pas)


def empreinte(entier: int, sel: int) -> int:
    """L'empreinte d'une réponse ramenée à un entier : (entier × 7919 + sel) mod 999 983 (le MOD
    du tableur, positif même pour un entier négatif, comme celui de Python)."""
    return (entier * _MULTIPLICATEUR + sel) % _MODULE


def _test_nombre(x: str, valeurs: tuple[float, ...], pas: float, sel: int) -> str:
    """Vrai si la réponse ``x`` est à ``pas`` près d'une des ``valeurs`` (sans les écrire)."""
    f = _facteur(pas)
    r = f"ROUND({x}*{f},0)" if f != 1 else f"ROUND({x},0)"
    termes = []
    for h in sorted({empreinte(int(arrondi_excel(v * f, 0)), sel) for v in valeurs}):
        for k in ("-1", "", "+1"):
            termes.append(f"MOD(({r}{k})*{_MULTIPLICATEUR}+{sel},{_MODULE})={h}")
    return f"IFERROR(OR({','.join(termes)}),FALSE)"


def _position(options: tuple[str, ...], choix: str) -> int:
    return ("|" + "|".join(options) + "|").index("|" + choix + "|") + 1


def _test_choix(x: str, options: tuple[str, ...], acceptes: tuple[str, ...], sel: int) -> str:
    """Vrai si le choix ``x`` (liste déroulante ``options``) est un des ``acceptes`` (sans les écrire)."""
    chaine = "|" + "|".join(options) + "|"
    pos = f'IFERROR(FIND("|"&{x}&"|","{chaine}"),0)'
    termes = [f"MOD({pos}*{_MULTIPLICATEUR}+{sel},{_MODULE})={empreinte(_position(options, a), sel)}"
              for a in acceptes]
    return termes[0] if len(termes) == 1 else f"OR({','.join(termes)})"


def _verification(x: str, test: str, indice: str, *, prealables: tuple[tuple[str, int], ...] = (),
                  bravo: str = "Correct", calcul: str | None = None) -> str:
    """La formule de vérification de la réponse ``x`` : « À compléter », « Correct… », ou
    « À revoir. Indice : » suivi de la règle. ``prealables`` : réponses dont dépend la vérification
    (cellule, numéro de question). ``calcul`` : l'appel d'une de nos fonctions dont dépend le test ;
    sans le complément il est en erreur, et la vérification le dit."""
    corps = f'IF({test},"{bravo}","À revoir. Indice : {indice}")'
    if calcul:
        corps = (f'IF(ISERROR({calcul}),"{SANS_COMPLEMENT}",IF(ISTEXT({calcul}),'
                 f'"À revoir : "&MID({calcul},2,500),{corps}))')
    for cellule, numero in reversed(prealables):
        corps = f'IF(ISBLANK({cellule}),"Répondez d\'abord à la question {numero}",{corps})'
    return f'=IF(ISBLANK({x}),"À compléter",{corps})'


@dataclass
class Question:
    """Une question : libellé, saisie, formule de vérification (à partir de la cellule réponse et
    des cellules des autres questions), réponse et calcul détaillé du corrigé."""

    libelle: str
    saisie: Saisie
    verification: Callable[[str, dict[int, str]], str]
    reponse: Any
    calcul: str
    format: str | None = None
    libre: bool = False                 # texte libre, non vérifié : la réponse occupe B et C


def _hauteur(formule: str, largeur: float, minimum: int = 2) -> float:
    """Hauteur (points) d'une ligne où s'affiche le plus long des messages de ``formule`` (texte en
    gras renvoyé à la ligne dans une colonne de ``largeur`` caractères)."""
    textes = re.findall(r'"((?:[^"]|"")*)"', formule)
    lignes = max([minimum] + [math.ceil(len(t) / (largeur * 0.9)) for t in textes])
    return 13 * lignes + 4


def _mettre_questions(f: Feuille, premiere: int, questions: dict[int, Question], corrige: bool,
                      sections: dict[int, str] | None = None) -> int:
    """Écrit les questions (numéro → question) à partir de la ligne ``premiere`` : libellé en A,
    réponse en B, vérification en C, calcul détaillé en D (corrigé). Renvoie la ligne suivante."""
    sections = sections or {}
    lignes, n = {}, premiere
    for numero in questions:
        if numero in sections:
            n += 1 if n > premiere else 0
            lignes[("section", numero)] = n
            n += 1
        lignes[numero] = n
        n += 1
    refs = {numero: f"B{ligne}" for numero, ligne in lignes.items() if isinstance(numero, int)}
    for numero, q in questions.items():
        if numero in sections:
            ligne = lignes[("section", numero)]
            f.mettre(f"A{ligne}", sections[numero], SOUS_TITRE)
        ligne = lignes[numero]
        f.mettre(f"A{ligne}", f"{numero}. {q.libelle}", renvoi=True)
        f.mettre(f"B{ligne}", q.reponse if corrige else None, CORRIGE if corrige else SAISIE, format=q.format,
                 saisie=q.saisie, libelle=f"Réponse à la question {numero}", renvoi=q.saisie.type == "texte")
        largeur = f.largeurs["C"]
        if q.libre:
            f.fusions.append(f"B{ligne}:C{ligne}")
            hauteur = 13 * 5 + 4
        else:
            verification = q.verification(refs[numero], refs)
            f.mettre(f"C{ligne}", verification, RESULTAT, controle=VERDICT, renvoi=True)
            hauteur = _hauteur(verification, largeur)
        if corrige:
            f.mettre(f"D{ligne}", q.calcul, renvoi=True)
            hauteur = max(hauteur, _hauteur(f'"{q.calcul}"', f.largeurs["D"] * 1.1))
        f.hauteurs[ligne] = hauteur
    return n


def _entetes_questions(f: Feuille, ligne: int, corrige: bool) -> None:
    f.mettre(f"A{ligne}", "Question", ENTETE)
    f.mettre(f"B{ligne}", "Réponse du corrigé" if corrige else "Votre réponse", ENTETE)
    f.mettre(f"C{ligne}", "Vérification", ENTETE)
    if corrige:
        f.mettre(f"D{ligne}", "Calcul détaillé", ENTETE)


def _modele(identifiant: str, titre: str, corrige: bool) -> Modele:
    if corrige:
        return Modele(identifiant + "_corrige", CORRIGE_TITRE + titre)
    return Modele(identifiant, titre)


# --- Exercice 2 -------------------------------------------------------------------------------

@dataclass(frozen=True)
class LocalExercice:
    local: str
    surface: float
    nombre: int
    categorie: str                          # catégorie de la règle (SU_FOYER)
    indice: str                             # la règle à appliquer, sans la réponse
    explication: str                        # le corrigé
    acceptes: tuple[str, ...] = field(default=())   # plusieurs classements admis (textes muets)


LOCAUX_EXERCICE_2 = [
    LocalExercice("Chambres", 16, 30, "logement",
                  "une chambre est-elle un logement du foyer ? (surface habitable, R. 331-10)",
                  "SU : surface habitable des chambres (R. 331-10)"),
    LocalExercice("Annexes (balcons)", 3, 10, "annexe",
                  "un balcon privatif est une annexe : pour quelle part une annexe compte-t-elle ?",
                  "SU 50 % : annexe privative, comptée pour moitié (R. 331-10)"),
    LocalExercice("Logement de fonction", 45, 1, "logement",
                  "un logement de fonction n'est ni une annexe ni un local ouvert aux résidents",
                  "SU ou Exclue : les textes sont muets ; SU s'il est un logement de l'opération, exclu "
                  "s'il sert au personnel. Le corrigé le compte en SU (SU = 600 m² ; 555 m² s'il est exclu)",
                  acceptes=("SU", "Exclue")),
    LocalExercice("Locaux communs d'une unité de vie (6 chambres sur 30)", 60, 1, "privatif",
                  "6 résidents sur 30, est-ce au moins la moitié ? (arrêté du 17/10/2011, art. 11 II)",
                  "SU : réservés à moins de la moitié des résidents, ils sont imputés à la SU (art. 11 II)"),
    LocalExercice("Locaux techniques", 25, 1, "technique",
                  "les locaux techniques, administratifs et d'entretien entrent-ils dans la SU ou la SLC ?",
                  "Exclue : ni SU ni SLC (support de formation)"),
    LocalExercice("Locaux administratifs", 18, 1, "administratif",
                  "les locaux techniques, administratifs et d'entretien entrent-ils dans la SU ou la SLC ?",
                  "Exclue : ni SU ni SLC (support de formation)"),
    LocalExercice("Salle commune", 80, 1, "collectif",
                  "est-elle utilisable par au moins la moitié des résidents ? (art. 11 II)",
                  "SLC : utilisable par au moins la moitié des résidents (art. 11 II)"),
    LocalExercice("Circulations horizontales", 200, 1, "circulation",
                  "que dit l'art. 11 II des circulations horizontales ?",
                  "SLC : l'art. 11 II y inclut les circulations horizontales ou inclinées"),
]
LIGNE_LOCAUX_EX2 = 6
# SU = 30 × 16 + ½ × 10 × 3 + 45 + 60 = 480 + 15 + 45 + 60 = 600 m² (555 m² sans le logement de
# fonction) ; SLC = 80 + 200 = 280 m²
SU_EXERCICE_2, SU_EXERCICE_2_SANS_FONCTION, SLC_EXERCICE_2 = 600, 555, 280
LOGEMENT_DE_FONCTION = "Logement de fonction"
BRAVO_FONCTION = ("Correct : les textes sont muets sur le logement de fonction ; SU s'il est un logement de "
                  "l'opération, Exclue s'il sert au personnel : dites votre choix dans la note d'instruction")


def _su_slc(locaux: list[LocalExercice], sans: str | None = None) -> tuple[float, float]:
    """SU et SLC par la règle du paquet (``sans`` : local exclu)."""
    return surfaces.su_slc([surfaces.Local(l.surface, "exclu" if l.local == sans else l.categorie, l.nombre)
                            for l in locaux])


def exercice_2(corrige: bool = False) -> Modele:
    m = _modele("formation_exercice_2", "Formation – exercice 2 : surface utile et SLC", corrige)
    largeurs = {"A": 44, "B": 14, "C": 9, "D": 14, "E": 16, "F": 62}
    if corrige:
        largeurs["G"] = 56
    f = m.feuille("Exercice 2", largeurs=largeurs)
    f.mettre("A1", (CORRIGE_TITRE if corrige else "") + "Exercice n° 2 : classer les locaux, calculer SU et SLC", TITRE)
    f.mettre("A2", f"Résidence sociale de 30 chambres. {FICTIF}", NOTE)
    f.mettre("A3", "Pour chaque local, choisissez SU, SU 50 % (annexe), SLC ou Exclue ; puis saisissez SU et SLC. "
             "Une réponse à revoir reçoit un indice : la règle à appliquer.", NOTE)
    colonnes = ("Local", "Surface unitaire", "Nombre", "Surface totale",
                "Classement du corrigé" if corrige else "Votre classement", "Vérification") + \
        (("Explication",) if corrige else ())
    for col, texte in zip("ABCDEFG", colonnes):
        f.mettre(f"{col}5", texte, ENTETE)
    f.hauteurs[5] = 28
    ref_fonction = None
    for k, (i, l) in enumerate(enumerate(LOCAUX_EXERCICE_2, start=LIGNE_LOCAUX_EX2)):
        sel = 101 + 17 * k
        f.mettre(f"A{i}", l.local, renvoi=True)
        f.mettre(f"B{i}", l.surface, CALCUL, format=M2)
        f.mettre(f"C{i}", l.nombre, CALCUL, format="0")
        f.mettre(f"D{i}", f"=B{i}*C{i}", CALCUL, format=M2)
        nature = surfaces.CATEGORIES[l.categorie].nature
        acceptes = l.acceptes or (nature,)
        f.mettre(f"E{i}", nature if corrige else None, CORRIGE if corrige else SAISIE,
                 saisie=Saisie("liste", REPONSES_SURFACE), libelle=f"Classement : {l.local}")
        verification = _verification(f"E{i}", _test_choix(f"E{i}", REPONSES_SURFACE, acceptes, sel), l.indice,
                                     bravo=BRAVO_FONCTION if l.acceptes else "Correct")
        f.mettre(f"F{i}", verification, RESULTAT, controle=VERDICT, renvoi=True)
        f.hauteurs[i] = _hauteur(verification, largeurs["F"])
        if corrige:
            f.mettre(f"G{i}", l.explication, renvoi=True)
            f.hauteurs[i] = max(f.hauteurs[i], _hauteur(f'"{l.explication}"', largeurs["G"] * 1.1))
        if l.local == LOGEMENT_DE_FONCTION:
            ref_fonction = f"E{i}"
    fin = LIGNE_LOCAUX_EX2 + len(LOCAUX_EXERCICE_2) - 1
    su, slc = _su_slc(LOCAUX_EXERCICE_2)
    su_sans, _ = _su_slc(LOCAUX_EXERCICE_2, sans=LOGEMENT_DE_FONCTION)
    assert (su, su_sans, slc) == (SU_EXERCICE_2, SU_EXERCICE_2_SANS_FONCTION, SLC_EXERCICE_2)
    f.mettre(f"A{fin + 2}", "Questions", SOUS_TITRE)
    questions = [
        ("Votre SU (m²)" if not corrige else "SU (m²)", su,
         lambda x: f'IF({ref_fonction}="Exclue",{_test_nombre(x, (su_sans,), 0.01, 211)},'
                   f'{_test_nombre(x, (su,), 0.01, 211)})',
         "SU = logements + locaux privatifs + ½ annexes, selon vos classements (le logement de fonction "
         "compte s'il est classé en SU)",
         "30 × 16 + ½ × 10 × 3 + 45 + 60 = 480 + 15 + 45 + 60 = 600 m² (555 m² si le logement de fonction "
         "est exclu : accepté)"),
        ("Votre SLC (m²)" if not corrige else "SLC (m²)", slc, lambda x: _test_nombre(x, (slc,), 0.01, 223),
         "SLC = locaux utilisables par au moins la moitié des résidents + circulations horizontales",
         "80 + 200 = 280 m² (salle commune et circulations horizontales)"),
    ]
    for i, (libelle, valeur, test, indice, calcul) in enumerate(questions, start=fin + 3):
        f.mettre(f"A{i}", libelle)
        f.mettre(f"B{i}", valeur if corrige else None, CORRIGE if corrige else SAISIE, format=M2,
                 saisie=Saisie("nombre", minimum=0), libelle=libelle)
        verification = _verification(f"B{i}", test(f"B{i}"), indice)
        f.mettre(f"C{i}", verification, RESULTAT, controle=VERDICT, renvoi=True)
        f.fusions.append(f"C{i}:F{i}")
        f.hauteurs[i] = _hauteur(verification, sum(largeurs[c] for c in "CDEF"))
        if corrige:
            f.mettre(f"G{i}", calcul, renvoi=True)
            f.hauteurs[i] = max(f.hauteurs[i], _hauteur(f'"{calcul}"', largeurs["G"] * 1.1))
    return m


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
                       reponses=(-2_000, 5_600, "Oui", "Non"),
                       calculs=("118 000 − (95 000 + 0 + 12 000 + 9 000 + 4 000) = −2 000 € : le bailleur est en déficit",
                                "210 000 × 0,96 + 5 000 + 15 000 − (118 000 + 14 000 + 50 000 + 6 000 + 28 000) "
                                "= 201 600 + 20 000 − 216 000 = +5 600 €",
                                "Oui : son résultat, loyer immobilier compris, est positif (+5 600 €)",
                                "Non : le bailleur est en déficit de 2 000 € par an")),
    "Exercice 4": dict(titre="Exercice n° 4 : pension de famille de 15 logements (opération B)",
                       bailleur=(80_000, 60_000, 0, 8_000, 6_000, 3_000),
                       gestionnaire=(120_000, 0.05, 0, 106_762.50, 80_000, 10_000, 95_000, 4_000, 25_000),
                       reponses=(3_000, 6_762.50, "Oui", "Oui"),
                       calculs=("80 000 − (60 000 + 0 + 8 000 + 6 000 + 3 000) = +3 000 €",
                                "120 000 × 0,95 + 0 + 106 762,50 − (80 000 + 10 000 + 95 000 + 4 000 + 25 000) "
                                "= 114 000 + 106 762,50 − 214 000 = +6 762,50 €",
                                "Oui : son résultat, loyer immobilier compris, est positif (+6 762,50 €)",
                                "Oui : les deux bilans sont positifs")),
}
LIGNE_REPONSES_BILANS = 24


def _bilans_attendus(donnees: dict[str, Any]) -> tuple[float, float]:
    """Résultats du bailleur et du gestionnaire, par les règles du paquet."""
    g = donnees["gestionnaire"]
    return (bilans.bilan_bailleur(*donnees["bailleur"]),
            bilans.bilan_gestionnaire(g[0], g[2], g[3], g[4], g[5], g[6], g[7], g[8], taux_vacance=g[1]))


def _operation(m: Modele, nom: str, donnees: dict[str, Any], corrige: bool, sel: int) -> None:
    largeurs = {"A": 58, "B": 18, "C": 62}
    if corrige:
        largeurs["D"] = 62
    f = m.feuille(nom, largeurs=largeurs)
    f.mettre("A1", (CORRIGE_TITRE if corrige else "") + donnees["titre"], TITRE)
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
    _entetes_questions(f, LIGNE_REPONSES_BILANS - 1, corrige)
    bailleur, gestionnaire = _bilans_attendus(donnees)
    assert (bailleur, gestionnaire) == donnees["reponses"][:2], nom
    calculs = donnees["calculs"]
    questions = {
        1: Question("Résultat annuel du bailleur (€)", Saisie("nombre"),
                    lambda x, r: _verification(x, _test_nombre(x, (bailleur,), 1, sel),
                                               "résultat = loyer immobilier − (annuités + TFPB + PGR + frais de "
                                               "structure + assurance)"),
                    donnees["reponses"][0], calculs[0], EUROS),
        2: Question("Résultat annuel du gestionnaire (€)", Saisie("nombre"),
                    lambda x, r: _verification(x, _test_nombre(x, (gestionnaire,), 1, sel + 7),
                                               "redevances × (1 − vacance) + prestations + subventions de "
                                               "fonctionnement − (loyer immobilier + siège + personnel + provisions "
                                               "+ charges récupérables)"),
                    donnees["reponses"][1], calculs[1], EUROS),
        3: Question("Le gestionnaire peut-il payer le loyer immobilier ?", Saisie("liste", OUI_NON),
                    lambda x, r: _verification(x, f'{x}=IF({r[2]}>=0,"Oui","Non")',
                                               "il le peut si son résultat, loyer immobilier compris, est positif "
                                               "ou nul", prealables=((r[2], 2),),
                                               bravo="Correct, d'après votre résultat du gestionnaire"),
                    donnees["reponses"][2], calculs[2]),
        4: Question("L'opération est-elle équilibrée ?", Saisie("liste", OUI_NON),
                    lambda x, r: _verification(x, f'{x}=IF(AND({r[1]}>=0,{r[2]}>=0),"Oui","Non")',
                                               "il faut que les deux bilans soient positifs ou nuls",
                                               prealables=((r[1], 1), (r[2], 2)),
                                               bravo="Correct, d'après vos deux résultats"),
                    donnees["reponses"][3], calculs[3]),
    }
    _mettre_questions(f, LIGNE_REPONSES_BILANS, questions, corrige)


def exercices_3_4(corrige: bool = False) -> Modele:
    m = _modele("formation_exercices_3_4", "Formation – exercices 3 et 4 : analyse des bilans", corrige)
    for k, (nom, donnees) in enumerate(OPERATIONS.items()):
        _operation(m, nom, donnees, corrige, sel=307 + 31 * k)
    return m


# --- Étude de cas ------------------------------------------------------------------------------

# Résidence sociale « Les Mésanges » : 25 logements T1' de 24 m² (annexe III de l'arrêté du
# 17/10/2011 : type I' d'au moins 20 m² ; l'ancienne version disait « T1 bis », qui en exige 30),
# neuf, zone 2, décision du 15/03/2021 (régime de l'assiette).
# SU = 25 × 24 + ½ × 25 × 5 = 600 + 62,5 = 662,5 m² ; SLC = 90 + 20 + 300 = 410 m²
# CS = 0,77 × (1 + 25 × 38 / 662,5) = 0,77 × 2,433962… = 1,874151 (1,8742 à 4 décimales)
# MQ : SLC 0,77 × (410 − 450) / (1,874151 × 662,5) = −30,8 / 1 241,625 = −0,024806 → −0,0248 ;
#      taille 0,03 − 25 × 0,0003 = 0,0225 ; label BBC 0,10 → MQ = 0,0977
# AS = 1 050 × 0,77 × (662,5 + 25 × 38) × 1,0977 = 1 050 × 1 241,625 × 1,0977 = 1 303 706,25 × 1,0977
#    = 1 431 078,35 € ; avec le CS arrondi 1,8742 : 1 050 × 1,8742 × 662,5 × 1,0977 = 1 431 115,81 €
# Subvention 20 % = 286 215,67 €
# Prix de revient = 700 000 + 2 100 000 + 210 000 + 30 000 + 10 000 = 3 050 000 € (mobilier exclu)
# Plan : 150 000 + (286 215,67 + 400 000 + 100 000) + (1 600 000 + 500 000) − 3 050 000 = −13 784,33 €
# Bailleur : 125 000 − (100 000 + 0 + 10 000 + 7 000 + 3 000) = +5 000 €
# Gestionnaire : 129 000 × 0,95 + 0 + 12 000 − (125 000 + 8 000 + 20 000 + 3 000 + 15 000)
#              = 122 550 + 12 000 − 171 000 = −36 450 € → déséquilibrée
# Redevance : 129 000 € par an = 25 × 430 € × 12 ; maximum T1' zone 2 PLAI au 15/03/2021 : 448 €
#             (441 € jusqu'au 31/12/2020) → conforme, marge 18 € ; L = 430 − 90 = 340 €
# Redevances d'équilibre : (171 000 − 12 000) / 0,95 = 167 368,42 € ; / 25 / 12 = 557,89 € par mois
#             > 448 € : les redevances seules ne peuvent pas équilibrer le gestionnaire
DATE_CAS = dt.datetime(2021, 3, 15)
LOCAUX_CAS = [("Logement T1'", "logement", 24, 25), ("Loggia", "annexe", 5, 25),
              ("Salle commune", "collectif", 90, 1), ("Laverie", "collectif", 20, 1),
              ("Circulations horizontales", "circulation", 300, 1), ("Bureau", "administratif", 15, 1),
              ("Local poubelles", "technique", 10, 1)]
TABLE_MAXIMUMS_CAS = [("T1'", "2", "PLAI", 441, dt.datetime(2020, 1, 1)),
                      ("T1'", "2", "PLAI", 448, dt.datetime(2021, 1, 1))]
REPONSES_CAS = {1: 662.5, 2: 410, 3: 1.8742, 4: 0.0977, 5: 1_431_078.35, 6: 286_215.67, 7: 3_050_000,
                8: -13_784.33, 9: "Non", 10: 5_000, 11: -36_450, 12: "Non", 13: 448, 14: "Oui", 15: 340,
                16: 167_368.42, 17: 557.89, 18: "Non", 19: "Ajournement",
                20: "Plan à boucler (13 784,33 € à trouver) ; équilibre du gestionnaire à rétablir (36 450 € par "
                    "an) par des subventions de fonctionnement ou un loyer immobilier plus bas : les redevances "
                    "seules n'y suffisent pas (557,89 € > 448 €)."}


@dataclass
class _Presentation:
    """La feuille des données du cas : {clé : « Présentation!B7 »}."""

    f: Feuille
    n: int = 4
    refs: dict[str, str] = field(default_factory=dict)

    def section(self, texte: str) -> None:
        self.n += 1 if self.n > 4 else 0
        self.f.mettre(f"A{self.n}", texte, SOUS_TITRE)
        self.n += 1

    def texte(self, texte: str) -> None:
        self.f.mettre(f"A{self.n}", texte, renvoi=True)
        self.f.fusions.append(f"A{self.n}:E{self.n}")
        if len(texte) > 100:
            self.f.hauteurs[self.n] = 28
        self.n += 1

    def donnee(self, cle: str, libelle: str, valeur: Any, fmt: str | None = EUROS) -> None:
        self.f.mettre(f"A{self.n}", libelle)
        self.f.mettre(f"B{self.n}", valeur, CALCUL, format=fmt)
        self.refs[cle] = f"Présentation!B{self.n}"
        self.n += 1


def _presentation_cas(m: Modele, corrige: bool) -> dict[str, str]:
    f = m.feuille("Présentation", paysage=False, largeurs={"A": 52, "B": 16, "C": 14, "D": 12, "E": 14})
    f.mettre("A1", (CORRIGE_TITRE if corrige else "") + "Étude de cas : résidence sociale « Les Mésanges », "
             "25 logements", TITRE)
    f.mettre("A2", FICTIF, NOTE)
    p = _Presentation(f)
    p.section("L'opération")
    p.texte("Maître d'ouvrage : OPH fictif ; gestionnaire : association fictive.")
    p.texte("Résidence sociale neuve en zone 2 ; décision de subvention du 15/03/2021 (régime de l'assiette).")
    p.donnee("nl", "Nombre de logements (NL)", 25, "0")
    p.texte("25 logements T1' de 24 m² (annexe III de l'arrêté du 17/10/2011 : au moins 20 m² pour un type I'), "
            "chacun avec une loggia de 5 m².")
    p.section("Locaux")
    for col, texte in zip("ABCD", ("Local", "Catégorie", "Surface unitaire", "Nombre")):
        f.mettre(f"{col}{p.n}", texte, ENTETE)
    f.hauteurs[p.n] = 28
    debut = p.n + 1
    for i, (local, cat, surface, nombre) in enumerate(LOCAUX_CAS, start=debut):
        f.mettre(f"A{i}", local)
        f.mettre(f"B{i}", cat, CALCUL)
        f.mettre(f"C{i}", surface, CALCUL, format=M2)
        f.mettre(f"D{i}", nombre, CALCUL, format="0")
    p.n = debut + len(LOCAUX_CAS)
    p.section("Subvention")
    p.donnee("vb", "Valeur de base retenue par le service (€/m² SU)", 1050, EUROS_M2)
    p.donnee("taux", "Taux de subvention", 0.20, "0%")
    p.texte("Label BBC ; pas d'ascenseur ouvrant droit à majoration ; pas de garage ; ML = 0.")
    p.section("Prix de revient")
    for cle, libelle, v in (("cf", "Charge foncière", 700_000), ("travaux", "Travaux", 2_100_000),
                            ("honoraires", "Honoraires", 210_000), ("revisions", "Révisions de prix", 30_000),
                            ("interets", "Intérêts de préfinancement", 10_000),
                            ("mobilier", "Mobilier (non finançable par l'État)", 40_000)):
        p.donnee(cle, libelle, v)
    p.section("Plan de financement (ressources, hors subvention de l'État)")
    for cle, libelle, v in (("fp", "Fonds propres", 150_000), ("coll", "Subventions des collectivités", 400_000),
                            ("al", "Action Logement", 100_000), ("pret", "Prêt PLAI", 1_600_000),
                            ("pret_f", "Prêt PLAI foncier", 500_000)):
        p.donnee(cle, libelle, v)
    p.section("Bilan du bailleur (1re année)")
    for cle, libelle, v in (("loyer", "Loyer immobilier", 125_000), ("annuites", "Annuités", 100_000),
                            ("tfpb", "TFPB (exonérée 25 ans)", 0), ("pgr", "PGR", 10_000),
                            ("frais", "Frais de gestion", 7_000), ("assurance", "Assurance", 3_000)):
        p.donnee(cle, libelle, v)
    p.section("Bilan du gestionnaire (annuel)")
    for cle, libelle, v, fmt in (("redevances", "Redevances annuelles avant vacance", 129_000, EUROS),
                                 ("vacance", "Taux de vacance", 0.05, "0%"), ("prestations", "Prestations", 0, EUROS),
                                 ("agls", "AGLS (subvention de fonctionnement)", 12_000, EUROS),
                                 ("siege", "Frais de siège", 8_000, EUROS), ("personnel", "Personnel", 20_000, EUROS),
                                 ("provisions", "Provisions pour entretien", 3_000, EUROS),
                                 ("fluides", "Charges récupérables (fluides)", 15_000, EUROS)):
        p.donnee(cle, libelle, v, fmt)
    p.section("Redevance (convention APL résidence sociale)")
    p.donnee("pratiquee", "Redevance pratiquée par logement T1' (L + C, € par mois)", 430)
    p.donnee("charges", "dont équivalence charges C (€ par mois)", 90)
    p.texte("Redevances maximums (avis annuel, chiffres fictifs) :")
    for col, texte in zip("ABCDE", ("Type", "Zone", "Prêt", "Maximum", "À compter du")):
        f.mettre(f"{col}{p.n}", texte, ENTETE)
    f.hauteurs[p.n] = 28
    p.n += 1
    for type_, zone, pret, maximum, debut_ in TABLE_MAXIMUMS_CAS:
        for col, v, fmt in (("A", type_, None), ("B", zone, None), ("C", pret, None), ("D", maximum, EUROS),
                            ("E", debut_, "dd/mm/yyyy")):
            f.mettre(f"{col}{p.n}", v, CALCUL, format=fmt)
        p.n += 1
    return p.refs


def _questions_cas(r: dict[str, str]) -> dict[int, Question]:
    """Les questions de l'étude de cas ; chaque étape qui découle d'une autre est vérifiée contre la
    réponse du stagiaire à cette autre étape."""
    date = "DATE(2021,3,15)"
    locaux = [surfaces.Local(s, c, n) for _, c, s, n in LOCAUX_CAS]
    su, slc = surfaces.su_slc(locaux)
    pr = prix_revient.prix_revient(700_000, 2_100_000, 210_000, 30_000, 10_000).total
    rb = bilans.bilan_bailleur(125_000, 100_000, 0, 10_000, 7_000, 3_000)
    rg = bilans.bilan_gestionnaire(129_000, 0, 12_000, 125_000, 8_000, 20_000, 3_000, 15_000, taux_vacance=0.05)
    requilibre = bilans.redevance_equilibre_gestionnaire(0, 12_000, 125_000, 8_000, 20_000, 3_000, 15_000, 0.05)
    maximum = max((t for t in TABLE_MAXIMUMS_CAS if t[4] <= DATE_CAS), key=lambda t: t[4])[3]
    assert (su, slc, pr, rb, rg, maximum) == (662.5, 410, 3_050_000, 5_000, -36_450, 448)
    assert round(requilibre, 2) == REPONSES_CAS[16]

    def empreinte_(valeur, pas, sel, indice):
        return lambda x, q: _verification(x, _test_nombre(x, (valeur,), pas, sel), indice)

    def cs_(x, q):
        calcul = f"CS_FOYER({r['nl']},{q[1]},{date})"
        return _verification(x, f"ABS({x}-{calcul})<=0.0000501", "CS = 0,77 × (1 + NL × 38 / SU), avec votre SU "
                             "(arrêté du 5 mai 1995, art. 2 bis) ; 4 décimales suffisent",
                             prealables=((q[1], 1),), calcul=calcul, bravo="Correct, d'après votre SU")

    def mq_(x, q):
        # les deux lectures du terme SLC négatif sont admises : le texte (déduit, défaut) et le support
        # de formation (nul) ; la vérification le dit, le corrigé donne les deux valeurs
        calcul = f'MQ_FOYER({r["nl"]},{q[1]},{q[2]},"BBC",,,TRUE,{date},,,,"neuf")'
        support = f'MQ_FOYER({r["nl"]},{q[1]},{q[2]},"BBC",,,TRUE,{date},,,"nul","neuf")'
        return _verification(x, f"OR(ABS({x}-{calcul})<=0.0000501,ABS({x}-{support})<=0.0000501)",
                             "MQ = terme SLC 0,77 × (SLC − 18 × NL) / (CS × SU), arrondi à la 4e décimale par "
                             "valeur supérieure, + taille 0,03 − 0,0003 × NL, + label (arrêté du 17/10/2011, chap. IV)",
                             prealables=((q[1], 1), (q[2], 2)), calcul=calcul,
                             bravo="Correct, d'après vos SU et SLC (terme SLC négatif déduit, comme le texte, ou "
                                   "nul, comme le support)")

    def assiette_(x, q):
        avec_cs = f"ASSIETTE_SUBVENTION({r['vb']},{q[3]},{q[1]},{q[4]},,,,,{date})"
        cs_exact = f"ASSIETTE_SUBVENTION({r['vb']},CS_FOYER({r['nl']},{q[1]},{date}),{q[1]},{q[4]},,,,,{date})"
        return _verification(x, f"OR(ABS({x}-{avec_cs})<1,ABS({x}-{cs_exact})<1)",
                             "AS = VB × CS × SU × (1 + MQ + ML), avec vos CS, SU et MQ (arrêté du 5 mai 1995, art. 1)",
                             prealables=((q[1], 1), (q[3], 3), (q[4], 4)), calcul=avec_cs,
                             bravo="Correct, d'après vos SU, CS et MQ (CS arrondi ou non)")

    def subvention_(x, q):
        calcul = f"SUBVENTION_PLAI({date},,{q[5]},{r['taux']},)"
        return _verification(x, f"ABS({x}-{calcul})<1",
                             "décision avant le 28/09/2022 : subvention = assiette × taux de la décision (R. 331-15)",
                             prealables=((q[5], 5),), calcul=calcul, bravo="Correct, d'après votre assiette")

    def ecart_(x, q):
        calcul = (f"PLAN_FINANCEMENT_ECART({q[7]},{r['fp']},{q[6]}+{r['coll']}+{r['al']},"
                  f"{r['pret']}+{r['pret_f']})")
        return _verification(x, f"ABS({x}-{calcul})<1",
                             "écart = fonds propres + subventions (dont celle de l'État) + prêts − prix de revient ; "
                             "négatif : besoin non financé",
                             prealables=((q[6], 6), (q[7], 7)), calcul=calcul,
                             bravo="Correct, d'après vos subvention et prix de revient")

    def oui_non(condition, indice, prealables, bravo):
        return lambda x, q: _verification(x, f'{x}=IF({condition(q)},"Oui","Non")', indice,
                                          prealables=prealables(q), bravo=bravo)

    def mensuelle_(x, q):
        return _verification(x, f"ABS({x}-{q[16]}/{r['nl']}/12)<0.006",
                             "divisez les redevances annuelles par le nombre de logements et par 12 mois",
                             prealables=((q[16], 16),), bravo="Correct, d'après votre réponse 16")

    def avis_(x, q):
        tout_bon = f'AND({q[9]}="Oui",{q[12]}="Oui",{q[14]}="Oui")'
        test = (f'IF({tout_bon},OR({x}="Favorable",{x}="Favorable sous conditions"),'
                f'OR({x}="Favorable sous conditions",{x}="Ajournement"))')
        return _verification(x, test, "un avis favorable sans condition suppose un plan équilibré, une opération "
                             "équilibrée et une redevance conforme ; un refus, un défaut que le porteur ne peut "
                             "pas corriger ; entre les deux : des conditions, ou un ajournement",
                             prealables=((q[9], 9), (q[12], 12), (q[14], 14)),
                             bravo="Correct, d'après vos réponses 9, 12 et 14 : motivez-le (question 20)")

    nombre, positif = Saisie("nombre"), Saisie("nombre", minimum=0)
    return {
        1: Question("Surface utile SU (m²)", positif,
                    empreinte_(su, 0.01, 401, "SU = logements + moitié des annexes + locaux réservés à moins de la "
                                              "moitié des résidents (arrêté du 17/10/2011, art. 11 II)"),
                    REPONSES_CAS[1], "25 × 24 + ½ × 25 × 5 = 600 + 62,5 = 662,5 m²", M2),
        2: Question("Surface des locaux collectifs SLC (m²)", positif,
                    empreinte_(slc, 0.01, 419, "SLC = locaux utilisables par au moins la moitié des résidents + "
                                               "circulations horizontales ; ni bureau ni local technique"),
                    REPONSES_CAS[2], "90 + 20 + 300 = 410 m² (bureau et local poubelles exclus)", M2),
        3: Question("Coefficient de structure CS (4 décimales)", positif, cs_, REPONSES_CAS[3],
                    "0,77 × (1 + 25 × 38 / 662,5) = 0,77 × 2,433962 = 1,874151 → 1,8742", COEF),
        4: Question("Majoration pour qualité MQ", nombre, mq_, REPONSES_CAS[4],
                    "SLC : 0,77 × (410 − 25 × 18) / (1,874151 × 662,5) = −30,8 / 1 241,625 = −0,024806 → −0,0248 ; "
                    "taille : 0,03 − 25 × 0,0003 = 0,0225 ; BBC : 0,10 ; MQ = 0,0977 (terme SLC négatif déduit, "
                    "texte de l'art. 11 II ; 0,1225 si on le tient pour nul, lecture du support : admis)", COEF),
        5: Question("Assiette de subvention AS (€)", positif, assiette_, REPONSES_CAS[5],
                    "1 050 × 1,874151 × 662,5 × (1 + 0,0977) = 1 303 706,25 × 1,0977 = 1 431 078,35 € "
                    "(1 431 115,81 € avec le CS arrondi 1,8742 : accepté)", EUROS),
        6: Question("Subvention PLAI (€)", positif, subvention_, REPONSES_CAS[6],
                    "1 431 078,35 × 20 % = 286 215,67 €", EUROS),
        7: Question("Prix de revient (€)", positif,
                    empreinte_(pr, 1, 431, "charge foncière + travaux + honoraires + révisions + intérêts de "
                                           "préfinancement ; le mobilier n'y entre pas (arrêté du 17/10/2011, art. 15)"),
                    REPONSES_CAS[7], "700 000 + 2 100 000 + 210 000 + 30 000 + 10 000 = 3 050 000 € "
                                     "(mobilier de 40 000 € exclu)", EUROS),
        8: Question("Écart du plan de financement (€ ; négatif : besoin non financé)", nombre, ecart_, REPONSES_CAS[8],
                    "150 000 + (286 215,67 + 400 000 + 100 000) + (1 600 000 + 500 000) − 3 050 000 "
                    "= −13 784,33 € : besoin non financé", EUROS),
        9: Question("Le plan de financement est-il équilibré ?", Saisie("liste", OUI_NON),
                    oui_non(lambda q: f"ABS({q[8]})<0.005", "il l'est quand les ressources égalent le prix de "
                            "revient (écart nul)", lambda q: ((q[8], 8),), "Correct, d'après votre écart"),
                    REPONSES_CAS[9], "Non : il manque 13 784,33 €"),
        10: Question("Résultat annuel du bailleur (€)", nombre,
                     empreinte_(rb, 1, 443, "loyer immobilier − (annuités + TFPB + PGR + frais de gestion + "
                                            "assurance)"),
                     REPONSES_CAS[10], "125 000 − (100 000 + 0 + 10 000 + 7 000 + 3 000) = +5 000 €", EUROS),
        11: Question("Résultat annuel du gestionnaire (€)", nombre,
                     empreinte_(rg, 1, 457, "redevances × (1 − vacance) + prestations + AGLS − (loyer immobilier + "
                                            "siège + personnel + provisions + fluides)"),
                     REPONSES_CAS[11], "129 000 × 0,95 + 0 + 12 000 − (125 000 + 8 000 + 20 000 + 3 000 + 15 000) "
                                       "= 122 550 + 12 000 − 171 000 = −36 450 €", EUROS),
        12: Question("L'opération est-elle équilibrée ?", Saisie("liste", OUI_NON),
                     oui_non(lambda q: f"AND({q[10]}>=0,{q[11]}>=0)", "les deux bilans doivent être positifs "
                             "ou nuls", lambda q: ((q[10], 10), (q[11], 11)), "Correct, d'après vos deux résultats"),
                     REPONSES_CAS[12], "Non : le gestionnaire est en déficit de 36 450 € par an"),
        13: Question("Redevance maximum applicable (€ par mois, T1', zone 2, PLAI, à la date de décision)", positif,
                     empreinte_(maximum, 0.01, 461, "dans la table, le maximum en vigueur à la date de décision "
                                                    "est le dernier publié avant elle"),
                     REPONSES_CAS[13], "448 € (en vigueur depuis le 01/01/2021 ; 441 € ne valait que pour 2020)",
                     EUROS),
        14: Question("La redevance pratiquée respecte-t-elle ce maximum ?", Saisie("liste", OUI_NON),
                     oui_non(lambda q: f"{r['pratiquee']}<={q[13]}", "comparez la redevance pratiquée (L + C) "
                             "au maximum", lambda q: ((q[13], 13),), "Correct, d'après votre maximum"),
                     REPONSES_CAS[14], "Oui : 430 € ≤ 448 € (marge de 18 €)"),
        15: Question("Part loyer L de la redevance (€ par mois)", positif,
                     empreinte_(340, 0.01, 467, "redevance = L + C : L = redevance − équivalence charges"),
                     REPONSES_CAS[15], "430 − 90 = 340 €", EUROS),
        16: Question("Redevances annuelles qui équilibreraient le gestionnaire (€)", positif,
                     empreinte_(requilibre, 1, 479, "(charges − prestations − subventions de fonctionnement) / "
                                                    "(1 − vacance)"),
                     REPONSES_CAS[16], "(171 000 − 0 − 12 000) / 0,95 = 167 368,42 €", EUROS),
        17: Question("Soit, par logement et par mois (€)", positif, mensuelle_, REPONSES_CAS[17],
                     "167 368,42 / 25 / 12 = 557,89 €", EUROS),
        18: Question("Les seules redevances peuvent-elles équilibrer le gestionnaire sans dépasser le maximum ?",
                     Saisie("liste", OUI_NON),
                     oui_non(lambda q: f"{q[17]}<={q[13]}", "comparez la redevance d'équilibre par logement au "
                             "maximum", lambda q: ((q[17], 17), (q[13], 13)), "Correct, d'après vos réponses 13 et 17"),
                     REPONSES_CAS[18], "Non : 557,89 € > 448 € ; il faut d'autres recettes (AGLS, subventions de "
                                       "fonctionnement) ou un loyer immobilier plus bas"),
        19: Question("Avis proposé au comité", Saisie("liste", AVIS), avis_, REPONSES_CAS[19],
                     "Ajournement (ou Favorable sous conditions, si les conditions sont précises) : plan non bouclé, "
                     "gestionnaire en déficit ; la redevance est conforme"),
        20: Question("Conditions ou motifs de l'avis (texte libre, non vérifié : comparez avec le corrigé)",
                     Saisie("texte"), lambda x, q: "", REPONSES_CAS[20],
                     "Motiver par les écarts constatés aux questions 8, 11 et 18", libre=True),
    }


SECTIONS_CAS = {1: "Surfaces", 3: "Subvention", 7: "Prix de revient et plan de financement",
                10: "Équilibre de l'opération", 13: "Redevance", 19: "Décision"}


def etude_de_cas(corrige: bool = False) -> Modele:
    m = _modele("formation_etude_de_cas", "Formation – étude de cas : de la présentation à la décision", corrige)
    refs = _presentation_cas(m, corrige)
    largeurs = {"A": 50, "B": 18, "C": 72}
    if corrige:
        largeurs["D"] = 62
    q = m.feuille("Questions", largeurs=largeurs, lignes_titres="4:4")
    q.mettre("A1", ("Corrigé – étude de cas" if corrige else "Étude de cas : vos réponses"), TITRE)
    q.mettre("A2", "Chaque vérification reprend vos réponses précédentes : une erreur en amont ne se répercute "
             "pas sur la suite. Une réponse à revoir reçoit d'abord un indice (la règle à appliquer). " + FICTIF,
             NOTE, renvoi=True)
    q.fusions.append(f"A2:{'D' if corrige else 'C'}2")
    q.hauteurs[2] = 28
    _entetes_questions(q, 4, corrige)
    _mettre_questions(q, 5, _questions_cas(refs), corrige, sections=SECTIONS_CAS)
    return m


def classeurs() -> dict[str, Modele]:
    return {
        "exercice_2_surfaces_stagiaire": exercice_2(),
        "exercice_2_surfaces_corrige": exercice_2(corrige=True),
        "exercices_3_4_bilans_stagiaire": exercices_3_4(),
        "exercices_3_4_bilans_corrige": exercices_3_4(corrige=True),
        "etude_de_cas_stagiaire": etude_de_cas(),
        "etude_de_cas_corrige": etude_de_cas(corrige=True),
    }
