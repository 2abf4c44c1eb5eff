"""extract_html(): decoded HTML to text blocks (title / heading / navigation / body) and absolute links.

One block per paragraph-like element; inline tags never split a sentence; a content block of nothing but
link text is navigation. Reads ExtractSettings.max_chars.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from scrape.extract_settings import ExtractSettings
from scrape.records import Extracted, Link, TextBlock

# rt/rp: ruby pronunciation guides would split Japanese words; title is read once, up front.
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "math", "head", "title", "iframe",
                          "object", "canvas", "audio", "video", "input", "textarea", "rt", "rp"})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol",
    "option", "p", "pre", "section", "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
CONTENT_TAGS = frozenset({"article", "main"})  # header/footer/aside inside these belong to the content
LANDMARK_TAGS = frozenset({"nav", "menu", "select"})  # always navigation
PAGE_FURNITURE_TAGS = frozenset({"header", "footer", "aside"})  # navigation unless inside CONTENT_TAGS
NAVIGATION_ROLES = frozenset({"navigation", "menu", "menubar", "banner", "contentinfo", "search", "tablist"})
NAVIGATION_WORDS = ("nav", "menu", "breadcrumb", "footer", "sidebar")
# WordPress puts "has-sidebar" on <body>: wrappers of the whole page are never navigation by class name.
NEVER_NAVIGATION_TAGS = frozenset({"html", "body", "main", "article"})
MAIN_TEXT_SHARE = 0.5  # share of the page's characters above which a "sidebar" may really be the content
LONG_PARAGRAPH_CHARS = 100  # a <p> this long is prose, not a menu entry
LINK_SCHEMES = ("http", "https")
_LINE_BREAK = "\x00"  # stands for <br> and <pre> newlines while other whitespace is collapsed
_LINK_MARK = "\x01"  # stands for each character of link text in the prose mask of a block
_LINK_CHARS = re.compile(r"[^\s\x00]")
# Link lists decorate entries with the file's format and size: "(PDF, 210 KB)", "[DOCX 1.2 MB]", "12 pages".
_LINK_DECORATION = re.compile(
    r"\b(?:pdf|docx?|xlsx?|pptx?|rtf|odt|txt|html?|zip|word|excel|powerpoint"
    r"|\d+(?:[.,]\d+)?\s*(?:bytes?|[kmg]i?b|kilobytes?|megabytes?|pages?|pp))\b", re.I)
_WORD = re.compile(r"\w")
_SPACES = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\x00\s*\x00")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_REFRESH_URL = re.compile(r"""url\s*=\s*["']?([^"'\s>]+)""", re.I)


@dataclass(frozen=True)
class _Context:
    region: str = "body"
    in_content: bool = False
    in_pre: bool = False
    in_link: bool = False  # inside an <a href> and no block element between it and the text


def _clean(text: str) -> str:
    """Collapse whitespace to single spaces, keep intended line breaks, drop control characters."""
    text = _CONTROL.sub("", _SPACES.sub(" ", text).replace(_LINE_BREAK, "\n"))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _class_words(tag: Tag) -> list[str]:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    raw = " ".join([*classes, str(tag.get("id") or "")]).lower()
    return [word for word in re.split(r"[^a-z0-9]+", raw) if word]


def _holds_main_text(tag: Tag, page_chars: int) -> bool:
    """True for an element with most of the page's text in long paragraphs: broken markup or odd themes
    can put the article inside a "sidebar" wrapper, and it must not be demoted to navigation."""
    if len(tag.get_text()) < MAIN_TEXT_SHARE * page_chars:
        return False
    long_paragraphs = (p for p in tag.find_all("p") if len(p.get_text()) >= LONG_PARAGRAPH_CHARS)
    return next(long_paragraphs, None) is not None and next(long_paragraphs, None) is not None


def _looks_like_navigation(tag: Tag, page_chars: int) -> bool:
    """Class/id says nav, menu, breadcrumb, footer or sidebar, and the element does not wrap the content."""
    if tag.name in NEVER_NAVIGATION_TAGS or str(tag.get("role") or "").lower() == "main":
        return False
    words = _class_words(tag)
    if not any(word.startswith(NAVIGATION_WORDS) or word.endswith(NAVIGATION_WORDS) for word in words):
        return False
    return tag.find(["main", "article", "h1"]) is None and not _holds_main_text(tag, page_chars)


def _enter(tag: Tag, context: _Context, page_chars: int) -> _Context:
    """The context for the children of tag."""
    name = tag.name
    if name not in BLOCK_TAGS:
        if name == "a" and tag.get("href") and not context.in_link:
            return _Context(context.region, context.in_content, context.in_pre, in_link=True)
        return context  # only block elements change region, so inline tags never split a sentence
    region, in_content, in_pre = context.region, context.in_content, context.in_pre
    role = str(tag.get("role") or "").lower()
    if name in CONTENT_TAGS or role == "main":
        in_content = True
    if name == "pre":
        in_pre = True
    if region != "navigation":
        landmark = name in LANDMARK_TAGS or role in NAVIGATION_ROLES
        furniture = name in PAGE_FURNITURE_TAGS and not in_content
        if landmark or furniture or _looks_like_navigation(tag, page_chars):
            region = "navigation"
        elif name in HEADING_TAGS:
            region = "heading"
    return _Context(region, in_content, in_pre)


def _base_url(soup: BeautifulSoup, url: str) -> str:
    base = soup.find("base", href=True)
    if base is None:
        return url
    try:
        return urljoin(url, str(base["href"]).strip())
    except ValueError:
        return url


def _absolute(base: str, href: str) -> str | None:
    """An absolute http(s) URL for href, or None (mailto:, tel:, javascript:, unparsable)."""
    href = re.sub(r"[\t\r\n]", "", href).strip()
    if not href or href.startswith("#"):
        return None
    try:
        absolute = urljoin(base, href)
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return None
    return absolute if scheme in LINK_SCHEMES else None


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Where the paragraphs of a buffer start and end: old CMS pages separate them with <br><br>."""
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _is_link_only(prose_mask: str) -> bool:
    """True when a block's text is link text plus at most bullets, separators and file format/size notes."""
    if _LINK_MARK not in prose_mask:
        return False
    rest = _LINK_DECORATION.sub(" ", prose_mask.replace(_LINK_MARK, " "))
    return _WORD.search(rest) is None


def _anchor_text(tag: Tag) -> str:
    text = _clean(tag.get_text(" "))
    if text:
        return text.replace("\n", " ")
    for attribute in ("title", "aria-label"):
        if tag.get(attribute):
            return _clean(str(tag[attribute]))
    image = tag.find("img", alt=True)
    return _clean(str(image["alt"])) if image is not None else ""


class _Collector:
    """Walks the tree iteratively (real pages nest thousands deep) gathering blocks and links."""

    def __init__(self, base: str, max_chars: int, page_chars: int):
        self.base = base
        self.page_chars = page_chars
        self.max_chars = max_chars
        self.chars = 0
        self.blocks: list[TextBlock] = []
        self.links: list[Link] = []
        self.seen_links: set[tuple[str, str, str]] = set()
        self.buffer: list[str] = []
        # The buffer with link text masked, to tell a list of links from prose that mentions one.
        self.prose_mask: list[str] = []
        self.buffer_region = "body"

    def flush(self) -> None:
        buffer, prose_mask = "".join(self.buffer), "".join(self.prose_mask)
        for start, end in _paragraph_spans(buffer):
            text = _clean(buffer[start:end])
            if text and self.chars < self.max_chars:
                text = text[: self.max_chars - self.chars]
                self.chars += len(text)
                # A content list of links ("Code of Ethics (PDF)") names documents not read here.
                region = self.buffer_region
                if region == "body" and _is_link_only(prose_mask[start:end]):
                    region = "navigation"
                self.blocks.append(TextBlock(text=text, region=region))
        self.buffer = []
        self.prose_mask = []

    def add_text(self, text: str, context: _Context) -> None:
        if context.region != self.buffer_region and "".join(self.buffer).strip():
            self.flush()
        self.buffer_region = context.region
        text = text.replace("\n", _LINE_BREAK) if context.in_pre else text
        self.buffer.append(text)
        self.prose_mask.append(_LINK_CHARS.sub(_LINK_MARK, text) if context.in_link else text)

    def add_link(self, href: str, text: str, region: str) -> None:
        url = _absolute(self.base, href)
        if url is None or (url, text, region) in self.seen_links:
            return
        self.seen_links.add((url, text, region))
        self.links.append(Link(url=url, text=text, region=region))

    def visit(self, tag: Tag, context: _Context) -> None:
        """Handle what a tag contributes by itself (links, line breaks) before its children are walked."""
        name = tag.name
        if name in ("a", "area") and tag.get("href"):
            self.add_link(str(tag["href"]), _anchor_text(tag), context.region)
        elif name in ("frame", "iframe") and tag.get("src"):
            label = _clean(str(tag.get("title") or tag.get("name") or ""))
            self.add_link(str(tag["src"]), label, context.region)
        elif name == "br":
            self.buffer.append(_LINE_BREAK)
            self.prose_mask.append(_LINE_BREAK)

    def walk(self, root: Tag) -> None:
        stack: list[tuple[Tag, _Context, object]] = [(root, _Context(), iter(root.contents))]
        while stack:
            tag, context, children = stack[-1]
            child = next(children, None)  # type: ignore[call-overload]
            if child is None:
                stack.pop()
                if tag.name in BLOCK_TAGS:
                    self.flush()
                continue
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):  # comments, doctype, CDATA, <?...?>
                    self.add_text(str(child), context)
                continue
            if not isinstance(child, Tag) or child.name in SKIPPED_TAGS:
                if isinstance(child, Tag) and child.name == "iframe":
                    self.visit(child, context)
                continue
            inner = _enter(child, context, self.page_chars)
            self.visit(child, inner)
            if child.name in BLOCK_TAGS:
                self.flush()
            stack.append((child, inner, iter(child.contents)))
        self.flush()


def _title(soup: BeautifulSoup) -> str:
    for title in soup.find_all("title"):
        if title.find_parent("svg") is None:
            return _clean(title.get_text(" ")).replace("\n", " ")
    return ""


def _refresh_links(soup: BeautifulSoup) -> list[str]:
    """Targets of <meta http-equiv="refresh">, which old sites use instead of redirects."""
    targets = []
    for meta in soup.find_all("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)}):
        match = _REFRESH_URL.search(str(meta.get("content") or ""))
        if match:
            targets.append(match.group(1))
    return targets


def extract_html(markup: str, url: str, settings: ExtractSettings) -> Extracted:
    """Blocks and links of an HTML document already decoded to str."""
    # NUL and SOH are our line-break and link-text sentinels and never meaningful in HTML text.
    markup = markup[: settings.max_markup_chars].replace(_LINE_BREAK, "").replace(_LINK_MARK, "")
    soup = BeautifulSoup(markup, "lxml")
    collector = _Collector(_base_url(soup, url), settings.max_chars, len(soup.get_text()))
    title = _title(soup)
    if title:
        collector.blocks.append(TextBlock(text=title, region="title"))
        collector.chars += len(title)
    for target in _refresh_links(soup):
        collector.add_link(target, "", "navigation")
    collector.walk(soup)
    if not title:
        title = next((b.text for b in collector.blocks if b.region == "heading"), "")
    return Extracted(kind="html", title=title, blocks=tuple(collector.blocks), links=tuple(collector.links),
                     lang=_declared_lang(soup))


def _declared_lang(soup: BeautifulSoup) -> str:
    """The <html lang> (or xml:lang) attribute as written, "" when absent: analysis reads the page in it."""
    root = soup.find("html")
    value = root.get("lang") or root.get("xml:lang") if root is not None else ""
    return str(value or "").strip()[:20]
