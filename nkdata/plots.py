"""Two pictures of the data, drawn with matplotlib (the `plot` extra): `nkdata plot timeline|map -o FILE`.

- timeline: events per day of the 2020 war (27 September - 10 November 2020) by event type, with the moments
  agreed ceasefires took effect marked;
- map: events at their places (longitude, latitude), coloured by type, sized by how many events a place has.

A FILE ending in .png is a PNG image of 1600 x 900 pixels; .html is a self-contained page with the same image
inline (no script, nothing fetched from the network).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from pathlib import Path

import polars as pl

from nkdata.errors import NkdataError
from nkdata.loading import load_all

WAR = (dt.date(2020, 9, 27), dt.date(2020, 11, 10))
SIZE = (16, 9)  # inches, at DPI: 1600 x 900 pixels
DPI = 100
KINDS = ("timeline", "map")


def _figure_timeline(frames: dict[str, pl.DataFrame]):
    import matplotlib.pyplot as plt

    events = frames["events"].filter(pl.col("date_start").is_between(*WAR))
    days = pl.date_range(*WAR, interval="1d", eager=True).alias("date_start")
    types = sorted(events["event_type"].cast(pl.String).unique().to_list())
    counts = (events.group_by("date_start", pl.col("event_type").cast(pl.String)).len()
              .pivot(on="event_type", index="date_start", values="len"))
    table = pl.DataFrame(days).join(counts, on="date_start", how="left").fill_null(0).sort("date_start")
    fig, ax = plt.subplots(figsize=SIZE, dpi=DPI)
    bottom = [0] * table.height
    colours = plt.get_cmap("tab20").colors
    for i, kind in enumerate(types):
        values = table[kind].to_list() if kind in table.columns else [0] * table.height
        ax.bar(table["date_start"].to_list(), values, bottom=bottom, label=kind, color=colours[i % len(colours)],
               width=0.85)
        bottom = [b + v for b, v in zip(bottom, values)]
    top = max(bottom) * 1.15
    ax.set_ylim(0, top)
    agreements = frames["agreements"].filter(pl.col("effective_local").is_not_null())
    for name, when in agreements.select("name", "effective_local").iter_rows():
        if WAR[0] <= when.date() <= WAR[1]:
            ax.axvline(when, color="black", linestyle="--", linewidth=1)
            label = name if len(name) <= 45 else name[:44] + "…"
            ax.annotate(label, (when, top * 0.99), rotation=90, va="top", ha="right", fontsize=8)
    ax.set_title("Events per day in the 2020 war, by type (dashed: a ceasefire takes effect, local time)")
    ax.set_ylabel("events")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def _figure_map(frames: dict[str, pl.DataFrame]):
    import matplotlib.pyplot as plt

    from nkdata.validation.integrity import REGION_BOX

    (lat_lo, lat_hi), (lon_lo, lon_hi) = REGION_BOX["latitude"], REGION_BOX["longitude"]
    places = frames["places"].filter(pl.col("latitude").is_not_null())
    everywhere = frames["events"].join(places.select("place_id", "name", "latitude", "longitude"), on="place_id")
    located = everywhere.filter(pl.col("latitude").is_between(lat_lo, lat_hi)
                                & pl.col("longitude").is_between(lon_lo, lon_hi))
    if located.is_empty():
        raise NkdataError("no event has a place with coordinates in the South Caucasus: nothing to map")
    per_place = located.group_by("place_id", "name", "latitude", "longitude",
                                 pl.col("event_type").cast(pl.String)).len()
    fig, ax = plt.subplots(figsize=SIZE, dpi=DPI)
    colours = plt.get_cmap("tab20").colors
    for i, kind in enumerate(sorted(per_place["event_type"].unique().to_list())):
        part = per_place.filter(pl.col("event_type") == kind)
        ax.scatter(part["longitude"], part["latitude"], s=(part["len"] * 25).to_list(), alpha=0.6, label=kind,
                   color=colours[i % len(colours)], edgecolors="black", linewidths=0.3)
    totals = located.group_by("name", "latitude", "longitude").len().sort("len", descending=True).head(15)
    for name, lat, lon, _ in totals.iter_rows():
        ax.annotate(name.split(" / ")[0], (lon, lat), fontsize=8, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_xlim(lon_lo, lon_hi)
    ax.set_ylim(lat_lo, lat_hi)
    ax.set_title(f"Events at their places in the South Caucasus, by type (marker area: number of events); "
                 f"{everywhere.height - located.height} more events took place elsewhere (Moscow, Washington, ...)")
    legend = ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    for handle in legend.legend_handles:
        handle.set_sizes([40])
    ax.set_aspect(1.25)  # roughly equal distances at 40° N
    fig.tight_layout()
    return fig


def plot(kind: str, output: Path, path: str | Path | None = None) -> Path:
    if kind not in KINDS:
        raise NkdataError(f"unknown plot {kind!r}; choose from {', '.join(KINDS)}")
    if output.suffix not in (".png", ".html"):
        raise NkdataError(f"{output}: the output must end in .png or .html")
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    frames = load_all(path)
    fig = _figure_timeline(frames) if kind == "timeline" else _figure_map(frames)
    image = io.BytesIO()
    fig.savefig(image, format="png", dpi=DPI)
    plt.close(fig)
    if output.suffix == ".png":
        output.write_bytes(image.getvalue())
    else:
        title = html.escape(f"nkdata {kind}")
        data = base64.b64encode(image.getvalue()).decode("ascii")
        output.write_text(f"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n"
                          f"<body><img alt=\"{title}\" width=\"{SIZE[0] * DPI}\" height=\"{SIZE[1] * DPI}\" "
                          f"src=\"data:image/png;base64,{data}\"></body></html>\n", encoding="utf-8")
    return output
