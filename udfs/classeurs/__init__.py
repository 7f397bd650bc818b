"""Les classeurs livrés : spécification déclarative (``spec``), modèles (``instruction``,
``formation``), dossiers d'exemple (``exemples``), génération et validation par openpyxl."""
