"""The rules for numbers, times and dates.

Each figure, time, date, weekday and year a sentence states must be in its cited sources or the
record (or follow from them, as a duration does), qualified no more strongly than they give it,
and tied to the same place or party.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise

from bot.core.check.evidence import Evidence, _reference_date
from bot.core.check.results import Violation
from bot.core.check.vocabulary import PUBLISHING, SENTENCE_STARTERS, TIME_WORDS
from bot.core.facts import WEEKDAY, WEEKDAYS, DateMention, Facts, Quantity, TimeOfDay, extract_facts
from bot.core.records import Incident
from bot.core.text import STOPWORDS, clean, fold, stem, words

NEGATED_BEFORE = re.compile(
    r"\b(?:not|never|no|rather than|instead of|n't|nowhere near|far from|nothing like)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


ALL_PERIOD = re.compile(r"\ball (day|night|week)\b", re.IGNORECASE)


def _denied_figure(text: str, quantity: Quantity, denied: str, reference: date) -> bool:
    """'well over nine hours, not ten minutes': a figure of the claim the draft refutes, denied."""
    if not denied or not NEGATED_BEFORE.search(text[max(0, quantity.span[0] - 30) : quantity.span[0]]):
        return False
    denied = WHOLE_SPAN.sub("a ", denied)  # 'a whole week' and 'the whole day' are a week and a day
    denied = ALL_PERIOD.sub(r"a \1", denied)  # and so is 'all day'
    return any(_same_figure(quantity, known) for known in extract_facts(denied, reference).quantities)


WHOLE_SPAN = re.compile(r"\b(an?|the) (?:whole|full|entire) (?=day|week|month|night|year)", re.IGNORECASE)


def _check_facts(text: str, incident: Incident, evidence: Evidence, v, denied: str = "") -> list[Violation]:
    for source in incident.sources:  # 'Wales On Sunday', '20 Minuten': a publisher's name states nothing
        name = re.split(r"\s[(\[]", source.publisher, maxsplit=1)[0].strip()
        if len(name) > 3 and name in text:
            text = text.replace(name, " " * len(name))
    facts = extract_facts(text, _reference_date(incident))
    out = []
    supported = [moment for moment in facts.times if _time_supported(moment, evidence)]
    for moment in facts.times:
        if moment in supported or _restates(moment, supported):
            continue
        out.append(v("time", f"the time {moment.label()} is not in its cited sources or the record"))
    supported += [moment for moment in facts.times if _restates(moment, supported)]
    offsets = {moment.offset for moment in supported if moment.offset}
    # ... and the zones its cited sources give their times in ('Friday night ... 11 p.m. ET')
    offsets |= {moment.offset for known in evidence.facts[:-1] for moment in known.times if moment.offset}
    for mention in facts.dates:
        if not _date_supported(mention, evidence, publishing=bool(PUBLISHING.search(text))) and not any(
            _local_record_date(mention, incident, offset) for offset in offsets
        ):
            out.append(v("date", f"the date {mention.label()} is not in its cited sources or the record"))
    out += _zoned_dates(text, facts.times, facts.dates, incident, v)
    out += _dates_of_source_times(text, facts, evidence, v)
    out += _weekdays_of_dates(text, facts.dates, _reference_date(incident).year, v)
    known_dates = _known_dates(evidence, incident)
    for weekday in facts.weekdays:
        if weekday not in {d.weekday() for d in known_dates} and _weekday_name(weekday) not in evidence.stems:
            out.append(v("date", f"{_weekday_name(weekday).title()} does not match the record's dates"))
    date_years = {d.year for d in facts.dates if d.year}
    for year in facts.years:
        if year in date_years:
            continue
        if year not in _known_years(evidence, incident):
            out.append(v("number", f"the year {year} is not in its cited sources or the record"))
    checked_times = supported
    for quantity in facts.quantities:
        if _named_number(text, quantity, evidence):
            continue
        if (
            not _quantity_supported(quantity, evidence, incident)
            and not _duration_between(quantity, checked_times)
            and not any(_duration_between(quantity, list(known.times)) for known in evidence.facts[:-1])
            and not _denied_figure(text, quantity, denied, _reference_date(incident))
        ):
            out.append(
                v("number", f"the figure {quantity.text.strip()!r} is not in its cited sources or the record")
            )
        elif overstated := _overstated_precision(quantity, evidence):
            out.append(v("precision", overstated))
    return out


BOUNDS_BACKED = {
    "exact": {"exact", "approximate", "near", "at most", "at least"},
    "approximate": {"approximate", "near"},
    "near": {"near", "approximate", "at most"},
    "at most": {"at most", "approximate"},
    "at least": {"at least", "approximate"},
}
"""For each way a source qualifies a figure, the qualifiers a draft may give it: 'up to 12
hours' backs 'at most 12 hours' or 'about 12 hours', never 'exactly 12' or 'more than 12'."""


def _overstated_precision(quantity: Quantity, evidence: Evidence) -> str | None:
    """'Exactly 12 hours of downtime' where the source says 'up to 12 hours': how sure a figure
    is, is part of the figure. A qualified figure in a draft (exactly, only, about, up to, at
    least, more than...) must be qualified no more strongly, or in no other direction, than
    somewhere its cited sources give the same figure; a figure the sources give bare or exact
    backs any qualifier, and an approximate one ('about 12') is always weaker than the source.
    What the message quotes is the draft's and the source's wording."""
    claimed = quantity.bound
    if claimed is None or claimed == "approximate":
        return None
    found = [
        known
        for facts in evidence.facts
        for known in facts.quantities
        if abs(known.value - quantity.value) <= 1e-9 * max(1.0, abs(quantity.value))
        and (quantity.unit is None or known.unit is None or known.unit == quantity.unit)
    ]
    if not found or any(known.bound is None or claimed in BOUNDS_BACKED[known.bound] for known in found):
        return None
    return f"says {_as_written(quantity)} where its cited sources say {_as_written(found[0])}"


def _as_written(quantity: Quantity) -> str:
    """'up to 12 hours', '12 hours or more', '12+': a figure with its qualifier, in its order."""
    figure = quantity.text.strip()
    if quantity.qualifier is None or quantity.qualifier == "+":
        return figure
    if quantity.qualifier.startswith("or "):
        return f"{figure} {quantity.qualifier}"
    return f"{quantity.qualifier} {figure}"


DATE_GAP = re.compile(r"[\s,]*")  # between a weekday and the date it names: 'Tuesday, August 12'


def _weekdays_of_dates(text: str, dates: tuple[DateMention, ...], year: int, v) -> list[Violation]:
    """'Tuesday, August 12' when 12 August 2024 was a Monday: a weekday written with a date must
    be that date's, whatever else the record says (a start just past midnight UTC makes both
    Monday and Tuesday the record's days)."""
    out = []
    starts = {d.span[0]: d for d in dates if d.day is not None}
    for match in WEEKDAY.finditer(text):
        mention = starts.get(DATE_GAP.match(text, match.end()).end())
        if mention is None:
            continue
        try:
            day = date(mention.year or year, mention.month, mention.day or 1)
        except ValueError:
            continue
        written = WEEKDAYS[match.group("wd").lower()]
        if day.weekday() != written:
            out.append(v("date", f"{_weekday_name(written).title()} is not the weekday of {day.isoformat()}"))
    return out


def _weekday_name(index: int) -> str:
    return ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[index]


def _time_supported(moment: TimeOfDay, evidence: Evidence) -> bool:
    for facts in evidence.facts:
        for known in facts.times:
            if moment.offset is not None and known.offset is not None:
                if moment.utc_minutes == known.utc_minutes:
                    return True
            elif moment.minutes == known.minutes or (
                moment.offset is None and known.utc_minutes == moment.minutes
            ):
                return True
    return False


def _known_dates(evidence: Evidence, incident: Incident) -> set[date]:
    known = set()
    year = incident.started_at.astimezone(UTC).year
    for facts in evidence.facts:
        for mention in facts.dates:
            if mention.day:
                try:
                    known.add(date(mention.year or year, mention.month, mention.day))
                except ValueError:
                    continue
    return known


def _known_years(evidence: Evidence, incident: Incident) -> set[int]:
    years = {incident.started_at.astimezone(UTC).year}
    if incident.ended_at:
        years.add(incident.ended_at.astimezone(UTC).year)
    for facts in evidence.facts:
        years.update(facts.years)
    years.update(d.year for d in evidence.published)
    return years


DATE_BESIDE_TIME = re.compile(
    r"\s*,?\s*(?:on\s+|at\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?", re.IGNORECASE
)


def _restates(moment: TimeOfDay, supported: list[TimeOfDay]) -> bool:
    """'3:19 p.m. KST (06:19 UTC)': the same instant in another zone as a time the sources give."""
    return moment.utc_minutes is not None and any(
        other.utc_minutes == moment.utc_minutes and other.offset != moment.offset for other in supported
    )


def _zoned_dates(
    text: str, times: tuple[TimeOfDay, ...], dates: tuple[DateMention, ...], incident: Incident, v
) -> list[Violation]:
    """'4.05am AEDT on 8 November (17:05 UTC on 8 November)' for a start at 17:05 UTC on the 7th:
    a date written beside a zoned time that is the record's start (or end) must be that moment's
    date in that zone."""
    out = []
    for moment in times:
        if moment.offset is None:
            continue
        for mention in dates:
            if mention.day is None:
                continue
            lo, hi = sorted((moment.span, mention.span))
            if not DATE_BESIDE_TIME.fullmatch(text, lo[1], hi[0]):
                continue
            for what, record in _record_moments(incident):
                local = record.astimezone(UTC) + timedelta(minutes=moment.offset)
                if local.hour * 60 + local.minute != moment.minutes:
                    continue
                if (local.month, local.day) != (mention.month, mention.day):
                    out.append(
                        v(
                            "date",
                            f"{mention.label()} is not the date of {moment.label()}, the record's {what}",
                        )
                    )
                break
    return out


def _record_moments(incident: Incident) -> list[tuple[str, datetime]]:
    """The record's start, and its end when the outage was shorter than a day less four hours
    (a longer one may end at the clock time it began, on another day)."""
    moments = [("start", incident.started_at)]
    if incident.ended_at is not None and incident.ended_at - incident.started_at < timedelta(hours=20):
        moments.append(("end", incident.ended_at))
    return moments


def _dated_times(text: str, facts: Facts) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Each zoned time written beside a date: its local minute of the day and zone offset (a date
    is the date where the clock says it), and the (month, day)."""
    found = []
    for moment in facts.times:
        if moment.offset is None:
            continue
        for mention in facts.dates:
            lo, hi = sorted((moment.span, mention.span))
            if mention.day is not None and DATE_BESIDE_TIME.fullmatch(text, lo[1], hi[0]):
                found.append(((moment.minutes, moment.offset), (mention.month, mention.day)))
    return found


def _dates_of_source_times(text: str, facts: Facts, evidence: Evidence, v) -> list[Violation]:
    """'4:04 a.m. EET on Sunday 17 November' where the source has 4:04 a.m. EET on Monday 18
    November: a time the cited sources give with its date must keep that date."""
    drafted = _dated_times(text, facts)
    if not drafted:
        return []
    cited: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for excerpt, known in zip(evidence.texts, evidence.facts[:-1], strict=False):
        for minutes, day in _dated_times(clean(excerpt), known):
            cited.setdefault(minutes, set()).add(day)
    out = []
    for minutes, (month, day) in drafted:
        if minutes in cited and (month, day) not in cited[minutes]:
            out.append(
                v(
                    "date",
                    f"dates {month:02d}-{day:02d} a time its sources date {_day_label(cited[minutes])}",
                )
            )
    return out


def _day_label(days: set[tuple[int, int]]) -> str:
    return " or ".join(f"{month:02d}-{day:02d}" for month, day in sorted(days))


def _local_record_date(mention: DateMention, incident: Incident, offset: int) -> bool:
    """'6:20 PM PDT on 16 October' for a start at 01:20 UTC on the 17th: the record's start or
    end on the calendar of a zone the sentence gives its (checked) times in."""
    for moment in (incident.started_at, incident.ended_at):
        if moment is None:
            continue
        local = (moment.astimezone(UTC) + timedelta(minutes=offset)).date()
        if (
            local.month == mention.month
            and mention.day in (None, local.day)
            and mention.year in (None, local.year)
        ):
            return True
    return False


def _date_supported(mention, evidence: Evidence, *, publishing: bool) -> bool:
    candidates = [m for facts in evidence.facts for m in facts.dates]
    if publishing:
        candidates += [DateMention(d.year, d.month, d.day, (0, 0)) for d in evidence.published]
    for known in candidates:
        if known.month != mention.month:
            continue
        if mention.day is not None and known.day != mention.day:
            continue
        if mention.year and known.year and known.year != mention.year:
            continue
        return True
    return False


# 'In the UK, 2.4m ...' and '40,000' are one clause each: a comma before three digits is in a figure.
BINDING_BREAK = re.compile(r",(?!\d{3}\b)|[;:()—–]|\s-\s|\b(?:and|but|though|although|while|whereas)\b")
NAME_WORD = re.compile(r"(?<![\w&'’@#])[A-Z][\w&'’\-]*")
DIGIT = re.compile(r"\d")


def _same_figure(a: Quantity, b: Quantity) -> bool:
    return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value)) and (
        a.unit is None or b.unit is None or a.unit == b.unit
    )


def _bound_figures(text: str, quantities: tuple[Quantity, ...], starts: list[int]) -> list[Quantity | None]:
    """For each position in `starts` (where a name is written), the figure the text ties it to:
    the one figure of its clause ('2.8m failed in the rest of Europe'), or, for a clause with
    none that opens the sentence ('In the UK, 2.4m transactions failed'), the one figure of the
    clause after it. None where that is not one figure: no tie can be read."""
    bounds, previous = [], 0
    for cut in BINDING_BREAK.finditer(text):
        bounds.append((previous, cut.start()))
        previous = cut.end()
    bounds.append((previous, len(text)))
    clauses = [b for b in bounds if re.search(r"\w", text[b[0] : b[1]])]
    figures = [[q for q in quantities if lo <= q.span[0] < hi] for lo, hi in clauses]
    tied: list[Quantity | None] = []
    for start in starts:
        index = next((i for i, (lo, hi) in enumerate(clauses) if lo <= start < hi), None)
        if index is None:
            tied.append(None)
            continue
        own = figures[index]
        if not own and index == 0 and len(clauses) > 1:
            own = figures[1]
        tied.append(own[0] if len(own) == 1 else None)
    return tied


@lru_cache(maxsize=8_192)
def _sentence_figures(folded: str) -> tuple[Quantity, ...]:
    return extract_facts(folded).quantities


def _evidence_ties(name: str, evidence: Evidence) -> list[tuple[Quantity, tuple[Quantity, ...]]]:
    """Each figure a cited sentence ties `name` to, with all the figures of that sentence."""
    ties = []
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    for sentence in evidence.prose:
        if name not in sentence:
            continue
        figures = _sentence_figures(sentence)
        if not figures:
            continue
        starts = [m.start() for m in pattern.finditer(sentence)]
        for figure in _bound_figures(sentence, figures, starts):
            if figure is not None:
                ties.append((figure, figures))
    return ties


def _check_number_binding(text: str, evidence: Evidence, v) -> list[Violation]:
    """'In the UK, 2.8m transactions failed, while a further 2.4m failed in the rest of Europe'
    where the source has 2.4m in the UK and 2.8m in the rest of Europe: both figures are the
    source's, so the number rule passes them, but which place, company or product each belongs
    to is the fact. A name the draft ties to a figure (the figure of its clause) fails when a
    cited sentence that also gives that figure ties the name to a different figure of the same
    kind, and no cited sentence ties the draft's figure to that name or to any other name of its
    clause. The service's own name is left out: it stands beside every figure of its outage
    ('5.2 million Visa transactions')."""
    if not DIGIT.search(text):
        return []  # figures swapped between places are written in digits
    found = [
        (m.start(), written, name)
        for m in NAME_WORD.finditer(text)
        if len(name := fold(written := re.sub(r"['’]s$", "", m.group(0)))) > 1
        and name not in STOPWORDS
        and name not in TIME_WORDS
        and name not in SENTENCE_STARTERS
        and name not in evidence.incident_names
        and name in evidence.names
        and (written.isupper() or name not in evidence.lower_words)  # 'Across Europe': across is no name
    ]
    if not found:
        return []
    quantities = extract_facts(text).quantities
    clauses: dict[tuple[int, int], list[tuple[str, str]]] = {}  # a figure's span: the names tied to it
    for (_start, written, name), figure in zip(
        found, _bound_figures(text, quantities, [f[0] for f in found]), strict=True
    ):
        if figure is not None:
            clauses.setdefault(figure.span, []).append((written, name))
    for span, names in clauses.items():
        figure = next(q for q in quantities if q.span == span)
        swapped = []
        for written, name in names:
            ties = _evidence_ties(name, evidence)
            if any(_same_figure(figure, known) for known, _figures in ties):
                swapped = []
                break  # the sources tie this figure to one of the names of its clause
            swapped += [
                (written, known)
                for known, figures in ties
                if known.unit == figure.unit and any(_same_figure(figure, f) for f in figures)
            ]
        if swapped:
            written, other = swapped[0]
            return [
                v(
                    "binding",
                    f"ties {figure.text.strip()} to {written} where its cited sources give {written} "
                    f"{other.text.strip()}",
                )
            ]
    return []


NAME_BEFORE = re.compile(r"\b([A-Z][\w&.\-]*) $")
NAME_AFTER = re.compile(r" ([A-Z][\w&.\-]*)")


def _named_number(text: str, quantity: Quantity, evidence: Evidence) -> bool:
    """'Microsoft 365 Status', '20 Minuten': a number that is part of a name its sources give."""
    number = quantity.text.strip().split()[0]
    after = NAME_AFTER.match(text, quantity.span[0] + len(number))
    if after is not None and f"{number} {fold(after.group(1))}" in evidence.name_text:
        return True  # '20 Minuten', the newspaper
    if quantity.unit is not None:
        return False
    before = NAME_BEFORE.search(text, 0, quantity.span[0])
    return before is not None and f"{fold(before.group(1))} {number}" in evidence.name_text


def _rounded_bound(quantity: Quantity, known: Quantity) -> bool:
    """'more than 16,000 flights' for 'about 16,700', 'nearly 17,000' for 16,700: a round figure
    that bounds the source's from the side its qualifier says, within a tenth of it."""
    value, bound = quantity.value, quantity.bound
    if value < 100 or bound not in ("at least", "near") or value % 10 ** (len(str(int(value))) - 2):
        return False  # round: two significant digits at most
    if bound == "at least":
        return value < known.value <= value * 1.1
    return value * 0.9 <= known.value < value


def _quantity_supported(quantity: Quantity, evidence: Evidence, incident: Incident) -> bool:
    if not math.isfinite(quantity.value):
        return False  # "999…9" beyond a float is no figure any source gives
    for facts in evidence.facts:
        for known in facts.quantities:
            if _rounded_bound(quantity, known) and (
                quantity.unit is None or known.unit in (None, quantity.unit)
            ):
                return True
            if abs(known.value - quantity.value) > 1e-9 * max(1.0, abs(quantity.value)):
                continue
            if quantity.unit is None or known.unit is None or known.unit == quantity.unit:
                return True
        if quantity.unit is None and quantity.value.is_integer():
            value = int(quantity.value)
            if value in facts.years or any(d.day == value for d in facts.dates):
                return True
    if _published_after(quantity, evidence, incident):
        return True
    contradicted = any(
        known.unit == quantity.unit for facts in evidence.facts[:-1] for known in facts.quantities
    )
    return not contradicted and _derived_duration(quantity, incident)


DAYS_PER = {"year": 365.0, "month": 30.4}


def _published_after(quantity: Quantity, evidence: Evidence, incident: Incident) -> bool:
    """'fined the airline a year later': the time from the outage to a cited source's publication."""
    days = DAYS_PER.get(quantity.unit or "")
    if days is None:
        return False
    start = incident.started_at.astimezone(UTC).date()
    return any(
        abs((published - start).days - quantity.value * days) <= 0.15 * days
        for published in evidence.published
    )


def _derived_duration(quantity: Quantity, incident: Incident) -> bool:
    """Durations computed from the record's own start and end (e.g. '8 hours 20 minutes')."""
    if incident.ended_at is None:
        return False
    return _duration_is(quantity, int((incident.ended_at - incident.started_at).total_seconds() // 60))


def _duration_between(quantity: Quantity, times: list[TimeOfDay]) -> bool:
    """'Unavailable for about five minutes, from 12:21 to 12:26 p.m. EST': a duration the
    sentence computes from two of its own times written one after the other, or from its first
    to its last, each of which its sources give; or from two times of one cited source ('That
    is about 2 hours 38 minutes' after a sentence giving its '12:02am and 2:40am'). Exact, or
    rounded to whole hours only when the figure says it is rounded ('about 2 hours' for 11:10 to
    13:20)."""
    if quantity.unit not in ("minute", "hour"):
        return False
    spans = list(pairwise(times)) + ([(times[0], times[-1])] if len(times) > 2 else [])  # start to end
    for first, second in spans:
        if first.utc_minutes is not None and second.utc_minutes is not None:
            total = (second.utc_minutes - first.utc_minutes) % 1440
        else:
            total = (second.minutes - first.minutes) % 1440
        if not total:
            continue
        if quantity.unit == "minute":
            if math.isclose(quantity.value, total):
                return True
            continue
        below, above = total // 60, -(-total // 60)
        rounded = {
            "approximate": (below, above),
            "near": (above,),
            "at most": (above,),
            "at least": (below,),
        }.get(quantity.bound or "", ())
        if math.isclose(quantity.value, total / 60) or quantity.value in rounded:
            return True
    return False


def _duration_is(quantity: Quantity, total: int) -> bool:
    """Whether a figure states a span of `total` minutes: in minutes (an approximate one to the
    nearest five), in whole or half hours (rounded either way) or days, or as the minutes past
    the hours ('8 hours 20 minutes')."""
    if quantity.unit not in ("minute", "hour", "day"):
        return False
    hours, minutes = divmod(total, 60)
    if quantity.unit == "minute":
        if quantity.bound == "approximate" and quantity.value % 5 == 0 and abs(quantity.value - total) < 5:
            return True  # 'about 80 minutes' for 78
        return quantity.value in (total, minutes)
    if quantity.unit == "hour":
        if quantity.value % 1 == 0.5 and abs(quantity.value * 60 - total) <= 15:
            return True  # to the nearest half hour: 'fourteen and a half hours' for 14 h 32 min
        return quantity.value in (hours, hours + (1 if minutes else 0)) or quantity.value == total / 60
    days = total / 1440
    return quantity.value in (int(days), int(days) + (1 if total % 1440 else 0)) and days >= 1


PREPOSITIONS = frozenset(
    "within into out across through during after before according around about over under from in on at by"
    " for with including among per".split()
)


def _counted_words(text: str, figure: Quantity) -> list[str]:
    """What a count counts: the next two content words after it ('125 million voice calls'
    counts voice calls; '125 million devices, blocking' devices)."""
    found: list[str] = []
    for token in words(fold(text[figure.span[1] : figure.span[1] + 60])):
        if token in STOPWORDS or token.isdigit() or token in PREPOSITIONS:
            if not found:
                return []  # 'over 7,300 from the UK': what it counts is left to the sentence
            break  # '10,000 canceled within, into or out of the US' counts cancellations
        found.append(token)
        if len(found) == 2:
            break
    return found


def _counted(text: str, figure: Quantity) -> frozenset[str]:
    return frozenset(stem(token) for token in _counted_words(text, figure))


def _check_counted_things(text: str, evidence: Evidence, v) -> list[Violation]:
    """'blocked more than 125 million voice calls' where the source has 'more than 125 million
    devices, blocking over 92 million voice calls': both figures are the source's, but what each
    counts is the fact. Fails when every cited occurrence of the figure counts something else,
    and a cited sentence gives another figure for what the draft counts."""
    if not DIGIT.search(text):
        return []
    counts = [q for q in extract_facts(text).quantities if q.unit is None and q.value >= 100]
    if not counts:
        return []
    cited = [
        (clean(excerpt), facts) for excerpt, facts in zip(evidence.texts, evidence.facts[:-1], strict=False)
    ]
    for figure in counts:
        counted = _counted(text, figure)
        if not counted:
            continue
        same, other = [], []
        for excerpt, facts in cited:
            for known in facts.quantities:
                if known.unit is not None:
                    continue
                things = _counted(excerpt, known)
                (same if _same_figure(figure, known) else other).append(things)
        if (
            same
            and not any(not things or things & counted for things in same)
            and any(len(things & counted) >= min(2, len(counted)) for things in other)
        ):
            return [
                v(
                    "binding",
                    f"counts {' '.join(_counted_words(text, figure))} with {figure.text.strip()}, a figure "
                    "its cited sources give for something else",
                )
            ]
    return []
