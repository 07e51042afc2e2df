"""The `nkdata` command: validate, info, tables, cite, diff, codebook, export, plot, and for curators add, fmt,
build, stats.

Errors print a message, never a traceback. Commands that write (add, fmt) work on the package in the
current folder (a checkout) unless --path is given; the read-only ones default to the installed data.
"""

from __future__ import annotations

import argparse
import sys

from nkdata import __version__
from nkdata.citation import FORMATS
from nkdata.errors import NkdataError


def _frictionless(args) -> bool | str:
    """--frictionless auto|always|never (--no-frictionless is short for never) as `validate` takes it."""
    return "never" if args.no_frictionless else args.frictionless


def _frictionless_options(command: argparse.ArgumentParser) -> None:
    from nkdata.validation.run import FRICTIONLESS_AUTO_MB

    command.add_argument("--frictionless", choices=["auto", "always", "never"], default="auto",
                         help="run the Frictionless layer (its own row-by-row pass, in parallel): auto = when the "
                              f"data files total at most {FRICTIONLESS_AUTO_MB} MB, as the shipped data do; our "
                              "layers check every Table Schema constraint either way")
    command.add_argument("--no-frictionless", action="store_true", help="the same as --frictionless never")


def _validate(args) -> int:
    from pathlib import Path

    from nkdata.validation.run import validate

    if args.corpus is not None and not Path(args.corpus).is_dir():
        print(f"--corpus {args.corpus}: not a folder")
        return 2
    report = validate(args.path, frictionless=_frictionless(args), corpus=args.corpus)
    print({"json": report.to_json, "github": report.to_github}.get(args.format, report.to_text)())
    return report.exit_code


def _info(args) -> int:
    from nkdata.package import open_package
    from nkdata.reading import read_text

    package = open_package(args.path)
    print(f"nkdata {package.version} (released {package.release_date}) at {package.root}")
    for name, res in package.resources.items():
        print(f"  {name:22} {read_text(res).height:6d} rows  {res.relpath}")
    return 0


def _tables(args) -> int:
    from nkdata.package import open_package

    print("\n".join(open_package(args.path).resources))
    return 0


def _cite(args) -> int:
    from nkdata.citation import cite
    from nkdata.package import open_package

    print(cite(open_package(args.path), args.format))
    return 0


def _add(args) -> int:
    from pathlib import Path

    from nkdata.adding import add

    outcome = add(args.path, [Path(f) for f in args.records], dry_run=args.dry_run, frictionless=_frictionless(args))
    if args.format == "json":
        print(outcome.report.to_json())
    else:
        print(outcome.summary())
        print(outcome.report.to_text())
        print("written" if outcome.written else ("dry run: nothing written" if outcome.report.valid
                                                 else "nothing written"))
    return outcome.report.exit_code


def _build(args) -> int:
    from pathlib import Path

    from nkdata.build import refresh, stale

    if args.check:
        behind = stale(Path(args.path))
        for item in behind:
            print(f"stale: {item} (run: nkdata build)")
        return 1 if behind else 0
    written = refresh(Path(args.path))
    print("written: " + ", ".join(written) if written else "everything derived is current")
    return 0


def _diff(args) -> int:
    from nkdata.diff import as_markdown, as_text, diff

    old, new, tables = diff(args.old, args.new)
    if args.format == "json":
        import json

        print(json.dumps({"old": old, "new": new, "tables": [t.__dict__ for t in tables if not t.empty]}, indent=2))
    else:
        print(as_markdown(old, new, tables) if args.format == "markdown" else as_text(old, new, tables))
    return 1 if any(t.removed for t in tables) else 0


def _export(args) -> int:
    from pathlib import Path

    from nkdata.exports import export
    from nkdata.package import open_package

    try:
        paths = export(open_package(args.path), args.format, Path(args.outdir))
    except ImportError as exc:
        print(f"the {args.format} export needs an extra: pip install 'nkdata[export]' ({exc.name} is missing)")
        return 2
    for path in paths:
        print(f"{path} ({path.stat().st_size} bytes)")
    return 0


def _plot(args) -> int:
    from pathlib import Path

    from nkdata.plots import plot

    try:
        out = plot(args.kind, Path(args.output), args.path)  # matplotlib is imported only here
    except ImportError as exc:
        print(f"plots need an extra: pip install 'nkdata[plot]' ({exc.name} is missing)")
        return 2
    print(f"{out} ({out.stat().st_size} bytes)")
    return 0


def _codebook(args) -> int:
    from nkdata import codebook
    from nkdata.errors import NkdataError
    from nkdata.package import open_package

    package = open_package(args.path)
    if args.table and args.table not in package.resources:
        raise NkdataError(f"no table {args.table!r}; tables: {', '.join(package.resources)}")
    tables = [args.table] if args.table else list(package.resources)
    if args.format == "csv":
        print(codebook.as_csv(package, tables), end="")
    elif args.table:
        print(codebook.table_markdown(package, args.table), end="")
    else:
        print(codebook.markdown(package), end="")
    return 0


def _fmt(args) -> int:
    from nkdata.build import refresh
    from nkdata.canonical import unformatted, write_atomic
    from nkdata.package import open_package

    package = open_package(args.path)
    changed = unformatted(package)
    for name in changed:
        res = package.resources[name]
        if args.check:
            print(f"{res.relpath}: not in canonical form (run: nkdata fmt)")
        else:
            write_atomic(res.path, changed[name])
            print(f"{res.relpath}: formatted")
    if changed and not args.check:
        refresh(package.root)
    if not changed:
        print("all tables are in canonical form")
    return 1 if args.check and changed else 0


def _stats(args) -> int:
    from nkdata.stats import coverage

    days = None
    if args.days:
        try:
            start, end = args.days.split(":")
        except ValueError:
            raise NkdataError(f"--days takes START:END dates, e.g. 2020-09-27:2020-11-10; got {args.days!r}") from None
        days = (_date(start, "--days"), _date(end, "--days"))
    print(coverage(args.path, args.format, days))
    return 0


def _resolve(args) -> int:
    import json

    from nkdata.resolve import resolve

    match = resolve(args.text, args.kind, _date(args.date, "--date"), path=args.path)
    if args.format == "json":
        print(json.dumps({"query": args.text, "kind": args.kind, "match": match and match.as_dict()},
                         ensure_ascii=False))
    else:
        print(f"{match.id}\t{match.name}\t{match.score:.1f}\t{match.method}" if match else "no confident match")
    return 0 if match else 1


def _extract(args) -> int:
    import csv
    import hashlib
    import json
    import sys
    from pathlib import Path

    from nkdata.errors import PackageError
    from nkdata.extract import extract, staging_record

    path = Path(args.file)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackageError(f"cannot read {args.file} as UTF-8 text: {exc}", file=args.file) from None
    published = _date(args.published, "--published")
    result = extract(text, published, source_id=args.source_id)
    if args.stage:
        import yaml

        record = staging_record(result, text, hashlib.sha256(data).hexdigest())
        Path(args.stage).write_text("# candidates from nkdata extract: review each row against the article, "
                                    "write the summaries, set provenance to extracted_reviewed, then nkdata add\n"
                                    + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=110),
                                    encoding="utf-8")
        print(f"staged {len(record.get('events', []))} events and {len(record.get('statements', []))} statements "
              f"in {args.stage}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["section", "start", "end", "id", "value", "detail"])
        for section in ("mentions", "dates", "statements", "events", "agreements", "claims"):
            for item in getattr(result, section):
                ident = item.get("id") or item.get("speaker_id") or item.get("place_id") or item.get("claimant_id")
                value = item.get("value") or item.get("date") or item.get("text")
                rest = {k: v for k, v in item.items() if k not in ("start", "end")}
                writer.writerow([section, item["start"], item["end"], ident or "", value or "",
                                 json.dumps(rest, ensure_ascii=False)])
    return 0


def _date(text: str | None, option: str):
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise NkdataError(f"{option} takes a date as YYYY-MM-DD, got {text!r}") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="nkdata", description="The nkdata dataset of the Nagorno-Karabakh conflict.")
    p.add_argument("--version", action="version", version=f"nkdata {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate a data package (default: the installed data)")
    v.add_argument("path", nargs="?", help="package folder or datapackage.json (default: installed data)")
    v.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="github: annotations on the failing lines of a pull request")
    _frictionless_options(v)
    v.add_argument("--corpus", metavar="DIR", help="also check every evidence quote against the archived source "
                                                   "texts in DIR (matched by sha256)")
    v.set_defaults(run=_validate)
    for name, fn, text in [("info", _info, "version, release date and row counts"),
                           ("tables", _tables, "list the tables")]:
        s = sub.add_parser(name, help=text)
        s.add_argument("path", nargs="?")
        s.set_defaults(run=fn)
    c = sub.add_parser("cite", help="how to cite this release")
    c.add_argument("--format", choices=list(FORMATS), default="apa")
    c.add_argument("--path")
    c.set_defaults(run=_cite)
    a = sub.add_parser("add", help="add rows from YAML/JSON record files (validated before anything is written)")
    a.add_argument("records", nargs="+", help="record files, applied in order")
    a.add_argument("--path", default=".", help="package folder to change (default: current folder)")
    a.add_argument("--dry-run", action="store_true", help="validate the result but write nothing")
    _frictionless_options(a)
    a.add_argument("--format", choices=["text", "json"], default="text")
    a.set_defaults(run=_add)
    f = sub.add_parser("fmt", help="rewrite the tables as canonical CSV (sorted by key, minimal quoting)")
    f.add_argument("--path", default=".", help="package folder (default: current folder)")
    f.add_argument("--check", action="store_true", help="change nothing; exit 1 if a table is not canonical")
    f.set_defaults(run=_fmt)
    x = sub.add_parser("export", help="every table as parquet, ndjson, SQLite, DuckDB or an Excel workbook")
    x.add_argument("outdir", help="folder to write into")
    x.add_argument("--format", required=True, help="parquet, json (newline-delimited), sqlite, duckdb or xlsx")
    x.add_argument("--path", help="package folder (default: the installed data)")
    x.set_defaults(run=_export)
    g = sub.add_parser("plot", help="a picture: events per day of the 2020 war, or events on a map")
    g.add_argument("kind", help="timeline or map")
    g.add_argument("-o", "--output", required=True, help="FILE.png or FILE.html")
    g.add_argument("--path", help="package folder (default: the installed data)")
    g.set_defaults(run=_plot)
    k = sub.add_parser("codebook", help="every table and column with type, constraints and meaning, and the rules")
    k.add_argument("table", nargs="?", help="one table only")
    k.add_argument("--format", choices=["md", "csv"], default="md")
    k.add_argument("--path", help="package folder (default: the installed data)")
    k.set_defaults(run=_codebook)
    d = sub.add_parser("diff", help="rows added, retired and changed between two releases (folders or git refs)")
    d.add_argument("old", help="package folder or git ref (e.g. a release commit or tag)")
    d.add_argument("new", nargs="?", default=".", help="package folder or git ref (default: the current folder)")
    d.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    d.set_defaults(run=_diff)
    b = sub.add_parser("build", help="regenerate what is derived: file sizes and sha256 in datapackage.json, "
                                     "docs/codebook.md")
    b.add_argument("--path", default=".", help="package folder (default: current folder)")
    b.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything derived is stale")
    b.set_defaults(run=_build)
    s = sub.add_parser("stats", help="coverage: rows per table, per month and per type")
    s.add_argument("path", nargs="?", help="package folder (default: installed data)")
    s.add_argument("--format", choices=["text", "json"], default="text")
    s.add_argument("--days", metavar="START:END", help="also count facts per day in this window, gaps included")
    s.set_defaults(run=_stats)
    r = sub.add_parser("resolve", help="resolve a name as written (garbles, variants, offices) to an actor or place")
    r.add_argument("text")
    r.add_argument("--kind", choices=["actor", "place"], default="actor")
    r.add_argument("--date", help="YYYY-MM-DD: picks the holder of an office on that day")
    r.add_argument("--format", choices=["text", "json"], default="text")
    r.add_argument("--path", help="package folder (default: installed data)")
    r.set_defaults(run=_resolve)
    x = sub.add_parser("extract", help="candidate rows from a plain-text article, with character offsets")
    x.add_argument("file")
    x.add_argument("--published", required=True, help="YYYY-MM-DD: relative dates are resolved against it")
    x.add_argument("--source-id", help="the article's existing sources row, cited by staged rows")
    x.add_argument("--format", choices=["json", "csv"], default="json")
    x.add_argument("--stage", metavar="RECORD.yaml", help="also write the candidates as a record file for review")
    x.set_defaults(run=_extract)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except NkdataError as exc:
        print(f"nkdata: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head and the like
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run() -> None:
    """The console entry point: `main`, then leave without tearing down the interpreter. Freeing the frames
    of a big package one object at a time takes longer than the exit itself (0.6 s after validating a
    million events), and nothing is left to flush once stdout and stderr are."""
    import os

    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    sys.stderr.flush()
    os._exit(code)

