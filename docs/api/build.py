"""Build mkba's API reference from its docstrings with pdoc (``pip install -e ".[docs]"``).

    python docs/api/build.py [--out build/api]

writes one HTML page per public module (with a search index) to ``--out``; open ``index.html``.
Any warning while building (a name in ``__all__`` that does not resolve, a module that fails to
import, a docstring pdoc cannot process, an annotation it cannot evaluate) is printed and fails
the build (exit code 1), so the reference CI builds (.ci/run) is complete. Docstrings are read as
NumPy style with reStructuredText roles (``:func:`mkba.run```), as mkba writes them.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import pkgutil
import sys
import time
import warnings
from pathlib import Path
from typing import TypedDict, is_typeddict

import pdoc
import pdoc.render

import mkba
import mkba.results

MODULES = [
    "mkba",  # the lazy exports: read_scenario, scenario, run, write_run, the result types, the errors
    "mkba.mcda", "mkba.weights", "mkba.portfolio", "mkba.sensitivity", "mkba.discount", "mkba.geo",  # kernels
    "mkba.labels", "mkba.model", "mkba.errors",
    "mkba.io.scenario", "mkba.stages", "mkba.pipeline",  # reading, the stages and their result objects
    "mkba.results", "mkba.writers", "mkba.report", "mkba.batch", "mkba.survey", "mkba.testing",
]
"""The public modules, each with what its ``__all__`` exports (``mkba.stages``: every stage module)."""


def resolve_lazy_exports() -> None:
    """Put mkba's lazy exports (imported on first use, see ``mkba.__getattr__``) into the module, where
    pdoc looks for the names of ``__all__``."""
    for name in mkba.__all__:
        setattr(mkba, name, getattr(mkba, name))


def typeddict_bases() -> None:
    """Let pdoc find the fields a TypedDict inherits (the results format's ``total=False`` blocks) on
    Python < 3.12, where a TypedDict forgets its bases: pdoc reads them from ``__orig_bases__`` ending
    in ``TypedDict`` (its documented workaround), so each TypedDict of :mod:`mkba.results` gets
    its chain of bases there, as its source writes them. Python 3.12 keeps them and needs nothing."""
    if sys.version_info >= (3, 12):
        return
    for info in pkgutil.iter_modules(mkba.results.__path__, "mkba.results."):
        if info.name.rpartition(".")[2].startswith("_"):
            continue  # __main__ prints the format
        module = importlib.import_module(info.name)
        names = vars(module)
        written = {node.name: [b.id for b in node.bases if isinstance(b, ast.Name)]
                   for node in ast.parse(inspect.getsource(module)).body if isinstance(node, ast.ClassDef)}

        def chain(name: str, names: dict = names, written: dict = written) -> list[type]:
            bases = [b for b in written.get(name, []) if is_typeddict(names.get(b))]
            return [x for b in bases for x in (names[b], *chain(b))]

        for name in written:
            if is_typeddict(names.get(name)):
                names[name].__orig_bases__ = (*chain(name), TypedDict)


def build(out: Path) -> list[str]:
    """Write the reference to ``out``; the warnings raised while building it."""
    resolve_lazy_exports()
    typeddict_bases()
    for name in MODULES:  # imported first: a dependency's import-time notice is not the reference's
        importlib.import_module(name)
    pdoc.render.configure(docformat="numpy", footer_text=f"mkba {mkba.__version__}", search=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*MODULES, output_directory=out)
    return [f"{w.category.__name__}: {w.message}" for w in caught]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("build/api"), help="the folder to write (default build/api)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    problems = build(args.out)
    pages = len(list(args.out.rglob("*.html")))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"API reference: {pages} pages in {args.out} ({time.perf_counter() - start:.1f} s), "
          f"{len(problems)} warning(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
