"""Aides des tests des classeurs livrés : cellules désignées par leur nom défini, copies modifiées
recalculées, LibreOffice dans un profil privé."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl

from udfs import moteur

RACINE = Path(__file__).resolve().parents[2]
WORKBOOKS = RACINE / "workbooks"


def ref(classeur: openpyxl.Workbook, nom: str) -> tuple[str, str]:
    """(feuille, « B17 ») d'un nom défini d'une cellule."""
    feuille, cellule = next(iter(classeur.defined_names[nom].destinations))
    return feuille, cellule.replace("$", "")


def adresse(classeur: openpyxl.Workbook, nom: str) -> str:
    """« Feuille!B17 » d'un nom défini (clé des valeurs du moteur)."""
    return "!".join(ref(classeur, nom))


def mettre(classeur: openpyxl.Workbook, nom: str, valeur: Any) -> None:
    feuille, cellule = ref(classeur, nom)
    classeur[feuille][cellule] = valeur


def copie_modifiee(source: Path, cible: Path, valeurs: dict[str, Any]) -> moteur.Resultat:
    """Copie ``source`` en ``cible`` avec ``valeurs`` ({nom défini ou « Feuille!A1 » : valeur}),
    comme l'utilisateur la remplirait, puis la recalcule."""
    classeur = openpyxl.load_workbook(source)
    for cle, v in valeurs.items():
        if "!" in cle:
            feuille, cellule = cle.rsplit("!", 1)
            classeur[feuille][cellule] = v
        else:
            mettre(classeur, cle, v)
    classeur.save(cible)
    return moteur.recalculer(cible)


def copie_calculee(source: Path, cible: Path, valeurs: dict[str, Any]) -> moteur.Resultat:
    """Comme ``copie_modifiee``, et ``cible`` devient la copie calculée (valeurs en cache), celle
    qu'écrit ``rs-instruction recalculer`` — sans recalculer deux fois."""
    from udfs.copie import ecrire_copie_calculee
    brute = cible.with_name(cible.stem + "_brute" + cible.suffix)
    resultat = copie_modifiee(source, brute, valeurs)
    ecrire_copie_calculee(brute, resultat.valeurs, cible)
    return resultat


def soffice(dossier: Path, format_: str, *fichiers: Path) -> None:
    """Convertit ``fichiers`` (pdf, xlsx…) dans ``dossier`` par LibreOffice en français, avec un
    profil privé (d'autres processus LibreOffice tournent peut-être en même temps)."""
    profil = dossier / "profil_libreoffice"
    env = {**os.environ, "LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8", "HOME": str(dossier)}
    programme = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([programme, f"-env:UserInstallation={profil.as_uri()}", "--headless", "--norestore",
                    "--convert-to", format_, "--outdir", str(dossier), *map(str, fichiers)],
                   check=True, env=env, timeout=600, capture_output=True)
