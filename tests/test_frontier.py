"""frontier: relevance ordering from the vocabulary, scope, depth, dedupe and per-pattern caps."""

from scrape.frontier import Frontier, drain_frontier, load_vocabulary
from scrape.urls import build_scope

VOCABULARY = load_vocabulary()


def frontier(max_depth=3, max_per_pattern=5, allow=()) -> Frontier:
    return Frontier(build_scope(("https://agency.gov/",), allow), VOCABULARY, max_depth, max_per_pattern, 300)


def drain(f: Frontier) -> list[str]:
    out = []
    while (entry := f.pop()) is not None:
        out.append(entry.url)
    return out


def test_the_vocabulary_scores_ethics_words_fuzzily_and_penalizes_calendars():
    assert VOCABULARY.score_text("Code-of-Ethics") > 0
    assert VOCABULARY.score_text("Professional Boundary Guidelines") > VOCABULARY.score_text("Staff directory")
    assert VOCABULARY.score_text("Events calendar") < 0


def test_a_short_text_does_not_count_as_every_longer_term_containing_it():
    assert VOCABULARY.score_text("Hand") == 0
    assert VOCABULARY.score_text("Code") == 0
    assert VOCABULARY.score_text("Boundary") > 0  # near spellings still count


def test_ethics_links_pop_before_unrelated_ones():
    f = frontier()
    f.add("https://agency.gov/", 0, seed=True)
    f.add("https://agency.gov/news/road-closures", 1, "Road closures")
    f.add("https://agency.gov/calendar", 1, "Events calendar")
    f.add("https://agency.gov/peer/code-of-ethics", 1, "Code of Ethics for Peer Specialists")
    f.add("https://agency.gov/docs/CPS-handbook.pdf", 1, "Certification handbook")
    order = drain(f)
    assert order[0] == "https://agency.gov/"
    assert set(order[1:3]) == {"https://agency.gov/peer/code-of-ethics", "https://agency.gov/docs/CPS-handbook.pdf"}
    assert order[-1] == "https://agency.gov/calendar"


def test_the_parent_page_relevance_lifts_its_links():
    f = frontier()
    f.add("https://agency.gov/a", 2, "Read more", parent_relevance=10.0)
    f.add("https://agency.gov/b", 2, "Read more", parent_relevance=0.0)
    assert drain(f) == ["https://agency.gov/a", "https://agency.gov/b"]


def test_a_url_is_queued_once_whatever_its_tracking_parameters_or_fragment():
    f = frontier()
    assert f.add("https://agency.gov/ethics", 1)
    assert not f.add("https://agency.gov/ethics#section-2", 1)
    assert not f.add("https://agency.gov/ethics?utm_source=newsletter", 1)
    assert len(f) == 1 and f.skipped["duplicate"] == 2


def test_links_outside_scope_or_too_deep_are_not_queued():
    f = frontier(max_depth=2, allow=("https://partner.org/peer/",))
    assert not f.add("https://other.com/ethics", 1)
    assert not f.add("https://partner.org/unrelated", 1)
    assert f.add("https://partner.org/peer/handbook.pdf", 1)
    assert not f.add("https://agency.gov/deep", 3)
    assert f.skipped == {"out_of_scope": 2, "too_deep": 1}


def test_a_calendar_trap_is_capped_per_path_pattern():
    f = frontier(max_per_pattern=3)
    for month in range(1, 40):
        f.add(f"https://agency.gov/calendar?month={month}&year=2026", 1, "Next month")
    f.add("https://agency.gov/peer/ethics", 1, "Ethics")
    popped = drain(f)
    assert popped[0] == "https://agency.gov/peer/ethics"
    assert len([u for u in popped if "calendar" in u]) == 3
    assert f.skipped["pattern_cap"] == 36


def test_ever_growing_urls_are_skipped():
    f = frontier()
    assert not f.add("https://agency.gov/search?q=" + "a" * 400, 1)
    assert f.skipped["url_too_long"] == 1


def test_mark_seen_keeps_a_redirect_target_from_being_fetched_again():
    f = frontier()
    f.mark_seen("https://agency.gov/new-home")
    assert not f.add("https://agency.gov/new-home", 1)


def test_draining_keeps_to_the_budget_and_waits_for_pages_in_progress_to_add_links():
    import asyncio

    f = frontier()
    f.add("https://agency.gov/", 0, seed=True)
    visited = []

    async def visit(entry):
        visited.append(entry.url)
        await asyncio.sleep(0.01)
        if entry.depth == 0:  # the only entry at first: the second worker must wait for these links
            for i in range(10):
                f.add(f"https://agency.gov/page-{chr(97 + i)}", 1, "Ethics" if i == 7 else "Other")

    asyncio.run(drain_frontier(f, visit, lambda: 4 - len(visited), 2, on_error=lambda exc: None))
    assert len(visited) == 4
    assert visited[:2] == ["https://agency.gov/", "https://agency.gov/page-h"]


def test_a_visit_that_raises_is_reported_and_draining_goes_on():
    import asyncio

    f = frontier()
    for name in ("a", "b", "c"):
        f.add(f"https://agency.gov/{name}", 1)
    errors, visited = [], []

    async def visit(entry):
        visited.append(entry.url)
        if entry.url.endswith("/b"):
            raise RuntimeError("bug")

    asyncio.run(drain_frontier(f, visit, lambda: 10, 2, on_error=errors.append))
    assert len(visited) == 3 and [str(e) for e in errors] == ["bug"]
