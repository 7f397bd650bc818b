"""Compression MS-OVBA et fichier composé MS-CFB, vérifiés par des lecteurs indépendants
(le décompresseur d'oletools, olefile)."""

import io
import random
import warnings
import zipfile

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from udfs.complement import cfb, construction
from udfs.complement.ovba import Projet, compresser, decompresser

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import decompress_stream


def _oletools(conteneur: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(conteneur)))


SOURCE_XLWINGS = (construction.modele().parent / "xlwings_custom_addin.bas").read_bytes()


@pytest.mark.parametrize("donnees", [
    b"a", b"Attribute VB_Name = \"x\"\r\n", b"ab" * 5000, bytes(range(256)) * 3,
    b"\0" * 4096, b"x" * 4097, SOURCE_XLWINGS,
], ids=["1 octet", "une ligne", "repetitif", "256 valeurs", "un bloc de zeros", "bloc + 1", "module xlwings"])
def test_compression_relue_par_oletools(donnees):
    conteneur = compresser(donnees)
    assert _oletools(conteneur) == donnees
    assert decompresser(conteneur) == donnees


def test_le_source_vba_est_vraiment_compresse():
    assert len(compresser(SOURCE_XLWINGS)) < len(SOURCE_XLWINGS) / 2


def test_bloc_incompressible_ecrit_brut():
    aleatoire = random.Random(10).randbytes(4096 * 2)
    conteneur = compresser(aleatoire)
    assert conteneur[1:3] == b"\xff\x3f"           # en-tête d'un bloc brut de 4 096 octets
    assert _oletools(conteneur) == aleatoire


def test_dernier_bloc_incompressible_refuse():
    with pytest.raises(ValueError, match="incompressible"):
        compresser(random.Random(3).randbytes(4000))   # 4 000 + 500 octets de drapeaux


def test_conteneur_sans_signature_refuse():
    with pytest.raises(ValueError, match="signature"):
        decompresser(b"\x02\x00\x00")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("Function If Then End Sub () = , \"\r\n éàç01_xyz"), max_size=9000))
def test_compression_aller_retour(texte):
    donnees = texte.encode("cp1252")
    assert _oletools(compresser(donnees)) == donnees


def _verifier_rouge_noir(ole: olefile.OleFileIO, racine_sid: int) -> list[str]:
    """Parcours infixe des noms ; vérifie racine noire, pas de rouge sous un rouge, même nombre de
    noirs sur chaque chemin (MS-CFB §2.6.4)."""
    entrees = ole.direntries
    noms: list[str] = []

    def hauteur(sid, parent_rouge=False):
        if sid == cfb.AUCUN:
            return 1
        e = entrees[sid]
        rouge = e.color == cfb.ROUGE
        assert not (rouge and parent_rouge), "deux rouges à la suite"
        gauche = hauteur(e.sid_left, rouge)
        noms.append(e.name)
        droite = hauteur(e.sid_right, rouge)
        assert gauche == droite, "hauteurs noires différentes"
        return gauche + (0 if rouge else 1)

    assert entrees[racine_sid].color == cfb.NOIR
    hauteur(racine_sid)
    return noms


@pytest.mark.parametrize("n", [1, 2, 3, 5, 7, 8, 13, 40])
def test_fichier_compose_relu_par_olefile(n):
    flux = [cfb.Flux(f"M{i:02d}" + "x" * (i % 5), bytes([i]) * (50 + 997 * i)) for i in range(n)]
    donnees = cfb.ecrire([cfb.Stockage("VBA", flux), cfb.Flux("PROJECT", b"ID=\"{0}\"\r\n")])
    ole = olefile.OleFileIO(io.BytesIO(donnees))
    assert sorted(ole.listdir()) == sorted([["VBA", f.nom] for f in flux] + [["PROJECT"]])
    for f in flux:
        assert ole.openstream(f"VBA/{f.nom}").read() == f.donnees   # petits (mini-flux) et grands
    stockage = next(e for e in ole.direntries if e is not None and e.name == "VBA")
    noms = _verifier_rouge_noir(ole, stockage.sid_child)
    assert noms == sorted(noms, key=lambda x: (len(x), x.upper()))


def test_projet_du_complement_relu_par_olefile():
    """Le vbaProject.bin du complément : arbres valides, modules relus par le décompresseur
    d'oletools, « source seule » comme celui du modèle d'xlwings."""
    with zipfile.ZipFile(io.BytesIO(construction.octets())) as z:
        binaire = z.read("xl/vbaProject.bin")
    ole = olefile.OleFileIO(io.BytesIO(binaire))
    vba = next(e for e in ole.direntries if e is not None and e.name == "VBA")
    assert set(_verifier_rouge_noir(ole, vba.sid_child)) == {
        "_VBA_PROJECT", "dir", "ThisWorkbook", "Sheet2", "Dictionary", "xlwings", "xlwings_udfs",
        "rs_instruction_aide"}
    assert ole.openstream("VBA/_VBA_PROJECT").read()[:4] == b"\xcc\x61\xff\xff"
    projet = Projet.lire(binaire)
    # le nom du projet, dans dir (PROJECTNAME) et dans PROJECT (Name=) : « rs_instruction »
    assert next(e.donnees for e in projet.informations if e.ident == 0x04) == b"rs_instruction"
    assert 'Name="rs_instruction"' in projet.texte_projet.split("\r\n")
    lignes = projet.texte_projet.split("\r\n")
    assert [l for l in lignes if l.startswith(("Document=", "Module=", "Class="))] == [
        "Document=ThisWorkbook/&H00000000", "Class=Dictionary", "Module=xlwings",
        "Document=Sheet2/&H00000000", "Module=xlwings_udfs", "Module=rs_instruction_aide"]
    for module in projet.modules:
        relu = _oletools(ole.openstream(f"VBA/{module.nom}").read()).decode("cp1252")
        assert relu == module.source.replace("\r\n", "\n").replace("\n", "\r\n")
    assert "\n" not in projet.module("xlwings").source.replace("\r\n", "")   # fins de ligne CRLF


def test_le_modele_d_xlwings_est_source_seule():
    """Ce qui fonde le choix « source seule » : xlwings livre lui-même ses compléments ainsi."""
    with zipfile.ZipFile(construction.modele()) as z:
        assert Projet.lire(z.read("xl/vbaProject.bin")).source_seule
