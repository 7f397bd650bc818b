"""Banc : ``rs-instruction recalculer`` contre ``soffice --headless --convert-to xlsx`` sur le même
classeur, processus complets (démarrage compris), plusieurs répétitions ; imprime le rapport."""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
CLASSEUR = RACINE / "workbooks" / "exemples" / "residence_sociale_40_2021.xlsx"


def chronometrer(commande: list[str], repetitions: int, env=None) -> list[float]:
    durees = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        subprocess.run(commande, check=True, capture_output=True, env=env, timeout=600)
        durees.append(time.perf_counter() - debut)
    return durees


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--repetitions", type=int, default=5)
    p.add_argument("--classeur", type=Path, default=CLASSEUR)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        nous = chronometrer([sys.executable, "-m", "udfs.cli", "recalculer", str(args.classeur),
                             "--sortie", str(tmp / "nous" / args.classeur.name)], args.repetitions)
        # en processus : chargement + calcul + copie, sans le démarrage de Python
        from udfs import moteur
        from udfs.copie import ecrire_copie_calculee
        en_processus = []
        for _ in range(args.repetitions):
            debut = time.perf_counter()
            r = moteur.recalculer(args.classeur)
            ecrire_copie_calculee(args.classeur, r.valeurs, tmp / "inproc" / args.classeur.name)
            en_processus.append(time.perf_counter() - debut)
        print(f"classeur : {args.classeur.name} ({len(r.valeurs)} formules)")
        print(f"rs-instruction recalculer (processus complet) : médiane {statistics.median(nous):.2f} s "
              f"sur {args.repetitions}")
        print(f"recalcul en processus (moteur + copie)        : médiane {statistics.median(en_processus):.2f} s")
        if shutil.which("soffice") is None:
            print("LibreOffice absent : pas de rapport (apt-get install libreoffice-calc-nogui)")
            return 0
        env = {"HOME": str(tmp / "profil"), "PATH": "/usr/bin:/bin"}
        commande = ["soffice", "--headless", "--norestore", "--convert-to", "xlsx", "--outdir",
                    str(tmp / "lo"), str(args.classeur)]
        chronometrer(commande, 1, env)          # premier lancement : création du profil, écarté
        lo = chronometrer(commande, args.repetitions, env)
        print(f"LibreOffice --convert-to xlsx (processus)      : médiane {statistics.median(lo):.2f} s")
        print(f"rapport rs-instruction / LibreOffice           : {statistics.median(nous) / statistics.median(lo):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
