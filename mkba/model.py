"""The validated scenario: frozen domain objects built by :mod:`mkba.io` and read by every stage.

Dutch terms, explained once:

* *nulalternatief*: the most likely future without the measure. Every effect of a measure is
  the difference from it, so a measure that is not done has value 0.
* *PM-post* ("pro memorie"): an effect that is not expressed in money. It is carried beside
  the NPV (*saldo*) and enters the multi-criteria analysis as its own criterion.
* *prijspeil*: the price base year in which every euro amount is expressed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

__all__ = [
    "FrozenMap",
    "Criterion",
    "Effect",
    "Transfer",
    "Measure",
    "DirectWeights",
    "AHPJudgements",
    "SwingWeights",
    "RankOrder",
    "ObjectiveWeights",
    "Elicitation",
    "Stakeholder",
    "AppraisalSettings",
    "MethodSpec",
    "Budget",
    "Rule",
    "RULE_KINDS",
    "PortfolioSettings",
    "SensitivitySettings",
    "Geometry",
    "Area",
    "Layer",
    "MapSettings",
    "MAP_COLOURINGS",
    "Ambition",
    "Future",
    "AmbitionTarget",
    "SharedAmbition",
    "TreeNode",
    "Scenario",
    "NPV_ID",
    "SOCIETY_ID",
]

NPV_ID = "npv"
"""Reserved criterion id: the net present value (saldo) of the monetised effects and costs."""

SOCIETY_ID = "society"
"""Reserved actor id: the rest of society, for effects that reach no stakeholder at the table."""


class FrozenMap(Mapping):
    """A read-only, hashable, picklable mapping that keeps insertion order."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping | None = None, /, **kwargs: Any) -> None:
        self._data = dict(data or {}, **kwargs)

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self) == dict(other)

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenMap], tuple[dict[Any, Any]]]:
        return type(self), (self._data,)


@dataclass(frozen=True)
class Criterion:
    """A measurable criterion agreed by the stakeholders.

    ``direction`` is ``"benefit"`` (more is better) or ``"cost"`` (less is better). With a
    ``shadow_price`` (euros per unit, in the price base year) a measure's yearly effect is
    monetised and enters the NPV; without one it is a PM item and a criterion of its own.
    ``receivers`` says who receives the monetised effect by default (shares summing to 1).
    """

    id: str
    name: str
    unit: str = ""
    direction: str = "benefit"
    theme: str = ""
    shadow_price: float | None = None
    receivers: FrozenMap = field(default_factory=FrozenMap)
    description: str = ""
    price_growth: float = 0.0
    """Real yearly growth of the shadow price: p_t = p (1 + g)^t, t = 0 in the first appraisal year."""
    price_path: FrozenMap = field(default_factory=FrozenMap)
    """Shadow price per calendar year (year -> euros per unit): linear between listed years, flat outside;
    empty = ``shadow_price`` (grown by ``price_growth``) every year."""
    scale: FrozenMap = field(default_factory=FrozenMap)
    """Ordered labels of a qualitative criterion (label -> value, lowest value first); empty = numbers (issue 20 item 1)."""

    @property
    def monetised(self) -> bool:
        return self.shadow_price is not None

    @property
    def sign(self) -> int:
        """+1 for a benefit criterion, -1 for a cost criterion (pymcdm's ``types``)."""
        return 1 if self.direction == "benefit" else -1


@dataclass(frozen=True)
class Effect:
    """A measure's effect on one criterion, as the difference from the nulalternatief.

    For a monetised criterion it is a yearly quantity (e.g. t CO2 per year) over the lifetime;
    for a PM item it is a score on the criterion's unit. ``low``/``high`` describe a triangular
    uncertainty around ``value`` (the most likely value) when the scenario gives one.
    """

    value: float
    low: float | None = None
    high: float | None = None
    missing: bool = False
    """The cell was empty (or ``?``, ``onbekend``): ``value`` is the stated imputation (the criterion's median)
    and ``low``/``high`` the criterion's observed range, sampled in the sensitivity analysis (issue 20 item 2)."""

    @property
    def uncertain(self) -> bool:
        return self.low is not None


@dataclass(frozen=True)
class Transfer:
    """A yearly money flow from one actor to another over the measure's lifetime.

    Transfers (rent, subsidies, taxes) move welfare between actors; they sum to zero for
    society and appear only in the distribution table.
    """

    source: str
    target: str
    amount: float


@dataclass(frozen=True)
class Measure:
    """One measure of the longlist.

    ``investment`` maps calendar year to euros spent that year; the measure works from the
    year after its last investment for ``lifetime`` years (capped by the horizon), with
    ``running_cost`` euros per year and its effects per year. ``payers`` split every cost
    (shares summing to 1); ``receivers`` give, per monetised criterion, who receives the effect.
    ``row`` is the spreadsheet row the measure came from, for messages.
    """

    id: str
    name: str
    theme: str
    start_year: int
    investment: FrozenMap
    running_cost: float
    lifetime: int
    payers: FrozenMap
    effects: FrozenMap
    receivers: FrozenMap = field(default_factory=FrozenMap)
    transfers: tuple[Transfer, ...] = ()
    row: int | None = None
    start_years: tuple[int, ...] = ()
    """Start years the portfolio may choose from (the investment profile shifts with it); empty = fixed."""
    ramp_up: int = 0
    """Years of use to reach the full effect, linearly (year j of use has min(j / ramp_up, 1)); 0 = at once."""
    effect_growth: float = 0.0
    """Real yearly growth of the effects over the years of use: year j has (1 + g)^(j - 1) of the effect."""
    reinvest: bool = False
    """Replace the measure at the end of each lifetime within the horizon (the investment profile repeated)."""
    fields: FrozenMap = field(default_factory=FrozenMap)
    """The scenario's declared descriptive columns (``fields``): column -> text; an empty cell is left out."""

    @property
    def total_investment(self) -> float:
        return float(sum(self.investment.values()))

    @property
    def first_year_of_use(self) -> int:
        return max(self.investment) + 1 if self.investment else self.start_year


@dataclass(frozen=True)
class DirectWeights:
    """Weights given directly, one number per criterion (normalised to sum to 1)."""

    weights: FrozenMap
    kind: str = "direct"


@dataclass(frozen=True)
class AHPJudgements:
    """Saaty pairwise judgements: ``matrix[i][j]`` says how much more important criterion i is than j."""

    criteria: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    kind: str = "ahp"


@dataclass(frozen=True)
class SwingWeights:
    """Swing points (0-100, the most important swing = 100) with the ranges they were elicited on.

    ``ranges[c] = (worst, best)`` in the criterion's unit. A weight belongs to its range: when
    the longlist spans another range, :mod:`mkba.weights` rescales the points to it.
    """

    points: FrozenMap
    ranges: FrozenMap
    kind: str = "swing"


@dataclass(frozen=True)
class RankOrder:
    """Criteria from most to least important; criteria in one inner tuple are tied."""

    order: tuple[tuple[str, ...], ...]
    kind: str = "ranking"


@dataclass(frozen=True)
class ObjectiveWeights:
    """Weights derived from the decision matrix itself: ``"entropy"`` or ``"critic"`` (no judgement)."""

    method: str
    kind: str = "objective"


Elicitation = Union[DirectWeights, AHPJudgements, SwingWeights, RankOrder, ObjectiveWeights]


@dataclass(frozen=True)
class Stakeholder:
    """A party at the table, with its influence (weight in the group) and how it weighed the criteria."""


    id: str
    name: str
    influence: float
    elicitation: Elicitation
    survey: FrozenMap = field(default_factory=FrozenMap)
    """How the weights were collected (``mkba collect``): kind, respondents, aggregation, CR, and the
    Dirichlet concentration fitted to the spread between respondents. Empty when typed in."""


@dataclass(frozen=True)
class AppraisalSettings:
    """MKBA settings: the price base year (prijspeil), the first year and length of the appraisal,
    and the discount set (a name in :data:`mkba.discount.DISCOUNT_SETS` or a constant real rate)."""

    price_year: int
    start_year: int
    horizon: int
    discount: str | float = "nl-2026"
    residual_value: str = "none"
    """``"straight-line"``: an asset that outlives the horizon is credited its unused share of the investment
    in the last appraisal year (restwaarde); ``"none"``: no residual value."""


@dataclass(frozen=True)
class MethodSpec:
    """The MCDA method (a name in :data:`mkba.mcda.METHODS`) and its parameters; ``compare``: other
    methods to rank the group's weights with too (how much the method matters, :func:`mkba.mcda.compare`);
    ``rank_reversal``: audit those methods for rank reversal (:func:`mkba.mcda.rank_reversal`)."""

    name: str = "topsis"
    params: FrozenMap = field(default_factory=FrozenMap)
    compare: tuple[str, ...] = ()
    rank_reversal: bool = False


@dataclass(frozen=True)
class Budget:
    """What the parties bring in: a total, per year (with optional carry-over of unspent money),
    per payer, and a cap on the yearly running costs of the chosen measures. ``None`` or empty = no limit."""

    total: float | None = None
    per_year: FrozenMap = field(default_factory=FrozenMap)
    carry_over: bool = False
    per_payer: FrozenMap = field(default_factory=FrozenMap)
    running_cost_cap: FrozenMap = field(default_factory=FrozenMap)
    other_years: str = "unlimited"
    """What a year without its own line in ``per_year`` may spend: ``"unlimited"`` (no yearly cap),
    ``"0"`` (nothing) or ``"carry"`` (only money earlier years left, with ``carry_over``)."""

    @property
    def empty(self) -> bool:
        return self.total is None and not self.per_year and not self.per_payer and not self.running_cost_cap


RULE_KINDS = ("mandatory", "forbidden", "exclusive", "requires", "theme", "synergy")


@dataclass(frozen=True)
class Rule:
    """One portfolio rule as the scenario states it, with the line it came from (for messages).

    ``kind`` is one of :data:`RULE_KINDS`; ``measures`` the measure ids it names (for
    ``requires``: the dependent measure first, then the measures it needs, any one of which
    suffices); ``params`` the rest (``lag`` years; theme ``name``, ``min_count``, ``max_count``,
    ``min_spend``, ``max_spend``; synergy ``value`` and ``cost_saving``).
    """

    kind: str
    measures: tuple[str, ...] = ()
    params: FrozenMap = field(default_factory=FrozenMap)
    line: int | None = None

    @property
    def origin(self) -> str:
        return f"rules line {self.line}" if self.line else "rules"


@dataclass(frozen=True)
class PortfolioSettings:
    """The portfolio question: the additive objective, whose weights, the budget and the rules.

    ``objective``: ``"npv"`` (the appraisal's NPV), ``"value"`` (MAVT value of the PM criteria
    anchored at no effect = 0) or ``"value+npv"`` (MAVT value with NPV as one of the criteria).
    ``weights``: ``"group"`` or a stakeholder id (whose weights the value uses).
    ``time_limit``: seconds per solve (None: no limit).
    ``budget`` None: the scenario states the portfolio question but no budget; a portfolio is then
    selected only when a budget is given (``mkba run --budget``, ``--vary budget``,
    ``mkba.run(budget=)``), with these settings and rules.
    """

    budget: Budget | None = field(default_factory=Budget)
    rules: tuple[Rule, ...] = ()
    objective: str = "value+npv"
    weights: str = "group"
    solver: str | None = None
    time_limit: float | None = 60.0


@dataclass(frozen=True)
class SensitivitySettings:
    """How firm are the results: Monte Carlo samples and what is sampled, and the tornado ranges.

    ``weights``: ``"stakeholder-hull"`` (any compromise between the parties' weight vectors,
    uniform in the hull; where a party's ``survey.concentration`` records how its respondents
    disagreed, its corner is drawn from that Dirichlet first), ``"uniform"`` (no preference
    information: uniform on the simplex), ``"group-dirichlet"`` (Dirichlet around the group
    weights with ``concentration``) or ``"constrained"`` (uniform within ``lower``/``upper``
    bounds per matrix criterion and an importance ``order``). Uncertain effects (``low|mode|high``
    cells) are sampled when ``effects``, as ``effects_distribution`` (triangular or normal).
    ``cost_range`` scales every investment for the tornado (e.g. 0.8 to 1.3); ``measure`` is the
    measure whose NPV and rank the tornado follows (default: the group's first).
    ``portfolio_samples`` is the number of sampled weightings (and effects) for which the
    portfolio is re-optimised to give each measure's core index (one MIP per sample).
    """

    enabled: bool = True
    samples: int = 10_000
    portfolio_samples: int = 200
    weights: str = "stakeholder-hull"
    concentration: float = 100.0
    effects: bool = True
    cost_range: tuple[float, float] = (0.8, 1.3)
    measure: str | None = None
    effects_distribution: str = "triangular"
    lower: FrozenMap = field(default_factory=FrozenMap)
    upper: FrozenMap = field(default_factory=FrozenMap)
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class Geometry:
    """A GeoJSON geometry (Point, LineString, Polygon or their Multi- forms) in RD New metres.

    Every place in a validated scenario is in RD New (EPSG:28992, the Dutch national grid), whatever
    the scenario gave: distances and areas are then in metres and the map is drawn without distortion.
    ``coordinates`` are nested tuples exactly as in GeoJSON.
    """

    type: str
    coordinates: tuple

    def to_geojson(self) -> dict:
        def plain(c: tuple[Any, ...]) -> list[Any]:
            return [plain(x) for x in c] if isinstance(c, tuple) and c and isinstance(c[0], tuple) else list(c)
        return {"type": self.type, "coordinates": plain(self.coordinates)}


@dataclass(frozen=True)
class Area:
    """A sub-area (a street block, a business park, a kern) for which the report adds up its measures."""

    id: str
    name: str
    geometry: Geometry


@dataclass(frozen=True)
class Layer:
    """A base layer drawn beneath the measures: ``kind`` sets its style (outline, street, plot, water, green, building)."""

    kind: str
    name: str
    geometries: tuple[Geometry, ...]


MAP_COLOURINGS = ("portfolio", "priority", "core")
"""What the measures on the map are coloured by: chosen or not, the group's rank, the core index."""


@dataclass(frozen=True)
class MapSettings:
    """The opportunity map (*kansenkaart*): where the measures are, the sub-areas and base layers.

    ``locations`` maps a measure id to its geometries (a measure may lie in several places); measures
    without a location are listed beside the map. ``illustrative`` marks invented shapes.
    ``crs`` is the reference system the scenario gave (converted to RD New on reading).
    """

    locations: FrozenMap
    areas: tuple[Area, ...] = ()
    layers: tuple[Layer, ...] = ()
    illustrative: bool = False
    colour: tuple[str, ...] = MAP_COLOURINGS
    crs: str = "EPSG:28992"


@dataclass(frozen=True)
class Ambition:
    """A measurable ambition that is monitored: planned against realised values per year.

    The plan is either given (``planned``, year -> value) or follows from the portfolio's schedule:
    with ``criterion``, the planned value in a year is the sum of that criterion's effect over the
    chosen measures in use that year (e.g. t CO2 per year avoided). ``realised`` holds the values
    measured so far.
    """

    id: str
    name: str
    unit: str
    criterion: str | None
    planned: FrozenMap
    realised: FrozenMap
    line: int | None = None


@dataclass(frozen=True)
class Future:
    """A named future (toekomstscenario, e.g. WLO Hoog or Laag) in which the scenario is appraised again.

    The base future is the scenario as written; a future scales it: ``effects`` per criterion (a factor on
    every measure's effect), ``shadow_prices`` per monetised criterion (a factor on the price) and
    ``price_growth`` per monetised criterion (an extra real yearly growth of the price, from the first
    appraisal year), and every measure's ``investment`` and ``running_cost`` by a factor. The discount
    rate is the same in every future (CPB/PBL 2020). ``line`` is where the scenario file defines it.
    """

    id: str
    label: str
    effects: FrozenMap = field(default_factory=FrozenMap)
    shadow_prices: FrozenMap = field(default_factory=FrozenMap)
    price_growth: FrozenMap = field(default_factory=FrozenMap)
    investment: float = 1.0
    running_cost: float = 1.0
    description: str = ""
    line: int | None = None


@dataclass(frozen=True)
class AmbitionTarget:
    """One target of a shared ambition: the measured total ``sense`` ``level`` in ``year``.

    ``sense`` is ``">="``, ``"<="`` or ``"="``; ``year`` None means the horizon (every chosen
    measure counted, whenever it comes into use). ``line`` is where the scenario file writes it.
    """

    sense: str
    level: float
    year: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class SharedAmbition:
    """A shared ambition (gezamenlijke ambitie) the parties agreed before choosing the package.

    It is measured by the sum of one or more criteria columns (``criteria``) over the chosen
    measures in use in a year, and holds one or more ``targets``. ``hard``: the package must meet
    it (a constraint of the portfolio); soft: a goal the package gets as close to as the money
    allows, its relative shortfall weighed by ``weight`` or, with priorities, met in order of
    ``priority`` (1 first). ``definitions`` say what container terms mean here (term -> text).
    (Named so beside :class:`Ambition`, the older monitoring line.)
    """

    id: str
    name: str
    theme: str
    criteria: tuple[str, ...]
    targets: tuple[AmbitionTarget, ...]
    hard: bool = True
    weight: float = 1.0
    priority: int | None = None
    unit: str = ""
    definitions: FrozenMap = field(default_factory=FrozenMap)
    description: str = ""
    realised: FrozenMap = field(default_factory=FrozenMap)
    """Values measured so far (year -> value), for monitoring against plan and target."""
    line: int | None = None


@dataclass(frozen=True)
class TreeNode:
    """A node of the value tree (issue 21): a theme or higher objective over sub-nodes and criteria (ids)."""

    id: str
    name: str
    description: str = ""
    children: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: everything the stages need, nothing they may change.

    ``group`` is how stakeholder weights are combined: ``"auto"`` (geometric-mean AIJ when
    every stakeholder gave AHP judgements, else the influence-weighted mean of priorities),
    ``"mean"`` or ``"aij"``. ``input_hash`` is the SHA-256 of the scenario's files.
    """

    name: str
    appraisal: AppraisalSettings
    method: MethodSpec
    criteria: tuple[Criterion, ...]
    stakeholders: tuple[Stakeholder, ...]
    measures: tuple[Measure, ...]
    language: str = "nl"
    group: str = "auto"
    seed: int = 0
    source: str = ""
    input_hash: str = ""
    warnings: tuple = ()
    portfolio: PortfolioSettings | None = None
    """None when the scenario has no budget, rules or portfolio section; with rules or settings but
    no budget its ``budget`` is None. Without a budget no portfolio is selected unless one is given."""
    sensitivity: SensitivitySettings = field(default_factory=SensitivitySettings)
    map: MapSettings | None = None
    """None when no measure has a location."""
    monitoring: tuple[Ambition, ...] = ()
    description: str = ""
    """The paragraph on the case the scenario file gives ('' if none); the report shows it under the title."""
    futures: tuple[Future, ...] = ()
    """The named futures the scenario is appraised in besides the base (the scenario as written); empty: none."""
    ambitions: tuple[SharedAmbition, ...] = ()
    """The shared ambitions the package is chosen to meet (hard) or approach (soft); empty: none."""
    fields: tuple[str, ...] = ()
    """The descriptive text columns of the measures table the scenario declares (``fields``), in its order."""
    value_tree: tuple[TreeNode, ...] = ()
    """Themes over criteria (``value_tree``), roots first in scenario order; empty: a flat list of criteria."""
    money: str = "npv"
    """How money enters the weighting with a value tree: ``npv`` (one column) or ``theme`` (one per theme)."""

    def criterion(self, cid: str) -> Criterion:
        return next(c for c in self.criteria if c.id == cid)

    @property
    def pm_criteria(self) -> tuple[Criterion, ...]:
        """The criteria not expressed in money: they enter the MCDA beside the NPV."""
        return tuple(c for c in self.criteria if not c.monetised)

    @property
    def monetised_criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.monetised)

    @property
    def matrix_criteria(self) -> tuple[str, ...]:
        """Ids of the decision-matrix criteria: the NPV, then the PM criteria in scenario order."""
        return (NPV_ID,) + tuple(c.id for c in self.pm_criteria)

    @property
    def actors(self) -> tuple[str, ...]:
        """Columns of the distribution table: the stakeholders, then the rest of society."""
        return tuple(s.id for s in self.stakeholders) + (SOCIETY_ID,)
