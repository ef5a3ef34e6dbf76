"""Prompt templates kept as files under `prompts/`, each declaring the inputs it takes.

A template whose placeholders and declared inputs disagree fails when it is loaded; a render
with a missing or unexpected input fails loudly, so a renamed variable can never silently
send the model an empty section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
FRONT_MATTER = re.compile(r"\A---\n(?P<head>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)


class PromptError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class PromptTemplate:
    name: str
    inputs: tuple[str, ...]
    body: str

    def render(self, **values: str) -> str:
        missing = [k for k in self.inputs if k not in values]
        extra = [k for k in values if k not in self.inputs]
        if missing or extra:
            raise PromptError(f"prompt {self.name!r}: missing inputs {missing}, unexpected inputs {extra}")
        return PLACEHOLDER.sub(lambda m: values[m.group(1)], self.body)


def parse_template(name: str, text: str) -> PromptTemplate:
    match = FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise PromptError(f"prompt {name!r} must start with a front matter block declaring inputs")
    declared: list[str] = []
    for line in match.group("head").splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "inputs":
            declared = [v.strip() for v in value.strip().strip("[]").split(",") if v.strip()]
    body = match.group("body")
    used = set(PLACEHOLDER.findall(body))
    if used != set(declared):
        raise PromptError(
            f"prompt {name!r}: declared inputs {sorted(declared)} but the text uses {sorted(used)}"
        )
    return PromptTemplate(name, tuple(declared), body)


@lru_cache(maxsize=16)
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> PromptTemplate:
    path = directory / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"prompt file {path} does not exist")
    return parse_template(name, path.read_text(encoding="utf-8"))


def estimate_tokens(text: str) -> int:
    """Roughly four characters a token for English prose: enough to watch prompt size."""
    return max(1, (len(text) + 3) // 4)
