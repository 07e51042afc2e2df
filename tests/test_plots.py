"""`nkdata plot timeline|map`: PNG images of the expected size that are not blank, and a self-contained HTML page."""

from __future__ import annotations

import struct
import subprocess
import sys

import matplotlib.image
import pytest

from package_builder import REPO


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("kind", ["timeline", "map"])
def test_plot_png_is_a_picture_of_the_expected_size(tmp_path, kind):
    out = tmp_path / f"{kind}.png"
    run = subprocess.run([sys.executable, "-m", "nkdata", "plot", kind, "-o", str(out)], capture_output=True,
                         text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert _png_size(out.read_bytes()) == (1600, 900)
    pixels = matplotlib.image.imread(out)
    assert pixels.std() > 0.05  # not a blank canvas
    assert (pixels[..., :3].reshape(-1, 3) != pixels[0, 0, :3]).any(axis=1).mean() > 0.02  # ink on the page


def test_plot_html_embeds_the_image(tmp_path):
    out = tmp_path / "timeline.html"
    run = subprocess.run([sys.executable, "-m", "nkdata", "plot", "timeline", "-o", str(out)], capture_output=True,
                         text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "data:image/png;base64," in page and "<script" not in page


@pytest.mark.parametrize(("kind", "name"), [("bars", "x.png"), ("map", "x.pdf")])
def test_plot_refuses_unknown_kinds_and_outputs(tmp_path, kind, name):
    run = subprocess.run([sys.executable, "-m", "nkdata", "plot", kind, "-o", str(tmp_path / name)],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode != 0 and "Traceback" not in run.stderr
