"""L'hôte Excel : les fonctions du registre exposées à xlwings (UDF), sous leur nom Excel.

C'est le module à déclarer dans xlwings (``UDF Modules: udfs.excel``). Il est généré depuis
``REGISTRE`` à l'import : une fonction par entrée, portant la signature de la fonction du registre,
l'aide de l'assistant (``xw.func`` / ``xw.arg``), les plages lues en 2-D et les erreurs Excel reçues
en texte (``err_to_str``) ; l'appel est celui du registre. Sous Linux les décorateurs d'xlwings sont
neutres ; sous Windows ils attachent ``__xlfunc__``, que lisent ``generate_vba_wrapper`` et
``call_udf``. Seul l'hôte Excel importe xlwings.
"""

from __future__ import annotations

import functools
import inspect

import xlwings as xw

from udfs.fonctions import REGISTRE
from udfs.registre import CATEGORIE, FonctionExcel

__all__ = sorted(REGISTRE)


def udf(fonction: FonctionExcel, func=xw.func, arg=xw.arg):
    """La fonction du registre habillée pour xlwings. ``func`` et ``arg`` : les décorateurs
    d'xlwings ; ceux de ``xlwings.udfs`` (réels même hors Windows) servent à construire le complément
    (``udfs.complement``), qui a besoin de ``__xlfunc__`` sans Excel."""
    @functools.wraps(fonction.appel)
    def udf(*args):
        return fonction.appel(*args)

    del udf.__wrapped__              # xlwings lit la signature : on la fixe explicitement
    udf.__signature__ = inspect.signature(fonction.appel)
    udf.__annotations__ = {}         # sinon xlwings ferait des annotations des convertisseurs
    decoree = udf
    for position, nom in reversed(list(enumerate(fonction.arguments))):
        options = {"doc": fonction.aides[nom], "err_to_str": True}
        if position in fonction.plages:
            options["ndim"] = 2
        decoree = arg(nom, **options)(decoree)
    return func(category=CATEGORIE)(decoree)


globals().update({nom: udf(f) for nom, f in REGISTRE.items()})
