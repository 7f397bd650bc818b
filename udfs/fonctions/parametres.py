"""Fonctions Excel qui montrent à l'instructeur les paramètres réglementaires livrés : statut de
vérification, valeur (seulement si elle est vérifiée), source. Pour la feuille Paramètres.

Statuts : « V » lu dans le texte pour la période ; « V-sec » source secondaire citant le texte ;
« U » relevé mais non vérifié pour la période (jamais employé : la valeur est à saisir) ; « Sans
valeur livrée » (avant la première date sourcée, règle sans valeur publiée, ou abrogée).
"""


from udfs import parametres
from udfs import valeurs as v
from udfs.erreurs import ErreurSaisie
from udfs.nombres import nombre_fr
from udfs.registre import fonction

__all__ = ["STATUT_PARAMETRE", "VALEUR_PARAMETRE", "SOURCE_PARAMETRE"]

_AIDE_NOM = "Nom du paramètre livré (nom du fichier de udfs/parametres, par exemple valeur_base, taux_subvention_plai, mq_foyer)."
_AIDE_DATE = "Date à laquelle lire le paramètre (JJ/MM/AAAA), en général la date de décision ; vide : aujourd'hui."


def _parametre(nom) -> parametres.Parametre:
    cle = v.normaliser(v.texte(nom, "nom")).replace(" ", "_")
    try:
        return parametres.parametre(cle)        # mémorisé : la liste des livrés ne se lit qu'en cas de faute
    except KeyError:
        connus = sorted(p.nom for p in parametres.tous())
        raise ErreurSaisie("nom", f"paramètre « {v.texte(nom, 'nom')} » inconnu (livrés : {', '.join(connus)})") from None


@fonction(arguments={"nom": _AIDE_NOM, "date_reference": _AIDE_DATE})
def STATUT_PARAMETRE(nom, date_reference=None):
    """Statut de vérification d'un paramètre livré à la date : V (lu dans le texte), V-sec (source secondaire citant le texte), U (non vérifié : à saisir) ou « Sans valeur livrée »."""
    return _parametre(nom).statut(v.date_reference(date_reference))


@fonction(arguments={
    "nom": _AIDE_NOM,
    "date_reference": _AIDE_DATE,
    "cle": "Pour une table : chemin de la valeur, clés séparées par des points (valeur_base : zone_2_3.logement_foyer.collectif) ; vide pour une valeur simple.",
})
def VALEUR_PARAMETRE(nom, date_reference=None, cle=None):
    """Valeur d'un paramètre livré à la date, seulement si elle est vérifiée (V ou V-sec) ; sinon le message dit de la saisir."""
    p = _parametre(nom)
    x = parametres.valeur(p.nom, v.date_reference(date_reference))
    chemin = [] if v.est_vide(cle) else [c.strip() for c in v.texte(cle, "cle").split(".")]
    parcouru = p.nom
    for c in chemin:
        if not isinstance(x, dict):
            raise ErreurSaisie("cle", f"{parcouru} est une valeur simple ({nombre_fr(x)}) : clé « {c} » en trop")
        index = {str(k): k for k in x}
        if c not in index:
            raise ErreurSaisie("cle", f"« {c} » absent de {parcouru} (clés : {', '.join(index)})")
        x = x[index[c]]
        parcouru += "." + c
    if isinstance(x, dict):
        raise ErreurSaisie("cle", f"{parcouru} est une table : préciser la clé parmi {', '.join(str(k) for k in x)}")
    return x


@fonction(arguments={"nom": _AIDE_NOM, "date_reference": _AIDE_DATE})
def SOURCE_PARAMETRE(nom, date_reference=None):
    """Source du paramètre livré à la date : référence juridique, date de début et note (pourquoi ce statut, valeur relevée non vérifiée)."""
    p = _parametre(nom)
    d = v.date_reference(date_reference)
    periode = p.periode(d)
    if periode is None:
        return f"Aucune valeur sourcée avant le {p.valeurs[0].debut:%d/%m/%Y}"
    texte = f"{periode.reference} (depuis le {periode.debut:%d/%m/%Y})"
    return f"{texte}. {periode.note}" if periode.note else texte
