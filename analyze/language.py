"""The language of a document: its declared HTML lang attribute first, else py3langid on its text (en or es).

py3langid (a maintained fork of langid.py) ships its model inside the wheel, is deterministic (langdetect
is random unless seeded) and can be limited to the languages the taxonomy has rules for.
"""

from functools import lru_cache

SUPPORTED = ("en", "es")
DEFAULT = "en"
SAMPLE_CHARS = 3000  # the detector reads this much of a document: enough for a stable answer, and cheap
MIN_CHARS = 40  # shorter texts (a menu label) are too little to judge: they take the default


def declared_language(lang_attribute: str) -> str:
    """The primary subtag of an HTML lang attribute ("es-PR" → "es"), "" when absent or unsupported."""
    primary = lang_attribute.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in SUPPORTED else ""


@lru_cache(maxsize=1)
def _identifier():
    # Imported on first use: loading the model costs ~0.3 s, which `peerscan --help` should not pay.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(SUPPORTED))
    return identifier


def detect_language(text: str) -> str:
    """en or es for a text, by py3langid limited to those two; the default for short text."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return DEFAULT
    return _identifier().classify(sample)[0]


def document_language(lang_attribute: str, text: str) -> str:
    """The language a document is read in: declared first, detected second."""
    return declared_language(lang_attribute) or detect_language(text)
