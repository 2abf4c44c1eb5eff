"""make_pdf(): the tests' and sample web's name for the one small PDF writer, analyze.gold_pdf.write_pdf."""

from analyze.gold_pdf import write_pdf as make_pdf

__all__ = ["make_pdf"]
