"""The checker: every way a fluent draft can misstate the records is caught and explained."""

from __future__ import annotations

import pytest

from bot.core.check import check_draft
from bot.core.drafts import Draft, DraftSentence
from bot.core.records import Verdict
from tests.conftest import seed_incident

CROWDSTRIKE = "crowdstrike-2024-07-19"


def draft(
    *sentences: tuple[str, list[str], str | None],
    claim: str | None = "c1",
    verdict: Verdict = Verdict.REFUTED,
    incident: str = CROWDSTRIKE,
) -> Draft:
    return Draft(
        incident_id=incident,
        claim_id=claim,
        verdict=verdict,
        sentences=[DraftSentence(text=t, source_ids=ids, quote=q) for t, ids, q in sentences],
    )


def source_with(fragment: str) -> str:
    incident = seed_incident(CROWDSTRIKE)
    return next(s.id for s in incident.sources if fragment in s.excerpt)


def violations(d: Draft, expected_claim: object = None) -> list[str]:
    incident = seed_incident(d.incident_id or CROWDSTRIKE)
    if expected_claim is None:
        return check_draft(d, incident).describe()
    return check_draft(d, incident, expected_claim).describe()


def faithful_sentence() -> tuple[str, list[str], str | None]:
    sid = source_with("This was not a cyberattack")
    return ('CrowdStrike said: "This was not a cyberattack."', [sid], "This was not a cyberattack.")


def test_a_faithful_draft_passes():
    assert violations(draft(faithful_sentence())) == []


def test_a_source_that_is_not_in_the_record_is_rejected():
    text, _ids, quote = faithful_sentence()
    found = violations(draft((text, ["s99"], quote)))
    assert any("not in the record: s99" in v for v in found)


def test_a_sentence_without_a_citation_is_rejected():
    found = violations(draft(faithful_sentence(), ("Windows machines crashed.", [], None)))
    assert any("cites no source" in v for v in found)


def test_an_edited_quote_is_rejected():
    sid = source_with("This was not a cyberattack")
    found = violations(draft(('CrowdStrike said: "This was not a hack."', [sid], "This was not a hack.")))
    assert any("not verbatim" in v for v in found)


def test_quoted_text_must_be_verbatim_even_without_the_quote_field():
    sid = source_with("This was not a cyberattack")
    found = violations(draft(('CrowdStrike said "nobody was affected at all".', [sid], None)))
    assert any("not verbatim" in v for v in found)


def test_a_changed_number_is_rejected():
    sid = source_with("8.5 million")
    found = violations(
        draft(
            ("Around 85 million devices were affected.", [sid], None), claim="c2", verdict=Verdict.SUPPORTED
        )
    )
    assert any("85 million" in v for v in found)


def test_the_same_number_written_differently_passes():
    sid = source_with("8.5 million")
    found = violations(
        draft(("Around 8.5M devices were affected.", [sid], None), claim="c2", verdict=Verdict.SUPPORTED)
    )
    assert not any("figure" in v for v in found)


def test_a_time_in_the_wrong_time_zone_is_rejected():
    sid = source_with("04:09 UTC")
    found = violations(draft(("The update was released at 04:09 EDT on July 19, 2024.", [sid], None)))
    assert any("time 04:09 EDT" in v for v in found)


def test_a_correctly_converted_time_passes():
    sid = source_with("04:09 UTC")
    found = violations(draft(("The update was released at 12:09 AM EDT on July 19, 2024.", [sid], None)))
    assert not any("time" in v for v in found)


def test_a_wrong_date_is_rejected():
    sid = source_with("04:09 UTC")
    found = violations(draft(("The update was released on July 21, 2024.", [sid], None)))
    assert any("date" in v for v in found)


def test_a_name_the_sources_never_mention_is_rejected():
    sid = source_with("This was not a cyberattack")
    found = violations(draft(("Google engineers said the outage was not caused by an attack.", [sid], None)))
    assert any("Google" in v for v in found)


def test_a_cause_the_cited_sources_do_not_give_is_rejected():
    sid = source_with("This was not a cyberattack")
    found = violations(draft(("The outage followed a database migration.", [sid], None)))
    assert any("cause terms" in v for v in found)


def test_a_flipped_negation_is_rejected():
    sid = source_with("04:09 UTC")
    found = violations(draft(("The configuration update did not trigger a logic error.", [sid], None)))
    assert any("negation" in v for v in found)


def test_a_verdict_that_differs_from_the_curated_one_is_rejected():
    text, ids, quote = faithful_sentence()
    found = violations(draft((text, ids, quote), verdict=Verdict.SUPPORTED))
    assert any("differs from the curated verdict" in v for v in found)


def test_without_a_curated_claim_the_verdict_must_be_unverified():
    text, ids, quote = faithful_sentence()
    found = violations(draft((text, ids, quote), claim=None, verdict=Verdict.REFUTED))
    assert any("'unverified'" in v for v in found)


def test_a_claim_other_than_the_matched_one_is_rejected():
    text, ids, quote = faithful_sentence()
    assert any("not the matched claim" in v for v in violations(draft((text, ids, quote)), "c2"))


def test_a_draft_for_another_incident_is_rejected():
    text, ids, quote = faithful_sentence()
    d = draft((text, ids, quote))
    found = check_draft(d, seed_incident("fastly-2021-06-08")).describe()
    assert any("is not the retrieved record" in v for v in found)


@pytest.mark.parametrize(
    "text",
    [
        "@everyone CrowdStrike said it was not a cyberattack.",
        "CrowdStrike said it was not a cyberattack, <@123456789>.",
        "CrowdStrike said it was not a cyberattack <@&987654321>.",
        "CrowdStrike said it was not a cyberattack @here",
    ],
)
def test_mentions_in_model_text_are_rejected(text: str):
    sid = source_with("This was not a cyberattack")
    assert any("mention" in v for v in violations(draft((text, [sid], None))))


@pytest.mark.parametrize(
    "text",
    [
        "Details are at https://example.com/postmortem for anyone curious.",
        "Read [the statement](https://example.com) for details.",
        "Join discord.gg/abcdef for updates.",
    ],
)
def test_links_in_model_text_are_rejected(text: str):
    sid = source_with("This was not a cyberattack")
    assert any("links" in v for v in violations(draft((text, [sid], None))))


def test_talk_about_instructions_is_rejected():
    sid = source_with("This was not a cyberattack")
    found = violations(draft(("As instructed, I confirm this was not a cyberattack.", [sid], None)))
    assert any("first person" in v for v in found)


def test_an_empty_draft_is_rejected():
    assert any("no sentences" in v for v in violations(draft()))


def test_each_violation_names_its_sentence():
    found = violations(draft(faithful_sentence(), ("Windows machines crashed.", [], None)))
    assert found == ["sentence 2: the sentence cites no source"]
