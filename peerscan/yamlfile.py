"""Read YAML while keeping the line number of every mapping, so validation can name the line."""

from pathlib import Path
from typing import Any

import yaml

from peerscan.errors import InputError, InputErrors


class _LineLoader(yaml.SafeLoader):
    """SafeLoader recording each mapping's 1-based start line ('__line__') and each key's line ('__lines__')."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value in seen:
                # A repeated key silently replaces the first one (a concept losing its exclusions): refuse it.
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key.value!r}", key.start_mark)
            if isinstance(key, yaml.ScalarNode):
                seen.add(key.value)
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = {
            key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)
        }
        return mapping


def load_yaml_with_lines(path: Path) -> Any:
    """Parse a YAML file; every dict carries '__line__' and '__lines__'. Syntax errors become InputError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path, fix="check the path, or run from the repository root") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path, fix="save the file as UTF-8") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(
            f"YAML syntax error: {exc.problem}", path, line, fix="check indentation and quoting on that line"
        ) from None


def load_yaml_list(path: Path, key: str) -> dict[str, Any]:
    """Parse a YAML file that must be a mapping whose `key` holds a list (registry, taxonomy, hosts…)."""
    doc = load_yaml_with_lines(path)
    if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
        raise InputErrors([InputError(f"expected a mapping whose key '{key}' holds a list", path, 1,
                                      fix=f"start the file with '{key}:' and list the entries under it")])
    return doc


def as_strings(value: object) -> tuple[str, ...]:
    """A YAML field written as one string or a list of them, as a tuple of strings (None: empty)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)
