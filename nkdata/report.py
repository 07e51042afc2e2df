"""The one validation report: findings from every layer, merged, located and printable as text or JSON.

A finding names the file, the CSV line (header = line 1), the column, the rule id, the offending value and
a plain message. Two layers that find the same problem in the same cell produce one finding that lists both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

_DERIVED = {"date", "time", "claim", "agreement", "role", "actor"}  # rule families that read typed dates/numbers


@dataclass(frozen=True)
class Finding:
    file: str
    line: int | None
    column: str | None
    rule: str
    value: str | None
    message: str
    severity: str = "error"
    layers: tuple[str, ...] = ()

    @property
    def key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule)

    def sort_key(self) -> tuple:
        """Whole-file problems (a missing file, a spreadsheet's save format, a wrong header) first: they cause
        the rest, and a contributor should fix them before reading further."""
        whole_file = (self.rule.startswith(("package.", "csv.", "table.")) or self.rule == "schema.header") \
            and self.rule != "package.hash"  # a stale fingerprint follows from the edits themselves
        return (not whole_file, self.file, self.line or 0, self.column or "", self.rule, self.value or "")

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "rule": self.rule,
                "severity": self.severity, "value": self.value, "message": self.message, "layers": list(self.layers)}


@dataclass
class Report:
    """What `nkdata validate` found. `exit_code`: 0 valid, 1 invalid, 2 unusable input."""

    package: str
    findings: list[Finding] = field(default_factory=list)
    unusable: bool = False
    layers_run: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # how the run was made, when it matters to reading the result (a layer left out)

    @classmethod
    def merge(cls, package: str, found: list[Finding], *, unusable: bool = False, layers_run=(),
              notes=()) -> "Report":
        merged: dict[tuple, Finding] = {}
        for f in found:
            if f.key in merged:
                old = merged[f.key]
                merged[f.key] = replace(old, layers=tuple(sorted(set(old.layers) | set(f.layers))))
            else:
                merged[f.key] = f
        # A cell that does not parse cannot be judged further: drop other findings on that cell, and the
        # date/time rules on its row, which would only echo the type error.
        bad_cells = {(f.file, f.line, f.column) for f in merged.values() if f.rule == "schema.type"}
        bad_rows = {cell[:2] for cell in bad_cells}
        kept = [f for f in merged.values() if f.rule == "schema.type" or (
            (f.file, f.line, f.column) not in bad_cells
            and not ((f.file, f.line) in bad_rows and f.rule.split(".")[0] in _DERIVED))]
        return cls(package, sorted(kept, key=Finding.sort_key), unusable, tuple(layers_run), tuple(notes))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.unusable and not self.errors

    @property
    def exit_code(self) -> int:
        return 2 if self.unusable else (1 if self.errors else 0)

    @property
    def status(self) -> str:
        return "unusable" if self.unusable else ("invalid" if self.errors else "valid")

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}

    def to_json(self) -> str:
        return json.dumps({"package": self.package, "status": self.status, "exit_code": self.exit_code,
                           "layers": list(self.layers_run), "notes": list(self.notes), "errors": len(self.errors),
                           "warnings": len(self.warnings), "findings": [f.as_dict() for f in self.findings]},
                          ensure_ascii=False, indent=2)

    def to_github(self) -> str:
        """GitHub Actions workflow commands: each finding annotates its CSV line in a pull request."""
        def escape(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        lines = []
        for f in self.findings:
            place = f"file={escape(f.file)}" + (f",line={f.line}" if f.line else "")
            column = f" [{f.column}]" if f.column else ""
            lines.append(f"::{f.severity} {place},title={escape(f.rule)}::{escape(f.message + column)}")
        lines.append(self.to_text().splitlines()[-1])
        return "\n".join(lines)

    def to_text(self) -> str:
        lines = []
        for f in self.findings:
            where = f.file + (f":{f.line}" if f.line else "") + (f" [{f.column}]" if f.column else "")
            value = f" value={f.value!r}" if f.value is not None else ""
            lines.append(f"{f.severity.upper():7} {where} {f.rule}:{value} {f.message}")
        layers = ", ".join(self.layers_run) or "none"
        lines += [f"NOTE    {note}" for note in self.notes]
        lines.append(f"{self.status.upper()}: {len(self.errors)} error(s), {len(self.warnings)} warning(s) in "
                     f"{self.package} (layers: {layers})")
        return "\n".join(lines)
