"""charset: HTML bytes decode right whether the charset comes from a BOM, the header, <meta>, or detection."""

from scrape.charset import declared_charsets, decode_body, header_charset, normalize_label

WESTERN = "<p>It’s the café — “quoted” and naïve résumé, 10 € and 5 ½ hours.</p>"


def test_a_windows_1252_page_without_any_declared_charset_comes_out_right():
    text, codec = decode_body(f"<html><body>{WESTERN}</body></html>".encode("cp1252"), "text/html")
    assert WESTERN in text
    assert codec == "cp1252"


def test_a_page_declaring_utf8_but_written_in_windows_1252_still_decodes_right():
    text, _ = decode_body(WESTERN.encode("cp1252"), "text/html; charset=utf-8")
    assert text == WESTERN


def test_stray_windows_1252_bytes_in_a_utf8_page_are_repaired_and_the_utf8_kept():
    body = "<p>Peer’s “code” in UTF-8 — ünïcode.</p>".encode()
    body += "<p>Then a café in cp1252</p>".encode("cp1252")
    text, codec = decode_body(body, "text/html; charset=utf-8")
    assert text == "<p>Peer’s “code” in UTF-8 — ünïcode.</p><p>Then a café in cp1252</p>"
    assert codec == "utf-8+cp1252"


def test_a_utf8_page_with_a_stray_byte_stays_utf8_even_under_a_single_byte_declaration():
    body = ("<p>" + "Peer’s “code” — naïve café. " * 5 + "</p>").encode() + b"<p>stray \xe9</p>"
    text, codec = decode_body(body, "text/html; charset=windows-1252")
    assert text.startswith("<p>Peer’s “code” — naïve café.") and text.endswith("<p>stray é</p>")
    assert codec == "utf-8+cp1252"


def test_the_http_header_charset_is_used_when_the_bytes_agree():
    body = "<p>Zażółć gęślą jaźń</p>".encode("iso-8859-2")
    text, codec = decode_body(body, "text/html; charset=ISO-8859-2")
    assert text == "<p>Zażółć gęślą jaźń</p>" and codec == "iso8859-2"


def test_a_meta_charset_is_used_when_the_header_has_none():
    body = '<html><head><meta charset="windows-1250"></head><body><p>Zażółć gęślą jaźń</p>'.encode("cp1250")
    assert "Zażółć gęślą jaźń" in decode_body(body, "text/html")[0]


def test_a_meta_http_equiv_content_type_is_honoured():
    body = ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>话剧巡演结束</title>'
            .encode("gb2312"))
    assert "话剧巡演结束" in decode_body(body, None)[0]


def test_a_utf8_bom_wins_over_a_wrong_header():
    text, codec = decode_body(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "text/html; charset=iso-8859-1")
    assert text == "<p>café</p>" and codec == "utf-8"


def test_a_utf16_bom_decodes_utf16():
    assert decode_body("\ufeff<p>café</p>".encode("utf-16-le"), None)[0] == "<p>café</p>"


def test_valid_utf8_beats_a_latin1_server_default():
    text, codec = decode_body("<p>naïve café</p>".encode(), "text/html; charset=ISO-8859-1")
    assert text == "<p>naïve café</p>" and codec == "utf-8"


def test_iso_8859_1_is_read_as_windows_1252_like_browsers_do():
    body = "<p>“Curly” quotes</p>".encode("cp1252")
    assert decode_body(body, "text/html; charset=iso-8859-1")[0] == "<p>“Curly” quotes</p>"
    assert normalize_label("latin-1") == "cp1252"


def test_undeclared_non_western_text_is_detected():
    body = "<p>Zażółć gęślą jaźń. Polski tekst o etyce zawodowej i granicach.</p>".encode("cp1250")
    assert "Zażółć gęślą jaźń" in decode_body(body, None)[0]
    korean = "<p>한국어 텍스트입니다. 동료 지원 윤리 강령과 경계에 관한 안내</p>"
    assert decode_body(korean.encode("euc-kr"), None)[0] == korean


def test_unknown_and_junk_labels_are_ignored():
    assert normalize_label("x-no-such-charset") is None
    assert normalize_label("") is None
    assert decode_body(b"<p>plain</p>", "text/html; charset=bogus")[0] == "<p>plain</p>"


def test_a_utf16_meta_label_on_an_ascii_document_means_utf8():
    assert normalize_label("utf-16") == "utf-8"


def test_declarations_are_listed_header_first_then_meta():
    body = b'<meta charset="windows-1251"><p>x</p>'
    assert declared_charsets(body, "text/html; charset=koi8-r") == ["koi8-r", "cp1251"]
    assert header_charset('text/html; charset="UTF-8"') == "UTF-8"
    assert header_charset("text/html") is None


def test_binary_garbage_decodes_without_raising():
    text, _ = decode_body(bytes(range(256)) * 20, "text/html; charset=utf-8")
    assert isinstance(text, str) and text
