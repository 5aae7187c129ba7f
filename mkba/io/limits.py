"""The bounds on what mkba reads, in one place (documented in docs/scenario-format.md, "Limits").

Every input is bounded so that no file, however made, hangs a run or exhausts memory: a file
beyond a bound is refused with a located error naming the bound, never read in part.
"""

from __future__ import annotations

from .. import errors

__all__ = ["MAX_YAML_DEPTH", "MAX_ALIAS_VALUES", "MAX_DIGITS", "MAX_NUMBER_CHARS", "MAX_TABLE_ROWS",
           "MAX_TABLE_WIDTH", "MAX_XLSX_BYTES", "MAX_XLSX_PART_BYTES", "MAX_XLSX_RATIO", "MAX_CSV_BYTES",
           "MAX_GEOJSON_BYTES", "MAX_JSON_DEPTH", "MAX_DISCOUNT_FACTOR", "MAX_SHOWN", "MAX_SAMPLES", "MAX_SEED",
           "MAX_WORKERS",
           "MAX_RESPONDENTS", "MAX_RESULTS_BYTES", "MAX_MEASURES"]

MAX_YAML_DEPTH = 50
"""Nesting levels of a YAML file (a scenario uses about 6); deeper nesting is refused at its line."""
MAX_ALIAS_VALUES = 10_000
"""Values YAML aliases (``*name``) may repeat in all: enough for shared defaults, too few for an
alias bomb ("billion laughs"), which is refused at its line before anything is expanded."""
MAX_DIGITS = 30
"""Digits of a whole number in YAML; a longer run of digits is read as text (and refused where a
number is expected): no amount in euros or units needs more, and Python refuses ints of 4,300."""
MAX_NUMBER_CHARS = 64
"""Characters of a number written as text (a CSV cell, a quoted YAML value)."""
MAX_TABLE_ROWS = 1_000_000
"""Data rows of a measures table (a CSV file or a sheet)."""
MAX_MEASURES = 20_000
"""Measures a scenario may hold (a wijkplan's longlist has tens to hundreds). Refused before the rows
are checked: the portfolio stages grow faster than the list (measured by benchmarks/large_longlist.py:
10,000 measures run in about 2 minutes, 100,000 did not finish in 45), so a longer list is split by
area or theme, or screened first. The sensitivity stage has its own, lower bound
(``mkba.sensitivity.MAX_MEASURES``)."""
MAX_TABLE_WIDTH = 1_000
"""Columns of a measures table."""
MAX_CSV_BYTES = 200_000_000
"""Size of a CSV measures table."""
MAX_XLSX_BYTES = 100_000_000
"""Size of an .xlsx workbook as stored."""
MAX_XLSX_PART_BYTES = 500_000_000
"""Size of one part of a workbook once unpacked (a sheet's XML); larger is a zip bomb or too big."""
MAX_XLSX_RATIO = 200
"""How much a part of a workbook may grow when unpacked (sheet XML packs about 10:1, 100:1 for
very regular sheets); more is the mark of a zip bomb."""
MAX_GEOJSON_BYTES = 50_000_000
"""Size of a GeoJSON file: a map for a steering group does not need more detail."""
MAX_JSON_DEPTH = 50
"""Nesting levels of a GeoJSON file (a multipolygon needs 7 with its collection)."""
MAX_RESULTS_BYTES = 2_000_000_000
"""Size of a results.json that ``mkba report`` reads."""
MAX_DISCOUNT_FACTOR = 10**100
"""The largest discount factor a constant rate may reach over the horizon (a rate near -100 % over
centuries): amounts of up to 1e15 euros then stay far from overflow in every stage."""
MAX_SHOWN = errors.MAX_SHOWN
"""Characters of a bad value shown in a message; a longer value is cut, with its length given."""
MAX_SAMPLES = 10_000_000
"""Monte Carlo samples of a run (``--samples``, ``sensitivity.samples``)."""
MAX_SEED = 2**63 - 1
"""The largest seed (NumPy takes any non-negative integer; one of 63 bits is plenty)."""
MAX_WORKERS = 1_024
"""Local worker processes of ``mkba batch --workers``."""
MAX_RESPONDENTS = 1_000
"""Forms per stakeholder of ``mkba survey --respondents``."""
REPORT_FORMATS = ("html", "md", "xlsx")
"""The report formats (``mkba run`` writes all three; ``mkba report --format``): here, not in
:mod:`mkba.writers`, so the command line can list them without importing the report machinery."""
