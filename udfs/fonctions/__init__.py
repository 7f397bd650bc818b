"""Les fonctions du classeur, aux noms français, indépendantes de tout hôte.

Chaque sous-module regroupe les fonctions d'une étape de l'instruction ; toutes sont minces : elles
lisent les cellules avec ``udfs.valeurs`` et appellent une règle de ``udfs.regles``. Les importer
remplit ``REGISTRE``, que lisent tous les hôtes (``udfs.excel``, ``udfs.moteur``, l'extension
LibreOffice).
"""

from udfs.registre import REGISTRE  # noqa: F401
from udfs.fonctions import subvention  # noqa: F401
from udfs.fonctions import financement  # noqa: F401
from udfs.fonctions import surfaces_minimales  # noqa: F401
from udfs.fonctions import parametres  # noqa: F401
