"""`python -m nkdata` runs the command-line interface."""

from nkdata.cli import run

run()
