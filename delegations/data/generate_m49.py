"""Regenerate ``un_m49.csv`` (ISO 3166 alpha-3 -> UN M49 code, region, UN status).

Source: the ``country_data.tsv`` table shipped in the PyPI package *country-converter* (coco, 1.3.2), whose
columns ``ISO3``, ``UNcode`` (the M49 code), ``continent`` and ``UNmember`` follow the UN Statistics
Division's M49 standard. Only these facts are extracted; no code is copied. Run:

    pip download --no-deps country-converter==1.3.2 -d /tmp/coco && unzip /tmp/coco/*.whl -d /tmp/coco/x
    python delegations/data/generate_m49.py /tmp/coco/x/country_converter/country_data.tsv

The two non-member observer States (Holy See, State of Palestine) are marked "observer" (domain.md, rule 5).
"""

import csv
import sys
from pathlib import Path

REGIONS = {
    "Africa": "africa",
    "America": "americas",
    "Asia": "asia",
    "Europe": "europe",
    "Oceania": "oceania",
}
OBSERVERS = {"VAT", "PSE"}


def main(source: str) -> None:
    rows = csv.DictReader(open(source, encoding="utf-8"), delimiter="\t")
    out = []
    for row in rows:
        iso3 = row["ISO3"].strip()
        if row["UNmember"].strip():
            status = "member"
        elif iso3 in OBSERVERS:
            status = "observer"
        else:
            continue
        out.append((iso3, f"{int(row['UNcode']):03d}", REGIONS[row["continent"]], status))
    out.sort()
    target = Path(__file__).with_name("un_m49.csv")
    with open(target, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["iso3", "m49", "region", "un_status"])
        writer.writerows(out)
    print(f"{len(out)} rows -> {target}")


if __name__ == "__main__":
    main(sys.argv[1])
