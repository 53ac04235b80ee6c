"""Write the template's sample dataset, ``houses.csv``, deterministically.

The example pipelines of the project template run on a small table of house
listings. This script is its only source: it draws the rows from a seeded
``random.Random`` (standard library only, so the output is byte-for-byte the
same on every machine and Python version) and writes them to the template's
``data/01_raw`` folder, where they are committed.

Run it from the repository root after changing it::

    python tools/make_sample_data.py          # rewrite the file
    python tools/make_sample_data.py --check  # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from pathlib import Path

ROWS = 300
SEED = 20240611
TARGET = (
    Path(__file__).resolve().parent.parent
    / "template"
    / "{{ cookiecutter.repo_name }}"
    / "data"
    / "01_raw"
    / "houses.csv"
)

# district -> (price per square metre in EUR, typical share of listings)
DISTRICTS = {
    "centre": (5200.0, 0.15),
    "north": (3600.0, 0.25),
    "south": (3100.0, 0.25),
    "east": (2800.0, 0.20),
    "west": (4100.0, 0.15),
}
# How messy spellings of a district look in the raw export.
SPELLINGS = ("{d}", "{d}", "{d}", "{D}", " {d}", "{d} ")


def make_rows(rows: int = ROWS, seed: int = SEED) -> list[dict[str, str]]:
    """Draw ``rows`` listings from a generator seeded with ``seed``."""
    rng = random.Random(seed)
    names = list(DISTRICTS)
    weights = [share for _, share in DISTRICTS.values()]
    out = []
    for house_id in range(1, rows + 1):
        district = rng.choices(names, weights)[0]
        price_per_m2 = DISTRICTS[district][0]
        rooms = rng.randint(1, 6)
        area = round(max(12.0, rng.gauss(22.0 + 18.0 * rooms, 9.0)), 1)
        age = rng.randint(0, 120)
        price = area * price_per_m2 * (1.0 - 0.002 * age) + rng.gauss(0.0, 15000.0)
        spelling = rng.choice(SPELLINGS).format(d=district, D=district.capitalize())
        out.append(
            {
                "house_id": str(house_id),
                "district": spelling,
                # about 3% of the ages are missing, as in a real export
                "age_years": "" if rng.random() < 0.03 else str(age),
                "area_m2": f"{area:.1f}",
                "rooms": str(rooms),
                "price_eur": f"{max(price, 20000.0):.0f}",
            }
        )
    return out


def render(rows: list[dict[str, str]]) -> str:
    """Render the rows as CSV text with ``\\n`` line endings."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the file")
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    text = render(make_rows())
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run python tools/make_sample_data.py")
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(text.splitlines()) - 1} rows to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
