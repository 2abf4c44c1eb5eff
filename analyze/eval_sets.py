"""`peerscan eval`: the dev gold sets (tuning data) or, with --sealed, the pinned real-wording test, once.

Writes the figures into data/eval.json (dev and sealed figures side by side) for the methodology page;
returns the reports (titled) for the CLI to print.
"""

import datetime as dt
from pathlib import Path

from analyze.evaluate import (
    EvalReport,
    check_sealed,
    eval_to_dict,
    evaluate_gold,
    read_agreement,
    report_to_dict,
    write_eval,
)
from analyze.taxonomy import Taxonomy


def evaluate_dev(taxonomy: Taxonomy, gold: Path, dev_sets: list[Path], independent: Path | None,
                 eval_path: Path) -> list[tuple[str, EvalReport]]:
    """Evaluate the tuned gold set, the other dev sets present, and the earlier sealed batch."""
    report = evaluate_gold(gold, taxonomy)
    reports = [(f"{gold.name} (tuned on)", report)]
    dev = {gold.name: report_to_dict(report)}
    for path in dev_sets:
        if path.is_file():
            other = evaluate_gold(path, taxonomy)
            reports.append((f"{path.name} (dev: tuned on)", other))
            dev[path.name] = report_to_dict(other)
    unseen = evaluate_gold(independent, taxonomy) if independent is not None and independent.is_file() else None
    if unseen is not None:
        reports.append((f"{independent.name} (earlier sealed batch, never tuned on)", unseen))
    write_eval(eval_path, {**eval_to_dict(report, unseen), "dev": dev})
    return reports


def evaluate_sealed(taxonomy: Taxonomy, test: Path, pin: Path, agreement: Path | None,
                    eval_path: Path) -> tuple[str, EvalReport, dict | None]:
    """Evaluate the sealed test after checking its pinned SHA-256 (InputError, nothing read, when it differs)."""
    digest = check_sealed(test, pin)
    report = evaluate_gold(test, taxonomy)
    sealed = {"file": test.name, "sha256": digest, "taxonomy_sha256": taxonomy.sha256,
              "evaluated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), **report_to_dict(report)}
    kappa = read_agreement(agreement)
    if kappa is not None:
        sealed["agreement"] = kappa
    write_eval(eval_path, {"sealed": sealed})
    return f"{test.name} (SEALED real-wording test, sha256 {digest[:12]}…)", report, kappa
