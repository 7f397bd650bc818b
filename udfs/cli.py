"""Commande ``rs-instruction`` : recalculer, lot, valider, generer, extension.

Conventions communes à toutes les commandes :
- stdout porte les résultats (valeurs ``--json``, problèmes trouvés, fichiers en échec, chemins
  écrits) ; stderr le résumé, les avertissements, les erreurs et la barre de progression (sur un
  terminal seulement) ; ``--silencieux`` retire le résumé et la barre.
- Codes de sortie : ``CODES`` ci-dessous (repris dans le README, confronté aux tests).
- Une faute de fichier est une ligne « Erreur : FICHIER : raison », jamais une trace Python ; les
  sorties sont vérifiées avant le calcul et écrites d'un coup (``udfs.fichiers``).

Ajouter une commande : une fonction qui déclare ses arguments et une fonction qui l'exécute,
décorée par ``@commande(...)`` (nom, aide, description, exemples). Rien d'autre à modifier :
l'analyseur français, ``--aide`` et ``--silencieux`` sont fournis à chaque commande.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

FAIT, PROBLEMES, FICHIER, USAGE, INTERNE, INTERROMPU = 0, 1, 2, 64, 70, 130
CODES = {
    FAIT: "fait (des cellules peuvent montrer des erreurs de saisie : elles sont dans la copie)",
    PROBLEMES: "problèmes trouvés dans le contenu (valider), classeurs en échec (lot)",
    FICHIER: "un fichier ne peut être lu ou écrit : introuvable, dossier, protégé par mot de passe, "
             "refusé par les garde-fous, illisible ou non calculable, sortie interdite, lecture seule, "
             "disque plein, droits insuffisants",
    USAGE: "erreur dans la ligne de commande : commande, argument ou paramètre inconnus ou manquants",
    INTERNE: "erreur interne de rs-instruction (à signaler)",
    INTERROMPU: "interrompu (Ctrl-C) : aucun fichier partiel laissé",
}


# --- L'analyseur français ----------------------------------------------------------------------
# argparse tire ses textes de gettext au moment de s'en servir : on lui prête un traducteur le
# temps de lire la ligne de commande ou d'écrire l'aide, sans toucher aux autres analyseurs du
# processus (pytest en a un).

_TRADUCTIONS = {
    "usage: ": "Utilisation : ",
    # argparse colle « : » au titre ; l'espace finale donne la typographie française « Titre : »
    "positional arguments": "Arguments ",
    "options": "Paramètres ",
    "optional arguments": "Paramètres ",
    "show this help message and exit": "affiche cette aide et s'arrête",
    "show program's version number and exit": "affiche la version et s'arrête",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s est ambigu : %(matches)s ?",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s : %(message)s",
    "expected at least one argument": "au moins une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "expected one argument": "une valeur attendue",
    "ignored explicit argument %r": "valeur %r en trop",
    "invalid %(type)s value: %(value)r": "valeur %(value)r invalide (%(type)s attendu)",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix %(value)r invalide (possibles : %(choices)s)",
    "not allowed with argument %s": "incompatible avec %s",
    "one of the arguments %s is required": "l'un de %s est obligatoire",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "unexpected option string: %s": "paramètre inattendu : %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "commande %(parser_name)r inconnue "
                                                             "(commandes : %(choices)s)",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}
_PLURIELS = {"expected %s argument": ("%s valeur attendue", "%s valeurs attendues")}


@contextmanager
def _en_francais() -> Iterator[None]:
    avant = argparse._, argparse.ngettext
    argparse._ = lambda texte: _TRADUCTIONS.get(texte, texte)
    argparse.ngettext = lambda un, plusieurs, n: (
        _PLURIELS[un][n != 1] if un in _PLURIELS else (un if n == 1 else plusieurs))
    try:
        yield
    finally:
        argparse._, argparse.ngettext = avant


class _Formateur(argparse.RawDescriptionHelpFormatter):
    """Description et exemples gardent leurs retours à la ligne (déjà mis en forme)."""


class AnalyseurFrancais(argparse.ArgumentParser):
    """``ArgumentParser`` en français : titres, aide, messages d'erreur ; une erreur d'usage sort
    avec le code 64 (EX_USAGE) et non 2, réservé aux fichiers qu'on ne peut lire ou écrire."""

    def __init__(self, *args, **kwargs):
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", _Formateur)
        super().__init__(*args, **kwargs)
        self._positionals.title = _TRADUCTIONS["positional arguments"]
        self._optionals.title = _TRADUCTIONS["options"]
        self.add_argument("-h", "--aide", "--help", action="help", default=argparse.SUPPRESS,
                          help=_TRADUCTIONS["show this help message and exit"])

    def parse_known_args(self, *args, **kwargs):
        with _en_francais():
            return super().parse_known_args(*args, **kwargs)

    def parse_args(self, *args, **kwargs):
        with _en_francais():
            return super().parse_args(*args, **kwargs)

    def format_help(self) -> str:
        with _en_francais():
            return super().format_help()

    def format_usage(self) -> str:
        with _en_francais():
            return super().format_usage()

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"Erreur : {message} (aide : {self.prog} --aide)\n")


def _paragraphes(texte: str) -> str:
    return "\n\n".join(textwrap.fill(" ".join(p.split()), 90) for p in texte.strip().split("\n\n"))


@dataclass
class Commande:
    nom: str
    aide: str                                   # une ligne, dans la liste des commandes
    description: str                            # paragraphes, en tête de « COMMANDE --aide »
    exemples: tuple[str, ...]
    arguments: Callable[[argparse.ArgumentParser], None]
    executer: Callable[[argparse.Namespace], int]


COMMANDES: dict[str, Commande] = {}


def commande(nom: str, *, aide: str, description: str, exemples: tuple[str, ...] | list[str],
             arguments: Callable[[argparse.ArgumentParser], None]):
    """Déclare une sous-commande : ``arguments(p)`` ajoute ses arguments, la fonction décorée
    l'exécute et rend le code de sortie."""
    def declarer(executer: Callable[[argparse.Namespace], int]):
        COMMANDES[nom] = Commande(nom, aide, description, tuple(exemples), arguments, executer)
        return executer
    return declarer


def _exemples(exemples) -> str:
    return "Exemple" + ("s" if len(exemples) > 1 else "") + " :\n" + "\n".join(f"  {e}" for e in exemples)


# --- Sorties communes --------------------------------------------------------------------------

def _resultat(texte: str) -> None:
    """Une ligne de résultat, sur stdout. Une sortie standard qui refuse l'écriture (disque plein,
    lecteur arrêté) est une faute de fichier comme une autre."""
    from udfs.fichiers import EcritureImpossible, raison
    try:
        sys.stdout.write(texte + "\n")
        sys.stdout.flush()
    except OSError as e:
        _stdout_vers_le_neant()
        raise EcritureImpossible("sortie standard", raison(e, ecriture=True)) from None


def _stdout_vers_le_neant() -> None:
    """Après une faute de stdout, Python la reproduirait en vidant son tampon à la sortie."""
    try:
        nul = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nul, sys.stdout.fileno())
        os.close(nul)
    except (OSError, ValueError, AttributeError):   # stdout remplacé (tests) : rien à faire
        pass


def _resume(args: argparse.Namespace, texte: str) -> None:
    """Le résumé d'une commande, sur stderr, sauf avec ``--silencieux``."""
    if not getattr(args, "silencieux", False):
        print(texte, file=sys.stderr)


def _barre(args: argparse.Namespace) -> bool:
    """La barre de progression : sur un terminal seulement, jamais dans un fichier ou un tube."""
    return not (getattr(args, "silencieux", False) or getattr(args, "sans_barre", False)) \
        and sys.stderr.isatty()


# --- recalculer --------------------------------------------------------------------------------

MOTEURS = ("interne", "libreoffice")
AIDE_MOTEUR = ("interne (défaut) : sans tableur ; libreoffice : un LibreOffice sans écran avec l'extension "
               "rs_instruction, dans un profil privé")


def _arguments_recalculer(p: argparse.ArgumentParser) -> None:
    p.add_argument("entree", metavar="CLASSEUR", help="classeur .xlsx ou .xlsm à recalculer (jamais modifié)")
    p.add_argument("--sortie", metavar="COPIE",
                   help="copie calculée à écrire (défaut : CLASSEUR_calcule.xlsx à côté du classeur ; "
                        "son dossier est créé s'il manque)")
    p.add_argument("--json", action="store_true",
                   help="imprime {\"Feuille!A1\": valeur} de chaque formule (sans écrire de copie, sauf "
                        "avec --sortie)")
    p.add_argument("--moteur", choices=MOTEURS, default="interne", help=AIDE_MOTEUR)


@commande("recalculer", arguments=_arguments_recalculer,
          aide="recalcule un classeur et écrit sa copie calculée",
          description="""
Recalcule toutes les formules du classeur sans Excel (les fonctions du complément et celles
d'Excel) et écrit une copie calculée : le classeur d'origine à l'identique, avec la valeur de
chaque formule. Le classeur d'entrée n'est jamais modifié ; une sortie égale à l'entrée est
refusée.

La destination est vérifiée avant le calcul (dossier, lecture seule, droits, place) et la copie
est écrite d'un coup : en cas d'erreur, aucun fichier à moitié écrit n'est laissé.""",
          exemples=("rs-instruction recalculer dossier.xlsx",
                    "rs-instruction recalculer dossier.xlsx --sortie calculs/dossier_calcule.xlsx",
                    "rs-instruction recalculer dossier.xlsx --json"))
def _recalculer(args: argparse.Namespace) -> int:
    from udfs import moteur
    from udfs.copie import chemin_sortie_par_defaut, ecrire_copie_calculee, verifier_sortie
    from udfs.fichiers import FauteFichier, raison, verifier_ecriture
    from udfs.securite import verifier_fichier

    entree = Path(args.entree)
    verifier_fichier(entree)
    sortie = Path(args.sortie) if args.sortie else chemin_sortie_par_defaut(entree)
    copie = not args.json or bool(args.sortie)
    if copie:                                           # refuser avant de calculer
        verifier_sortie(entree, sortie)
        verifier_ecriture(sortie, taille_prevue=entree.stat().st_size)
    try:
        if args.moteur == "libreoffice":
            from udfs.libreoffice import bureau
            resultat = bureau.recalculer(entree)
        else:
            resultat = moteur.recalculer(entree)
        if copie:                                       # la copie d'abord : en cas d'échec, rien sur stdout
            ecrire_copie_calculee(entree, resultat.valeurs, sortie, resultat.matrices)
    except OSError as e:        # les fautes d'écriture sont déjà dites ; reste la relecture de l'entrée
        raise FauteFichier(entree, raison(e, ecriture=False)) from None
    if resultat.cellules is not None and resultat.cellules.noms_locaux:
        print("Attention : noms définis locaux à une feuille, que le recalcul sans Excel ne lit pas "
              f"(les formules qui les emploient donnent #REF!) : {', '.join(resultat.cellules.noms_locaux)}",
              file=sys.stderr)
    for avertissement in resultat.avertissements:
        print(f"Attention : {avertissement}", file=sys.stderr)
    if args.json:
        _resultat(json.dumps(resultat.valeurs, ensure_ascii=False, indent=1))
    if copie:
        erreurs = sum(1 for v in resultat.valeurs.values() if isinstance(v, str) and v.startswith("#"))
        n = len(resultat.valeurs)
        pluriel = "s" if n > 1 else ""
        _resume(args, f"{n} formule{pluriel} calculée{pluriel} ({erreurs} en erreur) → {sortie}")
    return FAIT


# --- lot ---------------------------------------------------------------------------------------

def _arguments_lot(p: argparse.ArgumentParser) -> None:
    p.add_argument("dossier", metavar="DOSSIER", help="dossier des classeurs .xlsx et .xlsm à traiter")
    p.add_argument("--sortie", metavar="SYNTHESE", required=True,
                   help="synthèse à écrire, en .xlsx (un .csv du même nom est écrit à côté)")
    p.add_argument("--copies", metavar="DOSSIER_COPIES",
                   help="écrit aussi la copie calculée de chaque classeur dans ce dossier (autre que DOSSIER)")
    p.add_argument("--sans-barre", action="store_true", help="sans barre de progression (comme --silencieux)")
    p.add_argument("--moteur", choices=MOTEURS, default="interne", help=AIDE_MOTEUR)


@commande("lot", arguments=_arguments_lot,
          aide="recalcule tous les classeurs d'un dossier et écrit une synthèse",
          description="""
Contrôle et recalcule chaque classeur du dossier et écrit une ligne par fichier (SU, SLC,
assiette, subvention, résultats des bilans, équilibre) dans une synthèse .xlsx et .csv. Un
classeur en échec est signalé dans sa ligne (et sur la sortie standard) sans arrêter le lot.

Les destinations (synthèse, copies) sont vérifiées avant le premier calcul ; la synthèse et les
copies sont écrites ensemble à la fin : si l'une ne peut l'être, aucune ne l'est.""",
          exemples=("rs-instruction lot dossiers/ --sortie synthese.xlsx",
                    "rs-instruction lot dossiers/ --sortie synthese.xlsx --copies copies/ --silencieux"))
def _lot(args: argparse.Namespace) -> int:
    from udfs import lot
    from udfs.copie import chemin_sortie_par_defaut
    from udfs.fichiers import FauteFichier, raison, transaction, verifier_ecriture, verifier_remplacable

    dossier = Path(args.dossier)
    if not dossier.exists():
        raise FauteFichier(dossier, "dossier introuvable")
    if not dossier.is_dir():
        raise FauteFichier(dossier, "est un fichier, pas un dossier")
    try:
        fichiers = lot.classeurs_du_dossier(dossier)
    except OSError as e:
        raise FauteFichier(dossier, raison(e, ecriture=False)) from None
    if not fichiers:
        raise FauteFichier(dossier, "aucun classeur .xlsx ou .xlsm dans ce dossier")
    copies = Path(args.copies) if args.copies else None
    if copies is not None and copies.resolve() == dossier.resolve():
        raise FauteFichier(copies, "les copies calculées doivent aller dans un autre dossier que les entrées")
    demandee = Path(args.sortie)
    if demandee.is_dir():
        raise FauteFichier(demandee, "est un dossier, pas un classeur")
    synthese = demandee.with_suffix(".xlsx")
    if any(f.resolve() == synthese.resolve() for f in fichiers):
        raise FauteFichier(synthese, "la synthèse écraserait un classeur du lot : choisissez un autre nom "
                                     "avec --sortie")
    # refuser avant de calculer : un lot de 500 classeurs ne doit pas échouer à la dernière ligne
    verifier_ecriture(synthese)
    verifier_ecriture(demandee.with_suffix(".csv"))
    if copies is not None:
        taille = sum(f.stat().st_size for f in fichiers if f.is_file())
        verifier_ecriture(copies, taille_prevue=taille, dossier=True)
        for f in fichiers:                  # une copie précédente que l'utilisateur a protégée
            verifier_remplacable(copies / chemin_sortie_par_defaut(f).name)
    with transaction():
        lignes = lot.executer(fichiers, barre=_barre(args), copies=copies, moteur_calcul=args.moteur)
        xlsx, csv_ = lot.ecrire_synthese(lignes, demandee)
    echecs = [l for l in lignes if l.statut != "calculé"]
    for l in echecs:
        _resultat(f"  {l.fichier} : {l.statut}")
    n, calcules = len(lignes), len(lignes) - len(echecs)
    _resume(args, f"{n} classeur{'s' if n > 1 else ''}, {calcules} calculé{'s' if calcules > 1 else ''}, "
                  f"{len(echecs)} en échec → {xlsx}, {csv_}")
    return PROBLEMES if echecs else FAIT


# --- valider -----------------------------------------------------------------------------------

def _arguments_valider(p: argparse.ArgumentParser) -> None:
    p.add_argument("entree", metavar="CLASSEUR", help="classeur .xlsx ou .xlsm à contrôler (jamais modifié)")
    p.add_argument("--modele", metavar="MODELE",
                   help="identifiant du modèle (défaut : celui que déclare le classeur, nom MODELE_CLASSEUR)")
    p.add_argument("--complet", action="store_true",
                   help="signale aussi les saisies obligatoires restées vides (dossier prêt pour la décision)")


@commande("valider", arguments=_arguments_valider,
          aide="contrôle la structure d'un classeur",
          description="""
Compare le classeur à la spécification du modèle dont il est issu : feuilles, noms définis,
types des saisies, listes déroulantes, formules remplacées par des constantes ou modifiées.
Chaque problème est imprimé sur une ligne, avec sa feuille et sa cellule ; le résumé va sur la
sortie d'erreur. N'écrit rien.""",
          exemples=("rs-instruction valider dossier.xlsx",
                    "rs-instruction valider dossier.xlsx --complet"))
def _valider(args: argparse.Namespace) -> int:
    import zipfile

    from udfs.classeurs.validation import valider
    from udfs.securite import classeur_illisible, verifier_fichier

    entree = Path(args.entree)
    verifier_fichier(entree)
    try:
        problemes = valider(entree, modele=args.modele, complet=args.complet)
    except (OSError, ValueError, TypeError, KeyError, SyntaxError, zipfile.BadZipFile) as e:
        raise classeur_illisible(entree, e) from None     # openpyxl : XML endommagé, fichier disparu
    for p in problemes:
        _resultat(str(p))
    if problemes:
        _resume(args, f"{len(problemes)} problème{'s' if len(problemes) > 1 else ''} dans {entree.name}")
        return PROBLEMES
    _resume(args, f"{entree.name} : structure conforme au modèle")
    return FAIT


# --- extension ---------------------------------------------------------------------------------

def _arguments_extension(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sortie", metavar="FICHIER.oxt", default="rs_instruction.oxt",
                   help="fichier de l'extension à écrire (défaut : rs_instruction.oxt)")


@commande("extension", arguments=_arguments_extension,
          aide="construit l'extension LibreOffice rs_instruction.oxt",
          description="""
Construit l'extension LibreOffice Calc : les fonctions du complément, générées depuis le même
registre et calculées par le même code, sous leurs noms Excel, avec leur aide dans l'assistant de
fonction. Nécessite le SDK de LibreOffice (paquet Debian libreoffice-dev). Installez-la par
Outils > Gestionnaire des extensions, ou par « unopkg add rs_instruction.oxt », sans droits
d'administrateur.""",
          exemples=("rs-instruction extension", "rs-instruction extension --sortie /tmp/rs_instruction.oxt"))
def _extension(args: argparse.Namespace) -> int:
    from udfs.libreoffice import extension
    chemin = extension.construire(Path(args.sortie))
    _resultat(str(chemin))
    _resume(args, f"{chemin} : extension LibreOffice ({len(extension.REGISTRE)} fonctions) ; installez-la par "
                  f"Outils > Gestionnaire des extensions, ou : unopkg add {chemin}")
    return FAIT


# --- generer -----------------------------------------------------------------------------------

def _arguments_generer(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dossier", metavar="DOSSIER", default="workbooks",
                   help="dossier de destination (défaut : workbooks)")


@commande("generer", arguments=_arguments_generer,
          aide="régénère les classeurs livrés à partir de leur spécification",
          description="""
Écrit le classeur d'instruction, les dossiers d'exemple et les classeurs de formation à partir
de leur spécification (udfs/classeurs/), à l'identique d'une fois sur l'autre. Les classeurs
sont écrits ensemble : si l'un ne peut l'être, aucun ne l'est. Imprime le chemin de chacun.""",
          exemples=("rs-instruction generer", "rs-instruction generer --dossier /tmp/classeurs"))
def _generer(args: argparse.Namespace) -> int:
    from udfs.classeurs.generation import generer_tout
    from udfs.fichiers import transaction, verifier_ecriture

    dossier = Path(args.dossier)
    verifier_ecriture(dossier, dossier=True)
    with transaction():
        chemins = generer_tout(dossier)
    for chemin in chemins:
        _resultat(str(chemin))
    _resume(args, f"{len(chemins)} classeurs écrits dans {dossier}")
    return FAIT


def _arguments_complement(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sortie", metavar="FICHIER.xlam",
                   help="fichier à écrire (défaut : ~/.rs_instruction/rs_instruction.xlam, le dossier "
                        "de configuration de l'utilisateur que lit le complément)")
    p.add_argument("--interpreteur", metavar="PYTHONW",
                   help="pythonw.exe de l'environnement rs-instruction (défaut : "
                        "%%LOCALAPPDATA%%\\rs-instruction\\venv\\Scripts\\pythonw.exe)")


@commande("complement", arguments=_arguments_complement,
          aide="construit le complément Excel rs_instruction.xlam (sans Excel)",
          description="""
Construit le complément Excel rs_instruction.xlam à partir du modèle d'xlwings installé : les
fonctions, leur aide dans l'assistant de fonction, la configuration (interpréteur Python, module
des fonctions). Voir addin/README.md pour l'installer dans Excel (installer.ps1 le fait).""",
          exemples=("rs-instruction complement",
                    "rs-instruction complement --sortie addin/rs_instruction.xlam"))
def _complement(args: argparse.Namespace) -> int:
    from udfs.complement.construction import INTERPRETEUR, construire

    try:
        sortie = construire(Path(args.sortie) if args.sortie else None, args.interpreteur or INTERPRETEUR)
    except ValueError as e:        # extension autre que .xlam, interpréteur invalide, modèle inattendu
        print(f"Erreur : {e}", file=sys.stderr)
        return FICHIER
    _resultat(str(sortie))
    _resume(args, f"Complément Excel écrit : {sortie} ({sortie.stat().st_size // 1024} Ko)")
    return FAIT


# --- L'analyseur et le point d'entrée ----------------------------------------------------------

def _version() -> str:
    from udfs import __version__
    return __version__


def analyseur() -> AnalyseurFrancais:
    p = AnalyseurFrancais(
        prog="rs-instruction",
        description=_paragraphes("""
Instruction des résidences sociales (PLAI) : recalcul des classeurs sans Excel, traitement d'un
dossier entier, contrôle de structure, régénération des classeurs livrés."""),
        epilog=_exemples(["rs-instruction recalculer workbooks/exemples/pension_de_famille_2024.xlsx",
                          "rs-instruction recalculer --aide"])
        + "\n\nCodes de sortie :\n" + "\n".join(
            textwrap.fill(texte, 90, initial_indent=f"  {code:>3}  ", subsequent_indent=" " * 7)
            for code, texte in CODES.items()))
    p.add_argument("--version", action="version", version=f"rs-instruction {_version()}",
                   help=_TRADUCTIONS["show program's version number and exit"])
    p.add_argument("-q", "--silencieux", action="store_true",
                   help="n'imprime ni résumé ni barre de progression (les erreurs restent)")
    sous = p.add_subparsers(dest="commande", required=True, metavar="COMMANDE", title="Commandes ")
    for c in COMMANDES.values():
        s = sous.add_parser(c.nom, help=c.aide, description=_paragraphes(c.description),
                            epilog=_exemples(c.exemples))
        c.arguments(s)
        s.add_argument("-q", "--silencieux", action="store_true", default=argparse.SUPPRESS,
                       help="n'imprime ni résumé ni barre de progression (les erreurs restent)")
        s.set_defaults(action=c.executer)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = analyseur().parse_args(argv)
    except SystemExit as e:                         # --aide, --version (0) ; erreur d'usage (64)
        return e.code if isinstance(e.code, int) else FAIT if e.code is None else USAGE
    from udfs.erreurs import Refus
    from udfs.fichiers import raison
    try:
        return args.action(args)
    except Refus as e:      # fichier, sortie, outil : sans importer openpyxl ni LibreOffice (fcntl)
        print(f"Erreur : {e}", file=sys.stderr)
        return FICHIER
    except OSError as e:        # faute de lecture sans chemin connu de nous (support retiré…)
        print(f"Erreur : {e.filename or 'fichier'} : {raison(e, ecriture=None)}", file=sys.stderr)
        return FICHIER
    except KeyboardInterrupt:
        print("Interrompu : aucun fichier partiel n'a été laissé.", file=sys.stderr)
        return INTERROMPU
    except Exception as e:      # noqa: BLE001 - un défaut du programme : une ligne, pas une trace
        if os.environ.get("RS_INSTRUCTION_TRACE"):
            raise
        print(f"Erreur interne ({type(e).__name__} : {e}) : c'est un défaut de rs-instruction ; "
              "relancez avec RS_INSTRUCTION_TRACE=1 pour la trace, et signalez-le.", file=sys.stderr)
        return INTERNE


if __name__ == "__main__":
    sys.exit(main())
