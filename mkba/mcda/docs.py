"""The method table of docs/methods.md, generated from the registry (``python -m mkba.mcda.docs``)."""

from __future__ import annotations

from pathlib import Path

from .registry import METHODS

__all__ = ["MARKER", "methods_markdown", "update"]

MARKER = "<!-- the method table below is generated from mkba.mcda.METHODS by `python -m mkba.mcda.docs` -->"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _kernels(m) -> str:
    sampled = ("sampled kernels `prepare`/`combine`" if m.sampled else
               "no sampled kernels: SMAA with sampled values scores one sample at a time with the batch kernel")
    return f"`{m.kernel.__module__}`: `reference`, batch `kernel`, {sampled}"


def methods_markdown() -> str:
    """One section per registered method: source, direction, parameters, zero spread, kernels, deviations."""
    lines = ["", "| method | better | additive | linear in w | sampled values | parameters |", "|---|---|---|---|---|---|"]
    for m in METHODS.values():
        params = ", ".join(f"`{p.name}`" + ("" if p.default is None else f" = `{p.default}`")
                           for p in m.params.values()) or "none"
        lines.append(f"| `{m.name}`: {_cell(m.label)} | {'higher' if m.higher_is_better else 'lower'} | "
                     f"{'yes' if m.additive else 'no'} | {'yes' if m.linear else 'no'} | "
                     f"{'block kernels' if m.sampled else 'one sample at a time'} | {params} |")
    lines.append("")
    for m in METHODS.values():
        lines += [f"### `{m.name}`", "", f"- Source: {_cell(m.source)}",
                  f"- A criterion on which every measure is equal: {_cell(m.zero_spread)}"]
        for p in m.params.values():
            lines.append(f"- `{p.name}`: {_cell(p.doc)}")
        if m.notes:
            lines.append(f"- Notes: {_cell(m.notes)}")
        lines.append(f"- Kernels: {_kernels(m)}")
        lines.append("")
    return "\n".join(lines)


def update(path: Path) -> str:
    """The text of ``path`` with everything after :data:`MARKER` regenerated."""
    head = path.read_text(encoding="utf-8").split(MARKER)[0]
    return head + MARKER + "\n" + methods_markdown()


if __name__ == "__main__":  # pragma: no cover - exercised by tests/test_docs.py through update()
    target = Path(__file__).resolve().parents[2] / "docs" / "methods.md"
    target.write_text(update(target), encoding="utf-8")
