"""HTML -> PDF with WeasyPrint: the one place that touches the PDF engine.

WeasyPrint needs Pango (a system library); when either is missing the import
fails, and `HandbookUnavailable` says so in a way the CLI can print.
"""

from __future__ import annotations


class HandbookUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) cannot be loaded."""


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its fonts are missing
        raise HandbookUnavailable(
            str(error).splitlines()[0] if str(error) else repr(error)
        ) from None
    return weasyprint


def render_pdf(html: str) -> tuple[bytes, int]:
    """The PDF of `html` (a complete document with every resource inlined) and its page count.

    The bytes depend only on the HTML: the document carries no creation date
    unless the HTML names one (`<meta name="dcterms.created">`), and the file
    identifier is derived from the content.
    """
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html).render()
    return document.write_pdf(), len(document.pages)


def check_available() -> None:
    """Raise HandbookUnavailable now rather than after the work of building the HTML."""
    _weasyprint()
