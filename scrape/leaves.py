"""Leaves one hop off-site: which links from an in-scope page to another host are fetched (never followed further).

Documents always; other pages when their anchor text and URL score above settings.leaf_min_relevance by the
crawl vocabulary. Links in menus and footers, the never-follow phrases of data/crawl_vocabulary.yaml ("State
Ethics Commission") and news or directory hosts of data/third_party_hosts.yaml are not fetched. Google Docs and
Drive links become their export/download URLs.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from peerscan.third_parties import ThirdPartyHosts
from scrape.frontier import DOCUMENT_SUFFIXES, Vocabulary, url_words
from scrape.records import Link

# https://developers.google.com/drive/api/guides/ref-export-formats and Docs' documented /export endpoint.
_GOOGLE_DOC = re.compile(r"^https://docs\.google\.com/(document|presentation|spreadsheets)/d/([\w-]{10,})")
_DRIVE_FILE = re.compile(r"^https://drive\.google\.com/file/d/([\w-]{10,})")
_EXPORT = {"document": "export?format=txt", "presentation": "export/pdf", "spreadsheets": "export?format=csv"}
# Kinds of data/third_party_hosts.yaml whose pages never speak for a program, even when its page links them;
# file sharing (a program's own Drive files), form services and training vendors (its curriculum) may.
NOT_LEAVES = frozenset({"news", "sponsored_content", "national_directory", "commercial_directory", "law_mirror",
                        "content_farm", "site_mirror"})


def export_url(url: str) -> str | None:
    """The documented export or download URL of a Google Docs/Drive link; None for any other URL."""
    match = _GOOGLE_DOC.match(url)
    if match:
        kind, doc_id = match.groups()
        return f"https://docs.google.com/{kind}/d/{doc_id}/{_EXPORT[kind]}"
    match = _DRIVE_FILE.match(url)
    if match:
        return f"https://drive.google.com/uc?export=download&id={match.group(1)}"
    parts = urlsplit(url)
    if parts.netloc == "drive.google.com" and parts.path in ("/open", "/uc"):
        ids = parse_qs(parts.query).get("id")
        if ids:
            return f"https://drive.google.com/uc?export=download&id={ids[0]}"
    return None


def is_document(url: str) -> bool:
    """A PDF or Word file by its path, or a Google export/download URL."""
    path = urlsplit(url).path.lower()
    return path.endswith(DOCUMENT_SUFFIXES) or export_url(url) == url


@dataclass(frozen=True)
class Leaf:
    """An off-site link chosen as a leaf: the URL to fetch (export URL for Google files) and why."""

    url: str
    why: str  # document or relevant


@dataclass(frozen=True)
class LeafPolicy:
    """Decides which off-site links are leaves; built once per run from the vocabulary and settings."""

    vocabulary: Vocabulary
    min_relevance: float
    never: tuple[str, ...] = ()  # lower-case phrases: a link whose text holds one is not fetched
    third_parties: ThirdPartyHosts = ThirdPartyHosts()

    def relevance(self, link: Link) -> float:
        v = self.vocabulary
        return v.anchor_weight * v.score_text(link.text) + v.url_weight * v.score_text(url_words(link.url))

    def choose(self, link: Link) -> tuple[Leaf | None, str]:
        """The leaf to fetch for an off-site link, or None and the counter name of the reason."""
        text = " ".join(link.text.lower().split())
        if any(phrase in text for phrase in self.never):
            return None, "leaf_never_follow"
        if link.region == "navigation":
            return None, "leaf_in_navigation"  # menus and footers link every agency; content links choose
        listed = self.third_parties.match(link.url)
        if listed is not None and listed.kind in NOT_LEAVES:
            return None, "leaf_third_party"
        url = export_url(link.url) or link.url
        if is_document(url):
            return Leaf(url, "document"), "leaf_document"
        if self.relevance(link) >= self.min_relevance:
            return Leaf(url, "relevant"), "leaf_relevant"
        return None, "leaf_not_relevant"
