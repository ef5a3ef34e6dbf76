"""Curated verdicts as schema.org ``ClaimReview`` JSON-LD (Google's fact-check markup).

One ``ClaimReview`` per curated claim of every APPROVED incident; pending and archived records
are never published.

What Google asks for, as looked up when this module was written:

- Google Search Central, "Fact check (ClaimReview) structured data"
  (https://developers.google.com/search/docs/appearance/structured-data/factcheck; its required and
  recommended lists as mirrored by https://www.schemastats.com/en/terms/ClaimReview/):
  ClaimReview *requires* ``claimReviewed``, ``reviewRating`` and ``url``, and *recommends*
  ``author`` and ``itemReviewed``. ``reviewRating`` holds a numeric and a textual assessment, the
  textual one (``alternateName``) being the only value shown, and a numeric scheme must be
  documented: ours is 5 supported, 3 misleading, 2 unverified, 1 refuted (``RATING_VALUES``).
  ``url`` must be on the same domain as the page hosting the markup.
- Fact Check Tools API, ``ClaimReviewMarkup``
  (https://developers.google.com/fact-check/tools/api/reference/rest/v1alpha1/pages): ``url``
  defaults to the page URL and the only permitted override is that URL plus an anchor, hence
  ``site_url#<incident>-<claim>``; ``claimDate`` is ``itemReviewed.datePublished`` and
  ``claimAppearances`` are ``itemReviewed[@type=Claim].appearance.url``.
- The same Google page now warns that ClaimReview rich results are being phased out of Search,
  while the Fact Check Explorer keeps reading the markup, so it is still worth publishing.
- Types and property names: https://schema.org/ClaimReview, https://schema.org/Claim.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

from bot.core.kb_format import valid_http_url
from bot.core.records import Incident, ReviewState, Verdict

__all__ = ["RATING_VALUES", "claimreview_documents", "write_claimreview"]

# The documented number-to-text scheme (Google asks for one whenever ratings are numeric).
RATING_VALUES: dict[Verdict, int] = {
    Verdict.SUPPORTED: 5,
    Verdict.MISLEADING: 3,
    Verdict.UNVERIFIED: 2,
    Verdict.REFUTED: 1,
}
BEST_RATING = 5
WORST_RATING = 1


def _claim_urls(incident: Incident, source_ids: tuple[str, ...]) -> list[str]:
    """The http(s) URLs of the cited sources, in citation order, each once."""
    urls: list[str] = []
    for source_id in source_ids:
        source = incident.source(source_id)
        if source is not None and source.url and valid_http_url(source.url) and source.url not in urls:
            urls.append(source.url)
    return urls


def claimreview_documents(
    incidents: list[Incident],
    *,
    organisation: str,
    site_url: str | None = None,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """One ClaimReview JSON-LD object per claim of each APPROVED incident, in input order.

    ``url`` is ``site_url#<incident id>-<claim id>`` when ``site_url`` is given (what Google
    requires: a page on the publisher's own site). Without it, ``url`` falls back to the first
    http(s) URL among the claim's cited sources, and is left out when none has one.
    ``datePublished`` is ``now``'s UTC date (today by default).
    """
    if not organisation.strip():
        raise ValueError("organisation must name the fact-checking organisation")
    base: str | None = None
    if site_url is not None:
        if not valid_http_url(site_url):
            raise ValueError(f"site_url must be an http or https URL, not {site_url!r}")
        base = urldefrag(site_url).url
    moment = now or datetime.now(UTC)
    published = (moment.astimezone(UTC) if moment.tzinfo else moment).date().isoformat()

    documents: list[dict[str, Any]] = []
    for incident in incidents:
        if incident.state is not ReviewState.APPROVED:
            continue
        for claim in incident.claims:
            urls = _claim_urls(incident, claim.source_ids)
            item: dict[str, Any] = {
                "@type": "Claim",
                "datePublished": incident.started_at.astimezone(UTC).date().isoformat(),
            }
            if urls:
                item["appearance"] = [{"@type": "CreativeWork", "url": u} for u in urls]
            document: dict[str, Any] = {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
            }
            if base is not None:
                document["url"] = f"{base}#{incident.id}-{claim.id}"
            elif urls:
                document["url"] = urls[0]
            document.update(
                {
                    "claimReviewed": claim.text,
                    "datePublished": published,
                    "author": {"@type": "Organization", "name": organisation.strip()},
                    "reviewRating": {
                        "@type": "Rating",
                        "ratingValue": RATING_VALUES[claim.verdict],
                        "bestRating": BEST_RATING,
                        "worstRating": WORST_RATING,
                        "alternateName": claim.verdict.value,
                    },
                    "itemReviewed": item,
                }
            )
            documents.append(document)
    return documents


def write_claimreview(path: str | os.PathLike[str], docs: list[dict[str, Any]]) -> Path:
    """Write ``docs`` as one indented UTF-8 JSON array; the file is replaced atomically."""
    target = Path(path)
    text = json.dumps(docs, ensure_ascii=False, indent=2) + "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
