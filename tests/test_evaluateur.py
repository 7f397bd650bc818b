"""L'évaluateur sans Excel sur ce que contiennent les classeurs réels : formules partagées
(enregistrées par Excel), intersection implicite, DECALER et INDIRECT, noms définis, fonctions
``_xlfn.``, repli sur ``formulas`` pour une fonction rare, colonnes entières, longues chaînes de
dépendances, cycles ; et le chemin sans Excel n'importe ni xlwings, ni pandas, ni formulas."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from udfs import moteur

RACINE = Path(__file__).resolve().parents[1]


def _classeur(tmp_path, cellules: dict, noms: dict | None = None, nom="essai.xlsx") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "F"
    autre = wb.create_sheet("Feuille d'été")
    for ref, v in cellules.items():
        feuille, _, cellule = ref.rpartition("!")
        (autre if feuille else ws)[cellule] = v
    for n, texte in (noms or {}).items():
        wb.defined_names[n] = DefinedName(n, attr_text=texte)
    chemin = tmp_path / nom
    wb.save(chemin)
    return chemin


def _valeurs(chemin):
    return moteur.recalculer(chemin).valeurs


def test_formules_partagees_comme_excel_les_enregistre(tmp_path):
    """Excel écrit une formule recopiée vers le bas une seule fois (``t="shared"``) ; les suivantes
    ne portent que l'indice du groupe, leurs références relatives décalées."""
    base = _classeur(tmp_path, {"A2": 1, "A3": 2, "A4": 3, "B2": "=A2*2", "B3": 0, "B4": 0, "C1": 10})
    with zipfile.ZipFile(base) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    xml = xml.replace("<f>A2*2</f>", '<f t="shared" ref="B2:B4" si="0">A2*2+$C$1</f>')
    for ref in ("B3", "B4"):
        xml = re.sub(rf'<c r="{ref}"[^>]*><v>0</v></c>', f'<c r="{ref}"><f t="shared" si="0"/><v>0</v></c>', xml)
    chemin = tmp_path / "partagees.xlsx"
    with zipfile.ZipFile(base) as a, zipfile.ZipFile(chemin, "w") as b:
        for info in a.infolist():
            b.writestr(info, xml if info.filename == "xl/worksheets/sheet1.xml" else a.read(info.filename))
    cellules = moteur.lire_cellules(chemin)
    assert cellules.formules[("F", "B4")] == "=A4*2+$C$1"
    v = _valeurs(chemin)
    assert [v["F!B2"], v["F!B3"], v["F!B4"]] == [12, 14, 16]


def test_intersection_implicite(tmp_path):
    """Une plage là où une valeur est attendue, hors formule matricielle : la cellule de la même
    ligne (ou colonne) ; sinon #VALUE! (« Implicit intersection operator: @ », support.microsoft.com)."""
    v = _valeurs(_classeur(tmp_path, {"A1": 1, "A2": 2, "A3": 3, "C2": "=A1:A3*10", "C5": "=A1:A3*10",
                                      "E1": 5, "F1": 6, "F3": "=E1:F1+1", "D2": "=SUM(A1:A3*10)",
                                      "D3": "=SUMPRODUCT(A1:A3*10)", "D4": "=@A1:A3"}))
    assert v["F!C2"] == 20 and v["F!C5"] == "#VALUE!" and v["F!F3"] == 7
    assert v["F!D2"] == 20                  # SOMME : intersection, ligne 2 (Excel ancien, sans Ctrl+Maj+Entrée)
    assert v["F!D3"] == 60                  # SOMMEPROD calcule ses arguments en matriciel
    assert v["F!D4"] == "#VALUE!"           # @ sur une colonne, hors de ses lignes (ligne 4)


def test_decaler_et_indirect(tmp_path):
    """Références calculées : les cellules lues sont calculées d'abord, même placées après."""
    v = _valeurs(_classeur(tmp_path, {
        "A1": "=SUM(OFFSET(B1,0,0,3,1))", "A2": '=INDIRECT("B"&3)', "A3": "=INDIRECT(\"'Feuille d''été'!A1\")*2",
        "A4": '=INDIRECT("TAUX")+1', "A5": "=ROWS(OFFSET(B1,1,0,2,3))", "A6": '=INDIRECT("ZZZ")',
        "B1": "=C1+1", "B2": 2, "B3": "=B2*10", "C1": 4, "Feuille d'été!A1": "=F!B3+1"},
        {"TAUX": "F!$B$2"}))
    assert v["F!A1"] == 5 + 2 + 20 and v["F!A2"] == 20 and v["F!A3"] == 42 and v["F!A4"] == 3
    assert v["F!A5"] == 2 and v["F!A6"] == "#REF!"


def test_noms_definis(tmp_path):
    v = _valeurs(_classeur(tmp_path, {"A1": 100, "A2": 200, "B1": "=TAUX*A1", "B2": "=SUM(PLAGE)",
                                      "B3": "=DOUBLE", "B4": "=INCONNU+1", "B5": "=taux*2"},
                           {"TAUX": "0.2", "PLAGE": "F!$A$1:$A$2", "DOUBLE": "F!$A$1*2"}))
    assert v["F!B1"] == 20 and v["F!B2"] == 300 and v["F!B3"] == 200
    assert v["F!B4"] == "#NAME?" and v["F!B5"] == 0.4               # les noms ignorent la casse


def test_fonctions_xlfn_et_repli(tmp_path):
    """Les fonctions récentes portent le préfixe ``_xlfn.`` dans le fichier ; une fonction que le
    moteur n'a pas écrite (TEXTE) est prise à formulas ; une inconnue donne #NAME?."""
    v = _valeurs(_classeur(tmp_path, {
        "A1": 1, "A2": 2, "A3": 3, "B1": "a", "B2": "b", "B3": "c", "D1": 45352,
        "C1": "=_xlfn.XLOOKUP(2,A1:A3,B1:B3)", "C2": '=_xlfn.XLOOKUP(9,A1:A3,B1:B3,"absent")',
        "C3": '=_xlfn.IFS(A1>5,"grand",A1>0,"petit")', "C4": "=_xlfn.CONCAT(B1:B3)",
        "C5": '=_xlfn.MAXIFS(A1:A3,B1:B3,"<>b")', "C6": '=_xlfn.TEXTJOIN("-",TRUE,B1:B3)',
        "C7": '=TEXT(D1,"dd/mm/yyyy")', "C8": "=NEXISTEPAS(1)", "C9": "=_xlfn.SWITCH(A2,1,\"un\",2,\"deux\")",
        "C10": "=SUM(_xlfn.XLOOKUP(2,A1:A3,A1:B3))"}))
    assert (v["F!C1"], v["F!C2"], v["F!C3"], v["F!C4"]) == ("b", "absent", "petit", "abc")
    assert (v["F!C5"], v["F!C6"], v["F!C7"], v["F!C8"]) == (3, "a-b-c", "01/03/2024", "#NAME?")
    assert v["F!C9"] == "deux" and v["F!C10"] == 2


def test_erreurs_d_excel(tmp_path):
    v = _valeurs(_classeur(tmp_path, {
        "A1": "=1/0", "A2": "=A1+1", "A3": "=IFERROR(A1,\"repli\")", "A4": "=ISERROR(A1)",
        "A5": "=NA()", "A6": "=IFNA(A5,0)", "A7": "=ISNA(A1)", "A8": "=SQRT(-1)", "A9": "=#REF!",
        "A10": "=IF(A1,1,2)", "A11": "=COUNT(A1:A9)", "A12": "=ERROR.TYPE(A1)", "A13": '=A1&"x"',
        "A14": "=Inexistante!A1"}))
    assert (v["F!A1"], v["F!A2"], v["F!A3"], v["F!A4"]) == ("#DIV/0!", "#DIV/0!", "repli", True)
    assert (v["F!A5"], v["F!A6"], v["F!A7"], v["F!A8"]) == ("#N/A", 0, False, "#NUM!")
    assert (v["F!A9"], v["F!A10"], v["F!A11"], v["F!A12"]) == ("#REF!", "#DIV/0!", 1, 2)
    assert v["F!A13"] == "#DIV/0!" and v["F!A14"] == "#REF!"


def test_colonnes_entieres_et_feuilles(tmp_path):
    v = _valeurs(_classeur(tmp_path, {"A1": 1, "A2": 2, "A5": 3, "B1": "=SUM(A:A)", "B2": "=COUNTBLANK(A1:A5)",
                                      "B3": "=SUMPRODUCT(A:A,A:A)", "B4": "=ROWS(A:A)",
                                      "B5": "='Feuille d''été'!B2*2", "B6": "=VLOOKUP(2,A:A,1,FALSE)",
                                      "Feuille d'été!B2": 21, "Feuille d'été!B3": "=SUM(F!A:A)"}))
    assert (v["F!B1"], v["F!B2"], v["F!B3"], v["F!B4"]) == (6, 2, 14, 1_048_576)
    assert v["F!B5"] == 42 and v["F!B6"] == 2 and v["Feuille d'été!B3"] == 6


def test_longue_chaine_de_dependances(tmp_path):
    """20 000 cellules qui se lisent l'une l'autre : ordre topologique, sans récursion."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = 1
    for i in range(2, 20_001):
        ws[f"A{i}"] = f"=A{i - 1}+1"
    chemin = tmp_path / "chaine.xlsx"
    wb.save(chemin)
    assert _valeurs(chemin)["Sheet!A20000"] == 20_000


@pytest.mark.parametrize("formules,cycle", [
    ({"A1": "=SUM(A1:A3)", "A2": 1}, "Sheet!A1"),
    ({"A1": "=B1", "B1": "=C1", "C1": "=A1", "D1": "=A1+1", "E1": 5}, "Sheet!A1, Sheet!B1, Sheet!C1, Sheet!D1"),
    ({"A1": '=INDIRECT("A2")', "A2": "=A1"}, "Sheet!A"),
])
def test_references_circulaires_nommees(tmp_path, formules, cycle):
    wb = openpyxl.Workbook()
    for ref, f in formules.items():
        wb.active[ref] = f
    chemin = tmp_path / "cycle.xlsx"
    wb.save(chemin)
    with pytest.raises(moteur.ReferenceCirculaire, match=f"cycle.xlsx : référence circulaire ou formule non "
                                                         f"calculable : {re.escape(cycle)}"):
        moteur.recalculer(chemin)


@pytest.mark.parametrize("formule,raison", [("=SUM((A2,A3))", "union"),
                                             ("=SUM(Ventes[Montant])", "référence structurée de tableau « Ventes")])
def test_formule_illisible_signalee_le_reste_calcule(tmp_path, capsys, formule, raison):
    """Ce que le moteur ne sait pas lire vaut #NAME? (comme une fonction inconnue d'Excel), en le
    disant et en nommant la cellule ; le reste du classeur est calculé."""
    from udfs import cli
    chemin = _classeur(tmp_path, {"A1": formule, "A2": 2, "B1": "=A2*3", "C1": "=A1+1"})
    r = moteur.recalculer(chemin)
    assert r["F!A1"] == "#NAME?" and r["F!B1"] == 6 and r["F!C1"] == "#NAME?"
    assert len(r.avertissements) == 1 and r.avertissements[0].startswith("F!A1 : formule illisible sans Excel")
    assert raison in r.avertissements[0]
    assert cli.main(["recalculer", str(chemin)]) == 0
    err = capsys.readouterr().err
    assert "Attention : F!A1 : formule illisible sans Excel" in err and "la cellule vaut #NAME?" in err


def test_chemin_sans_excel_n_importe_ni_xlwings_ni_pandas(tmp_path):
    """« rs-instruction recalculer » sur un dossier : ni xlwings, ni pandas, ni formulas (ni scipy)."""
    script = ("import sys\nfrom udfs import cli\n"
              f"cli.main(['recalculer', {str(RACINE / 'workbooks/exemples/fjt_2025.xlsx')!r}, '--sortie', "
              f"{str(tmp_path / 'copie.xlsx')!r}])\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('xlwings', 'pandas', 'formulas', 'scipy', "
              "'schedula')))\n")
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=RACINE, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_recalcul_a_chaud_reprend_le_modele(tmp_path):
    """Un second recalcul du même modèle dans le processus ne recompile rien."""
    chemin = RACINE / "workbooks" / "exemples" / "pension_de_famille_2024.xlsx"
    premier = moteur.recalculer(chemin)
    modele = moteur._MODELES[premier.cellules.signature]
    second = moteur.recalculer(chemin)
    assert moteur._MODELES[second.cellules.signature] is modele
    assert second.valeurs == premier.valeurs


def test_format_strict_refuse_en_francais(tmp_path):
    """« Strict Open XML » (autre espace de noms) : refusé en le nommant, plutôt que lu vide."""
    base = _classeur(tmp_path, {"A1": 1, "A2": "=A1+1"})
    chemin = tmp_path / "strict.xlsx"
    strict = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    with zipfile.ZipFile(base) as a, zipfile.ZipFile(chemin, "w") as b:
        for info in a.infolist():
            donnees = a.read(info.filename)
            if info.filename.startswith("xl/") and info.filename.endswith(".xml"):
                donnees = donnees.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", strict)
            b.writestr(info, donnees)
    with pytest.raises(moteur.ClasseurRefuse, match="strict.xlsx : classeur au format « Strict Open XML »"):
        moteur.recalculer(chemin)


# --- Propriétés ---------------------------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from udfs.calcul import coercition  # noqa: E402


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_nombre_en_texte_relu_sur_15_chiffres(x):
    """Un nombre écrit par « & » (format Standard, 15 chiffres) se relit comme ce nombre à 15 chiffres."""
    relu = coercition.texte_en_nombre(coercition.texte_nombre(x))
    assert relu == pytest.approx(float(f"{x:.15g}"), rel=1e-14, abs=1e-300)


SAISIES = st.one_of(st.none(), st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False),
                    st.booleans(), st.sampled_from(["5", "abc", "", "20%", "1e3", " 7 "]))
FORMULES = {"B1": "=SUM(A1:A5)", "B2": "=COUNT(A1:A5)", "B3": "=A1+A2", "B4": "=IF(A3,A4,A5)",
            "B5": "=AVERAGE(A1:A5)", "B6": '=A1&"|"&A2', "B7": "=MAX(A1:A5)-MIN(A1:A5)",
            "B8": "=SUMPRODUCT(A1:A5,A1:A5)", "B9": '=COUNTIF(A1:A5,">0")', "B10": "=CS_FOYER(A1,A2)"}


@settings(max_examples=25, deadline=None)
@given(st.lists(SAISIES, min_size=5, max_size=5))
def test_modele_compile_egal_au_recalcul_direct(tmp_path_factory, saisies):
    """Le lot applique le modèle compilé d'un premier dossier aux suivants : pour toutes saisies, il
    donne ce que donne le recalcul de ce dossier seul (modèles en mémoire vidés)."""
    dossier = tmp_path_factory.mktemp("propriete")
    premier = _classeur(dossier, {**FORMULES, "A1": 1}, nom="premier.xlsx")
    cellules = {**FORMULES, **{f"A{i}": v for i, v in enumerate(saisies, start=1) if v is not None}}
    second = _classeur(dossier, cellules, nom="second.xlsx")
    modele = moteur.ModeleCompile(premier)
    compile_ = modele.calculer(second, moteur.lire_cellules(second)).valeurs
    moteur._MODELES.clear()
    assert compile_ == moteur.recalculer(second).valeurs


def test_nom_defini_sur_une_saisie(tmp_path):
    """``Resultat.nom`` lit aussi la constante saisie que désigne un nom (date en numéro de série,
    erreur en texte), pas seulement une formule."""
    import datetime as dt
    chemin = _classeur(tmp_path, {"A1": 40, "A2": dt.datetime(2021, 6, 1), "A3": "=A1*2", "B1": "=1/0"},
                       {"NL": "F!$A$1", "DATE_DECISION": "F!$A$2", "DOUBLE": "F!$A$3", "ABSENT": "F!$Z$9"})
    r = moteur.recalculer(chemin)
    assert (r.nom("NL"), r.nom("DATE_DECISION"), r.nom("double"), r.nom("ABSENT", "vide")) == (40, 44348, 80, "vide")
    assert r.nom("INCONNU", "?") == "?"


def test_caracteres_de_controle_lus_et_ecrits(tmp_path):
    """CAR(1) dans une cellule : XML ne peut pas le porter, OOXML l'écrit « _x0001_ » ; la copie
    calculée s'écrit (sans planter) et se relit avec le même texte."""
    from udfs.copie import ecrire_copie_calculee
    chemin = _classeur(tmp_path, {"A1": "=CHAR(1)&\"x\"", "A2": "=LEN(A1)", "A3": "=LEN(CLEAN(A1))"})
    r = moteur.recalculer(chemin)
    assert (r["F!A1"], r["F!A2"], r["F!A3"]) == ("\x01x", 2, 1)
    sortie = ecrire_copie_calculee(chemin, r.valeurs, tmp_path / "copie.xlsx", r.matrices)
    with zipfile.ZipFile(sortie) as z:
        assert b"_x0001_x" in z.read("xl/worksheets/sheet1.xml")
