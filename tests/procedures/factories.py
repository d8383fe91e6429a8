"""Trámites and their files straight in the database, in any state (the submission
pipeline and the transitions have their own tests).

`TramiteFactory(observado=True, province__code="09")`; `created=` backdates the
trámite and `clave_emitida=True, issued=...` writes the history row a report times.
"""

import hashlib

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from clavepatronal.identity.constants import IdentificationType
from clavepatronal.procedures.constants import TramiteStatus
from clavepatronal.procedures.models import Attachment, StatusChange, Tramite
from tests.catalogue.factories import ProcedureTypeFactory
from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD
from tests.identity.factories import ProvinceFactory

PDF = b"%PDF-1.7 prueba"


def _of_registration(field: str, default: str):
    """The registration's value when the trámite has one, else `default`."""
    return factory.LazyAttribute(
        lambda o: getattr(o.registration, field) if o.registration else default
    )


class AttachmentFactory(DjangoModelFactory):
    """The current file of one requirement (the RUC, a small PDF)."""

    class Meta:
        model = Attachment

    class Params:
        content = PDF

    tramite = factory.SubFactory("tests.procedures.factories.TramiteFactory")
    requirement_code = "ruc"
    requirement_name = "RUC"
    display_name = "ruc.pdf"
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name=o.display_name))
    kind = "PDF"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())


class TramiteFactory(DjangoModelFactory):
    """A trámite of the clave patronal in Pichincha, received, with its RUC file;
    given a `registration`, filed by its legal representative. `attachment=None`
    for one without files."""

    class Meta:
        model = Tramite
        skip_postgeneration_save = True

    class Params:
        en_revision = factory.Trait(status=TramiteStatus.EN_REVISION)
        observado = factory.Trait(status=TramiteStatus.OBSERVADO)
        corregido = factory.Trait(status=TramiteStatus.CORREGIDO)
        aprobado = factory.Trait(status=TramiteStatus.APROBADO)
        clave_emitida = factory.Trait(status=TramiteStatus.CLAVE_EMITIDA)
        rechazado = factory.Trait(status=TramiteStatus.RECHAZADO)
        # Filed by someone the registration does not name, not confirmed.
        por_tercero = factory.Trait(
            filed_by_party=False,
            applicant_identification="1713175071",
            applicant_names="Persona Ajena",
        )

    number = factory.Sequence(lambda n: f"VV-2026-{900000 + n}")
    form_token = factory.Sequence(lambda n: f"token-{n}")
    status = TramiteStatus.RECIBIDO
    procedure_type = factory.SubFactory(ProcedureTypeFactory)
    registration = None
    province = factory.Maybe(
        "registration",
        yes_declaration=factory.SelfAttribute("registration.province"),
        no_declaration=factory.SubFactory(ProvinceFactory),
    )
    applicant_id_type = _of_registration("rep_id_type", IdentificationType.CEDULA)
    applicant_identification = _of_registration("rep_identification", CEDULA_REP)
    applicant_names = _of_registration("rep_names", "Juan Carlos Pérez Andrade")
    applicant_email = "solicitante@correo.ec"
    applicant_mobile = "+593991234567"
    employer_identification = _of_registration("employer_identification", RUC_SOCIEDAD)
    message = "Solicito la clave patronal."
    filed_by_party = True

    attachment = factory.RelatedFactory(
        AttachmentFactory, factory_related_name="tramite"
    )

    @classmethod
    def _create(cls, model_class, *args, created=None, **kwargs):
        """`created` is auto_now_add: set afterwards."""
        tramite = super()._create(model_class, *args, **kwargs)
        if created is not None:
            Tramite.objects.filter(pk=tramite.pk).update(created=created)
            tramite.refresh_from_db(fields=["created"])
        return tramite

    @factory.post_generation
    def issued(tramite, create, extracted, **kwargs):
        """The CLAVE_EMITIDA history row, at the time given."""
        if create and extracted is not None:
            change = StatusChange.objects.create(
                tramite=tramite,
                from_status=TramiteStatus.APROBADO,
                to_status=TramiteStatus.CLAVE_EMITIDA,
                actor_label="servidor",
            )
            StatusChange.objects.filter(pk=change.pk).update(created=extracted)
