"""Exceptions that carry a plain message for the user, never a traceback."""


class NkdataError(Exception):
    """Base class: the CLI prints the message and exits non-zero."""

    exit_code = 1


class PackageError(NkdataError):
    """The input is not a usable data package (missing descriptor or file, unreadable encoding, bad path)."""

    exit_code = 2

    def __init__(self, message, *, file=None, line=None, rule="package.unusable"):
        super().__init__(message)
        self.file, self.line, self.rule = file, line, rule


class DataError(NkdataError):
    """A table's contents cannot be typed as its schema says (raised by `load`, reported by `validate`)."""
