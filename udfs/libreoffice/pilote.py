"""Le pilote UNO : un processus à part, lancé avec le Python qui sait ``import uno`` (celui de LibreOffice).

Il n'importe que la bibliothèque standard et ``uno`` ; ``bureau`` le lance comme un script, sans
rien de l'environnement du projet : le Python du projet n'a pas ``uno`` (paquet Debian
``python3-uno``, lié au Python du système), et le crochet d'import de ``uno`` dérègle des
bibliothèques du moteur par défaut (``formulas``). Dialogue : une requête JSON par ligne sur
l'entrée standard, une réponse JSON par ligne sur la sortie standard.

- ``{"op": "calculer", "fichier": "…"}`` → ``{"valeurs": {"Feuille!A1": valeur}}`` : chaque
  cellule à formule, calculée par LibreOffice et lue par le service de l'extension (``lecture``) ;
- ``{"op": "fonctions"}`` → ``{"fonctions": {nom : …}}`` : ce que montre l'assistant de fonction ;
- en erreur : ``{"erreur": "…"}``.

Un seul LibreOffice sert toute la session (un lot entier). Le profil est privé (``--profil``) ; au
premier usage, le pilote y installe l'extension (gestionnaire des extensions de LibreOffice, le même
que « unopkg add » : ``unopkg`` refuse de tourner sous root sans --shared), puis redémarre
LibreOffice pour que la tâche de démarrage de l'extension pose son module Basic.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import uuid

import uno
import unohelper
from com.sun.star.beans import NamedValue, PropertyValue
from com.sun.star.task import XInteractionHandler
from com.sun.star.ucb import XCommandEnvironment, XProgressHandler

IDENTIFIANT = "fr.rsinstruction.calc"


def _pv(nom, valeur):
    p = PropertyValue()
    p.Name, p.Value = nom, valeur
    return p


class _Accord(unohelper.Base, XInteractionHandler):
    """Répond « oui » aux questions de l'installation (il n'y en a pas : ni licence ni dépendance)."""

    def handle(self, requete):
        for suite in requete.getContinuations():
            if suite.queryInterface(uno.getTypeByName("com.sun.star.task.XInteractionApprove")):
                suite.select()
                return


class _Progres(unohelper.Base, XProgressHandler):
    def push(self, statut):
        pass

    def update(self, statut):
        pass

    def pop(self):
        pass


class _Environnement(unohelper.Base, XCommandEnvironment):
    def getInteractionHandler(self):
        return _Accord()

    def getProgressHandler(self):
        return _Progres()


def _env_libreoffice():
    """L'environnement de LibreOffice. Son Python embarqué cherche « python3 » dans le PATH pour
    situer sa bibliothèque standard : s'il y trouve celui d'un venv (pyvenv.cfg), il charge une
    autre bibliothèque standard que la sienne, l'import du composant échoue et LibreOffice 7.4
    s'arrête (std::bad_alloc dans pyuno). On met donc en tête le dossier du Python qui fait tourner
    ce pilote (celui de LibreOffice) et on retire les dossiers de venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    dossiers = [d for d in env.get("PATH", "/usr/bin:/bin").split(os.pathsep)
                if d and not os.path.exists(os.path.join(os.path.dirname(d), "pyvenv.cfg"))]
    ici = os.path.dirname(os.path.realpath(sys.executable))
    env["PATH"] = os.pathsep.join([ici] + [d for d in dossiers if d != ici])
    return env


def _groupe_vivant(groupe):
    try:
        os.killpg(groupe, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


class _DemarrageManque(Exception):
    pass


class Office:
    def __init__(self, soffice, profil):
        self.soffice = soffice
        self.profil = profil
        self.processus = None
        self.bureau = None
        self.lecteur = None

    def demarrer(self):
        for essai in range(3):
            try:
                return self._demarrer()
            except _DemarrageManque:
                # LibreOffice s'est arrêté sans écouter (une instance finissante du même profil a
                # pris la requête) : on attend qu'elle ait fini, puis on relance
                time.sleep(1 + essai)
        raise RuntimeError(f"LibreOffice n'a pas démarré (profil {self.profil})")

    def _demarrer(self):
        tube = f"rsinstruction_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        env = _env_libreoffice()
        self.processus = subprocess.Popen(
            [self.soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
             "--nolockcheck", "-env:UserInstallation=" + uno.systemPathToFileUrl(self.profil),
             f"--accept=pipe,name={tube};urp;StarOffice.ComponentContext"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(os.environ["RS_PILOTE_TRACE"], "a") if os.environ.get("RS_PILOTE_TRACE") else subprocess.DEVNULL,
            start_new_session=True)
        local = uno.getComponentContext()
        resolveur = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        limite = time.monotonic() + 120
        while True:
            try:
                self.ctx = resolveur.resolve(f"uno:pipe,name={tube};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 - LibreOffice n'écoute pas encore
                if self.processus.poll() is not None:
                    print("soffice arrêté, code", self.processus.poll(), file=sys.stderr)
                    self.processus = None
                    raise _DemarrageManque() from None
                if time.monotonic() > limite:
                    raise RuntimeError(f"LibreOffice ne répond pas (profil {self.profil})") from None
                time.sleep(0.05)
        self.bureau = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.lecteur = None

    def arreter(self):
        if self.processus is None:
            return
        try:
            self.bureau.terminate()
        except Exception:  # noqa: BLE001 - la liaison se ferme pendant l'arrêt
            pass
        groupe = self.processus.pid          # start_new_session : le groupe de ce que nous avons lancé
        try:
            self.processus.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
        # soffice.bin peut survivre un instant à oosplash : un LibreOffice relancé tout de suite sur le
        # même profil lui passerait alors la main et s'arrêterait aussitôt ; on attend qu'il ait fini
        limite = time.monotonic() + 30
        while _groupe_vivant(groupe):
            if time.monotonic() > limite:
                os.killpg(groupe, 9)
                break
            time.sleep(0.05)
        if self.processus.poll() is None:
            self.processus.wait()
        self.processus = None

    def extension_installee(self):
        gestionnaire = self.ctx.getValueByName("/singletons/com.sun.star.deployment.ExtensionManager")
        for e in gestionnaire.getDeployedExtensions("user", None, _Environnement()):
            if e.getIdentifier().Value == IDENTIFIANT:
                return True
        return False

    def installer(self, oxt):
        gestionnaire = self.ctx.getValueByName("/singletons/com.sun.star.deployment.ExtensionManager")
        gestionnaire.addExtension(uno.systemPathToFileUrl(oxt), (), "user", None, _Environnement())

    def calculer(self, fichier):
        proprietes = (_pv("Hidden", True), _pv("ReadOnly", True), _pv("MacroExecutionMode", 0),
                      _pv("UpdateDocMode", 0))
        doc = self.bureau.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(fichier)),
                                               "_blank", 0, proprietes)
        if doc is None:
            raise RuntimeError("LibreOffice n'a pas pu ouvrir le classeur")
        try:
            # pas de calculateAll() : Calc.xcu de l'extension fait recalculer tout le classeur à
            # l'ouverture (valeurs en cache comprises) ; un second calcul doublerait la durée
            return self._valeurs(doc)
        finally:
            doc.close(True)

    def fonctions(self):
        """Ce que montre l'assistant de fonction de Calc : {nom : description, catégorie, arguments}."""
        descriptions = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.sheet.FunctionDescriptions", self.ctx)
        resultat = {}
        for i in range(descriptions.getCount()):
            d = {p.Name: p.Value for p in descriptions.getByIndex(i)}
            resultat[d.get("Name") or ""] = {"description": d.get("Description") or "", "categorie": d.get("Category"),
                                   "arguments": [[a.Name, a.Description, a.IsOptional] for a in (d.get("Arguments") or ())]}
        return resultat

    def _valeurs(self, doc):
        # lues dans le processus de LibreOffice par le service de l'extension (udfs.libreoffice.lecture) :
        # à travers la liaison, chaque cellule coûterait plusieurs allers-retours
        if self.lecteur is None:
            self.lecteur = self.ctx.ServiceManager.createInstanceWithContext(
                "fr.rsinstruction.calc.Lecteur", self.ctx)
            if self.lecteur is None:
                raise RuntimeError("le service fr.rsinstruction.calc.Lecteur de l'extension manque")
        document = NamedValue()
        document.Name, document.Value = "Document", doc
        return json.loads(self.lecteur.execute((document,)))


def _profil_pret(office, oxt):
    """Démarre LibreOffice dans le profil ; au premier usage, y installe l'extension et redémarre."""
    office.demarrer()
    if not office.extension_installee():
        office.installer(oxt)
        office.arreter()
        office.demarrer()      # la tâche de démarrage de l'extension pose le module Basic


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--soffice", required=True)
    p.add_argument("--profil", required=True)
    p.add_argument("--extension", required=True)
    args = p.parse_args()
    office = Office(args.soffice, args.profil)
    sortie = sys.stdout
    sys.stdout = sys.stderr      # rien d'autre que nos réponses sur la sortie standard
    try:
        debut = time.monotonic()
        _profil_pret(office, args.extension)
        sortie.write(json.dumps({"pret": round(time.monotonic() - debut, 3)}) + "\n")
        sortie.flush()
        for ligne in sys.stdin:
            requete = json.loads(ligne)
            try:
                if requete.get("op") == "fonctions":
                    reponse = {"fonctions": office.fonctions()}
                else:
                    reponse = {"valeurs": office.calculer(requete["fichier"])}
            except Exception as e:  # noqa: BLE001 - un fichier ne doit pas arrêter le lot
                reponse = {"erreur": f"{type(e).__name__} : {getattr(e, 'Message', '') or e}"}
                if office.processus.poll() is not None:      # LibreOffice est tombé : on le relance
                    office.processus = None
                    office.demarrer()
            sortie.write(json.dumps(reponse, ensure_ascii=False) + "\n")
            sortie.flush()
    finally:
        office.arreter()


if __name__ == "__main__":
    main()
