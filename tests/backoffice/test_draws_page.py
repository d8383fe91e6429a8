"""Administrators see each draw: applications, seats, winners and the seed's hash
(the seed itself only once drawn); other roles do not."""

import pytest
from django.urls import reverse

from clavepatronal.appointments.services import draws_prepare
from tests.appointments.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def sorteo(quito):
    quito.allocation_mode = "SORTEO"
    quito.save()
    (draw,) = draws_prepare(now=NOW)
    return draw


def test_administrators_see_each_draw(as_admin, sorteo):
    page = as_admin.get(reverse("backoffice:draws")).content.decode()
    assert sorteo.seed_hash in page and sorteo.seed not in page
    assert sorteo.agency.name in page


def test_an_officer_does_not_see_the_draws_page(as_servidor, sorteo):
    assert as_servidor.get(reverse("backoffice:draws")).status_code == 403
