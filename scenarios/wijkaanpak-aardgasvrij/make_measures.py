"""Write measures.xlsx (the longlist of the Zonnehof natural-gas-free neighbourhood approach).

Run from anywhere: ``python scenarios/wijkaanpak-aardgasvrij/make_measures.py``. The workbook is
the source the scenario reads; this script is how it was made, so a change to the longlist is a
change here, reviewed as text. The output is byte-for-byte reproducible (fixed document dates and
zip timestamps). The basis of every number is in README.md section 4.
"""

from __future__ import annotations

from pathlib import Path

from mkba.io.xlsx import longlist_workbook, workbook_bytes

HERE = Path(__file__).resolve().parent

COLUMNS = ["id", "name", "theme", "start_year", "start_years", "investment", "running_cost", "lifetime",
           "payer", "receivers", "transfers", "co2", "energie", "schade", "aardgasvrij", "woonlasten",
           "waterberging", "natuur", "leefbaarheid", "hinder"]

UNITS = {"start_year": "jaar", "investment": "euro (prijspeil 2025)", "running_cost": "euro/jaar",
         "lifetime": "jaar", "transfers": "euro/jaar (bron>ontvanger)", "co2": "t CO2/jaar",
         "energie": "MWh/jaar (gasequivalent)", "schade": "euro/jaar", "aardgasvrij": "woningen",
         "woonlasten": "euro/maand per huurhuishouden", "waterberging": "m3", "natuur": "score 0-10",
         "leefbaarheid": "score 0-10", "hinder": "score 0-10"}

# id, name, theme, start_year, start_years, investment, running_cost, lifetime, payer, receivers, transfers,
# co2, energie, schade, aardgasvrij, woonlasten, waterberging, natuur, leefbaarheid, hinder
ROWS = [
    ("A01", "Isolatie 420 corporatiewoningen naar label B (schil, ventilatie)", "energie", 2026, "2026;2027",
     "2026:4200000;2027:4200000", 25000, 30, "corporatie:1.0", "", "huurders>corporatie:100800",
     "380|450|500", "2100|2500|2700", 0, 0, -4, 0, 0, 0.4, 2.5),
    ("A02", "Ontzorgingsaanpak isolatie 250 koopwoningen (collectieve inkoop, lening)", "energie", 2026,
     "2026;2027;2028", 2750000, 30000, 30, "eigenaren:0.8;gemeente:0.2", "eigenaren:0.7;society:0.3", "",
     220, 1250, 0, 0, 0, 0, 0, 0.2, 1.0),
    ("A03a", "Collectief warmtenet op aquathermie (TEO uit de Zonnevaart) voor alle 900 woningen", "energie",
     2028, "", "2028:9000000;2029:9000000", 320000, 30, "warmtebedrijf:0.6;corporatie:0.2;gemeente:0.2",
     "huurders:0.5;eigenaren:0.3;society:0.2", "huurders>warmtebedrijf:180000;eigenaren>warmtebedrijf:120000",
     "1250|1450|1600", 3600, 0, 900, "0|6|14", 0, 0, 0.2, 4.0),
    ("A03b", "All-electric: lucht-waterwarmtepompen in 420 geisoleerde corporatiewoningen (na A01)", "energie",
     2028, "2028;2029", "2028:2520000;2029:2520000", 42000, 18, "corporatie:0.9;gemeente:0.1",
     "huurders:0.7;society:0.3", "", "480|540|590", 1200, 0, 420, "-3|0|4", 0, 0, 0, 1.5),
    ("A03c", "Hybride warmtepompen in 600 woningen als tussenstap (blijft op aardgas)", "energie", 2027,
     "2027;2028", 3900000, 60000, 15, "corporatie:0.5;eigenaren:0.5", "huurders:0.4;eigenaren:0.4;society:0.2", "",
     "560|650|700", 2060, 0, 0, -3, 0, 0, 0, 0.5),
    ("A04", "Inductiekoken en netverzwaring (per aardgasvrije woning, na A03a of A03b)", "energie", 2029, "",
     1350000, 0, 25, "gemeente:0.4;corporatie:0.3;society:0.3", "", "", 60, 150, 0, 0, 1, 0, 0, 0, 0.5),
    ("A05", "Woonlastenwaarborg: fonds dat huurverhoging en warmtetarief compenseert (10 jaar)", "bewoners",
     2028, "", 200000, 20000, 10, "gemeente:0.6;corporatie:0.4", "", "gemeente>huurders:90000", 0, 0, 0, 0,
     -6, 0, 0, 0.3, 0),
    ("A06", "Energiecoaches en bewonersloket aardgasvrij", "bewoners", 2026, "", 150000, 90000, 10,
     "gemeente:1.0", "huurders:0.6;eigenaren:0.4", "", "90|140|180", "500|750|900", 0, 0, -3, 0, 0, 0.4, 0),
    ("A07", "Klimaatadaptieve herinrichting straten met wadi's en infiltratie (werk-met-werk)",
     "klimaatadaptatie", 2028, "2028;2029", 2400000, 20000, 40, "gemeente:0.7;waterschap:0.3",
     "eigenaren:0.3;corporatie:0.3;society:0.4", "", 0, 0, "30000|45000|70000", 0, 0, 2400, 0.8, 0.8, 2.0),
    ("A08", "Afkoppelen daken en regentonnen (tegel eruit, groene voortuinen)", "klimaatadaptatie", 2026,
     "2026;2027", 350000, 5000, 20, "waterschap:0.5;gemeente:0.3;eigenaren:0.2", "eigenaren:1.0", "",
     0, 0, 8000, 0, 0, 600, 0.4, 0.3, 0.1),
    ("A09", "Natuurinclusief isoleren: nestkasten en verblijfplaatsen gierzwaluw en vleermuis (na A01)", "natuur",
     2027, "", 180000, 3000, 30, "corporatie:0.6;gemeente:0.4", "", "", 0, 0, 0, 0, 0, 0, 1.5, 0.1, 0),
    ("A10", "Groene daken op 3 portiekflats en gevelgroen", "natuur", 2027, "2027;2028", 600000, 10000, 30,
     "corporatie:0.5;gemeente:0.3;waterschap:0.2", "corporatie:1.0", "", 8, 60, 4000, 0, 0, 450, 1.2, 0.3, 0.3),
    ("A11", "Buurtpark Zonnehof: klimaatbestendig groen, spelen en ontmoeten", "leefbaarheid", 2027,
     "2027;2028;2029", 1600000, 45000, 30, "gemeente:0.8;waterschap:0.2", "", "", 0, 0, 6000, 0, 0, 1200,
     1.0, 1.5, 1.0),
    ("A12", "Collectieve inkoop zonnepanelen koopwoningen (250 woningen)", "energie", 2026, "", 1250000, 8000, 25,
     "eigenaren:1.0", "eigenaren:0.8;society:0.2", "", 90, 900, 0, 0, 0, 0, 0, 0, 0.1),
    ("A13", "Wisselwoningen en bouwbegeleiding bij bewoond renoveren", "bewoners", 2027, "", 400000, 60000, 5,
     "corporatie:1.0", "", "", 0, 0, 0, 0, 0, 0, 0, 0.3, -1.5),
    ("A14", "Wijkbrede camerabewaking en extra handhaving", "leefbaarheid", 2026, "", 250000, 150000, 10,
     "gemeente:1.0", "", "", 0, 0, 0, 0, 0, 0, 0, "0|0.3|0.6", 0),
]


def main(target: Path | None = None) -> Path:
    """Write the workbook to ``target`` (default: measures.xlsx next to this script)."""
    target = HERE / "measures.xlsx" if target is None else Path(target)
    target.write_bytes(workbook_bytes(longlist_workbook(COLUMNS, ROWS, UNITS)))
    return target


if __name__ == "__main__":
    main()
