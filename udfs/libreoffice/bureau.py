"""Le moteur LibreOffice (``--moteur libreoffice``) : un LibreOffice sans écran, avec l'extension, piloté par UNO.

``Bureau`` lance ``pilote`` avec le Python qui sait ``import uno`` ; le pilote démarre un seul
LibreOffice pour toute la session (un lot entier) dans un **profil privé**, créé au premier usage
(extension installée dedans), jamais celui de l'utilisateur : par défaut
``~/.cache/rs-instruction/libreoffice/profil-<empreinte de l'extension>`` (``RS_INSTRUCTION_PROFIL_LO``
pour un autre dossier). Une extension reconstruite (registre modifié) donne une autre empreinte,
donc un profil neuf. Deux sessions simultanées ne partagent pas un profil (LibreOffice n'en
supporte qu'une) : la seconde travaille dans une copie temporaire.

Les valeurs rendues ont la forme de celles du moteur par défaut (``udfs.moteur.Resultat``) : mêmes
clés « Feuille!A1 » (les cellules à formule que lit openpyxl), mêmes types.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from udfs.erreurs import Refus

PAQUETS = "libreoffice-calc-nogui python3-uno"
_PILOTE = Path(__file__).with_name("pilote.py")


class LibreOfficeIndisponible(Refus, RuntimeError):
    """LibreOffice, son Python UNO ou le SDK manque : le message dit quoi installer."""


def _soffice() -> str:
    from udfs.libreoffice.extension import repertoire_programme
    programme = repertoire_programme()
    if programme is not None and (programme / "soffice").exists():
        return str(programme / "soffice")
    chemin = shutil.which("soffice") or shutil.which("libreoffice")
    if chemin is None:
        raise LibreOfficeIndisponible(
            f"LibreOffice est introuvable : installez-le (sudo apt-get install {PAQUETS}), "
            "ou utilisez le moteur par défaut (sans --moteur libreoffice)")
    return chemin


def python_uno() -> str:
    """Un Python qui sait ``import uno`` : celui de LibreOffice (Debian : le Python du système)."""
    from udfs.libreoffice.extension import repertoire_programme
    programme = repertoire_programme()
    candidats = [os.environ.get("RS_LIBREOFFICE_PYTHON")]
    if programme is not None:
        candidats += [str(programme / "python"), str(programme / "python.exe")]
    candidats += ["/usr/bin/python3", shutil.which("python3"), sys.executable]
    for c in dict.fromkeys(filter(None, candidats)):
        if not Path(c).exists():
            continue
        r = subprocess.run([c, "-c", "import uno"], capture_output=True, env=_env_propre())
        if r.returncode == 0:
            return c
    raise LibreOfficeIndisponible(
        "le module Python « uno » de LibreOffice est introuvable : installez-le "
        "(sudo apt-get install python3-uno)")


def disponibilite() -> str | None:
    """None si le moteur LibreOffice peut tourner ici ; sinon ce qui manque et le paquet à installer."""
    from udfs.libreoffice import extension
    try:
        _soffice()
        python_uno()
        extension.unoidl_write()
    except (LibreOfficeIndisponible, extension.OutilManquant) as e:
        return str(e)
    return None


def _env_propre() -> dict[str, str]:
    # ni le venv ni le PYTHONPATH du projet : le pilote et LibreOffice n'utilisent que le noyau embarqué
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def _cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rs-instruction" / "libreoffice"


def extension_a_jour(dossier: Path) -> Path:
    """L'extension construite depuis le registre actuel, dans ``dossier`` (reconstruite si besoin)."""
    from udfs.libreoffice import extension
    dossier.mkdir(parents=True, exist_ok=True)
    oxt = dossier / extension.NOM_FICHIER
    empreinte = dossier / (extension.NOM_FICHIER + ".source")
    source = extension.empreinte_source()
    if not oxt.exists() or not empreinte.exists() or empreinte.read_text() != source:
        try:
            extension.construire(oxt)
        except extension.OutilManquant as e:
            raise LibreOfficeIndisponible(str(e)) from None
        empreinte.write_text(source)
    return oxt


def _empreinte(fichier: Path) -> str:
    return hashlib.sha256(fichier.read_bytes()).hexdigest()[:16]


class Bureau:
    """Une session LibreOffice : ``with Bureau() as b: b.calculer(chemin, cellules)``."""

    def __init__(self, profil: Path | str | None = None, extension: Path | str | None = None):
        self._profil_demande = Path(profil) if profil else (
            Path(os.environ["RS_INSTRUCTION_PROFIL_LO"]) if os.environ.get("RS_INSTRUCTION_PROFIL_LO") else None)
        self._extension = Path(extension) if extension else None
        self._processus: subprocess.Popen | None = None
        self._journal = None
        self._verrou = None
        self._temporaire: tempfile.TemporaryDirectory | None = None
        self.duree_demarrage: float | None = None   # secondes (installation de l'extension comprise)
        self.profil: Path | None = None
        self.extension: Path | None = None

    def __enter__(self) -> "Bureau":
        soffice = _soffice()
        python = python_uno()
        oxt = self._extension or extension_a_jour(_cache() / "extension")
        profil = self._profil_demande or _cache() / f"profil-{_empreinte(oxt)}"
        profil = self._prendre(profil)
        self.profil, self.extension = profil, oxt
        debut = time.monotonic()
        self._journal = tempfile.TemporaryFile("w+", encoding="utf-8")    # erreurs du pilote
        self._processus = subprocess.Popen(
            [python, str(_PILOTE), "--soffice", soffice, "--profil", str(profil), "--extension", str(oxt)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._journal, text=True,
            encoding="utf-8", env=_env_propre())
        reponse = self._lire()
        if "pret" not in reponse:
            self.__exit__(None, None, None)
            raise LibreOfficeIndisponible(f"LibreOffice n'a pas démarré : {reponse.get('erreur', reponse)}")
        self.duree_demarrage = time.monotonic() - debut
        return self

    def _prendre(self, profil: Path) -> Path:
        """Verrouille le profil ; s'il sert déjà à une autre session, en prend une copie temporaire."""
        profil.parent.mkdir(parents=True, exist_ok=True)
        self._verrou = open(profil.parent / f".{profil.name}.verrou", "w")
        try:
            fcntl.flock(self._verrou, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return profil
        except OSError:
            self._temporaire = tempfile.TemporaryDirectory(prefix="rs-instruction-lo-")
            copie = Path(self._temporaire.name) / "profil"
            if profil.exists():
                shutil.copytree(profil, copie, ignore=shutil.ignore_patterns(".lock"))
            return copie

    def _lire(self) -> dict[str, Any]:
        ligne = self._processus.stdout.readline()
        if not ligne:
            code = self._processus.wait()
            self._journal.seek(0)
            fin = self._journal.read().strip().splitlines()[-1:] or [""]
            return {"erreur": f"le pilote LibreOffice s'est arrêté (code {code}) {fin[0]}".strip()}
        return json.loads(ligne)

    def valeurs(self, chemin: Path) -> dict[str, Any]:
        """Les valeurs de toutes les cellules à formule, calculées par LibreOffice."""
        return self._demander({"op": "calculer", "fichier": str(Path(chemin).resolve())})["valeurs"]

    def _demander(self, requete: dict[str, Any]) -> dict[str, Any]:
        self._processus.stdin.write(json.dumps(requete) + "\n")
        self._processus.stdin.flush()
        reponse = self._lire()
        if "erreur" in reponse:
            raise RuntimeError(f"LibreOffice : {reponse['erreur']}")
        return reponse

    def fonctions(self) -> dict[str, Any]:
        """Ce que montre l'assistant de fonction de Calc : {nom : description, catégorie, arguments}."""
        return self._demander({"op": "fonctions"})["fonctions"]

    def calculer(self, chemin: Path, cellules=None):
        """Comme ``udfs.moteur.recalculer`` : un ``Resultat`` aux mêmes clés que le moteur par défaut."""
        from udfs import moteur
        from udfs.libreoffice import lecture
        chemin = Path(chemin)
        if cellules is None:
            cellules = moteur.lire_cellules(chemin)
        calculees = self.valeurs(chemin)
        valeurs = {}
        for feuille, cellule in cellules.formules:
            cle = f"{feuille}!{cellule}"
            valeurs[cle] = calculees.get(cle, 0)      # une formule que Calc n'a pas gardée : vide
        cycle = [k for k, v in valeurs.items() if v == lecture.CIRCULAIRE]
        if cycle:       # refusé comme par le moteur par défaut (code de sortie 2), pas rendu en #VALUE!
            raise moteur.ReferenceCirculaire(f"{chemin.name} : référence circulaire : {', '.join(cycle[:10])}"
                                             f"{' …' if len(cycle) > 10 else ''}")
        return moteur.Resultat(chemin, valeurs, cellules)

    def __exit__(self, *exc) -> None:
        if self._processus is not None:
            try:
                self._processus.stdin.close()
                self._processus.wait(timeout=120)
            except (OSError, subprocess.TimeoutExpired):
                self._processus.kill()
            self._processus = None
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if self._verrou is not None:
            self._verrou.close()
            self._verrou = None
        if self._temporaire is not None:
            self._temporaire.cleanup()
            self._temporaire = None


def recalculer(chemin: Path | str):
    """``rs-instruction recalculer --moteur libreoffice`` : garde-fous, puis calcul par LibreOffice."""
    from udfs import moteur
    from udfs.securite import verifier_fichier
    chemin = Path(chemin)
    verifier_fichier(chemin)
    cellules = moteur.lire_cellules(chemin)
    with Bureau() as bureau:
        return bureau.calculer(chemin, cellules)
