"""Le README reste vrai : chaque fonction Excel y figure, les deux commandes de départ aussi."""

from pathlib import Path

from udfs.fonctions import REGISTRE

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
CI = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")


def test_chaque_fonction_documentee_avec_sa_signature():
    for nom, f in REGISTRE.items():
        args = [a if i < f.nb_obligatoires else f"[{a}]" for i, a in enumerate(f.arguments)]
        assert f"`{nom}({'; '.join(args)})`" in README, nom


def test_commande_de_test_du_readme_est_celle_de_la_ci():
    assert 'pip install -q -e ".[test]"' in README and "python -m pytest -q" in README
    assert 'pip install -q -e ".[test]"' in CI and "python -m pytest -q" in CI


def test_exemple_du_readme_existe():
    assert (Path(__file__).resolve().parents[1] / "workbooks/exemples/pension_de_famille_2024.xlsx").is_file()
    assert "rs-instruction recalculer workbooks/exemples/pension_de_famille_2024.xlsx" in README
