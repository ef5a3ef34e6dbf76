"""Status-page import with approval, ClaimReview export and backups, through the real CLI."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import postgres_base_url, postgres_schema, seed_json

STATUSPAGE = Path(__file__).parent / "data" / "statuspage" / "incidents.json"
FIRST = "statuspage-acme-cloud-x8kq1mz0vd3n"  # "Elevated error rates for Git operations"


@pytest.fixture
def db_env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def status_page() -> Iterator[tuple[str, dict]]:
    """A loopback server for incidents.json; tests may change the served document."""
    served = {"status": 200, "body": STATUSPAGE.read_bytes()}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(served["status"])
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(served["body"])))
            self.end_headers()
            self.wfile.write(served["body"])

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v2/incidents.json", served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def export(tmp_path: Path, name: str = "export.json") -> dict:
    out = tmp_path / name
    assert main(["db", "export", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def by_id(data: dict) -> dict[str, dict]:
    return {i["id"]: i for i in data["incidents"]}


def ask(capsys: pytest.CaptureFixture[str], text: str) -> dict:
    capsys.readouterr()
    assert main(["ask", text, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_imported_incidents_wait_for_approval_before_answers(
    db_env: str, status_page, tmp_path: Path, capsys
):
    url, _ = status_page
    assert main(["import", "statuspage", url]) == 0
    stored = by_id(export(tmp_path))
    imported = [i for i in stored.values() if i["id"].startswith("statuspage-")]
    assert len(imported) == 6 and all(i["state"] == "pending" for i in imported)
    assert stored[FIRST]["sources"][0]["url"].startswith("http")
    assert ask(capsys, "acme cloud git operations outage?")["incident_id"] is None
    assert main(["db", "approve", FIRST]) == 0
    assert ask(capsys, "acme cloud git operations outage?")["incident_id"] == FIRST


def test_a_reimport_updates_pending_records_but_never_a_moderators_work(
    db_env: str, status_page, tmp_path: Path
):
    url, served = status_page
    main(["import", "statuspage", url])
    main(["db", "approve", FIRST])
    changed = json.loads(STATUSPAGE.read_text(encoding="utf-8"))
    for incident in changed["incidents"]:
        incident["name"] += " (updated)"
    served["body"] = json.dumps(changed).encode()
    assert main(["import", "statuspage", url]) == 0
    stored = by_id(export(tmp_path))
    assert not stored[FIRST]["title"].endswith("(updated)")
    others = [i for key, i in stored.items() if key.startswith("statuspage-") and key != FIRST]
    assert all(i["title"].endswith("(updated)") for i in others)


@pytest.mark.parametrize(("status", "body"), [(404, b'{"error": "not found"}'), (200, b'{"incidents": [')])
def test_a_failed_import_writes_nothing(db_env: str, status_page, tmp_path: Path, capsys, status, body):
    url, served = status_page
    served.update(status=status, body=body)
    main(["db", "init"])
    before = export(tmp_path)
    capsys.readouterr()
    assert main(["import", "statuspage", url]) == 1
    assert "nothing was imported" in capsys.readouterr().err
    assert export(tmp_path) == before


def test_claimreview_export_covers_every_curated_claim(db_env: str, tmp_path: Path):
    out = tmp_path / "claimreview.json"
    assert main(["export", "claimreview", str(out), "--site-url", "https://factbot.example/checks"]) == 0
    docs = json.loads(out.read_text(encoding="utf-8"))
    assert len(docs) == sum(len(i["claims"]) for i in seed_json()["incidents"])
    assert {d["reviewRating"]["alternateName"] for d in docs} <= {
        "supported",
        "refuted",
        "misleading",
        "unverified",
    }


@pytest.mark.skipif(postgres_base_url() is None, reason="PostgreSQL runs are off (set FACTBOT_TEST_POSTGRES)")
def test_a_backup_moves_between_sqlite_and_postgresql_exactly(
    monkeypatch: pytest.MonkeyPatch, status_page, tmp_path: Path
):
    url, _ = status_page
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'first.db'}")
    main(["import", "statuspage", url])
    original = export(tmp_path, "first.json")
    with postgres_schema() as postgres:
        monkeypatch.setenv("DATABASE_URL", postgres)
        assert main(["db", "import", str(tmp_path / "first.json")]) == 0
        through_postgres = export(tmp_path, "second.json")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'third.db'}")
    assert main(["db", "import", str(tmp_path / "second.json")]) == 0
    back = export(tmp_path, "third.json")
    assert by_id(through_postgres) == by_id(original) == by_id(back)
    assert any(i.get("state") == "pending" for i in back["incidents"])
