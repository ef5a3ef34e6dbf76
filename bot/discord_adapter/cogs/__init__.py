"""One cog per feature; each receives its dependencies through the bot's `services`."""
