"""Who publishes each registry URL: official seeds are crawled, third-party pages are references only."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerscan.errors import InputErrors
from peerscan.registry import load_registry
from peerscan.third_parties import load_third_party_hosts
from peerscan_cli.cli import app

runner = CliRunner()
ENTRY = """\
programs:
  - id: ak-pspc
    state: AK
    name: Peer Support Professional
    credentials: [Peer Support Professional]
    body: Alaska Commission for Behavioral Health Certification
    type: combined
    seeds:
      - {url: https://board.example.org/peer/, publisher: board}
    references:
      - {url: https://news.example.org/story, publisher: third_party, note: a newspaper story}
    source: https://board.example.org/peer/
    verified: 2026-11-28
    changes:
      - {date: 2026-11-28, seen_at: https://board.example.org/peer/, note: board page found}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "programs.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def check(tmp_path: Path, text: str):
    path = write(tmp_path, text)
    return path, runner.invoke(app, ["registry", "check", "--registry", str(path)])


@pytest.mark.parametrize("kind", ["agency", "board", "administrator"])
def test_each_official_publisher_kind_is_a_crawlable_seed(tmp_path, kind):
    program = load_registry(write(tmp_path, ENTRY.replace("publisher: board", f"publisher: {kind}"))).programs[0]
    assert program.seeds == ("https://board.example.org/peer/",)
    assert program.publisher_of("https://board.example.org/peer/") == kind
    assert program.publisher_of("https://board.example.org/peer/handbook.pdf") == kind  # same host
    assert program.publisher_of("https://elsewhere.example.net/x") == ""
    assert program.has_official_page


def test_references_are_kept_with_their_publisher_and_never_become_seeds(tmp_path):
    program = load_registry(write(tmp_path, ENTRY)).programs[0]
    assert [(r.url, r.publisher, r.note) for r in program.references] == [
        ("https://news.example.org/story", "third_party", "a newspaper story")]
    assert "https://news.example.org/story" not in program.seeds
    assert [(c.date, c.seen_at) for c in program.changes] == [("2026-11-28", "https://board.example.org/peer/")]


def test_a_seed_marked_third_party_is_rejected_with_line_and_fix(tmp_path):
    path, result = check(tmp_path, ENTRY.replace("peer/, publisher: board}", "peer/, publisher: third_party}"))
    assert result.exit_code == 2
    assert f"{path}:9:" in result.output
    assert "third party's page, which is never crawled" in result.output
    assert "fix: move it under 'references:'" in result.output


def test_a_seed_on_a_known_third_party_host_is_rejected_whatever_publisher_it_claims(tmp_path):
    text = ENTRY.replace("https://board.example.org/peer/, publisher: board",
                         "https://copelandcenter.com/peer-specialists/alaska, publisher: agency")
    path, result = check(tmp_path, text)
    assert result.exit_code == 2
    assert f"{path}:9:" in result.output
    assert "copelandcenter.com, a known third-party host (national_directory" in result.output
    assert "fix: move it under 'references:'" in result.output


def test_subdomains_of_a_listed_host_are_third_party_too():
    hosts = load_third_party_hosts()
    assert hosts.match("https://www.adn.com/sponsored-content/x").host == "adn.com"
    assert hosts.match("https://form.jotform.com/123").host == "jotform.com"
    assert hosts.match("https://notadn.com/") is None


@pytest.mark.parametrize(
    ("seed", "line", "expected"),
    [("https://board.example.org/peer/", 8, "does not say who publishes it"),  # a bare URL: the 'seeds:' line
     ("{url: https://board.example.org/peer/, publisher: state}", 9, "seed publisher 'state' is not one of"),
     ("{url: https://board.example.org/peer/}", 9, "seed publisher None is not one of")],
    ids=["plain-url", "unknown-kind", "missing-kind"],
)
def test_every_seed_must_name_an_official_publisher_kind(tmp_path, seed, line, expected):
    text = ENTRY.replace("{url: https://board.example.org/peer/, publisher: board}", seed)
    path, result = check(tmp_path, text)
    assert result.exit_code == 2
    assert f"{path}:{line}:" in result.output
    assert expected in result.output
    assert "publisher: agency" in result.output  # the fix shows the shape


def test_a_program_with_only_references_has_no_official_page(tmp_path):
    text = ENTRY.replace("    seeds:\n      - {url: https://board.example.org/peer/, publisher: board}\n",
                         "    seeds: []\n")
    program = load_registry(write(tmp_path, text)).programs[0]
    assert program.seeds == () and not program.has_official_page
    assert program.references[0].url == "https://news.example.org/story"
    _, result = check(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert "programs with no official web page found: 1 (ak-pspc)" in result.output


def test_a_program_with_neither_seeds_nor_references_is_rejected(tmp_path):
    text = ENTRY.replace("    seeds:\n      - {url: https://board.example.org/peer/, publisher: board}\n",
                         "    seeds: []\n")
    text = text.replace("    references:\n      - {url: https://news.example.org/story, publisher: third_party,"
                        " note: a newspaper story}\n", "")
    with pytest.raises(InputErrors, match="no seeds and no references"):
        load_registry(write(tmp_path, text))


def test_an_allow_entry_on_a_third_party_host_is_rejected(tmp_path):
    text = ENTRY.replace("    source:", "    allow: [regulations.justia.com]\n    source:")
    with pytest.raises(InputErrors, match="allow entry regulations.justia.com is on regulations.justia.com"):
        load_registry(write(tmp_path, text))


@pytest.mark.parametrize(
    ("change", "expected"),
    [("{date: 2026-11-28, note: no url}", "change seen_at must be a URL"),
     ("{date: yesterday, seen_at: https://x.example.org/, note: n}", "change date 'yesterday' is not a date"),
     ("{date: 2026-11-28, seen_at: https://x.example.org/}", "a change needs date, seen_at and note")],
    ids=["no-url", "bad-date", "no-note"],
)
def test_each_change_keeps_where_when_and_why(tmp_path, change, expected):
    text = ENTRY.replace("{date: 2026-11-28, seen_at: https://board.example.org/peer/, note: board page found}", change)
    with pytest.raises(InputErrors, match=expected):
        load_registry(write(tmp_path, text))


def test_the_bundled_registry_crawls_no_third_party_page():
    registry, hosts = load_registry(), load_third_party_hosts()
    seeds = [page for p in registry.programs for page in p.seed_pages]
    assert seeds and all(page.publisher in ("agency", "board", "administrator") for page in seeds)
    assert not [page.url for page in seeds if hosts.match(page.url)]
    for program in registry.programs:
        assert len(program.seed_pages) == len(program.seeds)


def test_the_bundled_third_party_list_gives_a_reason_for_every_host():
    hosts = load_third_party_hosts().hosts
    assert len(hosts) >= 20
    assert all(len(h.reason) > 20 for h in hosts)
    assert {"copelandcenter.com", "adn.com", "regulations.justia.com", "jotform.com", "wixlib.com"} <= {h.host for h in hosts}


def test_a_broken_third_party_list_names_file_and_line(tmp_path):
    path = tmp_path / "hosts.yaml"
    path.write_text("hosts:\n  - {host: example.com, kind: news}\n  - {host: https://x.org/, kind: news, reason: r}\n")
    with pytest.raises(InputErrors) as caught:
        load_third_party_hosts(path)
    text = str(caught.value)
    assert f"{path}:2:" in text and "needs 'host', 'kind' and 'reason'" in text
    assert f"{path}:3:" in text and "not a bare host name" in text
