"""Every download carries the same headers, whatever it serves."""

import io

import pytest

from clavepatronal.documents.responses import file_response


@pytest.mark.parametrize(
    "content", [b"%PDF-1.7 ...", io.BytesIO(b"%PDF-1.7 ...")], ids=["bytes", "file"]
)
@pytest.mark.parametrize("inline", [False, True])
def test_a_download_is_private_typed_and_sandboxed(content, inline):
    response = file_response(
        content,
        filename="acta-entrega-ÁB12.pdf",
        content_type="application/pdf",
        inline=inline,
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline" if inline else "attachment")
    assert "acta-entrega-" in disposition
