"""Words the checker must read as the sources mean them: an acronym the source spells out, an
error code, a status page's 'Update -' label, a denial carried by 'nor', and how far an outage
or a remedy reached ('worldwide'). Each faithful case is paired with the unfaithful one the same
rule must still catch."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.records import Incident
from tests.one_sentence import check_incident as _check
from tests.one_sentence import made_up_incident


def _incident(*excerpts: str) -> Incident:
    """A resolved Contoso Cloud outage on 15 October 2024, one source per excerpt (s1, s2, ...)."""
    return made_up_incident(
        *excerpts,
        service="Contoso Cloud",
        alias="contoso",
        started_at=datetime(2024, 10, 15, 11, 10, tzinfo=UTC),
        ended_at=datetime(2024, 10, 15, 19, 40, tzinfo=UTC),
    )


CERTIFICATE = (
    "The TLS certificate for our edge hostname expired at 11:10 UTC. Every Contoso app uses it to fetch "
    "video from our content delivery network, so playback failed with ERR_EDGE_CERT_EXPIRED."
)


def test_an_acronym_the_source_spells_out_is_its_name():
    assert _check(_incident(CERTIFICATE), "The certificate used to fetch video from the CDN expired.") == []


def test_an_acronym_the_source_does_not_spell_out_is_still_checked():
    assert _check(_incident(CERTIFICATE), "The certificate used by the API gateway expired.") != []


def test_an_error_code_as_the_source_writes_it_is_found():
    assert _check(_incident(CERTIFICATE), "Playback failed with ERR_EDGE_CERT_EXPIRED.") == []


def test_an_error_code_the_source_does_not_give_is_not():
    assert _check(_incident(CERTIFICATE), "Playback failed with ERR_EDGE_CERT_REVOKED.") != []


REMEDY = (
    "Contoso said it would credit all customers in the US and Canada with three days of service. "
    "Customers elsewhere were not included in the offer."
)


def test_worldwide_where_the_source_names_two_countries_fails():
    violations = _check(
        _incident(REMEDY), "Contoso said it would credit all customers worldwide with three days."
    )
    assert any("worldwide" in v for v in violations)


def test_a_reach_denied_is_no_claim_of_it():
    text = "The credit of three days of service was not worldwide: it went to customers in the US and Canada."
    assert not any("worldwide" in v for v in _check(_incident(REMEDY), text))


def test_worldwide_where_the_source_says_global_passes():
    source = "Customers around the world were unable to sign in to Contoso Cloud for eight hours."
    assert _check(_incident(source), "Customers worldwide were unable to sign in for eight hours.") == []


STATUS_POST = (
    "Update - 9:40 PM EST: We are seeing recovery in North America. Viewers in Europe may continue to "
    "see errors while we restore ingest servers in that region."
)


def test_a_status_pages_update_label_is_no_update_given_as_the_cause():
    violations = _check(
        _incident(STATUS_POST), "Engineers traced the outage to a failed update of the ingest servers."
    )
    assert any("cause terms" in v for v in violations)


def test_a_status_post_read_as_it_is_passes():
    assert _check(_incident(STATUS_POST), "Contoso was restoring ingest servers in Europe.") == []


FLAGS = (
    "The issue with this change was that it did not have appropriate error handling nor was it "
    "feature flag protected."
)


def test_what_nor_denies_restated_as_fact_fails():
    violations = _check(
        _incident(FLAGS), "The change came with a kill switch and was feature flag protected."
    )
    assert any("negat" in v for v in violations)


def test_what_nor_denies_kept_denied_passes():
    assert _check(_incident(FLAGS), "The change was not feature flag protected.") == []


MIGRATION = (
    "At 11:10 UTC a schema migration on our library database took an exclusive lock on the "
    "playlist_items table, which held it for 2 hours and 43 minutes."
)


def test_a_storage_failure_the_source_does_not_give_as_the_cause_fails():
    text = "A failed storage node corrupted the playlist_items table at 11:10 UTC."
    assert any("cause terms" in v for v in _check(_incident(MIGRATION), text))


def test_the_sources_own_cause_passes():
    text = "A schema migration locked the playlist_items table at 11:10 UTC for 2 hours and 43 minutes."
    assert _check(_incident(MIGRATION), text) == []
