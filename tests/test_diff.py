"""`nkdata diff`: rows added, retired (recorded in retired_ids), removed (not recorded: an error) and changed,
between two package folders or two git refs; `--format markdown` gives a CHANGELOG Data section."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nkdata.diff import as_markdown, diff
from package_builder import REPO, base_rows, write_package


def run(*args):
    return subprocess.run([sys.executable, "-m", "nkdata", *args], capture_output=True, text=True, cwd=REPO)


def _packages(tmp_path):
    old_rows = base_rows()
    new_rows = base_rows()
    new_rows["events"].append({**new_rows["events"][0], "event_id": "evt-00009"})
    new_rows["events"][0]["summary"] = "A corrected summary"
    gone = new_rows["actors"].pop()  # retired below
    new_rows["retired_ids"] = [{"id": gone["actor_id"], "table": "actors", "retired_in": "9.9.9", "reason": "withdrawn",
                                "merged_into": None, "note": "Test"}]
    new_rows["statement_sources"].pop()  # a link row: no id, so no record needed
    new_rows["places"].pop()  # an id gone without a record: not allowed
    return write_package(tmp_path / "old", old_rows), write_package(tmp_path / "new", new_rows), gone["actor_id"]


def test_diff_reports_added_retired_removed_and_changed(tmp_path):
    old, new, gone = _packages(tmp_path)
    _, _, tables = diff(str(old), str(new))
    by = {t.table: t for t in tables}
    assert by["events"].added == ["evt-00009"]
    assert by["events"].changed == {"evt-00001": ["summary"]}
    assert by["actors"].retired == [(gone, "withdrawn in 9.9.9")] and by["actors"].removed == []
    assert by["statement_sources"].unlinked and not by["statement_sources"].removed
    assert by["places"].removed == ["plc-test-town"]
    assert by["sources"].empty
    markdown = as_markdown("0.1.0", "0.2.0", tables)
    assert markdown.startswith("### Data") and "| events | 3 -> 4 | 1 | 0 | 1 |" in markdown
    assert f"- actors: {gone} withdrawn in 9.9.9." in markdown and "corrected summary (1)" in markdown


def test_cli_diff_exit_code_flags_unrecorded_removals(tmp_path):
    old, new, _ = _packages(tmp_path)
    result = run("diff", str(old), str(new), "--format", "markdown")
    assert result.returncode == 1 and "removed without a retired_ids row" in result.stdout, result.stderr
    same = run("diff", str(old), str(old))
    assert same.returncode == 0 and "no differences" in same.stdout


def test_cli_diff_reads_git_refs():
    result = run("diff", "HEAD", "HEAD")
    assert result.returncode == 0 and "no differences" in result.stdout, result.stderr
    bad = run("diff", "no-such-ref-xyz", ".")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and "neither a package folder" in bad.stdout + bad.stderr


def test_no_id_vanished_since_the_last_release():
    """Ids are never silently deleted: against the newest release tag, every gone id is in retired_ids."""
    tags = subprocess.run(["git", "tag", "--list", "v*", "--sort=-v:refname"], capture_output=True, text=True,
                          cwd=REPO).stdout.split()
    if not tags:
        pytest.skip("no release tags in this clone (shallow checkout)")
    result = run("diff", tags[0], ".")
    assert result.returncode == 0, result.stdout
