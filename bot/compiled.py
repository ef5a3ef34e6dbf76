"""The screen's modules compiled to C by mypyc, where they have been built: the same source,
the same answers, about a quarter less time a message (BENCHMARKS.md, section 1).

Every message of a watched channel goes through `detect`, and CPython spends most of that
time interpreting our code rather than matching text. mypyc compiles these modules from their
own type-annotated source, so there is no second implementation to keep equal to the first.
`python -m bot.compiled` (which `make` runs) builds them into `bot/core/_compiled/`;
`bot.core` imports them from there only when they were built from its sources as they are
now, for this Python: an edited module runs as Python until the next build, never as a stale
binary. Without mypy or a C compiler the build says why and everything runs as Python.
FACTBOT_COMPILED=0 in the environment turns the compiled modules off.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path

CORE = Path(__file__).resolve().parent / "core"
COMPILED = CORE / "_compiled"
# bot.core's modules on the screen's path (detect and all it calls per message).
MODULES = ("text", "lexicon", "pattern_scan", "names", "glance", "detect")
GROUP = "bot.core.screen"  # mypyc's shared library: bot/core/screen__mypyc.*.so
STAMP = "stamp.json"


def fingerprint(core: Path = CORE) -> dict[str, str]:
    """What a build is valid for: every source of the core (compiled code also relies on the
    modules it imports) and the extension ABI of this Python."""
    digest = hashlib.sha256()
    for source in sorted(core.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return {"sources": digest.hexdigest(), "abi": str(sysconfig.get_config_var("EXT_SUFFIX"))}


def is_current(compiled: Path = COMPILED, core: Path = CORE) -> bool:
    """Whether `compiled` holds a complete build of the sources in `core` as they are now."""
    try:
        stamp = json.loads((compiled / STAMP).read_text())
    except (OSError, ValueError):
        return False
    return stamp == fingerprint(core)


def enabled() -> bool:
    return os.environ.get("FACTBOT_COMPILED", "1").strip().lower() not in {"0", "false", "no", "off"}


def core_path(path: list[str]) -> list[str]:
    """`bot.core`'s `__path__`, with the compiled modules first when they are usable."""
    if enabled() and is_current():
        return [str(COMPILED), *path]
    return path


def in_use() -> bool:
    """Whether this process runs the compiled screen (for logs and the benchmark report)."""
    import bot.core.detect

    return Path(bot.core.detect.__file__ or "").parent == COMPILED


def build(*, force: bool = False) -> str | None:
    """Compile MODULES into COMPILED; None when done (or already current), else why not."""
    if not force and is_current():
        return None
    try:
        from mypyc.build import mypycify
        from setuptools import Distribution
    except ImportError as error:
        return f"mypyc or setuptools is not installed ({error.name}): pip install -e '.[compiled]'"
    before = fingerprint()
    with tempfile.TemporaryDirectory(prefix="factbot-compiled-") as work:
        workdir = Path(work)
        cwd = os.getcwd()
        os.chdir(workdir)  # setuptools reads whatever pyproject.toml is in the working directory
        try:
            extensions = mypycify(
                # Type errors in the modules they import are not theirs to fail on.
                ["--follow-imports=silent", *(str(CORE / f"{module}.py") for module in MODULES)],
                opt_level="3",
                group_name=GROUP,
                target_dir=str(workdir / "c"),
            )
            distribution = Distribution({"name": "factbot-compiled", "ext_modules": extensions})
            distribution.script_args = [
                "--quiet",
                "build_ext",
                "--build-lib",
                str(workdir / "lib"),
                "--build-temp",
                str(workdir / "obj"),
            ]
            distribution.parse_command_line()
            distribution.run_commands()
        except (Exception, SystemExit) as error:  # a compiler error exits through distutils
            return f"the build failed: {error}"
        finally:
            os.chdir(cwd)
        built = sorted((workdir / "lib" / "bot" / "core").glob("*" + fingerprint()["abi"]))
        if len(built) != len(MODULES) + 1:
            return f"the build made {len(built)} modules, not {len(MODULES) + 1}"
        if fingerprint() != before:
            return "the sources changed during the build"
        _install(built)
    return None


def _install(built: list[Path]) -> None:
    """Replace the previous build; the stamp goes last, so an interrupted install is unused."""
    COMPILED.mkdir(exist_ok=True)
    (COMPILED / STAMP).unlink(missing_ok=True)
    for old in COMPILED.iterdir():
        old.unlink()
    for module in built:
        staged = COMPILED / (module.name + ".tmp")
        shutil.copyfile(module, staged)
        staged.replace(COMPILED / module.name)  # a new file: a running process keeps its mapping
    (COMPILED / STAMP).write_text(json.dumps(fingerprint()))


def main(argv: list[str] | None = None) -> int:
    """Build if needed. Always exits 0 when the build cannot be made: factbot then runs as
    Python, only slower, and says so."""
    args = sys.argv[1:] if argv is None else argv
    if not enabled():
        print("compiled screen: turned off by FACTBOT_COMPILED")
        return 0
    was_current = is_current()
    problem = build(force="--force" in args)
    if problem is not None:
        print(f"compiled screen not built, the screen runs as Python: {problem}", file=sys.stderr)
    elif was_current and "--force" not in args:
        print("compiled screen: up to date")
    else:
        print(f"compiled screen: built {', '.join(MODULES)} into {COMPILED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
