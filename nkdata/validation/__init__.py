"""Validation layers (Frictionless, pandera, integrity rules) and the runner that merges their findings."""
