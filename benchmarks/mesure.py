"""Outils communs des bancs : processus chronométrés (durée, mémoire maximale), LibreOffice en
profil privé, et l'impression de chaque rapport à côté de son objectif.

La machine est partagée : une durée absolue varie d'une exécution à l'autre, un rapport mesuré
dans la même exécution, sur les mêmes fichiers, beaucoup moins. Chaque objectif est donc imprimé
avec la mesure, la cible et « atteint » ou « NON ATTEINT ».
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
GIO = 2**30


@dataclass
class Mesure:
    secondes: float
    memoire: int          # mémoire maximale (RSS) du processus et de ceux qu'il a attendus, en octets


def processus(commande: list[str], env: dict[str, str] | None = None, timeout: float = 3600,
              cwd: Path | None = None) -> Mesure:
    """Lance ``commande`` jusqu'au bout ; durée et mémoire maximale (``wait4``) de ce seul processus."""
    # stderr dans un fichier, pas un tube : un processus qui écrirait plus que le tampon d'un tube
    # (64 Kio) attendrait qu'on le lise, et wait4 attendrait le processus
    with tempfile.TemporaryFile() as journal:
        debut = time.perf_counter()
        p = subprocess.Popen(commande, stdout=subprocess.DEVNULL, stderr=journal, env=env, cwd=cwd)
        _, statut, usage = os.wait4(p.pid, 0)
        duree = time.perf_counter() - debut
        p.returncode = os.waitstatus_to_exitcode(statut)
        if p.returncode not in (0, 1):
            journal.seek(0)
            erreur = journal.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(commande[:4])}… a échoué ({p.returncode}) : {erreur[-2000:]}")
    return Mesure(duree, usage.ru_maxrss * 1024)


def mediane(mesures: list[Mesure]) -> Mesure:
    return Mesure(statistics.median(m.secondes for m in mesures), max(m.memoire for m in mesures))


def notre_commande(*args: str) -> list[str]:
    return [sys.executable, "-m", "udfs.cli", *args]


def recalculer_alterne(chemin: Path, lo: "LibreOffice | None", repetitions: int,
                       sortie: Path) -> tuple[Mesure, Mesure | None]:
    """Médianes de ``recalculer`` et de LibreOffice sur ``chemin``, mesures alternées (le bruit de
    la machine se partage entre les deux)."""
    nous, eux = [], []
    for i in range(repetitions):
        nous.append(processus(notre_commande("recalculer", str(chemin), "--sortie", str(sortie / f"{i}_{chemin.name}")),
                              cwd=RACINE))
        if lo:
            eux.append(lo.mesurer(chemin))
    return mediane(nous), (mediane(eux) if lo else None)


class LibreOffice:
    """``soffice --headless --convert-to xlsx`` dans un profil privé (jamais celui par défaut :
    d'autres assistants lancent soffice en même temps sur cette machine)."""

    def __init__(self, dossier: Path):
        self.profil = dossier / "profil_libreoffice"
        self.sortie = dossier / "sortie_libreoffice"
        self.env = {**os.environ, "HOME": str(dossier)}

    @staticmethod
    def present() -> bool:
        return shutil.which("soffice") is not None

    def commande(self, *fichiers: Path) -> list[str]:
        return ["soffice", f"-env:UserInstallation=file://{self.profil}", "--headless", "--norestore",
                "--convert-to", "xlsx", "--outdir", str(self.sortie), *map(str, fichiers)]

    def chauffer(self, fichier: Path) -> None:
        """Premier lancement : création du profil, écarté des mesures."""
        processus(self.commande(fichier), env=self.env)

    def mesurer(self, *fichiers: Path) -> Mesure:
        return processus(self.commande(*fichiers), env=self.env)


def objectif(libelle: str, mesure: float, cible: float, unite: str = "", detail: str = "",
             strict: bool = False) -> bool:
    """Imprime « OBJECTIF libellé : mesure (objectif ≤ cible) : atteint / NON ATTEINT »."""
    atteint = mesure < cible if strict else mesure <= cible
    texte = f"{mesure:.2f}{unite}"
    print(f"  OBJECTIF {libelle} : {texte} (objectif {'<' if strict else '≤'} {cible:g}{unite}) : "
          f"{'atteint' if atteint else 'NON ATTEINT'}{' — ' + detail if detail else ''}")
    return atteint


def octets(n: int) -> str:
    return f"{n / 2**20:.0f} Mio"
