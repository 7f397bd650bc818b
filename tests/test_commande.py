"""La commande telle qu'un utilisateur la découvre : version, aide entièrement française (avec
description et exemple pour chaque commande), erreurs d'usage (code 64), codes de sortie du
README confrontés à des exécutions réelles, sorties standard et d'erreur, barre de progression
sur un terminal seulement, ``--silencieux``, ``.gitignore`` des copies calculées."""

import errno
import fcntl
import json
import os
import pty
import re
import shlex
import shutil
import struct
import subprocess
import sys
import termios
import tomllib
from pathlib import Path

import openpyxl
import pytest

from tests.outils import fautes
from udfs import __version__, cli, moteur
from udfs.copie import chemin_sortie_par_defaut

RACINE = Path(__file__).resolve().parents[1]
README = (RACINE / "README.md").read_text(encoding="utf-8")
EXEMPLES = RACINE / "workbooks" / "exemples"
# argparse laissé à lui-même écrit ces mots ; aucun ne doit rester dans l'aide ni dans les erreurs
ANGLAIS = re.compile(r"\busage\b|positional arguments|\boptions?\b|optional arguments|show this help|"
                     r"\bexit\b|\berror\b|\brequired\b|invalid choice|unrecognized|expected|\bargument\(s\)",
                     re.IGNORECASE)


def _cli(capsys, *args):
    code = cli.main([str(a) for a in args])
    sortie = capsys.readouterr()
    return code, sortie.out, sortie.err


def _minimal(chemin: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["A2"] = 40, "=CS_FOYER(A1,880)"
    wb.save(chemin)
    return chemin


def _section_commande() -> str:
    debut = README.index("## La commande `rs-instruction`")
    return README[debut:README.index("\n## ", debut + 1)]


def _table(entete: str) -> list[list[str]]:
    """Les lignes de la table du README qui suit la ligne d'en-tête ``entete``."""
    lignes = _section_commande().splitlines()
    i = next(i for i, l in enumerate(lignes) if l.startswith(entete))
    table = []
    for ligne in lignes[i + 2:]:
        if not ligne.startswith("|"):
            break
        table.append([c.strip() for c in ligne.strip("|").split(" | ")])
    return table


# --- Version et aide ---------------------------------------------------------------------------

def test_version(capsys):
    code, out, err = _cli(capsys, "--version")
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert (code, out, err) == (0, f"rs-instruction {projet}\n", "") and __version__ == projet


def test_version_en_processus():
    r = subprocess.run([sys.executable, "-m", "udfs.cli", "--version"], capture_output=True, text=True,
                       timeout=60, cwd=RACINE)
    assert (r.returncode, r.stdout, r.stderr) == (0, f"rs-instruction {__version__}\n", "")


def test_sans_fcntl_comme_sous_windows_complement_et_recalculer_marchent(tmp_path):
    """Windows n'a pas ``fcntl`` (verrou du profil LibreOffice) : installer.ps1 y lance
    « rs-instruction complement », et l'instructeur « recalculer ». La commande ne doit pas
    importer le pilote de LibreOffice pour reconnaître ses erreurs."""
    script = ("import sys; sys.modules['fcntl'] = None\n"
              "from udfs import cli\n"
              "sys.exit(cli.main(sys.argv[1:]))")
    xlam = tmp_path / "rs_instruction.xlam"
    r = subprocess.run([sys.executable, "-c", script, "complement", "--sortie", str(xlam)], capture_output=True,
                       text=True, timeout=120, cwd=RACINE)
    assert r.returncode == 0 and "Traceback" not in r.stderr and xlam.stat().st_size > 50_000, r.stderr
    entree = tmp_path / "dossier.xlsx"
    shutil.copy(RACINE / "workbooks/exemples/fjt_2025.xlsx", entree)
    r = subprocess.run([sys.executable, "-c", script, "recalculer", str(entree), "--sortie", str(tmp_path / "a.xlsx")],
                       capture_output=True, text=True, timeout=120, cwd=RACINE)
    assert r.returncode == 0 and "formules calculées (0 en erreur)" in r.stderr, r.stderr
    r = subprocess.run([sys.executable, "-c", script, "recalculer", str(tmp_path / "absent.xlsx")],
                       capture_output=True, text=True, timeout=120, cwd=RACINE)
    assert r.returncode == 2 and r.stderr.startswith("Erreur : ") and "introuvable" in r.stderr, r.stderr


def test_chaque_commande_a_description_et_exemples():
    assert {"recalculer", "lot", "valider", "generer"} <= set(cli.COMMANDES)
    for c in cli.COMMANDES.values():
        assert len(c.description.split()) >= 15 and c.aide, c.nom
        assert c.exemples and all(e.startswith(f"rs-instruction {c.nom}") for e in c.exemples), c.nom


@pytest.mark.parametrize("commande", [None, *cli.COMMANDES], ids=lambda c: c or "rs-instruction")
@pytest.mark.parametrize("option", ["--aide", "--help", "-h"])
def test_aide_entierement_en_francais(capsys, commande, option):
    code, out, err = _cli(capsys, *([commande] if commande else []), option)
    assert (code, err) == (0, "")
    assert out.startswith(f"Utilisation : rs-instruction {commande or ''}".rstrip())
    assert not ANGLAIS.findall(out), ANGLAIS.findall(out)
    assert "affiche cette aide et s'arrête" in out and "Paramètres :" in out
    assert "--silencieux" in out
    if commande is None:
        for c in cli.COMMANDES.values():
            assert re.search(rf"^\s+{c.nom}\s+{re.escape(c.aide[:30])}", out, re.MULTILINE), c.nom
        assert "Codes de sortie :" in out and "--version" in out
    else:
        c = cli.COMMANDES[commande]
        assert " ".join(c.description.split()[:8]) in " ".join(out.split())
        exemples = out[out.index("Exemple"):]
        assert all(f"  {e}" in exemples for e in c.exemples)


@pytest.mark.parametrize("commande", list(cli.COMMANDES))
def test_les_exemples_de_l_aide_sont_des_commandes_valides(commande):
    """Chaque exemple se lit sans erreur d'usage (il ne s'exécute pas : ses fichiers sont fictifs)."""
    for exemple in cli.COMMANDES[commande].exemples:
        args = cli.analyseur().parse_args(shlex.split(exemple)[1:])
        assert args.action is cli.COMMANDES[commande].executer


@pytest.mark.parametrize("argv,message", [
    ([], "arguments obligatoires manquants : COMMANDE"),
    (["recalculr", "a.xlsx"], "COMMANDE : choix 'recalculr' invalide (possibles : 'recalculer', 'lot'"),
    (["recalculer"], "arguments obligatoires manquants : CLASSEUR"),
    (["recalculer", "a.xlsx", "--inconnu"], "arguments non reconnus : --inconnu"),
    (["recalculer", "a.xlsx", "--sortie"], "--sortie : une valeur attendue"),
    (["lot", "dossiers/"], "arguments obligatoires manquants : --sortie"),
    (["valider", "a.xlsx", "--modele"], "--modele : une valeur attendue"),
    (["generer", "en_trop"], "arguments non reconnus : en_trop"),
    (["--silencieu"], "arguments obligatoires manquants : COMMANDE"),
])
def test_erreur_d_usage_code_64_en_francais(capsys, argv, message):
    code, out, err = _cli(capsys, *argv)
    assert (code, out) == (cli.USAGE, "") and code == 64
    assert err.startswith("Utilisation : rs-instruction")
    derniere = err.splitlines()[-1]
    assert derniere.startswith(f"Erreur : {message}") and derniere.endswith(" --aide)")
    assert not ANGLAIS.findall(err.replace("Utilisation", "")), err
    assert "Traceback" not in err


# --- Codes de sortie : le README, l'aide et les exécutions ---------------------------------------

def _bug(*args, **kwargs):
    raise RuntimeError("boum")


def _ctrl_c(*args, **kwargs):
    raise KeyboardInterrupt


SCENARIOS = {
    # code : (préparation(tmp_path, monkeypatch) → arguments, début de la dernière ligne de stderr)
    0: (lambda t, m: ["recalculer", _minimal(t / "a.xlsx")], "1 formule calculée (0 en erreur) → "),
    1: (lambda t, m: ["valider", _minimal(t / "libre.xlsx")], "1 problème dans libre.xlsx"),
    2: (lambda t, m: ["recalculer", t / "absent.xlsx"], "Erreur : "),
    64: (lambda t, m: ["recalculer", "--sortie"], "Erreur : --sortie : une valeur attendue"),
    70: (lambda t, m: m.setattr(moteur, "recalculer", _bug) or ["recalculer", _minimal(t / "a.xlsx")],
         "Erreur interne (RuntimeError : boum) : c'est un défaut de rs-instruction"),
    130: (lambda t, m: m.setattr(moteur, "recalculer", _ctrl_c) or ["recalculer", _minimal(t / "a.xlsx")],
          "Interrompu : aucun fichier partiel n'a été laissé."),
}


def test_table_des_codes_du_readme_egale_celle_de_l_aide():
    table = {int(code): texte for code, texte in _table("| Code |")}
    assert table == cli.CODES
    assert set(table) == set(SCENARIOS)


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_chaque_code_du_readme_est_celui_d_une_execution(tmp_path, monkeypatch, capsys, code):
    preparer, attendu = SCENARIOS[code]
    obtenu, _, err = _cli(capsys, *preparer(tmp_path, monkeypatch))
    assert obtenu == code
    assert err.splitlines()[-1].startswith(attendu) and "Traceback" not in err


def test_erreur_interne_sans_trace_sauf_a_la_demande(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(moteur, "recalculer", _bug)
    chemin = _minimal(tmp_path / "a.xlsx")
    code, out, err = _cli(capsys, "recalculer", chemin)
    assert (code, out, len(err.splitlines())) == (70, "", 1)
    monkeypatch.setenv("RS_INSTRUCTION_TRACE", "1")
    with pytest.raises(RuntimeError, match="boum"):
        cli.main(["recalculer", str(chemin)])


# --- La table des fautes du README, confrontée aux messages -------------------------------------

def _chiffre(t, m):
    pytest.importorskip("msoffcrypto", reason="msoffcrypto-tool, dépendance de test, n'est pas installé : "
                                              "pip install -e \".[test]\" l'installe.")
    from msoffcrypto.format.ooxml import OOXMLFile
    import io
    clair = io.BytesIO(_minimal(t / "clair.xlsx").read_bytes())
    with open(t / "chiffre.xlsx", "wb") as flux:
        OOXMLFile(clair).encrypt("secret", flux)
    return ["valider", t / "chiffre.xlsx"], "chiffre.xlsx"


def _xls(t, m):
    (t / "ancien.xlsx").write_bytes(fautes.fichier_compose({"Workbook": fautes.BOF_BIFF8}))
    return ["recalculer", t / "ancien.xlsx", "--json"], "ancien.xlsx"


def _illisible(t, m):
    from udfs import securite
    _minimal(t / "illisible.xlsx")

    def refus(chemin, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(chemin))

    m.setattr(securite, "open", refus, raising=False)
    return ["valider", t / "illisible.xlsx"], t / "illisible.xlsx"


def _sur_support(numero):
    def preparer(t, m):
        (t / "cible").mkdir()
        fautes.simuler_support(m, t / "cible", numero)
        return ["recalculer", _minimal(t / "a.xlsx"), "--sortie", t / "cible" / "a.xlsx"], t / "cible" / "a.xlsx"
    return preparer


def _plein(t, m):
    fautes.DisquePlein(m, octets=100)
    (t / "lot").mkdir()
    return ["lot", _minimal(t / "lot" / "a.xlsx").parent, "--sortie", t / "s.xlsx"], t / "s.xlsx"


def _protegee(t, m):
    (t / "s.xlsx").write_bytes(b"")
    (t / "s.xlsx").chmod(0o444)
    (t / "lot").mkdir()
    return ["lot", _minimal(t / "lot" / "a.xlsx").parent, "--sortie", t / "s.xlsx"], t / "s.xlsx"


def _par_un_fichier(t, m):
    (t / "note.txt").write_text("")
    return ["generer", "--dossier", t / "note.txt" / "classeurs"], t / "note.txt" / "classeurs"


FAUTES = {
    # libellé du README : préparation(tmp_path, monkeypatch) → (arguments, fichier nommé)
    "fichier absent": lambda t, m: (["recalculer", t / "absent.xlsx"], t / "absent.xlsx"),
    "dossier donné pour un classeur": lambda t, m: (["valider", t], t),
    "classeur protégé par mot de passe": _chiffre,
    "classeur Excel 97-2003": _xls,
    "classeur LibreOffice": lambda t, m: (["lot", t, "--sortie", t / "s.xlsx"], None),
    "lecture refusée": _illisible,
    "support en lecture seule": _sur_support(errno.EROFS),
    "disque plein": _plein,
    "écriture refusée": _sur_support(errno.EACCES),
    "sortie protégée en écriture": _protegee,
    "sortie égale à l'entrée": lambda t, m: (["recalculer", _minimal(t / "a.xlsx"), "--sortie", t / "a.xlsx"],
                                             t / "a.xlsx"),
    "chemin qui passe par un fichier": _par_un_fichier,
}


def test_table_des_fautes_du_readme():
    assert [libelle for libelle, _ in _table("| Faute |")] == list(FAUTES)


@pytest.mark.parametrize("libelle,raison", _table("| Faute |"), ids=[l for l, _ in _table("| Faute |")])
def test_chaque_faute_du_readme_donne_son_message(tmp_path, monkeypatch, capsys, libelle, raison):
    args, nomme = FAUTES[libelle](tmp_path, monkeypatch)
    raison = raison.strip("`").replace("CHEMIN", str(tmp_path / "note.txt"))
    if nomme is None:           # dans le lot : la ligne du classeur
        (tmp_path / "libre.ods").write_bytes(b"PK")
        code, out, err = _cli(capsys, *args)
        assert (code, out) == (1, f"  libre.ods : erreur : libre.ods : {raison}\n")
        return
    code, out, err = _cli(capsys, *args)
    assert (code, out, err) == (2, "", f"Erreur : {nomme} : {raison}\n")


# --- Sorties standard et d'erreur, --silencieux ----------------------------------------------------

@pytest.fixture
def lot_court(tmp_path):
    d = tmp_path / "lot"
    d.mkdir()
    _minimal(d / "a.xlsx")
    (d / "casse.xlsx").write_bytes(b"pas un classeur")
    return d


def test_resultats_sur_stdout_resume_sur_stderr(tmp_path, lot_court, capsys):
    a = lot_court / "a.xlsx"
    code, out, err = _cli(capsys, "recalculer", a)
    assert (code, out, err) == (0, "", f"1 formule calculée (0 en erreur) → {lot_court / 'a_calcule.xlsx'}\n")
    code, out, err = _cli(capsys, "recalculer", a, "--json")
    assert (code, json.loads(out), err) == (0, {"Sheet!A2": pytest.approx(2.1)}, "")
    code, out, err = _cli(capsys, "valider", a)                       # un problème : stdout ; résumé : stderr
    assert (code, err) == (1, "1 problème dans a.xlsx\n")
    assert out.startswith("Classeur : nom défini MODELE_CLASSEUR absent") and len(out.splitlines()) == 1
    code, out, err = _cli(capsys, "valider", RACINE / "workbooks" / "instruction_residence_sociale.xlsx")
    assert (code, out, err) == (0, "", "instruction_residence_sociale.xlsx : structure conforme au modèle\n")
    code, out, err = _cli(capsys, "lot", lot_court, "--sortie", tmp_path / "s.xlsx")
    assert code == 1 and out.startswith("  casse.xlsx : erreur : casse.xlsx : ce n'est pas un classeur Excel")
    assert err == f"2 classeurs, 1 calculé, 1 en échec → {tmp_path / 's.xlsx'}, {tmp_path / 's.csv'}\n"
    code, out, err = _cli(capsys, "generer", "--dossier", tmp_path / "g")
    assert code == 0 and out.splitlines()[0] == str(tmp_path / "g" / "instruction_residence_sociale.xlsx")
    assert err == f"{len(out.splitlines())} classeurs écrits dans {tmp_path / 'g'}\n"


@pytest.mark.parametrize("place", ["après la commande", "avant la commande"])
def test_silencieux(tmp_path, lot_court, capsys, place):
    def silencieux(*args):
        return ["--silencieux", *args] if place == "avant la commande" else [*args, "-q"]
    a = lot_court / "a.xlsx"
    assert _cli(capsys, *silencieux("recalculer", a)) == (0, "", "")
    assert _cli(capsys, *silencieux("generer", "--dossier", tmp_path / "g"))[2] == ""
    code, out, err = _cli(capsys, *silencieux("valider", a))
    assert (code, err) == (1, "") and "MODELE_CLASSEUR" in out          # les résultats restent
    code, out, err = _cli(capsys, *silencieux("lot", lot_court, "--sortie", tmp_path / "s.xlsx"))
    assert (code, err) == (1, "") and "casse.xlsx" in out
    code, out, err = _cli(capsys, *silencieux("recalculer", tmp_path / "absent.xlsx"))
    assert (code, out) == (2, "") and err.startswith("Erreur : ")        # les erreurs aussi


def _sur_un_terminal(*args) -> str:
    """La commande avec sa sortie d'erreur sur un pseudo-terminal : ce qu'il affiche."""
    maitre, esclave = pty.openpty()
    # un vrai terminal a une taille ; sans elle (0 colonne), tqdm dessine une barre vide
    fcntl.ioctl(esclave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    p = subprocess.Popen([sys.executable, "-m", "udfs.cli", *map(str, args)], stdout=subprocess.DEVNULL,
                         stderr=esclave, cwd=RACINE)
    os.close(esclave)
    recu = b""
    while True:
        try:
            bloc = os.read(maitre, 65536)
        except OSError:                 # EIO : le terminal est fermé de l'autre côté
            break
        if not bloc:
            break
        recu += bloc
    p.wait(timeout=120)
    os.close(maitre)
    return recu.decode("utf-8", errors="replace")


def test_barre_de_progression_sur_un_terminal_seulement(tmp_path, lot_court):
    terminal = _sur_un_terminal("lot", lot_court, "--sortie", tmp_path / "s.xlsx")
    assert "Dossiers: 100%" in terminal and "2/2" in terminal and "fichier/s" in terminal
    assert "2 classeurs, 1 calculé" in terminal
    r = subprocess.run([sys.executable, "-m", "udfs.cli", "lot", str(lot_court), "--sortie", str(tmp_path / "t.xlsx")],
                       capture_output=True, text=True, timeout=120, cwd=RACINE)
    assert r.returncode == 1 and r.stderr == f"2 classeurs, 1 calculé, 1 en échec → {tmp_path / 't.xlsx'}, " \
                                             f"{tmp_path / 't.csv'}\n"                # ni barre, ni « \r »
    terminal = _sur_un_terminal("lot", lot_court, "--sortie", tmp_path / "u.xlsx", "--silencieux")
    assert terminal == ""


# --- Ajouter une commande ------------------------------------------------------------------------

def test_ajouter_une_commande_est_une_fonction_decoree(capsys, monkeypatch):
    """Ce que feront les commandes à venir : une fonction d'arguments, une fonction décorée ; aide,
    exemples, --silencieux et erreurs d'usage françaises viennent seuls."""
    monkeypatch.setattr(cli, "COMMANDES", dict(cli.COMMANDES))

    def arguments(p):
        p.add_argument("nom", metavar="NOM", help="nom à saluer")

    @cli.commande("saluer", arguments=arguments, aide="salue quelqu'un",
                  description="Salue la personne nommée, pour montrer comment une commande s'ajoute "
                              "à rs-instruction sans toucher au reste du module.",
                  exemples=["rs-instruction saluer Camille"])
    def saluer(args):
        cli._resultat(f"Bonjour {args.nom}")
        cli._resume(args, "1 salutation")
        return cli.FAIT

    assert _cli(capsys, "saluer", "Camille") == (0, "Bonjour Camille\n", "1 salutation\n")
    assert _cli(capsys, "saluer", "Camille", "-q") == (0, "Bonjour Camille\n", "")
    code, out, _ = _cli(capsys, "saluer", "--aide")
    assert code == 0 and "rs-instruction saluer Camille" in out and not ANGLAIS.findall(out)
    assert _cli(capsys, "saluer")[0] == 64


# --- .gitignore ------------------------------------------------------------------------------------

def test_gitignore_ignore_les_copies_calculees_par_defaut():
    if shutil.which("git") is None or not (RACINE / ".git").exists():
        pytest.skip("Ce test lit le .gitignore avec git, absent ici ou hors d'un dépôt git.")

    def ignore(chemin) -> bool:
        return subprocess.run(["git", "check-ignore", "--no-index", "-q", str(chemin)], cwd=RACINE).returncode == 0

    for entree in ("workbooks/exemples/fjt_2025.xlsx", "dossier.xlsm", "sous/dossier/CR 2025.xlsx"):
        copie = chemin_sortie_par_defaut(Path(entree))
        assert ignore(copie), copie
        assert not ignore(entree), entree
    assert not ignore("udfs/cli.py") and not ignore("workbooks/instruction_residence_sociale.xlsx")
