"""L'évaluateur de formules du recalcul sans Excel.

Pourquoi un évaluateur à nous plutôt que ``formulas`` : mesuré sur cette machine (2 cœurs), la
bibliothèque compile chaque cellule en ≈ 1,7 ms par un graphe ``schedula`` et paie une distribution
par appel à chaque calcul : 2,4 s pour recalculer à chaud le dossier de 274 formules, 94 s et
1,2 Gio pour 20 000 formules, là où LibreOffice met 1,7 s. Aucun cache ne supprime la
distribution par appel, et sa table de fonctions importe scipy (≈ 0,9 s). Les objectifs de
l'issue 12 (≤ 10 × LibreOffice, < 1 Gio, 1 000 dossiers en moins d'une minute) ne sont pas
atteignables ainsi.

Le chemin d'une formule :

- ``lecture`` lit l'archive (lxml, après les garde-fous de ``udfs.securite``) : constantes,
  formules (partagées, matricielles, débordements de tableaux dynamiques), noms définis. Le texte
  de chaque formule passe par un seul endroit, ``lecture.texte_formule`` ;
- ``analyse`` découpe le texte et en fait un arbre (priorités des opérateurs d'Excel) ;
- ``compilation`` change l'arbre en fermetures Python (pas d'interprétation à chaque calcul) et
  relève les précédents de chaque cellule ;
- ``modele`` ordonne les cellules (tri topologique ; un cycle est une référence circulaire nommée)
  et les évalue dans cet ordre ; un modèle compilé sert à tous les dossiers du même modèle ;
- ``integrees`` : les fonctions intégrées d'Excel, écrites avec sa sémantique (références et
  arguments littéraux, conversions texte → nombre, erreurs) ; ``hote`` : nos fonctions, générées
  depuis ``REGISTRE`` ; ``repli`` : les fonctions rares prises à ``formulas`` quand c'est sûr
  (fonctions de valeurs seulement), importé seulement si un classeur en emploie une.
"""
