"""6. Resident memory: the bot loaded over the big database vs over the seed alone.

Each figure comes from a fresh process (`bench.memory_probe`), so nothing the benchmark
itself allocated is counted.
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench.common import Row, Section
from bench.synth import ROOT

GOAL_MB = 200


def probe(url: str, *, trace: bool = False) -> dict:
    command = [sys.executable, "-m", "bench.memory_probe", url, *(["--trace"] if trace else [])]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"memory probe failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def run(big_url: str, big_size: int, seed_url: str, *, trace: bool) -> Section:
    section = Section("6. Resident memory")
    big = probe(big_url)
    small = probe(seed_url)
    rss, base = big["rss_kb"], small["rss_kb"]
    at_goal_size = big_size >= 100_000
    section.rows.append(
        Row(
            f"Resident memory (VmRSS), bot loaded over {big['incidents']:,} incidents",
            f"{mb(rss)} (peak VmHWM {mb(big['hwm_kb'])})",
            f"same bot over the seed alone ({small['incidents']} incidents): {mb(base)}",
            f"{rss / base:.2f}×",
            f"< {GOAL_MB} MB at 100k",
            (rss / 1024 < GOAL_MB) if at_goal_size else None,
        )
    )
    stages = " → ".join(f"{name} {mb(kb)}" for name, kb in big["stages"])
    base_stages = " → ".join(f"{name} {mb(kb)}" for name, kb in small["stages"])
    section.add(
        "- The probe process loads factbot as `factbot run` does (settings, `open_app` with the OpenAI "
        "drafter "
        "configured, `build_bot` and its cogs), builds the alias index and answers 5 claims (record-built, "
        "no network), reading VmRSS from /proc/self/status after each stage.",
        f"- {big['incidents']:,} incidents: {stages}. The alias index has {big['names']:,} names and took "
        f"{big['name_index_s']:.2f} s to build.",
        f"- Seed only: {base_stages}.",
    )
    grown = (big["stages"][3][1] - big["stages"][2][1]) / 1024
    section.add(
        f"- pymalloc arenas (small Python objects and the free space inside their 1 MiB arenas): "
        f"{big['arenas_before_mb']:.0f} MB before building the index, {big['arenas_after_mb']:.0f} MB after."
    )
    hint = (
        f"building the alias index raises RSS by {grown:.0f} MB "
        f"(from {mb(big['stages'][2][1])} to {mb(big['stages'][3][1])}); pymalloc arenas go from "
        f"{big['arenas_before_mb']:.0f} to {big['arenas_after_mb']:.0f} MB"
    )
    if trace:
        traced = probe(big_url, trace=True)
        top = ", ".join(f"`{name}` {size / 1e6:.1f} MB" for name, size in traced["top_allocations"][:6])
        section.add(
            "- tracemalloc (separate run, live Python objects after answering, "
            f"{traced['traced_total'] / 1e6:.0f} MB in all): {top}. `bot/core/names.py` is the alias index "
            "itself; the SQLAlchemy `cursor.py` entry is "
            "most likely the strings fetched while building it (incident ids) that the index keeps."
        )
        index_mb = sum(
            size for name, size in traced["top_allocations"] if "names.py" in name or "cursor.py" in name
        )
        hint += (
            ", while the index's live objects (tracemalloc: `names.py` + the id strings from "
            f"`cursor.py`) are about {index_mb / 1e6:.0f} MB. The rest is most likely arena fragmentation: "
            "the index is built from all alias rows fetched at once, and the strings it keeps are "
            "scattered among the freed rows, so few arenas can be returned"
        )
    if section.rows[-1].met is False:
        section.rows[-1].hint = hint + "."
    return section
