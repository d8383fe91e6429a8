"""Registro nuevo empleador: the answers as a person types them, per page, and
the registration the service makes of them."""

import datetime

import factory
from django.utils import timezone

from clavepatronal.employers.models import Registration
from clavepatronal.employers.services import registration_build, registration_create
from clavepatronal.employers.services.registration import RegistrationData
from clavepatronal.identity.models import Province

# Real-format numbers: 1790011674001 is a private company RUC (third digit 9),
# 1760001550001 a public entity (6), 1710034065001 a natural person (cédula + 001).
RUC_SOCIEDAD = "1790011674001"
RUC_PUBLICO = "1760001550001"
RUC_PERSONA = "1710034065001"
CEDULA = "1710034065"
CEDULA_REP = "0926687856"
MAIN_ACTIVITY = "Venta al por mayor de alimentos"

# Each sector's employer: identification, name, main activity (a domestic
# employer is not asked for one).
EMPLOYERS = {
    "PRIVADO": (RUC_SOCIEDAD, "Comercial Andina S.A.", MAIN_ACTIVITY),
    "PUBLICO": (RUC_PUBLICO, "Comercial Andina S.A.", MAIN_ACTIVITY),
    "ARTESANO": (RUC_PERSONA, "Comercial Andina S.A.", MAIN_ACTIVITY),
    "DOMESTICO": (CEDULA, "María Fernanda Loor Vera", ""),
}


def answers(sector: str = "PRIVADO", **overrides) -> dict[str, dict]:
    identification, business_name, main_activity = EMPLOYERS[sector]
    employer = {
        "identification": identification,
        "business_name": business_name,
        "main_activity": main_activity,
        "province": "",  # filled by the caller with a Province pk
        "canton": "Quito",
        "address": "Av. 10 de Agosto N24-12 y Luis Cordero",
        "phone": "02 254 3210",
        "email": "empleador@ejemplo.ec",
    }
    if not main_activity:
        employer.pop("main_activity")
    if sector == "ARTESANO":
        expiry = timezone.localdate() + datetime.timedelta(days=365)
        employer["artisan_number"] = "JNDA-2025-1234"
        employer["artisan_expiry"] = expiry.isoformat()
    data = {
        "sector": {"sector": sector},
        "empleador": employer,
        "representante": {
            "id_type": "CEDULA",
            "id_number": CEDULA_REP,
            "names": "Juan Carlos Pérez Andrade",
            "nationality": "Ecuatoriana",
            "email": "juan.perez@ejemplo.ec",
            "mobile": "0991234567",
        },
        "autorizacion": {
            "authorize": "SI",
            "names": "Rosa Elena Quishpe Toapanta",
            "id_type": "PASAPORTE",
            "id_number": "AB123456",
        },
    }
    for key, value in overrides.items():
        page, _, field = key.partition("__")
        data[page][field] = value
    return data


def cleaned(data: dict[str, dict]):
    """What the pages' forms make of the answers, as the services receive it (a
    RegistrationData)."""
    from clavepatronal.employers.draft import STEPS, registration_data_from_pages
    from clavepatronal.employers.forms import EmployerForm

    result = {}
    for step in STEPS:
        kwargs = {}
        if step.form_class is EmployerForm:
            kwargs["sector"] = data["sector"]["sector"]
        form = step.form_class(data[step.slug], **kwargs)
        assert form.is_valid(), form.errors
        result[step.slug] = form.cleaned_data
    return registration_data_from_pages(result)


def _of_sector(position: int):
    return factory.LazyAttribute(lambda o: EMPLOYERS[o.sector][position])


class RegistrationFactory(factory.Factory):
    """A registration made by the real service, so its Solicitud and Acuerdo are
    real PDFs with real codes and stored hashes: what `answers(sector)` makes.

    `RegistrationFactory(sector="ARTESANO")`; traits `foreign_representative`
    (a passport) and `without_authorization` (nobody else may collect the key).
    `.build()` gives the unsaved row, without documents.
    """

    class Meta:
        model = Registration

    class Params:
        foreign_representative = factory.Trait(
            rep_id_type="PASAPORTE", rep_identification="N1234567"
        )
        without_authorization = factory.Trait(
            authorized_names="", authorized_id_type="", authorized_identification=""
        )

    sector = "PRIVADO"
    employer_identification = _of_sector(0)
    business_name = _of_sector(1)
    main_activity = _of_sector(2)
    province = factory.LazyFunction(lambda: Province.objects.get(code="17"))
    canton = "Quito"
    address = "Av. 10 de Agosto N24-12 y Luis Cordero"
    phone = "+59322543210"
    email = "empleador@ejemplo.ec"
    artisan_number = factory.LazyAttribute(
        lambda o: "JNDA-2025-1234" if o.sector == "ARTESANO" else ""
    )
    artisan_expiry = factory.LazyAttribute(
        lambda o: (
            timezone.localdate() + datetime.timedelta(days=365)
            if o.sector == "ARTESANO"
            else None
        )
    )
    rep_id_type = "CEDULA"
    rep_identification = CEDULA_REP
    rep_names = "Juan Carlos Pérez Andrade"
    rep_nationality = "Ecuatoriana"
    rep_email = "juan.perez@ejemplo.ec"
    rep_mobile = "+593991234567"
    authorized_names = "Rosa Elena Quishpe Toapanta"
    authorized_id_type = "PASAPORTE"
    authorized_identification = "AB123456"
    email_verified_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _build(cls, model_class, *args, email_verified_at, **fields):
        registration = registration_build(data=RegistrationData(**fields))
        registration.email_verified_at = email_verified_at
        return registration

    @classmethod
    def _create(cls, model_class, *args, email_verified_at, **fields):
        return registration_create(
            data=RegistrationData(**fields), email_verified_at=email_verified_at
        )
