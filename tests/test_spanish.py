"""Spanish: per-language phrases and false friends, and the language of each document (lang attribute, then text)."""

import pytest

from analyze.findings import Source, collect_evidence
from analyze.language import declared_language, detect_language, document_language
from analyze.match import Matcher, detect_concepts
from analyze.taxonomy import load_taxonomy
from scrape.extract import extract_document
from scrape.records import TextBlock


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_taxonomy())


def found(matcher, text, lang="es"):
    return {hit.concept for hit in detect_concepts(matcher.for_language(lang), text)}


@pytest.mark.parametrize(("text", "concepts"), [
    ("Todo especialista debe cumplir con el Código de Ética.", {"ethics", "code_of_ethics"}),
    ("El par evitará relaciones duales con los participantes.", {"dual_relationships"}),
    ("Se establecen límites profesionales claros en la relación de ayuda.", {"boundaries"}),
    ("No aceptará regalos ni préstamos de las personas servidas.", {"gifts"}),
    ("Están prohibidas las relaciones románticas o sexuales con los participantes.", {"romantic_sexual"}),
    ("Se mantendrá la confidencialidad de la información de cada participante.", {"confidentiality"}),
    ("Debe evitar cualquier conflicto de intereses.", {"conflict_of_interest"}),
    ("El adiestramiento incluye seis horas de ética profesional.", {"ethics", "ethics_training"}),
    ("Sin acentos: el codigo de etica y las relaciones duales.", {"ethics", "code_of_ethics", "dual_relationships"}),
])
def test_spanish_phrases_find_their_concepts(matcher, text, concepts):
    assert found(matcher, text) >= concepts


@pytest.mark.parametrize("text", [
    "Ofrecemos tratamiento para el diagnóstico dual y los trastornos concurrentes.",
    "La fecha límite para solicitar es el 30 de junio.",
    "Síguenos en nuestras redes sociales.",
])
def test_spanish_false_friends_do_not_count(matcher, text):
    assert found(matcher, text) == set()


def test_spanish_rules_apply_only_to_spanish_documents(matcher):
    assert "dual_relationships" in found(matcher, "Evitar relaciones duales.", "es")
    assert "dual_relationships" not in found(matcher, "Evitar relaciones duales.", "en")


def test_the_quote_keeps_the_original_accents(matcher):
    [hit] = [h for h in detect_concepts(matcher.for_language("es"), "Evitar relaciones duales con participantes.")
             if h.concept == "dual_relationships"]
    assert hit.matched == "relaciones duales" and hit.rule.startswith("phrase (es)")


def test_the_declared_language_comes_first_then_the_detector():
    assert declared_language("es-PR") == "es" and declared_language("EN_us") == "en"
    assert declared_language("fr") == "" and declared_language("") == ""
    spanish = "Los especialistas de apoyo entre pares mantienen límites profesionales con los participantes."
    english = "Peer specialists maintain professional boundaries with the people they serve at all times."
    assert detect_language(spanish) == "es" and detect_language(english) == "en"
    assert document_language("en", spanish) == "en", "a declared language wins"
    assert document_language("", spanish) == "es"
    assert detect_language("Ética") == "en", "too short to judge: the default"


def test_an_html_page_declaring_spanish_is_read_with_the_spanish_rules(matcher):
    page = ('<html lang="es-PR"><body><main><p>El especialista de apoyo entre pares no tendrá relaciones duales.</p>'
            '</main></body></html>')
    extracted = extract_document(page.encode(), "text/html", "https://pr.example/")
    assert extracted.lang == "es-PR"
    evidence = collect_evidence(matcher, [Source("https://pr.example/", extracted.blocks, lang=extracted.lang)])
    assert evidence["dual_relationships"][0].lang == "es"


def test_an_undeclared_spanish_document_is_detected(matcher):
    text = ("Los especialistas certificados deben mantener límites profesionales con las personas que atienden "
            "y evitar las relaciones duales en todo momento.")
    assert collect_evidence(matcher, [Source("handbook.pdf", (TextBlock(text),))])["dual_relationships"][0].lang == "es"


def test_a_spanish_document_that_never_speaks_of_peer_work_is_read_with_the_english_rules_only(matcher):
    text = ("La consejería profesional exige proteger la confidencialidad de la información y evitar los "
            "conflictos de intereses con los clientes de la empresa.")
    assert collect_evidence(matcher, [Source("codigo.pdf", (TextBlock(text),), lang="es")]) == {}
    with_peers = "Los pares deben proteger la confidencialidad de la información de los participantes."
    assert "confidentiality" in collect_evidence(matcher, [Source("codigo.pdf", (TextBlock(with_peers),), lang="es")])


