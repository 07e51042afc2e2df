"""The `nkdata` command: validate, info, tables, cite. Errors print a message, never a traceback."""

from __future__ import annotations

import argparse
import sys

from nkdata import __version__
from nkdata.errors import NkdataError


def _validate(args) -> int:
    from nkdata.validation.run import validate

    report = validate(args.path, frictionless=not args.no_frictionless)
    print(report.to_json() if args.format == "json" else report.to_text())
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="nkdata", description="The nkdata dataset of the Nagorno-Karabakh conflict.")
    p.add_argument("--version", action="version", version=f"nkdata {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate a data package (default: the installed data)")
    v.add_argument("path", nargs="?", help="package folder or datapackage.json (default: installed data)")
    v.add_argument("--format", choices=["text", "json"], default="text")
    v.add_argument("--no-frictionless", action="store_true", help="skip the Frictionless layer (faster)")
    v.set_defaults(run=_validate)
    for name, fn, text in [("info", _info, "version, release date and row counts"),
                           ("tables", _tables, "list the tables")]:
        s = sub.add_parser(name, help=text)
        s.add_argument("path", nargs="?")
        s.set_defaults(run=fn)
    c = sub.add_parser("cite", help="how to cite this release")
    c.add_argument("--format", choices=["apa", "bibtex"], default="apa")
    c.add_argument("--path")
    c.set_defaults(run=_cite)
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
