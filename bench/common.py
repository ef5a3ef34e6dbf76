"""Small helpers shared by the benchmarks: percentiles, timing, results."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def profile(fn: Callable[[], object], top: int = 8) -> tuple[str, list[str]]:
    """cProfile of `fn()`: a table of the `top` functions by own time, and their short names."""
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    return profile_table(profiler, top)


def profile_table(profiler, top: int = 8) -> tuple[str, list[str]]:
    import io
    import pstats
    import sys
    from pathlib import Path

    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    text = out.getvalue()
    lines = text[text.index("ncalls") :].rstrip().splitlines()
    root = str(Path(__file__).resolve().parent.parent) + "/"
    prefixes = [root, *sorted({p + "/" for p in sys.path if p}, key=len, reverse=True)]

    def short(path: str) -> str:
        for prefix in prefixes:
            path = path.replace(prefix, "")
        return path

    ranked = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)  # type: ignore[attr-defined]
    names = []
    for (filename, line, function), _values in ranked[:top]:
        if filename == "~":
            names.append(function)
            continue
        if function.startswith("<"):  # a comprehension: name the function it is in
            function = f"{function} in {_enclosing(filename, line)}"
        names.append(f"{short(filename)}:{line}({function})")
    return "\n".join(short(line) for line in lines), names


def _enclosing(filename: str, line: int) -> str:
    import ast
    from pathlib import Path

    try:
        tree = ast.parse(Path(filename).read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return "?"
    best = "module"
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.lineno <= line <= (
            node.end_lineno or node.lineno
        ):
            best = node.name
    return best


def clear_caches() -> int:
    """Empty every cache in factbot's modules (`functools` ones, and detect's results), so
    timed text is new to the bot (as a chat message is); returns how many were cleared."""
    import sys

    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("bot.") or module is None:
            continue
        for value in list(vars(module).values()):
            if (
                not isinstance(value, type)
                and callable(getattr(value, "cache_clear", None))
                and getattr(value, "__module__", "") == name
            ):
                value.cache_clear()
                cleared += 1
    return cleared


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def p50(values: list[float]) -> float:
    return percentile(values, 50)


def p95(values: list[float]) -> float:
    return percentile(values, 95)


def ms(seconds: float) -> str:
    value = seconds * 1000
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    if value >= 1:
        return f"{value:.2f} ms"
    return f"{value:.3f} ms"


def best_of(repeats: int, fn: Callable[[], object]) -> tuple[float, list[float]]:
    """Run `fn` `repeats` times; the fastest run (least disturbed) and all timings."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return min(timings), timings


def spread(timings: list[float]) -> str:
    if len(timings) < 2:
        return ""
    return f"median {statistics.median(timings):.3f} s, min {min(timings):.3f} s over {len(timings)} runs"


@dataclass
class Row:
    """One line of the results table."""

    benchmark: str
    figure: str
    baseline: str
    ratio: str
    goal: str
    met: bool | None  # None: no goal, or not measurable here
    hint: str = ""  # where the time or memory goes, when the goal is not met


@dataclass
class Section:
    """One benchmark's report: its table rows plus the details written under it."""

    title: str
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, *lines: str) -> None:
        self.details.extend(lines)
