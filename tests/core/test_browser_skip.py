"""Without Chromium, `make test` skips the journeys and says why; CI makes it fail.

The decision is e2e/conftest.py's chromium_or_skip, which the `browser` fixture
calls before anything else; tested here in this process."""

import pytest

from e2e.conftest import chromium_or_skip

MISSING = "/nonexistent/chromium"


def test_journeys_are_skipped_with_a_visible_reason_without_chromium(monkeypatch):
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        chromium_or_skip(MISSING)
    assert str(skipped.value) == (
        f"Chromium no está instalado en {MISSING} (apt-get install chromium): "
        "se omiten las pruebas de navegador"
    )


def test_ci_fails_the_journeys_when_chromium_is_missing(monkeypatch):
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception) as failed:
        chromium_or_skip(MISSING)
    assert "Chromium no está instalado" in str(failed.value)


def test_an_installed_chromium_is_used(monkeypatch, tmp_path):
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    chromium = tmp_path / "chromium"
    chromium.write_text("")
    assert chromium_or_skip(str(chromium)) is None


def test_the_browser_fixture_skips_before_it_starts_playwright(monkeypatch):
    """The fixture itself (its function, run here without Playwright): with no
    Chromium it stops at the skip, never reaching sync_playwright."""
    from e2e import conftest

    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    monkeypatch.setattr(conftest, "CHROMIUM", MISSING)
    fixture = conftest.browser.__wrapped__(transactional_db=None)
    with pytest.raises(pytest.skip.Exception, match="Chromium no está instalado"):
        next(fixture)
