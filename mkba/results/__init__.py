"""The results format: what ``results.json`` holds, block by block, as typed dictionaries.

``results.json`` is the one file between a run and everything that reads it (the reports, the map
export, the batch summary, a user's notebook). Its blocks are :class:`typing.TypedDict` classes:
the JSON text *is* the typed value (no conversion in either direction, so writing and reading add
no rounding and no copy), a type checker checks the writers and the readers against the same
declarations, and every field carries its meaning as ``Annotated`` metadata, from which
``python -m mkba.results`` prints docs/results-format.md.

:mod:`.types` declares the blocks, :mod:`.validate` checks a dict against them, :mod:`.doc`
writes the document and :mod:`.build` builds the scenario block from the domain model.

A field missing from a block is an error unless the block declares it optional (a ``total=False``
class); a key not declared is allowed (a newer writer of the same format version may add one, and
the appraisal rows carry one key per criterion). :func:`load` checks a dict once, raising
:class:`ResultsFormatError` with the path of the first field that is missing or of the wrong type
and the file's ``format_version``; after that a reader indexes required fields directly. :func:`read`
reads a results.json file and checks it, any fault of the file (missing, cut off, not JSON) a
:class:`ResultsFormatError` naming it.
"""

from __future__ import annotations

from .build import scenario_block
from .doc import blocks, markdown
from .types import *  # noqa: F403 - the block types, as listed in mkba.results.types.__all__
from .types import __all__ as _TYPES
from .validate import ResultsFormatError, check, load, read, type_text

__all__ = ["ResultsFormatError", "load", "check", "read", "scenario_block", "markdown", "blocks", "type_text", *_TYPES]
