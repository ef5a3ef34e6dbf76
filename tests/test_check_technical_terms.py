"""Technical terms: a lower-case system, protocol or region the cited sources never name is caught;
the same term in another case, spelling or inside a cited host name is not."""

from __future__ import annotations

import pytest

from tests.one_sentence import check

ROBLOX = "roblox-2021-10-28"  # s1 blames a streaming feature on Consul; s2 never names it
AWS = "aws-2025-10-20"  # s1: dynamodb.us-east-1.amazonaws.com; s2: the N. Virginia (us-east-1) Region
AWS_S3 = "aws-s3-2017-02-28"  # s1: the S3 team; s4: "amazon s3" and "(us-east-1) region"
OPENAI = "openai-2024-12-11"  # s3: the telemetry service overwhelmed the Kubernetes control plane


def test_a_swapped_coordination_service_fails():
    found = check(
        ROBLOX, "Enabling a new streaming feature on etcd under high load led to poor performance.", "s1"
    )
    assert found == ["sentence 1: technical terms not found in its cited sources: etcd"]


def test_the_coordination_service_the_source_names_passes_in_lower_case():
    assert (
        check(
            ROBLOX,
            "Enabling a new streaming feature on consul under high load led to poor performance.",
            "s1",
        )
        == []
    )


def test_a_region_name_not_in_the_evidence_fails():
    found = check(
        AWS, "The disruption occurred in the N. Virginia (us-west-2) Region on October 19 and 20, 2025.", "s2"
    )
    assert found == ["sentence 1: technical terms not found in its cited sources: us-west-2"]


def test_a_region_inside_a_cited_host_name_passes():
    assert check(AWS, "An empty DNS record was left for the regional endpoint in us-east-1.", "s1") == []


def test_a_term_only_a_source_the_sentence_does_not_cite_names_fails():
    found = check(
        ROBLOX, "Beginning on October 28, Roblox was hit by a disruption of its consul cluster.", "s2"
    )
    assert any("technical terms not found in its cited sources: consul" in v for v in found)


@pytest.mark.parametrize(
    ("incident", "text", "source"),
    [
        (AWS_S3, "The s3 team was debugging an issue with the billing system.", "s1"),  # source: S3
        (
            AWS_S3,
            "Reuters summarised the Amazon S3 disruption in the US-EAST-1 region.",
            "s4",
        ),  # s3, us-east-1
        (OPENAI, "The outage hit ChatGPT, the api and Sora.", "s3"),  # source: API
    ],
)
def test_an_acronym_in_other_case_passes(incident: str, text: str, source: str):
    assert check(incident, text, source) == []


def test_a_swapped_datastore_fails():
    found = check(
        AWS, "A latent race condition in the redis DNS management system left an empty record.", "s1"
    )
    assert found == ["sentence 1: technical terms not found in its cited sources: redis"]


def test_a_lower_case_protocol_the_sources_never_name_fails():
    found = check(
        ROBLOX, "Roblox said ospf contention under high read and write load led to poor performance.", "s1"
    )
    assert any("technical terms not found in its cited sources: ospf" in v for v in found)


def test_another_spelling_of_the_same_system_passes():
    assert check(OPENAI, "A new telemetry service deployment overwhelmed the k8s control plane.", "s3") == []


def test_numbers_with_units_are_not_technical_terms():
    text = "Starting October 28th and resolving on October 31st, Roblox had a 73-hour outage."
    assert check(ROBLOX, text, "s1") == []


def test_a_capitalised_swapped_term_is_reported_once():
    found = check(
        ROBLOX, "Enabling a new streaming feature on Etcd under high load led to poor performance.", "s1"
    )
    assert len(found) == 1 and "Etcd" in found[0]


def test_a_host_name_the_sources_never_give_fails():
    found = check(
        AWS, "The empty DNS record was for the regional endpoint dynamodb.eu-west-1.amazonaws.com.", "s1"
    )
    assert any("technical terms" in v and "dynamodb.eu-west-1.amazonaws.com" in v for v in found)


def test_a_company_written_as_its_domain_passes_where_the_company_is_cited():
    text = "The amazon.com S3 team was debugging an issue with the S3 billing system."
    assert check(AWS_S3, text, "s1") == []


def test_another_companys_domain_fails():
    found = check(AWS_S3, "The google.com S3 team was debugging an issue with the S3 billing system.", "s1")
    assert found == ["sentence 1: technical terms not found in its cited sources: google.com"]


def test_a_place_written_with_a_dot_and_no_space_passes():
    text = "The disruption occurred in the N.Virginia (us-east-1) Region on October 19 and 20, 2025."
    assert check(AWS, text, "s2") == []


def test_a_wrong_date_written_with_dashes_fails():
    text = "On 18-nov-2024 at 11:20 UTC, Cloudflare's network began experiencing significant failures."
    found = check("cloudflare-2025-11-18", text, "s1")
    assert found == ["sentence 1: the date 2024-11-18 is not in its cited sources or the record"]


def test_a_right_date_written_with_dashes_passes():
    text = "On 18-nov-2025 at 11:20 UTC, Cloudflare's network began experiencing significant failures."
    assert check("cloudflare-2025-11-18", text, "s1") == []
