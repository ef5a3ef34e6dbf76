"""Specifies the FakeOpenAI test server against the REAL openai 3.x clients.

Every test talks HTTP to a server on 127.0.0.1 through ``openai.AsyncOpenAI`` /
``openai.OpenAI`` with ``max_retries=0``; nothing is mocked inside the SDK.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator

import openai
import pytest
import pytest_asyncio
from pydantic import BaseModel

from tests.fakes.openai_server import (
    FakeOpenAI,
    completion,
    hang,
    json_content,
    raw,
    refusal,
    status,
    truncated_content,
)

API_KEY = "sk-test-fake"
MODEL = "gpt-4o-mini"
MESSAGES = [
    {"role": "system", "content": "You check outage claims."},
    {"role": "user", "content": "Is GitHub down?"},
]
VERDICT_SCHEMA = {
    "type": "object",
    "properties": {
        "verdict": {"type": "string", "enum": ["supported", "refuted", "unclear"]},
        "sources": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["verdict", "sources"],
    "additionalProperties": False,
}
JSON_SCHEMA_FORMAT = {
    "type": "json_schema",
    "json_schema": {"name": "verdict", "schema": VERDICT_SCHEMA, "strict": True},
}


class Verdict(BaseModel):
    verdict: str
    sources: list[str]


def _fake_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("FakeOpenAI")}


@pytest.fixture(autouse=True)
def no_leaked_server_threads() -> Iterator[None]:
    before = _fake_threads()
    yield
    assert _fake_threads() - before == set()


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as srv:
        yield srv
    assert srv.errors == []


@pytest_asyncio.fixture
async def aclient(server: FakeOpenAI) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai.AsyncOpenAI(
        api_key=API_KEY, base_url=server.base_url, max_retries=0, timeout=5.0
    ) as client:
        yield client


@pytest.fixture
def client(server: FakeOpenAI) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(api_key=API_KEY, base_url=server.base_url, max_retries=0, timeout=5.0) as c:
        yield c


async def _ask(aclient: openai.AsyncOpenAI, **kwargs: object):
    return await aclient.chat.completions.create(model=MODEL, messages=MESSAGES, **kwargs)


# --------------------------------------------------------------------------- happy path


@pytest.mark.asyncio
async def test_scripted_json_content_comes_back_as_parseable_message_content(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    payload = {"verdict": "supported", "sources": ["https://www.githubstatus.com"]}
    server.enqueue(json_content(payload))

    resp = await _ask(aclient)

    choice = resp.choices[0]
    assert json.loads(choice.message.content) == payload
    assert choice.finish_reason == "stop"
    assert choice.message.refusal is None
    assert resp.model == MODEL  # echoes the requested model
    assert resp.usage is not None
    assert resp.usage.prompt_tokens > 0 and resp.usage.completion_tokens > 0
    assert resp.usage.total_tokens == resp.usage.prompt_tokens + resp.usage.completion_tokens


def test_sync_client_receives_scripted_content(server: FakeOpenAI, client: openai.OpenAI) -> None:
    server.enqueue(json_content('{"verdict": "refuted", "sources": []}'))

    resp = client.chat.completions.create(model=MODEL, messages=MESSAGES)

    assert json.loads(resp.choices[0].message.content) == {"verdict": "refuted", "sources": []}


@pytest.mark.asyncio
async def test_structured_output_request_is_recorded_with_its_json_schema(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(json_content({"verdict": "unclear", "sources": []}))

    await _ask(aclient, response_format=JSON_SCHEMA_FORMAT, temperature=0)

    req = server.last_request
    assert req.path == "/v1/chat/completions"
    assert req.method == "POST"
    assert req.headers["authorization"] == f"Bearer {API_KEY}"
    assert req.json["model"] == MODEL
    assert req.json["messages"] == MESSAGES
    assert req.json["temperature"] == 0
    assert req.response_format == JSON_SCHEMA_FORMAT
    assert req.json_schema == VERDICT_SCHEMA


@pytest.mark.asyncio
async def test_parse_helper_sends_strict_schema_and_returns_parsed_model(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(json_content({"verdict": "supported", "sources": ["a"]}))

    resp = await aclient.chat.completions.parse(model=MODEL, messages=MESSAGES, response_format=Verdict)

    assert resp.choices[0].message.parsed == Verdict(verdict="supported", sources=["a"])
    rf = server.last_request.response_format
    assert rf["type"] == "json_schema"
    assert rf["json_schema"]["name"] == "Verdict"
    assert rf["json_schema"]["strict"] is True
    assert server.last_request.json_schema["additionalProperties"] is False


@pytest.mark.asyncio
async def test_refusal_is_visible_on_message_refusal_with_null_content(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(refusal("I can't help with that."))

    resp = await _ask(aclient, response_format=JSON_SCHEMA_FORMAT)

    msg = resp.choices[0].message
    assert msg.content is None
    assert msg.refusal == "I can't help with that."
    assert resp.choices[0].finish_reason == "stop"


@pytest.mark.asyncio
async def test_parse_helper_surfaces_refusal_and_leaves_parsed_empty(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(refusal("nope"))

    resp = await aclient.chat.completions.parse(model=MODEL, messages=MESSAGES, response_format=Verdict)

    assert resp.choices[0].message.refusal == "nope"
    assert resp.choices[0].message.parsed is None


# --------------------------------------------------------------------------- HTTP errors


@pytest.mark.asyncio
async def test_429_raises_rate_limit_error_exposing_retry_after_header(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(status(429, headers={"Retry-After": "1"}))

    with pytest.raises(openai.RateLimitError) as info:
        await _ask(aclient)

    exc = info.value
    assert exc.status_code == 429
    assert exc.response.headers["retry-after"] == "1"
    assert exc.code == "rate_limit_exceeded"  # from the OpenAI-style error body
    assert exc.type == "requests"
    assert exc.request_id == "req_fake_0"
    assert server.request_count == 1  # max_retries=0: no retry happened


@pytest.mark.asyncio
async def test_429_without_retry_after_has_no_such_header(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(status(429))

    with pytest.raises(openai.RateLimitError) as info:
        await _ask(aclient)

    assert "retry-after" not in info.value.response.headers


@pytest.mark.asyncio
@pytest.mark.parametrize("code", [500, 503])
async def test_5xx_raises_internal_server_error(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI, code: int
) -> None:
    server.enqueue(status(code))

    with pytest.raises(openai.InternalServerError) as info:
        await _ask(aclient)

    assert info.value.status_code == code
    assert info.value.type == "server_error"


def test_400_raises_bad_request_error_with_custom_error_body(
    server: FakeOpenAI, client: openai.OpenAI
) -> None:
    body = {
        "error": {
            "message": "Invalid schema",
            "type": "invalid_request_error",
            "param": "response_format",
            "code": "invalid_json_schema",
        }
    }
    server.enqueue(status(400, body))

    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model=MODEL, messages=MESSAGES)

    assert info.value.code == "invalid_json_schema"
    assert info.value.param == "response_format"
    assert "Invalid schema" in str(info.value)


# --------------------------------------------------------------------------- timeouts & hangs


@pytest.mark.asyncio
async def test_hang_beyond_client_timeout_raises_api_timeout_error_quickly(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(hang(5))

    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        await _ask(aclient, timeout=0.2)

    assert time.monotonic() - started < 1.5


def test_sync_client_timeout_on_hang_raises_api_timeout_error(server: FakeOpenAI) -> None:
    server.enqueue(hang(5))

    with openai.OpenAI(api_key=API_KEY, base_url=server.base_url, max_retries=0, timeout=0.2) as c:
        started = time.monotonic()
        with pytest.raises(openai.APITimeoutError):
            c.chat.completions.create(model=MODEL, messages=MESSAGES)

    assert time.monotonic() - started < 1.5


@pytest.mark.asyncio
async def test_hang_then_answers_without_blocking_other_requests(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(hang(0.4, then=json_content({"n": "slow"})), json_content({"n": "fast"}))

    slow = asyncio.create_task(_ask(aclient))
    await asyncio.to_thread(server.wait_for_requests, 1)
    fast = await _ask(aclient)

    assert json.loads(fast.choices[0].message.content) == {"n": "fast"}
    assert not slow.done()
    assert json.loads((await slow).choices[0].message.content) == {"n": "slow"}


@pytest.mark.asyncio
async def test_stop_is_prompt_while_a_hang_is_in_progress() -> None:
    fake = FakeOpenAI(hang(30)).start()
    try:
        async with openai.AsyncOpenAI(
            api_key=API_KEY, base_url=fake.base_url, max_retries=0, timeout=10
        ) as c:
            pending = asyncio.create_task(c.chat.completions.create(model=MODEL, messages=MESSAGES))
            await asyncio.to_thread(fake.wait_for_requests, 1)

            started = time.monotonic()
            await asyncio.to_thread(fake.stop)
            assert time.monotonic() - started < 1.0

            # The hung connection is dropped without a response.
            with pytest.raises(openai.APIConnectionError):
                await pending
    finally:
        fake.stop()


# --------------------------------------------------------------------------- malformed bodies


@pytest.mark.asyncio
async def test_malformed_json_body_raises_json_decode_error_not_openai_error(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(raw(b'{"id": "chatcmpl-1", "choices": [{"mess'))

    # openai 3.x does NOT wrap this: a bare json.JSONDecodeError (a ValueError) escapes.
    with pytest.raises(json.JSONDecodeError):
        await _ask(aclient)


def test_non_json_content_type_is_returned_as_plain_text_not_raised(
    server: FakeOpenAI, client: openai.OpenAI
) -> None:
    server.enqueue(raw(b"<html>502 Bad Gateway</html>", content_type="text/html"))

    result = client.chat.completions.create(model=MODEL, messages=MESSAGES)

    # Gotcha: with a non-JSON content type the SDK hands back the str body.
    assert result == "<html>502 Bad Gateway</html>"


@pytest.mark.asyncio
async def test_truncated_content_has_length_finish_reason_and_unparseable_json(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(truncated_content({"verdict": "supported", "sources": ["https://x"]}))

    resp = await _ask(aclient)

    choice = resp.choices[0]
    assert choice.finish_reason == "length"
    assert choice.message.content.startswith('{"verdict": "supp')
    with pytest.raises(json.JSONDecodeError):
        json.loads(choice.message.content)


@pytest.mark.asyncio
async def test_parse_helper_raises_length_finish_reason_error_on_truncation(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(truncated_content())

    with pytest.raises(openai.LengthFinishReasonError) as info:
        await aclient.chat.completions.parse(model=MODEL, messages=MESSAGES, response_format=Verdict)

    assert info.value.completion.usage is not None


# --------------------------------------------------------------------------- scripting


@pytest.mark.asyncio
async def test_queue_is_fifo_then_falls_back_to_configured_default(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.default = json_content({"n": "default"})
    server.enqueue(json_content({"n": 1}), json_content({"n": 2}))
    assert server.pending == 2

    got = [json.loads((await _ask(aclient)).choices[0].message.content)["n"] for _ in range(4)]

    assert got == [1, 2, "default", "default"]
    assert server.pending == 0
    assert server.request_count == 4


def test_default_response_can_be_given_to_the_constructor() -> None:
    with (
        FakeOpenAI(default=status(503)) as fake,
        openai.OpenAI(api_key=API_KEY, base_url=fake.base_url, max_retries=0) as c,
    ):
        for _ in range(2):
            with pytest.raises(openai.InternalServerError):
                c.chat.completions.create(model=MODEL, messages=MESSAGES)


@pytest.mark.asyncio
async def test_callable_responder_builds_reply_from_request_json(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    def echo(req: dict) -> object:
        if req.get("response_format"):
            return json_content({"echo": req["messages"][-1]["content"]})
        return status(400)

    server.default = echo

    resp = await _ask(aclient, response_format=JSON_SCHEMA_FORMAT)
    assert json.loads(resp.choices[0].message.content) == {"echo": "Is GitHub down?"}
    with pytest.raises(openai.BadRequestError):
        await _ask(aclient)


@pytest.mark.asyncio
async def test_completion_factory_overrides_usage_model_and_headers(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    usage = {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10}
    server.enqueue(completion("hi", model="gpt-other", usage=usage, headers={"x-extra": "1"}))

    raw_resp = await aclient.chat.completions.with_raw_response.create(model=MODEL, messages=MESSAGES)
    resp = raw_resp.parse()

    assert raw_resp.headers["x-extra"] == "1"
    assert resp.model == "gpt-other"
    assert resp.usage.total_tokens == 10


# ------------------------------------------------------------------- routing, auth, recording


def test_base_url_without_v1_prefix_is_also_served(server: FakeOpenAI) -> None:
    with openai.OpenAI(api_key=API_KEY, base_url=server.url, max_retries=0) as c:
        c.chat.completions.create(model=MODEL, messages=MESSAGES)

    assert server.base_url == server.url + "/v1"
    assert server.url.startswith("http://127.0.0.1:")
    assert server.last_request.path == "/chat/completions"


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=2) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        with err:
            return err.code, json.loads(err.read())


def test_missing_bearer_token_is_rejected_with_401_and_not_consumed(server: FakeOpenAI) -> None:
    server.enqueue(json_content({"ok": True}))
    body = json.dumps({"model": MODEL, "messages": MESSAGES}).encode()

    code, payload = _post(server.base_url + "/chat/completions", body, {"Content-Type": "application/json"})

    assert code == 401
    assert payload["error"]["code"] == "invalid_api_key"
    assert server.pending == 1  # the scripted response is still queued
    assert server.last_request.authorization is None


def test_wrong_api_key_raises_authentication_error_when_key_is_pinned() -> None:
    with (
        FakeOpenAI(api_key="sk-right") as fake,
        openai.OpenAI(api_key="sk-wrong", base_url=fake.base_url, max_retries=0) as c,
        pytest.raises(openai.AuthenticationError),
    ):
        c.chat.completions.create(model=MODEL, messages=MESSAGES)


def test_unknown_path_raises_not_found(server: FakeOpenAI, client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError):
        client.embeddings.create(model="text-embedding-3-small", input="x")

    assert server.last_request.path == "/v1/embeddings"


@pytest.mark.asyncio
async def test_every_request_is_recorded_in_arrival_order_with_timestamps(
    server: FakeOpenAI, aclient: openai.AsyncOpenAI
) -> None:
    server.enqueue(status(500), json_content({"ok": 1}))
    before = time.monotonic()

    with pytest.raises(openai.InternalServerError):
        await _ask(aclient)
    await _ask(aclient, response_format=JSON_SCHEMA_FORMAT)

    first, second = server.requests
    assert [first.index, second.index] == [0, 1]
    assert before <= first.time <= second.time <= time.monotonic()
    assert first.response_format is None and second.json_schema == VERDICT_SCHEMA
    assert second is server.last_request
    assert first.messages == MESSAGES and first.model == MODEL
    assert json.loads(first.body) == first.json


def test_async_context_manager_starts_and_stops_server() -> None:
    async def main() -> str:
        async with (
            FakeOpenAI(json_content({"a": 1})) as fake,
            openai.AsyncOpenAI(api_key=API_KEY, base_url=fake.base_url, max_retries=0) as c,
        ):
            resp = await c.chat.completions.create(model=MODEL, messages=MESSAGES)
        return resp.choices[0].message.content

    assert json.loads(asyncio.run(main())) == {"a": 1}
