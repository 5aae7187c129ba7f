"""Write the four masterplan scenarios of the Assen business association and their shared longlist.

``python scenarios/assen/make_scenarios.py`` writes scenario-noord.yaml, scenario-stadsbedrijvenpark.yaml,
scenario-zuidwest.yaml, scenario-verspreid.yaml and measures.xlsx (one sheet per circle). What the
four masterplans share (appraisal settings, the twelve themes and their criteria, the parties, the
rules every circle applies) is written once here; what differs per circle (its longlist, its weights,
its budget, its own rules) is in CIRCLES. Edit this script, not the generated files; the output is
byte-for-byte reproducible. The basis of every number is in README.md.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.styles import Font

from mkba.io.xlsx import workbook_bytes

HERE = Path(__file__).resolve().parent

# -- shared: the twelve themes ------------------------------------------------------------------
# energie is carried by the monetised co2 and energie (inside npv); the other eleven themes each have
# one PM criterion, so every party weighs twelve matrix criteria: npv plus eleven themes.
CRITERIA = [
    {"id": "co2", "name": "CO2-reductie", "unit": "t CO2/jaar", "direction": "benefit", "theme": "energie",
     "shadow_price": 160, "receivers": {"society": 1.0},
     "description": "Vermeden uitstoot; 160 euro/t (prijspeil 2025), ordegrootte CE Delft Handboek Milieuprijzen 2023."},
    {"id": "energie", "name": "Vermeden energie-inkoop", "unit": "MWh/jaar", "direction": "benefit",
     "theme": "energie", "shadow_price": 60, "receivers": {"kring": 0.8, "society": 0.2},
     "description": "Netto vermeden energie-inkoop (MWh gasequivalent) tegen kostprijs zonder belastingen."},
    {"id": "reistijd", "name": "Reistijdwinst", "unit": "uur/jaar", "direction": "benefit",
     "theme": "bereikbaarheid", "shadow_price": 11, "receivers": {"society": 1.0},
     "description": "Bespaarde reistijd van werknemers en bezoekers, ordegrootte KiM-reistijdwaardering woon-werk."},
    {"id": "schade", "name": "Vermeden schade", "unit": "euro/jaar", "direction": "benefit", "theme": "veiligheid",
     "shadow_price": 1, "receivers": {"kring": 1.0},
     "description": "Vermeden schade door inbraak, diefstal, brand en wateroverlast bij de leden."},
]
PM = [  # id, name, theme (one per theme), wish of the members (the 'wens' in the masterplans)
    ("materialen", "Circulair materiaalgebruik", "materialen", "minder afval, hergebruik van reststromen"),
    ("ruimte", "Efficient ruimtegebruik", "ruimtegebruik", "ruimte om te groeien zonder uitbreiding"),
    ("welzijn", "Welzijn en leefomgeving", "welzijn en leefomgeving", "een gezonde, prettige werkomgeving"),
    ("vestigingsklimaat", "Vestigingsklimaat", "vestigingsklimaat", "netcapaciteit, uitstraling, dienstverlening"),
    ("bereikbaarheid", "Bereikbaarheid (kwalitatief)", "bereikbaarheid", "goede routes voor fiets, ov en vracht"),
    ("veiligheid", "Veiligheid", "veiligheid", "minder inbraak en ondermijning"),
    ("arbeidsmarkt", "Arbeidsmarkt en talent", "arbeidsmarkt", "vakmensen vinden en houden"),
    ("water", "Water en klimaatadaptatie", "water en klimaat", "geen wateroverlast, minder hitte"),
    ("groen", "Groen en biodiversiteit", "groen en biodiversiteit", "groene, natuurlijke randen"),
    ("digitaal", "Digitale infrastructuur", "digitalisering", "snel en betrouwbaar internet"),
    ("samenwerking", "Samenwerking en organisatiegraad", "samenwerking", "een kring die samen optrekt"),
]
for cid, name, theme, wish in PM:
    CRITERIA.append({"id": cid, "name": name, "unit": "score 0-10", "direction": "benefit", "theme": theme,
                     "description": f"Wens van de leden: {wish}. Score van het kringpanel, 0-10."})
MATRIX = ["npv"] + [p[0] for p in PM]
EFFECTS = ["co2", "energie", "reistijd", "schade"] + [p[0] for p in PM]
COLUMNS = ["id", "name", "theme", "start_year", "start_years", "investment", "running_cost", "lifetime", "payer",
           *EFFECTS]

SHARED_RULES = [
    {"theme": "energie", "min_count": 1},  # the association's energy pact: every circle does something on energy
]


def weights(**given: float) -> dict:
    """Direct weights over the twelve matrix criteria; the criteria not named share what is left."""
    rest = [c for c in MATRIX if c not in given]
    share = round((1 - sum(given.values())) / len(rest), 4) if rest else 0.0
    out = {c: given.get(c, share) for c in MATRIX}
    out["npv"] = round(1 - sum(v for c, v in out.items() if c != "npv"), 4)
    return out


# -- per circle ---------------------------------------------------------------------------------
# A measure row: (id, name, theme, start_year, start_years, investment, running_cost, lifetime, payer, effects)
CIRCLES = {
    "noord": {
        "title": "Masterplan kring Noord (bedrijventerreinen Assen-Noord)",
        "text": ("Kring Noord: circa 120 leden op de oudere terreinen aan de noordkant van de stad, veel "
                 "productie, groothandel en transport; netcongestie, zwaar verkeer door woonstraten en "
                 "verouderde panden zijn de grootste zorgen."),
        "ranking": ["vestigingsklimaat", "bereikbaarheid", "npv", "veiligheid", ["ruimte", "arbeidsmarkt"],
                    "samenwerking", "welzijn", "digitaal", "materialen", "water", "groen"],
        "bestuur": weights(npv=0.22, vestigingsklimaat=0.16, arbeidsmarkt=0.12, bereikbaarheid=0.10, samenwerking=0.10,
                           ruimte=0.08, veiligheid=0.06, materialen=0.04, welzijn=0.04),
        "gemeente": weights(npv=0.18, ruimte=0.14, bereikbaarheid=0.12, water=0.10, groen=0.08, welzijn=0.08,
                            vestigingsklimaat=0.08, arbeidsmarkt=0.06, materialen=0.04),
        "budget": {"total": 3200000, "per_year": {2026: 900000, 2027: 1300000, 2028: 1000000}, "carry_over": True,
                   "per_payer": {"kring": 900000, "bestuur": 500000, "gemeente": 1400000}},
        "rules": [{"exclusive": ["N02a", "N02b"]}, {"requires": "N03", "on": ["N02a", "N02b"]}],
        "measures": [
            ("N01", "Collectief zon op dak, 1,5 MWp op distributiehallen", "energie", 2026, "2026;2027", 1100000, 15000, 25,
             "kring:0.7;society:0.3", {"co2": 135, "energie": "1250|1350|1420", "vestigingsklimaat": 0.3}),
            ("N02a", "Energiecooperatie met batterij en groepscontract (netcongestie)", "energie", 2027, "2027;2028", 900000,
             45000, 20, "kring:0.5;bestuur:0.2;gemeente:0.3", {"co2": 80, "energie": 200, "vestigingsklimaat": "1.0|1.5|2.0",
                                                            "samenwerking": 0.5}),
            ("N02b", "Alleen een energiemakelaar die netcapaciteit verdeelt", "energie", 2026, "", 60000, 70000, 10,
             "bestuur:0.5;gemeente:0.5", {"vestigingsklimaat": 0.6, "samenwerking": 0.3}),
            ("N03", "Laadplein zware elektrische trucks (na N02a of N02b)", "energie", 2028, "", 800000, 25000, 15,
             "kring:0.6;society:0.4", {"co2": 260, "energie": 350, "vestigingsklimaat": 0.6}),
            ("N04", "Vrachtroute buiten de woonwijk om en betere aansluiting N33", "bereikbaarheid", 2027, "2027;2028",
             1400000, 15000, 30, "gemeente:0.8;bestuur:0.2", {"reistijd": "12000|18000|22000", "bereikbaarheid": 1.5,
                                                            "welzijn": 0.4}),
            ("N05", "Collectieve beveiliging en Keurmerk Veilig Ondernemen", "veiligheid", 2026, "", 120000, 55000, 10,
             "kring:0.6;bestuur:0.2;gemeente:0.2", {"schade": "40000|60000|80000", "veiligheid": 1.2,
                                                               "digitaal": 0.3}),
            ("N06", "Herontwikkeling twee lege hallen tot bedrijfsverzamelgebouw", "ruimtegebruik", 2027, "", 1200000, 0, 30,
             "kring:0.4;gemeente:0.6", {"ruimte": 1.5, "vestigingsklimaat": 0.5, "materialen": 0.3}),
            ("N07", "Leerwerkplaats logistiek en techniek met Drenthe College", "arbeidsmarkt", 2026, "", 150000, 80000, 10,
             "bestuur:0.4;gemeente:0.6", {"arbeidsmarkt": 1.5, "samenwerking": 0.3}),
            ("N08", "Wadi's en groene bermen langs de hoofdroute", "water en klimaat", 2028, "", 500000, 10000, 30,
             "gemeente:1.0", {"schade": 15000, "water": 1.2, "groen": 0.8, "welzijn": 0.3}),
            ("N09", "Gezamenlijke inzameling reststromen (hout, folie, metaal)", "materialen", 2026, "", 60000, 20000, 10,
             "kring:1.0", {"co2": 40, "materialen": 1.2, "samenwerking": 0.2}),
        ],
    },
    "stadsbedrijvenpark": {
        "title": "Masterplan kring Stadsbedrijvenpark",
        "text": ("Kring Stadsbedrijvenpark: circa 90 leden op het stadsbedrijvenpark tegen het centrum aan, "
                 "veel zakelijke dienstverlening, showrooms en ambacht; de kring wil een groen, goed "
                 "bereikbaar en levendig werkgebied dat bij de stad hoort."),
        "ranking": ["welzijn", "bereikbaarheid", "vestigingsklimaat", ["npv", "groen"], "samenwerking", "veiligheid",
                    "ruimte", "arbeidsmarkt", "water", "digitaal", "materialen"],
        "bestuur": weights(npv=0.20, vestigingsklimaat=0.16, welzijn=0.12, bereikbaarheid=0.12, samenwerking=0.10,
                           ruimte=0.06, arbeidsmarkt=0.06, veiligheid=0.06),
        "gemeente": weights(npv=0.16, welzijn=0.14, groen=0.12, water=0.12, bereikbaarheid=0.12, ruimte=0.10,
                            vestigingsklimaat=0.06),
        "budget": {"total": 2600000, "per_year": {2026: 700000, 2027: 1100000, 2028: 800000}, "carry_over": True,
                   "per_payer": {"kring": 600000, "bestuur": 400000, "gemeente": 1500000}},
        "rules": [{"exclusive": ["S03a", "S03b"]}, {"theme": "welzijn en leefomgeving", "min_count": 1}],
        "measures": [
            ("S01", "Zon op dak en parkeerplaatsen (carports), 0,8 MWp", "energie", 2026, "2026;2027", 750000, 8000, 25,
             "kring:0.7;society:0.3", {"co2": 72, "energie": 720, "groen": -0.1}),
            ("S02", "Groene as en lunchwandelroute naar het centrum", "welzijn en leefomgeving", 2027, "2027;2028", 950000,
             15000, 30, "gemeente:0.8;bestuur:0.2", {"welzijn": "1.2|1.8|2.2", "groen": 1.0, "water": 0.5,
                                                   "bereikbaarheid": 0.5, "reistijd": 3000}),
            ("S03a", "Fietsstraat en snelle fietsroute naar het station", "bereikbaarheid", 2027, "", 1300000, 10000, 30,
             "gemeente:0.7;society:0.3", {"reistijd": "20000|26000|30000", "co2": 45, "bereikbaarheid": 1.5}),
            ("S03b", "Deelmobiliteitshub met e-bikes en pendelbusje", "bereikbaarheid", 2026, "", 200000, 90000, 10,
             "kring:0.4;gemeente:0.6", {"reistijd": 9000, "co2": 40, "bereikbaarheid": 0.8}),
            ("S04", "Parkmanagement en gezamenlijke evenementen", "samenwerking", 2026, "", 40000, 60000, 10,
             "kring:0.5;bestuur:0.5", {"samenwerking": 1.5, "vestigingsklimaat": 0.5, "veiligheid": 0.3,
                                     "schade": 10000, "digitaal": 0.4}),
            ("S09", "Leerwerkplaats circulair ambacht in een leeg pand", "materialen", 2027, "", 180000, 40000, 10,
             "bestuur:0.4;gemeente:0.6", {"materialen": 1.2, "arbeidsmarkt": 1.0, "samenwerking": 0.2}),
            ("S05", "Gevelverbetering en eenduidige bewegwijzering", "vestigingsklimaat", 2027, "", 350000, 5000, 15,
             "kring:0.5;gemeente:0.5", {"vestigingsklimaat": 0.8, "welzijn": 0.2}),
            ("S06", "Wonen boven bedrijven aan de stadszijde (transformatie randkavels)", "ruimtegebruik", 2028, "",
             900000, 0, 30, "gemeente:0.6;kring:0.4", {"ruimte": 1.2, "welzijn": 0.5, "vestigingsklimaat": -0.3}),
            ("S07", "Klimaatadaptief plein met waterberging", "water en klimaat", 2027, "", 600000, 10000, 30,
             "gemeente:0.8;bestuur:0.2", {"water": 1.5, "groen": 0.6, "welzijn": 0.4, "schade": 12000}),
            ("S08", "Cameratoezicht op de toegangswegen", "veiligheid", 2026, "", 90000, 25000, 10,
             "kring:0.5;gemeente:0.5", {"schade": "15000|25000|35000", "veiligheid": 0.8}),
        ],
    },
    "zuidwest": {
        "title": "Masterplan kring Zuid/West",
        "text": ("Kring Zuid/West: circa 110 leden op de jongere terreinen langs de A28 met grote kavels, "
                 "logistiek, bouw en agrifood; ruimte, energie en personeel bepalen of bedrijven hier "
                 "kunnen blijven groeien."),
        "ranking": ["ruimte", "npv", "vestigingsklimaat", "arbeidsmarkt", "bereikbaarheid", "veiligheid", "samenwerking",
                    "materialen", "digitaal", "water", "welzijn", "groen"],
        "bestuur": weights(npv=0.24, ruimte=0.14, vestigingsklimaat=0.14, arbeidsmarkt=0.12, materialen=0.08,
                           samenwerking=0.08, bereikbaarheid=0.06),
        "gemeente": weights(npv=0.20, ruimte=0.16, materialen=0.10, groen=0.10, water=0.08, arbeidsmarkt=0.08,
                            vestigingsklimaat=0.08),
        "budget": {"total": 3800000, "per_year": {2026: 1000000, 2027: 1600000, 2028: 1200000}, "carry_over": True,
                   "per_payer": {"kring": 2000000, "bestuur": 500000, "gemeente": 1400000}},
        "rules": [{"requires": "Z04", "on": "Z03", "lag": 1}, {"theme": "materialen", "min_count": 1}],
        "measures": [
            ("Z01", "Zon op dak 2 MWp op logistieke hallen", "energie", 2026, "2026;2027;2028", 1400000, 20000, 25,
             "kring:0.7;society:0.3", {"co2": 180, "energie": "1650|1800|1900"}),
            ("Z02", "Restwarmte van de koelhuizen naar drie buren", "energie", 2027, "", 700000, 20000, 25,
             "kring:0.7;bestuur:0.3", {"co2": 180, "energie": 1000, "samenwerking": 0.3}),
            ("Z03", "Gezamenlijk mobiliteitsplan en parkeerregie", "ruimtegebruik", 2026, "", 50000, 20000, 10,
             "bestuur:0.5;gemeente:0.5", {"ruimte": 0.5, "samenwerking": 0.4, "bereikbaarheid": 0.3}),
            ("Z04", "Collectief parkeerdek maakt 3 ha kavel vrij (na Z03)", "ruimtegebruik", 2027, "2027;2028", 1800000,
             30000, 30, "kring:0.5;gemeente:0.5", {"ruimte": "1.8|2.5|3.0", "vestigingsklimaat": 0.8,
                                                   "groen": -0.2}),
            ("Z05", "Circulair bouwhub: opslag en hergebruik van bouwmaterialen", "materialen", 2027, "", 400000, 50000, 15,
             "kring:0.4;bestuur:0.2;gemeente:0.4", {"co2": 120, "materialen": 2.0, "samenwerking": 0.3}),
            ("Z06", "Talentprogramma agrifood en logistiek met hogeschool en Drenthe College", "arbeidsmarkt", 2026, "",
             100000, 120000, 10, "bestuur:0.3;gemeente:0.4;kring:0.3", {"arbeidsmarkt": 1.8, "samenwerking": 0.3}),
            ("Z07", "Busverbinding Zuid/West-station in de spits", "bereikbaarheid", 2026, "", 50000, 160000, 10,
             "gemeente:0.7;kring:0.3", {"reistijd": "10000|15000|18000", "co2": 60, "bereikbaarheid": 1.0,
                                        "arbeidsmarkt": 0.4}),
            ("Z08", "Brandveiligheid en collectieve alarmopvolging", "veiligheid", 2026, "", 150000, 40000, 10,
             "kring:0.8;bestuur:0.2", {"schade": "30000|50000|80000", "veiligheid": 1.0, "digitaal": 0.4}),
            ("Z09", "Bloemrijke bermen en natuurvriendelijke oevers", "groen en biodiversiteit", 2027, "", 250000, 8000, 30,
             "gemeente:1.0", {"groen": 1.5, "water": 0.5, "welzijn": 0.3}),
        ],
    },
    "verspreid": {
        "title": "Masterplan kring Verspreid (leden buiten de bedrijventerreinen)",
        "text": ("Kring Verspreid: circa 150 leden die niet op een bedrijventerrein zitten: winkeliers, "
                 "horeca, zzp'ers, agrarische en dienstverlenende bedrijven in de stad en het buitengebied. "
                 "Zij willen vooral dienstverlening, digitale bereikbaarheid, personeel en verbinding "
                 "met elkaar; fysieke projecten zijn klein."),
        "ranking": ["samenwerking", "digitaal", "npv", "arbeidsmarkt", "vestigingsklimaat", "veiligheid", "welzijn",
                    "bereikbaarheid", "materialen", "groen", "water", "ruimte"],
        "bestuur": weights(npv=0.20, samenwerking=0.16, arbeidsmarkt=0.14, digitaal=0.12, vestigingsklimaat=0.10,
                           veiligheid=0.06),
        "gemeente": weights(npv=0.18, digitaal=0.14, arbeidsmarkt=0.12, welzijn=0.10, samenwerking=0.10,
                            vestigingsklimaat=0.08),
        "budget": {"total": 1400000, "per_year": {2026: 500000, 2027: 500000, 2028: 400000}, "carry_over": True,
                   "per_payer": {"kring": 400000, "bestuur": 300000, "gemeente": 800000}},
        "rules": [{"exclusive": ["V02a", "V02b"]}],
        "measures": [
            ("V01", "Energiescans en collectieve inkoop isolatie en zonnepanelen", "energie", 2026, "", 250000, 30000, 15,
             "kring:0.6;bestuur:0.2;gemeente:0.2", {"co2": "70|100|130", "energie": "400|560|700"}),
            ("V02a", "Glasvezel in het buitengebied (onrendabel deel, 180 adressen)", "digitalisering", 2027, "2027;2028",
             900000, 0, 30, "gemeente:0.6;society:0.4", {"digitaal": 2.5, "vestigingsklimaat": 0.6, "welzijn": 0.2}),
            ("V02b", "Vouchers voor 5G- en satellietverbinding (180 adressen)", "digitalisering", 2026, "", 150000, 20000, 8,
             "gemeente:0.7;kring:0.3", {"digitaal": 1.2, "vestigingsklimaat": 0.3}),
            ("V03", "Ondernemersloket en digitaal ledenplatform", "samenwerking", 2026, "", 60000, 45000, 10,
             "bestuur:0.5;gemeente:0.5", {"samenwerking": 1.5, "vestigingsklimaat": 0.4, "digitaal": 0.3}),
            ("V04", "Gedeelde personeelspool en opleidingsvouchers", "arbeidsmarkt", 2026, "", 50000, 70000, 10,
             "kring:0.4;bestuur:0.3;gemeente:0.3", {"arbeidsmarkt": 1.5, "samenwerking": 0.5}),
            ("V05", "Winkelstraat- en horecaveiligheid: camera's en keurmerk", "veiligheid", 2026, "", 80000, 20000, 10,
             "kring:0.5;gemeente:0.5", {"schade": "10000|20000|30000", "veiligheid": 0.8}),
            ("V06", "Gezamenlijke bevoorrading per cargobike in de binnenstad", "bereikbaarheid", 2027, "", 120000, 50000, 10,
             "kring:0.4;gemeente:0.6", {"co2": 25, "reistijd": 2000, "bereikbaarheid": 0.6, "welzijn": 0.5}),
            ("V07", "Kringloop van verpakkingen tussen winkels en horeca", "materialen", 2027, "", 30000, 15000, 10,
             "kring:1.0", {"co2": 10, "materialen": 1.0}),
            ("V08", "Groene, waterdoorlatende binnenplaatsen achter winkelstraten", "groen en biodiversiteit", 2027, "",
             220000, 6000, 30, "gemeente:0.8;kring:0.2", {"groen": 1.0, "water": 0.8, "welzijn": 0.4, "schade": 4000}),
            ("V09", "Lege winkelpanden als flexwerkplekken voor zzp'ers", "ruimtegebruik", 2026, "", 150000, 30000, 10,
             "bestuur:0.3;gemeente:0.4;kring:0.3", {"ruimte": 1.0, "samenwerking": 0.4, "welzijn": 0.2}),
        ],
    },
}

STAKEHOLDERS = {
    "kring": "Leden van de kring (uitkomst ledenpeiling, rangorde)",
    "bestuur": "Bestuur ondernemersvereniging (beheert en betaalt uit het ondernemersfonds)",
    "gemeente": "Gemeente Assen, afdeling Economische Zaken",
}


def scenario(key: str, circle: dict) -> dict:
    stakeholders = [
        {"id": "kring", "name": STAKEHOLDERS["kring"], "influence": 2, "ranking": circle["ranking"]},
        {"id": "bestuur", "name": STAKEHOLDERS["bestuur"], "influence": 1, "weights": circle["bestuur"]},
        {"id": "gemeente", "name": STAKEHOLDERS["gemeente"], "influence": 1, "weights": circle["gemeente"]},
    ]
    return {
        "name": circle["title"],
        "description": circle["text"] + " Onderdeel van vier masterplannen van de ondernemersvereniging, elk "
                       "gewogen over twaalf thema's (fictief voorbeeld; zie README).",
        "language": "nl",
        "appraisal": {"price_year": 2025, "start_year": 2026, "horizon": 25, "discount": "nl-2026"},
        "method": {"name": "topsis"},
        "group": "mean",
        "seed": 2026,
        "criteria": CRITERIA,
        "stakeholders": stakeholders,
        "measures": "measures.xlsx",
        "measures_sheet": key,
        "budget": circle["budget"],
        "portfolio": {"objective": "value+npv", "weights": "group"},
        "rules": SHARED_RULES + circle["rules"],
        "sensitivity": {"samples": 2000, "portfolio_samples": 50, "weights": "stakeholder-hull",
                        "cost_range": [0.8, 1.3]},
    }


def write_deterministic(workbook: Workbook, path: Path) -> None:
    """Save with fixed document dates and zip times, so the same rows give the same bytes."""
    path.write_bytes(workbook_bytes(workbook))


def main(folder: Path | None = None) -> list[Path]:
    """Write the four scenario files and measures.xlsx into ``folder`` (default: next to this script)."""
    folder = HERE if folder is None else Path(folder)
    written = []
    wb = Workbook()
    wb.remove(wb.active)
    for key, circle in CIRCLES.items():
        ws = wb.create_sheet(key)
        ws.append(COLUMNS)
        for mid, name, theme, start, starts, inv, run, life, payer, effects in circle["measures"]:
            ws.append([mid, name, theme, start, starts, inv, run, life, payer] + [effects.get(c, 0) for c in EFFECTS])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "C2"
        path = folder / f"scenario-{key}.yaml"
        header = (f"# {circle['title']}: one of the four masterplans of the Assen business association.\n"
                  "# Generated by make_scenarios.py (edit that, not this file); the basis of every number is in\n"
                  "# README.md. Run all four: mkba batch scenarios/assen --out out/assen\n")
        text = yaml.safe_dump(scenario(key, circle), sort_keys=False, allow_unicode=True, width=110)
        path.write_text(header + text, encoding="utf-8")
        written.append(path)
    write_deterministic(wb, folder / "measures.xlsx")
    return written + [folder / "measures.xlsx"]


if __name__ == "__main__":
    main()
