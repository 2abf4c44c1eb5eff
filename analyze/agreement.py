"""Agreement of the automatic detection with analysts: precision on reviewed findings, real misses among near misses.

Counted from the decisions a run applied (ProgramResult.reviews); intervals are 95% Wilson score intervals.
"""

import math
from dataclasses import dataclass

from analyze.results import RunResult

Z_95 = 1.959964  # standard normal quantile of a two-sided 95% interval


@dataclass(frozen=True)
class Proportion:
    """k of n, with its 95% Wilson interval (None when n is 0)."""

    k: int
    n: int

    @property
    def value(self) -> float | None:
        return self.k / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.k, self.n)


@dataclass(frozen=True)
class Agreement:
    precision: Proportion  # confirmed / (confirmed + rejected) automatic findings
    real_misses: Proportion  # missed / (missed + confirmed absent) near misses
    reviewers: tuple[str, ...] = ()
    added_misses: int = 0  # misses analysts reported outside the sample (not in either rate)


def wilson_interval(k: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """Wilson score interval of k successes in n trials; None for n = 0."""
    if n <= 0:
        return None
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def measure_agreement(run: RunResult) -> Agreement:
    """Every decision counts once, stale or not: it judged the detection as it was when reviewed."""
    counts = {"confirm": 0, "reject": 0, "missed": 0, "absent": 0, "added": 0}
    reviewers = set()
    for jurisdiction in run.jurisdictions:
        for program in jurisdiction.programs:
            for review in program.reviews:
                reviewers.add(review.reviewer)
                if review.kind == "finding":
                    counts[review.verdict] += 1
                elif review.kind == "near_miss":
                    counts["missed" if review.verdict == "missed" else "absent"] += 1
                else:
                    counts["added"] += 1
    return Agreement(Proportion(counts["confirm"], counts["confirm"] + counts["reject"]),
                     Proportion(counts["missed"], counts["missed"] + counts["absent"]), tuple(sorted(reviewers)),
                     counts["added"])
