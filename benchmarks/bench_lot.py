"""Banc : ``rs-instruction lot`` sur N dossiers générés (variantes des trois exemples), processus
complet, contre LibreOffice convertissant un échantillon des mêmes fichiers en un seul processus.

Objectif (issue 12) : 1 000 dossiers en moins de 60 s sur la machine de l'issue (2 cœurs). Le lot
contrôle la structure de chaque dossier (sur l'aperçu lxml), le lit, le calcule et écrit la synthèse ; il
répartit les dossiers sur les cœurs disponibles.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mesure import RACINE, LibreOffice, notre_commande, objectif, octets, processus  # noqa: E402

from udfs import lot  # noqa: E402
from udfs.classeurs import exemples, generation, instruction  # noqa: E402


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
        valeurs[f"Surfaces!D{instruction.LIGNE_LOCAUX}"] += plus
        valeurs["LOYER_IMMOBILIER"] = valeurs["LOYER_IMMOBILIER"] * hasard.uniform(0.95, 1.05)
        valeurs[f"Surfaces!C{instruction.LIGNE_LOCAUX}"] += hasard.choice((0, 0.5, 1, 2))
        chemin = dossier / f"dossier_{i:04d}.xlsx"
        generation.ecrire(instruction.modele().remplir(valeurs), chemin)
        chemins.append(chemin)
    return chemins


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--nombre", type=int, default=1000)
    p.add_argument("--echantillon-libreoffice", type=int, default=50)
    p.add_argument("--objectif", type=float, default=60.0, help="secondes pour --nombre dossiers (défaut 60)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        entrees = tmp / "dossiers"
        entrees.mkdir()
        debut = time.perf_counter()
        fichiers = generer(entrees, args.nombre)
        print(f"{args.nombre} dossiers générés en {time.perf_counter() - debut:.1f} s (hors mesure)")
        m = processus(notre_commande("lot", str(entrees), "--sortie", str(tmp / "synthese.xlsx"), "--sans-barre"),
                      cwd=RACINE)
        debit = args.nombre / m.secondes
        synthese = (tmp / "synthese.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
        echecs = sum(1 for l in synthese if l.split(";")[1] != "calculé")
        print(f"rs-instruction lot (processus complet, {lot.processus_disponibles()} cœurs) : {args.nombre} "
              f"fichiers en {m.secondes:.1f} s, {debit:.1f} fichiers/s, {echecs} échec(s), "
              f"mémoire max {octets(m.memoire)}")
        atteint = objectif(f"lot de {args.nombre} dossiers", m.secondes, args.objectif, " s", strict=True)
        if LibreOffice.present():
            lo = LibreOffice(tmp)
            lo.chauffer(fichiers[0])
            echantillon = fichiers[: args.echantillon_libreoffice]
            e = lo.mesurer(*echantillon)
            debit_lo = len(echantillon) / e.secondes
            print(f"LibreOffice (un processus, {len(echantillon)} fichiers) : {debit_lo:.1f} fichiers/s")
            print(f"  rapport de débit rs-instruction / LibreOffice : {debit / debit_lo:.2f} (plus haut : plus rapide)")
        else:
            print("LibreOffice absent : pas de rapport")
    print("objectif atteint" if atteint and not echecs else "objectif NON ATTEINT : voir ci-dessus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
