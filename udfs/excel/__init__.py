"""Les fonctions Excel (UDF xlwings) du complément, aux noms français.

C'est le module à déclarer dans xlwings (``UDF Modules: udfs.excel``). Chaque sous-module
regroupe les fonctions d'une étape de l'instruction ; toutes sont minces : elles lisent les
cellules avec ``udfs.valeurs`` et appellent une règle de ``udfs.regles``.
"""

from udfs.excel._base import REGISTRE  # noqa: F401
from udfs.excel.subvention import *  # noqa: F401,F403
from udfs.excel.financement import *  # noqa: E402,F401,F403
