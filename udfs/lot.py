"""Recalcul d'un dossier entier de classeurs : une ligne de synthèse par fichier.

Chaque classeur est contrôlé (garde-fous, puis structure s'il suit un modèle connu), recalculé, et
ses résultats clés sont lus par leurs noms définis (``RES_SU``…). Un fichier en échec est signalé
dans sa ligne et n'arrête pas le lot. Les dossiers d'un même modèle partagent un modèle compilé une
seule fois (``ModeleCompile``), ce qui rend le lot rapide.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from udfs import moteur
from udfs.arrondi import arrondi_excel
from udfs.copie import chemin_sortie_par_defaut, ecrire_atomiquement, ecrire_copie_calculee
from udfs.securite import ClasseurRefuse, verifier_fichier

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
    """Les .xlsx/.xlsm du dossier (sans les fichiers de verrou « ~$ » ni nos copies calculées)."""
    return sorted(p for p in dossier.iterdir()
                  if p.is_file() and p.suffix.lower() in (".xlsx", ".xlsm")
                  and not p.name.startswith(("~$", ".")) and not p.stem.endswith("_calcule"))


def _problemes(chemin: Path) -> str:
    from udfs.classeurs.validation import valider_si_modele_connu
    problemes = valider_si_modele_connu(chemin)
    if problemes is None:
        return "modèle non reconnu (pas de contrôle)"
    if not problemes:
        return "aucun"
    return " ; ".join(str(p) for p in problemes[:5]) + (" …" if len(problemes) > 5 else "")


def traiter(chemin: Path, modeles: dict[str, moteur.ModeleCompile], copies: Path | None = None,
            calculer=None) -> Ligne:
    """``calculer(chemin, cellules)`` : un autre moteur (LibreOffice), sinon le modèle compilé."""
    try:
        verifier_fichier(chemin)
        problemes = _problemes(chemin)
        cellules = moteur.lire_cellules(chemin)
        if calculer is not None:
            resultat = calculer(chemin, cellules)
        else:
            modele = modeles.get(cellules.signature)
            if modele is None:
                modele = modeles[cellules.signature] = moteur.ModeleCompile(chemin)
            resultat = modele.calculer(chemin, cellules)
        if copies is not None:
            ecrire_copie_calculee(chemin, resultat.valeurs, copies / chemin_sortie_par_defaut(chemin).name)
        return Ligne(chemin.name, "calculé", problemes,
                     tuple(_au_centime(resultat.nom(n, "")) for n, _ in RESULTATS_CLES))
    except ClasseurRefuse as e:
        return Ligne(chemin.name, f"erreur : {e}")
    except Exception as e:  # noqa: BLE001 - un fichier ne doit jamais arrêter le lot
        return Ligne(chemin.name, f"erreur : {type(e).__name__} : {e}")


def _au_centime(x: Any) -> Any:
    return arrondi_excel(x, 2) if isinstance(x, float) else x


def executer(fichiers: Iterable[Path], barre: bool = True, copies: Path | None = None,
             moteur_calcul: str = "interne") -> list[Ligne]:
    from tqdm import tqdm
    modeles: dict[str, moteur.ModeleCompile] = {}
    fichiers = list(fichiers)
    if moteur_calcul == "libreoffice":          # un seul LibreOffice pour tout le lot
        from udfs.libreoffice.bureau import Bureau
        with Bureau() as bureau:
            return [traiter(f, modeles, copies, bureau.calculer)
                    for f in tqdm(fichiers, desc="Dossiers", unit="fichier", disable=not barre)]
    return [traiter(f, modeles, copies) for f in tqdm(fichiers, desc="Dossiers", unit="fichier",
                                                       disable=not barre)]


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
    xlsx = sortie.with_suffix(".xlsx")
    ecrire_atomiquement(xlsx, classeur.save)

    texte = io.StringIO()
    ecrivain = csv.writer(texte, delimiter=";")
    ecrivain.writerow(COLONNES)
    for ligne in lignes:
        ecrivain.writerow([str(x).replace(".", ",") if isinstance(x, float) else x for x in ligne.valeurs()])
    csv_ = sortie.with_suffix(".csv")
    ecrire_atomiquement(csv_, lambda flux: flux.write(texte.getvalue().encode("utf-8-sig")))
    return xlsx, csv_
