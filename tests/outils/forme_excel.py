"""Un classeur tel qu'Excel l'enregistre quand ses formules appellent le complément rs_instruction.xlam.

Excel écrit alors chaque appel ``[1]!SU_FOYER(…)`` et ajoute une référence externe : élément
``<externalReferences>`` de workbook.xml, relation ``externalLink`` du classeur, partie
``xl/externalLinks/externalLink1.xml`` (un ``externalBook`` qui nomme les fonctions employées),
sa relation ``externalLinkPath`` vers le chemin du complément sur le poste, et le type de contenu
de la partie (ECMA-376 §18.14). ``forme_excel`` produit cette forme à partir d'un classeur ordinaire
(``NOM(…)``), pour vérifier que le recalcul sans Excel et la validation la lisent.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from udfs.fonctions import REGISTRE

NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CHEMIN_XLSTART = r"C:\Users\instructeur\AppData\Roaming\Microsoft\Excel\XLSTART\rs_instruction.xlam"

_APPEL = re.compile(r"(?<![A-Za-z0-9_.!\]])(" + "|".join(sorted(REGISTRE, key=len, reverse=True)) + r")\(")


def _prefixer(formule: str, prefixe: str) -> str:
    """Préfixe chaque appel d'une fonction du registre, hors des chaînes entre guillemets."""
    morceaux = re.split(r'("(?:[^"]|"")*")', formule)
    return "".join(m if i % 2 else _APPEL.sub(lambda a: f"{prefixe}{a.group(1)}(", m)
                   for i, m in enumerate(morceaux))


def _partager(xml: str) -> str:
    """Formules recopiées vers le bas écrites comme Excel : une formule partagée (``t="shared"``),
    le texte dans la première cellule seulement."""
    from openpyxl.formula.translate import Translator

    cellules = re.findall(r'<c r="([A-Z]+)(\d+)"[^>]*><f>(.*?)</f>', xml, flags=re.S)
    par_colonne: dict[str, list[tuple[int, str]]] = {}
    for colonne, ligne, texte in cellules:
        par_colonne.setdefault(colonne, []).append((int(ligne), texte))
    groupe = 0
    for colonne, liste in par_colonne.items():
        debut = 0
        while debut < len(liste):
            (l0, f0), fin = liste[debut], debut + 1
            while (fin < len(liste) and liste[fin][0] == l0 + fin - debut and
                   Translator("=" + f0, origin=f"{colonne}{l0}").translate_formula(f"{colonne}{liste[fin][0]}")
                   == "=" + liste[fin][1]):
                fin += 1
            if fin - debut >= 3:
                derniere = liste[fin - 1][0]
                xml = re.sub(rf'(<c r="{colonne}{l0}"[^>]*>)<f>',
                             rf'\1<f t="shared" ref="{colonne}{l0}:{colonne}{derniere}" si="{groupe}">', xml, count=1)
                for ligne, texte in liste[debut + 1:fin]:
                    xml = re.sub(rf'(<c r="{colonne}{ligne}"[^>]*>)<f>.*?</f>', rf'\1<f t="shared" si="{groupe}"/>',
                                 xml, count=1, flags=re.S)
                groupe += 1
            debut = fin
    return xml


def forme_excel(entree: Path, sortie: Path, prefixe: str = "[1]!", cible: str = "file:///" + CHEMIN_XLSTART,
                liens_avant: int = 0, partagees: bool = False) -> list[str]:
    """Écrit ``sortie`` : ``entree`` où chaque appel est écrit ``{prefixe}NOM(``. Avec le préfixe
    ``[n]!``, ``liens_avant`` références externes vers d'autres classeurs précèdent celle du
    complément (qui est alors la n-ième) ; ``partagees`` : formules recopiées en formules partagées.
    Renvoie les fonctions employées."""
    employees: set[str] = set()

    def formules(xml: str) -> str:
        def remplacer(m):
            texte = m.group(2)
            employees.update(a.group(1) for a in _APPEL.finditer(texte))
            return f"{m.group(1)}{_prefixer(texte, prefixe)}</f>"
        return re.sub(r"(<f(?:\s[^>]*)?>)(.*?)</f>", remplacer, xml, flags=re.S)

    with zipfile.ZipFile(entree) as source:
        parties = {n: source.read(n) for n in source.namelist()}
    for nom in parties:
        if nom.startswith("xl/worksheets/sheet"):
            xml = formules(parties[nom].decode())
            parties[nom] = (_partager(xml) if partagees else xml).encode()
    if prefixe.startswith("["):
        liens = [("/autres/budget.xlsx", None)] * liens_avant + [(cible, sorted(employees))]
        references = ""
        for i, (chemin, noms) in enumerate(liens, start=1):
            rid = f"rIdLien{i}"
            references += f'<externalReference r:id="{rid}"/>'
            parties["xl/_rels/workbook.xml.rels"] = parties["xl/_rels/workbook.xml.rels"].replace(
                b"</Relationships>",
                f'<Relationship Id="{rid}" Type="{NS_R}/externalLink" '
                f'Target="externalLinks/externalLink{i}.xml"/></Relationships>'.encode())
            if noms is None:      # un autre classeur : feuille et cellule en cache
                livre = ('<sheetNames><sheetName val="Feuil1"/></sheetNames><sheetDataSet>'
                         '<sheetData sheetId="0"><row r="1"><cell r="A1"><v>1</v></cell></row></sheetData>'
                         '</sheetDataSet>')
            else:                 # le complément : les noms des fonctions employées
                livre = "<definedNames>" + "".join(f'<definedName name="{n}"/>' for n in noms) + "</definedNames>"
            parties[f"xl/externalLinks/externalLink{i}.xml"] = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'xmlns:r="{NS_R}"><externalBook r:id="rId1">{livre}</externalBook></externalLink>').encode()
            parties[f"xl/externalLinks/_rels/externalLink{i}.xml.rels"] = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{NS_R}/externalLinkPath" Target="{chemin}" '
                'TargetMode="External"/></Relationships>').encode()
            parties["[Content_Types].xml"] = parties["[Content_Types].xml"].replace(
                b"</Types>",
                f'<Override PartName="/xl/externalLinks/externalLink{i}.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>'.encode())
        classeur = parties["xl/workbook.xml"].decode()
        racine = re.search(r"<workbook\b[^>]*>", classeur).group()
        if f'xmlns:r="{NS_R}"' not in racine:
            classeur = classeur.replace(racine, racine.replace("<workbook", f'<workbook xmlns:r="{NS_R}"', 1), 1)
        parties["xl/workbook.xml"] = classeur.replace(
            "</sheets>", f"</sheets><externalReferences>{references}</externalReferences>", 1).encode()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as cible_zip:
        for nom, octets in parties.items():
            cible_zip.writestr(nom, octets)
    return sorted(employees)
