"""The pipeline's pure parts (detect, retrieve, draft, check, render): nothing here knows Discord.

The screen's modules load from their compiled build when it is current (see bot.compiled).
"""

from bot.compiled import core_path

__path__ = core_path(__path__)
