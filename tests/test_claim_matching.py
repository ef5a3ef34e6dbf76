"""Which curated claim a message is about: paraphrased figures, bounds and other languages.

Each test gives one incident a few claims and asserts which of them a message lands on,
as the reply's verdict would then show it.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.detect import screen_text
from bot.core.records import Claim, Verdict
from bot.core.retrieve import match_claim
from tests.conftest import seed_incident

INCIDENT = seed_incident("cloudflare-2022-06-21")


def claims(*texts: str) -> tuple[Claim, ...]:
    return tuple(Claim(f"c{i}", text, Verdict.SUPPORTED, "", ()) for i, text in enumerate(texts, 1))


def matched(text: str, *claim_texts: str) -> str | None:
    """The claim a message lands on, read as the pipeline reads it (screened, translated)."""
    claim, _score = match_claim(screen_text(text), replace(INCIDENT, claims=claims(*claim_texts)))
    return claim.id if claim else None


def test_a_data_rate_in_other_units_is_the_same_figure():
    assert (
        matched(
            "the attack on cloudflare topped out around 1350 gigabits per second",
            "Cloudflare was knocked offline by a DDoS attack.",
            "The DDoS attack on Cloudflare peaked at 1.35 Tbps.",
        )
        == "c2"
    )


def test_a_couple_of_hours_is_two_hours():
    assert (
        matched(
            "cloudflare was down a couple hours",
            "Cloudflare was down for about two hours.",
            "Cloudflare was down for about ten hours.",
        )
        == "c1"
    )


def test_a_message_that_gives_no_duration_is_not_a_claim_about_how_long():
    assert (
        matched(
            "cloudflare got hit by a ddos",
            "Cloudflare was knocked offline by a DDoS attack.",
            "Cloudflare was down for hours during the DDoS attack.",
        )
        == "c1"
    )


def test_for_hours_in_german_is_a_duration():
    assert (
        matched(
            "Cloudflare stand wegen eines DDoS stundenlang still",
            "Cloudflare was knocked offline by a DDoS attack.",
            "Cloudflare was down for hours during the DDoS attack.",
        )
        == "c2"
    )


def test_a_ceiling_below_a_claims_figure_does_not_land_on_it():
    claim = "Cloudflare was down for more than an hour."
    assert matched("cloudflare was out for 10 minutes tops", claim) is None


def test_a_whole_month_is_a_duration():
    assert (
        matched(
            "cloudflare was offline for a whole month after the hack",
            "The Cloudflare outage was caused by a cyberattack.",
            "Cloudflare was shut down for about a month.",
        )
        == "c2"
    )


def test_mil_is_million():
    assert (
        matched(
            "cloudflare paid like 4.4 mil to the hackers",
            "The Cloudflare outage was caused by a ransomware attack.",
            "Cloudflare paid the hackers a ransom of about $4.4 million.",
        )
        == "c2"
    )


def test_on_purpose_is_a_claim_of_arson():
    assert (
        matched(
            "someone set the cloudflare datacenter on fire on purpose",
            "A fire destroyed a Cloudflare data centre.",
            "The Cloudflare data centre fire was arson.",
        )
        == "c2"
    )


def test_amazon_is_aws_when_blame_is_given():
    assert (
        matched(
            "the cloudflare outage was 100% amazon's fault",
            "The Cloudflare outage started with network problems at AWS.",
            "The Cloudflare outage was entirely AWS's fault.",
        )
        == "c2"
    )


def test_back_to_normal_is_a_claim_about_recovery():
    assert (
        matched(
            "cloudflare had everything running normally again by that night",
            "The Cloudflare outage was a cyberattack.",
            "Cloudflare had its network back to normal by the same evening.",
        )
        == "c2"
    )


def test_a_boss_who_quit_is_a_chief_executive_who_stepped_down():
    assert (
        matched(
            "the cloudflare boss quit over that meltdown",
            "Cloudflare's April outage was fixed within the weekend.",
            "Cloudflare's chief executive stepped down after the outage.",
        )
        == "c2"
    )


def test_a_state_behind_an_outage_is_a_claim_that_it_was_an_attack():
    assert (
        matched(
            "pretty sure russia was behind the cloudflare apocalypse",
            "The Cloudflare outage was a cyberattack.",
            "The faulty Cloudflare update affected about 8.5 million devices.",
        )
        == "c1"
    )


def test_attacking_is_an_attack():
    assert (
        matched(
            "so some country was attacking cloudflare that day?",
            "The Cloudflare outage was a cyberattack carried out by a country.",
            "Cloudflare was down for the whole day.",
        )
        == "c1"
    )


def test_a_data_rate_without_per_second_is_the_same_figure():
    assert (
        matched(
            "cloudflare got hit with 1.2 terabits",
            "Cloudflare was knocked offline by a DDoS attack.",
            "The DDoS attack on Cloudflare peaked at 1.2 Tbps.",
        )
        == "c2"
    )


def test_a_plural_and_its_singular_meet_whatever_their_ending():
    assert (
        matched(
            "cloudflare launch night my queue number was over 40000",
            "The Cloudflare launch problems were caused by a DDoS attack.",
            "Cloudflare users were stuck in login queues of more than 40,000 on launch day.",
        )
        == "c2"
    )


def test_lost_data_in_spanish_is_lost_user_data():
    assert (
        matched(
            "Cloudflare perdió datos de usuarios en la caída",
            "Cloudflare lost user data in its outage.",
            "Cloudflare was completely offline for a whole day.",
        )
        == "c1"
    )


def test_elon_is_musk_and_screwing_up_is_a_mistake():
    assert (
        matched(
            "even elon admitted cloudflare screwed up on its own end",
            "Musk said the Cloudflare outage was a DDoS attack.",
            "Musk later admitted that Cloudflare also made unforced errors.",
        )
        == "c2"
    )


def test_shorthand_is_the_word_it_stands_for():
    assert (
        matched(
            "some cloudflare engineer ran rm -rf on the primary db thinking it was the replica",
            "Cloudflare lost its users' code repositories.",
            "A Cloudflare engineer wiped the production database on the primary server.",
        )
        == "c2"
    )
    assert (
        matched(
            "cloudflare went down 2x that day",
            "Cloudflare went down twice that day.",
            "The Cloudflare outage was a cyberattack.",
        )
        == "c1"
    )


def test_attackers_are_an_attack():
    assert (
        matched(
            "that cloudflare mess was a breach, attackers got into their network",
            "Cloudflare was hacked, which caused the outage.",
            "All of Cloudflare went down worldwide.",
        )
        == "c1"
    )


def test_a_figure_with_dots_between_thousands_is_the_same_figure():
    assert (
        matched(
            "El fallo de Cloudflare afectó a unos 75.000 pasajeros",
            "The Cloudflare outage affected about 75,000 passengers.",
            "The Cloudflare outage was a cyberattack.",
        )
        == "c1"
    )


def test_a_tiny_blip_is_a_brief_glitch():
    assert (
        matched(
            "the cloudflare outage was a tiny blip on saturday morning, media blew it up",
            "The Cloudflare outage was caused by a cyber attack.",
            "The Cloudflare outage was just a brief glitch on Saturday morning.",
        )
        == "c2"
    )


def test_chats_are_messages_and_a_site_a_website():
    assert (
        matched(
            "every cloudflare site on the planet went offline",
            "The Cloudflare outage took every Cloudflare-protected website offline.",
            "The Cloudflare outage leaked users' messages.",
        )
        == "c1"
    )
    assert (
        matched(
            "cloudflare got hacked and people's chats leaked",
            "China was behind the DDoS attack on Cloudflare.",
            "The Cloudflare outage leaked users' messages.",
        )
        == "c2"
    )


def test_a_compound_spelled_number_is_its_figure():
    assert (
        matched(
            "something like eighty-five per cent of cloudflare's servers were spitting errors",
            "About 85% of Cloudflare's network returned errors.",
            "The Cloudflare outage was a cyberattack.",
        )
        == "c1"
    )


def matched_on(incident_id: str, text: str, *claim_texts: str) -> str | None:
    """`matched`, on another seed incident (its own names count for little)."""
    incident = replace(seed_incident(incident_id), claims=claims(*claim_texts))
    claim, _score = match_claim(screen_text(text), incident)
    return claim.id if claim else None


def test_us_only_is_the_claim_about_the_united_states():
    assert (
        matched(
            "the cloudflare outage was a US-only thing, europe was totally fine",
            "Cloudflare's outage was caused by a BGP change.",
            "The Cloudflare outage only knocked out websites for users in the United States.",
        )
        == "c2"
    )


def test_the_number_in_a_product_name_is_no_figure():
    assert (
        matched_on(
            "microsoft-365-2023-01-25",
            "when outlook died teams and onedrive were down too, the whole m365 suite",
            "The outage was caused by a cyberattack.",
            "The outage took down all of Microsoft 365, not just Outlook.",
        )
        == "c2"
    )


def test_down_for_literally_everyone_is_the_claim_that_everyone_was_cut_off():
    assert (
        matched(
            "cloudflare was down for literally everyone, 100% dead",
            "Cloudflare was only down for about ten minutes.",
            "Cloudflare was completely down for every user.",
        )
        == "c2"
    )


def test_who_killed_a_service_is_who_took_it_down():
    assert (
        matched(
            "lizard crew is who killed cloudflare that day",
            "Lizard Crew took down Cloudflare.",
            "Cloudflare gave every customer a month of credit.",
        )
        == "c1"
    )


def test_an_italian_duration_is_read_as_english():
    assert (
        matched(
            "Cloudflare è stato giù per circa due ore e mezza",
            "Cloudflare was down for roughly two and a half hours.",
            "Cloudflare was down for about ten hours.",
        )
        == "c1"
    )


def test_spanish_words_of_a_claim_are_read_as_english():
    assert (
        matched(
            "Cloudflare dijo que fue atacada con tráfico artificial en la Navidad",
            "Cloudflare said it was attacked with artificial traffic designed to disrupt it.",
            "Cloudflare gave every customer a month of credit.",
        )
        == "c1"
    )


def test_polish_and_turkish_months_and_durations_are_read_as_english():
    assert (
        screen_text("Awaria Cloudflare w lutym trwała trzy dni")
        == "outage cloudflare w february lasted three days"
    )
    assert screen_text("cloudflare ocak ayında çöktü").startswith("cloudflare january")


def test_ringing_a_number_is_calling_it():
    assert (
        matched(
            "nobody on cloudflare could ring 000 that day",
            "Cloudflare customers could not call triple zero (000) at all.",
            "Cloudflare was down for about ten hours.",
        )
        == "c1"
    )


def test_a_place_in_the_service_s_name_is_no_claim_about_a_place():
    # 'British' names the airline: it must not pull the message towards a claim about Britain.
    incident = replace(seed_incident("cloudflare-2022-06-21"), aliases=("cloudflare", "british airways"))
    claim, _score = match_claim(
        screen_text("o apagão da british airways foi culpa de um engenheiro que desligou a energia"),
        replace(
            incident,
            claims=claims(
                "British Airways was back to normal the next day.",
                "An engineer switching the power off and on caused the British Airways meltdown.",
            ),
        ),
    )
    assert claim is not None and claim.id == "c2"


def test_sabotage_is_a_deliberate_act():
    assert (
        matched(
            "the cloudflare cut last november was sabotage, full stop",
            "Cloudflare's cables were deliberately cut in an act of sabotage.",
            "Cloudflare's cables were repaired by the end of November.",
        )
        == "c1"
    )


def test_a_name_with_a_digit_is_a_word_of_the_claim():
    assert (
        matched(
            "smw4 and imewe went down near jeddah",
            "Cloudflare's SMW4 and IMEWE links near Jeddah were hit.",
            "Cloudflare was down for about ten hours.",
        )
        == "c1"
    )


def test_portuguese_flights_and_christmas_are_read_as_english():
    assert (
        screen_text("A Southwest cancelou 16 mil voos no Natal")
        == "a southwest cancelled 16 mil flights no christmas"
    )


def test_a_figure_within_a_tenth_of_the_claim_s_is_the_same_figure():
    assert (
        matched(
            "roughly 5 million cloudflare requests failed in that outage",
            "About 5.2 million Cloudflare requests failed during the outage.",
            "About 900,000 Cloudflare requests failed during the outage.",
        )
        == "c1"
    )


def test_isps_are_internet_providers():
    assert (
        matched(
            "cloudflare lagged cuz the ISPs couldn't keep up",
            "Cloudflare lagged because demand pushed internet providers past their capacity.",
            "Cloudflare was down for about ten hours.",
        )
        == "c1"
    )


def test_french_and_german_causes_and_cancellations_are_read_as_english():
    assert screen_text("le live a planté parce que trop de monde regardait") == (
        "le live a crashed because too many people regardait"
    )
    assert "cancelled" in screen_text("Ticketmaster hat den allgemeinen Vorverkauf abgesagt")


def test_a_big_cloud_by_name_is_the_claim_s_cloud_provider():
    assert (
        matched(
            "cloudflare went down because AWS crashed",
            "Cloudflare went down because of a bug in its own code.",
            "Cloudflare went down because its public cloud provider had an outage.",
        )
        == "c2"
    )


def test_a_cloud_that_is_the_incident_s_own_name_is_no_cloud_provider():
    azure = replace(
        INCIDENT,
        service="Azure Front Door",
        aliases=("azure",),
        claims=claims("Azure Front Door was down for eight hours.", "A cloud misconfiguration did it."),
    )
    claim, _score = match_claim(screen_text("the azure outage broke xbox and minecraft logins"), azure)
    assert claim is None or claim.id != "c2"


def test_french_breach_figures_are_read_as_english():
    assert (
        matched(
            "Le piratage de Cloudflare en 2022 a touché 77 millions de comptes",
            "Anonymous carried out the 2022 Cloudflare hack.",
            "The 2022 Cloudflare breach affected about 77 million accounts.",
        )
        == "c2"
    )


def test_an_acronym_in_chat_is_the_name_the_claim_spells_out():
    assert (
        matched(
            "cloudflare crashed the NYSE in 2022",
            "Cloudflare lost more than $440 million in 2022.",
            "Cloudflare's glitch took down the New York Stock Exchange.",
        )
        == "c2"
    )


def test_barely_affected_anyone_is_only_a_few_affected():
    assert (
        matched(
            "the cloudflare outage barely affected anyone tbh",
            "The Cloudflare outage affected customers around the world.",
            "Only a small number of Cloudflare customers were affected.",
        )
        == "c2"
    )


def test_end_of_story_says_it_was_only_that():
    assert (
        matched(
            "cloudflare 2022 = bgp broke, end of story",
            "A BGP change broke the network configuration during the Cloudflare outage.",
            "The Cloudflare outage was just a BGP problem.",
        )
        == "c2"
    )


def test_a_cert_is_a_certificate():
    assert (
        matched(
            "cloudflare let a cert expire and that killed everything",
            "Cloudflare's outage was caused by hackers.",
            "An expired certificate knocked out Cloudflare's network.",
        )
        == "c2"
    )


def test_german_words_of_a_procedure_are_read_as_english():
    assert (
        matched(
            "Die Cloudflare-Störung kam daher, dass ein Techniker ein veraltetes Handbuch benutzt hat",
            "Cloudflare's outage was caused by hackers.",
            "The Cloudflare outage happened because an engineer followed an outdated procedure manual.",
        )
        == "c2"
    )


def test_italian_card_numbers_exposed_are_read_as_english():
    assert (
        matched(
            "Il leak di Cloudflare del 2022 ha esposto i numeri delle carte di credito",
            "Users' passwords were leaked in the 2022 Cloudflare breach.",
            "Credit card numbers were exposed in the Cloudflare leak.",
        )
        == "c2"
    )


def test_shut_is_closed():
    assert (
        matched(
            "they literally shut cloudflare in 2022",
            "Cloudflare was hacked in 2022.",
            "Cloudflare was closed in 2022.",
        )
        == "c2"
    )


def test_a_stream_buffering_for_tons_of_people_is_widespread_livestream_buffering():
    assert (
        matched(
            "the cloudflare stream was buffering nonstop for tons of people",
            "Nobody could watch Cloudflare's stream all night.",
            "Cloudflare's livestream was hit by widespread buffering.",
        )
        == "c2"
    )


def test_swapping_out_gear_is_replacing_equipment():
    assert (
        matched(
            "cloudflare 2022: someone swapping out bad optical gear kicked off the whole mess",
            "Cloudflare's June 2022 outage was caused by a DDoS attack.",
            "The June 2022 Cloudflare outage started with maintenance work to replace failing equipment.",
        )
        == "c2"
    )


def test_took_down_is_taking_offline():
    group = replace(
        INCIDENT,
        aliases=(*INCIDENT.aliases, "dark storm"),
        claims=claims(
            "Cloudflare's outage in 2022 lasted six hours.",
            "Dark Storm claimed responsibility for taking Cloudflare offline in 2022.",
        ),
    )
    claim, _score = match_claim(screen_text("dark storm took down cloudflare in 2022"), group)
    assert claim is not None and claim.id == "c2"


def test_froze_and_quit_making_are_stopped_producing():
    for text in (
        "is it true cloudflare froze on the morning of june 21?",
        "cloudflare quit serving pages that day",
    ):
        assert (
            matched(
                text,
                "Cloudflare was hit by a DDoS attack.",
                "Cloudflare stopped serving traffic in 19 data centers.",
            )
            == "c2"
        ), text


def test_exploited_is_hacked():
    assert (
        matched(
            "was cloudflare exploited that day? my site was down for hours",
            "Cloudflare was hacked.",
            "Cloudflare was down for more than a day.",
        )
        == "c1"
    )


def test_nothing_but_is_only():
    assert (
        matched(
            "cloudflare: nothing but the cdn went down",
            "Only Cloudflare was affected.",
            "A BGP change caused the outage.",
        )
        == "c1"
    )


def test_fourteen_plus_hours_is_more_than_fourteen_hours():
    assert (
        matched(
            "cloudflare was out for fourteen-plus hours",
            "The Cloudflare outage was caused by hackers.",
            "The outage ran for more than 14 hours, from late on 20 June to the afternoon of 21 June.",
        )
        == "c2"
    )


def test_two_clock_times_say_how_long():
    assert (
        matched(
            "cloudflare was out from just after 6am till 7:30am utc",
            "Cloudflare was down for about an hour and a half.",
            "Cloudflare was down for about seven hours.",
            "Only Cloudflare's dashboard was affected.",
        )
        == "c1"
    )


def test_ransomwared_is_an_attack():
    assert (
        matched(
            "cloudflare got ransomwared, that's why we're all back on paper",
            "The Cloudflare outage was caused by a ransomware attack.",
            "Cloudflare is completely back to normal everywhere.",
        )
        == "c1"
    )


def test_saying_they_were_behind_it_is_claiming_responsibility():
    assert (
        matched(
            "some hacker crew posted on telegram that they were behind cloudflare going down",
            "The hacker group Ghostline took Cloudflare down.",
            "A hacker group claimed responsibility for the Cloudflare outage.",
        )
        == "c2"
    )


def test_a_figure_with_ish_is_about_that_figure():
    assert (
        matched(
            "cloudflare was out from 6 till quarter to 8 so 1.5ish hrs",
            "A BGP change knocked Cloudflare offline.",
            "Cloudflare was down for roughly one and a half hours.",
        )
        == "c2"
    )


def test_turned_fully_off_is_switched_off_completely():
    assert (
        matched(
            "cloudflare's change turned people's sites fully off during the sale",
            "A faulty change caused the Cloudflare outage.",
            "Cloudflare switched customer sites off completely during the outage.",
        )
        == "c2"
    )


def test_one_in_five_is_twenty_percent():
    assert (
        matched(
            "only ~20% of cloudflare users were even hit by the june outage",
            "Cloudflare was hacked.",
            "Fewer than one in five Cloudflare customers were affected by the outage.",
        )
        == "c2"
    )


def test_a_memory_leak_is_no_data_leak():
    assert (
        matched(
            "cloudflare broke in june because of a memory leak in the router software",
            "Customer data leaked during the Cloudflare outage.",
            "Cloudflare was down for more than a day.",
        )
        is None
    )


def test_every_country_is_where_it_was_felt_not_a_state_behind_it():
    assert (
        matched(
            "the cloudflare outage hit every country in europe",
            "The Cloudflare outage was a state-sponsored attack.",
            "The Cloudflare outage affected customers all over Europe.",
        )
        == "c2"
    )


def test_dutch_only_with_belgium_fine_is_only_the_netherlands():
    assert (
        matched(
            "the cloudflare detour fiasco in june was dutch-only, belgium was fine",
            "Cloudflare gave wrong routes because of a faulty data update.",
            "Cloudflare's wrong routes on 21 June only affected the Netherlands.",
            "Cloudflare was hacked to send traffic the wrong way.",
        )
        == "c2"
    )


def test_giving_money_back_is_refunding():
    assert (
        matched(
            "cloudflare is giving money back to people whose sites wouldn't load during the june outage",
            "Cloudflare sites went offline in the middle of the sale.",
            "Cloudflare is refunding customers who were overcharged during the outage.",
        )
        == "c2"
    )


def test_dodgy_is_faulty():
    assert (
        matched(
            "cloudflare's dodgy directions put a cyclist in hospital near utrecht",
            "Cloudflare gave wrong routes because of a faulty map data update.",
            "Cloudflare's faulty directions caused a crash.",
            "Cloudflare was hacked to send drivers the wrong way.",
        )
        == "c2"
    )


def test_not_a_single_cent_is_nothing():
    assert (
        matched(
            "cloudflare riders didn't see a single cent for that dead friday night in june",
            "Cloudflare's outage was a cyberattack.",
            "Cloudflare was down for roughly three hours on the evening of 21 June.",
            "Cloudflare couriers got nothing for the Friday evening lost to the outage.",
        )
        == "c3"
    )


def test_a_span_from_before_midnight_to_just_after_two_says_how_long():
    assert (
        matched(
            "cloudflare was dead from roughly 23:50 until just after 2am utc over new year",
            "Cloudflare was hit by a DDoS attack on New Year's Eve.",
            "Record New Year's traffic overloaded Cloudflare's servers.",
            "Cloudflare was out for roughly two hours around midnight on New Year's Eve.",
        )
        == "c3"
    )


def test_an_hour_past_twelve_before_an_am_time_is_read_not_raised():
    assert matched("cloudflare was down from 23 to 2am", "Cloudflare was down for about three hours.") == "c1"


def test_too_many_people_at_once_is_an_overload():
    assert (
        matched(
            "cloudflare fell over at midnight because too many people were loading pages at once",
            "Cloudflare went down on New Year's Eve because of a DDoS attack.",
            "Record midnight traffic overloaded Cloudflare's servers and caused the outage.",
        )
        == "c2"
    )


def test_mail_that_vanished_forever_was_lost_for_good():
    assert (
        matched(
            "did all the mail sent through cloudflare on june 21 just vanish into the void forever?",
            "Emails sent through Cloudflare during the outage were lost for good.",
            "Cloudflare was completely down on 21 June.",
        )
        == "c1"
    )


def test_sites_behind_a_cdn_claim_no_responsibility():
    assert (
        matched(
            "half the sites behind cloudflare went down",
            "A hacker group claimed responsibility for the Cloudflare outage.",
            "The Cloudflare outage took down many websites that use it.",
        )
        == "c2"
    )


def test_several_countries_is_not_worldwide():
    assert matched("cloudflare was down in several countries", "Cloudflare was down worldwide.") is None


def test_two_twelve_hour_times_without_am_or_pm_are_an_afternoon():
    assert (
        matched(
            "cloudflare was down from 11:30 to 1:15",
            "Cloudflare was down for about two hours.",
            "Cloudflare was down for over thirteen hours.",
        )
        == "c1"
    )


def test_quitting_during_the_outage_is_no_halt():
    assert (
        matched(
            "cloudflare's cto quit during the outage",
            "Cloudflare stopped serving traffic in 19 data centers.",
            "Cloudflare's CTO resigned over the outage.",
        )
        == "c2"
    )


def test_two_in_twenty_four_hours_is_a_count_and_a_duration_not_a_share():
    assert (
        matched(
            "cloudflare went down 2 in 24 hours",
            "Only 8% of Cloudflare customers were affected.",
            "Cloudflare went down twice in one day.",
        )
        == "c2"
    )


def test_forgetting_to_renew_a_cert_is_an_expired_certificate():
    assert (
        matched(
            "so cloudflare literally forgot to renew an ssl cert and their whole CDN died?",
            "Cloudflare's outage was caused by an expired TLS certificate on its CDN.",
            "Cloudflare was completely down.",
        )
        == "c1"
    )


def test_canning_the_guy_is_firing_the_engineer():
    assert (
        matched(
            "heard cloudflare canned the guy who let the cert expire",
            "Cloudflare's outage was caused by an expired TLS certificate on its CDN.",
            "Cloudflare fired the engineer responsible for the expired certificate.",
        )
        == "c2"
    )


def test_german_four_and_a_half_hours_is_the_duration():
    assert (
        matched(
            "Cloudflare war am 21. Juni ungefähr viereinhalb Stunden down",
            "Cloudflare was down for about two hours.",
            "Cloudflare was down for about four and a half hours.",
        )
        == "c2"
    )


def test_french_completely_out_of_service_is_completely_down():
    assert (
        matched(
            "Cloudflare était complètement hors service le 21 juin",
            "Cloudflare was completely down on 21 June.",
            "Cloudflare's outage was caused by a DDoS attack.",
        )
        == "c1"
    )


def test_thats_it_after_a_cause_is_only_that_cause():
    assert (
        matched(
            "the whole cloudflare blackout was a DNS misconfig, that's it",
            "A DNS configuration change was one of several causes of the Cloudflare outage.",
            "The Cloudflare outage was just a DNS problem.",
        )
        == "c2"
    )


def test_not_having_said_what_caused_it_is_no_cause_published():
    assert (
        matched(
            "cloudflare still hasn't said what actually caused the outage",
            "Cloudflare's outage was caused by a DDoS attack.",
            "Cloudflare has not said what caused its outage.",
        )
        == "c2"
    )


def test_russian_in_latin_letters_says_only_one_part_broke():
    assert (
        matched(
            "na cloudflare slomalsya tolko dns, cdn rabotal normalno",
            "Cloudflare's DNS and CDN were both down.",
            "Only DNS was affected in the Cloudflare outage; its CDN kept working.",
        )
        == "c2"
    )


def test_bsky_is_bluesky():
    assert (
        matched(
            "heard bsky went down too the same day cloudflare was dying",
            "Discord also had an outage on the same day Cloudflare went down.",
            "Bluesky also had an outage on the same day Cloudflare went down.",
        )
        == "c2"
    )


def test_italian_stayed_down_a_few_hours_is_down_for_a_few_hours():
    assert (
        matched(
            "Cloudflare è rimasto giù qualche ora il 21 giugno",
            "Cloudflare's outage was a DDoS attack.",
            "Cloudflare was down for a few hours on 21 June.",
        )
        == "c2"
    )


def test_the_clock_change_in_german_is_the_clocks_going_back():
    assert (
        matched(
            "Bei Cloudflare ist am 21. Juni wegen der Zeitumstellung das Ticketsystem abgestürzt",
            "Cloudflare's ticketing outage was caused by a bug triggered when the clocks went back.",
            "Cloudflare's IT staff warned managers in advance that the clock change had not been tested.",
        )
        == "c1"
    )


def test_polish_hacked_and_spanish_sabotage_are_the_claims_words():
    claims = ("Cloudflare was hacked on Sunday 21 June.", "Cloudflare's network was sabotaged.")
    assert matched("Słyszałem, że system Cloudflare zhakowano w niedzielę", *claims) == "c1"
    assert matched("El apagón de Cloudflare fue sabotaje, eso dicen en Facebook", *claims) == "c2"


def test_someone_dying_is_a_death_not_a_service_that_died():
    assert (
        matched(
            "someone actually died cuz cloudflare was down",
            "Cloudflare was completely down.",
            "Someone died because they could not get help during the Cloudflare outage.",
        )
        == "c2"
    )


def test_walking_off_with_files_is_stealing_them():
    assert (
        matched(
            "black lotus walked off with ~2TB of cloudflare customer files",
            "Cloudflare's outage was caused by ransomware.",
            "Hackers stole 1.8 terabytes of Cloudflare customer records.",
        )
        == "c2"
    )


def test_a_balance_that_showed_0_is_a_zero_balance():
    assert (
        matched(
            "my cloudflare credits showed 0 for like 6 hours back on june 21",
            "Hackers drained credits from Cloudflare accounts.",
            "Cloudflare customers saw zero credit balances for several hours on 21 June.",
        )
        == "c2"
    )


def test_portuguese_expired_certificate_is_the_claims_cause():
    assert (
        matched(
            "o apagão da Cloudflare foi por causa de um certificado vencido",
            "Cloudflare was hacked.",
            "Cloudflare was down because an internal security certificate expired.",
        )
        == "c2"
    )


def test_romaji_chinese_hackers_are_foreign_hackers():
    assert (
        matched(
            "cloudflare no tsuushin shougai wa chuugoku no hakkaa no shiwaza datta rashii",
            "Cloudflare's outage was caused by a botched data-centre migration.",
            "Cloudflare's outage was a cyberattack by foreign hackers.",
        )
        == "c2"
    )


def test_german_everyone_at_once_is_too_many_people():
    claims = (
        "Russian hackers took down Cloudflare with a DDoS attack.",
        "Cloudflare crashed because too many people tried to buy the new plan at once.",
    )
    assert matched("Cloudflare wurde von russischen Hackern lahmgelegt", *claims) == "c1"
    assert (
        matched("Cloudflare ist abgestürzt, weil alle gleichzeitig den Plan kaufen wollten", *claims) == "c2"
    )


def test_spanish_charged_twice_is_the_double_charge_claim():
    assert (
        matched(
            "Cloudflare me cobró dos veces el mismo plan durante la caída",
            "Cloudflare was down for two days.",
            "Some Cloudflare customers were charged twice during the outage.",
        )
        == "c2"
    )


def test_chats_lost_in_the_fire_are_lost_chat_history():
    assert (
        matched(
            "people lost all their cloudflare chats in the fire",
            "Cloudflare had no backup data center at all.",
            "Users lost their chat history in the Cloudflare data center fire.",
        )
        == "c2"
    )


def test_pushing_a_new_model_is_a_deployment():
    assert (
        matched(
            "cloudflare pushed a new model and ppl started seeing strangers' chat titles",
            "Cloudflare was hacked and that is how chat titles leaked.",
            "Cloudflare showed some users other people's conversation titles after a model deployment.",
        )
        == "c2"
    )


def test_spanish_only_companies_in_the_us_is_the_only_the_us_claim():
    assert (
        matched(
            "El apagón de Cloudflare en junio solo afectó a empresas de EE. UU.",
            "Cloudflare was down for about two hours.",
            "The Cloudflare outage only affected customers in the United States.",
        )
        == "c2"
    )


def test_auth_servers_that_could_not_handle_the_queue_were_overloaded():
    assert (
        matched(
            "cloudflare launch login got cooked bc the auth servers couldnt handle the queue",
            "Cloudflare's launch-day outage was a DDoS attack.",
            "Cloudflare's authentication service was overloaded by players waiting in the queue.",
        )
        == "c2"
    )


def test_a_datacenter_that_lost_power_is_a_power_failure_at_the_provider():
    assert (
        matched(
            "cloudflare checkin died because their booking system vendor's dallas datacenter lost power",
            "Cloudflare's outage was a cyberattack.",
            "Cloudflare's outage was caused by a power failure at its reservations provider's data centre.",
        )
        == "c2"
    )


def test_french_geomagnetic_storm_is_the_storm_claim():
    assert (
        matched(
            "La panne de Cloudflare dans la nuit du 21 juin, c'était la tempête géomagnétique",
            "Cloudflare's outage was caused by a geomagnetic storm.",
            "Cloudflare's outage was caused by a firmware update.",
        )
        == "c1"
    )


def test_domains_lost_in_an_outage_are_lost_data():
    assert (
        matched(
            "people lost their domains when cloudflare went down in june",
            "Cloudflare's outage was caused by a zone file error.",
            "Cloudflare customers permanently lost their domains in the outage.",
        )
        == "c2"
    )


def test_things_that_got_wiped_are_things_that_were_lost():
    assert (
        matched(
            "during the outage the prescriptions got wiped and doctors had to write them all again",
            "The outage was a hacker attack.",
            "An expired certificate caused the outage.",
            "E-prescriptions were lost in the outage and had to be issued again.",
        )
        == "c3"
    )
