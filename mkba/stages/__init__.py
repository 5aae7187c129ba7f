"""The stages of a run: each adapts a :class:`~mkba.model.Scenario` to the pure kernels below it.

In the order of the data flow: :mod:`.appraisal` (MKBA: present values, NPV, B/C, who pays and
gains) -> :mod:`.matrix` (the decision matrix) -> :mod:`.weighting` (each party's weights and the
group's) -> :mod:`.scoring` (rankings per party) -> :mod:`.selection` (the portfolio) ->
:mod:`.sensitivity` (SMAA, stability, tornado, core index) -> :mod:`.roadmap` and :mod:`.places`
(plan and map) -> :mod:`.provenance` -> :mod:`.futures` (every measure and the package in each
named future). :mod:`mkba.pipeline` runs them in this order;
:mod:`.prepare` is the appraisal -> matrix -> weights chain that the pipeline, the portfolio
problem, the dry run and the survey share, and :mod:`.check` reads a scenario and dry-runs that
chain (``mkba validate``). A stage imports
kernels (:mod:`mkba.mcda`, :mod:`mkba.weights`, :mod:`mkba.discount`, :mod:`mkba.portfolio`,
:mod:`mkba.sensitivity`, :mod:`mkba.geo`), the domain model and the reader, never the edges
(writers, report, batch, survey, CLI); see docs/architecture.md.
"""
