"""The signature that ties a survey form to its party and its scenario.

``mkba survey`` writes into every form (the XLSX's hidden metadata sheet, the HTML form's data,
and so the JSON it saves) a ``signature``: an HMAC-SHA256 of the form's description (party id,
scenario name and file, kind, language, criteria, their ranges and the questions) under a key
derived from the scenario's input hash (the SHA-256 of its files, ``Scenario.input_hash``), and a
``scenario_tag``, a second one-way digest of that hash. ``mkba collect`` recomputes both from the
scenario it is given and refuses a form:

* without a signature (edited, or not written by ``mkba survey``);
* whose ``scenario_tag`` differs: it was made for another scenario, or for other versions of this
  scenario's files (forms are tied to the files as they were when the forms were written; after
  changing the scenario, make new forms);
* whose signature does not match: its party, scenario or questions were changed after it was
  written (a party changing its form to claim another party's weights).

The limit, honestly: the key is derived from the scenario files, not from a secret kept apart.
The signature detects edits, cross-party and cross-scenario copies by anyone without those
files (the parties, who get only their form); it is not secrecy against someone who holds the
scenario files, who can compute the key with mkba's published code. Neither digest reveals the
input hash (both are one-way), so a form does not leak the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping

__all__ = ["SIGNED_KEYS", "form_key", "scenario_tag", "sign", "signed", "signature_problem"]

SIGNED_KEYS = ("format", "version", "kind", "lang", "scenario", "scenario_file", "stakeholder", "criteria",
               "ranges", "pairs", "required", "scenario_tag")
"""The fields of a form's description that its signature covers (the respondent's name is not one:
it is the respondent's to fill in)."""

_KEY_LABEL = b"mkba-survey-form-key-1"
_TAG_LABEL = b"mkba-survey-scenario-tag-1"


def form_key(input_hash: str) -> bytes:
    """The HMAC key of a scenario's forms: HMAC-SHA256(input hash, a fixed label)."""
    return hmac.new(input_hash.encode("utf-8"), _KEY_LABEL, hashlib.sha256).digest()


def scenario_tag(input_hash: str) -> str:
    """A short one-way tag of a scenario's input hash (16 hex digits), stored in its forms so a
    form from another scenario is named as such, not just as 'edited'."""
    return hmac.new(input_hash.encode("utf-8"), _TAG_LABEL, hashlib.sha256).hexdigest()[:16]


def _payload(meta: Mapping) -> bytes:
    """The signed fields as canonical JSON; range bounds as floats, so a JSON round trip through
    the HTML form's script (which writes 1234567.0 as 1234567) signs the same bytes."""
    fields = {k: meta.get(k) for k in SIGNED_KEYS}
    ranges = fields.get("ranges")
    if isinstance(ranges, Mapping):
        fields["ranges"] = {str(c): [float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
                                     for v in b] if isinstance(b, list) else b for c, b in ranges.items()}
    return json.dumps(fields, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=repr).encode()


def sign(meta: Mapping, input_hash: str) -> str:
    """The signature (hex) of a form's description for the scenario with ``input_hash``."""
    return hmac.new(form_key(input_hash), _payload(meta), hashlib.sha256).hexdigest()


def signed(meta: Mapping, input_hash: str) -> dict:
    """``meta`` with its ``scenario_tag`` and ``signature`` added (what ``mkba survey`` writes)."""
    out = dict(meta) | {"scenario_tag": scenario_tag(input_hash)}
    return out | {"signature": sign(out, input_hash)}


def signature_problem(meta: Mapping, input_hash: str) -> tuple[str, str] | None:
    """Why a returned form's description does not belong to this scenario: ``(problem, what would
    be valid)``, or None when its signature holds."""
    given = meta.get("signature")
    if not isinstance(given, str) or not given:
        return ("the form carries no signature: it was not written by `mkba survey`, or its hidden description "
                "was edited", "a form as `mkba survey` wrote it for this scenario")
    if meta.get("scenario_tag") != scenario_tag(input_hash):
        return ("the form was made for another scenario, or for other versions of this scenario's files",
                "a form made by `mkba survey` from these scenario files (if the scenario changed since the forms "
                "were sent, make new forms)")
    if not hmac.compare_digest(given, sign(meta, input_hash)):
        return ("the form was changed after `mkba survey` wrote it: its party, scenario or questions no longer "
                "match its signature", "the form as `mkba survey` wrote it, changed only in its answers and the "
                "respondent's name")
    return None
