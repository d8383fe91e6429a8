import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.models import BaseModel
from clavepatronal.documents.codes import code_grouped
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.models import Province

from .constants import TURN_ACTIVE_STATUSES, TurnStatus


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
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.starts_at:%Y-%m-%d %H:%M}"


class Turn(BaseModel):
    """An in-person turn: one person, one procedure, one seat of one slot."""

    code = models.CharField(_("código del turno"), max_length=16, unique=True)
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="turns", verbose_name=_("horario")
    )
    procedure_type = models.ForeignKey(
        ProcedureType,
        on_delete=models.PROTECT,
        related_name="turns",
        verbose_name=_("tipo de trámite"),
    )
    identification_type = models.CharField(
        _("tipo de identificación"), max_length=12, choices=IdentificationType
    )
    # The number is the person: compact and upper case, whatever the document type.
    identification = models.CharField(_("identificación"), max_length=25)
    # A clave patronal turn is for one employer (its RUC, or a domestic employer's
    # cédula) and held by a person its registration names, in that role.
    registration = models.ForeignKey(
        "employers.Registration",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="turns",
        verbose_name=_("registro del empleador"),
    )
    employer_identification = models.CharField(
        _("RUC o cédula del empleador"), max_length=13, blank=True
    )
    holder_role = models.CharField(
        _("calidad de quien reservó"), max_length=24, blank=True
    )
    holder_names = models.CharField(
        _("nombres de quien reservó"), max_length=200, blank=True
    )
    email = models.EmailField(_("correo electrónico"))
    mobile = models.CharField(_("celular"), max_length=16)
    status = models.CharField(
        _("estado"),
        max_length=12,
        choices=TurnStatus,
        default=TurnStatus.RESERVADO,
        db_index=True,
    )
    cancelled_at = models.DateTimeField(_("cancelado"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("recordatorio enviado"), null=True, blank=True
    )

    class Meta:
        ordering = ["slot__starts_at", "code"]
        verbose_name = _("turno")
        verbose_name_plural = _("turnos")
        constraints = [
            models.UniqueConstraint(
                fields=["identification", "procedure_type"],
                condition=models.Q(status__in=TURN_ACTIVE_STATUSES),
                name="turn_one_active_per_number_and_procedure",
            ),
            models.UniqueConstraint(
                fields=["employer_identification"],
                condition=models.Q(status__in=TURN_ACTIVE_STATUSES)
                & ~models.Q(employer_identification=""),
                name="turn_one_active_per_employer",
            ),
        ]

    def __str__(self) -> str:
        return self.code_display

    @property
    def code_display(self) -> str:
        """ABCD-EFGH-JK: easier to read aloud and to type."""
        return code_grouped(self.code)

    @property
    def agency(self) -> Agency:
        return self.slot.agency
