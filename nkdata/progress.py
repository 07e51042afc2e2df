"""Progress bars for the long commands (validating or exporting a big package), on a terminal only.

A bar is drawn on stderr when stderr is a terminal, and never in CI logs (`CI` set), pipes or files, or when
NKDATA_PROGRESS=0: there it would only add escape codes to the log. rich is imported only when a bar is drawn.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def wanted(stream=None) -> bool:
    stream = sys.stderr if stream is None else stream
    if os.environ.get("NKDATA_PROGRESS") == "0" or os.environ.get("CI"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class Bar:
    """What a command reports its progress to; the silent one does nothing."""

    def __init__(self, progress=None, task=None):
        self._progress, self._task = progress, task

    def advance(self, amount: float, description: str | None = None) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=amount,
                                  **({"description": description} if description else {}))


@contextmanager
def bar(description: str, total: float, *, console=None) -> Iterator[Bar]:
    """A bar of TOTAL units; CONSOLE (a rich Console) forces one, for tests."""
    if console is None and not wanted():
        yield Bar()
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<32}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console or Console(stderr=True), transient=console is None) as progress:
        yield Bar(progress, progress.add_task(description, total=total))
