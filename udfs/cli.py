"""Commande ``rs-instruction`` : recalculer, lot, valider, generer, extension.

Codes de sortie : 0 succès (même si des cellules montrent des erreurs de saisie) ; 1 problèmes
trouvés (valider) ou fichiers en échec (lot) ; 2 fichier illisible, refusé, ou sortie interdite.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _recalculer(args) -> int:
    from udfs import moteur
    from udfs.copie import SortieInterdite, chemin_sortie_par_defaut, ecrire_copie_calculee, verifier_sortie

    entree = Path(args.entree)
    sortie = Path(args.sortie) if args.sortie else chemin_sortie_par_defaut(entree)
    if not args.json or args.sortie:
        verifier_sortie(entree, sortie)    # refuser avant de calculer
    if args.moteur == "libreoffice":
        from udfs.libreoffice import bureau
        resultat = bureau.recalculer(entree)
    else:
        resultat = moteur.recalculer(entree)
    if resultat.cellules.noms_locaux:
        print("Attention : noms définis locaux à une feuille, que le recalcul sans Excel ne lit pas "
              f"(les formules qui les emploient donnent #REF!) : {', '.join(resultat.cellules.noms_locaux)}",
              file=sys.stderr)
    if args.json:
        json.dump(resultat.valeurs, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    if not args.json or args.sortie:
        ecrire_copie_calculee(entree, resultat.valeurs, sortie)
        erreurs = sum(1 for v in resultat.valeurs.values() if isinstance(v, str) and v.startswith("#"))
        n = len(resultat.valeurs)
        pluriel = "s" if n > 1 else ""
        print(f"{n} formule{pluriel} calculée{pluriel} ({erreurs} en erreur) → {sortie}",
              file=sys.stderr if args.json else sys.stdout)
    return 0


def _lot(args) -> int:
    from udfs import lot

    dossier = Path(args.dossier)
    if not dossier.is_dir():
        print(f"Erreur : {dossier} n'est pas un dossier", file=sys.stderr)
        return 2
    fichiers = lot.classeurs_du_dossier(dossier)
    if not fichiers:
        print(f"Erreur : aucun classeur .xlsx ou .xlsm dans {dossier}", file=sys.stderr)
        return 2
    copies = Path(args.copies) if args.copies else None
    if copies is not None and copies.resolve() == dossier.resolve():
        print("Erreur : les copies calculées doivent aller dans un autre dossier que les entrées",
              file=sys.stderr)
        return 2
    synthese = Path(args.sortie).with_suffix(".xlsx").resolve()
    if any(f.resolve() == synthese for f in fichiers):
        print(f"Erreur : la synthèse {synthese.name} écraserait un classeur du lot : choisissez un autre "
              "nom avec --sortie", file=sys.stderr)
        return 2
    lignes = lot.executer(fichiers, barre=not args.sans_barre, copies=copies, moteur_calcul=args.moteur)
    xlsx, csv_ = lot.ecrire_synthese(lignes, Path(args.sortie))
    echecs = [l for l in lignes if l.statut != "calculé"]
    print(f"{len(lignes)} classeurs, {len(lignes) - len(echecs)} calculés, {len(echecs)} en échec → {xlsx}, {csv_}")
    for l in echecs:
        print(f"  {l.fichier} : {l.statut}")
    return 1 if echecs else 0


def _valider(args) -> int:
    import zipfile

    from udfs.classeurs.validation import valider
    from udfs.securite import classeur_illisible, verifier_fichier

    entree = Path(args.entree)
    verifier_fichier(entree)
    try:
        problemes = valider(entree, modele=args.modele, complet=args.complet)
    except (ValueError, TypeError, KeyError, SyntaxError, zipfile.BadZipFile) as e:  # openpyxl : XML endommagé
        raise classeur_illisible(entree, e) from None
    for p in problemes:
        print(p)
    if problemes:
        print(f"{len(problemes)} problème(s) dans {entree.name}", file=sys.stderr)
        return 1
    print(f"{entree.name} : structure conforme au modèle")
    return 0


def _extension(args) -> int:
    from udfs.libreoffice import extension
    try:
        chemin = extension.construire(Path(args.sortie))
    except extension.OutilManquant as e:
        print(f"Erreur : {e}", file=sys.stderr)
        return 2
    print(f"{chemin} : extension LibreOffice ({len(extension.REGISTRE)} fonctions) ; installez-la par "
          f"Outils > Gestionnaire des extensions, ou : unopkg add {chemin}")
    return 0


def _generer(args) -> int:
    from udfs.classeurs.generation import generer_tout

    for chemin in generer_tout(Path(args.dossier)):
        print(chemin)
    return 0


MOTEURS = ("interne", "libreoffice")
AIDE_MOTEUR = ("interne (défaut) : sans tableur ; libreoffice : un LibreOffice sans écran avec l'extension "
               "rs_instruction, dans un profil privé")


def analyseur() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rs-instruction",
        description="Instruction des résidences sociales (PLAI) : recalcul sans Excel, lot, contrôle des classeurs.")
    sous = p.add_subparsers(dest="commande", required=True, metavar="COMMANDE")

    r = sous.add_parser("recalculer", help="recalcule un classeur et écrit sa copie calculée",
                        description="Recalcule toutes les formules (fonctions du complément comprises) sans "
                                    "Excel et écrit une copie avec les valeurs ; l'entrée n'est jamais modifiée.")
    r.add_argument("entree", metavar="ENTREE", help="classeur .xlsx ou .xlsm")
    r.add_argument("--sortie", metavar="FICHIER", help="copie calculée (défaut : ENTREE_calcule.xlsx à côté)")
    r.add_argument("--json", action="store_true",
                   help="affiche {\"Feuille!A1\": valeur} de chaque formule (sans copie, sauf avec --sortie)")
    r.add_argument("--moteur", choices=MOTEURS, default="interne", help=AIDE_MOTEUR)
    r.set_defaults(action=_recalculer)

    lt = sous.add_parser("lot", help="recalcule tous les classeurs d'un dossier et écrit une synthèse",
                         description="Contrôle et recalcule chaque classeur du dossier ; une ligne par "
                                     "fichier (SU, SLC, assiette, subvention, bilans, équilibre) en .xlsx et .csv.")
    lt.add_argument("dossier", metavar="DOSSIER")
    lt.add_argument("--sortie", metavar="SYNTHESE", required=True, help="synthese.xlsx (un .csv est écrit à côté)")
    lt.add_argument("--copies", metavar="DOSSIER", help="écrit aussi la copie calculée de chaque classeur ici")
    lt.add_argument("--sans-barre", action="store_true", help="sans barre de progression")
    lt.add_argument("--moteur", choices=MOTEURS, default="interne", help=AIDE_MOTEUR)
    lt.set_defaults(action=_lot)

    v = sous.add_parser("valider", help="contrôle la structure d'un classeur",
                        description="Compare le classeur au modèle dont il est issu (feuilles, noms, saisies, "
                                    "listes, formules) ; n'écrit rien.")
    v.add_argument("entree", metavar="ENTREE")
    v.add_argument("--modele", help="nom du modèle (défaut : déduit du classeur)")
    v.add_argument("--complet", action="store_true",
                   help="signale aussi les saisies obligatoires restées vides (dossier prêt pour la décision)")
    v.set_defaults(action=_valider)

    e = sous.add_parser("extension", help="construit l'extension LibreOffice rs_instruction.oxt",
                        description="Construit l'extension LibreOffice (fonctions du complément pour Calc, "
                                    "générées depuis le registre) ; nécessite le SDK de LibreOffice.")
    e.add_argument("--sortie", metavar="FICHIER.oxt", default="rs_instruction.oxt",
                   help="fichier de l'extension (défaut : rs_instruction.oxt)")
    e.set_defaults(action=_extension)

    g = sous.add_parser("generer", help="régénère les classeurs livrés à partir de leur spécification")
    g.add_argument("--dossier", default="workbooks", help="dossier de destination (défaut : workbooks)")
    g.set_defaults(action=_generer)
    return p


def main(argv: list[str] | None = None) -> int:
    args = analyseur().parse_args(argv)
    from udfs.copie import SortieInterdite
    from udfs.libreoffice.bureau import LibreOfficeIndisponible
    from udfs.securite import ClasseurRefuse
    try:
        return args.action(args)
    except (ClasseurRefuse, SortieInterdite, LibreOfficeIndisponible) as e:
        print(f"Erreur : {e}", file=sys.stderr)
        return 2
    except PermissionError as e:
        print(f"Erreur : écriture impossible ({e.filename}) : droits insuffisants", file=sys.stderr)
        return 2
    except OSError as e:    # disque plein, support retiré… : la sortie n'a pas été écrite (écriture atomique)
        print(f"Erreur : lecture ou écriture impossible ({e.strerror or e}) : aucun fichier à moitié écrit "
              "n'a été laissé", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrompu : aucun fichier partiel n'a été laissé.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
