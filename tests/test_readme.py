"""The README: exactly two set-up commands near the top, a commands table in sync with `--help`."""

import re

import typer.main

from peerscan import paths
from peerscan_cli.cli import app

README = (paths.REPO_ROOT / "README.md").read_text(encoding="utf-8")


def cli_commands() -> dict[str, str]:
    """'peerscan <name>' -> first line of its help, for every command and sub-command."""
    root = typer.main.get_command(app)
    found: dict[str, str] = {}

    def walk(group, prefix: str) -> None:
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                walk(command, f"{prefix} {name}")
            else:
                found[f"{prefix} {name}"] = (command.help or "").strip().splitlines()[0]

    walk(root, "peerscan")
    return found


def readme_table() -> dict[str, str]:
    rows = re.findall(r"^\| `(peerscan [a-z -]+)` \| (.+?) \|$", README, flags=re.MULTILINE)
    return dict(rows)


def test_commands_table_lists_every_command_with_its_help_text():
    assert readme_table() == cli_commands()


def test_readme_gives_exactly_two_setup_commands_before_the_commands_table():
    setup = README.split("## Set up and run", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", setup, flags=re.DOTALL).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command():
    ci = (paths.REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, flags=re.MULTILINE)
