"""Les fichiers que la commande écrit, et les fautes du système de fichiers dites en français.

Écriture : chaque fichier produit passe par ``ecrire_atomiquement`` (fichier temporaire caché dans
le dossier de destination, puis ``os.replace``) ; un arrêt brutal ne laisse jamais de fichier à
moitié écrit sous le nom de sortie. Dans une ``transaction`` (le lot : copies et synthèse ;
``generer`` : tous les classeurs), les renommages attendent la fin : tout est écrit, ou rien.

Droits : ``mkstemp`` crée en 0600 ; on rend au fichier les droits qu'aurait donnés un ``open``
ordinaire (0666 moins l'umask, soit 0644 d'habitude), sinon les collègues ne peuvent pas ouvrir
les copies posées sur un dossier partagé.

Fautes : lecture seule, disque plein, droits, dossier à la place d'un fichier, dossier parent
impossible à créer… deviennent ``EcritureImpossible`` ou une phrase de ``raison`` : le message nomme
le fichier que l'utilisateur a donné, jamais le temporaire, et ne dépend pas de la commande.
``verifier_ecriture`` sonde la destination avant le calcul, pour refuser tôt.
"""

from __future__ import annotations

import contextvars
import errno
import io
import os
import stat
import tempfile
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from udfs.erreurs import Refus

T = TypeVar("T")

LECTURE_SEULE = "support en lecture seule : impossible d'y écrire"
DISQUE_PLEIN = "disque plein : pas assez d'espace libre pour l'écrire"
PROTEGE = "droits insuffisants pour l'écrire (fichier protégé en écriture : il ne sera pas remplacé)"


class FauteFichier(Refus):
    """Un fichier ne peut être lu ou écrit (code de sortie 2). ``str`` : « chemin : raison »."""

    def __init__(self, chemin: Path | str, raison: str):
        self.chemin, self.raison = chemin, raison
        super().__init__(f"{chemin} : {raison}")


class EcritureImpossible(FauteFichier):
    """La sortie demandée ne peut pas être écrite ; rien n'a été écrit sous son nom."""


def est_un_dossier(chemin: Path | str) -> str:
    nature = "un classeur" if Path(chemin).suffix.lower() in (".xlsx", ".xlsm") else "un fichier"
    return f"est un dossier, pas {nature}"


def raison(e: OSError, ecriture: bool | None) -> str:
    """La faute ``e`` en une phrase (sans le chemin). ``ecriture`` : None si l'on ne sait pas."""
    n = e.errno
    verbe = {True: "l'écrire", False: "le lire", None: "le lire ou l'écrire"}[ecriture]
    if n == errno.EROFS:
        return LECTURE_SEULE
    if n == errno.ENOSPC:
        return DISQUE_PLEIN
    if n == getattr(errno, "EDQUOT", None):
        return "quota disque dépassé : pas assez d'espace pour l'écrire"
    if n in (errno.EACCES, errno.EPERM):
        if os.name == "nt" and ecriture:
            return "droits insuffisants pour l'écrire, ou fichier ouvert dans un autre programme (Excel ?)"
        return f"droits insuffisants pour {verbe}"
    if n == errno.EISDIR:
        return "est un dossier, pas un fichier"
    if n == errno.ENOTDIR:
        return "un élément du chemin est un fichier, pas un dossier"
    if n == errno.ENOENT:
        return "dossier de destination introuvable" if ecriture else "fichier introuvable"
    if n == errno.ENAMETOOLONG:
        return "nom de fichier trop long"
    if n == errno.EIO:
        return f"erreur d'entrée-sortie du support en voulant {verbe} (disque, clé USB ou réseau défaillant ?)"
    if n in (errno.EBUSY, getattr(errno, "ETXTBSY", None)):
        return "fichier occupé par un autre programme"
    if n == errno.ELOOP:
        return "liens symboliques en boucle"
    if n == errno.EFBIG:
        return "fichier trop gros pour ce support"
    if n in (errno.EMFILE, errno.ENFILE):
        return "trop de fichiers ouverts sur le système"
    if n == errno.EPIPE:
        return "le programme qui lisait la sortie s'est arrêté"
    code = errno.errorcode.get(n, n) if n is not None else type(e).__name__
    return f"impossible de {verbe} (erreur système {code})"


def faute_ecriture(sortie: Path | str, e: OSError) -> EcritureImpossible:
    return EcritureImpossible(sortie, est_un_dossier(sortie) if e.errno == errno.EISDIR else raison(e, True))


# --- Avant le calcul : la destination est-elle inscriptible ? ----------------------------------

def _ancetre_existant(dossier: Path) -> Path:
    """Le plus proche dossier existant de ``dossier`` (lui-même s'il existe)."""
    dossier = Path(os.path.abspath(dossier))
    while not dossier.exists() and dossier != dossier.parent:
        dossier = dossier.parent
    return dossier


def verifier_ecriture(sortie: Path | str, taille_prevue: int = 0, dossier: bool = False) -> None:
    """Lève ``EcritureImpossible`` si ``sortie`` (un fichier, ou un dossier où écrire avec
    ``dossier=True``) ne pourra pas être écrit : c'est un dossier (ou un fichier), un élément du
    chemin est un fichier, le support est en lecture seule, les droits manquent, la place manque
    (``taille_prevue`` octets), ou le fichier existant est protégé en écriture. Rien n'est créé :
    un fichier témoin est créé puis effacé dans le plus proche dossier existant."""
    sortie = Path(sortie)
    if dossier:
        if sortie.exists() and not sortie.is_dir():
            raise EcritureImpossible(sortie, "est un fichier, pas un dossier")
        cible = sortie
    else:
        if sortie.is_dir():
            raise EcritureImpossible(sortie, est_un_dossier(sortie))
        cible = sortie.parent
    existant = _ancetre_existant(cible)
    if not existant.is_dir():
        raise EcritureImpossible(sortie, f"{existant} est un fichier, pas un dossier")
    try:
        fd, temoin = tempfile.mkstemp(prefix=f".{sortie.name}.", suffix=".tmp", dir=existant)
        os.close(fd)
        os.unlink(temoin)
    except OSError as e:
        raise faute_ecriture(sortie, e) from None
    if not dossier:
        verifier_remplacable(sortie)
    if taille_prevue and hasattr(os, "statvfs"):
        disque = os.statvfs(existant)
        # certains systèmes réseau ou FUSE annoncent 0 bloc : on ne conclut rien de tels chiffres
        if disque.f_blocks and disque.f_bavail * disque.f_frsize < taille_prevue:
            raise EcritureImpossible(sortie, DISQUE_PLEIN)


def verifier_remplacable(sortie: Path) -> None:
    """Un fichier existant protégé en écriture n'est pas remplacé, même par root, qui le pourrait
    (le renommage d'un temporaire passe outre la protection du fichier) : l'utilisateur l'a voulu."""
    try:
        etat = sortie.stat()
    except OSError:
        return
    if stat.S_ISREG(etat.st_mode) and (not etat.st_mode & 0o222 or not os.access(sortie, os.W_OK)):
        raise EcritureImpossible(sortie, PROTEGE)


# --- Écriture ----------------------------------------------------------------------------------

def _mode_fichier() -> int:
    """0666 moins l'umask : les droits d'un fichier créé par ``open``."""
    try:
        with open("/proc/self/status", encoding="ascii") as etat:     # Linux : lecture sans effet de bord
            for ligne in etat:
                if ligne.startswith("Umask:"):
                    return 0o666 & ~int(ligne.split()[1], 8)
    except (OSError, ValueError):
        pass
    masque = os.umask(0o022)
    os.umask(masque)
    return 0o666 & ~masque


class _Brut(io.FileIO):
    """Flux du fichier temporaire qui retient sa propre faute d'écriture : une ``OSError`` levée
    pendant ``ecrire(flux)`` peut aussi venir de la lecture de l'entrée, qu'on ne doit pas
    présenter comme une faute de la sortie."""

    faute: OSError | None = None
    evier = False           # après une faute : on n'écrit plus rien (le temporaire sera effacé)

    def write(self, donnees):
        if self.evier:
            return len(donnees)
        try:
            return self._vers_le_support(donnees)
        except OSError as e:
            self.faute = e
            raise

    _vers_le_support = io.FileIO.write      # là où les tests font tomber le disque en panne


class Transaction:
    """Fichiers écrits en temporaires, renommés tous ensemble par ``valider``, effacés sinon."""

    def __init__(self) -> None:
        self.en_attente: list[tuple[str, Path]] = []
        self.dossiers_crees: list[Path] = []

    def _creer_dossier(self, sortie: Path) -> None:
        manquants = []
        dossier = sortie.parent
        while not dossier.exists() and dossier != dossier.parent:
            manquants.append(dossier)
            dossier = dossier.parent
        if not dossier.is_dir():
            raise EcritureImpossible(sortie, f"{dossier} est un fichier, pas un dossier")
        for d in reversed(manquants):
            try:
                d.mkdir()
            except FileExistsError:
                continue
            except OSError as e:
                raise faute_ecriture(sortie, e) from None
            self.dossiers_crees.append(d)

    def ecrire(self, sortie: Path, ecrire: Callable[[io.BufferedWriter], object]) -> None:
        if sortie.is_dir():
            raise EcritureImpossible(sortie, est_un_dossier(sortie))
        verifier_remplacable(sortie)
        self._creer_dossier(sortie)
        try:
            fd, temporaire = tempfile.mkstemp(prefix=f".{sortie.name}.", suffix=".tmp", dir=sortie.parent)
        except OSError as e:
            raise faute_ecriture(sortie, e) from None
        self.en_attente.append((temporaire, sortie))
        brut = _Brut(fd, "wb")
        flux = io.BufferedWriter(brut)
        try:
            try:
                ecrire(flux)
            except BaseException as e:
                # Une archive zip laissée ouverte par l'écrivain (openpyxl) se fermerait plus tard,
                # au ramasse-miettes, sur un flux fermé : « Exception ignored… » et une trace. On la
                # fait fermer tout de suite, dans un flux devenu évier.
                brut.evier = True
                traceback.clear_frames(e.__traceback__)
                if isinstance(e, OSError) and brut.faute is not None:
                    raise faute_ecriture(sortie, brut.faute) from None
                raise                           # faute de lecture (l'entrée), Ctrl-C : à dire plus haut
            try:
                flux.flush()
                if hasattr(os, "fchmod"):
                    os.fchmod(brut.fileno(), _mode_fichier())
                os.fsync(brut.fileno())
            except OSError as e:
                raise faute_ecriture(sortie, e) from None
        finally:
            try:
                flux.close()
            except OSError:                     # déjà dite ; le temporaire sera effacé
                pass

    def valider(self) -> None:
        dossiers = set()
        while self.en_attente:
            temporaire, sortie = self.en_attente[0]
            try:
                os.replace(temporaire, sortie)
            except OSError as e:
                raise faute_ecriture(sortie, e) from None
            self.en_attente.pop(0)
            dossiers.add(sortie.parent)
        for dossier in dossiers:                # le renommage lui-même doit survivre à une coupure
            _synchroniser(dossier)
        self.dossiers_crees.clear()

    def annuler(self) -> None:
        for temporaire, _ in self.en_attente:
            try:
                Path(temporaire).unlink(missing_ok=True)
            except OSError:
                pass
        self.en_attente.clear()
        for d in reversed(self.dossiers_crees):     # les dossiers créés pour rien, s'ils sont vides
            try:
                d.rmdir()
            except OSError:
                pass
        self.dossiers_crees.clear()


def _synchroniser(dossier: Path) -> None:
    if os.name == "nt":
        return
    try:
        fd = os.open(dossier, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_COURANTE: contextvars.ContextVar[Transaction | None] = contextvars.ContextVar("transaction", default=None)


@contextmanager
def transaction() -> Iterator[Transaction]:
    """Les ``ecrire_atomiquement`` du bloc sont différés : tout est renommé à la sortie du bloc,
    ou tout est effacé s'il lève (faute, Ctrl-C). Un bloc imbriqué rejoint la transaction en cours."""
    courante = _COURANTE.get()
    if courante is not None:
        yield courante
        return
    t = Transaction()
    jeton = _COURANTE.set(t)
    try:
        yield t
        t.valider()
    finally:
        _COURANTE.reset(jeton)
        t.annuler()


def preparer(fonction: Callable[..., T], *args) -> tuple[T, tuple[list, list]]:
    """Appelle ``fonction(*args)`` dans une transaction à elle dont rien n'est renommé : rend son
    résultat et les écritures préparées (fichiers temporaires, dossiers créés), qu'un autre processus
    confie à sa propre transaction par ``adopter``. Sur exception, tout ce qu'elle a préparé est effacé.
    Sert au lot réparti sur plusieurs processus : ses copies restent « toutes ou aucune »."""
    t = Transaction()
    jeton = _COURANTE.set(t)
    try:
        resultat = fonction(*args)
    except BaseException:
        t.annuler()
        raise
    finally:
        _COURANTE.reset(jeton)
    return resultat, (list(t.en_attente), list(t.dossiers_crees))


def adopter(preparees: tuple[list, list]) -> None:
    """Confie à la transaction en cours (ou à une transaction validée aussitôt) des écritures
    préparées par ``preparer``."""
    en_attente, dossiers = preparees
    with transaction() as t:
        t.en_attente.extend(en_attente)
        t.dossiers_crees.extend(dossiers)


def ecrire_atomiquement(sortie: Path | str, ecrire: Callable[[io.BufferedWriter], object]) -> None:
    """Appelle ``ecrire(flux)`` sur un fichier temporaire du dossier de ``sortie`` (créé s'il
    manque), puis le renomme en ``sortie`` ; dans une ``transaction``, le renommage attend sa fin."""
    with transaction() as t:
        t.ecrire(Path(sortie), ecrire)
