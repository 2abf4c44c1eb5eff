"""A generated local mirror of program sites for the crawl benchmark: N programs × ~60 documents each.

Run as `python bench/mirror.py FIRST COUNT`: serves programs FIRST..FIRST+COUNT-1 on 127.0.0.1 (one port each),
prints their base URLs as one JSON line, and serves until stdin closes.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from peerscan.localweb import LocalSite, Response  # noqa: E402
from tests.minipdf import make_pdf  # noqa: E402

SECTIONS = 8
TOPICS_PER_SECTION = 6
PDFS = 3
WORDS = ("peer support certification training ethics boundaries application renewal supervision recovery "
         "wellness confidentiality conduct standards handbook competencies community resources").split()


def _paragraphs(seed: int, count: int) -> str:
    out = []
    for p in range(count):
        words = [WORDS[(seed * 7 + p * 3 + i * 5) % len(WORDS)] for i in range(60)]
        out.append("<p>" + " ".join(words).capitalize() + ".</p>")
    return "".join(out)


def site_routes(program: int) -> dict[str, Response]:
    """The ~60 documents of one program site: home, sections, topic pages, PDF handbooks."""
    nav = " ".join(f'<a href="/section-{s}/">Section {s} certification</a>' for s in range(SECTIONS))
    docs = " ".join(f'<a href="/docs/handbook-{k}.pdf">Handbook {k}</a>' for k in range(PDFS))

    def page(title: str, body: str) -> Response:
        return Response(f"<!doctype html><html><head><title>{title}</title></head><body><nav>{nav}</nav>"
                        f"<main><h1>{title}</h1>{body}</main><footer>{docs}</footer></body></html>")

    routes: dict[str, Response] = {
        "/robots.txt": Response("User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        "/": page(f"Program {program}", _paragraphs(program, 3)),
    }
    for s in range(SECTIONS):
        topics = " ".join(f'<a href="/section-{s}/topic-{t}.html">Topic {t} ethics</a>' for t in range(TOPICS_PER_SECTION))
        routes[f"/section-{s}/"] = page(f"Section {s}", _paragraphs(program + s, 2) + topics)
        for t in range(TOPICS_PER_SECTION):
            routes[f"/section-{s}/topic-{t}.html"] = page(f"Topic {s}.{t}", _paragraphs(program * s + t, 4))
    for k in range(PDFS):
        lines = [f"Handbook {k} of program {program}: code of ethics and boundaries, page {n}." for n in range(30)]
        routes[f"/docs/handbook-{k}.pdf"] = Response(make_pdf([lines, lines]), content_type="application/pdf")
    return routes


def documents_per_site() -> int:
    return 1 + SECTIONS * (1 + TOPICS_PER_SECTION) + PDFS


def main() -> None:
    first, count = int(sys.argv[1]), int(sys.argv[2])
    sites = [LocalSite(site_routes(i)) for i in range(first, first + count)]
    for site in sites:
        # Headers and body go out in two writes; without TCP_NODELAY, Nagle + delayed ACK add ~40 ms per response.
        handler = site._server.RequestHandlerClass
        site._server.RequestHandlerClass = type("FastHandler", (handler,), {"disable_nagle_algorithm": True})
        site.start()
    print(json.dumps([s.base for s in sites]), flush=True)
    sys.stdin.read()
    for site in sites:
        site.stop()


if __name__ == "__main__":
    main()
