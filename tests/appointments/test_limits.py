"""Limits a stranger cannot turn against the owner, and that bind programs: codes
per identification and address, counters per address and per network, the polled
pages, and counters shared by every worker under `make run`."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from clavepatronal.core.ratelimits import client_network
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.services import (
    VerificationError,
    email_verification_confirm,
    email_verification_start,
)

pytestmark = pytest.mark.django_db
OWNER = "1710034065"


def code_for(email, subject=OWNER):
    return email_verification_start(
        purpose=VerificationPurpose.TURNO,
        subject=subject,
        email=email,
        mail_subject="Verificar IESS turno online",
        template_name="verification_code",
    )


def test_a_stranger_cannot_use_up_the_owners_codes(settings):
    settings.VERIFICATION_MAX_CODES_PER_HOUR = 2
    settings.VERIFICATION_MAX_CODES_PER_EMAIL_HOUR = 2
    settings.VERIFICATION_MAX_CODES_PER_SUBJECT_HOUR = 6
    for _ in range(2):
        code_for("extrano@correo.ec")
    with pytest.raises(VerificationError):
        code_for("extrano@correo.ec")
    # The owner, with their own address, still gets codes.
    assert code_for("duena@correo.ec").email == "duena@correo.ec"


def test_a_strangers_code_does_not_cancel_the_owners(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        owner = code_for("duena@correo.ec")
    (message,) = mail.outbox
    owner_code = re.search(r"^\s+(\d{6})\s*$", message.body, re.M).group(1)
    code_for("extrano@correo.ec")  # someone else types the owner's number
    assert email_verification_confirm(verification_id=owner.pk, code=owner_code)


def test_one_identification_has_a_higher_ceiling_across_addresses(settings):
    settings.VERIFICATION_MAX_CODES_PER_SUBJECT_HOUR = 3
    for n in range(3):
        code_for(f"persona{n}@correo.ec")
    with pytest.raises(VerificationError):
        code_for("otra@correo.ec")


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("190.152.10.7", "190.152.10.0/24"),
        ("2800:bf0:1::5", "2800:bf0:1::/64"),
        ("not-an-address", "not-an-address"),
    ],
)
def test_counters_group_an_address_with_its_network(rf, address, network):
    request = rf.get("/", REMOTE_ADDR=address)
    assert client_network(request) == network


def test_the_day_and_hour_page_a_program_polls_is_limited_per_network(settings, db):
    settings.TURNOS_RATE_PAGES_PER_IP = "1000/h"
    settings.TURNOS_RATE_PAGES_PER_NETWORK = "3/h"
    url = reverse("appointments:schedule")
    statuses = [
        Client(REMOTE_ADDR=f"190.152.10.{n}").get(url).status_code for n in range(5)
    ]
    # Each address asks once: the network's budget binds.
    assert 429 not in statuses[:3] and statuses[3:] == [429, 429]
    other_network = Client(REMOTE_ADDR="181.39.2.1").get(url)
    assert other_network.status_code != 429


def test_make_run_counts_in_a_cache_every_worker_shares():
    script = (
        "import django, os;"
        "os.environ['DJANGO_SETTINGS_MODULE']='config.settings.dev';"
        "django.setup();"
        "from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND'])"
    )
    backend = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        env={"PATH": "/usr/bin:/bin", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"},
    ).stdout.strip()
    assert "LocMemCache" not in backend
