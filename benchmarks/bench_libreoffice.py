"""Banc : ``rs-instruction lot --moteur libreoffice`` contre le moteur par défaut, sur les mêmes N
dossiers générés, dans la même exécution (fichiers par seconde, et accord des deux synthèses).

Les dossiers sont des variantes des trois exemples livrés (``udfs.corpus`` : saisies tirées des
listes et bornes du modèle ; seules les saisies remplies dans l'exemple changent, comme dans un lot
ordinaire où les dossiers d'un modèle ont les mêmes lignes de tables). Le moteur LibreOffice tourne
dans un profil neuf, créé dans un dossier temporaire : le banc mesure aussi sa première mise en
route (profil créé, extension installée).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from udfs import corpus, lot

EXEMPLES = ("exemples/fjt_2025.xlsx", "exemples/pension_de_famille_2024.xlsx",
            "exemples/residence_sociale_40_2021.xlsx")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--nombre", type=int, default=1000)
    p.add_argument("--graine", type=int, default=1)
    args = p.parse_args()
    from udfs.libreoffice import bureau
    raison = bureau.disponibilite()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")      # profil et extension neufs, à part
        debut = time.perf_counter()
        fichiers = corpus.generer(tmp / "dossiers", args.nombre, graine=args.graine, modeles=EXEMPLES,
                                  vides=0.0, remplies_seulement=True)
        print(f"{args.nombre} dossiers générés en {time.perf_counter() - debut:.1f} s")

        debut = time.perf_counter()
        interne = lot.executer(fichiers, barre=False)
        lot.ecrire_synthese(interne, tmp / "interne.xlsx")
        duree = time.perf_counter() - debut
        echecs = sum(1 for l in interne if l.statut != "calculé")
        print(f"moteur par défaut : {args.nombre} fichiers en {duree:.1f} s, {args.nombre / duree:.2f} fichiers/s, "
              f"{echecs} échec(s)")
        if raison:
            print(f"LibreOffice indisponible ({raison}) : pas de rapport")
            return 0

        debut = time.perf_counter()
        with bureau.Bureau() as b:
            print(f"LibreOffice : première mise en route (extension construite et installée dans un profil "
                  f"neuf) {time.perf_counter() - debut:.1f} s, dont démarrage et installation {b.duree_demarrage:.1f} s")
        debut = time.perf_counter()
        libre = lot.executer(fichiers, barre=False, moteur_calcul="libreoffice")
        lot.ecrire_synthese(libre, tmp / "libre.xlsx")
        duree_lo = time.perf_counter() - debut
        echecs_lo = sum(1 for l in libre if l.statut != "calculé")
        print(f"--moteur libreoffice (un seul processus, profil prêt) : {args.nombre} fichiers en {duree_lo:.1f} s, "
              f"{args.nombre / duree_lo:.2f} fichiers/s, {echecs_lo} échec(s)")
        print(f"rapport de débit LibreOffice / moteur par défaut : {duree / duree_lo:.2f}")
        from udfs.libreoffice import ecarts
        differentes = [(a, b_) for a, b_ in zip(interne, libre) if a.valeurs() != b_.valeurs()]
        expliquees = sum(1 for a, b_ in differentes
                         if all(u == v or ecarts.classe("", u, v, set()) for u, v in zip(a.valeurs(), b_.valeurs())))
        print(f"lignes de synthèse différentes entre les deux moteurs : {len(differentes)} sur {args.nombre}, "
              f"dont {expliquees} par l'écart connu « argument en erreur » (voir udfs/libreoffice/ecarts.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
