"""Le tableau des valeurs attendues de addin/VERIFICATION_WINDOWS.md, calculé par notre moteur.

    python addin/valeurs_attendues.py            # imprime le tableau
    python addin/valeurs_attendues.py --ecrire   # le remplace dans VERIFICATION_WINDOWS.md

Pour le classeur standard vierge et chaque exemple livré, la valeur de chaque cellule clé (repérée
par son nom défini et son adresse) telle que la calcule ``rs-instruction recalculer`` : c'est ce
qu'Excel doit afficher, à l'arrondi de l'affichage près. Les classeurs changent : relancer avec
``--ecrire`` (tests/test_verification_windows.py échoue tant que le document n'est pas à jour).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
DOCUMENT = RACINE / "addin" / "VERIFICATION_WINDOWS.md"
DEBUT = "<!-- début : valeurs attendues, produites par « python addin/valeurs_attendues.py --ecrire » -->"
FIN = "<!-- fin : valeurs attendues -->"

CLASSEURS = ["workbooks/instruction_residence_sociale.xlsx", "workbooks/exemples/residence_sociale_40_2021.xlsx",
             "workbooks/exemples/pension_de_famille_2024.xlsx", "workbooks/exemples/fjt_2025.xlsx"]

# (nom défini, ce que c'est) : chacune passe par au moins une fonction du complément
CELLULES = [
    ("SURFACE_UTILE", "SU (SU_FOYER), m²"),
    ("SURFACE_COLLECTIVE", "SLC (SLC_FOYER), m²"),
    ("CS", "coefficient de structure (CS_FOYER)"),
    ("MQ", "majoration pour qualité (MQ_FOYER)"),
    ("PRIX_DE_REVIENT", "prix de revient (PRIX_REVIENT), €"),
    ("ALERTES_PRIX_REVIENT_TEXTE", "alertes de l'annexe I (ALERTES_PRIX_REVIENT)"),
    ("ECART_PLAN", "écart du plan de financement (PLAN_FINANCEMENT_ECART), €"),
    ("TAUX_PRET_CDC", "taux du prêt CDC (TAUX_PRET)"),
    ("ANNUITES", "annuités (ANNUITE_PRET), €"),
    ("ASSIETTE", "assiette (ASSIETTE_SUBVENTION), €"),
    ("SUBVENTION", "subvention PLAI (SUBVENTION_PLAI), €"),
    ("RESULTAT_BAILLEUR", "résultat du propriétaire (BILAN_BAILLEUR), €/an"),
    ("RESULTAT_GESTIONNAIRE", "résultat du gestionnaire (BILAN_GESTIONNAIRE), €/an"),
    ("VERDICT", "équilibre (EQUILIBRE_OPERATION)"),
]


_FORMAT = re.compile(r'(?P<milliers>#,##)?0(?:\.(?P<decimales>0+))?(?P<pourcent>%)?(?:\s*"(?P<unite>[^"]*)")?')


def _affichage(v, format_nombre: str = "General") -> str:
    """La valeur comme Excel l'affiche dans un Excel français, d'après le format de la cellule
    (les formats des classeurs livrés : « #,##0.00 "€" », « 0.0000 », « 0.00% », Standard)."""
    if isinstance(v, bool):
        return "VRAI" if v else "FAUX"
    if v in (None, ""):
        return "(vide)"
    if not isinstance(v, (int, float)):
        return f"« {v} »".replace("|", "\\|")
    m = _FORMAT.fullmatch(format_nombre.strip())
    if m is None:                            # Standard : jusqu'à 10 chiffres significatifs
        return f"{v:.10g}".replace(".", ",")
    decimales = len(m["decimales"] or "")
    x = v * 100 if m["pourcent"] else v
    texte = f"{x:{',' if m['milliers'] else ''}.{decimales}f}".replace(",", " ").replace(".", ",")
    return texte + (" %" if m["pourcent"] else "") + (f" {m['unite']}" if m["unite"] else "")


def tableau() -> str:
    import openpyxl

    from udfs import moteur

    lignes = []
    for relatif in CLASSEURS:
        chemin = RACINE / relatif
        cellules = moteur.lire_cellules(chemin)
        resultat = moteur.modele(chemin, cellules).calculer(chemin, cellules)   # un modèle compilé une fois
        classeur = openpyxl.load_workbook(chemin)
        lignes += [f"**`{relatif}`** ({len(cellules.formules)} formules)", "",
                   "| Nom | Cellule | Ce que c'est | Valeur attendue |",
                   "|---|---|---|---|"]
        for nom, libelle in CELLULES:
            ref = resultat.cellules.noms.get(nom)
            if ref is None:
                continue
            format_nombre = classeur[ref[0]][ref[1]].number_format
            lignes.append(f"| `{nom}` | {ref[0]}!{ref[1]} | {libelle} | "
                          f"{_affichage(resultat.nom(nom), format_nombre)} |")
        lignes.append("")
    return "\n".join(lignes).rstrip("\n") + "\n"


def bloc_du_document(texte: str) -> str:
    if DEBUT not in texte or FIN not in texte:
        raise ValueError(f"{DOCUMENT.name} : marques du tableau des valeurs attendues absentes")
    return texte.split(DEBUT, 1)[1].split(FIN, 1)[0].strip("\n") + "\n"


def ecrire() -> None:
    texte = DOCUMENT.read_text(encoding="utf-8")
    bloc_du_document(texte)                          # les marques sont là, ou l'erreur le dit
    avant, reste = texte.split(DEBUT, 1)
    apres = reste.split(FIN, 1)[1]
    DOCUMENT.write_text(f"{avant}{DEBUT}\n\n{tableau()}\n{FIN}{apres}", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(RACINE))
    if sys.argv[1:] == ["--ecrire"]:
        ecrire()
        print(f"{DOCUMENT} mis à jour")
    elif not sys.argv[1:]:
        sys.stdout.write(tableau())
    else:
        sys.exit("usage : python addin/valeurs_attendues.py [--ecrire]")
