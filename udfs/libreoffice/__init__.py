"""LibreOffice Calc, second hôte et second moteur : l'extension ``rs_instruction.oxt`` et son pilotage.

- ``extension`` construit l'extension depuis le registre (IDL compilé par ``unoidl-write``, composant
  Python ``com.sun.star.sheet.AddIn``, bibliothèque Basic aux noms Excel, noyau embarqué) ;
- ``composant`` est l'add-in lui-même, chargé par le Python de LibreOffice ;
- ``adaptation`` ramène les valeurs reçues de Calc à la forme que lit ``udfs.valeurs`` ;
- ``bureau`` démarre un LibreOffice sans écran dans un profil privé, y installe l'extension et
  recalcule des classeurs par UNO (``--moteur libreoffice``).

Ce paquet n'importe rien à son chargement : ``composant`` et ``adaptation`` sont embarqués dans
l'extension et tournent sans les dépendances du projet.
"""
