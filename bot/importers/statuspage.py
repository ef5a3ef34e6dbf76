"""Import incidents from an Atlassian Statuspage v2 ``incidents.json`` as *pending* records.

A status page is the operator's own account of an outage, so it is a good first draft of a
knowledge-base record, but it is not a curated one: every imported incident is stored with
``state=ReviewState.PENDING`` and is not used for answers until a moderator approves it.

Three steps, kept separate so each can be tested and wired on its own:

- ``fetch_statuspage`` reads the raw bytes from a local file or an http(s) URL, with a time
  limit and a size limit;
- ``parse_statuspage`` turns those bytes into validated ``Incident`` values (pure, no I/O);
- ``merge_import`` decides, per record, whether a re-import may replace what is stored.

The record built for each Statuspage incident uses only the incident's own fields:

- ``id``: ``statuspage-<page slug>-<statuspage id, lowercased>``;
- ``service``: ``page.name``, else the ``page_name`` argument, else the incident's first component;
- ``aliases``: the lowercased page name, then the component names; ``affected_services``: the
  component names;
- ``title``: the incident name; ``started_at``/``ended_at``: ``created_at``/``resolved_at`` in UTC;
- ``status``: ``resolved``, ``postmortem`` and ``completed`` (terminal Statuspage states, which
  carry a ``resolved_at``) → resolved; ``monitoring`` → monitoring; anything else → ongoing;
- ``cause`` is left empty (``cause_status`` unknown): a status page rarely states a confirmed
  cause in a field, and a moderator sets it when approving;
- ``summary``: one factual sentence built from the name, impact and page;
- ``sources``: one per incident update, oldest first (``s1``…``sN``), whose excerpt is the
  update's text with HTML removed; an incident with no usable update gets one source whose
  excerpt is the incident name. The source URL is the incident's ``shortlink`` when it is http(s).

The Statuspage incident id, impact and page URL are kept under the record's ``statuspage``
extra field, so an export shows where a record came from.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import json
import re
import socket
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pydantic import ValidationError

from bot.core.kb_format import MAX_TEXT, IncidentModel, incident_from_model, incident_to_json, valid_http_url
from bot.core.records import CauseStatus, Incident, IncidentStatus, ReviewState, Source

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT_S",
    "StatuspageError",
    "fetch_statuspage",
    "import_statuspage",
    "merge_import",
    "parse_statuspage",
]

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_BYTES = 5_000_000
_READ_CHUNK = 64 * 1024
_USER_AGENT = "factbot-statuspage-import/0.1"


class StatuspageError(Exception):
    """A status page that cannot be fetched or imported; the message says what is wrong and where.

    ``problems`` lists every problem found (parsing reports all bad incidents in one pass).
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems: list[str] = list(problems) if problems else [message]


# --- fetching -------------------------------------------------------------------------------


async def fetch_statuspage(
    url_or_path: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, max_bytes: int = DEFAULT_MAX_BYTES
) -> bytes:
    """Read a Statuspage ``incidents.json`` from a local file or an http(s) URL.

    Never reads more than ``max_bytes + 1`` bytes, and an URL fetch (connect, headers and body
    together) is abandoned after ``timeout_s`` seconds. Every failure is a ``StatuspageError``
    with a message fit to show a moderator.
    """
    if timeout_s <= 0:
        raise ValueError("timeout_s must be positive")
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    target = url_or_path.strip()
    if not target:
        raise StatuspageError("no status page given: pass an http(s) URL or a file path")
    scheme = urlparse(target).scheme.lower()
    if scheme in ("http", "https"):
        if not valid_http_url(target):
            raise StatuspageError(f"not a valid http(s) URL: {target}")
        return await _fetch_url(target, timeout_s, max_bytes)
    # One-letter "schemes" are Windows drive letters; an existing file wins over a look-alike URL.
    if len(scheme) > 1 and not Path(target).exists():
        raise StatuspageError(
            f"only http and https URLs or local files can be imported, not a {scheme}: URL ({target})"
        )
    return await asyncio.to_thread(_read_file, Path(target), max_bytes)


async def import_statuspage(
    url_or_path: str,
    *,
    page_name: str | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Incident]:
    """``fetch_statuspage`` then ``parse_statuspage``: pending incidents, ready for ``merge_import``."""
    raw = await fetch_statuspage(url_or_path, timeout_s=timeout_s, max_bytes=max_bytes)
    return parse_statuspage(raw, page_name=page_name)


def _too_large(where: str, max_bytes: int) -> StatuspageError:
    return StatuspageError(f"{where} is larger than {max_bytes} bytes; refusing to import it")


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as error:
        raise StatuspageError(f"no such file: {path}") from error
    except IsADirectoryError as error:
        raise StatuspageError(f"{path} is a directory, not an incidents.json file") from error
    except OSError as error:
        raise StatuspageError(f"cannot read {path}: {error.strerror or error}") from error
    if len(data) > max_bytes:
        raise _too_large(str(path), max_bytes)
    return data


async def _fetch_url(url: str, timeout_s: float, max_bytes: int) -> bytes:
    try:
        import aiohttp  # a dev/optional dependency: only needed when fetching over HTTP
    except ImportError as error:
        raise StatuspageError(
            "fetching a status page over HTTP needs aiohttp (pip install aiohttp); "
            "or download incidents.json and import the file"
        ) from error

    headers = {"Accept": "application/json", "User-Agent": _USER_AGENT}
    try:
        async with asyncio.timeout(timeout_s):
            async with (
                aiohttp.ClientSession(
                    timeout=aiohttp.ClientTimeout(total=timeout_s), headers=headers
                ) as session,
                session.get(url) as response,
            ):
                if not 200 <= response.status < 300:
                    reason = f" ({response.reason})" if response.reason else ""
                    raise StatuspageError(f"HTTP {response.status} from {url}{reason}")
                if response.content_length is not None and response.content_length > max_bytes:
                    raise _too_large(f"the response from {url}", max_bytes)
                body = bytearray()
                while True:
                    chunk = await response.content.read(min(_READ_CHUNK, max_bytes + 1 - len(body)))
                    if not chunk:
                        return bytes(body)
                    body += chunk
                    if len(body) > max_bytes:
                        raise _too_large(f"the response from {url}", max_bytes)
    except StatuspageError:
        raise
    except TimeoutError as error:  # asyncio.timeout, and aiohttp's own timeouts subclass it
        raise StatuspageError(f"{url} timed out after {timeout_s:g} s") from error
    except aiohttp.ClientConnectorError as error:
        cause = error.os_error
        if isinstance(cause, ConnectionRefusedError):
            reason = "connection refused"
        elif isinstance(cause, socket.gaierror):
            reason = "the host name could not be resolved"
        else:
            reason = cause.strerror or str(cause) or type(cause).__name__
        where = f"{error.host}:{error.port}"
        raise StatuspageError(f"could not connect to {where} for {url}: {reason}") from error
    except aiohttp.TooManyRedirects as error:
        raise StatuspageError(f"too many redirects from {url}") from error
    except aiohttp.InvalidURL as error:
        raise StatuspageError(f"not a valid http(s) URL: {url}") from error
    except aiohttp.ClientError as error:
        raise StatuspageError(f"could not fetch {url}: {error or type(error).__name__}") from error


# --- parsing --------------------------------------------------------------------------------


class _Problem(Exception):
    """One bad incident; collected so a single run reports all of them."""


_STATUS = {
    "resolved": IncidentStatus.RESOLVED,
    "postmortem": IncidentStatus.RESOLVED,
    "completed": IncidentStatus.RESOLVED,
    "monitoring": IncidentStatus.MONITORING,
}

_BLOCK_TAGS = (
    "address|article|aside|blockquote|br|caption|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header"
    "|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)
_INLINE_TAGS = (
    "a|abbr|b|bdi|bdo|cite|code|del|dfn|em|font|i|img|ins|kbd|mark|q|s|samp|small|span|strike"
    "|strong|sub|sup|time|tt|u|var|wbr"
)
_DROPPED = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^<>]*>", re.IGNORECASE)
_INLINE = re.compile(rf"</?(?:{_INLINE_TAGS})\b[^<>]*>", re.IGNORECASE)


def strip_html(text: str) -> str:
    """Update text without markup: known HTML tags removed, entities decoded, whitespace collapsed.

    Only real HTML tag names are removed, so plain-text updates such as ``latency < 5 ms`` or
    ``a<b`` keep their characters; everything else is kept verbatim.
    """
    text = _DROPPED.sub(" ", text)
    text = _BLOCK.sub(" ", text)
    text = _INLINE.sub("", text)
    return " ".join(html.unescape(text).split())


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _clip_slug(slug: str, limit: int) -> str:
    return slug[:limit].strip("-")


def _clip_text(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a space so the excerpt stays a verbatim substring."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def _label(index: int, statuspage_id: object) -> str:
    if isinstance(statuspage_id, str) and statuspage_id.strip():
        return f"incident #{index} (id {statuspage_id.strip()!r})"
    return f"incident #{index}"


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _required_text(item: dict[str, Any], key: str, label: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        found = "missing" if value is None else f"not a non-empty string ({json.dumps(value)[:60]})"
        raise _Problem(f"{label}: field {key!r} is {found}")
    return value.strip()


def _timestamp(value: object, label: str, key: str) -> datetime:
    if not isinstance(value, str):
        found = "missing" if value is None else f"not a string ({json.dumps(value)[:60]})"
        raise _Problem(f"{label}: field {key!r} is {found}")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise _Problem(f"{label}: field {key!r} is not an ISO 8601 date-time: {value!r}") from error
    if parsed.tzinfo is None:
        raise _Problem(f"{label}: field {key!r} has no UTC offset: {value!r}")
    return parsed.astimezone(UTC)


def _list_of_objects(item: dict[str, Any], key: str, label: str) -> list[dict[str, Any]]:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Problem(f"{label}: field {key!r} must be a list")
    for position, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise _Problem(f"{label}: {key}[{position}] must be an object")
    return value


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def _load(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except UnicodeDecodeError as error:
        raise StatuspageError(f"the status page is not UTF-8 JSON: {error.reason}") from error
    except json.JSONDecodeError as error:
        raise StatuspageError(
            f"the status page is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from error


def parse_statuspage(raw: bytes, *, page_name: str | None = None) -> list[Incident]:
    """Every incident of a Statuspage v2 ``incidents.json`` (every impact, ``none`` included),
    as validated ``Incident`` values with ``state=PENDING`` and no claims.

    Raises ``StatuspageError`` for bytes that are not JSON, for the wrong shape, and for any
    incident that cannot become a valid record; the message names every bad incident by its
    position and Statuspage id (``problems`` lists them one by one). Nothing is returned unless
    every incident is valid.
    """
    data = _load(raw)
    if not isinstance(data, dict):
        raise StatuspageError(
            'expected a JSON object with an "incidents" list (a Statuspage v2 incidents.json), '
            f"got a JSON {type(data).__name__}"
        )
    incidents = data.get("incidents")
    if not isinstance(incidents, list):
        found = "missing" if incidents is None else f"a {type(incidents).__name__}, not a list"
        raise StatuspageError(f'the "incidents" field is {found}; is this a Statuspage v2 incidents.json?')
    page = data.get("page")
    if page is None:
        page = {}
    if not isinstance(page, dict):
        raise StatuspageError('the "page" field must be an object with the page "name" and "url"')
    page_title = _text(page.get("name")) or _text(page_name)
    page_url = page.get("url") if isinstance(page.get("url"), str) and valid_http_url(page["url"]) else None

    problems: list[str] = []
    parsed: list[Incident] = []
    first_seen: dict[str, int] = {}
    for index, item in enumerate(incidents):
        label = _label(index, item.get("id") if isinstance(item, dict) else None)
        try:
            if not isinstance(item, dict):
                raise _Problem(f"{label}: must be an object, got a JSON {type(item).__name__}")
            incident = _validated(_incident(item, label, page_title, page_url), label)
        except _Problem as problem:
            problems.append(str(problem))
            continue
        if incident.id in first_seen:
            first = first_seen[incident.id]
            problems.append(f"{label}: duplicate of incident #{first} (record {incident.id!r})")
            continue
        first_seen[incident.id] = index
        parsed.append(incident)
    if problems:
        raise StatuspageError("the status page cannot be imported: " + "; ".join(problems), problems)
    return parsed


def _incident(item: dict[str, Any], label: str, page_title: str | None, page_url: str | None) -> Incident:
    statuspage_id = _required_text(item, "id", label)
    name = _required_text(item, "name", label)
    started_at = _timestamp(item.get("created_at"), label, "created_at")
    resolved = item.get("resolved_at")
    ended_at = None if resolved is None else _timestamp(resolved, label, "resolved_at")
    raw_status = (_text(item.get("status")) or "").lower()
    impact = _text(item.get("impact"))

    components = _unique(
        [n for c in _list_of_objects(item, "components", label) if (n := _text(c.get("name")))]
    )
    service = page_title or (components[0] if components else None)
    if service is None:
        raise _Problem(
            f"{label}: no service name: the file has no page.name, no page_name was given "
            "and the incident lists no components"
        )

    page_slug = _clip_slug(_slug(service), 50) or _clip_slug(_slug(urlparse(page_url or "").netloc), 50)
    id_slug = _clip_slug(_slug(statuspage_id), 60)
    if not id_slug:
        raise _Problem(f"{label}: field 'id' has no letters or digits to build a record id from")
    record_id = f"statuspage-{page_slug or 'page'}-{id_slug}"

    shortlink = item.get("shortlink")
    url = shortlink.strip() if isinstance(shortlink, str) and valid_http_url(shortlink.strip()) else None

    updates = []
    for position, update in enumerate(_list_of_objects(item, "incident_updates", label)):
        where = f"{label}, update #{position}"
        when = _timestamp(update.get("created_at"), where, "created_at")
        body = update.get("body")
        if body is not None and not isinstance(body, str):
            raise _Problem(f"{where}: field 'body' must be a string")
        excerpt = _clip_text(strip_html(body or ""), MAX_TEXT)
        if excerpt:
            updates.append((when, (_text(update.get("status")) or "").lower(), excerpt))
    updates.sort(key=lambda u: u[0])  # Statuspage lists updates newest first

    if updates:
        sources = tuple(
            Source(
                id=f"s{n}",
                title=f"{service} status update ({status})" if status else f"{service} status update",
                publisher=service,
                url=url,
                published_at=when.date().isoformat(),
                excerpt=excerpt,
            )
            for n, (when, status, excerpt) in enumerate(updates, start=1)
        )
    else:
        sources = (
            Source(
                id="s1",
                title=f"{service} status page incident",
                publisher=service,
                url=url,
                published_at=started_at.date().isoformat(),
                excerpt=name,
            ),
        )

    impact_text = f" (impact: {impact})" if impact else ""
    summary = f"{name.rstrip('.')}{impact_text}, reported on the {service} status page."
    origin = {"incident_id": statuspage_id, "impact": impact, "page_url": page_url}
    extra: dict[str, object] = {"statuspage": origin}
    return Incident(
        id=record_id,
        service=service,
        aliases=tuple(_unique([*([page_title.lower()] if page_title else []), *components])),
        affected_services=tuple(components),
        title=name,
        started_at=started_at,
        ended_at=ended_at,
        status=_STATUS.get(raw_status, IncidentStatus.ONGOING),
        cause=None,
        cause_status=CauseStatus.UNKNOWN,
        summary=summary,
        sources=sources,
        claims=(),
        state=ReviewState.PENDING,
        extra=extra,
    )


def _validated(incident: Incident, label: str) -> Incident:
    """The knowledge-base contract, exactly as a file import would apply it."""
    try:
        model = IncidentModel.model_validate(incident_to_json(incident))
    except ValidationError as error:
        details = "; ".join(
            f"field {'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}" for e in error.errors()
        )
        raise _Problem(f"{label} (record {incident.id!r}) is not a valid record: {details}") from error
    return dataclasses.replace(incident_from_model(model), state=ReviewState.PENDING)


# --- re-import ------------------------------------------------------------------------------


def merge_import(existing: Incident | None, imported: Incident) -> Incident | None:
    """The re-import rule: the record to save for ``imported``, or ``None`` to leave the store alone.

    - No stored record: save ``imported``, as PENDING.
    - Stored record still PENDING (no moderator has acted on it): save ``imported`` in its place,
      as PENDING and with the stored ``version``, so the status page's latest account replaces the
      earlier draft; ``None`` if nothing would change.
    - Stored record APPROVED or ARCHIVED: ``None``. A moderator has acted on it, and an import
      never overwrites a moderator's work; new status-page updates must be added by hand.

    "Acted on by a moderator" is judged by ``state`` alone here: a moderator edit that leaves a
    record pending is not detected (the caller may check the audit log before calling this).
    """
    candidate = dataclasses.replace(imported, state=ReviewState.PENDING)
    if existing is None:
        return candidate
    if existing.id != imported.id:
        raise ValueError(f"cannot merge {imported.id!r} into a different record {existing.id!r}")
    if existing.state is not ReviewState.PENDING:
        return None
    candidate = dataclasses.replace(candidate, version=existing.version)
    if candidate == existing and candidate.extra == existing.extra:
        return None
    return candidate
