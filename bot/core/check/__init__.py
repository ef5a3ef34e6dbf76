"""Checks a draft against the incident records before anything can be posted.

Every rule here is one way a fluent model answer can be wrong while looking right: a
fabricated source, an edited quote, a swapped number, time zone or date, a figure made more
exact than the sources give it or moved to another place or party, a name, technical term or
cause the sources never mention, a flipped negation, a job title, certainty or scope the
sources do not give, who depends on whom, who did what or who said what turned round, a
verdict that disagrees with the moderators, or text that would ping people. Each failure is reported in
words, so the drafter can be told what to fix and a maintainer can read why a reply was
rejected.

The package, from the bottom up: `results` (what a check reports), `vocabulary` (word lists
and patterns), `reading` (how text is read), `evidence` (what a sentence may rely on), one
module per family of rules (`figures`, `names`, `roles`, `certainty`, `scope`, `parties`,
`negation`, `support`) and `checker`, which runs them all.
"""

from bot.core.check.checker import ANY_CLAIM, check_draft
from bot.core.check.checker import _check_sentence as _check_sentence  # read by bench/checker.py
from bot.core.check.results import CheckResult, Violation

__all__ = ["ANY_CLAIM", "CheckResult", "Violation", "check_draft"]
