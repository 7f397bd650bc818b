"""LibreOffice Calc, second hôte et second moteur : l'extension ``rs_instruction.oxt`` et son pilotage.

Embarqués dans l'extension (bibliothèque standard seulement, Python de LibreOffice) :

- ``composant`` : l'add-in Calc généré depuis le registre, les tâches de l'extension (module Basic
  posé dans Standard au démarrage, arguments omis complétés à l'ouverture) et le lecteur de valeurs ;
- ``adaptation`` : les valeurs reçues de Calc ramenées à la forme que lit ``udfs.valeurs`` ;
- ``formules`` : les arguments omis d'un appel de nos fonctions ;
- ``lecture`` : les valeurs calculées d'un classeur ouvert, lues dans le processus de LibreOffice.

Côté projet :

- ``extension`` construit l'extension (IDL compilé par ``unoidl-write``, noyau embarqué) et
  ``basic`` génère ses fonctions Basic aux noms Excel ;
- ``bureau`` (``--moteur libreoffice``) lance ``pilote``, qui démarre un LibreOffice sans écran dans
  un profil privé, y installe l'extension et recalcule des classeurs par UNO ;
- ``ecarts`` compare deux moteurs cellule par cellule et nomme les écarts connus de LibreOffice.

Ce paquet n'importe rien à son chargement.
"""
