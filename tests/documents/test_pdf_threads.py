"""PDFs drawn at the same time in one process (threads) all come out whole."""

import io
import threading

import pypdf

from clavepatronal.documents.pdf import paragraph, render_pdf

# Each document uses its own run of glyphs, so each builds a different font subset.
TEXTS = [
    "".join(chr(c) for c in range(start, start + 160))
    for start in (0x100, 0x180, 0x370, 0x400, 0x1E00, 0x2000)
]


THREADS, ROUNDS = 12, 20


def test_parallel_builds_do_not_corrupt_each_other():
    results, errors = [], []
    barrier = threading.Barrier(THREADS)

    def draw(n: int) -> None:
        try:
            barrier.wait()
            for round_ in range(ROUNDS):
                text = TEXTS[(n + round_) % len(TEXTS)]
                results.append(
                    render_pdf(
                        title=f"Documento {n}-{round_}",
                        code_label="Código",
                        code_display=f"PRUEBA-{n}-{round_}",
                        qr_data=f"https://ejemplo.ec/{n}/{round_}",
                        body=[paragraph(text)],
                    )
                )
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))

    threads = [threading.Thread(target=draw, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == THREADS * ROUNDS
    for content in results:
        page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
        assert "Documento" in page.extract_text()
