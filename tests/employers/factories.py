"""Answers as a person types them into Registro nuevo empleador, per page."""

import datetime

from django.utils import timezone

# Real-format numbers: 1790011674001 is a private company RUC (third digit 9),
# 1760001550001 a public entity (6), 1710034065001 a natural person (cédula + 001).
RUC_SOCIEDAD = "1790011674001"
RUC_PUBLICO = "1760001550001"
RUC_PERSONA = "1710034065001"
CEDULA = "1710034065"
CEDULA_REP = "0926687856"


def answers(sector: str = "PRIVADO", **overrides) -> dict[str, dict]:
    identification = {
        "PRIVADO": RUC_SOCIEDAD,
        "PUBLICO": RUC_PUBLICO,
        "ARTESANO": RUC_PERSONA,
        "DOMESTICO": CEDULA,
    }[sector]
    employer = {
        "identification": identification,
        "business_name": "Comercial Andina S.A.",
        "main_activity": "Venta al por mayor de alimentos",
        "province": "",  # filled by the caller with a Province pk
        "canton": "Quito",
        "address": "Av. 10 de Agosto N24-12 y Luis Cordero",
        "phone": "02 254 3210",
        "email": "empleador@ejemplo.ec",
    }
    if sector == "DOMESTICO":
        employer.pop("main_activity")
        employer["business_name"] = "María Fernanda Loor Vera"
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
