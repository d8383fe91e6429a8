"""Agencies, slots and turns as the booking service leaves them.

A turn takes one seat of its slot: `booked` counts the slot's turns that are not
cancelled, as `seat_take` and `seat_release` keep it, and the database's CHECK
(booked <= capacity) refuses a turn the slot has no seat for.
"""

import datetime

import factory
from django.db.models import F
from django.utils import timezone
from factory.django import DjangoModelFactory

from clavepatronal.appointments.constants import (
    TURN_CODE_LENGTH,
    TurnStatus,
    WaitlistStatus,
)
from clavepatronal.appointments.models import Agency, Slot, Turn, WaitlistEntry
from clavepatronal.appointments.selectors.calendar import slot_starts
from clavepatronal.documents.codes import random_code
from clavepatronal.identity.constants import IdentificationType
from tests.catalogue.factories import ProcedureTypeFactory
from tests.identity.factories import ProvinceFactory

from .conftest import cedula


def _in_three_days(n: int) -> datetime.datetime:
    """Three days ahead, a slot length apart for every `n`, on the minute."""
    start = timezone.now() + datetime.timedelta(days=3, minutes=20 * n)
    return start.replace(second=0, microsecond=0)


class AgencyFactory(DjangoModelFactory):
    """A test agency in Pichincha that serves the clave patronal (20-minute slots,
    two people each); `procedure_types=[]` for one that serves nothing."""

    class Meta:
        model = Agency
        skip_postgeneration_save = True

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Agencia de prueba {n}")
    address = "Av. Amazonas N35-20 y Juan Pablo Sanz, Quito"

    @factory.post_generation
    def procedure_types(agency, create, extracted, **kwargs):
        if create:
            agency.procedure_types.add(
                *(extracted if extracted is not None else [ProcedureTypeFactory()])
            )


class SlotFactory(DjangoModelFactory):
    """The agency's row for one start time, as the first booking creates it; a
    second call for the same agency and start returns the same row."""

    class Meta:
        model = Slot
        django_get_or_create = ("agency", "starts_at")

    class Params:
        full = factory.Trait(booked=factory.SelfAttribute("capacity"))

    agency = factory.SubFactory(AgencyFactory)
    starts_at = factory.Sequence(_in_three_days)
    ends_at = factory.LazyAttribute(
        lambda o: o.starts_at + datetime.timedelta(minutes=o.agency.slot_minutes)
    )
    capacity = factory.LazyAttribute(lambda o: o.agency.capacity_per_slot)
    booked = 0


class TurnFactory(DjangoModelFactory):
    """A reserved turn of the clave patronal: `TurnFactory(agency=quito,
    starts_at=...)` takes a seat of that slot; traits for the other states."""

    class Meta:
        model = Turn

    class Params:
        agency = None  # a new test agency
        starts_at = factory.Sequence(_in_three_days)
        atendido = factory.Trait(status=TurnStatus.ATENDIDO)
        en_espera = factory.Trait(status=TurnStatus.EN_ESPERA)
        no_asistio = factory.Trait(status=TurnStatus.NO_ASISTIO)
        cancelado = factory.Trait(status=TurnStatus.CANCELADO)
        # A clave patronal turn of that registration's employer, held by its legal
        # representative, as the booking service binds it.
        held_by = None

    code = factory.LazyFunction(lambda: random_code(TURN_CODE_LENGTH))
    slot = factory.Maybe(
        "agency",
        yes_declaration=factory.SubFactory(
            SlotFactory,
            agency=factory.SelfAttribute("..agency"),
            starts_at=factory.SelfAttribute("..starts_at"),
        ),
        no_declaration=factory.SubFactory(
            SlotFactory, starts_at=factory.SelfAttribute("..starts_at")
        ),
    )
    procedure_type = factory.SubFactory(ProcedureTypeFactory)
    identification_type = IdentificationType.CEDULA
    identification = factory.Maybe(
        "held_by",
        yes_declaration=factory.SelfAttribute("held_by.rep_identification"),
        no_declaration=factory.Sequence(lambda n: cedula(500_000 + n)),
    )
    registration = factory.SelfAttribute("held_by")
    employer_identification = factory.Maybe(
        "held_by",
        yes_declaration=factory.SelfAttribute("held_by.employer_identification"),
        no_declaration="",
    )
    holder_role = factory.Maybe(
        "held_by", yes_declaration="REPRESENTANTE_LEGAL", no_declaration=""
    )
    holder_names = factory.Maybe(
        "held_by",
        yes_declaration=factory.SelfAttribute("held_by.rep_names"),
        no_declaration="",
    )
    email = factory.Sequence(lambda n: f"persona{n}@correo.ec")
    mobile = "+593991234567"
    status = TurnStatus.RESERVADO
    cancelled_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == TurnStatus.CANCELADO else None
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        turn = super()._create(model_class, *args, **kwargs)
        if turn.status != TurnStatus.CANCELADO:
            Slot.objects.filter(pk=turn.slot_id).update(booked=F("booked") + 1)
            turn.slot.refresh_from_db(fields=["booked"])
        return turn


def window_fill(agency, now=None):
    """Every seat of the booking window taken: a row per start, booked full."""
    first = timezone.localdate(now)
    for offset in range(15):
        day = first + datetime.timedelta(days=offset)
        Slot.objects.bulk_create(
            Slot(
                agency=agency,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=agency.slot_minutes),
                capacity=agency.capacity_per_slot,
                booked=agency.capacity_per_slot,
            )
            for start in slot_starts(agency=agency, day=day)
        )


def waiting_list_fill(agency, *, live: int, gone: int = 0) -> None:
    """People on the agency's waiting list for its (first) procedure: `live` still
    waiting, `gone` who left it or took a turn."""
    procedure = agency.procedure_types.first()
    statuses = [WaitlistStatus.ESPERANDO] * live + [WaitlistStatus.CANCELADA] * gone
    WaitlistEntry.objects.bulk_create(
        WaitlistEntry(
            agency=agency,
            procedure_type=procedure,
            identification_type=IdentificationType.CEDULA,
            identification=cedula(800_000 + number),
            email=f"espera{number}@correo.ec",
            until=timezone.localdate() + datetime.timedelta(days=14),
            rank=f"{number:064x}",
            status=status,
        )
        for number, status in enumerate(statuses)
    )
