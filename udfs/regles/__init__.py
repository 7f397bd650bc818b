"""Règles pures, une par notion des textes. Aucun import Excel ici : valeurs Python simples en
entrée (déjà contrôlées par ``udfs.valeurs``), nombres en sortie, ``ErreurSaisie`` sinon."""
