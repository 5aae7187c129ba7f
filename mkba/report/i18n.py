"""The report's message catalogue (Dutch and English) and its number formats.

Every label a reader sees comes from :data:`MESSAGES`, keyed by an English code name; the
templates and table builders never hold Dutch or English text themselves. Numbers are formatted
here only: Dutch ``1.234.567,89`` and ``22,6 %``, English ``1,234,567.89`` and ``22.6%``. A missing
value (``None``, NaN) is shown as an en dash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["LANGUAGES", "MESSAGES", "Catalogue", "catalogue", "format_number", "format_value", "format_money"]

LANGUAGES = ("nl", "en")

MISSING = "–"

MESSAGES: dict[str, dict[str, str]] = {
    "nl": {
        "report.title": "MKBA en multi-actoranalyse",
        "report.subtitle": "Rapport voor de stuurgroep",
        "report.contents": "Inhoud",
        "report.generated_by": "Gemaakt met mkba {version} uit results.json; dezelfde resultaten geven hetzelfde rapport.",
        "report.charts_in_html": "De grafieken en de weging-verkenner staan in het HTML-rapport.",
        "section.summary": "Samenvatting",
        "section.appraisal": "Maatschappelijke kosten en baten",
        "section.weights": "Criteria en gewichten",
        "section.rankings": "Rangordes per partij (multi-actorbeeld)",
        "section.explorer": "Weging-verkenner",
        "section.portfolio": "Pakket binnen het budget",
        "section.frontier": "Efficiënte grens",
        "section.sensitivity": "Gevoeligheid",
        "section.roadmap": "Uitvoeringsplanning",
        "section.map": "Kansenkaart",
        "section.monitoring": "Monitoring: gepland en gerealiseerd",
        "table.roadmap": "Planning van het pakket: investering per jaar per maatregel",
        "table.spend": "Uitgaven per jaar per betaler, tegen het jaarbudget",
        "table.map_measures": "Maatregelen op de kaart",
        "table.areas": "Per deelgebied",
        "table.monitoring": "Ambities: gepland en gerealiseerd per jaar",
        "col.start": "Start",
        "col.end": "Gereed",
        "col.in_use": "In gebruik vanaf",
        "col.year": "Jaar",
        "col.savings": "Synergievoordeel",
        "col.spend_total": "Telt tegen budget",
        "col.budget_year": "Jaarbudget",
        "col.budget_available": "Beschikbaar incl. overheveling",
        "col.area": "Deelgebied",
        "col.on_map": "Op de kaart",
        "col.chosen": "In pakket",
        "col.n_chosen": "In pakket",
        "col.best_ranked": "Hoogst gerangschikt",
        "col.ambition": "Ambitie",
        "col.planned": "Gepland",
        "col.realised": "Gerealiseerd",
        "map.chosen": "in het pakket",
        "map.not_chosen": "niet in het pakket",
        "map.core_none": "nooit in het beste pakket",
        "map.core_band": "kernindex {lo}–{hi} %",
        "map.core_all": "altijd in het beste pakket",
        "map.rank_band": "rang {lo}–{hi}",
        "map.colour.portfolio": "Kleur: in het pakket of niet",
        "map.colour.priority": "Kleur: plaats in de groepsrangorde",
        "map.colour.core": "Kleur: kernindex (hoe vaak in het beste pakket bij andere wegingen)",
        "map.not_located": "Zonder plek op de kaart ({n}): {items}.",
        "map.unlabelled": "Geen ruimte voor het label van: {items}.",
        "map.illustrative": "Illustratief: de vormen en plekken zijn bij benadering of verzonnen.",
        "map.outside": "buiten de deelgebieden",
        "map.no_place": "geen plek",
        "fig.map_portfolio": "Kansenkaart: het pakket",
        "fig.map_priority": "Kansenkaart: prioriteit in de groepsrangorde",
        "fig.map_core": "Kansenkaart: kernindex",
        "fig.roadmap": "Uitvoeringsplanning per thema",
        "fig.spend": "Uitgaven per jaar per betaler",
        "fig.spend.axis": "Investering",
        "fig.monitoring": "Ambities: gepland en gerealiseerd",
        "roadmap.tip": "{id}: uitvoering {start}–{end}, in gebruik vanaf {in_use}",
        "roadmap.legend_build": "uitvoering (investering)",
        "roadmap.legend_use": "in gebruik",
        "section.assumptions": "Uitgangspunten",
        "section.provenance": "Herkomst",
        # summary sentences
        "summary.top": "In de groepsrangorde ({method}, {group_method}) staan bovenaan: {items}.",
        "summary.top_item": "{name} (NCW {npv}; B/K {bcr})",
        "summary.cost": "Deze {n} maatregelen kosten samen {costs} (contante waarde, waarvan {investment} investering) en leveren {benefits} aan gemonetariseerde baten op: een saldo van {npv}.",
        "summary.payers": "Wie betaalt: {items}.",
        "summary.payer_item": "{name} {amount} ({share})",
        "summary.agreement": "Eensgezindheid (Kendalls tau met de groepsrangorde, 1 = dezelfde volgorde): het meest in lijn is {best} ({best_tau}), het minst {worst} ({worst_tau}).",
        "summary.conflict": "De grootste tegenstelling is tussen {a} en {b} (tau {tau}).",
        "summary.party_tops": "Eigen nummer 1 per partij: {items}.",
        "summary.pm": "Niet in geld uitgedrukt (PM-posten, wel als criteria in de rangorde): {items}.",
        "summary.firm_first": "Hoe vast: {name} staat op plaats 1 in {share} van de onderzochte wegingen ({samples} trekkingen, SMAA).",
        "summary.firm_most": "Het vaakst op plaats 1 staat {name} ({share} van de wegingen): de volgorde bovenaan hangt dus af van hoe zwaar de partijen tellen.",
        "summary.portfolio": "Binnen het budget van {budget} kiest het pakket {n} maatregelen voor {cost}: {items}.",
        "summary.portfolio_nobudget": "Het pakket kiest {n} maatregelen voor {cost}: {items}.",
        "summary.portfolio_spend": "Binnen het budget van {budget} kiest het pakket {n} maatregelen met samen {spend} "
                                   "investering (alle kosten inclusief beheer, contante waarde: {cost}): {items}.",
        "summary.portfolio_nobudget_spend": "Het pakket kiest {n} maatregelen met samen {spend} investering (alle "
                                            "kosten inclusief beheer, contante waarde: {cost}): {items}.",
        "summary.portfolio_yield": "Opbrengst van het pakket ({objective}): {value}.",
        "summary.greedy": "Wie simpelweg op de rangorde afgaat tot het geld op is, financiert {items} met opbrengst {value}: {gap} minder.",
        "summary.greedy_same": "Simpelweg afgaan op de rangorde tot het geld op is, levert hier hetzelfde pakket op.",
        "summary.portfolio_status": "Het pakket kon niet worden bepaald ({status}): {message}",
        "summary.core": "Zeker in het pakket (kernindex 1): {items}.",
        "and": "en",
        "none": "geen",
        # tables
        "table.key_figures": "Kerncijfers",
        "table.top": "Bovenaan in de groepsrangorde",
        "table.appraisal": "Kosten en baten per maatregel (contante waarde)",
        "table.pm": "PM-posten per maatregel (niet in geld, wel criteria in de rangorde)",
        "table.distribution": "Verdeling van kosten en baten over de partijen (contante waarde)",
        "table.criteria": "Criteria",
        "table.weights": "Gewichten per partij en van de groep",
        "table.ranks": "Rang per partij",
        "table.scores": "Score per partij",
        "table.kendall": "Overeenstemming tussen rangordes (Kendalls tau-b)",
        "table.portfolio": "Gekozen maatregelen",
        "table.greedy": "Pakket tegenover de rangorde-aanpak (greedy)",
        "table.frontier": "Efficiënte grens: beste pakket per budget",
        "table.rank_acceptability": "Rangacceptatie (SMAA-2): kans op elke plaats",
        "table.stability": "Stabiliteitsintervallen van de gewichten",
        "table.tornado": "Tornado: saldo en rang van de nummer 1 bij lage en hoge invoer",
        "table.switching": "Omslagwaarden: bij welke factor wordt het saldo nul",
        "note.smaa": "SMAA-2 met {method}, {n} trekkingen van de gewichten (binnen de weging van de partijen) en van de onzekere effecten; holistische acceptatie met {meta} metagewichten.",
        "note.stability": "Binnen het interval van een gewicht (de andere gewichten naar verhouding aangepast) blijft {top} op plaats 1, respectievelijk blijft de hele volgorde gelijk.",
        "note.tornado": "Eén invoer tegelijk naar laag en hoog, de rest op de basiswaarde; uitkomst voor {measure} (basis: saldo {npv}, rang {rank}).",
        "note.switching": "Factor waarmee de baten (of de investering) vermenigvuldigd moeten worden om het saldo op nul te brengen; leeg als dat niet kan.",
        "col.low_value": "Lage waarde",
        "col.high_value": "Hoge waarde",
        "col.npv_low": "Saldo bij laag",
        "col.npv_high": "Saldo bij hoog",
        "col.rank_low": "Rang bij laag",
        "col.rank_high": "Rang bij hoog",
        "col.top_low_measure": "Nr. 1 bij laag",
        "col.top_high_measure": "Nr. 1 bij hoog",
        "col.benefit_factor": "Factor baten",
        "col.investment_factor": "Factor investering",
        "assume.sampler": "Steekproef van de gewichten",
        "fig.low": "invoer op de lage waarde",
        "fig.high": "invoer op de hoge waarde",
        "fig.tornado_rank": "Tornado: rang van de nummer 1 bij lage en hoge invoer",
        "fig.tornado_rank.axis": "Rang van {measure} (1 = eerste)",
        "table.core_index": "Kernindex: in welk deel van de onderzochte wegingen het beste pakket de maatregel bevat",
        "note.core_index": "Het pakket is opnieuw geoptimaliseerd voor {samples} getrokken wegingen (en onzekere effecten). Kern: in elk niet-gedomineerd pakket; twijfel: in sommige; buiten: in geen enkel (RPM, Liesiö e.a. 2007).",
        "col.rpm_class": "Klasse",
        "rpm.core": "kern",
        "rpm.borderline": "twijfel",
        "rpm.exterior": "buiten",
        "summary.portfolio_firm": "Hoe vast is het pakket: het is het beste in {share} van {samples} onderzochte wegingen. Altijd erin (kern): {core}. Twijfelgevallen: {borderline}.",
        "table.tornado_portfolio": "Tornado: opbrengst van het beste pakket bij lage en hoge invoer",
        "fig.tornado_portfolio": "Tornado: opbrengst van het beste pakket bij lage en hoge invoer",
        "fig.tornado_portfolio.axis": "Opbrengst beste pakket ({objective})",
        "note.tornado_portfolio": "Per invoer opnieuw het beste pakket gekozen binnen budget en regels; basis: {value}.",
        "col.portfolio_low": "Opbrengst bij laag",
        "col.portfolio_high": "Opbrengst bij hoog",
        "table.assumptions": "Uitgangspunten van de berekening",
        "table.provenance": "Herkomst van de resultaten",
        "table.versions": "Versies",
        # columns
        "col.item": "Onderdeel",
        "col.value": "Waarde",
        "col.measure": "Maatregel",
        "col.id": "Code",
        "col.name": "Naam",
        "col.theme": "Thema",
        "col.rank": "Rang",
        "col.score": "Score",
        "col.group_rank": "Rang groep",
        "col.group_score": "Score groep",
        "col.pv_investment": "Investering",
        "col.pv_running_cost": "Exploitatie",
        "col.pv_costs": "Kosten",
        "col.pv_benefits": "Baten",
        "col.npv": "Saldo (NCW)",
        "col.bcr": "B/K-verhouding",
        "col.total": "Totaal",
        "col.unit": "Eenheid",
        "col.direction": "Richting",
        "col.role": "Rol",
        "col.shadow_price": "Schaduwprijs",
        "col.stakeholder": "Partij",
        "col.influence": "Invloed",
        "col.elicitation": "Weging",
        "col.cr": "CR",
        "col.selected": "Gekozen",
        "col.cost": "Kosten",
        "col.objective": "Opbrengst",
        "col.budget": "Budget",
        "col.spend": "Investering",
        "col.measures": "Maatregelen",
        "col.payers": "Betalers",
        "col.criterion": "Criterium",
        "col.weight": "Gewicht",
        "col.top_lo": "Nr. 1 blijft vanaf",
        "col.top_hi": "Nr. 1 blijft tot",
        "col.ranking_lo": "Volgorde blijft vanaf",
        "col.ranking_hi": "Volgorde blijft tot",
        "col.parameter": "Invoer",
        "col.low": "Uitkomst laag",
        "col.high": "Uitkomst hoog",
        "col.base": "Basis",
        "col.swing": "Bandbreedte",
        "col.core_index": "Kernindex",
        "col.holistic": "Holistische acceptatie",
        "col.confidence": "Betrouwbaarheid",
        "col.rank_n": "Plaats {r}",
        "col.portfolio": "Pakket",
        "col.greedy": "Rangorde-aanpak",
        "col.difference": "Verschil",
        "col.in_portfolio": "In pakket",
        "col.in_greedy": "In greedy",
        "yes": "ja",
        "no": "nee",
        # units
        "unit.eur": "EUR",
        "unit.eur_pv": "EUR, CW",
        "unit.share": "%",
        "unit.tau": "-1 tot 1",
        "unit.eur_per_unit": "EUR per eenheid",
        "unit.score": "{method}",
        # values
        "direction.benefit": "hoger is beter",
        "direction.cost": "lager is beter",
        "role.monetised": "in het saldo",
        "role.pm": "PM-post (criterium)",
        "role.npv": "saldo als criterium",
        "elicitation.direct": "directe gewichten",
        "elicitation.ahp": "AHP (paarsgewijs)",
        "elicitation.swing": "swing",
        "elicitation.ranking": "rangorde (ROC)",
        "elicitation.objective": "objectief",
        "group": "Groep",
        "group_method.mean": "invloedgewogen gemiddelde van de gewichten",
        "group_method.aij": "gewogen meetkundig gemiddelde van de AHP-oordelen",
        "actor.society": "Overige samenleving",
        "item.investment": "Investeringen",
        "item.running_cost": "Exploitatiekosten",
        "item.transfers": "Overdrachten",
        "item.total": "Saldo",
        "key.measures": "Maatregelen op de longlist",
        "key.stakeholders": "Partijen",
        "key.pv_costs": "Kosten alle maatregelen (CW)",
        "key.pv_benefits": "Baten alle maatregelen (CW)",
        "key.npv": "Saldo alle maatregelen (NCW)",
        "key.positive_npv": "Maatregelen met positief saldo",
        "key.method": "Rangschikkingsmethode",
        "key.top_costs": "Kosten top {n} (CW)",
        "key.top_npv": "Saldo top {n} (NCW)",
        "key.budget": "Budget",
        "key.portfolio_spend": "Investering pakket",
        "key.portfolio_cost": "Kosten pakket",
        "key.portfolio_objective": "Opbrengst pakket",
        "key.first_acceptability": "Kans dat nr. 1 op plaats 1 staat",
        "assume.scenario": "Scenario",
        "assume.discount": "Discontovoet (set)",
        "assume.discount_description": "Discontovoet",
        "assume.discount_source": "Bron discontovoet",
        "assume.price_year": "Prijspeil",
        "assume.start_year": "Eerste jaar",
        "assume.horizon": "Zichtperiode (jaren)",
        "assume.years": "Jaren",
        "assume.method": "MCDA-methode",
        "assume.method_params": "Parameters methode",
        "assume.group": "Groepsweging",
        "assume.solver": "Solver",
        "assume.objective": "Doel van het pakket",
        "assume.seed": "Seed",
        "assume.samples": "Trekkingen gevoeligheid",
        "assume.warnings": "Waarschuwingen bij de invoer",
        "prov.input_hash": "Hash van de invoer (SHA-256)",
        "prov.source": "Invoerbestand",
        "prov.mkba": "mkba-versie",
        "prov.python": "Python",
        "prov.package": "Pakket",
        "prov.version": "Versie",
        # figures
        "fig.npv": "Saldo (NCW) per maatregel",
        "fig.npv.axis": "Saldo, netto contante waarde",
        "fig.weights": "Gewichten per partij",
        "fig.multi_actor": "Multi-actorbeeld: score van de groepstop per partij",
        "fig.multi_actor.axis": "Score ({method})",
        "fig.multi_actor.xaxis": "Partij",
        "fig.multi_actor.others": "overige maatregelen (grijs)",
        "fig.frontier": "Efficiënte grens",
        "fig.frontier.x": "Kosten van het pakket",
        "fig.frontier.y": "Opbrengst van het pakket",
        "fig.acceptability": "Rangacceptatie (kans op elke plaats)",
        "fig.acceptability.x": "Plaats in de rangorde",
        "fig.stability": "Stabiliteitsintervallen: binnen welke gewichten blijft nr. 1 op 1",
        "fig.stability.axis": "Gewicht van het criterium (%)",
        "fig.tornado": "Tornado: saldo van de nummer 1 bij lage en hoge invoer",
        "fig.tornado.axis": "Uitkomst",
        "fig.core_index": "Kernindex per maatregel",
        "fig.core_index.axis": "Kernindex (aandeel efficiënte pakketten, %)",
        "fig.explorer.axis": "Score bij de gekozen weging",
        "scale.mln": "mln",
        "scale.thousand": "× 1.000",
        # explorer
        "explorer.intro": "Schuif met de invloed van de partijen en met het belang van de criteria; de rangorde wordt direct opnieuw berekend. Het groepsgewicht is het invloedgewogen gemiddelde van de gewichten van de partijen, vermenigvuldigd met de criteriumfactor.",
        "explorer.influence": "Invloed per partij",
        "explorer.criteria": "Factor per criterium",
        "explorer.method": "Methode",
        "explorer.wsm": "Gewogen som (min-max)",
        "explorer.topsis": "TOPSIS (min-max)",
        "explorer.reset": "Terug naar de weging van het scenario",
        "explorer.weight": "groepsgewicht",
        "explorer.ranking": "Rangorde bij deze weging",
        "explorer.note_method": "Het rapport rangschikt met {method}; de verkenner rekent met gewogen som en TOPSIS.",
        "explorer.note_aij": "De groepsgewichten in het rapport komen uit de AHP-oordelen (AIJ); de verkenner middelt de gewichten (AIP), dus kan iets afwijken.",
        "explorer.noscript": "De weging-verkenner heeft JavaScript nodig.",
        "status.optimal": "optimaal",
        "status.infeasible": "onhaalbaar",
    },
    "en": {
        "report.title": "Cost-benefit and multi-actor analysis",
        "report.subtitle": "Report for the steering group",
        "report.contents": "Contents",
        "report.generated_by": "Made with mkba {version} from results.json; the same results give the same report.",
        "report.charts_in_html": "The charts and the weight explorer are in the HTML report.",
        "section.summary": "Summary",
        "section.appraisal": "Social costs and benefits",
        "section.weights": "Criteria and weights",
        "section.rankings": "Rankings per stakeholder (multi-actor view)",
        "section.explorer": "Weight explorer",
        "section.portfolio": "Portfolio within the budget",
        "section.frontier": "Efficient frontier",
        "section.sensitivity": "Sensitivity",
        "section.roadmap": "Implementation roadmap",
        "section.map": "Opportunity map",
        "section.monitoring": "Monitoring: planned and realised",
        "table.roadmap": "Schedule of the portfolio: investment per year per measure",
        "table.spend": "Spend per year per payer, against the yearly budget",
        "table.map_measures": "Measures on the map",
        "table.areas": "Per sub-area",
        "table.monitoring": "Ambitions: planned and realised per year",
        "col.start": "Start",
        "col.end": "Finished",
        "col.in_use": "In use from",
        "col.year": "Year",
        "col.savings": "Synergy saving",
        "col.spend_total": "Counts against budget",
        "col.budget_year": "Yearly budget",
        "col.budget_available": "Available incl. carry-over",
        "col.area": "Sub-area",
        "col.on_map": "On the map",
        "col.chosen": "In portfolio",
        "col.n_chosen": "In portfolio",
        "col.best_ranked": "Best ranked",
        "col.ambition": "Ambition",
        "col.planned": "Planned",
        "col.realised": "Realised",
        "map.chosen": "in the portfolio",
        "map.not_chosen": "not in the portfolio",
        "map.core_none": "never in the best portfolio",
        "map.core_band": "core index {lo}–{hi}%",
        "map.core_all": "always in the best portfolio",
        "map.rank_band": "rank {lo}–{hi}",
        "map.colour.portfolio": "Colour: in the portfolio or not",
        "map.colour.priority": "Colour: place in the group ranking",
        "map.colour.core": "Colour: core index (how often in the best portfolio under other weightings)",
        "map.not_located": "Without a place on the map ({n}): {items}.",
        "map.unlabelled": "No room for the label of: {items}.",
        "map.illustrative": "Illustrative: the shapes and places are approximate or invented.",
        "map.outside": "outside the sub-areas",
        "map.no_place": "no place",
        "fig.map_portfolio": "Opportunity map: the portfolio",
        "fig.map_priority": "Opportunity map: priority in the group ranking",
        "fig.map_core": "Opportunity map: core index",
        "fig.roadmap": "Implementation roadmap per theme",
        "fig.spend": "Spend per year per payer",
        "fig.spend.axis": "Investment",
        "fig.monitoring": "Ambitions: planned and realised",
        "roadmap.tip": "{id}: carried out {start}–{end}, in use from {in_use}",
        "roadmap.legend_build": "carried out (investment)",
        "roadmap.legend_use": "in use",
        "section.assumptions": "Assumptions",
        "section.provenance": "Provenance",
        "summary.top": "The group ranking ({method}, {group_method}) puts first: {items}.",
        "summary.top_item": "{name} (NPV {npv}; B/C {bcr})",
        "summary.cost": "These {n} measures together cost {costs} (present value, of which {investment} investment) and yield {benefits} in monetised benefits: a net present value of {npv}.",
        "summary.payers": "Who pays: {items}.",
        "summary.payer_item": "{name} {amount} ({share})",
        "summary.agreement": "Agreement (Kendall's tau with the group ranking, 1 = same order): most in line is {best} ({best_tau}), least {worst} ({worst_tau}).",
        "summary.conflict": "The strongest disagreement is between {a} and {b} (tau {tau}).",
        "summary.party_tops": "Each party's own first choice: {items}.",
        "summary.pm": "Not expressed in money (PM items, included as criteria in the ranking): {items}.",
        "summary.firm_first": "How firm: {name} is first in {share} of the weightings examined ({samples} samples, SMAA).",
        "summary.firm_most": "Most often first is {name} ({share} of the weightings): the top of the order depends on how much each party counts.",
        "summary.portfolio": "Within the budget of {budget} the portfolio funds {n} measures for {cost}: {items}.",
        "summary.portfolio_nobudget": "The portfolio funds {n} measures for {cost}: {items}.",
        "summary.portfolio_spend": "Within the budget of {budget} the portfolio funds {n} measures with {spend} of "
                                   "investment together (all costs including running costs, present value: {cost}): "
                                   "{items}.",
        "summary.portfolio_nobudget_spend": "The portfolio funds {n} measures with {spend} of investment together "
                                            "(all costs including running costs, present value: {cost}): {items}.",
        "summary.portfolio_yield": "What the portfolio yields ({objective}): {value}.",
        "summary.greedy": "Funding down the ranking until the money runs out would fund {items}, yielding {value}: {gap} less.",
        "summary.greedy_same": "Funding down the ranking until the money runs out gives the same portfolio here.",
        "summary.portfolio_status": "No portfolio could be chosen ({status}): {message}",
        "summary.core": "In every efficient portfolio (core index 1): {items}.",
        "and": "and",
        "none": "none",
        "table.key_figures": "Key figures",
        "table.top": "Top of the group ranking",
        "table.appraisal": "Costs and benefits per measure (present value)",
        "table.pm": "PM items per measure (not in money, criteria in the ranking)",
        "table.distribution": "Distribution of costs and benefits over the parties (present value)",
        "table.criteria": "Criteria",
        "table.weights": "Weights per stakeholder and of the group",
        "table.ranks": "Rank per stakeholder",
        "table.scores": "Score per stakeholder",
        "table.kendall": "Agreement between rankings (Kendall's tau-b)",
        "table.portfolio": "Measures chosen",
        "table.greedy": "Portfolio against funding down the ranking (greedy)",
        "table.frontier": "Efficient frontier: best portfolio per budget",
        "table.rank_acceptability": "Rank acceptability (SMAA-2): probability of each rank",
        "table.stability": "Weight stability intervals",
        "table.tornado": "Tornado: NPV and rank of the first measure at low and high input",
        "table.switching": "Switching values: the factor at which the NPV becomes zero",
        "note.smaa": "SMAA-2 with {method}, {n} samples of the weights (within the parties' weightings) and of the uncertain effects; holistic acceptability with {meta} meta-weights.",
        "note.stability": "Within a weight's interval (the other weights rescaled in proportion) {top} stays first, or the whole order stays the same.",
        "note.tornado": "One input at a time to its low and high value, the rest at base; outcome for {measure} (base: NPV {npv}, rank {rank}).",
        "note.switching": "The factor by which the benefits (or the investment) must be multiplied to bring the NPV to zero; empty where that is impossible.",
        "col.low_value": "Low value",
        "col.high_value": "High value",
        "col.npv_low": "NPV at low",
        "col.npv_high": "NPV at high",
        "col.rank_low": "Rank at low",
        "col.rank_high": "Rank at high",
        "col.top_low_measure": "First at low",
        "col.top_high_measure": "First at high",
        "col.benefit_factor": "Benefit factor",
        "col.investment_factor": "Investment factor",
        "assume.sampler": "Weight sampler",
        "fig.low": "input at its low value",
        "fig.high": "input at its high value",
        "fig.tornado_rank": "Tornado: rank of the first measure at low and high input",
        "fig.tornado_rank.axis": "Rank of {measure} (1 = first)",
        "table.core_index": "Core index: in what share of the weightings examined the best portfolio holds the measure",
        "note.core_index": "The portfolio was re-optimised for {samples} sampled weightings (and uncertain effects). Core: in every non-dominated portfolio; borderline: in some; exterior: in none (RPM, Liesiö et al. 2007).",
        "col.rpm_class": "Class",
        "rpm.core": "core",
        "rpm.borderline": "borderline",
        "rpm.exterior": "exterior",
        "summary.portfolio_firm": "How firm the portfolio is: it is the best in {share} of {samples} weightings examined. Always in (core): {core}. Borderline: {borderline}.",
        "table.tornado_portfolio": "Tornado: value of the best portfolio at low and high input",
        "fig.tornado_portfolio": "Tornado: value of the best portfolio at low and high input",
        "fig.tornado_portfolio.axis": "Value of the best portfolio ({objective})",
        "note.tornado_portfolio": "For each input the best portfolio is chosen again within budget and rules; base: {value}.",
        "col.portfolio_low": "Value at low",
        "col.portfolio_high": "Value at high",
        "table.assumptions": "Assumptions of the calculation",
        "table.provenance": "Provenance of the results",
        "table.versions": "Versions",
        "col.item": "Item",
        "col.value": "Value",
        "col.measure": "Measure",
        "col.id": "Code",
        "col.name": "Name",
        "col.theme": "Theme",
        "col.rank": "Rank",
        "col.score": "Score",
        "col.group_rank": "Group rank",
        "col.group_score": "Group score",
        "col.pv_investment": "Investment",
        "col.pv_running_cost": "Running costs",
        "col.pv_costs": "Costs",
        "col.pv_benefits": "Benefits",
        "col.npv": "NPV",
        "col.bcr": "B/C ratio",
        "col.total": "Total",
        "col.unit": "Unit",
        "col.direction": "Direction",
        "col.role": "Role",
        "col.shadow_price": "Shadow price",
        "col.stakeholder": "Stakeholder",
        "col.influence": "Influence",
        "col.elicitation": "Weighting",
        "col.cr": "CR",
        "col.selected": "Chosen",
        "col.cost": "Cost",
        "col.objective": "Yield",
        "col.budget": "Budget",
        "col.spend": "Investment",
        "col.measures": "Measures",
        "col.payers": "Payers",
        "col.criterion": "Criterion",
        "col.weight": "Weight",
        "col.top_lo": "First stays from",
        "col.top_hi": "First stays up to",
        "col.ranking_lo": "Order stays from",
        "col.ranking_hi": "Order stays up to",
        "col.parameter": "Input",
        "col.low": "Outcome low",
        "col.high": "Outcome high",
        "col.base": "Base",
        "col.swing": "Swing",
        "col.core_index": "Core index",
        "col.holistic": "Holistic acceptability",
        "col.confidence": "Confidence",
        "col.rank_n": "Rank {r}",
        "col.portfolio": "Portfolio",
        "col.greedy": "Greedy",
        "col.difference": "Difference",
        "col.in_portfolio": "In portfolio",
        "col.in_greedy": "In greedy",
        "yes": "yes",
        "no": "no",
        "unit.eur": "EUR",
        "unit.eur_pv": "EUR, PV",
        "unit.share": "%",
        "unit.tau": "-1 to 1",
        "unit.eur_per_unit": "EUR per unit",
        "unit.score": "{method}",
        "direction.benefit": "higher is better",
        "direction.cost": "lower is better",
        "role.monetised": "in the NPV",
        "role.pm": "PM item (criterion)",
        "role.npv": "NPV as a criterion",
        "elicitation.direct": "direct weights",
        "elicitation.ahp": "AHP (pairwise)",
        "elicitation.swing": "swing",
        "elicitation.ranking": "rank order (ROC)",
        "elicitation.objective": "objective",
        "group": "Group",
        "group_method.mean": "influence-weighted mean of the weights",
        "group_method.aij": "weighted geometric mean of the AHP judgements",
        "actor.society": "Rest of society",
        "item.investment": "Investment",
        "item.running_cost": "Running costs",
        "item.transfers": "Transfers",
        "item.total": "Net",
        "key.measures": "Measures on the longlist",
        "key.stakeholders": "Stakeholders",
        "key.pv_costs": "Costs of all measures (PV)",
        "key.pv_benefits": "Benefits of all measures (PV)",
        "key.npv": "NPV of all measures",
        "key.positive_npv": "Measures with a positive NPV",
        "key.method": "Ranking method",
        "key.top_costs": "Costs of the top {n} (PV)",
        "key.top_npv": "NPV of the top {n}",
        "key.budget": "Budget",
        "key.portfolio_spend": "Investment in the portfolio",
        "key.portfolio_cost": "Cost of the portfolio",
        "key.portfolio_objective": "Yield of the portfolio",
        "key.first_acceptability": "Probability that the first stays first",
        "assume.scenario": "Scenario",
        "assume.discount": "Discount set",
        "assume.discount_description": "Discount rate",
        "assume.discount_source": "Source of the discount rate",
        "assume.price_year": "Price year",
        "assume.start_year": "First year",
        "assume.horizon": "Horizon (years)",
        "assume.years": "Years",
        "assume.method": "MCDA method",
        "assume.method_params": "Method parameters",
        "assume.group": "Group weighting",
        "assume.solver": "Solver",
        "assume.objective": "Portfolio objective",
        "assume.seed": "Seed",
        "assume.samples": "Sensitivity samples",
        "assume.warnings": "Input warnings",
        "prov.input_hash": "Input hash (SHA-256)",
        "prov.source": "Input file",
        "prov.mkba": "mkba version",
        "prov.python": "Python",
        "prov.package": "Package",
        "prov.version": "Version",
        "fig.npv": "NPV per measure",
        "fig.npv.axis": "Net present value",
        "fig.weights": "Weights per stakeholder",
        "fig.multi_actor": "Multi-actor view: score of the group's top measures per stakeholder",
        "fig.multi_actor.axis": "Score ({method})",
        "fig.multi_actor.xaxis": "Stakeholder",
        "fig.multi_actor.others": "other measures (grey)",
        "fig.frontier": "Efficient frontier",
        "fig.frontier.x": "Cost of the portfolio",
        "fig.frontier.y": "Yield of the portfolio",
        "fig.acceptability": "Rank acceptability (probability of each rank)",
        "fig.acceptability.x": "Rank",
        "fig.stability": "Stability intervals: the weights within which the first stays first",
        "fig.stability.axis": "Weight of the criterion (%)",
        "fig.tornado": "Tornado: NPV of the first measure at low and high input",
        "fig.tornado.axis": "Outcome",
        "fig.core_index": "Core index per measure",
        "fig.core_index.axis": "Core index (share of efficient portfolios, %)",
        "fig.explorer.axis": "Score at the chosen weights",
        "scale.mln": "million",
        "scale.thousand": "thousand",
        "explorer.intro": "Move the stakeholders' influence and the criteria's importance; the ranking is recomputed at once. The group weight is the influence-weighted mean of the stakeholders' weights, multiplied by the criterion factor.",
        "explorer.influence": "Influence per stakeholder",
        "explorer.criteria": "Factor per criterion",
        "explorer.method": "Method",
        "explorer.wsm": "Weighted sum (min-max)",
        "explorer.topsis": "TOPSIS (min-max)",
        "explorer.reset": "Back to the scenario's weights",
        "explorer.weight": "group weight",
        "explorer.ranking": "Ranking at these weights",
        "explorer.note_method": "The report ranks by {method}; the explorer computes the weighted sum and TOPSIS.",
        "explorer.note_aij": "The report's group weights come from the AHP judgements (AIJ); the explorer averages the weights (AIP), so it may differ slightly.",
        "explorer.noscript": "The weight explorer needs JavaScript.",
        "status.optimal": "optimal",
        "status.infeasible": "infeasible",
    },
}


@dataclass(frozen=True)
class Catalogue:
    """Labels of one language; ``cat("key", **fields)`` gives the formatted message.

    Number helpers (``cat.money(x)``, ``cat.number(x, 2)``, ``cat.share(x)``) format in the same
    language, so a builder needs only this one object.
    """

    lang: str

    def __call__(self, key: str, **fields: object) -> str:
        text = MESSAGES[self.lang][key]
        return text.format(**fields) if fields else text

    def has(self, key: str) -> bool:
        return key in MESSAGES[self.lang]

    def number(self, value: float | None, decimals: int = 0) -> str:
        return format_number(value, decimals, self.lang)

    def share(self, value: float | None, decimals: int = 0) -> str:
        """A fraction as a percentage: 0.226 -> '23 %' (nl) or '23%' (en)."""
        return format_value(value, "share", self.lang, decimals)

    def money(self, value: float | None) -> str:
        return format_money(value, self.lang)

    def join(self, items: list[str]) -> str:
        """'a, b en c' / 'a, b and c'."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('and')} {items[-1]}"


def catalogue(lang: str) -> Catalogue:
    """The catalogue of ``lang`` (one of :data:`LANGUAGES`).

    Raises
    ------
    ValueError
        For any other language, naming the valid ones.
    """
    if lang not in MESSAGES:
        msg = f"unknown report language {lang!r}; valid: {', '.join(LANGUAGES)}"
        raise ValueError(msg)
    return Catalogue(lang)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def format_number(value: float | None, decimals: int = 0, lang: str = "nl") -> str:
    """Group thousands and place the decimal mark by language.

    >>> format_number(1234567.891, 2, "nl")
    '1.234.567,89'
    >>> format_number(-1234567.891, 2, "en")
    '-1,234,567.89'

    A value that rounds to zero is shown without a sign; ``None`` and NaN as an en dash.
    """
    if _missing(value):
        return MISSING
    x = float(value)
    text = f"{abs(x):,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        x = 0.0
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"-{text}" if x < 0 else text


def format_money(value: float | None, lang: str = "nl") -> str:
    """Euros for running text, compact: '€ 2,0 mln' / '€2.0 million', '€ 450.000' / '€450,000'."""
    if _missing(value):
        return MISSING
    x = float(value)
    sign = "-" if x < 0 and round(abs(x)) != 0 else ""
    a = abs(x)
    if a >= 1e6:
        body = f"{format_number(a / 1e6, 1, lang)} {MESSAGES[lang]['scale.mln']}"
    else:
        body = format_number(a, 0, lang)
    return f"{sign}€ {body}" if lang == "nl" else f"{sign}€{body}"


def format_value(value: object, kind: str, lang: str = "nl", decimals: int | None = None) -> str:
    """Format one table cell by its column kind.

    Kinds: ``text`` (as is), ``int``, ``year`` (no grouping), ``money`` (0 decimals), ``ratio``
    (2), ``score`` (4), ``tau`` (2), ``share`` (a fraction shown in %, 1 decimal), ``number``
    (``decimals``, default 2), ``bool`` (yes/no).
    """
    if kind == "text":
        return "" if value is None else str(value)
    if kind == "bool":
        return MISSING if value is None else MESSAGES[lang]["yes" if value else "no"]
    if _missing(value):
        return MISSING
    if kind == "year":
        return str(int(value))  # type: ignore[arg-type]
    defaults = {"int": 0, "money": 0, "ratio": 2, "score": 4, "tau": 2, "share": 1, "number": 2}
    d = defaults.get(kind, 2) if decimals is None else decimals
    if kind == "share":
        text = format_number(float(value) * 100, d, lang)  # type: ignore[arg-type]
        return f"{text} %" if lang == "nl" else f"{text}%"
    return format_number(float(value), d, lang)  # type: ignore[arg-type]
