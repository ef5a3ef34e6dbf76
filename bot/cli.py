"""The `factbot` command: run the bot, ask once, curate the database, evaluate."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from bot.app import open_app
from bot.core.kb_format import KnowledgeBaseError, knowledge_base_to_json, load_knowledge_base_text
from bot.core.pipeline import Answer
from bot.settings import Settings, SettingsError, load_settings
from bot.storage.migrations import SchemaBehindError

log = logging.getLogger("factbot")


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "is_claim": answer.detection.is_claim,
        "confidence": answer.detection.confidence,
        "incident_id": answer.incident.id if answer.incident else None,
        "claim_id": answer.claim.id if answer.claim else None,
        "verdict": answer.verdict.value if answer.verdict else None,
        "drafted_by": answer.drafted_by if answer.incident else "template",
        "check": {
            "passed": answer.check.passed if answer.check else True,
            "violations": answer.check.describe() if answer.check else [],
        },
        "attempts": [
            {"drafted_by": a.drafted_by, "violations": list(a.violations), "error": a.error}
            for a in answer.attempts
        ],
        "prompt_tokens": answer.prompt_tokens,
        "reply": answer.reply.as_text() if answer.reply else None,
    }


async def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    text = " ".join(args.text)
    async with open_app(settings) as app:
        answer = await app.checker.answer(text, force=True, use_llm=not args.no_llm)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
    else:
        print(answer.reply.as_text() if answer.reply else "(no answer)")
    return 0


async def cmd_console(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.console import run_console

    async with open_app(settings) as app:
        await run_console(app.checker, settings.watch_cooldown_s)
    return 0


async def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.discord_token:
        print("DISCORD_TOKEN is not set: starting the console channel instead.", file=sys.stderr)
        return await cmd_console(settings, args)
    from bot.discord_adapter.runner import run_discord

    return await run_discord(settings)


async def cmd_sync(settings: Settings, _args: argparse.Namespace) -> int:
    if not settings.discord_token:
        print("DISCORD_TOKEN must be set to sync slash commands", file=sys.stderr)
        return 2
    from bot.discord_adapter.runner import run_discord

    return await run_discord(settings, sync_only=True)


async def cmd_db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.storage.database import make_engine
    from bot.storage.migrations import current_revision, head_revision, is_fresh, prepare, upgrade

    engine = make_engine(settings.database_url)
    try:
        if is_fresh(engine):
            prepare(engine)
        else:
            before = current_revision(engine)
            await asyncio.to_thread(upgrade, engine)
            print(f"upgraded the database from revision {before or 'none'}")
        print(f"the database is at revision {head_revision(engine)}")
    finally:
        engine.dispose()
    return 0


async def cmd_db_init(settings: Settings, _args: argparse.Namespace) -> int:
    async with open_app(settings) as app:
        count = await app.repository.count()
    print(f"database ready at {settings.database_url}: {count} incidents")
    return 0


async def cmd_db_import(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        parsed = load_knowledge_base_text(path.read_text(encoding="utf-8"))
    except OSError as error:
        print(f"cannot read {path}: {error.strerror}", file=sys.stderr)
        return 1
    except KnowledgeBaseError as error:
        print(f"{path} was not imported; nothing was written. Problems:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    async with open_app(settings) as app:
        report = await app.repository.import_incidents(parsed.incidents, actor=args.actor)
    print(
        f"imported {len(parsed.incidents)} incidents: {len(report.created)} created, "
        f"{len(report.replaced)} replaced"
    )
    return 0


async def cmd_db_export(settings: Settings, args: argparse.Namespace) -> int:
    async with open_app(settings) as app:
        incidents = await app.repository.all_incidents()
    data = json.dumps(knowledge_base_to_json(incidents), ensure_ascii=False, indent=2) + "\n"
    if args.file == "-":
        sys.stdout.write(data)
    else:
        Path(args.file).write_text(data, encoding="utf-8")
        print(f"exported {len(incidents)} incidents to {args.file}")
    return 0


async def cmd_import_statuspage(settings: Settings, args: argparse.Namespace) -> int:
    from bot.importers.statuspage import StatuspageError, import_statuspage, merge_import

    try:
        imported = await import_statuspage(
            args.source, page_name=args.page_name, timeout_s=args.timeout, max_bytes=args.max_bytes
        )
    except StatuspageError as error:
        print(f"nothing was imported: {error}", file=sys.stderr)
        return 1
    async with open_app(settings) as app:
        batch, kept = [], []
        for record in imported:
            existing = await app.repository.get(record.id)
            if existing is not None and await app.repository.touched_by_moderator(record.id):
                kept.append(record.id)
                continue
            merged = merge_import(existing, record)
            if merged is not None:
                batch.append(merged)
        if batch:
            await app.repository.import_incidents(batch, actor=f"statuspage:{args.source}")
    print(
        f"{len(imported)} incidents read: {len(batch)} saved as pending, "
        f"{len(imported) - len(batch) - len(kept)} unchanged, "
        f"{len(kept)} left alone (moderators acted on them). "
        "Approve one with `factbot db approve ID` or /incident approve."
    )
    return 0


async def cmd_db_approve(settings: Settings, args: argparse.Namespace) -> int:
    from bot.core.curation import approve

    async with open_app(settings) as app:
        incident = await app.repository.get(args.id)
        if incident is None:
            print(f"there is no incident {args.id!r}", file=sys.stderr)
            return 1
        await app.repository.save_change(
            approve(incident), expected_version=incident.version, actor=args.actor
        )
    print(f"{args.id} is approved and will be used for answers")
    return 0


async def cmd_export_claimreview(settings: Settings, args: argparse.Namespace) -> int:
    from bot.exporters.claimreview import claimreview_documents, write_claimreview

    async with open_app(settings) as app:
        incidents = await app.repository.all_incidents(include_pending=False)
    docs = claimreview_documents(incidents, organisation=settings.organisation_name, site_url=args.site_url)
    write_claimreview(args.file, docs)
    print(f"wrote {len(docs)} ClaimReview documents to {args.file}")
    return 0


async def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    from bot.evaluation import EvaluationError, evaluate

    del settings
    try:
        report = await evaluate(Path(args.dir), args.database_url)
    except (EvaluationError, KnowledgeBaseError) as error:
        print(f"evaluation failed: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return 0
    for name, scores in report.scores.items():
        figures = ", ".join(f"{k}={v}" for k, v in scores.items())
        print(f"{name}: {figures}")
    for failure in report.failures:
        print(f"  failed [{failure['file']}]: {failure.get('text') or failure.get('name')}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factbot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("run", help="run the Discord bot, or the console when DISCORD_TOKEN is unset")
    sub.add_parser("console", help="an interactive channel in the terminal")
    sub.add_parser("sync", help="register slash commands (DEV_GUILD_ID: that guild only, else globally)")

    ask = sub.add_parser("ask", help="run the whole pipeline once on TEXT")
    ask.add_argument("text", nargs="+")
    ask.add_argument("--json", action="store_true", help="print the pipeline's result as JSON")
    ask.add_argument("--no-llm", action="store_true", help="use the record-built drafter only")

    db = sub.add_parser("db", help="manage the knowledge base")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("init", help="create the database (and load the seed)")
    db_sub.add_parser("upgrade", help="apply schema migrations to an existing database")
    imp = db_sub.add_parser("import", help="validate FILE, then create or replace its incidents")
    imp.add_argument("file")
    imp.add_argument("--actor", default="cli", help="who the audit log names")
    exp = db_sub.add_parser("export", help="write every incident to FILE ('-' for stdout)")
    exp.add_argument("file")
    appr = db_sub.add_parser("approve", help="approve a pending (imported) incident for answers")
    appr.add_argument("id")
    appr.add_argument("--actor", default="cli", help="who the audit log names")

    importer = sub.add_parser("import", help="import incidents from an operator's status page")
    importer_sub = importer.add_subparsers(dest="import_command", required=True)
    page = importer_sub.add_parser(
        "statuspage", help="an Atlassian Statuspage v2 incidents.json (URL or file)"
    )
    page.add_argument("source")
    page.add_argument("--page-name", default=None, help="the service name when the page does not give one")
    page.add_argument("--timeout", type=float, default=10.0, help="seconds before a download is abandoned")
    page.add_argument("--max-bytes", type=int, default=5_000_000, help="largest file accepted")

    exporter = sub.add_parser("export", help="export curated data in other formats")
    exporter_sub = exporter.add_subparsers(dest="export_command", required=True)
    review = exporter_sub.add_parser(
        "claimreview", help="schema.org ClaimReview JSON-LD for every curated claim"
    )
    review.add_argument("file")
    review.add_argument("--site-url", default=None, help="the page where the fact checks are published")

    ev = sub.add_parser("eval", help="score detection, retrieval and the checker on DIR")
    ev.add_argument("dir")
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--database-url", default=None, help="an empty database to evaluate in")
    return parser


COMMANDS = {
    "ask": cmd_ask,
    "console": cmd_console,
    "run": cmd_run,
    "sync": cmd_sync,
    "eval": cmd_eval,
    ("db", "init"): cmd_db_init,
    ("db", "upgrade"): cmd_db_upgrade,
    ("db", "approve"): cmd_db_approve,
    ("import", "statuspage"): cmd_import_statuspage,
    ("export", "claimreview"): cmd_export_claimreview,
    ("db", "import"): cmd_db_import,
    ("db", "export"): cmd_db_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLogger().level))
    sub_command = {"db": "db_command", "import": "import_command", "export": "export_command"}.get(
        args.command
    )
    key: Any = (args.command, getattr(args, sub_command)) if sub_command else args.command
    try:
        return asyncio.run(COMMANDS[key](settings, args))
    except SchemaBehindError as error:
        print(f"factbot did not start: {error}", file=sys.stderr)
        return 2
    except OperationalError as error:
        print(f"factbot could not use the database: {error.orig}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
