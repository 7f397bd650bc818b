"""Banc : un dossier (l'exemple livré de 428 formules).

1. ``rs-instruction recalculer`` contre ``soffice --headless --convert-to xlsx`` sur le même
   classeur, processus complets (démarrage compris), mesures alternées ; objectif ≤ 1,0 ×.
2. Recalcul à chaud dans le même processus (lecture, calcul, copie calculée) ; objectif < 0,3 s.
   Nos fonctions étant pures, leurs appels identiques sont mémorisés : la mesure est donnée aussi
   mémoire vidée avant chaque recalcul (le cas d'un autre dossier du même modèle).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mesure import RACINE, LibreOffice, objectif, octets, recalculer_alterne  # noqa: E402

CLASSEUR = RACINE / "workbooks" / "exemples" / "residence_sociale_40_2021.xlsx"


def a_chaud(classeur: Path, dossier: Path, repetitions: int, vider: bool) -> float:
    from udfs import moteur
    from udfs.calcul import hote
    from udfs.copie import ecrire_copie_calculee
    r = moteur.recalculer(classeur)                      # à froid : compile le modèle
    durees = []
    for i in range(repetitions):
        if vider:
            hote.vider_memoire()
        debut = time.perf_counter()
        r = moteur.recalculer(classeur)
        ecrire_copie_calculee(classeur, r.valeurs, dossier / f"chaud_{i}.xlsx", r.matrices)
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repetitions", type=int, default=5)
    p.add_argument("--classeur", type=Path, default=CLASSEUR)
    args = p.parse_args()
    atteints = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lo = LibreOffice(tmp) if LibreOffice.present() else None
        if lo:
            lo.chauffer(args.classeur)
        n, e = recalculer_alterne(args.classeur, lo, args.repetitions, tmp / "nous")
        print(f"classeur : {args.classeur.name}")
        print(f"rs-instruction recalculer (processus complet) : médiane {n.secondes:.2f} s sur "
              f"{args.repetitions}, mémoire max {octets(n.memoire)}")
        if lo:
            print(f"LibreOffice --convert-to xlsx (processus)      : médiane {e.secondes:.2f} s, "
                  f"mémoire max {octets(e.memoire)}")
            atteints.append(objectif("recalculer / LibreOffice", n.secondes / e.secondes, 1.0, " ×"))
        else:
            print("LibreOffice absent : pas de rapport (apt-get install libreoffice-calc-nogui)")
        chaud = a_chaud(args.classeur, tmp, args.repetitions, vider=False)
        chaud_vide = a_chaud(args.classeur, tmp, args.repetitions, vider=True)
        print(f"recalcul à chaud en processus (lecture, calcul, copie) : médiane {chaud:.3f} s ; "
              f"mémoire des appels vidée : {chaud_vide:.3f} s")
        atteints.append(objectif("recalcul à chaud", chaud, 0.3, " s", strict=True))
        atteints.append(objectif("recalcul à chaud, mémoire des appels vidée", chaud_vide, 0.3, " s", strict=True))
    print("tous les objectifs atteints" if all(atteints) else "objectifs NON ATTEINTS : voir ci-dessus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
