"""The repository's package: headers, the schema -> pandera/polars mappings, the cheap import, versions, CLI."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys

import polars as pl
import pytest

import nkdata
from nkdata.errors import NkdataError
from nkdata.package import open_package
from nkdata.tableschema import polars_dtype
from nkdata.validation.pandera_layer import build_schema
from package_builder import REPO, edit_json, field_names, resources, schema, table_names, valid_base_package

TABLES = table_names()
PYTHON = sys.executable


def run(*args, cwd=REPO):
    return subprocess.run([PYTHON, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_every_table_has_a_schema_and_a_csv():
    for name, res in resources().items():
        assert (REPO / res["path"]).is_file(), res["path"]
        assert (REPO / res["schema"]).is_file(), res["schema"]
    assert sorted(p.stem for p in (REPO / "data").glob("*.csv")) == sorted(TABLES)
    assert sorted(p.name.removesuffix(".schema.json") for p in (REPO / "schemas").glob("*.schema.json")) == sorted(
        TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_csv_header_matches_schema(table):
    path = REPO / resources()[table]["path"]
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == field_names(table)


@pytest.mark.parametrize("table", TABLES)
def test_pandera_schema_mirrors_table_schema(table):
    res = open_package(REPO).resources[table]
    pandera_schema = build_schema(res)
    assert list(pandera_schema.columns) == field_names(table)
    for f in schema(table)["fields"]:
        column = pandera_schema.columns[f["name"]]
        assert column.dtype.type == polars_dtype(f, enums=False), f["name"]
        assert column.nullable == (not f.get("constraints", {}).get("required", False)), f["name"]


@pytest.mark.parametrize("table", TABLES)
def test_load_dtypes_follow_schema(table, tmp_path):
    expected = {f["name"]: polars_dtype(f, enums=True) for f in schema(table)["fields"]}
    for root in (REPO, valid_base_package(tmp_path / "pkg")):
        frame = nkdata.load(table, root)
        assert dict(frame.schema) == expected, root
    # dates are real dates and enums real enums (never strings)
    for f in schema(table)["fields"]:
        if f.get("type") == "date":
            assert expected[f["name"]] == pl.Date
        if f.get("constraints", {}).get("enum"):
            assert isinstance(expected[f["name"]], pl.Enum)


def test_load_all_and_tables(tmp_path):
    root = valid_base_package(tmp_path / "pkg")
    assert nkdata.tables(root) == TABLES
    frames = nkdata.load_all(root)
    assert list(frames) == TABLES
    assert frames["events"].height == 3


def test_import_is_cheap():
    code = ("import sys, nkdata; heavy = [m for m in ('pandera', 'frictionless', 'polars') if m in sys.modules]; "
            "print(heavy)")
    result = run("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_load_does_not_import_validators(tmp_path):
    root = valid_base_package(tmp_path / "pkg")
    code = (f"import sys, nkdata; nkdata.load('events', {str(root)!r}); "
            "print([m for m in ('pandera', 'frictionless') if m in sys.modules])")
    result = run("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_unknown_table_lists_valid_tables():
    with pytest.raises(NkdataError) as info:
        nkdata.load("nope")
    message = str(info.value)
    assert "nope" in message
    for table in TABLES:
        assert table in message


def test_load_refuses_untyped_data(tmp_path):
    from package_builder import base_rows, find_row, write_package

    rows = base_rows()
    find_row(rows, "events", event_id="evt-00002").update(date_end="2020-02-30")
    root = write_package(tmp_path / "pkg", rows)
    with pytest.raises(NkdataError, match=r"data/events\.csv:3 \[date_end\] schema\.type"):
        nkdata.load("events", root)


def test_versions_agree():
    """nkdata.__version__ == datapackage.json version == CITATION.cff version (the file is required)."""
    import yaml

    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert nkdata.__version__ == descriptor["version"] == str(citation["version"])
    # the newest release heading of the changelog: its version, and its date as CITATION.cff and the descriptor
    release = re.search(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$",
                        (REPO / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert release and release.group(1) == nkdata.__version__
    assert release.group(2) == str(citation["date-released"]) == descriptor["created"][:10]


@pytest.mark.parametrize("fmt", ["apa", "bibtex", "cff", "ris"])
def test_cite_names_the_exact_release(fmt):
    result = run("-m", "nkdata", "cite", "--format", fmt)
    assert result.returncode == 0, result.stderr
    package = open_package(REPO)
    date = package.release_date
    assert package.version in result.stdout
    assert date.isoformat() in result.stdout or date.strftime("%Y/%m/%d") in result.stdout


def test_cite_cff_matches_citation_file():
    import yaml

    cited = yaml.safe_load(run("-m", "nkdata", "cite", "--format", "cff").stdout)
    recorded = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "type", "title", "version", "date-released", "authors", "license"):
        assert cited[key] == recorded[key], key


def test_release_date_is_a_date():
    package = open_package(REPO)
    assert package.release_date.isoformat() == package.descriptor["created"][:10]


def test_cli_reports_broken_package_as_json(tmp_path):
    from package_builder import base_rows, write_package

    rows = base_rows()
    rows["event_actors"][0]["actor_id"] = "act-missing"
    root = write_package(tmp_path / "pkg", rows)
    result = run("-m", "nkdata", "validate", str(root), "--format", "json")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "invalid" and data["exit_code"] == 1
    rules = {(f["file"], f["line"], f["column"], f["rule"]) for f in data["findings"]}
    assert rules == {("data/event_actors.csv", 2, "actor_id", "ref.foreign_key")}
    assert data["findings"][0]["layers"] == ["frictionless", "integrity"]


def test_cli_valid_package_exits_0(tmp_path):
    root = valid_base_package(tmp_path / "pkg")
    result = run("-m", "nkdata", "validate", str(root), "--no-frictionless")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VALID" in result.stdout


def test_cli_folder_without_descriptor_exits_2(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("-m", "nkdata", "validate", str(tmp_path / "empty"), "--format", "json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "unusable"
    assert [f["rule"] for f in data["findings"]] == ["package.missing_file"]


def test_cli_nonexistent_path_exits_2(tmp_path):
    result = run("-m", "nkdata", "validate", str(tmp_path / "does-not-exist"), "--format", "json",
                 "--no-frictionless")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_cli_bad_release_date_exits_2_without_traceback(tmp_path):
    root = valid_base_package(tmp_path / "pkg")
    edit_json(root / "datapackage.json", lambda d: d.update(created="not a date"))
    result = run("-m", "nkdata", "validate", str(root), "--format", "json", "--no-frictionless")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_cli_text_format_names_file_line_and_rule(tmp_path):
    from package_builder import base_rows, write_package

    rows = base_rows()
    rows["events"][0]["event_type"] = "battle"
    root = write_package(tmp_path / "pkg", rows)
    result = run("-m", "nkdata", "validate", str(root), "--no-frictionless")
    assert result.returncode == 1
    assert "data/events.csv:2 [event_type] schema.enum" in result.stdout


def test_cli_version():
    result = run("-m", "nkdata", "--version")
    assert result.returncode == 0
    assert nkdata.__version__ in result.stdout


def test_codebook_covers_every_table_column_and_rule():
    from nkdata.validation.rules import RULES

    text = run("-m", "nkdata", "codebook").stdout
    package = open_package(REPO)
    for name, res in package.resources.items():
        assert f"## {name}\n" in text
        for field in res.fields:
            assert f"| `{field['name']}` |" in text
    assert all(f"| `{rule}` |" in text for rule in RULES)
    assert text == (REPO / "docs" / "codebook.md").read_text(encoding="utf-8")  # the checked-in file is current


def test_codebook_of_one_table_as_csv():
    import csv
    import io

    result = run("-m", "nkdata", "codebook", "events", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.returncode == 0 and {r["table"] for r in rows} == {"events"}
    assert [r["column"] for r in rows] == open_package(REPO).resources["events"].field_names
    assert "one of" in next(r for r in rows if r["column"] == "event_type")["constraints"]
    missing = run("-m", "nkdata", "codebook", "battles")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_github_format_annotates_the_failing_line(tmp_path):
    from package_builder import base_rows, write_package

    rows = base_rows()
    rows["event_actors"][0]["actor_id"] = "act-missing"
    root = write_package(tmp_path / "pkg", rows)
    result = run("-m", "nkdata", "validate", str(root), "--format", "github", "--no-frictionless")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(
        "::error file=data/event_actors.csv,line=2,title=ref.foreign_key::")


def test_contribution_ci_runs_the_checks_a_contributor_is_asked_for():
    import yaml

    validate = yaml.safe_load((REPO / ".github/workflows/validate.yml").read_text(encoding="utf-8"))
    steps = " ".join(step.get("run", "") for step in validate["jobs"]["validate"]["steps"])
    for command in ("nkdata validate . --format github", "nkdata fmt --check", "nkdata build --check", "pytest"):
        assert command in steps
    assert "pull_request" in validate[True] or "pull_request" in validate.get("on", {})  # YAML reads `on` as True
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = {hook["entry"] for repo in hooks["repos"] for hook in repo["hooks"]}
    assert {"nkdata fmt --check", "nkdata build --check"} <= entries
    assert (REPO / ".github/pull_request_template.md").is_file()
