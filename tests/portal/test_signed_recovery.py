"""«Recuperar con firma electrónica»: a Solicitud de restablecimiento signed by the
registered legal representative sends a single-use link to the new e-mail and tells
the old one; anything less goes to an officer's queue; a stranger who knows a RUC
learns nothing and changes nothing."""

import datetime
import re
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.catalogue.constants import CLAVE_RESET_CODE
from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME, DocumentKind
from clavepatronal.documents.pki import pdf_sign, signer_create
from clavepatronal.employers.constants import (
    ActivationPurpose,
    ActivationStatus,
    ClaveResetReason,
    ClaveResetStatus,
    SriStatus,
)
from clavepatronal.employers.models import Activation, ClaveResetRequest, Registration
from clavepatronal.employers.services import (
    ClaveResetTaken,
    clave_reset_grant,
    clave_reset_request_create,
)
from clavepatronal.procedures.constants import TramiteStatus
from clavepatronal.procedures.models import Tramite
from clavepatronal.procedures.services import tramite_approve, tramite_review_start
from tests.employers.conftest import PASSWORD
from tests.employers.factories import CEDULA, CEDULA_REP, RUC_SOCIEDAD

pytestmark = pytest.mark.django_db

NEW_EMAIL = "gerencia.nueva@andina.ec"
NEW_PASSWORD = "Laguna-Quilotoa-9981"
UNKNOWN_RUC = "0990012345001"
START = reverse("portal:signed_recovery")
UPLOAD = reverse("portal:signed_recovery_upload")
LINK = re.compile(r"/empleador/restablecer/([\w-]+)/")


@pytest.fixture(autouse=True)
def quick_answers(settings):
    settings.CLAVE_SIGNED_RECOVERY_ANSWER_SECONDS = 0


@pytest.fixture
def verified(employer):
    """The employer, its RUC and representative confirmed by the SRI."""
    Registration.objects.filter(pk=employer.registration_id).update(
        sri_status=SriStatus.VERIFICADO
    )
    return employer


def ask(client, identification=RUC_SOCIEDAD, email=NEW_EMAIL, **extra):
    return client.post(
        START,
        {
            "identification": identification,
            "email": email,
            "email_again": email,
            "mobile": "0991234567",
        },
        **extra,
    )


def newest_request() -> ClaveResetRequest:
    return ClaveResetRequest.objects.select_related("document").latest("pk")


def sign(reset, ca, identification=CEDULA_REP, name="JUAN CARLOS PEREZ ANDRADE"):
    signer = signer_create(ca=ca, holder_name=name, identification=identification)
    return pdf_sign(
        bytes(reset.document.content),
        signer=signer,
        ca=ca,
        field_name=SIGNATURE_FIELD_NAME,
    )


def upload(client, reset, data: bytes, name="solicitud-firmada.pdf", **extra):
    return client.post(
        UPLOAD,
        {
            "code": reset.document.code_display,
            "signed": SimpleUploadedFile(name, data, content_type="application/pdf"),
        },
        **extra,
    )


def answer_text(client, response) -> str:
    """The received page, without the two things the person typed or got (the
    e-mail and the request's code)."""
    page = client.get(response.url)
    assert page.status_code == 200
    text = page.content.decode()
    reset = ClaveResetRequest.objects.get(document__code=response.url.rsplit("=", 1)[1])
    return text.replace(reset.email, "@").replace(reset.document.code_display, "#")


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_the_representatives_signature_sends_a_link_to_the_new_email(
    client, verified, trusted_ca, commit_per_request, login
):
    response = ask(client)
    reset = newest_request()
    assert response.status_code == 302
    assert reset.document.code in response.url
    assert reset.document.kind == DocumentKind.SOLICITUD_RESTABLECIMIENTO
    page = client.get(response.url).content.decode()
    assert reset.document.code_display in page and NEW_EMAIL in page
    pdf = client.get(reverse("portal:signed_recovery_pdf", args=[reset.document.code]))
    assert pdf["Content-Type"] == "application/pdf"
    before = len(mail.outbox)

    answer = upload(client, reset, sign(reset, trusted_ca))

    assert answer.status_code == 302
    assert "Si la firma corresponde al representante legal" in answer_text(
        client, answer
    )
    sent = mail.outbox[before:]
    to_new = [m for m in sent if m.to == [NEW_EMAIL]]
    to_old = [m for m in sent if m.to == [verified.user.email]]
    assert len(to_new) == 1 and LINK.search(to_new[0].body)
    assert len(to_old) == 1
    assert NEW_EMAIL not in to_old[0].body and "g***" in to_old[0].body
    reset.refresh_from_db()
    assert reset.status == ClaveResetStatus.ENLACE_ENVIADO
    assert reset.activation.purpose == ActivationPurpose.RECUPERACION_FIRMA
    assert reset.activation.email == NEW_EMAIL
    assert {
        AuditAction.RESTABLECIMIENTO_SOLICITADO,
        AuditAction.RESTABLECIMIENTO_FIRMA_VALIDA,
        AuditAction.RESTABLECIMIENTO_ENLACE_EMITIDO,
    } <= set(actions())
    # The old clave keeps working until the new one is chosen.
    verified.user.refresh_from_db()
    assert verified.user.check_password(PASSWORD)
    assert verified.user.email != NEW_EMAIL

    link = f"/empleador/restablecer/{LINK.search(to_new[0].body).group(1)}/"
    assert client.get(client.get(link).url).status_code == 200
    client.post(
        reverse("portal:clave_set"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    verified.user.refresh_from_db()
    assert verified.user.email == NEW_EMAIL
    assert not verified.user.check_password(PASSWORD)
    assert {AuditAction.CORREO_CAMBIADO, AuditAction.CLAVE_RESTABLECIDA} <= set(
        actions()
    )
    assert client.get(link).status_code == 404  # the link works once
    assert login(client, RUC_SOCIEDAD, NEW_PASSWORD).url == reverse("portal:dashboard")


def test_a_request_signed_by_someone_else_waits_for_an_officer(
    client, verified, trusted_ca, commit_per_request
):
    ask(client)
    reset = newest_request()
    before = len(mail.outbox)

    answer = upload(client, reset, sign(reset, trusted_ca, CEDULA, "ANA MORA"))

    assert answer.status_code == 302
    reset.refresh_from_db()
    assert reset.status == ClaveResetStatus.EN_REVISION
    assert reset.review_reason == ClaveResetReason.FIRMA
    assert not Activation.objects.filter(
        purpose=ActivationPurpose.RECUPERACION_FIRMA
    ).exists()
    tramite = Tramite.objects.get(clave_reset=reset)
    assert tramite.procedure_type.code == CLAVE_RESET_CODE
    assert tramite.registration_id == verified.registration_id
    attachment = tramite.attachments.get()
    assert attachment.signature_report["ok"] is False
    assert attachment.signature_report["signer_identification"] == CEDULA
    sent = mail.outbox[before:]
    assert not any(LINK.search(m.body) for m in sent)  # no link anywhere
    assert [m.to for m in sent if m.to == [NEW_EMAIL]] == [[NEW_EMAIL]]  # a receipt
    assert any(m.to == [verified.user.email] for m in sent)  # the old address hears
    verified.user.refresh_from_db()
    assert verified.user.check_password(PASSWORD)
    assert AuditAction.RESTABLECIMIENTO_A_REVISION in actions()


def test_a_stranger_learns_nothing_from_a_ruc_that_is_not_registered(
    client, verified, trusted_ca, commit_per_request
):
    known_start, unknown_start = ask(client), ask(client, identification=UNKNOWN_RUC)
    assert known_start.status_code == unknown_start.status_code == 302
    known, unknown = ClaveResetRequest.objects.order_by("pk")
    for reset in (known, unknown):
        text = "".join(
            page.extract_text()
            for page in PdfReader(BytesIO(reset.document.content)).pages
        )
        assert "Comercial Andina" not in text and "Juan Carlos" not in text
        assert reset.document.holder_name == known.document.holder_name

    answers = [
        upload(client, reset, sign(reset, trusted_ca, CEDULA, "ANA MORA"))
        for reset in (known, unknown)
    ]

    assert {a.status_code for a in answers} == {302}
    assert answer_text(client, answers[0]) == answer_text(client, answers[1])
    unknown_tramite = Tramite.objects.get(clave_reset=unknown)
    assert unknown_tramite.registration is None
    assert unknown_tramite.province.code == "09"  # from the RUC's first two digits
    receipts = [m for m in mail.outbox if m.to == [NEW_EMAIL]]
    assert len(receipts) == 2
    assert receipts[0].subject.split()[:4] == receipts[1].subject.split()[:4]


def test_the_pdf_and_the_upload_are_rate_limited_per_ruc_and_per_ip(
    client, employer, settings, trusted_ca
):
    settings.PORTAL_RATE_PER_IDENTIFICATION = "2/h"
    settings.PORTAL_RATE_PER_IP = "4/h"
    assert [ask(client).status_code for _ in range(3)] == [302, 302, 429]
    assert ask(client, identification=UNKNOWN_RUC).status_code == 302
    assert ask(client, identification="1790012345001").status_code == 429  # the IP
    reset = ClaveResetRequest.objects.filter(identification=RUC_SOCIEDAD).first()
    data = sign(reset, trusted_ca, CEDULA)
    other = {"REMOTE_ADDR": "10.0.0.9"}
    answers = [upload(client, reset, data, **other).status_code for _ in range(3)]
    assert answers[-1] == 429


def test_files_the_person_can_fix_are_refused_on_the_page_and_nothing_is_kept(
    client, verified, trusted_ca, registration
):
    ask(client)
    reset = newest_request()
    unsigned = upload(client, reset, bytes(reset.document.content))
    assert unsigned.status_code == 200
    assert "no tiene firma electrónica" in unsigned.content.decode()
    other_document = upload(
        client,
        reset,
        pdf_sign(
            bytes(registration.solicitud.content),
            signer=signer_create(
                ca=trusted_ca, holder_name="JUAN", identification=CEDULA_REP
            ),
            ca=trusted_ca,
            field_name=SIGNATURE_FIELD_NAME,
        ),
    )
    assert "no es la Solicitud de restablecimiento" in other_document.content.decode()
    signed = bytearray(sign(reset, trusted_ca))
    at = signed.find(b"Representante legal del empleador")
    tampered = upload(client, reset, bytes(signed[:at] + b"X" + signed[at + 1 :]))
    assert tampered.status_code == 200
    assert "error-summary" in tampered.content.decode()
    not_pdf = upload(client, reset, b"hola", name="nota.txt")
    assert not_pdf.status_code == 200
    reset.refresh_from_db()
    assert reset.status == ClaveResetStatus.PENDIENTE
    assert not Tramite.objects.exists()
    assert not Activation.objects.filter(
        purpose=ActivationPurpose.RECUPERACION_FIRMA
    ).exists()


def test_an_expired_request_goes_to_an_officer_even_well_signed(
    client, verified, trusted_ca, commit_per_request
):
    ask(client)
    reset = newest_request()
    ClaveResetRequest.objects.filter(pk=reset.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert upload(client, reset, sign(reset, trusted_ca)).status_code == 302
    reset.refresh_from_db()
    assert reset.review_reason == ClaveResetReason.VENCIDA
    assert Tramite.objects.filter(clave_reset=reset).exists()
    assert reset.activation is None


def test_one_request_issues_one_link_however_often_it_is_uploaded(
    client, verified, trusted_ca, commit_per_request
):
    ask(client)
    reset = newest_request()
    data = sign(reset, trusted_ca)
    first, second = upload(client, reset, data), upload(client, reset, data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert (
        Activation.objects.filter(purpose=ActivationPurpose.RECUPERACION_FIRMA).count()
        == 1
    )
    assert len([m for m in mail.outbox if m.to == [NEW_EMAIL]]) == 1
    with pytest.raises(ClaveResetTaken):
        clave_reset_grant(reset_request=reset, registration=verified.registration)


def test_a_company_the_sri_did_not_confirm_goes_to_an_officer_who_may_approve(
    client, employer, trusted_ca, commit_per_request, django_capture_on_commit_callbacks
):
    assert employer.registration.sri_status != SriStatus.VERIFICADO
    ask(client)
    reset = newest_request()
    upload(client, reset, sign(reset, trusted_ca))
    reset.refresh_from_db()
    assert reset.review_reason == ClaveResetReason.SRI
    tramite = Tramite.objects.get(clave_reset=reset)
    officer = get_user_model().objects.create_user(
        username="funcionaria", password="x-Clave-Segura-2031", is_staff=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        tramite_review_start(tramite=tramite, actor=officer)
        tramite_approve(tramite=tramite, actor=officer)
    tramite.refresh_from_db()
    reset.refresh_from_db()
    assert tramite.status == TramiteStatus.CLAVE_EMITIDA
    assert reset.status == ClaveResetStatus.ENLACE_ENVIADO
    assert reset.activation.email == NEW_EMAIL
    assert reset.activation.issued_by == officer
    assert reset.activation.status == ActivationStatus.PENDIENTE
    assert any(m.to == [NEW_EMAIL] and LINK.search(m.body) for m in mail.outbox)


def test_the_request_says_only_what_was_typed(db):
    reset = clave_reset_request_create(
        identification=RUC_SOCIEDAD, email=NEW_EMAIL, mobile="+593991234567"
    )
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(reset.document.content)).pages
    )
    flat = re.sub(r"\s", "", text)
    assert RUC_SOCIEDAD in flat and NEW_EMAIL in flat
    assert reset.document.code_display in flat
    assert reset.expires_at - reset.created == pytest.approx(
        datetime.timedelta(days=7), abs=datetime.timedelta(seconds=5)
    )


def test_the_forgotten_clave_and_login_pages_offer_the_signed_route(client):
    for name in ("portal:recovery", "portal:login"):
        assert START in client.get(reverse(name)).content.decode()
    page = client.get(START).content.decode()
    assert "firma electrónica del representante legal" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_uploads_at_the_same_moment_issue_one_link(
    trusted_ca, make_employer, registration
):
    from clavepatronal.documents.constants import UploadKind
    from clavepatronal.documents.inspection import CheckedFile
    from clavepatronal.procedures.services import clave_reset_receive
    from tests.appointments.test_concurrency import race

    make_employer(registration)
    Registration.objects.filter(pk=registration.pk).update(
        sri_status=SriStatus.VERIFICADO
    )
    reset = clave_reset_request_create(
        identification=RUC_SOCIEDAD, email=NEW_EMAIL, mobile="+593991234567"
    )
    signed = CheckedFile(
        kind=UploadKind.PDF, content=sign(reset, trusted_ca), display_name="s.pdf"
    )

    results = race([lambda: clave_reset_receive(reset_request=reset, file=signed)] * 2)

    assert sorted(type(result).__name__ for result in results) == [
        "ClaveResetTaken",
        "str",
    ]
    assert (
        Activation.objects.filter(purpose=ActivationPurpose.RECUPERACION_FIRMA).count()
        == 1
    )
    assert not Tramite.objects.exists()


def test_an_observed_signed_reset_can_be_corrected_with_another_file(
    client, verified, trusted_ca, commit_per_request, django_capture_on_commit_callbacks
):
    from clavepatronal.procedures.services import tramite_observe

    ask(client)
    reset = newest_request()
    upload(client, reset, sign(reset, trusted_ca, CEDULA, "ANA MORA"))
    tramite = Tramite.objects.get(clave_reset=reset)
    officer = get_user_model().objects.create_user(
        username="funcionario", password="x-Clave-Segura-2031", is_staff=True
    )
    tramite_review_start(tramite=tramite, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        tramite_observe(
            tramite=tramite,
            actor=officer,
            items={"solicitud-restablecimiento": "Debe firmarla el representante."},
        )
    url = re.search(r"https?://\S+(/ventanilla/corregir/\S+/)", mail.outbox[-1].body)
    assert client.get(url.group(1)).status_code == 200
    corrected = client.post(
        url.group(1),
        {
            "solicitud-restablecimiento": SimpleUploadedFile(
                "firmada.pdf", sign(reset, trusted_ca), content_type="application/pdf"
            )
        },
    )
    assert corrected.status_code == 302
    tramite.refresh_from_db()
    assert tramite.status == TramiteStatus.CORREGIDO


def test_the_officer_sees_the_request_and_the_report_and_approves_it(
    client, verified, trusted_ca, commit_per_request
):
    from clavepatronal.appointments.models import Agency
    from clavepatronal.backoffice.constants import Role
    from tests.backoffice.conftest import client_for, make_staff

    ask(client)
    reset = newest_request()
    upload(client, reset, sign(reset, trusted_ca, CEDULA, "ANA MORA"))
    tramite = Tramite.objects.get(clave_reset=reset)
    quito = Agency.objects.get(name="Centro de Atención Universal Quito")
    officer = client_for(make_staff("servidor.quito", Role.SERVIDOR, agency=quito))

    queue = officer.get(reverse("backoffice:queue")).content.decode()
    assert tramite.number in queue
    detail = reverse("backoffice:tramite", args=[tramite.number])
    page = officer.get(detail).content.decode()
    assert "Restablecimiento con firma electrónica" in page
    assert NEW_EMAIL in page and reset.document.code_display in page
    assert CEDULA in page  # who signed, from the report
    officer.post(reverse("backoffice:take", args=[tramite.number]))
    officer.post(reverse("backoffice:approve", args=[tramite.number]))

    tramite.refresh_from_db()
    assert tramite.status == TramiteStatus.CLAVE_EMITIDA
    activation = Activation.objects.get(purpose=ActivationPurpose.RECUPERACION_FIRMA)
    assert activation.email == NEW_EMAIL
    assert any(m.to == [NEW_EMAIL] and LINK.search(m.body) for m in mail.outbox)
