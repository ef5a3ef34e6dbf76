"""The machine the benchmarks ran on, read from /proc and the libraries themselves."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import discord
import sqlalchemy
from sqlalchemy import create_engine, text

from bench.synth import ROOT
from bot import compiled


def _cpuinfo() -> tuple[str, int]:
    model, physical = "unknown", set()
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or "unknown", 0
    core = package = None
    for line in lines:
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "model name" and model == "unknown":
            model = value
        elif key == "physical id":
            package = value
        elif key == "core id":
            core = value
            physical.add((package, core))
    return model, len(physical)


def _memtotal_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _git() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return f"{head}{' + uncommitted changes' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def postgres_version(url: str) -> str:
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar_one()
        engine.dispose()
        return str(version)
    except Exception as error:  # report, don't fail
        return f"unavailable ({type(error).__name__})"


def describe(postgres_url: str | None) -> list[tuple[str, str]]:
    model, physical = _cpuinfo()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = f"{usable} usable logical CPUs"
    if physical:
        cores += f" ({physical} physical cores reported)"
    return [
        ("Date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", model),
        ("Cores", cores),
        ("RAM", f"{_memtotal_gib():.1f} GiB"),
        ("OS", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Python", sys.version.split()[0] + f" ({platform.python_implementation()})"),
        ("SQLite", sqlite3.sqlite_version),
        ("PostgreSQL", postgres_version(postgres_url) if postgres_url else "not used"),
        ("Libraries", f"discord.py {discord.__version__}, SQLAlchemy {sqlalchemy.__version__}"),
        ("Code", f"git {_git()}"),
        ("Screen", _screen()),
    ]


def _screen() -> str:
    if not compiled.in_use():
        return "Python (the compiled screen is not built for this code)"
    try:
        mypy = importlib.metadata.version("mypy")
    except importlib.metadata.PackageNotFoundError:
        mypy = "unknown"
    return f"compiled by mypyc (mypy {mypy}), as `make` builds it"
