import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.models import BaseModel
from clavepatronal.documents.codes import code_grouped
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.models import Province

from .constants import (
    TURN_ACTIVE_STATUSES,
    AllocationMode,
    ApplicationStatus,
    DrawStatus,
    TurnStatus,
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
            "recibe solicitudes hasta la hora del sorteo y se asigna al azar."
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


class Draw(BaseModel):
    """The draw of one agency's newly released day: applications are taken from
    `opens_at` to `closes_at`, then every one has the same chance.

    The SHA-256 of the seed is public from the start; the seed, the pseudonymous
    entries and the result are public once it is drawn, so anyone can recompute it.
    """

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="draws",
        verbose_name=_("agencia"),
    )
    day = models.DateField(_("día que se sortea"))
    opens_at = models.DateTimeField(_("recibe solicitudes desde"))
    closes_at = models.DateTimeField(_("hora del sorteo"))
    seed = models.CharField(_("semilla"), max_length=64)
    seed_hash = models.CharField(_("SHA-256 de la semilla"), max_length=64)
    status = models.CharField(
        _("estado"), max_length=10, choices=DrawStatus, default=DrawStatus.ABIERTO
    )
    drawn_at = models.DateTimeField(_("sorteado"), null=True, blank=True)
    seats = models.PositiveIntegerField(_("lugares sorteados"), default=0)
    applications = models.PositiveIntegerField(_("solicitudes"), default=0)
    winners = models.PositiveIntegerField(_("turnos asignados"), default=0)
    # Published after the draw: the pool of seats, the pseudonymous entries (with
    # their preferences and priority) and the assignment.
    result = models.JSONField(_("resultado publicado"), default=dict, blank=True)

    class Meta:
        ordering = ["-day", "agency__name"]
        verbose_name = _("sorteo")
        verbose_name_plural = _("sorteos")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day"], name="draw_one_per_agency_and_day"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="draw_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.day:%Y-%m-%d}"


class TurnApplication(BaseModel):
    """An application for a turn at a drawn agency: the person (and, for a clave
    turn, the employer), the day asked for and up to three hours, or any hour.
    It takes part in each draw of the agency until it wins or is cancelled."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("agencia"),
    )
    procedure_type = models.ForeignKey(
        ProcedureType,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("tipo de trámite"),
    )
    day = models.DateField(_("día solicitado"))
    hours = models.JSONField(_("horas preferidas"), default=list, blank=True)
    any_hour = models.BooleanField(_("cualquier hora"), default=False)
    identification_type = models.CharField(
        _("tipo de identificación"), max_length=12, choices=IdentificationType
    )
    identification = models.CharField(_("identificación"), max_length=25)
    registration = models.ForeignKey(
        "employers.Registration",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="turn_applications",
        verbose_name=_("registro del empleador"),
    )
    employer_identification = models.CharField(
        _("RUC o cédula del empleador"), max_length=13, blank=True
    )
    holder_role = models.CharField(_("calidad"), max_length=24, blank=True)
    holder_names = models.CharField(_("nombres"), max_length=200, blank=True)
    email = models.EmailField(_("correo electrónico"))
    mobile = models.CharField(_("celular"), max_length=16)
    status = models.CharField(
        _("estado"),
        max_length=10,
        choices=ApplicationStatus,
        default=ApplicationStatus.PENDIENTE,
        db_index=True,
    )
    losses = models.PositiveSmallIntegerField(
        _("sorteos sin turno seguidos"), default=0
    )
    turn = models.OneToOneField(
        Turn,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("turno asignado"),
    )

    class Meta:
        ordering = ["created"]
        verbose_name = _("solicitud de turno")
        verbose_name_plural = _("solicitudes de turno")
        constraints = [
            models.UniqueConstraint(
                fields=["identification", "procedure_type"],
                condition=models.Q(status=ApplicationStatus.PENDIENTE),
                name="application_one_pending_per_number_and_procedure",
            ),
            models.UniqueConstraint(
                fields=["employer_identification"],
                condition=models.Q(status=ApplicationStatus.PENDIENTE)
                & ~models.Q(employer_identification=""),
                name="application_one_pending_per_employer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.day:%Y-%m-%d} · {self.pk}"
