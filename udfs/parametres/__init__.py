"""Paramètres réglementaires datés, lus dans les fichiers YAML de ce dossier.

Chaque fichier décrit un paramètre (ou une table) ; ses valeurs sont indexées par date de début
d'application, chacune avec sa référence juridique et son statut de vérification :

```yaml
description: Constante du coefficient de structure
unite: sans dimension
valeurs:
  1995-05-05:
    valeur: 0.77
    statut: V            # V : lu dans le texte ; V-sec : source secondaire citant le texte ;
                         # U : non vérifiée pour cette période (jamais un défaut)
    reference: Arrêté du 5 mai 1995, art. 2 et 2 bis
    lien: https://...
    note: texte libre (pourquoi, doutes)
  2022-09-28:
    valeur: null         # la règle cesse de s'appliquer à cette date
    reference: Décret n° 2022-1256 du 26 septembre 2022
```

La valeur en vigueur à une date est celle dont la date de début est la plus récente qui ne la
dépasse pas (comme les paramètres d'OpenFisca). Seules les valeurs vérifiées (V, V-sec) servent de
défaut (``valeur``). Une valeur ``U`` (relevée mais non vérifiée pour la période : texte d'une autre
époque, date d'effet incertaine, copie douteuse) reste dans le fichier pour être montrée à
l'instructeur (``statut``, ``source``) mais n'est jamais employée : comme une valeur absente, elle
est demandée à l'utilisateur (``ParametreManquant``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from udfs.erreurs import ParametreManquant

DOSSIER = Path(__file__).parent
STATUTS_VERIFIES = {"V", "V-sec"}
STATUTS = STATUTS_VERIFIES | {"U"}
SANS_VALEUR = "Sans valeur livrée"

# L'extension LibreOffice livre les mêmes fichiers en un seul JSON fait à sa construction
# (``contenus()``) : le Python de LibreOffice n'a pas toujours PyYAML.
COPIE_JSON = DOSSIER / "parametres.json"


@dataclass(frozen=True)
class ValeurDatee:
    """Une valeur d'un paramètre, avec sa période et sa source."""

    nom: str
    debut: dt.date
    valeur: Any
    statut: str | None
    reference: str
    lien: str | None = None
    note: str | None = None

    @property
    def verifiee(self) -> bool:
        return self.valeur is not None and self.statut in STATUTS_VERIFIES


@dataclass(frozen=True)
class Parametre:
    nom: str
    description: str
    unite: str
    valeurs: tuple[ValeurDatee, ...]  # triées par date de début croissante

    def _a_fournir(self) -> str:
        # « Taux du Livret A … » → « taux du Livret A … à fournir » (sigles gardés)
        return f"{self.description[:1].lower()}{self.description[1:]} à fournir"

    def periode(self, date: dt.date) -> ValeurDatee | None:
        """La période qui couvre ``date`` (quel que soit son statut) ; None avant la première."""
        courante = None
        for v in self.valeurs:
            if v.debut <= date:
                courante = v
        return courante

    def en_vigueur(self, date: dt.date) -> ValeurDatee:
        """La valeur vérifiée (V, V-sec) en vigueur à ``date`` ; ``ParametreManquant`` si aucune,
        si la règle a pris fin, ou si la valeur relevée n'est pas vérifiée (U)."""
        courante = self.periode(date)
        if courante is None:
            premiere = self.valeurs[0].debut
            raise ParametreManquant(
                self.nom,
                f"aucune valeur sourcée avant le {premiere:%d/%m/%Y} (date demandée : "
                f"{date:%d/%m/%Y}) ; {self._a_fournir()}",
            )
        if courante.valeur is None:
            raise ParametreManquant(
                self.nom,
                f"aucune valeur publiée en vigueur au {date:%d/%m/%Y} ({courante.reference}) ; "
                f"{self._a_fournir()}",
            )
        if not courante.verifiee:
            raise ParametreManquant(
                self.nom,
                f"valeur non vérifiée pour le {date:%d/%m/%Y} (statut U : {courante.reference}) ; "
                f"{self._a_fournir()}",
            )
        return courante

    def statut(self, date: dt.date) -> str:
        """« V », « V-sec », « U » ou « Sans valeur livrée » (avant la première date, règle sans
        valeur publiée ou abrogée) à ``date``."""
        courante = self.periode(date)
        if courante is None or courante.valeur is None:
            return SANS_VALEUR
        return courante.statut


def _date(texte: Any, fichier: Path) -> dt.date:
    if isinstance(texte, dt.date):
        return texte
    try:
        return dt.date.fromisoformat(str(texte))
    except ValueError as exc:
        raise ValueError(f"{fichier.name} : date de début invalide « {texte} » (AAAA-MM-JJ)") from exc


@lru_cache(maxsize=None)
def _copie_json() -> dict[str, Any] | None:
    if COPIE_JSON.exists():
        return json.loads(COPIE_JSON.read_text(encoding="utf-8"))
    return None


def _fichiers() -> list[Path]:
    copie = _copie_json()
    if copie is not None:
        return sorted(DOSSIER / chemin for chemin in copie)
    return sorted(DOSSIER.rglob("*.yaml"))


def _contenu(fichier: Path) -> dict[str, Any]:
    copie = _copie_json()
    if copie is not None:
        return copie[fichier.relative_to(DOSSIER).as_posix()]
    import yaml
    return yaml.safe_load(fichier.read_text(encoding="utf-8"))


def contenus() -> dict[str, Any]:
    """Le contenu brut de chaque fichier, {« dossier/nom.yaml » : contenu}, en types JSON (dates en
    texte AAAA-MM-JJ, que ``_date`` relit) : ce que l'extension LibreOffice livre dans COPIE_JSON."""
    def en_json(x: Any) -> Any:
        if isinstance(x, dict):
            return {en_json(k) if isinstance(k, dt.date) else k: en_json(v) for k, v in x.items()}
        if isinstance(x, list):
            return [en_json(v) for v in x]
        return x.isoformat() if isinstance(x, dt.date) else x

    return {f.relative_to(DOSSIER).as_posix(): en_json(_contenu(f)) for f in _fichiers()}


def _lire(fichier: Path) -> Parametre:
    contenu = _contenu(fichier)
    nom = fichier.stem
    valeurs = []
    for debut, bloc in sorted(contenu["valeurs"].items(), key=lambda kv: _date(kv[0], fichier)):
        valeur = bloc.get("valeur")
        statut = bloc.get("statut")
        if valeur is not None and statut not in STATUTS:
            raise ValueError(f"{fichier.name} : valeur du {debut} sans statut V, V-sec ou U ({statut!r})")
        if not bloc.get("reference"):
            raise ValueError(f"{fichier.name} : valeur du {debut} sans référence juridique")
        valeurs.append(
            ValeurDatee(nom, _date(debut, fichier), valeur, statut, bloc["reference"],
                        bloc.get("lien"), bloc.get("note"))
        )
    return Parametre(nom, contenu["description"], contenu.get("unite", ""), tuple(valeurs))


@lru_cache(maxsize=None)
def parametre(nom: str) -> Parametre:
    """Le paramètre ``nom`` (nom du fichier YAML sans extension, cherché dans les sous-dossiers)."""
    trouves = [f for f in _fichiers() if f.stem == nom]
    if len(trouves) != 1:
        raise KeyError(f"paramètre inconnu ou ambigu : {nom} ({len(trouves)} fichiers)")
    return _lire(trouves[0])


def valeur(nom: str, date: dt.date, *cles: str) -> Any:
    """La valeur de ``nom`` en vigueur à ``date``, éventuellement dans une table (``cles``).

    >>> valeur("cs_constante_foyer", dt.date(2020, 1, 1))
    0.77
    """
    v = parametre(nom).en_vigueur(date).valeur
    for cle in cles:
        v = v[cle]
    return v


def valeur_si_verifiee(nom: str, date: dt.date, *cles: str) -> Any | None:
    """Comme ``valeur``, mais None quand la valeur relevée pour ``date`` n'est pas vérifiée (U) :
    pour un contrôle qui ne doit s'appliquer qu'avec une borne vérifiée."""
    if parametre(nom).statut(date) == "U":
        return None
    return valeur(nom, date, *cles)


def tous() -> list[Parametre]:
    """Tous les paramètres livrés (pour les tests et la feuille Paramètres)."""
    return [parametre(f.stem) for f in _fichiers()]
