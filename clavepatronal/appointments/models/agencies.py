"""Agencies, their closures and the seats of each hour."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.models import BaseModel
from clavepatronal.identity.models import Province

from ..constants import (
    AllocationMode,
)


class Agency(models.Model):
    """A Centro de Atención Universal: where in-person turns are served."""

    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("provincia"),
    )
    name = models.CharField(_("nombre"), max_length=120, unique=True)
    address = models.CharField(_("dirección"), max_length=250)
    slot_minutes = models.PositiveSmallIntegerField(
        _("duración de cada turno (minutos)"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    capacity_per_slot = models.PositiveSmallIntegerField(
        _("personas atendidas por turno"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    procedure_types = models.ManyToManyField(
        ProcedureType,
        related_name="agencies",
        verbose_name=_("trámites que atiende"),
        blank=True,
    )
    is_active = models.BooleanField(_("activa"), default=True)
    allocation_mode = models.CharField(
        _("asignación de los días nuevos"),
        max_length=8,
        choices=AllocationMode,
        blank=True,
        help_text=_(
            "Vacío: el modo general (TURNOS_ALLOCATION_MODE). Sorteo: cada día nuevo "
            "recibe solicitudes hasta la hora del sorteo y se asigna al azar. "
            "Automático: pasa a sorteo cuando sus días nuevos se agotan en minutos y "
            "vuelve al orden de llegada cuando les quedan lugares libres."
        ),
    )

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("agencia")
        verbose_name_plural = _("agencias")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=5, slot_minutes__lte=240),
                name="agency_slot_minutes_range",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity_per_slot__gte=1),
                name="agency_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def slot_end(self, starts_at: datetime.datetime) -> datetime.datetime:
        """When a turn that starts at `starts_at` ends."""
        return starts_at + datetime.timedelta(minutes=self.slot_minutes)


class AgencyCalendar(models.Model):
    """The version of an agency's calendar (days, hours, free seats). Every change
    of a seat, a closure or the agency bumps it in the same transaction, so the
    cached calendar (keyed by it) is never older than the last commit. Its own
    table: an agency saved from the admin never writes an older version back."""

    agency = models.OneToOneField(
        Agency,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="calendar",
        verbose_name=_("agencia"),
    )
    version = models.PositiveBigIntegerField(_("versión"), default=0)

    class Meta:
        verbose_name = _("versión del calendario")
        verbose_name_plural = _("versiones del calendario")

    def __str__(self) -> str:
        return f"{self.agency_id} · {self.version}"


class AgencyClosure(BaseModel):
    """A day an agency serves nobody (works, local holiday); no turns are offered."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="closures",
        verbose_name=_("agencia"),
    )
    date = models.DateField(_("fecha"))
    reason = models.CharField(_("motivo"), max_length=200)

    class Meta:
        ordering = ["date", "agency__name"]
        verbose_name = _("cierre de agencia")
        verbose_name_plural = _("cierres de agencias")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "date"], name="agency_closure_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.date:%Y-%m-%d}"


class Slot(BaseModel):
    """One start time at one agency; `booked` counts its seats taken.

    The row is created on the first booking. Seats are taken with a conditional
    UPDATE and the CHECK constraint is the last word: a slot never holds more turns
    than its capacity, whatever the concurrency.
    """

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="slots",
        verbose_name=_("agencia"),
    )
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveSmallIntegerField(_("capacidad"))
    booked = models.PositiveSmallIntegerField(_("turnos reservados"), default=0)
    # Seats freed after the day's draw, kept for the agency's next draw instead of
    # going to whoever polls at the moment of the cancellation.
    held = models.PositiveSmallIntegerField(
        _("lugares para el próximo sorteo"), default=0
    )

    class Meta:
        ordering = ["starts_at", "agency__name"]
        verbose_name = _("horario")
        verbose_name_plural = _("horarios")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "starts_at"], name="slot_unique_start_per_agency"
            ),
            models.CheckConstraint(
                condition=models.Q(booked__gte=0, booked__lte=models.F("capacity")),
                name="slot_booked_within_capacity",
            ),
            models.CheckConstraint(
                condition=models.Q(held__lte=models.F("capacity") - models.F("booked")),
                name="slot_held_within_free_seats",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.starts_at:%Y-%m-%d %H:%M}"
