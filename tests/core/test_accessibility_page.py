"""/accesibilidad/: the statement, linked from every page's footer, with the
address a barrier is reported to."""

import pytest
from django.urls import reverse

# The footer's opening hours come from the agencies (database, cached).
pytestmark = pytest.mark.django_db


def test_the_statement_names_the_standard_and_the_contact(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "barreras@iess.example.ec"
    page = client.get(reverse("core:accessibility")).content.decode()
    assert "WCAG" in page and "2.2" in page
    assert 'href="mailto:barreras@iess.example.ec"' in page
    assert 'href="/accesibilidad/"' in page  # the footer's link
