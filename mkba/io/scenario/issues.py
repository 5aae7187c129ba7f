"""Where a problem is: every issue found while reading a scenario, collected with its location.

An issue names its file, sheet, row (as the spreadsheet or editor shows it), field, the bad value,
what would be valid and the closest valid name; nothing is raised while reading, so one pass finds
every problem. An unknown name that refers to an entry whose own id is invalid is one problem, not
two: such references are remembered and dropped at the end (:meth:`Issues.resolve_references`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypedDict

from ...errors import InputIssue, closest

if TYPE_CHECKING:  # typing.Unpack is 3.11+; only mypy reads the annotations (postponed)
    from typing_extensions import Unpack

__all__ = ["Issues", "Place", "Location", "Detail", "IssueFields"]


class Place(TypedDict, total=False):
    """Where in a file an issue is (the keywords of :class:`~mkba.errors.InputIssue`)."""

    sheet: str | None
    row: int | None
    field: str | None


class Location(Place, total=False):
    """Where an issue is, the file included (when it is not the file being read)."""

    file: str | None


class Detail(TypedDict, total=False):
    """What an issue says besides its message: the bad value, what would be valid, the closest name."""

    value: object
    expected: str | None
    suggestion: str | None


class IssueFields(Place, Detail, total=False):
    """Everything of an issue but its file and message."""


class Issues:
    """The issues found so far; ``file`` is the file an issue names unless it names another."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[InputIssue] = []
        self.bad_ids: dict[str, set[str]] = {"criterion": set(), "stakeholder": set(), "measure": set()}
        """Ids that were read but are not valid identifiers (or reserved), reported there. An unknown
        reference may be meant for such an entry: see :meth:`resolve_references`."""
        self._references: list[tuple[InputIssue, str, str, list[str]]] = []
        """Each 'unknown ...' reference issue with the kind of entry and the name it refers to."""

    def error(self, message: str, *, file: str | None = None, **where: Unpack[IssueFields]) -> None:
        self.issues.append(InputIssue(file=file or self.file, message=message, **where))

    def warn(self, message: str, *, file: str | None = None, **where: Unpack[IssueFields]) -> None:
        self.issues.append(InputIssue(file=file or self.file, message=message, severity="warning", **where))

    def unknown(self, what: str, value: object, valid: Sequence[str], *, ref: str | None = None,
                **where: Unpack[Location]) -> None:
        """An unknown name; ``ref`` is the kind of entry ('criterion', 'stakeholder', 'measure') when the
        name refers to an entry defined elsewhere in the scenario."""
        self.error(f"unknown {what}", value=value, expected=f"one of {list(valid)}",
                   suggestion=closest(value, valid), **where)
        if ref is not None:
            self.refers_to(ref, str(value), [str(v) for v in valid])

    def refers_to(self, kind: str, name: str, valid: list[str]) -> None:
        """The last issue is an unknown ``name`` that may be meant for an entry of ``kind``."""
        self._references.append((self.issues[-1], kind, name, valid))

    def resolve_references(self) -> None:
        """Drop the unknown references that are meant for an entry whose own id is invalid.

        That entry is reported already; each reference to it would be a second, false error. When
        a kind has k entries with an invalid id and at most k distinct unknown names refer to that
        kind, all of them are taken to mean those entries; with more names, those nearer to an
        invalid id than to a valid one are.
        """
        drop: set[int] = set()
        for kind, bad in self.bad_ids.items():
            if not bad:
                continue
            refs = [(issue, name, valid) for issue, k, name, valid in self._references if k == kind]
            names = {name for _, name, _ in refs}
            for issue, name, valid in refs:
                if len(names) <= len(bad) or closest(name, valid + sorted(bad)) in bad:
                    drop.add(id(issue))
        if drop:
            self.issues = [i for i in self.issues if id(i) not in drop]

    def error_count(self) -> int:
        return sum(i.severity == "error" for i in self.issues)
