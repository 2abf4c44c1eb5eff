"""Engineering defaults of the analyze stage (domain knowledge lives in data/taxonomy.yaml)."""

from dataclasses import dataclass, field

from analyze.near_miss import NearMissSettings
from analyze.staleness import StalenessSettings


@dataclass(frozen=True)
class AnalyzeSettings:
    """Tunable numbers of detection and evidence; units in the names."""

    fuzzy_min_ratio: float = 88.0  # rapidfuzz ratio (0-100) for reading a word as a taxonomy word; tuned on gold
    max_evidence_per_concept: int = 3  # quotes kept per concept and program
    max_quotes_per_file_concept: int = 10  # quotes `peerscan detect` prints per concept and file
    max_quote_chars: int = 320  # longer sentences are cut to a window around the match
    max_sentence_chars: int = 1000  # run-on text (tables, PDFs without punctuation) is matched in pieces
    negation_before_chars: int = 80  # a negation cue this close before a match voids it
    negation_after_chars: int = 40  # "… is not covered" this close after a match voids it
    staleness: StalenessSettings = field(default_factory=StalenessSettings)  # when a failing program is "unreachable"
    near_miss: NearMissSettings = field(default_factory=NearMissSettings)  # the review sheet's closest sentences
