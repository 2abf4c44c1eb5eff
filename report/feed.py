"""feed.xml: an Atom feed with one entry per run that changed something (newest first).

Links are relative to the feed (resolved against its own URL), so the site works on any static host.
"""

import xml.etree.ElementTree as ET

from report.changes import RunChangeView

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00Z"  # <updated> of a feed without runs: fixed, so builds stay deterministic


def _stamp(value: str) -> str:
    # Atom wants RFC 3339; run ids like 2026-11-26T2142Z and bare dates are widened to it.
    if len(value) == 10:
        return value + "T00:00:00Z"
    if len(value) >= 15 and value[13] != ":" and value[10] == "T":
        return f"{value[:13]}:{value[13:15]}:00Z"
    return value if value else EPOCH


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def build_feed(changes: tuple[RunChangeView, ...], title: str, updated: str, max_entries: int) -> bytes:
    """The Atom document for the given run changes."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", title + " — changes")
    _text(feed, "id", "urn:peerscan:changes")
    _text(feed, "updated", _stamp(updated))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": "changes.html"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": "feed.xml"})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "peerscan")
    for change in [c for c in changes if not c.empty][:max_entries]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", f"Changes in run {change.run_id}")
        _text(entry, "id", f"urn:peerscan:run:{change.run_id}")
        _text(entry, "updated", _stamp(change.generated_at or change.run_id))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                 "href": f"changes.html#{change.anchor}"})
        lines = list(change.states)
        for program in change.programs:
            lines += [f"{program.state_name} — {program.program_name}: {line}" for line in program.lines]
        for program in change.reviews:
            lines += [f"Analyst review, {program.state_name} — {program.program_name}: {line}" for line in program.lines]
        _text(entry, "summary", "\n".join(lines), type="text")
    ET.indent(feed, space=" ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
