"""What changed between two result sets: the records behind `peerscan diff`, the changes page and the feed.

Pure data (RunDiff and its JSON dict); the words people read are peerscan.vocabulary's (change_lines).
"""

from dataclasses import asdict, dataclass

from analyze.results import AppliedReview, JurisdictionResult, ProgramResult, RunResult
from analyze.reviews import normalize_quote

CHANGE_KINDS = ("appeared", "disappeared", "strength")
REVIEW_CHANGE_KINDS = ("added", "removed", "changed", "stale", "fresh")


@dataclass(frozen=True)
class ConceptChange:
    concept: str
    change: str  # appeared | disappeared | strength
    old: str | None  # old strength (body / navigation) or None
    new: str | None


@dataclass(frozen=True)
class ReviewChange:
    """An analyst's decision that is new, gone, changed verdict, or went stale / fresh again since the old run."""

    concept: str
    change: str  # one of REVIEW_CHANGE_KINDS
    verdict: str
    old_verdict: str | None
    reviewer: str
    reviewed_at: str
    url: str
    quote: str


@dataclass(frozen=True)
class ProgramChange:
    state: str
    program_id: str
    program_name: str
    old_score: int | None  # None: the program is new in this run
    new_score: int | None  # None: the program left the registry
    old_status: str | None
    new_status: str | None
    concepts: tuple[ConceptChange, ...] = ()
    last_confirmed: str | None = None  # new run's value, so a stale program's date shows with its change
    unreachable_since: str | None = None
    reviews: tuple[ReviewChange, ...] = ()  # analysts' decisions: reported apart from crawl changes
    review_concepts: tuple[ConceptChange, ...] = ()  # concept changes of concepts whose reviews changed

    @property
    def crawl_changed(self) -> bool:
        """Something the crawl or detection changed (a score change counts here unless reviews explain it)."""
        return bool(self.concepts or self.status_changed or (self.score_changed and not self.review_concepts))

    @property
    def score_changed(self) -> bool:
        return self.old_score != self.new_score

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status


@dataclass(frozen=True)
class StateChange:
    state: str
    name: str
    old_score: int | None
    new_score: int | None


@dataclass(frozen=True)
class RunDiff:
    old_run_id: str
    new_run_id: str
    generated_at: str  # the new run's generated_at
    states: tuple[StateChange, ...] = ()  # only states whose score changed
    programs: tuple[ProgramChange, ...] = ()  # only programs with some change

    @property
    def empty(self) -> bool:
        return not self.states and not self.programs


def diff_concepts(old: ProgramResult | None, new: ProgramResult | None) -> tuple[ConceptChange, ...]:
    """Concepts that appeared, disappeared or changed strength, sorted by concept id."""
    before = {cid: f.strength for cid, f in (old.concepts if old else {}).items()}
    after = {cid: f.strength for cid, f in (new.concepts if new else {}).items()}
    changes = []
    for cid in sorted(before.keys() | after.keys()):
        was, now = before.get(cid), after.get(cid)
        if was == now:
            continue
        kind = "appeared" if was is None else "disappeared" if now is None else "strength"
        changes.append(ConceptChange(cid, kind, was, now))
    return tuple(changes)


def _review_key(review: AppliedReview) -> tuple[str, str, str]:
    return review.concept, review.url, normalize_quote(review.quote)


def diff_reviews(old: ProgramResult | None, new: ProgramResult | None) -> tuple[ReviewChange, ...]:
    """Decisions added, removed, changed, gone stale or fresh again between two runs of a program."""
    before = {_review_key(r): r for r in (old.reviews if old else ())}
    after = {_review_key(r): r for r in (new.reviews if new else ())}
    changes = []
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        if now is None:
            kind = "removed"
        elif was is None:
            kind = "added"
        elif (was.verdict, was.reviewed_at) != (now.verdict, now.reviewed_at):
            kind = "changed"
        elif was.stale != now.stale:
            kind = "stale" if now.stale else "fresh"
        else:
            continue
        shown = now or was
        assert shown is not None
        changes.append(ReviewChange(shown.concept, kind, shown.verdict, was.verdict if was else None, shown.reviewer,
                                    shown.reviewed_at, shown.url, shown.quote))
    return tuple(changes)


def _diff_program(state: str, old: ProgramResult | None, new: ProgramResult | None) -> ProgramChange | None:
    reviews = diff_reviews(old, new)
    reviewed = {r.concept for r in reviews}
    # A concept gained or lost where a decision changed is the analyst's doing, not the crawl's.
    every = diff_concepts(old, new)
    concepts = tuple(c for c in every if c.concept not in reviewed)
    review_concepts = tuple(c for c in every if c.concept in reviewed)
    either = new or old
    assert either is not None
    change = ProgramChange(
        state=state, program_id=either.id, program_name=either.name,
        old_score=old.score if old else None, new_score=new.score if new else None,
        old_status=old.status if old else None, new_status=new.status if new else None,
        concepts=concepts,
        last_confirmed=new.last_confirmed if new else None,
        unreachable_since=new.unreachable_since if new else None,
        reviews=reviews, review_concepts=review_concepts,
    )
    if concepts or change.score_changed or change.status_changed or reviews:
        return change
    return None


def diff_runs(old: RunResult, new: RunResult) -> RunDiff:
    """Per state and program: concepts appeared / disappeared / changed strength; score changes."""
    old_states = {j.state: j for j in old.jurisdictions}
    new_states = {j.state: j for j in new.jurisdictions}
    order = [j.state for j in new.jurisdictions] + [s for s in old_states if s not in new_states]
    states: list[StateChange] = []
    programs: list[ProgramChange] = []
    for code in order:
        was, now = old_states.get(code), new_states.get(code)
        either: JurisdictionResult = now or was  # type: ignore[assignment]
        old_score, new_score = (was.score if was else None), (now.score if now else None)
        if old_score != new_score:
            states.append(StateChange(code, either.name, old_score, new_score))
        before = {p.id: p for p in (was.programs if was else ())}
        after = {p.id: p for p in (now.programs if now else ())}
        ids = list(after) + [pid for pid in before if pid not in after]
        for pid in ids:
            change = _diff_program(code, before.get(pid), after.get(pid))
            if change is not None:
                programs.append(change)
    return RunDiff(old.run_id, new.run_id, new.generated_at, tuple(states), tuple(programs))


def diff_to_dict(diff: RunDiff) -> dict:
    """JSON-ready dict: run ids, then states with their score change and their programs' changes."""
    by_state: dict[str, list[dict]] = {}
    for program in diff.programs:
        by_state.setdefault(program.state, []).append(asdict(program))
    names = {s.state: s for s in diff.states}
    states = []
    for code in dict.fromkeys([s.state for s in diff.states] + list(by_state)):
        score = names.get(code)
        states.append({
            "state": code,
            "name": score.name if score else "",
            "old_score": score.old_score if score else None,
            "new_score": score.new_score if score else None,
            "score_changed": score is not None,
            "programs": by_state.get(code, []),
        })
    reviews = [{"state": p.state, "program_id": p.program_id, "changes": [asdict(r) for r in p.reviews],
                "concepts": [asdict(c) for c in p.review_concepts]} for p in diff.programs if p.reviews]
    # "states" holds every change (as before); "reviews" lists the analysts' decisions that changed, apart.
    return {"old_run_id": diff.old_run_id, "new_run_id": diff.new_run_id,
            "generated_at": diff.generated_at, "empty": diff.empty, "states": states, "reviews": reviews}
