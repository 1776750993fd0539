"""The in-place look-up tables give, for every word, exactly what lemminflect's own loader gives."""

import subprocess
import sys

from lemminflect import config
from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec

from fixcopy.rules import lexicon


def test_lemma_table_matches_lemminflect_for_every_word():
    theirs = LemmaLUCodec.load(config.lemma_lu_fn)
    ours = lexicon.lemma_table()
    assert ours.words() == sorted(theirs)
    assert all(ours.get(w) == entry for w, entry in theirs.items())
    assert ours.get("qwertyuiop", {}) == {} and ours.get("", {}) == {}


def test_inflection_table_matches_lemminflect_for_every_word():
    theirs = InflectionLUCodec.load(config.inflection_lu_fn)
    ours = lexicon.inflection_table()
    assert ours.words() == sorted(theirs)
    assert all(ours.get(w) == entry for w, entry in theirs.items())
    assert ours.get("be")["VBD"] == ("was", "were") and ours.get("zzzz") is None


def test_lemminflect_uses_the_installed_tables():
    # in a fresh interpreter: once lemminflect has loaded its own tables (a test that looked words
    # up through fixcopy.lexical before any rule was imported), install() leaves them be
    code = """
import lemminflect
from lemminflect.core.Lemmatizer import Lemmatizer
from fixcopy.rules import base, lexicon  # base installs the tables
assert isinstance(Lemmatizer().lemma_dict, lexicon.SortedTable)
assert lemminflect.getAllLemmas("seeing") == {"VERB": ("see",)}
assert lemminflect.getInflection("extend", "VBD") == ("extended",)
assert lemminflect.getAllInflections("see", upos="VERB")["VBG"] == ("seeing",)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
