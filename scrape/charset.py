"""decode_body(): an HTML or text response's bytes to str, trusting BOM, header, <meta>, then the bytes.

Declarations are often wrong on program sites, so a declaration only wins when the bytes agree with it;
otherwise valid UTF-8, a mixed UTF-8/windows-1252 repair, or charset-normalizer's detection decides.
"""

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)
# WHATWG Encoding Standard: browsers decode these labels as a superset; we match what users saw.
_SUPERSETS = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "iso8859-11": "cp874",
              "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030", "euc_kr": "cp949",
              "shift_jis": "cp932", "big5": "big5hkscs"}
_META_SCAN_BYTES = 8192  # where <meta charset> may sit (WHATWG says 1024 bytes; CMS pages exceed it)
# Characters windows-1252 text from a US site plausibly contains; anything else suggests another code page.
_STRONG_UTF8_EVIDENCE = 10.0  # valid UTF-8 characters per invalid byte that overrule a declared charset
_WESTERN = set("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŒœŠšŽžŸ"
               "‘’“”„‚–—…•€™©®°§¶·«»¡¿£¢¥½¼¾±\xa0")


def _repair_with_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode error handler: a byte that is not valid UTF-8 is read as windows-1252 (the usual culprit)."""
    bad = error.object[error.start:error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("peerscan-cp1252", _repair_with_cp1252)


def normalize_label(label: str | None) -> str | None:
    """The Python codec for a charset label, widened to the superset browsers use; None when unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # an ASCII-compatible document cannot really be UTF-16 (WHATWG rule for <meta>)
    return _SUPERSETS.get(name, name)


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def declared_charsets(body: bytes, content_type: str | None) -> list[str]:
    """Codecs declared by the header, the XML declaration and <meta> tags, in order of authority."""
    labels = [header_charset(content_type)]
    head = body[:_META_SCAN_BYTES]
    xml = _XML_DECLARATION.match(head)
    if xml:
        labels.append(xml.group(1).decode("ascii", "replace"))
    labels += [m.group(1).decode("ascii", "replace") for m in _META_CHARSET.finditer(head)]
    codecs_found: list[str] = []
    for label in labels:
        name = normalize_label(label)
        if name and name not in codecs_found:
            codecs_found.append(name)
    return codecs_found


def _utf8_evidence(body: bytes) -> float:
    """Valid multi-byte UTF-8 characters per invalid byte (inf when there are no invalid bytes).

    Text in a legacy code page seldom forms valid UTF-8 sequences, so each one is evidence of UTF-8
    with a few stray windows-1252 bytes pasted in.
    """
    text = body.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = sum(1 for char in text if char > "\x7f") - invalid
    return valid / invalid if invalid else float("inf")


def _plausibly_cp1252(body: bytes) -> bool:
    """True when the bytes decode as windows-1252 into Western letters and punctuation only."""
    try:
        text = body.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(char in _WESTERN for char in text if char > "\x7f")


def _detect(body: bytes) -> str | None:
    """charset-normalizer's guess, but windows-1252 when it fits: US program sites are the common case."""
    if _plausibly_cp1252(body):
        return "cp1252"
    best = from_bytes(body).best()
    if best is None:
        return None
    if "cp1252" in best.could_be_from_charset:
        return "cp1252"
    return normalize_label(best.encoding)


def decode_body(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decoded text and the codec used; never raises (undecodable bytes become U+FFFD)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(name, errors="replace"), name
    declared = declared_charsets(body, content_type)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        evidence = _utf8_evidence(body)
    else:
        # Valid UTF-8 with non-ASCII bytes is almost never an accident, so it beats a single-byte declaration
        # (and pure ASCII reads the same in every ASCII-compatible charset).
        return text, "utf-8"
    if evidence >= _STRONG_UTF8_EVIDENCE:
        return body.decode("utf-8", errors="peerscan-cp1252"), "utf-8+cp1252"
    for name in declared:
        if name == "utf-8":
            continue
        try:
            return body.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    if evidence >= 1.0:
        return body.decode("utf-8", errors="peerscan-cp1252"), "utf-8+cp1252"
    detected = _detect(body)
    if detected:
        return body.decode(detected, errors="replace"), detected
    return body.decode("cp1252", errors="replace"), "cp1252"
