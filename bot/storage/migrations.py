"""Schema versions: alembic migrations in db/migrations, applied by `factbot db upgrade`.

A brand-new database is created from the models and stamped at the newest revision (the
test suite checks that models and migrations agree); an existing database behind the code is
never changed behind anyone's back: the bot refuses to start and says to upgrade.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from bot.storage.database import create_schema

MIGRATIONS = Path(__file__).resolve().parent.parent.parent / "db" / "migrations"


class SchemaBehindError(RuntimeError):
    pass


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """The full-text index tables are created by hand in the migrations, not from the models."""
    return not (type_ == "table" and name is not None and name.startswith("incident_search"))


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Escaped for configparser: URLs may carry %-encoded options (e.g. a search_path).
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    return config


def head_revision(engine: Engine) -> str:
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_fresh(engine: Engine) -> bool:
    return not inspect(engine).has_table("incident")


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def prepare(engine: Engine) -> None:
    """Create a fresh database at the newest schema, or check an existing one is up to date."""
    if is_fresh(engine):
        create_schema(engine)
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.stamp(config, "head")
        return
    current, head = current_revision(engine), head_revision(engine)
    if current != head:
        raise SchemaBehindError(
            f"the database is at schema revision {current or 'none'} but this factbot needs {head}: "
            "back it up, then run `factbot db upgrade`"
        )
