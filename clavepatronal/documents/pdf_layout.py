"""How an uploaded PDF lays out its revisions, and whether the parsers see them all.

A PDF grows by incremental updates: each revision appends objects, a cross-reference
section, `startxref` and `%%EOF`. pypdf and pyHanko start at the last `%%EOF`; poppler
and pdf.js start at the last `startxref` and rebuild what they cannot read. A revision
appended without its `%%EOF` is therefore shown by a viewer yet never checked, and bytes
after the last `%%EOF` (a ZIP, HTML) ride along with a clean-looking file. We accept
only files whose every byte belongs to a revision both parsers account for.
"""

import re
from io import BytesIO

from pyhanko.pdf_utils.reader import PdfFileReader

# What may follow the final %%EOF: PDF white-space (some tools pad with NULs).
PDF_WHITESPACE = b" \t\r\n\x00\x0c"
EOF_MARKER = b"%%EOF"
# A revision's closing lines, as the specification writes them.
REVISION_END = re.compile(rb"startxref[ \t\r\n\x00\x0c]*(\d+)[ \t\r\n\x00\x0c]*%%EOF")
# Words that only a revision (objects, a cross-reference section) contains.
REVISION_WORDS = (b"startxref", b"xref", b"trailer", b"endobj", b"endstream")


class LayoutProblem:
    """Codes returned by `pdf_layout_problem`; the inspection turns them into
    refusals."""

    BROKEN = "broken"
    TRAILING_DATA = "trailing_data"
    HIDDEN_REVISION = "hidden_revision"


def pdf_layout_problem(data: bytes) -> str | None:
    """None when nothing follows the last %%EOF, every revision is closed by
    `startxref` and `%%EOF`, and each closing points to a section pyHanko read (pypdf
    reads the same chain); else the first problem found."""
    last_eof = data.rfind(EOF_MARKER)
    if last_eof < 0:
        return LayoutProblem.BROKEN
    tail = data[last_eof + len(EOF_MARKER) :]
    if tail.strip(PDF_WHITESPACE):
        if any(word in tail for word in REVISION_WORDS):
            return LayoutProblem.HIDDEN_REVISION
        return LayoutProblem.TRAILING_DATA
    closings = REVISION_END.findall(data)
    if not data.count(EOF_MARKER) == data.count(b"startxref") == len(closings):
        return LayoutProblem.HIDDEN_REVISION
    try:
        xrefs = PdfFileReader(BytesIO(data), strict=False).xrefs
        declared = {
            xrefs.get_startxref_for_revision(revision)
            for revision in range(xrefs.total_revisions)
        }
    except Exception:  # noqa: BLE001 - a malformed file fails in many ways
        return LayoutProblem.BROKEN
    # Every revision the file closes is one the parsers followed. (They may follow
    # more: a linearized file's main section is reached through /Prev only, and its
    # first-page section may close with a dummy `startxref 0`.)
    if any(int(value) not in declared for value in closings if int(value) != 0):
        return LayoutProblem.HIDDEN_REVISION
    return None
