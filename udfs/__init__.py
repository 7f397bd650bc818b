"""rs-instruction : calculs d'instruction des aides à la pierre (PLAI) pour les résidences sociales.

- ``udfs.regles`` : règles pures (aucun import Excel), une par notion des textes ;
- ``udfs.parametres`` : valeurs réglementaires datées, avec leur référence juridique ;
- ``udfs.excel`` : les fonctions Excel (UDF xlwings) aux noms français ;
- ``udfs.moteur`` : le recalcul des classeurs sans Excel.
"""

__version__ = "0.1.0"
