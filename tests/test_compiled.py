"""The compiled screen: loaded only when built from the sources as they are, and it answers
exactly as the Python it was compiled from."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import compiled
from tests.conftest import ROOT


def python(*args: str, **env: str) -> str:
    """The output of a fresh interpreter (which modules load is decided once per process)."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return result.stdout


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A core of one module and a 'build' of it (its stamp is all `is_current` reads)."""
    core, build = tmp_path / "core", tmp_path / "build"
    core.mkdir()
    build.mkdir()
    (core / "detect.py").write_text("SCORE = 0.7\n")
    (build / compiled.STAMP).write_text(json.dumps(compiled.fingerprint(core)))
    return core, build


def test_a_build_of_the_sources_as_they_are_is_current(built):
    core, build = built
    assert compiled.is_current(build, core)


def test_an_edited_source_makes_the_build_stale(built):
    core, build = built
    (core / "detect.py").write_text("SCORE = 0.8\n")
    assert not compiled.is_current(build, core)


def test_a_new_source_in_the_core_makes_the_build_stale(built):
    core, build = built
    (core / "facts.py").write_text("")
    assert not compiled.is_current(build, core)


def test_a_build_for_another_python_is_not_current(built):
    core, build = built
    stamp = json.loads((build / compiled.STAMP).read_text())
    (build / compiled.STAMP).write_text(json.dumps({**stamp, "abi": ".cpython-313-x86_64-linux-gnu.so"}))
    assert not compiled.is_current(build, core)


@pytest.mark.parametrize("stamp", [None, "", "{not json"])
def test_a_missing_or_damaged_stamp_means_no_build(built, stamp):
    core, build = built
    (build / compiled.STAMP).unlink()
    if stamp is not None:
        (build / compiled.STAMP).write_text(stamp)
    assert not compiled.is_current(build, core)


def test_factbot_compiled_0_runs_the_screen_as_python():
    code = "import bot.core.detect as d, bot.compiled as c; print(d.__file__, c.in_use())"
    assert python("-c", code, FACTBOT_COMPILED="0").split() == [
        str(ROOT / "bot" / "core" / "detect.py"),
        "False",
    ]


needs_build = pytest.mark.skipif(
    not (compiled.enabled() and compiled.is_current()),
    reason="the compiled screen is not built for these sources (make compiled)",
)


@needs_build
def test_a_current_build_is_what_the_core_loads():
    assert compiled.in_use()
    from bot.core import detect, glance, names

    assert all(Path(m.__file__ or "").suffix != ".py" for m in (detect, glance, names))


@needs_build
def test_the_compiled_screen_answers_as_the_python_one():
    as_compiled = json.loads(python("-m", "tests.screen_probe"))
    as_python = json.loads(python("-m", "tests.screen_probe", FACTBOT_COMPILED="0"))
    assert len(as_compiled["detect"]) > 500 and any(row[3][0] for row in as_compiled["detect"])
    assert as_compiled == as_python
