"""Construction de l'extension LibreOffice ``rs_instruction.oxt``, générée depuis le registre.

Contenu de l'archive :
- ``rs_instruction.rdb`` : l'interface ``fr.rsinstruction.calc.XFonctions`` (une méthode par
  fonction du registre, au nom Excel, arguments ``any``), IDL compilé par ``unoidl-write`` (SDK de
  LibreOffice, paquet Debian ``libreoffice-dev``) ;
- ``rs_instruction_calc.py`` (``composant``) et ``rs_instruction.components`` : l'add-in Calc, les
  tâches de l'extension et le lecteur de valeurs de ``--moteur libreoffice`` ;
- ``pythonpath/udfs/`` : le noyau sans hôte (registre, fonctions, règles, valeurs, paramètres en
  JSON), c'est-à-dire exactement les modules qu'importe ``udfs.fonctions`` (et les petits modules
  de ce paquet que le composant emploie) ; rien d'autre que la bibliothèque standard n'est permis :
  pas de pip dans LibreOffice ;
- ``RsInstruction.bas`` : une fonction Basic par fonction du registre, au nom Excel, qui appelle
  l'add-in (``basic`` : c'est ce qui fait calculer un .xlsx inchangé dans LibreOffice 7.4) ;
- ``Jobs.xcu`` : les tâches (``composant.Evenements``) qui posent ce module dans la bibliothèque
  Standard au démarrage, l'en retirent à la fermeture, et complètent à l'ouverture d'un classeur
  les arguments omis de nos fonctions ;
- ``Calc.xcu`` : recalcul des classeurs Excel à l'ouverture (défaut de LibreOffice : jamais, qui
  afficherait les valeurs en cache du fichier).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import udfs
from udfs.fonctions import REGISTRE
from udfs.erreurs import Refus
from udfs.registre import CATEGORIE

IDENTIFIANT = "fr.rsinstruction.calc"
NOM_FICHIER = "rs_instruction.oxt"
MODULE_IDL = ("fr", "rsinstruction", "calc")
INTERFACE = "XFonctions"
COMPOSANT = "rs_instruction_calc.py"
_ICI = Path(__file__).parent

# Mots réservés d'UNOIDL qu'un nom d'argument ne peut pas porter (le nom affiché reste le nôtre)
_RESERVES_IDL = {
    "any", "attribute", "boolean", "byte", "char", "const", "constants", "double", "enum",
    "exception", "false", "float", "get", "hyper", "in", "inout", "interface", "long", "maybeambiguous",
    "maybedefault", "maybevoid", "module", "needs", "observes", "oneway", "optional", "out", "property",
    "published", "raises", "readonly", "removable", "sequence", "service", "set", "short", "singleton",
    "string", "struct", "transient", "true", "type", "typedef", "unsigned", "void", "bound", "constrained",
}


class OutilManquant(Refus, RuntimeError):
    """Un outil du SDK de LibreOffice manque pour construire l'extension."""


def repertoire_programme() -> Path | None:
    """Le dossier ``program`` de LibreOffice (types.rdb, soffice, unopkg), s'il est installé."""
    candidats = [os.environ.get("RS_LIBREOFFICE_PROGRAM"), "/usr/lib/libreoffice/program",
                 "/opt/libreoffice/program", "/Applications/LibreOffice.app/Contents/Resources"]
    for c in filter(None, candidats):
        if (Path(c) / "types.rdb").exists():
            return Path(c)
    soffice = shutil.which("soffice")
    if soffice:
        dossier = Path(os.path.realpath(soffice)).parent
        if (dossier / "types.rdb").exists():
            return dossier
    return None


def unoidl_write() -> Path:
    programme = repertoire_programme()
    candidats = [shutil.which("unoidl-write")]
    if programme is not None:
        candidats += [programme.parent / "sdk" / "bin" / "unoidl-write", programme / "unoidl-write"]
    for c in filter(None, candidats):
        if Path(c).exists():
            return Path(c)
    raise OutilManquant(
        "unoidl-write introuvable : installez le SDK de LibreOffice "
        "(sudo apt-get install libreoffice-dev) pour construire l'extension")


# --- IDL --------------------------------------------------------------------------------------

def _nom_idl(argument: str) -> str:
    # UNOIDL refuse un soulignement dans un nom en minuscules : date_reference → dateReference
    premier, *suite = argument.split("_")
    nom = premier + "".join(m[:1].upper() + m[1:] for m in suite)
    return f"{nom}Arg" if nom.lower() in _RESERVES_IDL else nom


def idl() -> str:
    """L'interface UNO : une méthode par fonction du registre, au nom Excel."""
    debut = "".join(f"module {m} {{ " for m in MODULE_IDL)
    fin = " ".join("};" for _ in MODULE_IDL)
    methodes = []
    for f in REGISTRE.values():
        args = ", ".join(f"[in] any {_nom_idl(a)}" for a in f.arguments)
        # Calc n'accepte une matrice que d'une méthode déclarée ainsi (une séquence rendue dans un
        # « any » donne #VALEUR!) ; une valeur seule reste un « any » (en matrice 1 × 1, elle ne se
        # comparerait plus à un texte : =A1=NATURE_SURFACE(B1) serait faux)
        retour = "sequence< sequence< any > >" if f.matrice else "any"
        methodes.append(f"        {retour} {f.nom}({args});")
    return ("#include <com/sun/star/uno/XInterface.idl>\n"
            f"{debut}\n"
            f"    interface {INTERFACE} : com::sun::star::uno::XInterface {{\n"
            + "\n".join(methodes) + "\n"
            f"    }};\n{fin}\n")


def compiler_idl(destination: Path) -> Path:
    programme = repertoire_programme()
    if programme is None:
        raise OutilManquant("LibreOffice introuvable (types.rdb) : sudo apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{INTERFACE}.idl"
        source.write_text(idl(), encoding="utf-8")
        commande = [str(unoidl_write()), str(programme / "types.rdb"), str(programme / "types" / "offapi.rdb"),
                    str(source), str(destination)]
        r = subprocess.run(commande, capture_output=True, text=True)
        if r.returncode != 0:
            raise OutilManquant(f"unoidl-write a échoué : {r.stderr.strip() or r.stdout.strip()}")
    return destination


# --- Noyau embarqué ---------------------------------------------------------------------------

_SONDE = """
import json, sys
avant = set(sys.modules)
import udfs.fonctions, udfs.libreoffice.adaptation, udfs.libreoffice.formules, udfs.libreoffice.lecture
nouveaux = sorted(set(sys.modules) - avant)
print(json.dumps({n: getattr(sys.modules[n], "__file__", None) for n in nouveaux}))
"""


def modules_du_noyau() -> dict[str, Path]:
    """Les modules qu'importent ``udfs.fonctions`` et l'adaptation, lus dans un interpréteur neuf.

    Un module tiers (numpy, yaml…) dans cette liste ferait échouer l'add-in dans LibreOffice, qui
    n'a que la bibliothèque standard : la construction le refuse."""
    racine = Path(udfs.__file__).parent.parent
    env = {**os.environ, "PYTHONPATH": str(racine)}
    sortie = subprocess.run([sys.executable, "-c", _SONDE], capture_output=True, text=True, env=env,
                            check=True).stdout
    modules = json.loads(sortie)
    tiers = sorted(n for n in modules if n.split(".")[0] not in sys.stdlib_module_names
                   and n.split(".")[0] != "udfs" and not n.startswith("_"))
    if tiers:
        raise OutilManquant(f"le noyau importe des modules hors de la bibliothèque standard, absents du "
                            f"Python de LibreOffice : {', '.join(tiers)}")
    return {n: Path(f) for n, f in modules.items() if n.split(".")[0] == "udfs" and f}


# --- Fichiers de description ------------------------------------------------------------------

def _manifeste() -> str:
    entrees = [
        ("application/vnd.sun.star.uno-typelibrary;type=RDB", "rs_instruction.rdb"),
        ("application/vnd.sun.star.uno-components", "rs_instruction.components"),
        ("application/vnd.sun.star.configuration-data", "Calc.xcu"),
        ("application/vnd.sun.star.configuration-data", "Jobs.xcu"),
    ]
    lignes = "\n".join(f' <manifest:file-entry manifest:media-type="{t}" manifest:full-path="{p}"/>'
                       for t, p in entrees)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest:manifest xmlns:manifest="http://openoffice.org/2001/manifest">\n'
            f"{lignes}\n</manifest:manifest>\n")


def _description() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<description xmlns="http://openoffice.org/extensions/description/2006"
             xmlns:xlink="http://www.w3.org/1999/xlink"
             xmlns:dep="http://openoffice.org/extensions/description/2006"
             xmlns:lo="http://libreoffice.org/extensions/description/2011">
  <identifier value="{IDENTIFIANT}"/>
  <version value="{udfs.__version__}"/>
  <display-name><name lang="fr">rs-instruction : {escape(CATEGORIE)}</name></display-name>
  <publisher><name lang="fr">Projet rs-instruction</name></publisher>
  <extension-description><src lang="fr" xlink:href="description-fr.txt"/></extension-description>
  <dependencies>
    <lo:LibreOffice-minimal-version value="7.4" dep:name="LibreOffice 7.4"/>
  </dependencies>
</description>
"""


def _texte_description() -> str:
    return ("Fonctions de l'instruction PLAI des résidences sociales (SU_FOYER, SUBVENTION_PLAI, …) "
            "pour LibreOffice Calc : les classeurs Excel du projet se calculent tels quels.\n")


def _composants() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<components xmlns="http://openoffice.org/2010/uno-components">
  <component loader="com.sun.star.loader.Python" uri="./{COMPOSANT}">
    <implementation name="fr.rsinstruction.calc.FonctionsPython">
      <service name="com.sun.star.sheet.AddIn"/>
      <service name="fr.rsinstruction.calc.Fonctions"/>
    </implementation>
    <implementation name="fr.rsinstruction.calc.EvenementsPython">
      <service name="fr.rsinstruction.calc.Evenements"/>
    </implementation>
    <implementation name="fr.rsinstruction.calc.LecteurPython">
      <service name="fr.rsinstruction.calc.Lecteur"/>
    </implementation>
  </component>
</components>
"""


def _config_calc() -> str:
    # 0 = toujours recalculer un classeur Excel à l'ouverture (défaut de LibreOffice : jamais) ; une
    # couche d'extension : le choix que fait l'utilisateur dans Outils > Options l'emporte.
    return """<?xml version="1.0" encoding="UTF-8"?>
<oor:component-data xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
                    oor:name="Calc" oor:package="org.openoffice.Office">
  <node oor:name="Formula">
    <node oor:name="Load">
      <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
    </node>
  </node>
</oor:component-data>
"""


def _config_taches() -> str:
    # démarrage : poser le module Basic dans Standard ; fermeture : l'en retirer ; ouverture d'un
    # document : arguments omis réécrits (composant.Evenements)
    evenements = "".join(f"""
    <node oor:name="{e}" oor:op="fuse">
      <node oor:name="JobList">
        <node oor:name="fr.rsinstruction.calc.Evenements" oor:op="replace"/>
      </node>
    </node>""" for e in ("OnStartApp", "OnCloseApp", "OnLoadFinished"))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:component-data xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
                    oor:name="Jobs" oor:package="org.openoffice.Office">
  <node oor:name="Jobs">
    <node oor:name="fr.rsinstruction.calc.Evenements" oor:op="replace">
      <prop oor:name="Service"><value>fr.rsinstruction.calc.Evenements</value></prop>
    </node>
  </node>
  <node oor:name="Events">{evenements}
  </node>
</oor:component-data>
"""


# --- Construction -----------------------------------------------------------------------------

def _fichiers_sources() -> dict[str, bytes]:
    """Tout le contenu de l'extension sauf la bibliothèque de types compilée (qui en découle)."""
    from udfs.libreoffice import basic
    from udfs.parametres import contenus

    racine = Path(udfs.__file__).parent.parent
    fichiers: dict[str, bytes] = {
        "META-INF/manifest.xml": _manifeste().encode(),
        "description.xml": _description().encode(),
        "description-fr.txt": _texte_description().encode(),
        "rs_instruction.components": _composants().encode(),
        COMPOSANT: (_ICI / "composant.py").read_bytes(),
        "RsInstruction.bas": basic.code().encode(),
        "Calc.xcu": _config_calc().encode(),
        "Jobs.xcu": _config_taches().encode(),
    }
    for nom, chemin in sorted(modules_du_noyau().items()):
        fichiers["pythonpath/" + chemin.relative_to(racine).as_posix()] = chemin.read_bytes()
    fichiers["pythonpath/udfs/parametres/parametres.json"] = json.dumps(
        contenus(), ensure_ascii=False, indent=1, sort_keys=True).encode()
    return fichiers


def empreinte_source() -> str:
    """Empreinte de ce que contiendrait l'extension (IDL compris) : change quand le registre change."""
    h = hashlib.sha256(idl().encode())
    for nom, contenu in sorted(_fichiers_sources().items()):
        h.update(nom.encode() + b"\0" + contenu + b"\0")
    return h.hexdigest()


def construire(sortie: Path) -> Path:
    """Écrit l'extension dans ``sortie`` (fichier temporaire renommé : jamais d'archive à moitié
    écrite ; fautes d'écriture dites en nommant ``sortie``, droits selon l'umask)."""
    from udfs.fichiers import ecrire_atomiquement
    sortie = Path(sortie)
    with tempfile.TemporaryDirectory() as tmp:
        fichiers = _fichiers_sources()
        fichiers["rs_instruction.rdb"] = compiler_idl(Path(tmp) / "rs_instruction.rdb").read_bytes()

    def ecrire(flux) -> None:
        with zipfile.ZipFile(flux, "w", zipfile.ZIP_DEFLATED) as oxt:
            for nom, contenu in sorted(fichiers.items(), key=lambda kv: kv[0] != "META-INF/manifest.xml"):
                info = zipfile.ZipInfo(nom, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                oxt.writestr(info, contenu)

    ecrire_atomiquement(sortie, ecrire)
    return sortie
