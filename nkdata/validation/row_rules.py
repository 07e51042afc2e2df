"""Cross-column rules inside one row, as polars expressions that are True where a row passes.

They run as pandera dataframe checks (named by rule id). Each rule lists the column its finding points at.
Null cells pass: missing values are the job of `required`, not of these rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class RowRule:
    rule: str
    column: str
    passes: pl.Expr
    message: str


def _ok(expr: pl.Expr) -> pl.Expr:
    return expr.fill_null(True)


def _order(start: str, end: str) -> pl.Expr:
    return _ok(pl.col(start) <= pl.col(end))


def _paired(time: str, offset: str) -> pl.Expr:
    return pl.col(time).is_null() == pl.col(offset).is_null()


_s, _e, _p = pl.col("date_start"), pl.col("date_end"), pl.col("date_precision").cast(pl.String)
_whole_months = (_s.dt.day() == 1) & (_e == _e.dt.month_end())
_whole_years = _whole_months & (_s.dt.month() == 1) & (_e.dt.month() == 12)
_precision_fits = (
    pl.when(_p == "minute").then(pl.col("time_local").is_not_null())
    .when(_p == "day").then(pl.col("time_local").is_null())
    .when(_p == "month").then(_whole_months & pl.col("time_local").is_null())
    .when(_p == "year").then(_whole_years & pl.col("time_local").is_null())
    .otherwise(True)
)

ROW_RULES: dict[str, list[RowRule]] = {
    "actors": [RowRule("date.order", "active_to", _order("active_from", "active_to"),
                       "active_to is before active_from")],
    "actor_roles": [RowRule("date.order", "end", _order("start", "end"), "end is before start")],
    "events": [
        RowRule("date.order", "date_end", _order("date_start", "date_end"), "date_end is before date_start"),
        RowRule("date.precision", "date_precision", _ok(_precision_fits),
                "dates do not fit the precision: minute needs time_local; day/month/year take no time; month and "
                "year spans must run from the first to the last day of whole months/years"),
        RowRule("time.offset_pair", "utc_offset", _paired("time_local", "utc_offset"),
                "time_local and utc_offset must be given together"),
    ],
    "statements": [RowRule("time.offset_pair", "utc_offset", _paired("time_local", "utc_offset"),
                           "time_local and utc_offset must be given together")],
    "agreements": [
        RowRule("time.offset_pair", "utc_offset", _paired("effective_local", "utc_offset"),
                "effective_local and utc_offset must be given together"),
        RowRule("agreement.effective_before_signed", "effective_local",
                _ok(pl.col("effective_local").dt.date() >= pl.col("date_signed")),
                "the agreement takes effect before the date it was signed"),
    ],
    "claims": [
        RowRule("claim.range", "value", _ok(pl.col("value_low") <= pl.col("value")) & _ok(
            pl.col("value") <= pl.col("value_high")) & _ok(pl.col("value_low") <= pl.col("value_high")),
                "value_low <= value <= value_high does not hold"),
        RowRule("date.order", "as_of", _order("period_start", "as_of"), "as_of is before period_start"),
    ],
}
