"""adopted_code: which named code a program adopts (NAADAC, IC&RC, NAPS, a board's own, a state's own), with evidence."""

import pytest

from analyze.findings import Source, collect_adopted_codes
from analyze.match import Matcher
from analyze.results import run_from_dict, run_to_dict
from analyze.taxonomy import load_taxonomy
from scrape.records import TextBlock


@pytest.fixture(scope="module")
def codes():
    return Matcher(load_taxonomy().code_taxonomy())


def adopted(codes, *texts, region="body", lang=""):
    sources = [Source("https://x.example/code", tuple(TextBlock(t, region) for t in texts), lang=lang)]
    return {a.code: a for a in collect_adopted_codes(codes, sources)}


@pytest.mark.parametrize(("text", "code"), [
    ("All certified peer specialists must abide by the NAADAC Code of Ethics.", "NAADAC Code of Ethics"),
    ("Candidates sign the IC&RC Code of Ethics before the exam.", "IC&RC Code of Ethics"),
    ("Our training follows the National Practice Guidelines for Peer Supporters.", "NAPS National Practice Guidelines"),
    ("The Pennsylvania Certification Board Code of Ethical Conduct applies to all CPS.",
     "certification board's own code"),
    ("Peer specialists follow the Department's Code of Ethics for Peer Specialists.", "state's own code"),
])
def test_a_named_code_is_recorded_with_its_quote_and_rule(codes, text, code):
    found = adopted(codes, text)
    assert list(found) == [code]
    assert found[code].evidence.quote == text and found[code].evidence.rule


def test_a_sentence_naming_a_known_code_is_not_also_a_board_s_own(codes):
    found = adopted(codes, "The certification board adopted the NAADAC Code of Ethics.")
    assert list(found) == ["NAADAC Code of Ethics"]


def test_state_employee_codes_and_unnamed_codes_are_not_adopted_codes(codes):
    assert adopted(codes, "The Department's Code of Ethics for state employees covers gifts.") == {}
    assert adopted(codes, "Peers must follow a code of ethics.") == {}


def test_a_spanish_program_s_own_code(codes):
    found = adopted(codes, "Los pares cumplirán con el Código de Ética de ASSMCA.", lang="es")
    assert list(found) == ["state's own code"]


def test_adopted_codes_survive_the_results_file(codes):
    from analyze.results import JurisdictionResult, ProgramResult, RunResult
    found = collect_adopted_codes(codes, [Source("u", (TextBlock("We adopt the NAADAC Code of Ethics."),))])
    run = RunResult("r1", "t", (JurisdictionResult("OH", "Ohio", 10, (
        ProgramResult("oh-a", "A", 10, "ok", adopted_code=found),)),))
    data = run_to_dict(run)
    assert data["jurisdictions"][0]["programs"][0]["adopted_code"][0]["code"] == "NAADAC Code of Ethics"
    assert run_from_dict(data) == run
