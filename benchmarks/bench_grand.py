"""Banc : grands classeurs (arithmétique, SOMME, SI, RECHERCHEV, un appel de nos fonctions sur
cinq formules ; ``classeur_synthetique``), ``rs-instruction recalculer`` contre LibreOffice
``--convert-to``, processus complets, durée et mémoire maximale.

Objectifs (issue 12) sur 20 000 formules : ≤ 10 × LibreOffice et < 1 Gio de mémoire maximale ;
puis la croissance du coût (1k, 5k, 20k, 50k formules) en tableau. LibreOffice ne connaît pas
nos fonctions (#NOM? dans 4 000 cellules sur 20 000) : c'est la référence « ouvrir, recalculer,
enregistrer » d'un classeur de même taille.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import classeur_synthetique  # noqa: E402
from mesure import GIO, LibreOffice, objectif, octets, recalculer_alterne  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--formules", type=int, default=20_000, help="taille de l'objectif (défaut 20 000)")
    p.add_argument("--croissance", default="1000,5000,20000,50000", help="tailles du tableau de croissance")
    p.add_argument("--repetitions", type=int, default=1)
    args = p.parse_args()
    tailles = sorted({int(t) for t in args.croissance.split(",") if t} | {args.formules})
    atteints = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lo = LibreOffice(tmp) if LibreOffice.present() else None
        lignes = []
        for n in tailles:
            chemin = classeur_synthetique.ecrire(tmp / "entrees" / f"synthetique_{n}.xlsx", n)
            if lo and not lignes:
                lo.chauffer(chemin)
            nous, eux = recalculer_alterne(chemin, lo, args.repetitions, tmp / "nous")
            lignes.append((n, nous, eux))
            if n == args.formules:
                print(f"{n} formules : rs-instruction {nous.secondes:.2f} s, {octets(nous.memoire)}"
                      + (f" ; LibreOffice {eux.secondes:.2f} s, {octets(eux.memoire)}" if eux else ""))
                if eux:
                    atteints.append(objectif(f"{n} formules, recalculer / LibreOffice",
                                             nous.secondes / eux.secondes, 10.0, " ×"))
                atteints.append(objectif(f"{n} formules, mémoire maximale", nous.memoire / GIO, 1.0, " Gio",
                                         strict=True))
        print()
        print("| formules | rs-instruction | mémoire max | LibreOffice | mémoire max | rapport |")
        print("|---:|---:|---:|---:|---:|---:|")
        for n, nous, eux in lignes:
            print(f"| {n} | {nous.secondes:.2f} s | {octets(nous.memoire)} | "
                  + (f"{eux.secondes:.2f} s | {octets(eux.memoire)} | {nous.secondes / eux.secondes:.2f} × |"
                     if eux else "— | — | — |"))
    if not lo:
        print("LibreOffice absent : pas de rapport (apt-get install libreoffice-calc-nogui)")
    print("tous les objectifs atteints" if all(atteints) else "objectifs NON ATTEINTS : voir ci-dessus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
