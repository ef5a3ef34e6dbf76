"""What a check reports: each broken rule as a `Violation`, all of them as a `CheckResult`.

Kept apart from the checker so that every rule module can name the type it returns without
importing the checker that calls it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    message: str
    sentence: int | None = None  # 1-based index of the offending sentence

    def __str__(self) -> str:
        where = f"sentence {self.sentence}: " if self.sentence else ""
        return f"{where}{self.message}"


@dataclass(frozen=True, slots=True)
class CheckResult:
    violations: tuple[Violation, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return not self.violations

    def describe(self) -> list[str]:
        return [str(v) for v in self.violations]
