"""Paramètres réglementaires datés, lus dans les fichiers YAML de ce dossier.

Chaque fichier décrit un paramètre (ou une table) ; ses valeurs sont indexées par date de début
d'application, chacune avec sa référence juridique et son statut de vérification :

```yaml
description: Constante du coefficient de structure
unite: sans dimension
valeurs:
  1995-05-05:
    valeur: 0.77
    statut: V            # V : lu dans le texte ; V-sec : source secondaire citant le texte
    reference: Arrêté du 5 mai 1995, art. 2 et 2 bis
    lien: https://...
    note: texte libre (pourquoi, doutes)
  2022-09-28:
    valeur: null         # la règle cesse de s'appliquer à cette date
    reference: Décret n° 2022-1256 du 26 septembre 2022
```

La valeur en vigueur à une date est celle dont la date de début est la plus récente qui ne la
dépasse pas (comme les paramètres d'OpenFisca). Seules les valeurs vérifiées (V, V-sec) sont
livrées ; une valeur que les textes ne donnent pas pour une date est **absente** et la fonction
demande à l'utilisateur de la fournir (``ParametreManquant``).
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


@dataclass(frozen=True)
class Parametre:
    nom: str
    description: str
    unite: str
    valeurs: tuple[ValeurDatee, ...]  # triées par date de début croissante

    def _a_fournir(self) -> str:
        # « Taux du Livret A … » → « taux du Livret A … à fournir » (sigles gardés)
        return f"{self.description[:1].lower()}{self.description[1:]} à fournir"

    def en_vigueur(self, date: dt.date) -> ValeurDatee:
        """La valeur en vigueur à ``date`` ; ``ParametreManquant`` si aucune (ou fin de règle)."""
        courante = None
        for v in self.valeurs:
            if v.debut <= date:
                courante = v
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
        return courante


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
        if valeur is not None and statut not in STATUTS_VERIFIES:
            raise ValueError(f"{fichier.name} : valeur du {debut} livrée sans statut vérifié ({statut!r})")
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

    >>> valeur("cs_constante", dt.date(2020, 1, 1))
    0.77
    """
    v = parametre(nom).en_vigueur(date).valeur
    for cle in cles:
        v = v[cle]
    return v


def tous() -> list[Parametre]:
    """Tous les paramètres livrés (pour les tests et la feuille Paramètres)."""
    return [parametre(f.stem) for f in _fichiers()]
