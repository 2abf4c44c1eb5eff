"""Engineering defaults of the build stage (report/): where templates live, how much history to show."""

from dataclasses import dataclass
from pathlib import Path

from peerscan import paths


@dataclass(frozen=True)
class BuildSettings:
    """Defaults for build_site; domain knowledge (concepts, weights) stays in data/taxonomy.yaml."""

    templates_dir: Path = paths.TEMPLATES_DIR
    history_runs_max: int = 52  # newest history runs read for score history and changes (weekly: a year)
    feed_entries_max: int = 20  # Atom entries, newest first
    quote_max_chars: int = 500  # longer quotes are trimmed around the match
    quotes_per_program: int = 3  # evidence quotes shown per concept and program on a state page
    site_title: str = "peerscan: ethics and boundaries in US peer-support certification"
    # Score bins of the map and table colours: (lowest score in the bin, css class, legend text).
    score_bins: tuple[tuple[int, str, str], ...] = (
        (0, "s0", "0"),
        (1, "s1", "1–24"),
        (25, "s2", "25–49"),
        (50, "s3", "50–74"),
        (75, "s4", "75–100"),
    )
