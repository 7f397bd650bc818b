"""Les nombres dans les messages, à la française (un seul endroit pour tous les messages)."""


def nombre_fr(x: float) -> str:
    """Nombre lisible à la française pour les messages (12,5 ; 1 000)."""
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", " ")
    return f"{x:,.6g}".replace(",", " ").replace(".", ",")


def montant_fr(x: float) -> str:
    """Montant en euros à la française, 2 décimales : 1 234,56 (espace des milliers)."""
    texte = f"{abs(x):,.2f}".replace(",", " ").replace(".", ",")
    return ("-" if round(x, 2) < 0 else "") + texte
