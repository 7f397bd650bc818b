"""Contrôle de structure d'un classeur reçu, par rapport à la spécification de son modèle.

Lecture seule (openpyxl, jamais d'écriture). Chaque problème est une phrase française précédée de
« Feuille!A1 » : feuille manquante, nom défini absent ou déplacé, nom local à une feuille (illisible
par le moteur), formule remplacée par une constante ou modifiée, saisie du mauvais type, valeur
hors de la liste déroulante, liste déroulante retirée.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import openpyxl

from udfs.classeurs import spec
from udfs.classeurs.generation import NOM_MODELE
from udfs.liens_externes import lisible   # [1]!NOM( d'un classeur enregistré par Excel → NOM(


@dataclass(frozen=True)
class Probleme:
    feuille: str
    cellule: str
    message: str
    libelle: str | None = None          # le champ tel que l'utilisateur le lit

    def __str__(self) -> str:
        lieu = f"{self.feuille}!{self.cellule}" if self.cellule else self.feuille
        if self.libelle:
            lieu += f" ({self.libelle})"
        return f"{lieu} : {self.message}"


# --- Formules comparées comme le fait un tableur ----------------------------------------------

# Un texte entre guillemets (guillemets doublés à l'intérieur), un nom de feuille entre apostrophes,
# ou un caractère quelconque.
_JETON = re.compile(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'|.', re.DOTALL)


def formules_egales(a: str, b: str) -> bool:
    """Deux formules égales pour un tableur. Le texte identique d'abord : c'est le cas de presque
    toutes les formules d'un dossier, et le lot en compare des centaines par classeur."""
    return a == b or normaliser_formule(a) == normaliser_formule(b)


@lru_cache(maxsize=65536)      # les formules du modèle reviennent à chaque dossier comparé
def normaliser_formule(texte: str) -> str:
    """La forme d'une formule que comparent deux tableurs : c'est le seul endroit où le texte d'une
    formule est normalisé avant comparaison. Hors des textes entre guillemets : casse ignorée
    (noms de fonctions et de noms définis, que LibreOffice écrit en minuscules quand il ne les
    connaît pas), espaces ignorés, TRUE()/FALSE() égaux à TRUE/FALSE, préfixes _xlfn. et _xlws.
    retirés, apostrophes autour d'un nom de feuille retirées."""
    texte = str(texte).strip()
    if texte.startswith("="):
        texte = texte[1:]
    morceaux, code = [], []

    def vider() -> None:
        forme = re.sub(r"_XL(FN|WS)\.", "", "".join(code))
        morceaux.append(re.sub(r"\b(TRUE|FALSE)\(\)", r"\1", forme))
        code.clear()

    for jeton in _JETON.findall(texte):
        if jeton.startswith('"') and len(jeton) > 1:
            vider()
            morceaux.append(jeton)                               # un texte garde sa casse et ses espaces
        elif jeton.startswith("'") and len(jeton) > 1:
            code.append(jeton[1:-1].replace("''", "'").upper())
        elif not jeton.isspace():
            code.append(jeton.upper())
    vider()
    return "=" + "".join(morceaux)


@lru_cache(maxsize=1)
def modeles_connus() -> dict[str, spec.Modele]:
    from udfs.classeurs import formation, instruction
    connus = {instruction.IDENTIFIANT: instruction.modele()}
    connus.update({m.identifiant: m for m in formation.classeurs().values()})
    return connus


def identifiant(classeur: openpyxl.Workbook) -> str | None:
    nom = classeur.defined_names.get(NOM_MODELE)
    if nom is None or not nom.attr_text:
        return None
    return nom.attr_text.strip().strip('"')


def valider_si_modele_connu(chemin: Path) -> list[Probleme] | None:
    """Les problèmes du classeur, ou None s'il ne déclare aucun modèle (classeur libre)."""
    return problemes_si_modele_connu(_ouvrir(chemin))


def problemes_si_modele_connu(classeur) -> list[Probleme] | None:
    """Comme ``valider_si_modele_connu``, sur un classeur déjà ouvert (openpyxl ou l'aperçu lxml
    de ``udfs.apercu``, qui en offre ce que le contrôle lit)."""
    if identifiant(classeur) is None:
        return None
    return _valider(classeur, None)


def valider(chemin: Path, modele: str | None = None, complet: bool = False) -> list[Probleme]:
    """Problèmes de structure ; avec ``complet``, aussi les saisies obligatoires restées vides
    (avant une décision : le dossier doit être rempli)."""
    return _valider(_ouvrir(chemin), modele, complet)


def _ouvrir(chemin: Path) -> openpyxl.Workbook:
    chemin = Path(chemin)
    return openpyxl.load_workbook(lisible(chemin), data_only=False, keep_vba=False)


def _valider(classeur: openpyxl.Workbook, modele: str | None, complet: bool = False) -> list[Probleme]:
    connus = modeles_connus()
    ident = modele or identifiant(classeur)
    if ident is None:
        return [Probleme("Classeur", "", f"nom défini {NOM_MODELE} absent : modèle inconnu "
                                          f"(précisez --modele parmi {', '.join(sorted(connus))})")]
    if ident not in connus:
        return [Probleme("Classeur", "", f"modèle « {ident} » inconnu (modèles : {', '.join(sorted(connus))})")]
    attendu = connus[ident]
    problemes: list[Probleme] = []
    problemes += _noms(classeur, attendu)
    for feuille in attendu.feuilles:
        if feuille.nom not in classeur.sheetnames:
            problemes.append(Probleme(feuille.nom, "", "feuille absente"))
            continue
        problemes += _feuille(classeur[feuille.nom], feuille, complet)
    return problemes


def _noms(classeur: openpyxl.Workbook, attendu: spec.Modele) -> list[Probleme]:
    problemes = []
    for nom, cible in attendu.noms().items():
        defini = classeur.defined_names.get(nom)
        if defini is None:
            problemes.append(Probleme("Classeur", "", f"nom défini « {nom} » absent (attendu sur {cible})"))
        elif defini.attr_text.replace("'", "") != cible.replace("'", ""):
            problemes.append(Probleme("Classeur", "", f"le nom « {nom} » désigne {defini.attr_text} "
                                                      f"au lieu de {cible}"))
    for ws in classeur.worksheets:
        for nom in ws.defined_names:
            problemes.append(Probleme(ws.title, "", f"nom « {nom} » local à la feuille : le recalcul sans "
                                                    "Excel ne le lit pas (le rendre global au classeur)"))
    return problemes


def _listes(ws) -> dict[str, str]:
    """{cellule : formule de la liste déroulante} de la feuille."""
    listes = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list":
            continue
        for plage in dv.sqref.ranges:
            for ligne in plage.cells:
                listes[openpyxl.utils.get_column_letter(ligne[1]) + str(ligne[0])] = dv.formula1
    return listes


def _feuille(ws, feuille: spec.Feuille, complet: bool = False) -> list[Probleme]:
    problemes = []
    listes = _listes(ws)
    if feuille.protegee and not ws.protection.sheet:
        problemes.append(Probleme(feuille.nom, "", "feuille non protégée : les formules peuvent être écrasées"))
    for c in feuille.cellules.values():
        valeur = ws[c.ref].value
        if c.est_formule:
            if ws[c.ref].data_type != "f":
                affichage = "vide" if valeur is None else f"la constante « {valeur} »"
                problemes.append(Probleme(feuille.nom, c.ref, f"formule remplacée par {affichage} "
                                                              f"(attendu {c.contenu})", _libelle(feuille, c)))
            elif not formules_egales(_texte_formule(valeur), c.contenu):
                problemes.append(Probleme(feuille.nom, c.ref, f"formule modifiée : {_texte_formule(valeur)} "
                                                              f"(attendu {c.contenu})", _libelle(feuille, c)))
        if c.est_formule and not ws[c.ref].protection.locked:
            problemes.append(Probleme(feuille.nom, c.ref, "formule déverrouillée (elle doit être protégée)", _libelle(feuille, c)))
        if c.saisie is not None and ws[c.ref].protection.locked:
            problemes.append(Probleme(feuille.nom, c.ref, "cellule de saisie verrouillée (elle doit rester modifiable)",
                                      _libelle(feuille, c)))
        if complet and c.saisie is not None and c.saisie.obligatoire and _vide(valeur):
            problemes.append(Probleme(feuille.nom, c.ref, "saisie obligatoire vide", _libelle(feuille, c)))
        if c.saisie is not None and not c.est_formule:
            message = _controle_saisie(valeur, c.saisie)
            if message:
                problemes.append(Probleme(feuille.nom, c.ref, message, _libelle(feuille, c)))
            if c.saisie.type == "liste":
                attendue = '"' + ",".join(c.saisie.liste) + '"'
                if listes.get(c.ref) != attendue:
                    problemes.append(Probleme(feuille.nom, c.ref, "liste déroulante absente ou modifiée "
                                                                  f"(attendu {attendue})", _libelle(feuille, c)))
    return problemes


def _libelle(feuille: spec.Feuille, c: spec.Cellule) -> str | None:
    """Le nom du champ tel que l'utilisateur le lit : le libellé de la cellule, sinon le texte de la
    colonne A de sa ligne."""
    if c.libelle:
        return c.libelle
    a = feuille.cellules.get(f"A{spec._lig(c.ref)}")
    if a is not None and a is not c and isinstance(a.contenu, str) and not a.est_formule:
        return a.contenu
    return None


def _texte_formule(valeur: Any) -> str:
    """Le texte d'une formule lue par openpyxl (une formule matricielle arrive en objet)."""
    return valeur if isinstance(valeur, str) else getattr(valeur, "text", str(valeur))


def _vide(v: Any) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _texte_liste(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def _controle_saisie(v: Any, saisie: spec.Saisie) -> str | None:
    if _vide(v):
        return None
    if isinstance(v, str) and v.startswith("="):
        return None                      # une formule de l'instructeur dans une saisie est admise
    if saisie.type in ("nombre", "entier"):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return f"nombre attendu, reçu le texte « {v} »"
        if saisie.type == "entier" and not float(v).is_integer():
            return f"nombre entier attendu, reçu {v}"
        if saisie.minimum is not None and v < saisie.minimum:
            return f"valeur {v} inférieure au minimum {saisie.minimum}"
        if saisie.maximum is not None and v > saisie.maximum:
            return f"valeur {v} supérieure au maximum {saisie.maximum}"
    elif saisie.type == "date":
        if not isinstance(v, (dt.date, dt.datetime)) and (isinstance(v, bool) or not isinstance(v, (int, float))):
            return f"date attendue, reçu « {v} »"
    elif saisie.type == "liste":
        if _texte_liste(v) not in saisie.liste:
            return f"« {v} » hors de la liste ({', '.join(saisie.liste)})"
    return None
