"""`factbot db ...` and the knowledge-base contract, through the real CLI on real SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.kb_format import KnowledgeBaseError, load_knowledge_base_text
from tests.conftest import DEV_EVAL, SEED, seed_json


@pytest.fixture
def db_env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def exported(tmp_path: Path) -> dict:
    out = tmp_path / "export.json"
    assert main(["db", "export", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_seed_is_loaded_when_the_database_is_first_created(db_env: str, tmp_path: Path, capsys):
    assert main(["db", "init"]) == 0
    assert f"{len(seed_json()['incidents'])} incidents" in capsys.readouterr().out


def test_the_default_database_is_a_sqlite_file_under_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["db", "init"]) == 0
    assert (tmp_path / "data" / "factbot.db").is_file()


def test_export_round_trips_the_seed_exactly(db_env: str, tmp_path: Path):
    main(["db", "init"])
    assert exported(tmp_path) == seed_json()


@pytest.mark.skipif(not (DEV_EVAL / "kb.json").is_file(), reason="no shared dev evaluation set")
def test_import_then_export_round_trips_a_file_exactly(db_env: str, tmp_path: Path):
    original = json.loads((DEV_EVAL / "kb.json").read_text(encoding="utf-8"))
    main(["db", "init"])
    assert main(["db", "import", str(DEV_EVAL / "kb.json")]) == 0
    by_id = {i["id"]: i for i in exported(tmp_path)["incidents"]}
    assert [by_id[i["id"]] for i in original["incidents"]] == original["incidents"]


def test_a_bad_record_is_reported_by_id_and_field_and_nothing_is_written(db_env: str, tmp_path: Path, capsys):
    data = seed_json()
    data["incidents"][1]["sources"][0]["url"] = "javascript:alert(1)"
    data["incidents"][2]["started_at"] = "yesterday"
    data["incidents"][0]["title"] = "Changed title that must not be written"
    main(["db", "init"])
    before = exported(tmp_path)
    assert main(["db", "import", str(write(tmp_path / "bad.json", data))]) == 1
    err = capsys.readouterr().err
    assert f"incident '{data['incidents'][1]['id']}', field sources.0.url" in err
    assert f"incident '{data['incidents'][2]['id']}', field started_at" in err
    assert "nothing was written" in err
    assert exported(tmp_path) == before


def test_a_record_whose_id_exists_is_replaced_whole(db_env: str, tmp_path: Path, capsys):
    main(["db", "init"])
    data = seed_json()
    first = data["incidents"][0]
    first["claims"] = first["claims"][:1]
    first["aliases"] = ["only-this-alias"]
    assert main(["db", "import", str(write(tmp_path / "one.json", {"incidents": [first]}))]) == 0
    assert "0 created, 1 replaced" in capsys.readouterr().out
    stored = {i["id"]: i for i in exported(tmp_path)["incidents"]}[first["id"]]
    assert stored == first


def test_a_claim_citing_an_unknown_source_is_rejected():
    data = seed_json()
    data["incidents"][0]["claims"][0]["source_ids"] = ["s404"]
    with pytest.raises(KnowledgeBaseError, match="unknown sources"):
        load_knowledge_base_text(json.dumps(data))


def test_naive_datetimes_are_rejected():
    data = seed_json()
    data["incidents"][0]["started_at"] = "2024-07-19T04:09:00"
    with pytest.raises(KnowledgeBaseError, match="UTC offset"):
        load_knowledge_base_text(json.dumps(data))


def test_a_file_that_is_not_json_gets_a_clear_error(db_env: str, tmp_path: Path, capsys):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["db", "import", str(bad)]) == 1
    assert "not valid JSON" in capsys.readouterr().err


def test_the_seed_file_is_valid_against_the_contract():
    assert load_knowledge_base_text(SEED.read_text(encoding="utf-8")).incidents
