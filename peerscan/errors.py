"""InputError: bad user input (registry, taxonomy, options), reported with file, line and fix (exit 2)."""

from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputError(Exception):
    """A problem in a file or option the user supplied; the CLI prints it and exits with status 2."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    fix: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text


@dataclass
class InputErrors(Exception):
    """Several InputErrors found in one validation pass, reported together."""

    errors: list[InputError]

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
