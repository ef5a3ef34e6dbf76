"""Errors a user can act on, and the words the bot answers them with."""

from __future__ import annotations

from discord import app_commands


class NotModerator(app_commands.CheckFailure):
    def __init__(self) -> None:
        super().__init__(
            "Only moderators can change incident records: you need the Manage Messages permission "
            "or the moderator role set with /factbot config."
        )


class NotInGuild(app_commands.CheckFailure):
    def __init__(self) -> None:
        super().__init__("This command works in a server, not in direct messages.")
