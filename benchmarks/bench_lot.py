"""Banc : ``rs-instruction lot`` sur N dossiers générés (variantes des exemples), en fichiers par
seconde, contre LibreOffice convertissant un échantillon des mêmes fichiers en un seul processus."""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from udfs.classeurs import exemples, generation, instruction
from udfs import lot


def generer(dossier: Path, nombre: int) -> list[Path]:
    hasard = random.Random(1)
    donnees = [exemples.PENSION_DE_FAMILLE_2024, exemples.RESIDENCE_SOCIALE_40_2021, exemples.FJT_2025]
    chemins = []
    for i in range(nombre):
        valeurs = dict(donnees[i % 3])
        # quelques logements de plus, dans la typologie et sur la feuille Surfaces (ligne des logements)
        plus = hasard.randint(0, 5)
        ligne = instruction.LIGNE_LOGEMENTS
        valeurs[f"Logements!C{ligne}"] = valeurs[f"Logements!C{ligne}"] + plus
        valeurs["Surfaces!D6"] = valeurs["Surfaces!D6"] + plus
        valeurs["LOYER_IMMOBILIER"] = valeurs["LOYER_IMMOBILIER"] * hasard.uniform(0.95, 1.05)
        valeurs["Surfaces!C6"] = valeurs["Surfaces!C6"] + hasard.choice((0, 0.5, 1, 2))
        chemin = dossier / f"dossier_{i:04d}.xlsx"
        generation.ecrire(instruction.modele().remplir(valeurs), chemin)
        chemins.append(chemin)
    return chemins


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--nombre", type=int, default=1000)
    p.add_argument("--echantillon-libreoffice", type=int, default=50)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        entrees = tmp / "dossiers"
        entrees.mkdir()
        debut = time.perf_counter()
        fichiers = generer(entrees, args.nombre)
        print(f"{args.nombre} dossiers générés en {time.perf_counter() - debut:.1f} s")
        debut = time.perf_counter()
        lignes = lot.executer(fichiers, barre=False)
        lot.ecrire_synthese(lignes, tmp / "synthese.xlsx")
        duree = time.perf_counter() - debut
        echecs = sum(1 for l in lignes if l.statut != "calculé")
        debit = args.nombre / duree
        print(f"rs-instruction lot : {args.nombre} fichiers en {duree:.1f} s, {debit:.1f} fichiers/s, "
              f"{echecs} échec(s)")
        if shutil.which("soffice") is None:
            print("LibreOffice absent : pas de rapport")
            return 0
        echantillon = fichiers[: args.echantillon_libreoffice]
        env = {"HOME": str(tmp / "profil"), "PATH": "/usr/bin:/bin"}
        subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "xlsx", "--outdir",
                        str(tmp / "chauffe"), str(fichiers[0])], env=env, capture_output=True, timeout=600)
        debut = time.perf_counter()
        subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "xlsx", "--outdir",
                        str(tmp / "lo"), *map(str, echantillon)], env=env, capture_output=True, timeout=3600,
                       check=True)
        debit_lo = len(echantillon) / (time.perf_counter() - debut)
        print(f"LibreOffice (un processus, {len(echantillon)} fichiers) : {debit_lo:.1f} fichiers/s")
        print(f"rapport de débit rs-instruction / LibreOffice : {debit / debit_lo:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
