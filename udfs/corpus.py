"""Dossiers générés : des variantes des classeurs livrés, aux saisies aléatoires mais valides.

Chaque saisie d'un modèle déclare son type, sa liste et ses bornes (``udfs.classeurs.spec.Saisie``) ;
une variante en tire des valeurs admises : un élément de la liste, un nombre dans les bornes (autour
de la valeur de l'exemple quand il n'y a pas de borne haute), une date entre 2016 et 2026, parfois
une saisie facultative laissée vide. Les saisies obligatoires ne sont jamais vidées. Rien n'assure
qu'un dossier soit *cohérent* (une ligne de surfaces peut perdre sa catégorie) : les fonctions
répondent alors par un message « #… », que deux moteurs doivent aussi donner à l'identique.

Sert aux tests différentiels (moteur par défaut contre LibreOffice) et aux bancs d'essai. Le tirage
ne dépend que de la graine : un même appel donne les mêmes fichiers.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from pathlib import Path
from typing import Any

from udfs.classeurs import generation
from udfs.classeurs.spec import Modele, Saisie

_DATES = (dt.date(2016, 1, 1), dt.date(2026, 12, 31))
_TEXTES = ("Dossier généré", "Exemple", "Commune test", "Association test")


def valeur_aleatoire(saisie: Saisie, actuelle: Any, hasard: random.Random) -> Any:
    """Une valeur admise par ``saisie`` (``actuelle`` : celle de l'exemple, ou None)."""
    if saisie.type == "liste" and saisie.liste:
        return hasard.choice(saisie.liste)
    if saisie.type == "date":
        jours = (_DATES[1] - _DATES[0]).days
        jour = _DATES[0] + dt.timedelta(days=hasard.randint(0, jours))
        return dt.datetime.combine(jour, dt.time())
    if saisie.type in ("nombre", "entier"):
        bas = saisie.minimum if saisie.minimum is not None else 0.0
        if saisie.maximum is not None:
            haut = saisie.maximum
        elif isinstance(actuelle, (int, float)) and not isinstance(actuelle, bool) and actuelle > 0:
            bas, haut = max(bas, actuelle * 0.5), actuelle * 1.5
        else:
            haut = bas + 100
        if saisie.type == "entier":
            return hasard.randint(int(bas), max(int(bas), int(haut)))
        return round(hasard.uniform(bas, haut), 2)
    return hasard.choice(_TEXTES)


def varier(modele: Modele, hasard: random.Random, part: float = 0.4, vides: float = 0.1,
           nombres_en_texte: float = 0.0, remplies_seulement: bool = False) -> Modele:
    """Change une part des saisies du modèle rempli (en place) ; en vide quelques facultatives.
    ``nombres_en_texte`` : part des nombres saisis comme du texte (« 20 », ce que fait une cellule
    au format Texte) — hors des saisies valides, pour éprouver la lecture des plages.
    ``remplies_seulement`` : ne touche que les saisies remplies dans l'exemple (un lot ordinaire :
    le même modèle, d'autres valeurs, les mêmes lignes de tables)."""
    valeurs = {}
    for feuille, cellule in modele.saisies():
        if remplies_seulement and cellule.contenu is None:
            continue
        cle = f"{feuille.nom}!{cellule.ref}"
        tirage = hasard.random()
        if tirage < vides and not cellule.saisie.obligatoire:
            valeurs[cle] = None
        elif tirage < vides + part or (cellule.saisie.obligatoire and cellule.contenu is None):
            valeurs[cle] = valeur_aleatoire(cellule.saisie, cellule.contenu, hasard)
        if (nombres_en_texte and cellule.saisie.type in ("nombre", "entier")
                and hasard.random() < nombres_en_texte):
            v = valeurs.get(cle, cellule.contenu)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                valeurs[cle] = str(v)
    return modele.remplir(valeurs)


def generer(dossier: Path, nombre: int, graine: int = 1, modeles: tuple[str, ...] | None = None,
            **variation: Any) -> list[Path]:
    """Écrit ``nombre`` variantes dans ``dossier``, en tournant sur les classeurs livrés (chemins
    relatifs de ``workbooks/`` ; ``modeles`` en restreint la liste ; ``variation`` : les parts de
    ``varier``). Rend les chemins écrits."""
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    livres = generation.classeurs_livres()
    bases = sorted(modeles or livres)
    hasard = random.Random(graine)
    chemins = []
    for i in range(nombre):
        base = bases[i % len(bases)]
        modele = copy.deepcopy(livres[base])            # une copie à chaque fois : remplir() la modifie
        chemin = dossier / f"dossier_{i:04d}_{Path(base).stem}.xlsx"
        generation.ecrire(varier(modele, hasard, **variation), chemin)
        chemins.append(chemin)
    return chemins
