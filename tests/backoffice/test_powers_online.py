"""Issue 32 (5): «Registro de poder notarial». The employer (portal) or the
apoderado (step f of a turn) files the power with its scan; the registration's
e-mail is told; the province's delegado jurídico sees the scan (audited) and
stamps it; then, and only then, the apoderado is named and books alone."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from clavepatronal.appointments.constants import SESSION_KEY, TurnStatus
from clavepatronal.appointments.services import turn_book
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.inspection import upload_inspect
from clavepatronal.employers.constants import PowerStatus
from clavepatronal.employers.models import PowerOfAttorney
from clavepatronal.employers.selectors import registration_named_person
from clavepatronal.employers.services import (
    PowerData,
    power_file_online,
    power_stamp,
)
from tests.appointments.conftest import NOW, cedula, local, verified_person
from tests.employers.conftest import (  # noqa: F401 -- fixtures, by name
    employer,
    issue_link,
    login,
    make_employer,
)
from tests.procedures.files import jpg, pdf

from ..staff import verified_login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_per_request")]
APODERADO = cedula(7777)


def power_data(identification: str = APODERADO) -> PowerData:
    return PowerData(
        notary="Notaría Tercera de Quito",
        deed_number="2026-17-01-03-P01234",
        granted_on=datetime.date(2026, 11, 20),
        apoderado_names="Luis Alberto Ortiz",
        apoderado_id_type="CEDULA",
        apoderado_identification=identification,
    )


def filed(registration, pichincha, **extra):
    return power_file_online(
        registration=registration,
        province=pichincha,
        data=power_data(**extra),
        scan=upload_inspect(name="poder.pdf", data=pdf()),
        filed_by="pruebas",
    )


def test_an_online_power_names_no_one_until_the_delegado_stamps_it(
    registration, pichincha, delegado, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        power = filed(registration, pichincha)
    assert power.status == PowerStatus.PENDIENTE and power.filed_online
    assert bytes(power.scan).startswith(b"%PDF") and power.scan_kind == "PDF"
    (told,) = [m for m in mail.outbox if m.to == [registration.email]]
    assert "Se registró en línea un poder notarial" in told.body
    assert "Luis Alberto Ortiz" in told.body
    # Anyone can file online: until stamped, it names nobody.
    assert (
        registration_named_person(registration=registration, identification=APODERADO)
        is None
    )
    with django_capture_on_commit_callbacks(execute=True):
        power_stamp(power=power, actor=delegado)
    person = registration_named_person(
        registration=registration, identification=APODERADO
    )
    assert person is not None and person.role == "APODERADO"
    assert "validó el poder notarial" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [registration.email]


def test_the_same_apoderado_is_not_filed_twice(registration, pichincha):
    filed(registration, pichincha)
    with pytest.raises(ApplicationError, match="No hace falta registrarlo otra vez"):
        filed(registration, pichincha)
    # The same number written with spaces is the same person.
    spaced = f"{APODERADO[:2]} {APODERADO[2:6]} {APODERADO[6:]}"
    with pytest.raises(ApplicationError, match="No hace falta registrarlo otra vez"):
        filed(registration, pichincha, identification=spaced)
    assert PowerOfAttorney.objects.count() == 1


def test_a_stamped_apoderado_books_alone(registration, pichincha, delegado, agency):
    power_stamp(power=filed(registration, pichincha), actor=delegado)
    person = {
        **verified_person(identification=APODERADO, employer=False),
        "employer_identification": registration.employer_identification,
    }
    turn = turn_book(
        **person,
        agency=agency,
        procedure_type=agency.procedure_types.get(),
        starts_at=local(2026, 12, 8, 8, 0),
        now=NOW,
    )
    assert turn.status == TurnStatus.RESERVADO and turn.holder_role == "APODERADO"


@pytest.fixture
def agency(db):
    from tests.appointments.factories import AgencyFactory

    return AgencyFactory(slot_minutes=20, capacity_per_slot=2)


def test_the_employer_files_a_power_from_its_portal(
    client,
    employer,  # noqa: F811
    login,  # noqa: F811
    pichincha,
):
    login(client, employer.user.username)
    page = client.get(reverse("portal:dashboard"))
    assert reverse("portal:power_new") in page.content.decode()
    form = {
        "notary": "Notaría Tercera de Quito",
        "deed_number": "2026-17-01-03-P01234",
        "granted_on": "2026-11-20",
        "apoderado_names": "Luis Alberto Ortiz",
        "apoderado_id_type": "CEDULA",
        "apoderado_identification": APODERADO,
        "province": pichincha.pk,
    }
    bad = client.post(
        reverse("portal:power_new"),
        {**form, "scan": SimpleUploadedFile("poder.pdf", b"no es un pdf")},
    )
    assert bad.status_code == 200 and "Hay un problema" in bad.content.decode()
    assert not PowerOfAttorney.objects.exists()
    before = len(mail.outbox)
    response = client.post(
        reverse("portal:power_new"),
        {**form, "scan": SimpleUploadedFile("poder.jpg", jpg())},
    )
    assert response.url == reverse("portal:dashboard")
    power = PowerOfAttorney.objects.get()
    assert power.filed_online and power.scan_kind == "JPG"
    assert power.registration == employer.registration
    assert [m.to for m in mail.outbox[before:]] == [[employer.registration.email]]


def turn_session(client, identification: str, id_type: str = "CEDULA") -> None:
    session = client.session
    session[SESSION_KEY] = {
        "identification_type": id_type,
        "identification": identification,
        "email": "apoderado@correo.ec",
        "mobile": "+593991234567",
        "verification_id": 1,
        "verified": True,
    }
    session.save()


def test_the_apoderado_files_from_the_turn_journey_and_learns_nothing(
    client, registration, pichincha
):
    turn_session(client, APODERADO)
    url = reverse("appointments:power_file")
    page = client.get(url).content.decode()
    assert "Registro de poder notarial" in page
    form = {
        "employer": registration.employer_identification,
        "notary": "Notaría Tercera de Quito",
        "deed_number": "2026-17-01-03-P01234",
        "granted_on": "2026-11-20",
        "apoderado_names": "Luis Alberto Ortiz",
        # A different number typed here is ignored: the apoderado is the person.
        "apoderado_identification": cedula(1),
        "province": pichincha.pk,
    }
    known = client.post(
        url, {**form, "scan": SimpleUploadedFile("p.pdf", pdf())}, follow=True
    )
    unknown = client.post(
        url,
        {
            **form,
            "employer": "1790016919001",
            "scan": SimpleUploadedFile("p.pdf", pdf()),
        },
        follow=True,
    )
    notices = [
        [str(m) for m in response.context["messages"]] for response in (known, unknown)
    ]
    assert notices[0] == notices[1]  # the same words whether or not it is registered
    (power,) = PowerOfAttorney.objects.all()
    assert power.apoderado_identification == APODERADO


def test_the_delegado_sees_the_scan_and_each_look_is_audited(
    registration, pichincha, delegado, delegado_guayas
):
    power = filed(registration, pichincha)
    client = verified_login(Client(), delegado)
    page = client.get(reverse("backoffice:power", kwargs={"pk": power.pk}))
    assert "Ver el escaneo del poder" in page.content.decode()
    scan = client.get(reverse("backoffice:power_scan", kwargs={"pk": power.pk}))
    assert scan.status_code == 200 and scan["Content-Type"] == "application/pdf"
    assert scan.content == bytes(power.scan)
    assert AuditEvent.objects.filter(
        action=AuditAction.PODER_ESCANEO_VISTO, target_id=str(power.pk)
    ).exists()
    other = verified_login(Client(), delegado_guayas)
    response = other.get(reverse("backoffice:power_scan", kwargs={"pk": power.pk}))
    assert response.status_code == 404  # another province's power


def test_filed_stamped_booked_alone_and_served_at_the_desk(
    client, registration, pichincha, quito, as_delegado, as_servidor
):
    """The whole path of issue 32 (5), through the pages: the apoderado files the
    power from the turn journey, the delegado stamps it, the apoderado's turn needs
    no one's confirmation, and the desk hands the key over on that power."""
    from tests.appointments.factories import TurnFactory

    from .conftest import local_today
    from .test_desk import ALL_PAPERS, arrive, post

    turn_session(client, APODERADO)
    client.post(
        reverse("appointments:power_file"),
        {
            "employer": registration.employer_identification,
            "notary": "Notaría Tercera de Quito",
            "deed_number": "2026-17-01-03-P01234",
            "granted_on": "2026-11-20",
            "apoderado_names": "Luis Alberto Ortiz",
            "province": pichincha.pk,
            "scan": SimpleUploadedFile("poder.pdf", pdf()),
        },
    )
    power = PowerOfAttorney.objects.get()
    as_delegado.post(reverse("backoffice:power_stamp", args=[power.pk]))
    power.refresh_from_db()
    assert power.status == PowerStatus.SELLADO
    # Step f: the stamped apoderado goes straight to the day and hour.
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "email": "apoderado@correo.ec"}
    session.save()
    response = client.post(
        reverse("appointments:agency")
        + f"?provincia={quito.province.code}&tramite=clave-patronal",
        {"agency": quito.pk, "employer": registration.employer_identification},
    )
    assert response.url == reverse("appointments:schedule")
    # At the desk (a turn of today, as the booking made it): arrival, the key.
    turn = TurnFactory(
        agency=quito,
        starts_at=local_today(23, 40),
        held_by=registration,
        identification=APODERADO,
        holder_role="APODERADO",
        holder_names="Luis Alberto Ortiz",
    )
    arrive(as_servidor, turn)
    handed = post(
        as_servidor,
        "desk_issue",
        turn,
        {
            "checklist": ALL_PAPERS,
            "signatures": "on",
            "identity_checked": "on",
            "recipient_role": "APODERADO",
            "recipient_names": "Luis Alberto Ortiz",
            "recipient_id_type": "CEDULA",
            "recipient_identification": APODERADO,
            "power": str(power.pk),
        },
    )
    assert handed["Content-Type"] == "application/pdf"


def test_the_desk_shows_a_turn_the_employer_disowned(registration, quito, as_servidor):
    from clavepatronal.appointments.services import turn_not_me
    from tests.appointments.factories import TurnFactory

    from .conftest import local_today

    turn = TurnFactory(
        agency=quito, starts_at=local_today(23, 40), held_by=registration
    )
    turn_not_me(turn=turn)
    page = as_servidor.get(reverse("backoffice:turn", args=[turn.code]))
    assert "dijo «No fui yo»" in page.content.decode()
