"""Fautes du système de fichiers pour les tests, simulées ou réelles.

Simulées (partout, y compris sous root) : un dossier dont toute création de fichier ou de
dossier échoue avec un code d'erreur donné (EROFS, EACCES…), une écriture qui manque de place au
milieu, un disque qui annonce peu d'espace libre.

Réelles, quand la machine le permet (sinon le test est sauté en disant pourquoi) :
- un tmpfs monté en lecture seule, ou trop petit, dans un espace de montage privé (``unshare
  -m``) : il n'existe que pour la commande lancée dedans, les autres processus ne le voient pas ;
- un processus privé du droit de passer outre les permissions : sous root, chmod n'empêche rien,
  on lance donc la commande sans CAP_DAC_OVERRIDE ni CAP_DAC_READ_SEARCH (``setpriv``), sur des
  fichiers qui appartiennent à nobody ; hors root, chmod suffit.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

from udfs import fichiers

RACINE = Path(__file__).resolve().parents[2]
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534


def _dedans(chemin, dossier: str) -> bool:
    chemin = os.path.abspath(chemin)
    return chemin == dossier or chemin.startswith(dossier + os.sep)


def simuler_support(monkeypatch, dossier: Path, numero: int) -> None:
    """``dossier`` et son contenu refusent toute création (fichier temporaire, sous-dossier) avec
    l'erreur ``numero`` : EROFS pour un support en lecture seule, EACCES pour un dossier sans
    droits. L'erreur porte le nom du temporaire, comme la vraie : le message ne doit pas le citer."""
    dossier = os.path.abspath(dossier)
    vrai_mkstemp, vrai_mkdir = tempfile.mkstemp, os.mkdir

    def mkstemp(*args, dir=None, prefix="tmp", suffix="", **kwargs):
        if dir is not None and _dedans(dir, dossier):
            raise OSError(numero, os.strerror(numero), os.path.join(dir, f"{prefix}a1b2c3{suffix}"))
        return vrai_mkstemp(*args, dir=dir, prefix=prefix, suffix=suffix, **kwargs)

    def mkdir(chemin, *args, **kwargs):
        if _dedans(os.path.dirname(os.path.abspath(chemin)), dossier):
            raise OSError(numero, os.strerror(numero), str(chemin))
        return vrai_mkdir(chemin, *args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "mkdir", mkdir)


class DisquePlein:
    """Le disque se remplit pendant l'écriture des fichiers produits : au ``fichier``-ième fichier
    ouvert, après ``octets`` octets de celui-ci, toute écriture échoue (ENOSPC)."""

    def __init__(self, monkeypatch, octets: int = 0, fichier: int = 1):
        vraie = fichiers._Brut._vers_le_support
        ouverts: list[int] = []

        def write(brut, donnees):
            if id(brut) not in ouverts:
                ouverts.append(id(brut))
                brut.ecrits_avant_panne = 0
            if len(ouverts) >= fichier and brut.ecrits_avant_panne + len(donnees) > octets:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            brut.ecrits_avant_panne += len(donnees)
            return vraie(brut, donnees)

        monkeypatch.setattr(fichiers._Brut, "_vers_le_support", write)


def simuler_espace_libre(monkeypatch, dossier: Path, octets: int) -> None:
    """``os.statvfs`` annonce ``octets`` octets libres pour ``dossier`` et ce qu'il contient."""
    dossier = os.path.abspath(dossier)
    vrai = os.statvfs

    class Disque:
        f_blocks, f_frsize, f_bavail = 1_000_000, 1, octets

    monkeypatch.setattr(os, "statvfs", lambda chemin: Disque() if _dedans(chemin, dossier) else vrai(chemin))


def contenu(dossier: Path) -> dict[str, bytes | None]:
    """Tout ce qu'il y a sous ``dossier`` (fichiers cachés compris), dossiers en None."""
    return {str(p.relative_to(dossier)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(Path(dossier).rglob("*"))}


# --- Fautes réelles ----------------------------------------------------------------------------

def raison_sans_montage() -> str | None:
    """Pourquoi on ne peut pas monter de système de fichiers ici (None si on peut)."""
    if not ROOT:
        return ("Monter un système de fichiers demande les droits root ; la même faute est simulée "
                "par les tests voisins.")
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return "Les commandes unshare et mount sont absentes ; la même faute est simulée par les tests voisins."
    essai = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    if essai.returncode != 0:
        return ("Le noyau refuse un espace de montage privé (conteneur sans CAP_SYS_ADMIN) ; la même "
                "faute est simulée par les tests voisins.")
    return None


_PILOTE = r"""
import json, os, shutil, subprocess, sys
p = json.loads(sys.argv[1])
subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={p['taille']},mode=0755", "tmpfs", p["point"]], check=True)
for source, nom in p["copies"]:
    shutil.copy(source, os.path.join(p["point"], nom))
if p["remplissage"]:
    with open(os.path.join(p["point"], "remplissage.bin"), "wb") as f:
        f.write(b"\0" * p["remplissage"])
if p["lecture_seule"]:
    subprocess.run(["mount", "-o", "remount,ro", p["point"]], check=True)
r = subprocess.run([sys.executable, "-m", "udfs.cli", *p["args"]], capture_output=True, text=True,
                   cwd=p["racine"])
restes = sorted(os.path.relpath(os.path.join(d, n), p["point"])
                for d, ds, fs in os.walk(p["point"]) for n in ds + fs)
print(json.dumps({"code": r.returncode, "out": r.stdout, "err": r.stderr, "restes": restes}))
"""


def sur_un_montage(point: Path, args: list[str], taille: str = "1m", copies=(), remplissage: int = 0,
                   lecture_seule: bool = False) -> dict:
    """Lance ``rs-instruction args`` avec un tmpfs de ``taille`` monté sur ``point`` (qui doit
    exister), dans un espace de montage privé : ``copies`` (source, nom) y sont déposées, puis
    ``remplissage`` octets, puis le montage est rendu lecture seule si demandé. Rend le code, les
    sorties et ``restes`` : ce que contient le montage après la commande."""
    parametres = dict(point=str(point), args=[str(a) for a in args], taille=taille,
                      copies=[(str(s), n) for s, n in copies], remplissage=remplissage,
                      lecture_seule=lecture_seule, racine=str(RACINE))
    r = subprocess.run(["unshare", "-m", "--propagation", "private", sys.executable, "-c", _PILOTE,
                        json.dumps(parametres)], capture_output=True, text=True, timeout=180, cwd=RACINE)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def raison_sans_privation() -> str | None:
    if os.name == "nt":
        return "Les droits POSIX n'existent pas sous Windows."
    if ROOT and shutil.which("setpriv") is None:
        return ("Sous root, chmod n'empêche rien, et setpriv (util-linux) manque pour lancer la "
                "commande sans le droit de passer outre ; la faute est simulée par les tests voisins.")
    return None


def proteger(chemin: Path) -> None:
    """Rend ``chemin`` inaccessible à la commande lancée par ``sans_droits`` : un dossier
    lisible mais pas inscriptible, un fichier illisible (mode 0600 ou 0700 d'un autre
    propriétaire sous root ; chmod hors root)."""
    if ROOT:
        os.chown(chemin, NOBODY, NOBODY)
        chemin.chmod(0o700 if chemin.is_dir() and chemin.name.startswith("secret") else
                     0o755 if chemin.is_dir() else 0o600)
    else:
        chemin.chmod(0o000 if chemin.is_dir() and chemin.name.startswith("secret") else
                     0o555 if chemin.is_dir() else 0o000)


def sans_droits(*args) -> subprocess.CompletedProcess:
    """``rs-instruction args`` dans un processus qui ne peut pas passer outre les permissions."""
    commande = [sys.executable, "-m", "udfs.cli", *map(str, args)]
    if ROOT:
        commande = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *commande]
    return subprocess.run(commande, capture_output=True, text=True, timeout=180, cwd=RACINE)


# --- Fichiers composés OLE (CFB) ----------------------------------------------------------------

def fichier_compose(flux: dict[str, bytes]) -> bytes:
    """Un fichier composé OLE version 3 ([MS-CFB]) minimal : secteurs de 512 octets, une FAT,
    un répertoire (racine + flux frères en arbre dégénéré), flux d'au moins 4 096 octets (dans
    les secteurs ordinaires, pas dans le mini-flux). Sert à fabriquer un ancien .xls (flux
    « Workbook ») ; lu par olefile dans les tests pour vérifier qu'il est conforme."""
    fin, libre, fat_s, rien = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    noms = list(flux)
    assert len(noms) <= 3
    donnees = [flux[n].ljust(max(4096, -(-len(flux[n]) // 512) * 512), b"\0") for n in noms]
    fat = [fat_s, fin]                                   # secteur 0 : la FAT ; 1 : le répertoire
    debuts = []
    for d in donnees:
        debuts.append(len(fat))
        nb = len(d) // 512
        fat += [len(fat) + i + 1 for i in range(nb - 1)] + [fin]
    assert len(fat) <= 128
    fat += [libre] * (128 - len(fat))

    def entree(nom: str, type_: int, gauche: int, droite: int, enfant: int, debut: int, taille: int) -> bytes:
        brut = nom.encode("utf-16-le") + b"\0\0"
        return (brut.ljust(64, b"\0") + struct.pack("<HBB3I", len(brut), type_, 1, gauche, droite, enfant)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", debut, taille))

    repertoire = entree("Root Entry", 5, rien, rien, 1 if noms else rien, fin, 0)
    for i, nom in enumerate(noms):
        repertoire += entree(nom, 2, rien, i + 2 if i + 1 < len(noms) else rien, rien, debuts[i], len(donnees[i]))
    repertoire = repertoire.ljust(512, b"\0")
    entete = (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, fin, 0, fin, 0)
              + struct.pack("<I", 0) + struct.pack("<108I", *[libre] * 108))
    assert len(entete) == 512
    return entete + struct.pack("<128I", *fat) + repertoire + b"".join(donnees)


# BOF d'un classeur BIFF8 (enregistrement 0x0809), en tête du flux « Workbook » d'un .xls
BOF_BIFF8 = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x2775, 0x07CD, 0, 0x06)
