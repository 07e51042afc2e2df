"""nkdata: a sourced, versioned dataset of the Nagorno-Karabakh conflict, loaded as typed polars DataFrames.

    >>> import nkdata
    >>> nkdata.tables()[:3]
    ['sources', 'actors', 'actor_aliases']
    >>> events = nkdata.load("events")          # polars.DataFrame; events.to_pandas() for pandas users

Importing the package is cheap: polars loads on the first `load`, pandera and frictionless only when
validating.
"""

__version__ = "0.2.0"

__all__ = ["__version__", "load", "load_all", "resolve", "tables", "validate"]


def tables(path=None):
    """Names of the tables in the data package, in descriptor order."""
    from nkdata.package import open_package

    return list(open_package(path).resources)


def load(name, path=None, *, backend="polars"):
    """Load one table as a typed polars DataFrame (dates as Date, enums as Enum), or as a pandas DataFrame
    with backend="pandas" (pip install 'nkdata[pandas]')."""
    from nkdata.loading import load as _load

    return _load(name, path, backend=backend)


def load_all(path=None, *, backend="polars"):
    """Load every table: a dict of table name to DataFrame."""
    from nkdata.loading import load_all as _load_all

    return _load_all(path, backend=backend)


def validate(path=None, *, frictionless="auto", corpus=None):
    """Validate a data package (default: the installed one) and return a `Report`; with CORPUS (a folder of
    archived source texts), also check that every evidence quote occurs in its source's text. FRICTIONLESS:
    "auto" runs the Frictionless layer on packages of at most `nkdata.validation.run.FRICTIONLESS_AUTO_MB` of
    CSV, "always" (or True), "never" (or False)."""
    from nkdata.validation.run import validate as _validate

    return _validate(path, frictionless=frictionless, corpus=corpus)


def resolve(text, kind="actor", date=None, *, path=None):
    """The actor or place TEXT names ("Dijarik", "Naka", "the UN Secretary-General" on DATE): a `Match`
    with id, canonical name, score and method, or None when there is no confident match."""
    from nkdata.resolve import resolve as _resolve

    return _resolve(text, kind, date, path=path)
