"""Extracts the checkable facts of a text: times of day, dates, weekdays and quantities.

The checker compares what a draft states with what its sources state; doing that on
normalised values (15:16 PST == 23:16 UTC, "8.5M" == "8.5 million", "42-minute" == "42
minutes") is what lets a faithful paraphrase pass while a swapped digit, unit or time zone
fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.text import clean, squash_spaces

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a": 1,
    "an": 1,
    "half": 0.5,
    "dozen": 12,
}
TENS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})
MULTIPLIERS = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mil": 1e6,  # '4.4 mil'
    "mill": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
}
UNITS = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "pct": "percent",
    "second": "second",
    "seconds": "second",
    "sec": "second",
    "secs": "second",
    "minute": "minute",
    "minutes": "minute",
    "min": "minute",
    "mins": "minute",
    "hour": "hour",
    "hours": "hour",
    "hr": "hour",
    "hrs": "hour",
    "h": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "times": "times",  # 'nine times our normal volume', as 'tripled' is 3 times
}

# Fixed-offset zone names, in minutes east of UTC.
FIXED_ZONES = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "pst": -480,
    "pdt": -420,
    "est": -300,
    "edt": -240,
    "cst": -360,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "bst": 60,
    "cet": 60,
    "cest": 120,
    "ist": 330,
    "jst": 540,
    "aest": 600,
    "aedt": 660,
    "eet": 120,
    "eest": 180,
    "wet": 0,
    "west": 60,
    "sgt": 480,
    "hkt": 480,
    "kst": 540,
    "brt": -180,
    "msk": 180,
    "wib": 420,
    "pht": 480,
    "pkt": 300,
    "sast": 120,
    "awst": 480,
    "acst": 570,
    "nzst": 720,
    "nzdt": 780,
    "hst": -600,
}
# Named regions whose offset depends on the date.
REGION_ZONES = {
    "pt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    "us/pacific": "America/Los_Angeles",
    "us pacific": "America/Los_Angeles",
    "us pacific time": "America/Los_Angeles",
    "et": "America/New_York",
    "eastern": "America/New_York",
    "eastern time": "America/New_York",
    "us/eastern": "America/New_York",
    "us eastern": "America/New_York",
    "us eastern time": "America/New_York",
    "ct": "America/Chicago",
    "central": "America/Chicago",
    "us/central": "America/Chicago",
    "central time": "America/Chicago",
    "us central": "America/Chicago",
    "uk time": "Europe/London",
    "london": "Europe/London",
}
# Places that name a zone after a time: '6:52 p.m. on the US East Coast', '3 p.m. in New York'.
PLACE_ZONES = {
    "us east coast": "America/New_York",
    "east coast": "America/New_York",
    "new york": "America/New_York",
    "us west coast": "America/Los_Angeles",
    "west coast": "America/Los_Angeles",
    "california": "America/Los_Angeles",
    "japan": "Asia/Tokyo",
    "tokyo": "Asia/Tokyo",
    "india": "Asia/Kolkata",
    "uk": "Europe/London",
    "london": "Europe/London",
    "singapore": "Asia/Singapore",
    "hong kong": "Asia/Hong_Kong",
    "sydney": "Australia/Sydney",
    **dict.fromkeys(("brasilia", "brasília", "sao paulo", "são paulo", "brazil"), "America/Sao_Paulo"),
    "mexico city": "America/Mexico_City",
    **dict.fromkeys(("seoul", "korea", "south korea"), "Asia/Seoul"),
    **dict.fromkeys(("berlin", "germany", "paris", "france", "madrid", "spain"), "Europe/Berlin"),
    "moscow": "Europe/Moscow",
    "jakarta": "Asia/Jakarta",
    "manila": "Asia/Manila",
    **dict.fromkeys(("mumbai", "delhi", "new delhi"), "Asia/Kolkata"),
    **dict.fromkeys(("beijing", "china", "shanghai"), "Asia/Shanghai"),
    "toronto": "America/Toronto",
    "chicago": "America/Chicago",
    **dict.fromkeys(("los angeles", "san francisco"), "America/Los_Angeles"),
    "melbourne": "Australia/Melbourne",
    "auckland": "Pacific/Auckland",
    "dubai": "Asia/Dubai",
}
_ZONE_NAMES = sorted([*FIXED_ZONES, *REGION_ZONES], key=len, reverse=True)
_ZONE_ALT = "|".join(re.escape(z) for z in _ZONE_NAMES if z != "z")
_PLACE_ALT = (
    r"(?:u\.?s\.?\s+)?(?:east|west)\s+coast|new\s+york|california|japan|tokyo|india|uk|london|singapore"
    r"|hong\s+kong|sydney|bras[ií]lia|s[aã]o\s+paulo|brazil|mexico\s+city|seoul|(?:south\s+)?korea|berlin"
    r"|germany|paris|france|madrid|spain|moscow|jakarta|manila|mumbai|(?:new\s+)?delhi|beijing|china"
    r"|shanghai|toronto|chicago|los\s+angeles|san\s+francisco|melbourne|auckland|dubai"
)
# A place is a zone with a preposition before it ('on the East Coast') or 'time' after it
# ('East Coast time'); a bare place after a time is left alone ('at 9:00 California regulators').
_PLACE_ZONE = rf"(?:(?:on|in|across)\s+(?:the\s+)?(?:{_PLACE_ALT})(?:\s+time)?|(?:{_PLACE_ALT})\s+time)"
ZONE_RE = rf"(?:{_PLACE_ZONE}(?!\w)|{_ZONE_ALT})"

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_AMPM = r"(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)"

ISO_DATETIME = re.compile(
    r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>\d\d)-(?P<d>\d\d)(?:[T ](?P<h>\d\d):(?P<mi>\d\d)(?::\d\d)?"
    r"(?:\.\d+)?(?P<iso_tz>Z|[+-]\d\d:?\d\d)?)?\b"
)
CLOCK = re.compile(
    rf"(?<![\d:.])(?P<h>\d{{1,2}}):(?P<mi>\d\d)(?::\d\d)?(?![\d:])\s*(?:{_AMPM})?"
    rf"(?:\s*\(?(?P<tz>{ZONE_RE})\)?(?![a-z])"
    # '02:35 on 8 November in Brasília': a place after the time's date (looked at, not taken)
    rf"|(?=\s*on\s+(?:\d{{1,2}}\s+(?:{_MONTH_ALT})|(?:{_MONTH_ALT})\s+\d{{1,2}})\s+(?P<tz_after>{_PLACE_ZONE})"
    rf"(?![a-z])))?",
    re.IGNORECASE,
)
HOUR_AMPM = re.compile(
    rf"(?<![\d:.])(?P<h>\d{{1,2}})\s*{_AMPM}(?![a-z])(?:\s*\(?(?P<tz>{ZONE_RE})\)?(?![a-z]))?",
    re.IGNORECASE,
)
DATE_MDY = re.compile(
    rf"\b(?P<mon>{_MONTH_ALT})(?:\.?\s+|-)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:(?:,?\s+|-)(?P<y>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
DATE_DMY = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|-)(?P<mon>{_MONTH_ALT})\b\.?(?:(?:,?\s+|-)(?P<y>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
MONTH_YEAR = re.compile(rf"\b(?P<mon>{_MONTH_ALT})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
MONTH_SHORT_YEAR = re.compile(rf"\b(?P<mon>{_MONTH_ALT})\.?,?\s+'(?P<yy>[0-3]\d)\b", re.IGNORECASE)
MONTH_ONLY = re.compile(rf"\b(?P<mon>{_MONTH_ALT})\b", re.IGNORECASE)
WEEKDAY = re.compile(rf"\b(?P<wd>{_WEEKDAY_ALT})\b", re.IGNORECASE)
# Not an amount or a count: '2000 yen', '¥2000', '2000 customers' name no year.
YEAR = re.compile(
    r"(?<![\w.,\-$€£¥₹₩])(?P<y>(?:19|20)\d\d)(?![\w.,]\d|[\w-])"
    r"(?!\s+(?:yen|dollars?|bucks|usd|euros?|eur|pounds?|gbp|quid|rupees?|inr|pesos?|reais|won|yuan|rmb"
    r"|francs?|points|coins|people|users|customers|accounts|orders|flights|passengers|reports|devices)\b)",
    re.IGNORECASE,
)

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_WORDNUM_ALT = "|".join(sorted((w for w in WORD_NUMBERS if w not in ("a", "an")), key=len, reverse=True))
_MULT_ALT = "thousand|million|billion|trillion|mill|mil|bn|mn|k|m|b"
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUANTITY = re.compile(
    # not a side of '3/3' (a thread's numbering, a fraction): no count of anything
    rf"(?<![\w.,/])(?:{_NUM}(?![\d/])\+?|(?P<word>{_WORDNUM_ALT}|an?)(?:-(?P<ones>one|two|three|four|five|six|seven|eight|nine))?)"
    r"(?P<half>(?:\s+|-)and(?:\s+|-)a(?:\s+|-)half)?"  # 'two and a half', 'two-and-a-half'
    rf"(?:\s*(?P<mult>{_MULT_ALT})(?![a-z]))?"
    rf"(?:(?:\s*|-)(?:(?:full|whole|entire|straight)\s+)?(?P<unit>{_UNIT_ALT})(?![a-z]))?",  # 'two full days'
    re.IGNORECASE,
)
_QUALIFIERS = {
    "exact": "exactly|precisely|only|just|a full",
    "approximate": "about|around|roughly|approximately|approx.|some|an estimated|estimated|close to"
    "|circa|~|or so",
    "near": "nearly|almost|almost a full|nearly a full|not quite|just under|just shy of",
    "at most": "up to|as many as|as much as|as long as|at most|no more than|not more than|less than"
    "|fewer than|under|below|not even|barely|or less|or fewer|tops|max",
    "at least": "at least|more than|over|just over|upwards of|in excess of|no fewer than|no less than"
    "|not less than|above|or more|+",
}
QUALIFIER_KINDS = {phrase: kind for kind, phrases in _QUALIFIERS.items() for phrase in phrases.split("|")}
"""Words that qualify a figure, by what they say of it: 'up to 12 hours' is at most 12."""
QUALIFIERS_AFTER = frozenset(["or more", "or less", "or fewer", "or so", "tops", "max", "+"])  # '15 min tops'
_QUALIFIER_ALT = "|".join(
    re.escape(q) for q in sorted(QUALIFIER_KINDS, key=len, reverse=True) if q not in QUALIFIERS_AFTER
)
QUALIFIER_BEFORE = re.compile(rf"(?<![\w~])(?P<q>{_QUALIFIER_ALT})\s*$", re.IGNORECASE)
QUALIFIER_AFTER = re.compile(r"\s+(?P<q>or (?:more|less|fewer|so)|tops|max)\b", re.IGNORECASE)
DEFAULT_ZONE = re.compile(
    rf"all times (?:in this [a-z ]+ )?(?:are )?(?:in )?\(?(?P<tz>{ZONE_RE})\)?", re.IGNORECASE
)
IN_UTC = re.compile(r"\b(?:in|into|to) (?P<tz>UTC|GMT)\b(?!\s*[+\-−]\s*\d)", re.IGNORECASE)
PLACE_TIME = re.compile(rf"\b(?P<tz>(?:{_PLACE_ALT})\s+time)\b", re.IGNORECASE)
"""'at 1:35 a.m. on Saturday 2 July, Japan time': a place's time, said apart from the time."""
"""'In UTC, that is from 23:48 to 14:20': the zone of the times that do not give their own."""


@dataclass(frozen=True, slots=True)
class TimeOfDay:
    minutes: int  # local minute of the day, 0..1439
    offset: int | None  # minutes east of UTC, None when the text gives no zone
    zone: str | None
    span: tuple[int, int]

    @property
    def utc_minutes(self) -> int | None:
        return None if self.offset is None else (self.minutes - self.offset) % 1440

    def label(self) -> str:
        zone = f" {self.zone.upper()}" if self.zone else ""
        return f"{self.minutes // 60:02d}:{self.minutes % 60:02d}{zone}"


@dataclass(frozen=True, slots=True)
class DateMention:
    year: int | None
    month: int
    day: int | None
    span: tuple[int, int]

    def label(self) -> str:
        parts = [str(self.year) if self.year else "????", f"{self.month:02d}"]
        parts.append(f"{self.day:02d}" if self.day else "??")
        return "-".join(parts)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str | None
    text: str
    span: tuple[int, int]
    qualifier: str | None = None  # 'up to', 'exactly', 'or more': as written, lower case

    @property
    def bound(self) -> str | None:
        """What the qualifier says of the figure: exact, approximate, an upper or lower bound,
        or near it from below ('nearly', 'almost'); None when it stands bare."""
        return QUALIFIER_KINDS.get(self.qualifier) if self.qualifier else None


@dataclass(frozen=True, slots=True)
class Facts:
    times: tuple[TimeOfDay, ...]
    dates: tuple[DateMention, ...]
    weekdays: tuple[int, ...]
    years: tuple[int, ...]
    quantities: tuple[Quantity, ...]


@lru_cache(maxsize=64)
def _region_offset(region: str, year: int, month: int, day: int) -> int:
    try:
        zone = ZoneInfo(REGION_ZONES.get(region) or PLACE_ZONES[region])
    except ZoneInfoNotFoundError:  # pragma: no cover - tzdata is part of the OS image
        base = {"America/Los_Angeles": -480, "America/New_York": -300, "America/Chicago": -360}
        return base.get(REGION_ZONES.get(region) or PLACE_ZONES[region], 0) + (60 if 3 < month < 11 else 0)
    moment = datetime(year, month, day, 12, tzinfo=zone)
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def zone_key(name: str) -> str:
    """A zone as written, in the form the tables use: 'on the U.S. East Coast' -> 'us east coast'."""
    key = re.sub(r"\s+", " ", name.lower().strip("() "))
    key = re.sub(r"^(?:on|in|across) (?:the )?", "", key)
    key = re.sub(r"^u\.?s\.? ", "us ", key)
    if key.removesuffix(" time") in PLACE_ZONES:
        key = key.removesuffix(" time")
    return key


def zone_offset(name: str | None, reference: date) -> int | None:
    if not name:
        return None
    key = zone_key(name)
    if key in FIXED_ZONES:
        return FIXED_ZONES[key]
    if key in REGION_ZONES or key in PLACE_ZONES:
        return _region_offset(key, reference.year, reference.month, reference.day)
    return None


def _hour24(hour: int, ampm: str | None) -> int | None:
    if ampm:
        if not 1 <= hour <= 12:
            return None
        pm = ampm.lower().startswith("p")
        return (hour % 12) + (12 if pm else 0)
    return hour if 0 <= hour <= 23 else None


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


RawTime = tuple[int, str | None, tuple[int, int], int | None]  # minutes, zone, span, ISO offset


@dataclass(frozen=True, slots=True)
class CalendarFacts:
    dates: tuple[DateMention, ...]
    weekdays: tuple[int, ...]
    years: tuple[int, ...]


@dataclass(slots=True)
class _Scan:
    """What the time and date patterns found so far, and the spans they took."""

    raw_times: list[RawTime] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    weekdays: tuple[int, ...] = ()
    taken: list[tuple[int, int]] = field(default_factory=list)


@lru_cache(maxsize=8_192)
def extract_facts(text: str, reference: date | None = None, default_zone: str | None = None) -> Facts:
    """Find times, dates, weekdays, years and quantities; `reference` resolves DST zones. Cached:
    the checker's rules read the same sentence and excerpts several times."""
    text = clean(text)
    reference = reference or date(2000, 1, 1)
    if default_zone is None:
        declared = DEFAULT_ZONE.search(text)
        if declared is None and ("UTC" in text or "GMT" in text):
            declared = IN_UTC.search(text)
        if declared is None and " time" in text:
            declared = PLACE_TIME.search(text)
        default_zone = declared.group("tz") if declared else None
    scan = _scan_calendar(text)
    times = _resolve_zones(text, scan.raw_times, reference, default_zone)
    quantities = _quantities(text, scan.taken)
    return Facts(tuple(times), tuple(scan.dates), scan.weekdays, tuple(scan.years), tuple(quantities))


def calendar_facts(text: str) -> CalendarFacts:
    """The dates, weekdays and years `extract_facts` finds, without resolving time zones or
    reading quantities: all that screening a chat message needs, at a fraction of the cost.
    Chat names days by their holiday too ('on christmas day 2024')."""
    text = clean(text)
    probe = _case_probe(text)
    if not CALENDAR_HINT.search(probe):
        return NO_CALENDAR  # no digit, month, weekday or holiday: most chat
    scan = _scan_calendar(text)
    if HOLIDAY_START.search(probe):
        for m in HOLIDAY.finditer(text):
            month, day = HOLIDAY_DATES[re.sub(r"['\s]+", " ", m["h"].lower())]
            scan.dates.append(DateMention(int(m["y"]) if m["y"] else None, month, day, m.span()))
    return CalendarFacts(tuple(scan.dates), scan.weekdays, tuple(scan.years))


HOLIDAY_DATES = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "xmas": (12, 25),
    "boxing day": (12, 26),
    "new year s eve": (12, 31),
    "new years eve": (12, 31),
    "new year s day": (1, 1),
    "new years day": (1, 1),
    "halloween": (10, 31),
    "valentine s day": (2, 14),
    "valentines day": (2, 14),
}
HOLIDAY = re.compile(
    r"\b(?P<h>christmas eve|christmas day|christmas|xmas|boxing day|new year'?s (?:eve|day)|halloween"
    r"|valentine'?s day)\b(?:,?\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
HOLIDAY_START = re.compile(r"christmas|xmas|boxing day|new year|halloween|valentine")


DIGIT = re.compile(r"\d")  # every pattern but the month and weekday names needs one
# Every month and weekday name starts with one of these (sought in `_case_probe`, as a regex with
# IGNORECASE is many times slower).
MONTH_START = re.compile("|".join(sorted({m[:3] for m in MONTHS})))
WEEKDAY_START = re.compile("|".join(sorted({w[:3] for w in WEEKDAYS})))
CALENDAR_HINT = re.compile(
    "|".join(
        [
            DIGIT.pattern,
            MONTH_START.pattern,
            WEEKDAY_START.pattern,
            "christmas|xmas|boxing day|new year|halloween|valentine",
        ]
    )
)
NO_CALENDAR = CalendarFacts((), (), ())


def _case_probe(text: str) -> str:
    """`text` in which an IGNORECASE match of a lowercase ASCII word is found as it is: lowercase,
    with the two letters IGNORECASE also takes for i and s ("ı", "ſ") replaced by them ("İ" and
    the Kelvin sign already lower to "i" and "k")."""
    probe = text.lower()
    return probe if probe.isascii() else probe.replace("ı", "i").replace("ſ", "s")


def _scan_calendar(text: str) -> _Scan:
    """Times, dates, years and weekdays, each pattern in turn claiming spans the later ones skip.
    A pattern whose prerequisite (a digit, a month's first letters) is missing cannot match and
    is not run: most chat has neither."""
    scan = _Scan()
    probe = _case_probe(text)
    digits = bool(DIGIT.search(text))
    months = bool(MONTH_START.search(probe))
    if digits:
        if "-" in text:
            _scan_iso(text, scan)
        if "/" in text or "." in text or "-" in text:
            _scan_numeric_dates(text, scan)
        _scan_clock(text, probe, scan)
        if months:
            _scan_dates(text, scan)
    if months:
        _scan_months(text, scan)
    if "19" in text or "20" in text:  # a year
        for m in YEAR.finditer(text):
            if not _overlaps(m.span(), scan.taken):
                scan.years.append(int(m["y"]))
                scan.taken.append(m.span())
    if scan.dates:
        scan.years.extend(d.year for d in scan.dates if d.year)
    if WEEKDAY_START.search(probe):
        scan.weekdays = tuple(WEEKDAYS[m["wd"].lower()] for m in WEEKDAY.finditer(text) if len(m["wd"]) > 3)
    return scan


def _scan_iso(text: str, scan: _Scan) -> None:
    for m in ISO_DATETIME.finditer(text):
        year, month, day = int(m["y"]), int(m["mo"]), int(m["d"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        scan.dates.append(DateMention(year, month, day, m.span()))
        if m["h"] is not None:
            offset = None
            if m["iso_tz"]:
                tz = m["iso_tz"].replace(":", "")
                offset = 0 if tz == "Z" else (1 if tz[0] == "+" else -1) * (int(tz[1:3]) * 60 + int(tz[3:5]))
            scan.raw_times.append((int(m["h"]) * 60 + int(m["mi"]), None, m.span(), offset))
        scan.taken.append(m.span())


NUMERIC_DATE = re.compile(
    r"(?<![\d/.\-])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d/\-]|\.\d)"
)


def _scan_numeric_dates(text: str, scan: _Scan) -> None:
    """'25/01/2023' and '1/25/2023': a date when one of its first two numbers can only be the
    day; '05/06/2023' could be either, and gives only its year."""
    for m in NUMERIC_DATE.finditer(text):
        if _overlaps(m.span(), scan.taken):
            continue
        if m["sep"] == "." and (len(m["a"]) != 2 or len(m["b"]) != 2):
            continue  # 'version 1.2.2023'; with dots only 'dd.mm.yyyy'
        a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
        if not (1 <= a <= 31 and 1 <= b <= 31) or (a > 12 and b > 12):
            continue
        if a > 12 or b > 12:
            day, month = (a, b) if a > 12 else (b, a)
            scan.dates.append(DateMention(year, month, day, m.span()))
        else:
            scan.years.append(year)
        scan.taken.append(m.span())


AM_PM = re.compile(r"[ap]\.?\s?m")  # in the case probe: what HOUR_AMPM needs after the hour


RANGE_JOIN = re.compile(
    r"\s*(?:to|until|till|through|and|-|–|—)\s*", re.IGNORECASE
)  # 'between 4:06 and 4:30 PM'


def _scan_clock(text: str, probe: str, scan: _Scan) -> None:
    patterns = ([CLOCK] if ":" in text else []) + ([HOUR_AMPM] if AM_PM.search(probe) else [])
    found: list[tuple[int, str | None, str | None, tuple[int, int]]] = []  # minutes, a.m./p.m., zone, span
    for pattern in patterns:
        for m in pattern.finditer(text):
            if _overlaps(m.span(), scan.taken):
                continue
            hour = _hour24(int(m["h"]), m["ampm"])
            minute = int(m.groupdict().get("mi") or 0)
            if hour is None or minute > 59:
                continue
            found.append((hour * 60 + minute, m["ampm"], m["tz"] or m.groupdict().get("tz_after"), m.span()))
            scan.taken.append(m.span())
    found.sort(key=lambda item: item[3])
    for index, (minutes, ampm, zone, span) in enumerate(found):
        if ampm is None and index + 1 < len(found):
            minutes = _afternoon_range_start(text, minutes, span, found[index + 1])
        scan.raw_times.append((minutes, zone, span, None))


def _afternoon_range_start(
    text: str, minutes: int, span: tuple[int, int], end: tuple[int, str | None, str | None, tuple[int, int]]
) -> int:
    """'From 1:21 to 1:26 p.m.': a range's start written without a.m. or p.m. takes the p.m. of
    its end when that keeps it before the end ('11:50 to 1:00 p.m.' starts before noon)."""
    end_minutes, end_ampm, _zone, end_span = end
    if not end_ampm or not end_ampm.lower().startswith("p") or not 60 <= minutes < 720:
        return minutes
    if not RANGE_JOIN.fullmatch(text, span[1], end_span[0]):
        return minutes
    afternoon = minutes + 720
    return afternoon if afternoon <= end_minutes else minutes


def _scan_dates(text: str, scan: _Scan) -> None:
    """Dates with a day or a year: "march 10", "10th of march, 2025", "july 2024"."""
    for pattern in (DATE_MDY, DATE_DMY):
        for m in pattern.finditer(text):
            if _overlaps(m.span(), scan.taken):
                continue
            day = int(m["d"])
            if not 1 <= day <= 31:
                continue
            mon = m["mon"].lower()
            if mon == "may" and not m["y"] and pattern is DATE_MDY and not _looks_like_may_date(text, m):
                continue
            scan.dates.append(DateMention(int(m["y"]) if m["y"] else None, MONTHS[mon], day, m.span()))
            scan.taken.append(m.span())
    for m in MONTH_YEAR.finditer(text):
        if not _overlaps(m.span(), scan.taken):
            scan.dates.append(DateMention(int(m["y"]), MONTHS[m["mon"].lower()], None, m.span()))
            scan.taken.append(m.span())
    if "'" in text:
        for m in MONTH_SHORT_YEAR.finditer(text):  # "jan '23"
            if not _overlaps(m.span(), scan.taken):
                scan.dates.append(DateMention(2000 + int(m["yy"]), MONTHS[m["mon"].lower()], None, m.span()))
                scan.taken.append(m.span())


def _scan_months(text: str, scan: _Scan) -> None:
    """A month on its own ("in july"); the short names that are also words need context."""
    for m in MONTH_ONLY.finditer(text):
        mon = m["mon"].lower()
        ambiguous = len(mon) < 4 and mon not in ("jan", "feb", "aug", "oct", "nov", "dec")
        if _overlaps(m.span(), scan.taken) or ambiguous:
            continue
        if mon in ("may", "march", "jan") and not _month_context(text, m, names=mon == "jan"):
            continue  # 'may' and 'march' are words, 'jan' a name ('sure jan')
        scan.dates.append(DateMention(None, MONTHS[mon], None, m.span()))
        scan.taken.append(m.span())


def _looks_like_may_date(text: str, m: re.Match[str]) -> bool:
    """'may 12' is a date, 'may 2 people' is not: require a capital or a following comma/end."""
    return text[m.start()] == "M" or bool(re.match(r"\s*(?:,|\.|$|\s+(?:at|to|and|-))", text[m.end() :]))


def _month_context(text: str, m: re.Match[str], *, names: bool = False) -> bool:
    """A preposition before a month that is also a word, or a capital (not for a name)."""
    before = text[max(0, m.start() - 12) : m.start()].lower()
    preposition = re.search(r"\b(?:in|since|last|early|late|mid|of|on)\s+$", before)
    return (text[m.start()].isupper() and not names) or bool(preposition)


def _resolve_zones(
    text: str,
    raw: list[tuple[int, str | None, tuple[int, int], int | None]],
    reference: date,
    default_zone: str | None,
) -> list[TimeOfDay]:
    """A time without a zone takes the nearest zone in its sentence, else the text's default."""
    raw.sort(key=lambda item: item[2][0])
    levels = _bracket_levels(text) if "(" in text else None
    resolved = []
    declared: tuple[int, str] | None = None  # the end and zone of a time whose zone was said before it
    for minutes, zone, span, iso_offset in raw:
        if iso_offset is not None:
            resolved.append(TimeOfDay(minutes, iso_offset, "utc" if iso_offset == 0 else None, span))
            continue
        if zone is None:
            if declared and RANGE_JOIN.fullmatch(text, declared[0], span[0]):
                zone = declared[1]  # 'in UTC, 18:25 to 20:12': the range's end too
            else:
                zone = _declared_before(text, span)
            declared = (span[1], zone) if zone else None
            zone = zone or _nearest_zone(text, raw, span, levels) or default_zone
        else:
            declared = None
        offset = zone_offset(zone, reference)
        resolved.append(TimeOfDay(minutes, offset, zone_key(zone) if zone else None, span))
    return resolved


DECLARED_GAP = re.compile(r"[\s,:]*(?:(?:that is|i\.e\.|from|between|at)[\s,:]+)?", re.IGNORECASE)


def _declared_before(text: str, span: tuple[int, int]) -> str | None:
    """'the same window in UTC, 18:25 to 20:12, and ... 2:25 to 4:12 p.m. Eastern': a zone said
    right before a time is its zone, whatever zone a later time gives."""
    if "UTC" not in text and "GMT" not in text and "utc" not in text:
        return None
    before = text[max(0, span[0] - 30) : span[0]]
    for m in IN_UTC.finditer(before):
        if DECLARED_GAP.fullmatch(before, m.end()):
            return m["tz"]
    return None


def _bracket_levels(text: str) -> list[int]:
    """For each character, the start of the innermost pair of round brackets around it (-1 at
    the top level). A bracket left open, or closed on its own ('1) ...'), makes no pair; a
    bracket mark itself belongs to the level outside it."""
    levels = [-1] * len(text)
    opened: list[int] = []
    pairs = []
    for index, char in enumerate(text):
        if char == "(":
            opened.append(index)
        elif char == ")" and opened:
            pairs.append((opened.pop(), index))
    for start, end in sorted(pairs, key=lambda pair: pair[1] - pair[0], reverse=True):
        levels[start + 1 : end] = [start] * (end - start - 1)  # inner pairs, shorter, come later
    return levels


def _nearest_zone(
    text: str,
    raw: list[tuple[int, str | None, tuple[int, int], int | None]],
    span: tuple[int, int],
    levels: list[int] | None = None,
) -> str | None:
    """The zone of the nearest zoned time in the same sentence and at the same bracket level:
    'from 03:46 to 04:33 US/Pacific (11:46 to 12:33 UTC)' gives 03:46 the Pacific zone and 11:46
    UTC, because a bracket restates the times around it, often in another zone ('9:00 PT (17:00
    UTC)'). What a bracket holds is not counted in the distance between two times outside it."""
    own = levels[span[0]] if levels else -1
    best: tuple[int, str] | None = None
    for _minutes, zone, other, _ in raw:
        if zone is None or other == span or (levels and levels[other[0]] != own):
            continue
        lo, hi = sorted((span[1], other[0])) if other[0] >= span[1] else sorted((other[1], span[0]))
        between = text[lo:hi]
        if levels:  # only what is at this level, without the bracket marks
            between = "".join(
                c for c, level in zip(between, levels[lo:hi], strict=True) if level == own and c not in "()"
            )
        if re.search(r"[.;!?]\s|\n", between) or len(between) > 60:
            continue
        distance = len(between)
        if best is None or distance < best[0]:
            best = (distance, zone)
    return best[1] if best else None


GROWTH = re.compile(
    r"\b(?:(?P<verb>doubled|tripled|quadrupled)"
    r"|(?P<adj>double|triple|quadruple)[sd]? in (?:size|number|volume))\b",
    re.IGNORECASE,
)
GROWTH_FACTORS = {"doub": 2.0, "trip": 3.0, "quad": 4.0}


def _growth(text: str) -> list[Quantity]:
    """'doubled in size', 'triple in size': a factor is a figure too (2 and 3 times)."""
    return [
        Quantity(GROWTH_FACTORS[(m["verb"] or m["adj"])[:4].lower()], "times", m.group(0), m.span(), None)
        for m in GROWTH.finditer(text)
    ]


def _quantities(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    found = _growth(text) if "ubl" in text or "ripl" in text or "uadrupl" in text else []
    for m in QUANTITY.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        word = m["word"]
        unit_raw = m["unit"]
        mult_raw = m["mult"]
        if word and not (unit_raw or (mult_raw and len(mult_raw) > 2)):
            continue  # "one of our systems" is not a quantity
        if m["num"] and _inside_identifier(text, m.span()):
            continue
        if mult_raw and len(mult_raw) == 1 and not m["num"]:
            continue
        if unit_raw and unit_raw.lower() == "h" and not m["num"]:
            continue
        value = float(m["num"].replace(",", "")) if m["num"] else float(WORD_NUMBERS[word.lower()])
        if m["half"]:
            value += 0.5  # 'fourteen and a half hours'
        if m["ones"] and m["word"].lower() in TENS:
            value += WORD_NUMBERS[m["ones"].lower()]  # 'eighty-five'
        if mult_raw:
            value *= MULTIPLIERS[mult_raw.lower()]
        unit = UNITS[unit_raw.lower()] if unit_raw else None
        found.append(Quantity(value, unit, m.group(0), m.span(), _qualifier(text, m)))
    return found


def _qualifier(text: str, m: re.Match[str]) -> str | None:
    """The word or phrase that qualifies a figure: written just before it ('up to 12 hours'),
    as a plus sign ('12+') or just after it ('12 hours or more')."""
    if "+" in m.group(0):
        return "+"
    before = QUALIFIER_BEFORE.search(text, max(0, m.start() - 20), m.start())
    if before:
        return squash_spaces(before["q"].lower())
    after = QUALIFIER_AFTER.match(text, m.end())
    return after["q"].lower() if after else None


def _inside_identifier(text: str, span: tuple[int, int]) -> bool:
    """Digits glued to letters (us-east-1, v2, COVID-19, 5G) are names, not quantities."""
    start, end = span
    before = text[max(0, start - 2) : start]
    after = text[end : end + 1]
    if re.search(r"[A-Za-z]-?$", before) and not re.search(r"\s-?$", before):
        return True
    if re.search(r"[A-Za-z]\($", before) and after == ")":
        return True  # 'Level(3)'
    return bool(after and (after.isalpha() and not re.match(r"[%kKmMbBhH]", after)))
