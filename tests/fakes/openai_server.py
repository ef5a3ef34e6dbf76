"""A scripted, real-HTTP fake of the OpenAI chat-completions API for tests.

The openai 3.x SDK sends through ``httpx2``, so transport-level mocks such as
``respx`` cannot intercept it.  Instead this module runs a tiny HTTP server on
``127.0.0.1`` (random free port) in a background thread; point any client at
``server.base_url`` and script the replies::

    from tests.fakes.openai_server import FakeOpenAI, json_content, status

    with FakeOpenAI() as server:
        server.enqueue(status(429, headers={"Retry-After": "1"}), json_content({"ok": True}))
        client = openai.OpenAI(api_key="sk-test", base_url=server.base_url, max_retries=0)
        ...
        assert server.request_count == 2

Scripting model
---------------
* ``server.enqueue(*responses)`` appends to a FIFO queue; each chat-completions
  request consumes exactly one entry.
* When the queue is empty the *default* response is used (``default=`` in the
  constructor or ``server.default = ...``).
* A response is one of the small frozen dataclasses below (build them with the
  factory functions) or a callable ``fn(request_json: dict) -> Response``.

Because it is a real threaded server it works the same from sync and async tests,
and ``stop()`` completes promptly even while a ``hang`` is in progress.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = [
    "Completion",
    "FakeOpenAI",
    "Hang",
    "Raw",
    "RecordedRequest",
    "Responder",
    "Response",
    "Status",
    "completion",
    "error_body",
    "hang",
    "json_content",
    "raw",
    "refusal",
    "status",
    "truncated_content",
]

CHAT_PATHS = frozenset({"/v1/chat/completions", "/chat/completions"})
DEFAULT_MODEL = "gpt-fake"


# --------------------------------------------------------------------------- responses


@dataclass(frozen=True)
class Completion:
    """A 200 ``chat.completion`` with a single assistant choice."""

    content: str | None
    refusal: str | None = None
    finish_reason: str = "stop"
    model: str | None = None  # None -> echo the request's model
    usage: Mapping[str, Any] | None = None  # None -> estimated from sizes
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Status:
    """A non-2xx (or any) status with an OpenAI-style error JSON body."""

    code: int
    body: Any = None  # dict/list -> JSON; str/bytes -> sent verbatim; None -> error_body(code)
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hang:
    """Sleep ``seconds`` before answering with ``then`` (or the default response).

    If the server is stopped during the sleep, the connection is closed without
    any response.
    """

    seconds: float
    then: Response | None = None


@dataclass(frozen=True)
class Raw:
    """Arbitrary bytes, e.g. malformed or truncated JSON."""

    body: bytes
    status: int = 200
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)


Responder = Callable[[dict[str, Any]], "Response"]
Response = Completion | Status | Hang | Raw | Responder


def _to_json_text(obj_or_str: Any) -> str:
    return obj_or_str if isinstance(obj_or_str, str) else json.dumps(obj_or_str)


def completion(
    content: str | None,
    *,
    refusal: str | None = None,
    finish_reason: str = "stop",
    model: str | None = None,
    usage: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Completion:
    """Fully general 200 chat completion."""
    return Completion(content, refusal, finish_reason, model, usage, dict(headers or {}))


def json_content(obj_or_str: Any, **kwargs: Any) -> Completion:
    """200 completion whose ``message.content`` is ``obj`` serialised as JSON (str passed as-is)."""
    return completion(_to_json_text(obj_or_str), **kwargs)


def refusal(text: str = "I'm sorry, I can't help with that.", **kwargs: Any) -> Completion:
    """200 completion: ``content`` null, ``message.refusal`` set (as structured outputs do)."""
    return completion(None, refusal=text, **kwargs)


def truncated_content(
    obj_or_str: Any = '{"verdict": "supported", "sources": ["https://status.exa',
    *,
    keep: int | None = None,
    **kwargs: Any,
) -> Completion:
    """200 completion cut off mid-JSON with ``finish_reason: "length"``.

    By default the content is a fixed unterminated JSON string.  If you pass an
    object (or complete JSON text) it is serialised and cut to ``keep`` characters
    (default: half its length).
    """
    text = _to_json_text(obj_or_str)
    if keep is not None or not isinstance(obj_or_str, str):
        text = text[: keep if keep is not None else max(1, len(text) // 2)]
    return completion(text, finish_reason="length", **kwargs)


_ERROR_DEFAULTS: dict[int, tuple[str, str | None]] = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("invalid_request_error", "unsupported_country_region_territory"),
    404: ("invalid_request_error", "unknown_url"),
    409: ("invalid_request_error", None),
    422: ("invalid_request_error", None),
    429: ("requests", "rate_limit_exceeded"),
    500: ("server_error", None),
    502: ("server_error", None),
    503: ("server_error", "service_unavailable"),
}


def error_body(
    code: int,
    message: str | None = None,
    *,
    type: str | None = None,
    error_code: str | None = None,
    param: str | None = None,
) -> dict[str, Any]:
    """OpenAI-style ``{"error": {"message", "type", "param", "code"}}`` body."""
    default_type, default_code = _ERROR_DEFAULTS.get(
        code, ("server_error" if code >= 500 else "invalid_request_error", None)
    )
    if message is None:
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        message = f"Fake OpenAI error {code}: {phrase}"
    return {
        "error": {
            "message": message,
            "type": type or default_type,
            "param": param,
            "code": error_code if error_code is not None else default_code,
        }
    }


def status(code: int, body: Any = None, headers: Mapping[str, str] | None = None) -> Status:
    """Any status. ``body``: None -> :func:`error_body`; dict -> JSON; str/bytes -> verbatim."""
    return Status(code, body, dict(headers or {}))


def hang(seconds: float, then: Response | None = None) -> Hang:
    """Sleep before answering; does not block other requests or shutdown."""
    return Hang(seconds, then)


def raw(
    body: bytes | str,
    status: int = 200,
    content_type: str = "application/json",
    headers: Mapping[str, str] | None = None,
) -> Raw:
    """Send ``body`` verbatim (e.g. ``b'{"id": "chatc'``)."""
    if isinstance(body, str):
        body = body.encode()
    return Raw(body, status, content_type, dict(headers or {}))


# --------------------------------------------------------------------------- recording


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received by the fake. ``headers`` keys are lower-cased."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: Any  # parsed body, or None if absent/unparseable
    time: float  # time.monotonic() at arrival
    index: int  # 0-based arrival order

    @property
    def model(self) -> str | None:
        return self.json.get("model") if isinstance(self.json, dict) else None

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.json.get("messages") or []) if isinstance(self.json, dict) else []

    @property
    def response_format(self) -> dict[str, Any] | None:
        return self.json.get("response_format") if isinstance(self.json, dict) else None

    @property
    def json_schema(self) -> dict[str, Any] | None:
        """``response_format.json_schema.schema`` when structured outputs were requested."""
        rf = self.response_format
        if isinstance(rf, dict) and rf.get("type") == "json_schema":
            return (rf.get("json_schema") or {}).get("schema")
        return None

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")


# --------------------------------------------------------------------------- server


class _Aborted(Exception):
    """Server stopped while a handler was hanging: drop the connection silently."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # never keep the interpreter alive...
    block_on_close = False  # ...we join handler threads ourselves, with a timeout
    allow_reuse_address = True
    fake: FakeOpenAI

    def process_request(self, request: Any, client_address: Any) -> None:
        t = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"FakeOpenAI-handler-{client_address[1]}",
            daemon=True,
        )
        self.fake._track(t, request)
        t.start()

    def shutdown_request(self, request: Any) -> None:
        self.fake._untrack_socket(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, (_Aborted, OSError)):
            return  # client went away (e.g. its timeout fired) or we are stopping
        self.fake.errors.append(exc)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeOpenAI/1.0"
    sys_version = ""
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        self.server.fake._handle(self)

    def do_GET(self) -> None:
        self.server.fake._handle(self)

    # Used by FakeOpenAI to write replies.
    def send(self, code: int, body: bytes, content_type: str, headers: Mapping[str, str]) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        # One request per connection: handler threads end right after replying, so
        # stop() never has to fight idle keep-alive connections.
        self.send_header("Connection", "close")
        for k, v in headers.items():
            self.send_header(k, str(v))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()


class FakeOpenAI:
    """Scripted OpenAI chat-completions server on 127.0.0.1:<random port>.

    Attributes: ``base_url`` (``http://127.0.0.1:PORT/v1``), ``url`` (without
    ``/v1``), ``port``, ``requests`` (list of :class:`RecordedRequest`, all paths,
    including rejected ones), ``errors`` (unexpected handler exceptions),
    ``default`` (response used when the queue is empty).
    """

    def __init__(
        self,
        *responses: Response,
        default: Response | None = None,
        require_auth: bool = True,
        api_key: str | None = None,
        model: str = DEFAULT_MODEL,
        stop_timeout: float = 2.0,
    ) -> None:
        self.default: Response = default if default is not None else json_content({"fake": True})
        self.require_auth = require_auth
        self.api_key = api_key  # if set, the bearer token must match exactly
        self.model = model
        self.stop_timeout = stop_timeout
        self.requests: list[RecordedRequest] = []
        self.errors: list[BaseException] = []

        self._queue: deque[Response] = deque(responses)
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: set[socket.socket] = set()
        self._server: _HTTPServer | None = None
        self._serve_thread: threading.Thread | None = None
        self._completion_ids = 0

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> FakeOpenAI:
        if self._server is not None:
            raise RuntimeError("FakeOpenAI already started")
        self._stopping.clear()
        server = _HTTPServer(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._serve_thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"FakeOpenAI-serve-{self.port}",
            daemon=True,
        )
        self._serve_thread.start()
        return self

    def stop(self) -> None:
        """Stop promptly: wakes hanging handlers, closes live connections, joins threads."""
        server = self._server
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._lock:
            sockets = list(self._sockets)
            threads = list(self._threads)
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + self.stop_timeout
        for t in [self._serve_thread, *threads]:
            if t is not None:
                t.join(max(0.0, deadline - time.monotonic()))
        self._server = None
        self._serve_thread = None
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
        if self._threads:
            raise RuntimeError(f"FakeOpenAI: handler threads still alive: {self._threads}")

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> FakeOpenAI:
        return self.start()

    async def __aexit__(self, *exc: object) -> None:
        import asyncio

        await asyncio.to_thread(self.stop)

    # ----------------------------------------------------------------- addresses

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeOpenAI not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (no ``/v1``; also accepted as a base_url)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1`` — pass as ``base_url=`` to the openai client."""
        return f"{self.url}/v1"

    # ----------------------------------------------------------------- scripting

    def enqueue(self, *responses: Response) -> FakeOpenAI:
        """Append responses to the FIFO; each chat request consumes one."""
        with self._lock:
            self._queue.extend(responses)
        return self

    push = enqueue

    def set_default(self, response: Response) -> FakeOpenAI:
        self.default = response
        return self

    @property
    def pending(self) -> int:
        """Number of scripted responses not yet consumed."""
        with self._lock:
            return len(self._queue)

    def reset(self) -> None:
        """Clear the queue and recorded requests (the default is kept)."""
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.errors.clear()

    # ----------------------------------------------------------------- recording

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    @property
    def last_request(self) -> RecordedRequest:
        with self._lock:
            if not self.requests:
                raise AssertionError("FakeOpenAI received no requests")
            return self.requests[-1]

    def wait_for_requests(self, n: int, timeout: float = 2.0) -> list[RecordedRequest]:
        """Block until at least ``n`` requests have arrived (handy with ``hang``)."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.requests) >= n, timeout):
                raise AssertionError(f"expected {n} requests within {timeout}s, got {len(self.requests)}")
            return list(self.requests)

    # ----------------------------------------------------------------- internals

    def _track(self, thread: threading.Thread, sock: socket.socket) -> None:
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
            self._sockets.add(sock)

    def _untrack_socket(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)

    def _next_response(self) -> Response:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        return self.default

    def _handle(self, h: _Handler) -> None:
        arrived = time.monotonic()
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length > 0 else b""
        try:
            parsed: Any = json.loads(body) if body else None
        except ValueError:
            parsed = None
        path = h.path.split("?", 1)[0]
        headers = {k.lower(): v for k, v in h.headers.items()}
        with self._cond:
            rec = RecordedRequest(h.command, path, headers, body, parsed, arrived, len(self.requests))
            self.requests.append(rec)
            self._cond.notify_all()

        if path not in CHAT_PATHS or h.command != "POST":
            self._send_status(h, Status(404, error_body(404, f"Unknown request URL: {h.command} {path}")))
            return
        auth = headers.get("authorization", "")
        token = auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else ""
        if self.require_auth and (not token or (self.api_key is not None and token != self.api_key)):
            self._send_status(
                h,
                Status(
                    401,
                    error_body(
                        401,
                        "You didn't provide an API key (Authorization: Bearer ...)."
                        if not token
                        else "Incorrect API key provided.",
                    ),
                ),
            )
            return
        if not isinstance(parsed, dict):
            self._send_status(h, Status(400, error_body(400, "Request body must be a JSON object.")))
            return

        try:
            self._respond(h, rec, self._next_response())
        except (_Aborted, OSError):
            raise
        except Exception as exc:  # a buggy responder: report it, answer 500
            self.errors.append(exc)
            self._send_status(h, Status(500, error_body(500, f"FakeOpenAI responder failed: {exc!r}")))

    def _respond(self, h: _Handler, rec: RecordedRequest, response: Response) -> None:
        for _ in range(100):  # resolve callables / hang chains
            if isinstance(response, Hang):
                if self._stopping.wait(response.seconds):
                    raise _Aborted()
                response = response.then if response.then is not None else self.default
            elif isinstance(response, (Completion, Status, Raw)):
                break
            elif callable(response):
                response = response(rec.json)
            else:
                raise TypeError(f"not a FakeOpenAI response: {response!r}")
        headers = {"x-request-id": f"req_fake_{rec.index}"}
        if isinstance(response, Completion):
            headers.update(response.headers)
            payload = json.dumps(self._completion_payload(rec, response)).encode()
            h.send(200, payload, "application/json", headers)
        elif isinstance(response, Status):
            self._send_status(h, response, headers)
        elif isinstance(response, Raw):
            headers.update(response.headers)
            h.send(response.status, response.body, response.content_type, headers)
        else:
            raise TypeError(f"responder did not resolve to a response: {response!r}")

    def _send_status(self, h: _Handler, s: Status, headers: Mapping[str, str] | None = None) -> None:
        body = s.body if s.body is not None else error_body(s.code)
        if isinstance(body, str):
            data, ctype = body.encode(), "application/json"
        elif isinstance(body, bytes):
            data, ctype = body, "application/json"
        else:
            data, ctype = json.dumps(body).encode(), "application/json"
        h.send(s.code, data, ctype, {**(headers or {}), **s.headers})

    def _completion_payload(self, rec: RecordedRequest, c: Completion) -> dict[str, Any]:
        with self._lock:
            self._completion_ids += 1
            n = self._completion_ids
        text = c.content if c.content is not None else (c.refusal or "")
        if c.usage is not None:
            usage = dict(c.usage)
        else:
            prompt_tokens = max(1, len(rec.body) // 4)
            completion_tokens = max(1, len(text) // 4)
            usage = {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            }
        return {
            "id": f"chatcmpl-fake{n}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": c.model or rec.model or self.model,
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": c.content,
                        "refusal": c.refusal,
                        "annotations": [],
                    },
                    "logprobs": None,
                    "finish_reason": c.finish_reason,
                }
            ],
            "usage": usage,
            "service_tier": "default",
            "system_fingerprint": "fp_fake",
        }

    def __repr__(self) -> str:
        where = self.base_url if self._server is not None else "stopped"
        return f"<FakeOpenAI {where} requests={len(self.requests)} pending={len(self._queue)}>"
