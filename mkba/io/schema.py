"""The scenario format, written once as field metadata.

The loader (:mod:`mkba.io.scenario`) checks keys and columns against these specs, looked up by
section and name (:func:`fields`, :func:`field`), and ``docs/scenario-format.md`` is generated from
them (``python -m mkba.io.schema > docs/scenario-format.md``; a test keeps the file in sync).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from . import limits, numbers
from .timefields import APPRAISAL_TIME, CRITERION_TIME, MEASURE_TIME
from .treefields import LEVELS_FIELD, TREE_DOC, TREE_NODE, TREE_TOP

__all__ = [
    "FieldSpec", "SCENARIO_FIELDS", "APPRAISAL_FIELDS", "METHOD_FIELDS", "CRITERION_FIELDS", "STAKEHOLDER_FIELDS",
    "ELICITATION_KEYS", "SURVEY_FIELDS", "BUDGET_FIELDS", "PORTFOLIO_FIELDS", "RULE_FIELDS", "SENSITIVITY_FIELDS",
    "MAP_FIELDS", "LAYER_FIELDS", "AMBITION_FIELDS", "SHARED_AMBITION_FIELDS", "TARGET_FIELDS", "FUTURE_FIELDS",
    "MEASURE_COLUMNS", "SECTIONS", "fields", "field", "render_markdown",
]


@dataclass(frozen=True)
class FieldSpec:
    """One key of the YAML file or one column of the measures table.

    ``expected`` is the text shown to a user who got it wrong, so it says what would be valid.
    """

    name: str
    kind: str
    required: bool
    expected: str
    doc: str
    default: object = None
    choices: tuple[str, ...] = ()


SCENARIO_FIELDS = (
    FieldSpec("name", "text", True, "a text", "Name of the plan or process, shown in every report."),
    FieldSpec("description", "text", False, "a text", "A paragraph on the case.", ""),
    FieldSpec("language", "choice", False, "'nl' or 'en'", "Language of the reports.", "nl", ("nl", "en")),
    FieldSpec("appraisal", "mapping", True, "a mapping, see 'appraisal'", "Appraisal (MKBA) settings."),
    FieldSpec("method", "method", False, "a method name or a mapping with 'name'",
              "MCDA method and its parameters; a bare name such as `topsis` is allowed.", "topsis"),
    FieldSpec("group", "choice", False, "'auto', 'mean' or 'aij'",
              "How the stakeholders' weights combine into group weights: `mean` is the influence-weighted "
              "mean of their priorities; `aij` the influence-weighted geometric mean of their AHP judgements "
              "(every stakeholder must give AHP judgements); `auto` takes `aij` when all did, else `mean`.",
              "auto", ("auto", "mean", "aij")),
    FieldSpec("seed", "int", False, "a whole number >= 0", "Seed for everything random (sensitivity).", 0),
    FieldSpec("criteria", "list", True, "a list of criteria, see 'criteria'", "The criteria."),
    FieldSpec("stakeholders", "list", True, "a list of stakeholders, see 'stakeholders'", "The parties."),
    FieldSpec("measures", "path", True, "a file name next to the scenario (.csv or .xlsx)",
              "The longlist of measures, one row per measure (see 'measures table'). The path is "
              "relative to the scenario file and must stay inside its folder."),
    FieldSpec("fields", "list", False, "a list of column names, e.g. [initiatiefnemer, wens, uitdaging, bron]", "Descriptive "
              "text columns of the measures table (the opportunity's proposer, wish, challenge, source): carried to "
              "results.json, the report's Kansen table and the map's pop-ups. Any other unknown column is an error."),
    FieldSpec("measures_sheet", "text", False, "a sheet name",
              "For an .xlsx longlist: the sheet to read (default: 'measures', 'maatregelen' or the only sheet)."),
    FieldSpec("number_format", "choice", False, "'nl' or 'en'", "How the measures table writes numbers: `nl` "
              "`1.234,5` (Dutch Excel), `en` `1,234.5`; detected when absent (see 'Reading the files').", None, ("nl", "en")),
    FieldSpec("budget", "mapping", False, "a mapping, see 'budget'",
              "What the parties bring in. With a budget, `mkba run` also selects the best portfolio. Without "
              "one, 'portfolio' and 'rules' are still checked, and apply when a budget is given "
              "(`mkba run --budget`, `mkba batch --vary budget=...`)."),
    FieldSpec("portfolio", "mapping", False, "a mapping, see 'portfolio'", "The portfolio objective and solver."),
    FieldSpec("rules", "list", False, "a list of rules, see 'rules'", "Rules every portfolio must respect."),
    FieldSpec("sensitivity", "mapping", False, "a mapping, see 'sensitivity'",
              "How firm the results are; on by default with 10,000 samples."),
    FieldSpec("map", "mapping", False, "a mapping, see 'map'",
              "The opportunity map (*kansenkaart*): where the measures are, sub-areas and base layers."),
    FieldSpec("monitoring", "list", False, "a list of ambitions, see 'monitoring'",
              "Measurable ambitions with the values realised so far, shown against the plan."),
    FieldSpec("ambitions", "list", False, "a list of ambitions, see 'ambitions'",
              "The shared ambitions (gezamenlijke ambitie) agreed before the package is chosen: per theme a "
              "measurable target the package must meet (hard) or come as close to as the money allows (soft). "
              "The report's Ambities section says per ambition what the package reaches, and monitoring follows them."),
    FieldSpec("futures", "mapping", False, "a mapping of named futures, see 'futures'",
              "Futures (toekomstscenario's, e.g. WLO Hoog and Laag) in which every measure and the package are "
              "appraised again, shown side by side with the base (the scenario as written)."),
    *(FieldSpec(*f) for f in TREE_TOP),
)

FUTURE_FIELDS = (
    FieldSpec("label", "text", False, "a text",
              "Name shown in the report (default: `WLO Hoog` for `hoog`, `WLO Laag` for `laag`, else the id).", ""),
    FieldSpec("description", "text", False, "a text", "What this future assumes, and its source.", ""),
    FieldSpec("effects", "mapping", False, "a mapping criterion: factor > 0, e.g. {co2: 1.2}",
              "Factor on every measure's effect on the criterion (monetised or PM; its low and high too)."),
    FieldSpec("shadow_prices", "mapping", False, "a mapping monetised criterion: factor > 0",
              "Factor on the criterion's shadow price."),
    FieldSpec("price_growth", "mapping", False, "a mapping monetised criterion: growth > -1 a year, e.g. {co2: 0.02}",
              "Extra real growth of the shadow price per year, from the first appraisal year "
              "(price in year t = price x (1 + g)^t, t = 0 in `appraisal.start_year`); on top of any growth "
              "the criterion has."),
    FieldSpec("investment", "number", False, "a factor > 0", "Factor on every measure's investment.", 1.0),
    FieldSpec("running_cost", "number", False, "a factor > 0", "Factor on every measure's running cost.", 1.0),
)

MAP_FIELDS = (
    FieldSpec("locations", "path", False, "a .geojson file next to the scenario",
              "Where the measures are: a GeoJSON FeatureCollection whose features carry the measure id in "
              "`properties.id` (points, lines or polygons; a measure may have several features). Coordinates "
              "may also be given as columns `x`/`y` or `lon`/`lat` in the measures table."),
    FieldSpec("areas", "path", False, "a .geojson file of polygons with properties id and name",
              "Sub-areas (street blocks, business parks, kernen): the report adds up the measures per area."),
    FieldSpec("layers", "list", False, "a list of {file, kind, name}, see 'map.layers'",
              "Base layers drawn beneath the measures (outline, streets, plots, water, green, buildings)."),
    FieldSpec("crs", "choice", False, "'EPSG:28992' (RD New) or 'EPSG:4326' (WGS84 longitude/latitude)",
              "Reference system of the GeoJSON files that do not name one in a `crs` member. GeoJSON is "
              "WGS84 by its standard (RFC 7946); QGIS exports in RD New name it in the file.",
              "EPSG:4326", ("EPSG:28992", "EPSG:4326")),
    FieldSpec("illustrative", "bool", False, "true or false",
              "Mark the shapes as illustrative (invented or approximate); the report says so under the map.",
              False),
    FieldSpec("colour", "list", False, "a list of 'portfolio', 'priority', 'core'",
              "Which maps the report draws: measures coloured by chosen or not in the portfolio, by the "
              "group's rank, or by core index (each drawn when its result exists).",
              "[portfolio, priority, core]", ("portfolio", "priority", "core")),
)

LAYER_FIELDS = (
    FieldSpec("file", "path", True, "a .geojson file next to the scenario", "The layer's shapes."),
    FieldSpec("kind", "choice", False, "'outline', 'street', 'plot', 'water', 'green' or 'building'",
              "How the layer is drawn.", "plot", ("outline", "street", "plot", "water", "green", "building")),
    FieldSpec("name", "text", False, "a text", "Name in the legend (default: the kind).", ""),
)

AMBITION_FIELDS = (
    FieldSpec("id", "id", True, "letters, digits, '_' or '-', unique", "Identifier of the ambition."),
    FieldSpec("name", "text", True, "a text", "What is monitored, e.g. 'Woningen aardgasvrij'."),
    FieldSpec("unit", "text", False, "a text", "Unit of the values (default: the criterion's unit).", ""),
    FieldSpec("criterion", "id", False, "a criterion id",
              "Derive the plan from the portfolio: the planned value in a year is the sum of this criterion's "
              "effect over the chosen measures in use that year (needs a budget). Give this or `planned`."),
    FieldSpec("planned", "mapping", False, "a mapping year: value",
              "The planned values per year, when the plan is not the portfolio's (give this or `criterion`)."),
    FieldSpec("realised", "mapping", False, "a mapping year: value",
              "The values realised so far, per year (empty while nothing is measured yet)."),
)

SHARED_AMBITION_FIELDS = (
    FieldSpec("id", "id", True, "letters, digits, '_' or '-', unique", "Identifier of the ambition."),
    FieldSpec("name", "text", True, "a text", "The ambition in words, e.g. 'Woningen aardgasvrij-gereed'."),
    FieldSpec("theme", "text", False, "a text", "The theme it belongs to.", ""),
    FieldSpec("criterion", "criteria", True, "a criterion id, or a list of criterion ids (summed)", "What it is "
              "measured by: per year the sum of the effect (most likely) over the chosen measures in use that year."),
    FieldSpec("target", "mapping", False, "a mapping, see 'ambitions.targets'", "One target (or `targets`)."),
    FieldSpec("targets", "list", False, "a list of mappings, see 'ambitions.targets'",
              "Targets, e.g. one per milestone year; targets of one year may not contradict each other."),
    FieldSpec("kind", "choice", False, "'hard' or 'soft'", "`hard`: every package must meet it (a rule); `soft`: "
              "the least weighted shortfall (relative to the target) the money allows, then the most value.",
              "hard", ("hard", "soft")),
    FieldSpec("weight", "number", False, "a number > 0 (soft only)", "Weight of its shortfall within its priority.", 1),
    FieldSpec("priority", "int", False, "a whole number from 1 (soft only)",
              "Met in order: the least shortfall on priority 1 first, then 2, ...; no priority comes last."),
    FieldSpec("unit", "text", False, "a text", "Unit of the values (default: the criterion's unit).", ""),
    FieldSpec("definitions", "mapping", False, "a mapping term: text", "What its container terms mean here."),
    FieldSpec("description", "text", False, "a text", "A sentence on the ambition, shown in the report.", ""),
    FieldSpec("realised", "mapping", False, "a mapping year: value", "Values measured so far, for monitoring."),
)

TARGET_FIELDS = (
    FieldSpec("year", "int", False, "a year of the appraisal",
              "When it holds; without a year: the horizon (every chosen measure)."),
    FieldSpec("at_least", "number", False, "a number", "The total must be at least this (give one of the three)."),
    FieldSpec("at_most", "number", False, "a number", "The total must be at most this."),
    FieldSpec("equals", "number", False, "a number", "The total must equal this."),
)

SENSITIVITY_FIELDS = (
    FieldSpec("enabled", "bool", False, "true or false", "Run the sensitivity analysis.", True),
    FieldSpec("samples", "positive_int", False, "a whole number from 100 to 10,000,000",
              "Monte Carlo samples (10,000 gives acceptabilities within about ±0.01).", 10000),
    FieldSpec("portfolio_samples", "positive_int", False, "a whole number from 10 to 100,000",
              "Sampled weightings for which the portfolio is re-optimised (one integer program each) to give "
              "each measure's core index: the share of samples whose best portfolio contains it.", 200),
    FieldSpec("weights", "choice", False, "'stakeholder-hull', 'uniform', 'group-dirichlet' or 'constrained'",
              "Which weights are sampled: any compromise between the parties (each party's corner spread as "
              "its respondents disagreed, where `mkba collect` fitted a `survey.concentration`), any weights at "
              "all, weights around the group's, or any weights within `lower`/`upper` bounds and an importance "
              "`order` (uniform in that region, by rejection or hit-and-run).", "stakeholder-hull",
              ("stakeholder-hull", "uniform", "group-dirichlet", "constrained")),
    FieldSpec("lower", "mapping", False, "a mapping criterion: weight from 0 to 1",
              "With `weights: constrained`: the least weight of a matrix criterion (e.g. `{npv: 0.2}`)."),
    FieldSpec("upper", "mapping", False, "a mapping criterion: weight from 0 to 1",
              "With `weights: constrained`: the most weight of a matrix criterion."),
    FieldSpec("order", "list", False, "a list of matrix criteria, most important first",
              "With `weights: constrained`: the weights keep this order (w1 >= w2 >= ...); others are free."),
    FieldSpec("concentration", "number", False, "a number > 0",
              "Dirichlet concentration for 'group-dirichlet' (higher = closer to the group weights).", 100),
    FieldSpec("effects", "bool", False, "true or false",
              "Sample the uncertain effects (cells written low|mode|high).", True),
    FieldSpec("effects_distribution", "choice", False, "'triangular' or 'normal'",
              "How an uncertain effect is drawn: triangular on (low, mode, high), or normal with mean mode and "
              "standard deviation (high - low) / 3.92 (low-high is its 95 % interval when the mode lies midway).",
              "triangular", ("triangular", "normal")),
    FieldSpec("cost_range", "list", False, "[low, high] factors, e.g. [0.8, 1.3]",
              "Tornado range for the investment costs, as factors on every investment.", "[0.8, 1.3]"),
    FieldSpec("measure", "id", False, "a measure id",
              "The measure whose NPV and rank the tornado follows (default: the group's first)."),
)

BUDGET_FIELDS = (
    FieldSpec("total", "money", False, "euros >= 0", "Total investment budget over all years."),
    FieldSpec("per_year", "mapping", False, "a mapping year: euros, e.g. {2026: 2000000}",
              "Investment budget per year (investment counts in the year it is spent)."),
    FieldSpec("carry_over", "bool", False, "true or false",
              "Whether money not spent in a year may be spent later (cumulative yearly budgets).", False),
    FieldSpec("other_years", "choice", False, "'unlimited', 0 or 'carry'", "What a year without a line in "
              "`per_year` may spend: `unlimited` (no yearly limit), `0` (nothing; without carry_over), `carry` (only "
              "what earlier years left; needs carry_over). The report says which.", "unlimited",
              ("unlimited", "0", "carry")),
    FieldSpec("per_payer", "mapping", False, "a mapping stakeholder: euros",
              "What each party brings in: its share of the chosen measures' investment is at most this."),
    FieldSpec("running_cost_cap", "mapping", False, "euros per year, or a mapping year: euros",
              "Cap on the yearly running costs of the chosen measures."),
)

PORTFOLIO_FIELDS = (
    FieldSpec("objective", "choice", False, "'npv', 'value' or 'value+npv'",
              "What the portfolio maximises; it must be additive and anchored at 'not done' = 0: the NPV, "
              "the MAVT value of the PM criteria (linear value functions anchored at no effect, scaled by the "
              "largest absolute effect on the longlist), or that value with the NPV as one more criterion. "
              "TOPSIS, VIKOR or PROMETHEE scores cannot be summed over a portfolio.",
              "value+npv", ("npv", "value", "value+npv")),
    FieldSpec("weights", "text", False, "'group' or a stakeholder id", "Whose weights the value uses.", "group"),
    FieldSpec("solver", "choice", False, "'cbc' or 'highs'", "Solver; chosen automatically when absent.",
              None, ("cbc", "highs")),
    FieldSpec("time_limit", "number", False, "seconds > 0, or 'none' (or null) for no limit",
              "The solver's time limit per solve (the portfolio, each frontier point, each party's portfolio, "
              "each re-optimisation of the sensitivity analysis). When it is reached, the best portfolio found "
              "so far is kept with status time_limit and its optimality gap. `mkba run --time-limit` "
              "overrides it.", 60),
)

RULE_FIELDS = (
    FieldSpec("mandatory", "id", False, "a measure id or a list of ids", "These measures must be chosen."),
    FieldSpec("forbidden", "id", False, "a measure id or a list of ids", "These measures may not be chosen."),
    FieldSpec("exclusive", "list", False, "a list of measure ids", "At most one of them (variants of one measure)."),
    FieldSpec("requires", "id", False, "a measure id, with 'on' (an id or a list: any one suffices) and "
              "optional 'lag' (years)", "The measure needs another, started at least `lag` years earlier."),
    FieldSpec("theme", "text", False, "a theme, with any of min_count, max_count, min_spend, max_spend",
              "Minimum and maximum number of measures or investment in a theme."),
    FieldSpec("synergy", "list", False, "two measure ids, with 'value' and/or 'cost_saving' in euros",
              "Extra value, or an investment saving, when both are chosen."),
)

APPRAISAL_FIELDS = (
    FieldSpec("price_year", "year", True, "a year such as 2025",
              "Price base year (prijspeil) of every euro amount."),
    FieldSpec("start_year", "year", True, "a year such as 2026",
              "First year of the appraisal; flows in this year are not discounted (t = 0)."),
    FieldSpec("horizon", "positive_int", True, "a whole number of years from 1 to 500",
              "Number of years appraised: start_year .. start_year + horizon - 1 (see `residual_value`)."),
    FieldSpec("discount", "discount", False, "one of nl-2021, nl-2026, uk-green-book, or a constant rate such as 0.03",
              "Discount set: `nl-2021` (2.25 % real), `nl-2026` (2.8 % to year 35, 1.8 % after), "
              "`uk-green-book` (3.5 % to year 30, then declining) or a constant real rate.", "nl-2026"),
    *(FieldSpec(*f) for f in APPRAISAL_TIME),
)

METHOD_FIELDS = (
    FieldSpec("name", "text", True, "a name in mkba.mcda.METHODS",
              "MCDA method: topsis, vikor, promethee2, wsm, wpm, copras, moora, edas, spotis."),
    FieldSpec("compare", "list", False, "a list of MCDA method names, e.g. [vikor, promethee2, wsm]",
              "How much the method matters: the group's ranking by each listed method too (the scenario's own "
              "first), with rank correlations, where they disagree and consensus rankings, in the report."),
    FieldSpec("rank_reversal", "bool", False, "true or false",
              "Audit the compared methods (or the scenario's own) for rank reversal: Wang & Triantaphyllou's "
              "tests 1-3 and leave-one-out, in the report (lists of up to 500 measures).", False),
)

CRITERION_FIELDS = (
    FieldSpec("id", "id", True, "letters, digits, '_' or '-', unique; not 'npv' or 'society'",
              "Identifier; also the column name in the measures table."),
    FieldSpec("name", "text", True, "a text", "Name shown in reports."),
    FieldSpec("unit", "text", False, "a text", "Unit of the effect, e.g. `t CO2/jaar` or `score 0-10`.", ""),
    FieldSpec("direction", "choice", True, "'benefit' (more is better) or 'cost' (less is better)",
              "Whether more of this is better.", None, ("benefit", "cost")),
    FieldSpec("theme", "text", False, "a text", "Theme the criterion belongs to.", ""),
    FieldSpec("shadow_price", "number", False, "a number of euros per unit per year",
              "Makes the criterion monetised: a measure's yearly effect times this price enters the NPV. "
              "Without it the criterion is a PM item and enters the MCDA itself."),
    *(FieldSpec(*f) for f in CRITERION_TIME),
    FieldSpec("receivers", "shares", False, "stakeholder ids or 'society' with shares summing to 1",
              "Who receives the monetised effect by default, e.g. `{huurders: 0.7, society: 0.3}` "
              "(default: society)."),
    FieldSpec("description", "text", False, "a text", "What is measured and how.", ""),
    FieldSpec("scale", "scale", False, "default (--, -, 0, +, ++), a list of labels lowest first, or {label: value}",
              "Scores are ordered labels, not numbers (a PM item): `default` maps `--, -, 0, +, ++` (also with the "
              "Unicode minus) to -2..+2, a list to 1..n; the sensitivity analysis samples any values in the same order."),
)

STAKEHOLDER_FIELDS = (
    FieldSpec("id", "id", True, "letters, digits, '_' or '-', unique; not 'npv' or 'society'",
              "Identifier; used in payer, receivers and transfers."),
    FieldSpec("name", "text", True, "a text", "Name shown in reports."),
    FieldSpec("influence", "number", False, "a number >= 0",
              "Weight of this party in the group result (default 1: equal weight per party).", 1.0),
    FieldSpec("weights", "elicitation", False, "a mapping criterion: number >= 0",
              "Weights given directly over the matrix criteria (`npv` and every PM criterion); normalised "
              "to sum to 1 (with a warning if they did not)."),
    FieldSpec("ahp", "elicitation", False, "a mapping with 'criteria' (list) and 'matrix' (square, reciprocal)",
              "Saaty pairwise judgements; `matrix[i][j]` is how much more important criterion i is than j; "
              "fractions such as \"1/3\" are allowed. CR above the threshold gives a warning naming the "
              "worst judgement."),
    FieldSpec("swing", "elicitation", False, "a mapping with 'points' and 'ranges'",
              "Swing points (most important swing = 100) and, per criterion, the range `[worst, best]` they "
              "were elicited on; weights are rescaled to the ranges the longlist spans."),
    FieldSpec("ranking", "elicitation", False, "a list of criteria, most important first; a nested list is a tie",
              "Rank order, turned into rank-order-centroid weights (Barron & Barrett 1996)."),
    FieldSpec("objective", "elicitation", False, "'entropy' or 'critic'",
              "Weights computed from the decision matrix itself (entropy: Shannon 1948 / Hwang & Yoon 1981; "
              "CRITIC: Diakoulaki et al. 1995), e.g. for an analyst's reference view beside the parties."),
    FieldSpec("survey", "mapping", False, "a mapping, see 'survey'",
              "Written by `mkba collect`: how the weights were collected from the respondents."),
    FieldSpec(*LEVELS_FIELD),
)
ELICITATION_KEYS = ("weights", "ahp", "swing", "ranking", "objective", "levels")

SURVEY_FIELDS = (
    FieldSpec("kind", "choice", True, "'ranking', 'swing', 'pairwise' or 'direct'", "The form the respondents filled in.",
              None, ("ranking", "swing", "pairwise", "direct")),
    FieldSpec("respondents", "positive_int", True, "a whole number >= 1", "Number of returned forms aggregated."),
    FieldSpec("aggregation", "choice", False, "'geometric-mean-judgements' or 'mean-priorities'",
              "How respondents were combined within the stakeholder.", None,
              ("geometric-mean-judgements", "mean-priorities")),
    FieldSpec("cr", "number", False, "a number >= 0", "Consistency ratio of the aggregated judgements (pairwise)."),
    FieldSpec("respondent_cr", "list", False, "a list of numbers >= 0", "Consistency ratio of each respondent."),
    FieldSpec("concentration", "number", False, "a number > 0",
              "Dirichlet concentration fitted to the spread between respondents (absent with one respondent); "
              "with `sensitivity.weights: stakeholder-hull` each sample draws this party's weights from "
              "Dirichlet(concentration x its weights) before mixing the parties."),
    FieldSpec("respondent_weights", "list", False, "a list of weight mappings",
              "Each respondent's weights over the matrix criteria, kept for the sensitivity analysis."),
    FieldSpec("forms", "list", False, "a list of file names", "The forms that were read."),
)

MEASURE_COLUMNS = (
    FieldSpec("id", "id", True, "letters, digits, '_' or '-', unique", "Identifier, e.g. `M01` or `M05a`."),
    FieldSpec("name", "text", True, "a text", "Name of the measure."),
    FieldSpec("theme", "text", True, "a text", "Theme of the measure."),
    FieldSpec("start_year", "year", True, "a year within the appraisal period",
              "First year of investment (and of use, for a measure without investment)."),
    FieldSpec("investment", "investment", True,
              "euros >= 0, or a split per year such as 2026:1500000;2027:500000",
              "Investment in euros of the price year; one number is spent in `start_year`."),
    FieldSpec("running_cost", "money", True, "euros per year >= 0",
              "Yearly running costs (maintenance, operation) while the measure is in use."),
    FieldSpec("lifetime", "positive_int", True, "a whole number of years >= 1",
              "Years of use, from the year after the last investment, cut at the horizon."),
    FieldSpec("payer", "shares", True, "stakeholder ids or 'society' with shares summing to 1, e.g. "
              "corporatie:0.6;gemeente:0.4", "Who pays the costs (investment and running costs); 'society' is "
              "everyone not at the table (e.g. private owners, national subsidy)."),
    FieldSpec("receivers", "shares", False, "actor ids with shares summing to 1, e.g. huurders:0.8;society:0.2",
              "Overrides, for this measure, who receives its monetised effects."),
    FieldSpec("start_years", "years", False, "years separated by ';', e.g. 2026;2027;2028",
              "Start years the portfolio may choose from; the investment profile moves with the start year."),
    *(FieldSpec(*f) for f in MEASURE_TIME),
    FieldSpec("transfers", "transfers", False, "source>target:euros per year, separated by ';'",
              "Yearly transfers between actors while in use (rent, subsidy); they sum to zero for society."),
    FieldSpec("x", "number", False, "RD New metres (EPSG:28992), with `y`",
              "Location of the measure as a point in RD New; or give `lon`/`lat`, or a shape in `map.locations`."),
    FieldSpec("y", "number", False, "RD New metres (EPSG:28992), with `x`", "See `x`."),
    FieldSpec("lon", "number", False, "degrees east in WGS84 (EPSG:4326), with `lat`",
              "Location of the measure as a point in longitude/latitude."),
    FieldSpec("lat", "number", False, "degrees north in WGS84 (EPSG:4326), with `lon`", "See `lon`."),
    FieldSpec("<criterion id>", "effect", True, "a number, or low|most_likely|high such as 80|120|150",
              "One column per criterion: the effect as the difference from the nulalternatief; a yearly "
              "quantity for a monetised criterion, a score for a PM item. Empty, `?` or `onbekend`: not known (never 0): the "
              "ranking takes the criterion's median, the sensitivity analysis samples its observed range; see docs/methods.md."),
)

SECTIONS = MappingProxyType({
    "scenario": SCENARIO_FIELDS,
    "appraisal": APPRAISAL_FIELDS,
    "method": METHOD_FIELDS,
    "criteria": CRITERION_FIELDS,
    "stakeholders": STAKEHOLDER_FIELDS,
    "survey": SURVEY_FIELDS,
    "budget": BUDGET_FIELDS,
    "portfolio": PORTFOLIO_FIELDS,
    "rules": RULE_FIELDS,
    "sensitivity": SENSITIVITY_FIELDS,
    "map": MAP_FIELDS,
    "map.layers": LAYER_FIELDS,
    "monitoring": AMBITION_FIELDS,
    "ambitions": SHARED_AMBITION_FIELDS,
    "ambitions.targets": TARGET_FIELDS,
    "futures": FUTURE_FIELDS,
    "value_tree": tuple(FieldSpec(*f) for f in TREE_NODE),
    "measures": MEASURE_COLUMNS,
})
"""The fields of each part of the format by its name: ``scenario`` is the top level, ``criteria``,
``stakeholders``, ``rules``, ``map.layers`` and ``monitoring`` one item of that list, ``survey`` the
mapping inside a stakeholder and ``measures`` the columns of the measures table."""

_BY_NAME = {section: {f.name: f for f in specs} for section, specs in SECTIONS.items()}


def fields(section: str) -> tuple[FieldSpec, ...]:
    """Every field of one part of the format (see :data:`SECTIONS`), in the documented order."""
    return SECTIONS[section]


def field(section: str, name: str) -> FieldSpec:
    """One field by its section and name, e.g. ``field("portfolio", "time_limit")``."""
    return _BY_NAME[section][name]


def _table(specs: tuple[FieldSpec, ...]) -> list[str]:
    lines = ["| field | required | valid values | default | meaning |", "|---|---|---|---|---|"]
    for f in specs:
        default = "" if f.default in (None, "") else f"`{f.default}`"
        lines.append(f"| `{f.name}` | {'yes' if f.required else 'no'} | {f.expected} | {default} | {f.doc} |")
    return lines


def render_markdown() -> str:
    """The scenario-format reference, generated from the specs in this module."""
    parts = [
        "# Scenario format",
        "",
        "<!-- generated by `python -m mkba.io.schema`; edit mkba/io/schema.py, not this file -->",
        "",
        "A scenario is a YAML file plus a measures table (CSV or XLSX) next to it. Every effect is the "
        "difference from the *nulalternatief* (the most likely future without the measure). "
        "`mkba validate FILE` lists every problem with its file, sheet, row and field.",
        "",
        "The decision matrix has one column `npv` (the net present value of the monetised effects and "
        "costs) and one per criterion without a shadow price (PM item). Stakeholders weigh exactly these "
        "matrix criteria; a monetised criterion is inside `npv` and is not weighted separately. "
        "`npv` and `society` (the rest of society in the distribution table) are reserved ids.",
        "",
        "## Top level",
        "",
        *_table(fields("scenario")),
        "",
        "## `appraisal`",
        "",
        *_table(fields("appraisal")),
        "",
        "## `method`",
        "",
        *_table(fields("method")),
        "",
        "Other keys of `method` are the method's parameters (e.g. `v` for VIKOR; `preference`, `p`, `q`, "
        "`s` for PROMETHEE II, per criterion as a mapping or one number for all).",
        "",
        "## `criteria` (a list; each item)",
        "",
        *_table(fields("criteria")),
        "",
        "## `stakeholders` (a list; each item gives exactly one of weights, ahp, swing, ranking)",
        "",
        *_table(fields("stakeholders")),
        "",
        "### `survey` (inside a stakeholder; written by `mkba collect`)",
        "",
        *_table(fields("survey")),
        "",
        "## `budget`",
        "",
        *_table(fields("budget")),
        "",
        "## `portfolio`",
        "",
        *_table(fields("portfolio")),
        "",
        "## `rules` (a list; each item is one rule, named by its first key)",
        "",
        *_table(fields("rules")),
        "",
        "Examples: `{mandatory: M12}`, `{exclusive: [M05a, M05b]}`, `{requires: M08, on: [M05a, M05b], lag: 1}`, "
        "`{theme: energie, min_count: 2}`, `{synergy: [M01, M02], cost_saving: 150000}`.",
        "",
        "## `sensitivity`",
        "",
        *_table(fields("sensitivity")),
        "",
        "## `map`",
        "",
        *_table(fields("map")),
        "",
        "### `map.layers` (a list; each item)",
        "",
        *_table(fields("map.layers")),
        "",
        "Every place is converted to RD New (EPSG:28992) with pyproj; without the RDNAPTRANS grid files "
        "PROJ's conversion between WGS84 and RD New is accurate to about a metre, plenty for a plan map. "
        "Geometries are checked (closed rings, no self-intersection) and coordinates that do not fit the "
        "stated reference system are refused with the system they look like.",
        "",
        "## `monitoring` (a list; each item is one ambition)",
        "",
        *_table(fields("monitoring")),
        "",
        "## `ambitions` (a list; each item is one shared ambition)",
        "",
        *_table(fields("ambitions")),
        "",
        "### `ambitions.targets` (each target)",
        "",
        *_table(fields("ambitions.targets")),
        "",
        "## `futures` (a mapping; each key is a future's id, its value a mapping)",
        "",
        *_table(fields("futures")),
        "",
        "The base future is the scenario as written; `mkba run` appraises every measure and the package in "
        "each future as well, with the same discount rate (its uncertainty is a sensitivity run). The "
        "portfolio is chosen in the base future and valued in each other one. Example: "
        "`futures: {hoog: {effects: {co2: 1.2}, price_growth: {co2: 0.01}}, laag: {effects: {co2: 0.8}, "
        "investment: 1.1}}`. An unknown criterion, a shadow price or growth for a PM item, a factor that "
        "is not a positive finite number and a growth of -100 % or less are errors at their line.",
        "",
        "## `value_tree` (a list; each node)", "", *_table(fields("value_tree")), "", *TREE_DOC, "",
        "## Measures table (one row per measure; the first non-empty row is the header)",
        "",
        *_table(fields("measures")),
        "",
        "Shares, receivers and transfers may also be written with `,` between entries when the file "
        "uses `;` as its delimiter. Unknown columns are an error (with the closest valid name).",
        "",
        "## Reading the files",
        "",
        "- **YAML** is read with YAML 1.2's plain values: `1:30`, `0755`, `yes`, `no`, `on`, `off` and "
        "dates stay the text they are (YAML 1.1 would read 90, 493, booleans and a date), so a field "
        "that wants a number or `true`/`false` says so at its line; only decimal numbers, `true`/`false` "
        "and `null` are read as such. A key written twice in one mapping is an error naming both lines. "
        "Anchors and aliases (`&name`, `*name`, `<<: *name`) may share defaults, within the limits below.",
        "- **Numbers in YAML** are written plainly, with `.` as decimal point and no thousands separators. "
        "`600.000` (600 or 600000?) and `1,500` (1500 or 1.5?) are refused with both readings. NaN and "
        "infinity are refused everywhere.",
        numbers.TABLE_RULES,
        "- **CSV** files may use `,`, `;` or a tab between cells (the one the header row uses most). "
        "They are UTF-8 (with or without BOM); a file that is not is read as Windows-1252 (what Excel "
        "writes, `€` and `ë` included) with a warning; a file that is partly UTF-8 and partly not is "
        "refused at the first byte that is not, since read either way some characters would be wrong.",
        "- **XLSX** workbooks are read to their real extent (the stored `<dimension>` is ignored); "
        "numeric cells are numbers whatever the notation; text cells holding numbers follow the rules "
        "above; formulas are reported, never evaluated; a workbook that is damaged, holds XML entity "
        "declarations or unpacks far beyond its size is refused naming the file and part.",
        "- The header is the first non-empty row; rows are numbered as the spreadsheet or editor shows "
        "them. Names and texts may not hold control characters (a vertical tab pasted from Word, ESC, NUL).",
        "- A constant discount rate outside 0-10 % a year is warned (`3` is 300 %); one whose discount "
        "factors over the horizon would exceed 1e100 (a rate near -100 % over centuries) is an error.",
        "",
        "## Limits",
        "",
        "Every input is bounded (`mkba/io/limits.py`); beyond a limit the file is refused with a located "
        "error naming it, never read in part.",
        "",
        "| limit | value | what |",
        "|---|---|---|",
        *(f"| `{name}` | {_shown(value)} | {text} |" for name, value, text in limits_table()),
        "",
    ]
    return "\n".join(parts)


def _shown(value: int) -> str:
    """A limit as the table shows it: grouped digits, a large power of ten as 1eN."""
    text = str(value)
    return f"1e{len(text) - 1}" if value >= 10**12 and text.strip("0") == "1" else f"{value:,}"


def limits_table() -> list[tuple[str, int, str]]:
    """(name, value, meaning) of each bound in :mod:`mkba.io.limits`, the meaning from the docstring
    under it (one source for the code and the document)."""
    tree = ast.parse(Path(limits.__file__).read_text(encoding="utf-8"))
    rows = []
    for node, after in zip(tree.body, tree.body[1:]):
        if (isinstance(node, ast.Assign) and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(node.targets[0], ast.Name)):
            name = node.targets[0].id
            if isinstance(getattr(limits, name), int):  # the bounds (REPORT_FORMATS lives there too)
                rows.append((name, getattr(limits, name), " ".join(str(after.value.value).split())))
    return rows


if __name__ == "__main__":  # pragma: no cover - exercised by the docs sync test via render_markdown
    print(render_markdown(), end="")
