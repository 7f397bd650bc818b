"""Recalcul d'un dossier entier de classeurs : une ligne de synthèse par fichier.

Chaque classeur est contrôlé (garde-fous, puis structure s'il suit un modèle connu), recalculé, et
ses résultats clés sont lus par leurs noms définis (``RES_SU``…). Un fichier en échec est signalé
dans sa ligne et n'arrête pas le lot. Les dossiers d'un même modèle partagent un modèle compilé une
seule fois (``ModeleCompile``), ce qui rend le lot rapide.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from udfs import moteur
from udfs.arrondi import arrondi_excel
from udfs.copie import chemin_sortie_par_defaut, ecrire_atomiquement, ecrire_copie_calculee
from udfs.fichiers import EcritureImpossible, adopter, preparer, raison, transaction
from udfs.securite import AUTRES_FORMATS, EXTENSIONS, ClasseurRefuse, verifier_fichier

# (nom défini, intitulé de colonne)
RESULTATS_CLES = [
    ("RES_SU", "SU (m²)"),
    ("RES_SLC", "SLC (m²)"),
    ("RES_ASSIETTE", "Assiette (€)"),
    ("RES_SUBVENTION", "Subvention PLAI (€)"),
    ("RES_BILAN_BAILLEUR", "Résultat bailleur (€/an)"),
    ("RES_BILAN_GESTIONNAIRE", "Résultat gestionnaire (€/an)"),
    ("RES_VERDICT", "Équilibre"),
]
COLONNES = ["Fichier", "Statut", "Problèmes de structure"] + [t for _, t in RESULTATS_CLES]


@dataclass
class Ligne:
    fichier: str
    statut: str
    problemes: str = ""
    resultats: tuple[Any, ...] = ()

    def valeurs(self) -> list[Any]:
        return [self.fichier, self.statut, self.problemes, *self.resultats]


def classeurs_du_dossier(dossier: Path) -> list[Path]:
    """Les .xlsx/.xlsm du dossier (sans les fichiers de verrou « ~$ », les fichiers cachés ni nos
    copies calculées), et les .xls, .xlsb, .ods. Un de ces autres formats, un dossier ou un lien
    cassé qui porte un tel nom est gardé : sa ligne de synthèse dira ce qu'il est, plutôt que de
    l'omettre sans rien dire."""
    return sorted(p for p in dossier.iterdir()
                  if p.suffix.lower() in EXTENSIONS | AUTRES_FORMATS.keys()
                  and not p.name.startswith(("~$", ".")) and not p.stem.endswith("_calcule"))


def _problemes(chemin: Path) -> str:
    from udfs.classeurs import validation
    problemes = _problemes_par_apercu(chemin)
    if problemes is _INCONNU:
        problemes = validation.valider_si_modele_connu(chemin)
    if problemes is None:
        return "modèle non reconnu (pas de contrôle)"
    if not problemes:
        return "aucun"
    return " ; ".join(str(p) for p in problemes[:5]) + (" …" if len(problemes) > 5 else "")


_INCONNU = object()


def _problemes_par_apercu(chemin: Path) -> Any:
    """Le contrôle de structure sur l'aperçu lxml (``udfs.apercu``, 5 ms au lieu des 67 ms
    d'openpyxl) ; ``_INCONNU`` si l'aperçu ne suffit pas au contrôle : openpyxl le fera."""
    from udfs import apercu
    from udfs.classeurs import validation
    try:
        return validation.problemes_si_modele_connu(apercu.ouvrir(chemin))
    except Exception:  # noqa: BLE001 - classeur abîmé ou contrôle qui lit plus que l'aperçu
        return _INCONNU


def traiter(chemin: Path, copies: Path | None = None, calculer=None) -> Ligne:
    """``calculer(chemin, cellules)`` : un autre moteur (LibreOffice), sinon le modèle compilé, un
    par modèle de classeur (``moteur.modele`` : les derniers gardés en mémoire du processus)."""
    try:
        verifier_fichier(chemin)
        problemes = _problemes(chemin)
        cellules = moteur.lire_cellules(chemin)
        if calculer is not None:
            resultat = calculer(chemin, cellules)
        else:
            resultat = moteur.modele(chemin, cellules).calculer(chemin, cellules)
        if copies is not None:
            ecrire_copie_calculee(chemin, resultat.valeurs, copies / chemin_sortie_par_defaut(chemin).name,
                                  resultat.matrices)
        return Ligne(chemin.name, "calculé", problemes,
                     tuple(_au_centime(resultat.nom(n, "")) for n, _ in RESULTATS_CLES))
    except ClasseurRefuse as e:
        return Ligne(chemin.name, f"erreur : {e}")
    except EcritureImpossible:
        raise                   # la destination du lot refuse l'écriture : rien ne sera écrit, on arrête
    except OSError as e:        # l'entrée a disparu ou devient illisible pendant le lot
        return Ligne(chemin.name, f"erreur : {chemin} : {raison(e, ecriture=False)}")
    except Exception as e:  # noqa: BLE001 - un fichier ne doit jamais arrêter le lot
        return Ligne(chemin.name, f"erreur : {type(e).__name__} : {e}")


def _au_centime(x: Any) -> Any:
    return arrondi_excel(x, 2) if isinstance(x, float) else x


SEUIL_PARALLELE = 32   # en deçà, un seul processus : en lancer d'autres coûte plus que cela ne rapporte
PAQUET = 8             # dossiers confiés d'un coup à un processus (ordre des lignes conservé)


def processus_disponibles() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:          # pragma: no cover - hors Linux
        return os.cpu_count() or 1


def executer(fichiers: Iterable[Path], barre: bool = True, copies: Path | None = None,
             processus: int | None = None, moteur_calcul: str = "interne") -> list[Ligne]:
    """Une ligne par fichier, dans l'ordre. À partir de ``SEUIL_PARALLELE`` fichiers, les dossiers
    sont répartis sur les cœurs de la machine (``processus`` pour en fixer le nombre) ; chaque
    processus compile chaque modèle une fois. ``moteur_calcul="libreoffice"`` : un seul LibreOffice
    pour tout le lot, dans ce processus."""
    from tqdm import tqdm
    fichiers = list(fichiers)
    if moteur_calcul == "libreoffice":          # un seul LibreOffice pour tout le lot
        from udfs.libreoffice.bureau import Bureau
        with Bureau() as bureau:
            return [traiter(f, copies, bureau.calculer)
                    for f in tqdm(fichiers, desc="Dossiers", unit="fichier", disable=not barre)]
    if processus is None:
        processus = processus_disponibles() if len(fichiers) >= SEUIL_PARALLELE else 1
    processus = max(1, min(processus, len(fichiers) // PAQUET))
    if processus == 1:
        return [traiter(f, copies) for f in tqdm(fichiers, desc="Dossiers", unit="fichier", disable=not barre)]
    return _en_parallele(fichiers, processus, barre, copies)


def _traiter_paquet(fichiers: list[Path], copies: Path | None):
    """Dans un processus fils : les lignes du paquet, et ses copies préparées mais pas encore
    renommées (le processus parent les renomme avec la synthèse, toutes ou aucune)."""
    return preparer(lambda: [traiter(f, copies) for f in fichiers])


def _en_parallele(fichiers: list[Path], processus: int, barre: bool, copies: Path | None) -> list[Ligne]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from tqdm import tqdm
    paquets = [fichiers[i:i + PAQUET] for i in range(0, len(fichiers), PAQUET)]
    methodes = multiprocessing.get_all_start_methods()
    contexte = multiprocessing.get_context("fork" if "fork" in methodes else methodes[0])
    executeur = ProcessPoolExecutor(max_workers=processus, mp_context=contexte)
    taches = [executeur.submit(_traiter_paquet, paquet, copies) for paquet in paquets]
    lignes: list[Ligne] = []
    adoptees = 0
    try:
        with tqdm(total=len(fichiers), desc="Dossiers", unit="fichier", disable=not barre) as progression:
            for tache in taches:
                paquet, copies_preparees = tache.result()
                adopter(copies_preparees)
                adoptees += 1
                lignes.extend(paquet)
                progression.update(len(paquet))
    except BaseException:
        # Ctrl-C, faute d'écriture : les paquets en cours finissent, les autres sont annulés ; les
        # copies des paquets finis sont confiées à la transaction en cours, qui les efface avec le
        # reste (sans transaction, elles sont gardées : chacune est entière).
        executeur.shutdown(wait=True, cancel_futures=True)
        for tache in taches[adoptees:]:
            if tache.done() and not tache.cancelled() and tache.exception() is None:
                adopter(tache.result()[1])
        raise
    executeur.shutdown()
    return lignes


def ecrire_synthese(lignes: list[Ligne], sortie: Path) -> tuple[Path, Path]:
    """Écrit la synthèse en .xlsx et en .csv (séparateur « ; », UTF-8 avec BOM pour Excel)."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.title = "Synthèse"
    feuille.append(COLONNES)
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    for ligne in lignes:
        feuille.append(ligne.valeurs())
    for i, largeur in enumerate([34, 28, 40, 12, 12, 16, 18, 18, 18, 40], start=1):
        feuille.column_dimensions[get_column_letter(i)].width = largeur
    for colonne in "DEFGHI":
        for cellule in feuille[colonne][1:]:
            cellule.number_format = "#,##0.00"
    feuille.freeze_panes = "B2"
    texte = io.StringIO()
    ecrivain = csv.writer(texte, delimiter=";")
    ecrivain.writerow(COLONNES)
    for ligne in lignes:
        ecrivain.writerow([str(x).replace(".", ",") if isinstance(x, float) else x for x in ligne.valeurs()])
    xlsx, csv_ = sortie.with_suffix(".xlsx"), sortie.with_suffix(".csv")
    with transaction():             # les deux, ou aucune
        ecrire_atomiquement(xlsx, classeur.save)
        ecrire_atomiquement(csv_, lambda flux: flux.write(texte.getvalue().encode("utf-8-sig")))
    return xlsx, csv_
