"""The built-in MCDA methods, one module each, registered at import.

A method module defines, side by side, its plain one-vector ``reference``, its batch ``kernel``
(one matrix, K weight vectors), where it has them its sampled ``prepare``/``combine`` kernels
(B sampled matrices, one weight vector each: SMAA with uncertain values) and whatever it
shares between them (normalisation, distances, checks), and ends with one
:func:`~mkba.mcda.registry.register` call that couples them with the parameters, the direction,
the source and the documented deviations (:class:`~mkba.mcda.registry.Method`).

Adding a method is adding a module here (every module whose name does not start with ``_`` is
imported) plus its published-example test; the registry-wide test
(tests/mcda/test_method_kernels.py) checks its kernels against each other, and
``python -m mkba.mcda.docs`` adds it to docs/methods.md.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module

__all__: list[str] = []

#: Registration order of the built-in methods (the order of ``METHODS`` and of the docs table);
#: modules not listed follow in alphabetical order.
ORDER = ("topsis", "vikor", "promethee2", "wsm", "wpm", "copras", "moora", "edas", "spotis", "mavt")


def _modules() -> list[str]:
    found = {m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")}
    return [n for n in ORDER if n in found] + sorted(found - set(ORDER))


for _name in _modules():
    import_module(f"{__name__}.{_name}")
