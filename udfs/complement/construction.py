"""Construction de ``rs_instruction.xlam`` sans Excel, à partir du modèle livré avec xlwings.

Le modèle est ``quickstart_addin.xlam`` du paquet xlwings installé : celui que copie
``xlwings quickstart NOM --addin``. Son module VBA ``xlwings`` appelle la DLL
``xlwings64-<version>.dll`` du même paquet : partir du modèle installé garantit que le complément
et la DLL du venv ont la même version (xlwings est épinglé dans pyproject.toml).

Ce qui change par rapport au modèle :
- le projet VBA s'appelle ``rs_instruction`` (``PROJECT_NAME`` du module xlwings : c'est lui qui
  désigne la feuille de configuration ``rs_instruction.conf`` et le fichier utilisateur
  ``%USERPROFILE%\\.rs_instruction\\rs_instruction.conf``) ;
- le module d'exemple ``Module1`` est retiré ; ``xlwings_udfs`` (les fonctions) et
  ``rs_instruction_aide`` (l'aide de l'assistant, enregistrée par ``ThisWorkbook.Workbook_Open``)
  sont ajoutés (``udfs.complement.modules_vba``) ;
- la feuille de configuration s'appelle ``rs_instruction.conf`` et contient l'interpréteur et le
  module des fonctions : xlwings la lit avant tout fichier xlwings.conf ;
- les propriétés du document sont les nôtres ; le chemin du poste où le modèle a été enregistré
  (``x15ac:absPath``) est retiré.

La construction est déterministe (mêmes entrées, mêmes octets) : archive sans compression zlib
(la sortie de zlib varie selon sa version), dates fixes, ordre des parties du modèle.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from udfs.complement import modules_vba
from udfs.complement.ovba import Module, Projet

NOM = "rs_instruction"
FICHIER = f"{NOM}.xlam"
FEUILLE_CONF = f"{NOM}.conf"
INTERPRETEUR = r"%LOCALAPPDATA%\rs-instruction\venv\Scripts\pythonw.exe"
DATE_ZIP = (1980, 1, 1, 0, 0, 0)

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_X15AC = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"


def modele() -> Path:
    """Le modèle de complément du paquet xlwings installé."""
    import xlwings

    return Path(xlwings.__file__).parent / "quickstart_addin.xlam"


def emplacement_par_defaut() -> Path:
    """``~/.rs_instruction/rs_instruction.xlam`` : le dossier de configuration de l'utilisateur que
    lit le complément (``%USERPROFILE%\\.rs_instruction``, voir ``GetConfigFilePath`` du module
    xlwings). Il est dans le profil (aucun droit d'administrateur), hors du venv (que
    ``installer.ps1 -Recreer`` supprime) et hors de XLSTART, dont seul Excel connaît l'emplacement et
    où l'on ne peut écrire pendant qu'Excel a le complément ouvert : l'installateur l'y copie ensuite."""
    return Path.home() / f".{NOM}" / FICHIER


def configuration(interpreteur: str = INTERPRETEUR) -> list[tuple[str, str]]:
    """Les lignes de la feuille rs_instruction.conf (clé, valeur), lues par ``GetConfigFromSheet``.

    La feuille l'emporte sur tout fichier de configuration : on n'y met que ce qui doit valoir
    partout. Les réglages de diagnostic (SHOW CONSOLE, DEBUG UDFS) n'y sont pas : leur défaut est
    False, et l'utilisateur peut les changer dans %USERPROFILE%\\.rs_instruction\\rs_instruction.conf
    sans reconstruire le complément. Valeurs en texte, comme toute valeur lue par ``GetConfig``."""
    if any(c in interpreteur for c in "\r\n\"") or not interpreteur.strip():
        raise ValueError(f"chemin d'interpréteur invalide : {interpreteur!r}")
    return [
        ("Interpreter_Win", interpreteur),
        ("UDF Modules", modules_vba.MODULE_PYTHON),
        # un dossier « udfs » posé à côté d'un classeur ne doit pas masquer le paquet installé
        ("ADD_WORKBOOK_TO_PYTHONPATH", "False"),
    ]


def projet_vba(source_modele: bytes) -> Projet:
    """Le projet VBA du complément, à partir de celui du modèle."""
    projet = Projet.lire(source_modele)
    projet.renommer(NOM)
    xlwings = projet.module("xlwings")
    source, n = re.subn(r'^(Public Const PROJECT_NAME As String = )"[^"]*"',
                        rf'\1"{NOM}"', xlwings.source, flags=re.M)
    if n != 1:
        raise ValueError("constante PROJECT_NAME introuvable dans le module xlwings du modèle")
    projet.remplacer_module(Module("xlwings", "standard", source))
    this = projet.module("ThisWorkbook")
    projet.remplacer_module(Module("ThisWorkbook", "document", modules_vba.ouverture(this.source)))
    metas = modules_vba.metadonnees()
    projet.modules = [m for m in projet.modules if m.nom != "Module1"] + [
        Module(modules_vba.MODULE_FONCTIONS, "standard", modules_vba.module_fonctions(FICHIER)),
        Module(modules_vba.MODULE_AIDE, "standard", modules_vba.module_aide(metas)),
    ]
    return projet


def _classeur(xml: bytes) -> bytes:
    """workbook.xml du modèle : feuille de configuration renommée, chemin du poste d'origine retiré."""
    from lxml import etree

    racine = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    for alternative in racine.findall(f"{{{NS_MC}}}AlternateContent"):
        if alternative.find(f".//{{{NS_X15AC}}}absPath") is not None:
            racine.remove(alternative)
    feuilles = racine.findall(f"{{{NS}}}sheets/{{{NS}}}sheet")
    if len(feuilles) != 1 or not feuilles[0].get("name", "").endswith(".conf"):
        raise ValueError("le modèle doit avoir une seule feuille, sa feuille de configuration")
    feuilles[0].set("name", FEUILLE_CONF)
    return etree.tostring(racine, xml_declaration=True, encoding="UTF-8", standalone=True)


def _feuille_et_textes(lignes: list[tuple[str, str]]) -> tuple[bytes, bytes]:
    """La feuille de configuration (codeName Sheet2, le module document du modèle) et sa table de
    textes partagés."""
    textes: list[str] = []
    rangs = ""
    for i, (cle, valeur) in enumerate(lignes, start=1):
        cellules = ""
        for colonne, texte in (("A", cle), ("B", valeur)):
            textes.append(texte)
            cellules += f'<c r="{colonne}{i}" s="1" t="s"><v>{len(textes) - 1}</v></c>'
        rangs += f'<row r="{i}">{cellules}</row>'
    feuille = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<worksheet xmlns="{NS}"><sheetPr codeName="Sheet2"/>'
               f'<dimension ref="A1:B{len(lignes)}"/>'
               '<cols><col min="1" max="1" width="30" customWidth="1"/>'
               '<col min="2" max="2" width="60" customWidth="1"/></cols>'
               f'<sheetData>{rangs}</sheetData></worksheet>')
    partages = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<sst xmlns="{NS}" count="{len(textes)}" uniqueCount="{len(textes)}">'
                + "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in textes)
                + "</sst>")
    return feuille.encode(), partages.encode()


_PROPRIETES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:title>rs_instruction : fonctions Excel de l'instruction des résidences sociales (PLAI)</dc:title>"
    "<dc:creator>rs-instruction</dc:creator>"
    "<dc:description>Complément construit par « rs-instruction complement » à partir du modèle "
    "d'xlwings {version}.</dc:description>"
    "</cp:coreProperties>")


def octets(interpreteur: str = INTERPRETEUR, source: Path | None = None) -> bytes:
    """Le fichier .xlam, en mémoire."""
    import io

    import xlwings

    source = source or modele()
    with zipfile.ZipFile(source) as entree:
        parties = {nom: entree.read(nom) for nom in entree.namelist()}
    attendues = {"xl/vbaProject.bin", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                 "xl/sharedStrings.xml", "docProps/core.xml"}
    if not attendues <= set(parties):
        raise ValueError(f"modèle {source.name} incomplet : {sorted(attendues - set(parties))} absent(s)")
    feuille, textes = _feuille_et_textes(configuration(interpreteur))
    remplacees = {
        "xl/vbaProject.bin": projet_vba(parties["xl/vbaProject.bin"]).octets(),
        "xl/workbook.xml": _classeur(parties["xl/workbook.xml"]),
        "xl/worksheets/sheet1.xml": feuille,
        "xl/sharedStrings.xml": textes,
        "docProps/core.xml": _PROPRIETES.format(version=xlwings.__version__).encode(),
    }
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as sortie:
        # [Content_Types].xml d'abord (l'usage des paquets OPC), puis l'ordre du modèle
        for nom in sorted(parties, key=lambda n: n != "[Content_Types].xml"):
            info = zipfile.ZipInfo(nom, date_time=DATE_ZIP)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 0
            info.external_attr = 0
            sortie.writestr(info, remplacees.get(nom, parties[nom]))
    return tampon.getvalue()


def construire(sortie: Path | None = None, interpreteur: str = INTERPRETEUR) -> Path:
    """Écrit le complément (défaut : ``emplacement_par_defaut()``), par un fichier temporaire
    renommé : un complément à moitié écrit ne remplace jamais le précédent."""
    from udfs.fichiers import ecrire_atomiquement

    sortie = Path(sortie) if sortie else emplacement_par_defaut()
    if sortie.suffix.lower() != ".xlam":
        raise ValueError(f"{sortie.name} : un complément Excel porte l'extension .xlam")
    donnees = octets(interpreteur)
    ecrire_atomiquement(sortie, lambda flux: flux.write(donnees))   # droits selon l'umask
    return sortie
