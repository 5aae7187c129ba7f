"""Write measures.xlsx (the longlist of the Landlust-Westerkwartier opportunity map).

Run from anywhere: ``python scenarios/landlust-westerkwartier/make_measures.py``. The workbook is
the source the scenario reads; this script is how it was made, so a change to the longlist is a
change here, reviewed as text. The output is byte-for-byte reproducible (fixed document dates and
zip timestamps). The basis of every number is in README.md section 4.
"""

from __future__ import annotations

from pathlib import Path

from mkba.io.xlsx import longlist_workbook, workbook_bytes

HERE = Path(__file__).resolve().parent

COLUMNS = ["id", "name", "theme", "start_year", "start_years", "investment", "running_cost", "lifetime",
           "payer", "receivers", "co2", "energie", "reistijd", "schade", "ruimte", "vestigingsklimaat",
           "verbinding", "leefkwaliteit", "hinder"]

UNITS = {"start_year": "jaar", "investment": "euro (prijspeil 2025)", "running_cost": "euro/jaar",
         "lifetime": "jaar", "co2": "t CO2/jaar", "energie": "MWh/jaar", "reistijd": "uur/jaar",
         "schade": "euro/jaar", "ruimte": "1.000 m2 bvo", "vestigingsklimaat": "score 0-10",
         "verbinding": "score 0-10", "leefkwaliteit": "score 0-10", "hinder": "score 0-10"}

# id, name, theme, start_year, start_years, investment, running_cost, lifetime, payer, receivers,
# co2, energie, reistijd, schade, ruimte, vestigingsklimaat, verbinding, leefkwaliteit, hinder
ROWS = [
    ("K01", "Parkmanagement en BIZ op beide terreinen (collectieve organisatie, beheer, beveiliging)",
     "vestigingsklimaat", 2026, "", 80000, 120000, 30, "ondernemers:0.5;eigenaren:0.25;ez:0.25", "",
     0, 0, 0, "30000|40000|60000", 0, "0.6|1.0|1.4", 0.2, 0.3, 0),
    ("K02", "Collectief zon op dak: 3 MWp op 14 bedrijfsdaken (Landlust en Westerkwartier)",
     "duurzaamheid", 2026, "2026;2027;2028", 2250000, 30000, 25, "eigenaren:0.6;ondernemers:0.4",
     "ondernemers:0.5;eigenaren:0.5", 270, "2500|2700|2850", 0, 0, 0, 0.2, 0, 0, 0.3),
    ("K03", "Energiehub: collectieve batterij en groepscontract tegen netcongestie (na K01)",
     "duurzaamheid", 2027, "2027;2028;2029", 1400000, 60000, 20, "ondernemers:0.4;eigenaren:0.3;ez:0.3",
     "ondernemers:0.8;society:0.2", 150, 400, 0, 0, 0, "1.0|1.6|2.2", 0, 0, 0.2),
    ("K04", "Verduurzaming 40 bedrijfspanden: isolatie en warmtepomp (uitvoeringsregeling EZ)",
     "duurzaamheid", 2027, "2027;2028", "2027:1600000;2028:1600000", 25000, 25, "eigenaren:0.7;ez:0.3",
     "ondernemers:0.7;society:0.3", "340|420|470", "1500|1800|2000", 0, 0, 0, 0.4, 0, 0.2, 1.0),
    ("K05a", "Verdichting Landlust: meerlaags bedrijfsverzamelgebouw, 12.000 m2 bvo (onrendabele top)",
     "verdichting", 2027, "", "2027:1200000;2028:1200000", 0, 30, "eigenaren:0.7;stadsdeel:0.3", "",
     35, 0, 0, 0, 12, 1.2, 0.2, 0, 2.5),
    ("K05b", "Verdichting Landlust: gemengd woon-werkblok aan de stadsrand, 8.000 m2 werk en 150 woningen",
     "verdichting", 2027, "", "2027:1600000;2028:2000000", 0, 30, "eigenaren:0.6;stadsdeel:0.4", "",
     25, 0, 0, 0, 8, "-0.5|0.3|0.8", 1.5, 1.0, 3.0),
    ("K06", "Verdichting Westerkwartier: parkeerdek en herverkaveling maken 2 ha kavels vrij",
     "verdichting", 2028, "2028;2029", "2028:2500000;2029:2000000", 45000, 30, "eigenaren:0.5;stadsdeel:0.5",
     "", 0, 0, 0, 0, "12|15|18", 0.8, 0, -0.2, 2.0),
    ("K07", "Fiets- en voetgangersbrug Westerkwartier-station over de ringweg",
     "verbinding", 2027, "2027;2028;2029", "2027:1900000;2028:1900000", 20000, 30,
     "stadsdeel:0.5;society:0.5", "", 80, 0, "30000|40000|50000", 0, 0, 0.6, 2.5, 0.4, 1.0),
    ("K08", "Mobiliteitshub met deelfietsen en pendelbus naar het station",
     "verbinding", 2026, "", 350000, 180000, 10, "ondernemers:0.3;ez:0.3;stadsdeel:0.4", "",
     120, 0, "15000|25000|30000", 0, 0, 0.5, 1.0, 0, 0),
    ("K09", "Herinrichting hoofdas Landlust: groen, wadi's en vrijliggend fietspad (klimaatadaptatie)",
     "verbinding", 2027, "2027;2028;2029", 2600000, 30000, 30, "stadsdeel:1.0",
     "ondernemers:0.5;eigenaren:0.5", 0, 0, 8000, "40000|60000|90000", 0, 0.5, 0.8, 1.5, 2.0),
    ("K10", "Keurmerk Veilig Ondernemen en collectief cameranetwerk (na K01)",
     "vestigingsklimaat", 2026, "2026;2027", 250000, 60000, 10, "ondernemers:0.5;stadsdeel:0.25;ez:0.25",
     "ondernemers:0.7;eigenaren:0.3", 0, 0, 0, "60000|90000|120000", 0, 0.8, 0, 0.2, 0),
    ("K11", "Ondernemershuis en broedplaats in leegstaand pand Westerkwartier",
     "vestigingsklimaat", 2027, "2027;2028", 900000, 70000, 20, "ez:0.6;eigenaren:0.4", "",
     0, 0, 0, 0, 2, 1.0, 0.7, 0.3, 0.2),
    ("K12", "Leer-werkcentrum met ROC en wijkjongeren (vakmensen voor de terreinen)",
     "vestigingsklimaat", 2026, "", 600000, 150000, 15, "ez:0.7;ondernemers:0.3", "",
     0, 0, 0, 0, 0, 1.3, 1.2, 0.2, 0),
    ("K13", "Restwarmte-uitwisseling tussen zes bedrijven Westerkwartier (na K01)",
     "duurzaamheid", 2028, "2028;2029", 1900000, 40000, 25, "ondernemers:0.5;eigenaren:0.2;ez:0.3",
     "ondernemers:0.8;society:0.2", "380|430|480", 2400, 0, 0, 0, 0.3, 0, 0, 1.0),
    ("K14", "Gevels, entrees en bewegwijzering: uitstraling van beide terreinen",
     "vestigingsklimaat", 2026, "2026;2027;2028;2029", 700000, 10000, 15, "eigenaren:0.5;stadsdeel:0.5", "",
     0, 0, 0, 0, 0, 0.6, 0.3, 0.6, 0.3),
    ("K15", "Groene daken en natuurinclusieve randen, 20.000 m2",
     "duurzaamheid", 2027, "2027;2028;2029", 1000000, 15000, 30, "eigenaren:0.6;stadsdeel:0.4",
     "eigenaren:1.0", 5, 40, 0, 15000, 0, 0.1, 0, 0.8, 0.3),
    ("K16", "Extra parkeerterrein 200 plaatsen Landlust",
     "verbinding", 2027, "", 1600000, 25000, 30, "eigenaren:0.5;stadsdeel:0.5", "",
     -40, 0, 0, 0, 0, 0.4, -0.3, -0.4, 1.0),
]


def main(target: Path | None = None) -> Path:
    """Write the workbook to ``target`` (default: measures.xlsx next to this script)."""
    target = HERE / "measures.xlsx" if target is None else Path(target)
    target.write_bytes(workbook_bytes(longlist_workbook(COLUMNS, ROWS, UNITS)))
    return target


if __name__ == "__main__":
    main()
