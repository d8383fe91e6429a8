"""Optional consent: given with the proof of the text (version, hash, text),
withdrawn in one step, one live consent per person and purpose."""

import hashlib

import pytest
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from clavepatronal.audit.models import AuditEvent
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.privacy.models import Consent, ConsentPurpose
from clavepatronal.privacy.services.consent import (
    CONSENT_TEXTS,
    consent_give,
    consent_live,
    consent_withdraw,
)
from tests.appointments.conftest import cedula

pytestmark = pytest.mark.django_db

PERSON = cedula(77)
SMS = ConsentPurpose.RECORDATORIOS_SMS


def test_giving_stores_the_exact_text_its_version_and_hash():
    consent = consent_give(identification=PERSON, purpose=SMS)
    version, text = CONSENT_TEXTS[SMS]
    assert consent.text == str(text)
    assert consent.text_version == version
    assert consent.text_sha256 == hashlib.sha256(str(text).encode()).hexdigest()
    assert consent.given_at is not None and consent.withdrawn_at is None
    assert consent_live(identification=PERSON, purpose=SMS) == consent
    assert AuditEvent.objects.filter(action="consentimiento.otorgado").exists()


def test_withdrawing_stops_it_at_once_and_keeps_the_proof():
    consent_give(identification=PERSON, purpose=SMS)
    consent_withdraw(identification=PERSON, purpose=SMS)
    assert consent_live(identification=PERSON, purpose=SMS) is None
    kept = Consent.objects.get()
    assert kept.withdrawn_at >= kept.given_at
    assert AuditEvent.objects.filter(action="consentimiento.retirado").exists()
    # Given again later: a new record, the old proof untouched.
    consent_give(identification=PERSON, purpose=SMS)
    assert Consent.objects.count() == 2


def test_twice_given_or_nothing_to_withdraw_is_refused():
    with pytest.raises(ApplicationError):
        consent_withdraw(identification=PERSON, purpose=SMS)
    consent_give(identification=PERSON, purpose=SMS)
    with pytest.raises(ApplicationError):
        consent_give(identification=PERSON, purpose=SMS)
    assert Consent.objects.count() == 1


def test_the_database_holds_one_live_consent_per_person_and_purpose():
    consent = consent_give(identification=PERSON, purpose=SMS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            identification=PERSON,
            purpose=SMS,
            text_version=consent.text_version,
            text_sha256=consent.text_sha256,
            text=consent.text,
            given_at=timezone.now(),
        )


def test_the_screen_pattern_offers_withdrawal_as_easily_as_giving():
    version, text = CONSENT_TEXTS[SMS]
    empty = render_to_string(
        "privacy/consentimiento.html",
        {"purpose": SMS, "text": str(text), "version": version, "consent": None},
    )
    assert str(text) in empty
    assert "Acepto" in empty and "Retirar" not in empty
    consent = consent_give(identification=PERSON, purpose=SMS)
    given = render_to_string(
        "privacy/consentimiento.html",
        {"purpose": SMS, "text": str(text), "version": version, "consent": consent},
    )
    assert "Retirar mi consentimiento" in given
    assert given.count("<button") == empty.count("<button") == 1
