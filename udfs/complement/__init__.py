"""Le complément Excel ``rs_instruction.xlam``, construit sans Excel (``rs-instruction complement``).

- ``construction`` : l'assemblage du fichier à partir du modèle livré avec xlwings ;
- ``modules_vba`` : les modules propres au complément (fonctions écrites par xlwings, aide) ;
- ``ovba`` : le projet VBA (MS-OVBA : compression, flux dir, projet « source seule ») ;
- ``cfb`` : le fichier composé qui le contient (MS-CFB) ;
- ``vba`` : les noms admis par VBA et l'écriture des textes français.
"""
