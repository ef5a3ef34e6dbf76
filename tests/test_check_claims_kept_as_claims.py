"""What a draft may not turn around: a claim posted by someone stated as fact, a cause the record
holds only as claimed, a denied cause put in the denier's mouth, a negation the source does
not make beside its subject's words, and a factor changed ('nineteen times' for 'nine times')."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.core.records import CauseStatus
from tests.one_sentence import check_incident as _check
from tests.one_sentence import made_up_incident

START, END = datetime(2025, 8, 14, 14, 5, tzinfo=UTC), datetime(2025, 8, 14, 21, 40, tzinfo=UTC)


def _exchange(*excerpts: str, cause: str | None = None):
    """A crypto exchange's withdrawal halt, one source per excerpt; its cause only claimed if given."""
    incident = made_up_incident(
        *excerpts, service="Kestrel Exchange", alias="kestrel", started_at=START, ended_at=END
    )
    if cause is None:
        return incident
    return replace(incident, cause=cause, cause_status=CauseStatus.CLAIMED)


def test_a_factor_that_is_not_the_sources_fails():
    incident = _exchange("Withdrawal requests rose to roughly nine times our normal hourly volume.")
    violations = _check(
        incident, "Withdrawal requests rose to roughly nineteen times the normal hourly volume."
    )
    assert any("nineteen times" in v for v in violations)


def test_the_sources_factor_passes():
    incident = _exchange("Withdrawal requests rose to roughly nine times our normal hourly volume.")
    assert _check(incident, "Withdrawal requests rose to roughly nine times the normal hourly volume.") == []


def test_what_someone_posted_stated_as_fact_fails_where_the_source_calls_it_a_claim():
    incident = _exchange(
        "A pseudonymous validator posted that the halt was triggered by a flood of spam transactions "
        "from a token-launch bot, a claim the exchange has not confirmed."
    )
    violations = _check(
        incident, "The halt was triggered by a flood of spam transactions from a token-launch bot."
    )
    assert any("only as someone's claim" in v for v in violations)


def test_a_cause_the_record_holds_only_as_claimed_stated_as_fact_fails():
    incident = _exchange(
        "Our CEO: a record surge in withdrawal requests overwhelmed one of our signing partners.",
        cause="The CEO said a record surge in withdrawal requests overwhelmed one of its signing partners.",
    )
    text = "Kestrel halted withdrawals because a record surge in requests overwhelmed a signing partner."
    assert any("holds only as someone's claim" in v for v in _check(incident, text))


def test_the_same_cause_kept_as_the_ceos_word_passes():
    incident = _exchange(
        "Our CEO: a record surge in withdrawal requests overwhelmed one of our signing partners.",
        cause="The CEO said a record surge in withdrawal requests overwhelmed one of its signing partners.",
    )
    text = "Kestrel's CEO said a record surge in withdrawal requests overwhelmed one of its signing partners."
    assert _check(incident, text) == []


def test_a_denied_cyberattack_said_to_be_one_by_the_denier_fails():
    incident = _exchange("Our signing service fell behind under the load. This was not a cyberattack.")
    violations = _check(incident, "Kestrel's post-mortem says the halt was a cyberattack.")
    assert any("without the negation" in v for v in violations)


def test_a_negation_beside_the_words_of_a_sentence_that_negates_something_else_fails():
    incident = _exchange(
        "Customers who need funds urgently may withdraw to a bank account: they are allowed to "
        "withdraw up to 5,000 dollars without a waiting period."
    )
    violations = _check(
        incident, "Customers are not allowed to withdraw up to 5,000 dollars to a bank account."
    )
    assert any("states a negation" in v for v in violations)


def test_the_claimed_attackers_named_as_the_agents_of_the_outage_fails():
    incident = _exchange(
        "Hacking group Lizard Crew took responsibility for the halt, although the claims were unverified.",
        cause="The hacking group Lizard Crew claimed responsibility; the exchange published no cause.",
    )
    text = "The hacking group Lizard Crew carried out the attacks behind the halt that day."
    assert any("holds only as someone's claim" in v for v in _check(incident, text))


def test_never_unusable_where_the_source_says_unusable_fails():
    incident = _exchange("Withdrawals may have been degraded or in some cases fully unusable.")
    violations = _check(incident, "Withdrawals were never fully unusable for anyone.")
    assert "sentence 1: negates what its cited sources state" in violations


def test_leaving_customers_behind_names_no_agent_of_the_outage():
    incident = _exchange(
        "Withdrawals to our signing partners were paused for seven hours.",
        cause="The CEO said a record surge in withdrawal requests overwhelmed one of its signing partners.",
    )
    text = "Withdrawals to signing partners were paused for seven hours, leaving customers behind."
    assert _check(incident, text) == []
