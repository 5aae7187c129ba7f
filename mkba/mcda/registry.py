"""The registry of MCDA methods: one checked :class:`Method` entry per name.

Every entry is the one place where a method's implementations are found: a plain one-vector
*reference* implementation (readable, used to cross-check), a vectorised *batch kernel* (one
matrix, K weight vectors: :func:`mkba.mcda.evaluate`, stability intervals), optionally the two
*sampled* kernels (B matrices, one weight vector each: SMAA with uncertain values, see
:mod:`mkba.mcda.sampled`), and the parameters the method accepts. Each built-in method is one
module of :mod:`mkba.mcda.methods` that defines its kernels side by side and registers them.

:func:`register` checks an entry once, when it is added (convention C6): callables present,
every parameter documented, every default valid, the kernels accepting every parameter by
keyword, sampled kernels given as a pair, examples given where a parameter is required.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping, Sequence

from ..errors import MethodError, closest

__all__ = ["Param", "Method", "METHODS", "register", "check_method", "get_method", "check_params", "LIST_RELATIVE",
           "ADDITIVE_OBJECTIVES", "refuse_non_additive"]

#: The note of every method whose score is normalised over the list of measures.
LIST_RELATIVE = ("list-relative: the score is normalised over the measures in the list, so adding or removing a "
                 "measure changes the others' scores; not usable as a portfolio objective")


@dataclass(frozen=True)
class Param:
    """One parameter of a method.

    ``check(value, n_criteria)`` returns the value in canonical form or raises
    :class:`MethodError` naming what is valid; ``n_criteria`` is None when unknown
    (then per-criterion lengths are not checked). ``default`` None means "not given";
    a parameter with ``required=True`` has no default at all.
    """

    name: str
    default: Any
    doc: str
    check: Callable[[Any, int | None], Any]
    required: bool = False


@dataclass(frozen=True)
class Method:
    """A registered MCDA method.

    Attributes
    ----------
    name : lower-case key in :data:`METHODS`.
    label : human-readable name with the source.
    higher_is_better : whether a larger score is a better measure.
    additive : True only when a measure's score is an additive value on a scale fixed
        independently of the rest of the list (so it may be summed over a portfolio).
        Every method that normalises over the list (min-max, vector, sum, average, ideal
        points, pairwise flows) is list-relative and therefore False.
    params : the accepted parameters, by name.
    reference : ``reference(matrix, w, types, **params) -> (n,)``, the plain one-vector form.
    kernel : ``kernel(matrix, W, types, **params) -> (K, n)``, vectorised over K weight rows.
    zero_spread : what a criterion on which every measure is equal contributes.
    source : the paper the implementation follows.
    notes : deviations from other implementations, and why.
    check : optional cross-parameter check ``check(params, n_criteria) -> params``.
    prepare, combine : the *sampled* kernels, both or neither. ``prepare(xt, types, **params)``
        computes the weight-independent part (normalisation, distances, flows) of a block of B
        sampled matrices in (n, B, m) layout; ``combine(prepared, W, types, **params) -> (B, n)``
        scores sample k with weight row ``W[k]`` (W may be one row broadcast over the block, stride
        0: the confidence factors' central weights). ``combine(prepare(...))`` equals the batch
        kernel per sample (to 1e-9 relative, tested for every entry). Without them (None) SMAA
        with sampled values falls back to the batch kernel once per sample, with a
        :class:`~mkba.mcda.sampled.PerSampleFallbackWarning` (see :attr:`sampled`).
    linear : True when the score is linear in the weights, ``W @ v.T`` for an (n, m) matrix ``v``
        that does not depend on the weights: stability intervals and the critical criterion are
        then exact (crossing points) instead of bisected (checked numerically for every entry).
    examples : ``examples(values) -> [params, ...]``, parameter sets valid for ``values`` of shape
        (..., n, m) with values in [1, 100], with which the registry-wide test
        (tests/mcda/test_method_kernels.py) checks the kernels against each other; None: the
        defaults only. Required when a parameter is required.
    """

    name: str
    label: str
    higher_is_better: bool
    additive: bool
    params: Mapping[str, Param]
    reference: Callable[..., Any]
    kernel: Callable[..., Any]
    zero_spread: str
    source: str
    notes: str = ""
    check: Callable[[dict[str, Any], int | None], dict[str, Any]] | None = None
    prepare: Callable[..., Any] | None = None
    combine: Callable[..., Any] | None = None
    linear: bool = False
    examples: Callable[[Any], Sequence[Mapping[str, Any]]] | None = None
    defaults: Mapping[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        object.__setattr__(self, "defaults", MappingProxyType(
            {p.name: p.default for p in self.params.values() if not p.required}))

    @property
    def sampled(self) -> bool:
        """Whether the method has sampled kernels; if not, sampled values are scored one sample at a time."""
        return self.prepare is not None and self.combine is not None

    def example_params(self, values: Any) -> list[dict[str, Any]]:
        """The parameter sets of :attr:`examples` for ``values`` (``[{}]`` without examples)."""
        return [dict(p) for p in self.examples(values)] if self.examples is not None else [{}]


_METHODS: dict[str, Method] = {}
METHODS: Mapping[str, Method] = MappingProxyType(_METHODS)


def _accepts(func: Callable[..., Any], names: list[str]) -> list[str]:
    sig = inspect.signature(func)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in sig.parameters.values()):
        return []
    return [n for n in names if n not in sig.parameters]


def register(method: Method) -> Method:
    """Add ``method`` to :data:`METHODS` after checking it (:func:`check_method`); returns it unchanged.

    Raises
    ------
    TypeError
        The entry is malformed (a programming error, not user input).
    """
    problems = [f"{method.name!r} is already registered"] if method.name in _METHODS else []
    check_method(method, problems)
    _METHODS[method.name] = method
    return method


def check_method(method: Method, problems: list[str] | None = None) -> Method:
    """Check an entry as :func:`register` does, without registering it (e.g. an entry used by
    SMAA only); returns it unchanged.

    Raises
    ------
    TypeError
        The entry is malformed, or ``problems`` (found by the caller) is not empty.
    """
    problems = list(problems or [])
    if not method.name or method.name != method.name.lower() or not method.name.isidentifier():
        problems.append(f"name {method.name!r} must be a lower-case identifier")
    kernels = ["reference", "kernel"] + [a for a in ("prepare", "combine") if getattr(method, a) is not None]
    for attr in ("check", "examples", "prepare", "combine"):
        if getattr(method, attr) is not None and not callable(getattr(method, attr)):
            problems.append(f"{attr} is not callable")
    if (method.prepare is None) != (method.combine is None):
        problems.append("sampled kernels come as a pair: give both prepare and combine, or neither")
    for attr in ("reference", "kernel"):
        if not callable(getattr(method, attr)):
            problems.append(f"{attr} is not callable")
    for key, param in method.params.items():
        if key != param.name:
            problems.append(f"param key {key!r} != name {param.name!r}")
        if not param.doc.strip():
            problems.append(f"param {key!r} is undocumented")
        if not callable(param.check):
            problems.append(f"param {key!r} has no check")
        elif not param.required and param.default is not None:
            try:
                param.check(param.default, None)
            except MethodError as err:
                problems.append(f"default of {key!r} is invalid: {err}")
    if method.examples is None and any(p.required for p in method.params.values()):
        problems.append("a method with a required parameter needs examples (parameter sets for the kernel tests)")
    names = list(method.params)
    for attr in kernels:
        func = getattr(method, attr)
        if callable(func):
            missing = _accepts(func, names)
            if missing:
                problems.append(f"{attr} does not accept {missing}")
    for attr in ("label", "zero_spread", "source"):
        if not getattr(method, attr).strip():
            problems.append(f"{attr} is empty")
    if problems:
        raise TypeError(f"cannot register MCDA method {method.name!r}: " + "; ".join(problems))
    return method


def get_method(name: object) -> Method:
    """The entry for ``name`` (case-insensitive), or a MethodError with the valid names."""
    key = str(name).strip().lower() if isinstance(name, str) else name
    if isinstance(key, str) and key in _METHODS:
        return _METHODS[key]
    valid = sorted(_METHODS)
    hint = closest(key, valid) if isinstance(key, str) else None
    msg = f"unknown MCDA method {name!r}; valid methods: {', '.join(valid)}"
    if hint:
        msg += f"; did you mean {hint!r}?"
    raise MethodError(msg)


def check_params(name: str, params: Mapping[str, Any], *, n_criteria: int | None = None) -> dict[str, Any]:
    """Check ``params`` for method ``name`` and return them with defaults filled in.

    Raises
    ------
    MethodError
        Unknown method, unknown parameter (with the closest valid one), a missing
        required parameter, or a value the parameter's check rejects.
    """
    method = get_method(name)
    valid = sorted(method.params)
    resolved: dict[str, Any] = {}
    for key, value in params.items():
        if key not in method.params:
            hint = closest(key, valid)
            msg = (f"{method.name}: unknown parameter {key!r}; valid parameters: "
                   f"{', '.join(valid) if valid else '(none)'}")
            if hint:
                msg += f"; did you mean {hint!r}?"
            raise MethodError(msg)
    for key, param in method.params.items():
        if key in params and params[key] is not None:
            resolved[key] = param.check(params[key], n_criteria)
        elif param.required:
            raise MethodError(f"{method.name}: parameter {key!r} is required ({param.doc})")
        else:
            resolved[key] = param.default
    if method.check is not None:
        resolved = method.check(resolved, n_criteria)
    return resolved


# -- which scores a portfolio may sum (here, beside the registry it asks, so the scenario reader checks a
# portfolio objective without importing the portfolio kernel; mkba.portfolio re-exports both) ---------

ADDITIVE_OBJECTIVES = ("npv", "mavt", "value")


def refuse_non_additive(method: str) -> None:
    """Raise :class:`MethodError` unless ``method`` gives an additive value anchored at "not done" = 0.

    A portfolio's value is the sum of its measures' values, so a measure's value must not
    depend on which other measures are on the list, and "not done" must score 0. NPV and an
    MAVT value on fixed anchors (:func:`mkba.portfolio.anchored_values`) qualify. TOPSIS closeness, VIKOR's Q,
    PROMETHEE net flows and min-max weighted sums are normalised over the longlist: adding an
    unrelated measure changes every score, their zero is the worst (or anti-ideal) measure
    rather than "not done", and PROMETHEE II flows sum to zero over the list. Summing them
    fills the budget with whatever scores above that arbitrary zero (Clemen & Smith 2009,
    Decision Analysis 6(4):256-262; Morton 2015, EJOR 245(3):789-796; methodology B.2, R9).
    """
    name = str(method).lower()
    if name in ADDITIVE_OBJECTIVES:
        return
    entry = METHODS.get(name)
    if entry is not None and entry.additive:
        return
    why = ("its scores are normalised over the longlist (adding or removing a measure changes every "
           "other measure's score) and its zero is the worst or anti-ideal measure, not 'not done'; "
           "a sum of such scores over a portfolio has no meaning (Clemen & Smith 2009; Morton 2015)")
    if entry is None:
        hint = closest(name, list(METHODS) + list(ADDITIVE_OBJECTIVES))
        raise MethodError(f"portfolio objective {method!r} is unknown; use one of {', '.join(ADDITIVE_OBJECTIVES)}"
                          + (f" (did you mean {hint!r}?)" if hint else ""))
    if name == "promethee2":
        why += "; PROMETHEE II net flows moreover sum to zero over the list"
    if name == "vikor":
        why += "; VIKOR's Q is moreover a regret index where lower is better"
    raise MethodError(f"portfolio objective {method!r} refused: {why}. Optimise the NPV or an MAVT value "
                      f"anchored at zero effect (mkba.portfolio.anchored_values) and use {method!r} for "
                      f"ranking diagnostics only.")
