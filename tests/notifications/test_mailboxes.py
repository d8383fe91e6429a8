"""Issue 32 (4): code limits count the mailbox an address reaches, so a program
with fifty spellings of one mailbox, from fifty networks, gets one allowance."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from clavepatronal.notifications.mailboxes import mailbox_key
from tests.appointments.conftest import cedula


@pytest.mark.parametrize(
    ("address", "mailbox"),
    [
        ("Ana.Perez+turnos@Gmail.com", "anaperez@gmail.com"),
        ("a.n.a.perez@googlemail.com", "anaperez@gmail.com"),
        ("ana.perez+x+y@empresa.ec", "ana.perez@empresa.ec"),  # dots count here
        ("+solo@empresa.ec", "+solo@empresa.ec"),  # nothing before the tag: kept
        ("  ANA@EMPRESA.EC ", "ana@empresa.ec"),
    ],
)
def test_the_mailbox_of_an_address(address, mailbox):
    assert mailbox_key(address) == mailbox


def aliases(count: int) -> list[str]:
    """`count` spellings of ana.perez@gmail.com: tags, dots and case."""
    spellings = []
    for n in range(count):
        local = "anaperez"
        cut = 1 + n % (len(local) - 1)
        dotted = local[:cut] + "." + local[cut:]
        spellings.append(f"{dotted.title() if n % 2 else dotted}+p{n}@gmail.com")
    return spellings


@pytest.mark.django_db
@pytest.mark.usefixtures("commit_per_request")  # mail goes out as in a request
def test_fifty_aliases_from_fifty_networks_get_one_mailboxs_codes(settings):
    settings.TURNOS_RATE_PER_IP = "1000/h"
    settings.TURNOS_RATE_PER_NETWORK = "1000/h"
    settings.TURNOS_RATE_PER_IDENTIFICATION = "1000/h"
    sent = 0
    for n, address in enumerate(aliases(50)):
        client = Client(REMOTE_ADDR=f"10.{n}.{n}.7")  # a /24 of its own each time
        client.post(
            reverse("appointments:identification"),
            {"identification_type": "CEDULA", "identification": cedula(9000 + n)},
        )
        before = len(mail.outbox)
        client.post(
            reverse("appointments:contact"),
            {"email": address, "mobile": "0991234567"},
        )
        sent += len(mail.outbox) - before
    assert sent == settings.VERIFICATION_MAX_CODES_PER_EMAIL_HOUR
