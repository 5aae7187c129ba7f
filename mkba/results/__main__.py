"""``python -m mkba.results`` prints docs/results-format.md."""

import sys

from .doc import markdown

sys.stdout.write(markdown())
