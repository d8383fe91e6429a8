"""Virtual users for the cluster tests and the benchmark.

A virtual user reaches *Confirmar* the legitimate way, through the services the
views call: its code is mailed by `turn_verification_start` (read back from the
e-mail outbox, as a person reads the mail) and used by `email_verification_confirm`;
the journey state the views keep is saved in the shared session store (Redis) under
a new session key, and a CSRF cookie is set as any earlier GET would have. The
booking POST itself then goes through every check: session, CSRF, form, rate limits,
the conditional UPDATE, audit and the e-mail enqueue.
"""

import datetime
import http.client
import re
import urllib.parse
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.utils.crypto import get_random_string

from clavepatronal.appointments.constants import SESSION_KEY
from clavepatronal.appointments.forms import ContactForm, IdentificationForm
from clavepatronal.appointments.models import Agency
from clavepatronal.appointments.selectors import slot_calendar
from clavepatronal.appointments.services import turn_verification_start
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.documents.codes import document_code_new
from clavepatronal.documents.constants import DocumentKind
from clavepatronal.documents.services import generated_document_create
from clavepatronal.employers.models import Registration
from clavepatronal.identity.models import Province
from clavepatronal.notifications.models import OutboxEmail
from clavepatronal.notifications.services import email_verification_confirm


def cedula(number: int) -> str:
    """A valid cédula of Pichincha (17), distinct for every `number` < 10**6."""
    digits = f"171{number:06d}"
    total = 0
    for position, digit in enumerate(digits):
        product = int(digit) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return digits + str((10 - total % 10) % 10)


def agency_create(*, name: str, capacity: int, slot_minutes: int = 20) -> Agency:
    agency = Agency.objects.create(
        province=Province.objects.get(code="17"),
        name=name,
        address="Av. Amazonas N35-20, Quito",
        slot_minutes=slot_minutes,
        capacity_per_slot=capacity,
    )
    agency.procedure_types.add(ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE))
    return agency


def bookable_starts(agency: Agency) -> list[datetime.datetime]:
    now = datetime.datetime.now(datetime.UTC)
    return [
        slot.starts_at
        for day in slot_calendar(agency=agency, now=now)
        for slot in day.slots
    ]


def employer_prepare(identification: str, *, email: str = "") -> str:
    """A registered employer whose legal representative is `identification`: a
    natural person's RUC (the cédula and 001). A clave patronal turn is for an
    employer whose registration names the person; its contact e-mail is `email`
    when given (the representative reads it, so nothing more is asked). The forms
    are stand-ins (the benchmark measures booking, not drawing PDFs); returns the
    RUC."""
    ruc = f"{identification}001"
    if Registration.objects.filter(employer_identification=ruc).exists():
        return ruc
    documents = [
        generated_document_create(
            code=document_code_new(),
            kind=kind,
            holder_identification=ruc,
            holder_name=f"Empleador {ruc}",
            content=b"%PDF-1.7 stand-in",
        )
        for kind in (DocumentKind.SOLICITUD_CLAVE, DocumentKind.ACUERDO_RESPONSABILIDAD)
    ]
    Registration.objects.create(
        number=f"RE-B-{ruc}",
        sector="ARTESANO",
        employer_id_type="RUC",
        employer_identification=ruc,
        business_name=f"Empleador {ruc}",
        main_activity="Carpintería",
        province=Province.objects.get(code="17"),
        canton="Quito",
        address="Av. Amazonas N35-20",
        phone="+59322543210",
        email=email or f"empleador{ruc}@bench.ec",
        rep_id_type="CEDULA",
        rep_identification=identification,
        rep_names=f"Representante {identification}",
        rep_nationality="Ecuatoriana",
        rep_email=f"rep{identification}@bench.ec",
        rep_mobile="+593991234567",
        email_verified_at=datetime.datetime.now(datetime.UTC),
        solicitud=documents[0],
        acuerdo=documents[1],
    )
    return ruc


@dataclass
class User:
    number: int
    session_key: str
    csrf: str
    ip: str
    cookies: dict = field(default_factory=dict)

    def cookie_header(self) -> str:
        jar = {
            settings.SESSION_COOKIE_NAME: self.session_key,
            settings.CSRF_COOKIE_NAME: self.csrf,
            **self.cookies,
        }
        return "; ".join(f"{name}={value}" for name, value in jar.items())


def user_prepare(
    *, number: int, agency: Agency, starts_at: datetime.datetime | None = None
) -> User:
    """A person at step h (or g without `starts_at`), verified by e-mail code."""
    identification_form = IdentificationForm(
        {"identification_type": "CEDULA", "identification": cedula(number)}
    )
    contact_form = ContactForm(
        {"email": f"persona{number}@bench.ec", "mobile": "0991234567"}
    )
    assert identification_form.is_valid(), identification_form.errors
    assert contact_form.is_valid(), contact_form.errors
    state = dict(identification_form.cleaned_data)
    verification = turn_verification_start(
        identification=state["identification"], email=contact_form.cleaned_data["email"]
    )
    mail = OutboxEmail.objects.filter(to=verification.email).latest("pk")
    code = re.search(r"\b(\d{6})\b", mail.body).group(1)
    email_verification_confirm(verification_id=verification.pk, code=code)
    state.update(
        email=verification.email,
        mobile=contact_form.cleaned_data["mobile"],
        verification_id=verification.pk,
        verified=True,
        agency_id=agency.pk,
        procedure_type_id=ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE).pk,
        employer_identification=employer_prepare(
            state["identification"], email=verification.email
        ),
        holder_role="REPRESENTANTE_LEGAL",
        employer_ok="correo",
    )
    if starts_at is not None:
        state.update(choice="turno", starts_at=starts_at.isoformat())
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = state
    store.create()
    return User(
        number=number,
        session_key=store.session_key,
        csrf=get_random_string(32),
        ip=f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
    )


@dataclass
class Reply:
    status: int
    location: str
    body: str
    seconds: float = 0.0


def request(
    port: int,
    method: str,
    path: str,
    *,
    user: User | None = None,
    data: dict | None = None,
    headers: dict | None = None,
    timeout: float = 30,
) -> Reply:
    """One request on a fresh connection (gunicorn's sync workers close each one)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    sent = {"Host": f"127.0.0.1:{port}", **(headers or {})}
    body = None
    if user is not None:
        sent["Cookie"] = user.cookie_header()
    if data is not None:
        if user is not None:
            data = {"csrfmiddlewaretoken": user.csrf, **data}
        body = urllib.parse.urlencode(data)
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        if user is not None:
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    user.cookies[cookie_name] = rest.split(";", 1)[0]
        return Reply(response.status, response.getheader("Location", ""), text)
    finally:
        connection.close()
