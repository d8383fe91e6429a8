"""E-mailed 6-digit codes: hashed, expiring, single-use, limited tries and resends."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.forms import VerificationCodeForm
from clavepatronal.notifications.models import EmailVerification
from clavepatronal.notifications.services import (
    VerificationError,
    email_verification_confirm,
    email_verification_start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(subject="1790011674001", email="persona@ejemplo.ec"):
        with django_capture_on_commit_callbacks(execute=True):
            verification = email_verification_start(
                purpose=VerificationPurpose.REGISTRO_EMPLEADOR,
                subject=subject,
                email=email,
                mail_subject="Verificar",
                template_name="verification_code",
                context={"purpose_label": "Registro nuevo empleador"},
            )
        code = re.search(r"^\s+(\d{6})\s*$", mail.outbox[-1].body, re.M).group(1)
        return verification, code

    return run


def test_code_is_six_digits_mailed_and_only_its_hash_is_stored(send):
    verification, code = send()
    assert re.fullmatch(r"\d{6}", code)
    assert mail.outbox[-1].to == ["persona@ejemplo.ec"]
    assert "Vence en 10 minutos" in mail.outbox[-1].body
    row = EmailVerification.objects.get(pk=verification.pk)
    assert code not in (row.code_hash, row.salt)
    assert len(row.code_hash) == 64


def test_right_code_works_once(send):
    verification, code = send()
    assert email_verification_confirm(verification_id=verification.pk, code=code)
    with pytest.raises(VerificationError, match="ya se usó"):
        email_verification_confirm(verification_id=verification.pk, code=code)


def test_expired_code_is_refused(send):
    verification, code = send()
    EmailVerification.objects.filter(pk=verification.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(VerificationError, match="venció"):
        email_verification_confirm(verification_id=verification.pk, code=code)


def test_code_lives_ten_minutes(send):
    verification, _code = send()
    lifetime = verification.expires_at - verification.created
    assert timedelta(minutes=9, seconds=59) < lifetime <= timedelta(minutes=10)


def test_five_wrong_tries_end_the_code_even_for_the_right_one(send):
    verification, code = send()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    messages = []
    for _ in range(5):
        with pytest.raises(VerificationError) as error:
            email_verification_confirm(verification_id=verification.pk, code=wrong)
        messages.append(error.value.message)
    assert messages[0] == "El código no es correcto. Le quedan 4 intentos."
    # Issue 17 (8): singular by ngettext, not «Le quedan 1 intentos».
    assert messages[3] == "El código no es correcto. Le queda 1 intento."
    assert "ya no le quedan intentos" in messages[-1]
    with pytest.raises(VerificationError, match="Superó el número de intentos"):
        email_verification_confirm(verification_id=verification.pk, code=code)


def test_a_new_code_replaces_the_previous_one(send):
    first, first_code = send()
    second, second_code = send()
    with pytest.raises(VerificationError, match="último código"):
        email_verification_confirm(verification_id=first.pk, code=first_code)
    assert email_verification_confirm(verification_id=second.pk, code=second_code)


def test_codes_per_hour_are_limited_per_identification(send, settings):
    settings.VERIFICATION_MAX_CODES_PER_SUBJECT_HOUR = 3
    for n in range(3):
        send(email=f"persona{n}@ejemplo.ec")
    with pytest.raises(VerificationError, match="Ya se enviaron varios códigos"):
        send(email="otra@ejemplo.ec")


def test_codes_per_hour_are_limited_per_address(send, settings):
    settings.VERIFICATION_MAX_CODES_PER_EMAIL_HOUR = 3
    for ruc in ("1790011674001", "1760001550001", "1710034065001"):
        send(subject=ruc)
    with pytest.raises(VerificationError, match="Ya se enviaron varios códigos"):
        send(subject="0926687856001")
    sent = len(mail.outbox)
    assert sent == 3


def test_limit_counts_only_the_last_hour(send, settings):
    settings.VERIFICATION_MAX_CODES_PER_HOUR = 1
    send()
    with pytest.raises(VerificationError, match="Ya se enviaron varios códigos"):
        send()
    EmailVerification.objects.update(created=timezone.now() - timedelta(minutes=61))
    verification, code = send()  # allowed again: a new code, mailed
    assert len(mail.outbox) == 2
    assert code in mail.outbox[-1].body
    assert email_verification_confirm(verification_id=verification.pk, code=code)


def test_code_with_spaces_is_accepted(send):
    verification, code = send()
    spaced = f"{code[:3]} {code[3:]}"
    assert email_verification_confirm(verification_id=verification.pk, code=spaced)


@pytest.mark.parametrize("typed", ["123 456", " 123456 ", "123\t456"])
def test_code_form_accepts_spaces_people_paste(typed):
    form = VerificationCodeForm({"code": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == "123456"


@pytest.mark.parametrize("typed", ["12345", "1234567", "12a456", "١٢٣٤٥٦"])
def test_code_form_refuses_anything_but_six_digits(typed):
    form = VerificationCodeForm({"code": typed})
    assert not form.is_valid()
    assert form.errors["code"] == ["El código tiene 6 números, sin letras; revíselo."]
