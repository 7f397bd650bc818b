"""Compare notre recalcul aux valeurs qu'Excel a mises en cache dans un classeur qu'il a
enregistré : la vérification la plus directe de la sémantique du moteur sans Excel.

    python benchmarks/comparer_a_excel.py CLASSEUR.xlsx [--exemples 20]

Imprime le nombre de cellules à formule égales et différentes (nombres à 1e-9 près), les
différences regroupées par première fonction de la formule, et des exemples. Rien n'est écrit.
Les valeurs d'un classeur enregistré sur Mac (CAR, CODE : jeu de caractères Macintosh) ou par un
Excel aux réglages régionaux anglais (dates en texte MM/JJ) peuvent différer légitimement.
"""

from __future__ import annotations

import argparse
import collections
import math
import re
import sys
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from udfs import moteur  # noqa: E402
from udfs.calcul import analyse  # noqa: E402


def _egales(excel, nous) -> bool:
    nombre = (int, float)
    if isinstance(excel, nombre) and not isinstance(excel, bool) and isinstance(nous, nombre) \
            and not isinstance(nous, bool):
        return math.isclose(excel, nous, rel_tol=1e-9, abs_tol=1e-9)
    if hasattr(excel, "year"):                 # openpyxl rend une date là où nous gardons le n° de série
        return isinstance(nous, nombre)
    return excel == nous and type(excel) is type(nous)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("classeur", type=Path)
    p.add_argument("--exemples", type=int, default=20)
    args = p.parse_args()
    resultat = moteur.recalculer(args.classeur)
    valeurs = openpyxl.load_workbook(args.classeur, data_only=True)
    formules = openpyxl.load_workbook(args.classeur)
    ancres = {}
    for ancre, plage in resultat.matrices.items():
        feuille = ancre.rsplit("!", 1)[0]
        l1, c1, l2, c2 = analyse.plage(plage)
        for l in range(l1, l2 + 1):
            for c in range(c1, c2 + 1):
                ancres[f"{feuille}!{analyse.lettres(c)}{l}"] = ancre
    egales, par_fonction, exemples = 0, collections.Counter(), []
    for cle, nous in resultat.valeurs.items():
        feuille, cellule = cle.rsplit("!", 1)
        excel = valeurs[feuille][cellule].value
        if excel is None:
            continue
        if _egales(excel, nous):
            egales += 1
            continue
        f, c = ancres.get(cle, cle).rsplit("!", 1)
        texte = formules[f][c].value
        texte = str(getattr(texte, "text", texte))
        nom = (re.findall(r"([A-Z_][A-Z0-9._]*)\(", texte.upper()) or ["(opérateurs)"])[0]
        par_fonction[nom.replace("_XLFN.", "")] += 1
        exemples.append((cle, texte[:80], excel, nous))
    total = egales + len(exemples)
    print(f"{args.classeur.name} : {egales} cellules égales aux valeurs d'Excel sur {total} "
          f"({100 * egales / max(total, 1):.1f} %), {len(exemples)} différentes")
    for nom, n in par_fonction.most_common(30):
        print(f"  {nom} : {n}")
    for cle, texte, excel, nous in exemples[:args.exemples]:
        print(f"  {cle} {texte} | Excel {excel!r} | nous {nous!r}")
    for avertissement in resultat.avertissements:
        print(f"  Attention : {avertissement}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
