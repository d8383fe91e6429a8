"""Draws of released days and the applications that take part in them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.models import BaseModel
from clavepatronal.identity.constants import IdentificationType

from ..constants import (
    ApplicationStatus,
    DrawStatus,
    TurnChannel,
)
from .agencies import Agency
from .turns import Turn


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
    It takes part in each draw of the agency until it wins or is cancelled; how
    many it has lost is counted from the draws (selectors.draws.application_losses),
    so losing changes nothing in its row."""

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
    # Optional only for an application an officer filed (services.assisted).
    email = models.EmailField(_("correo electrónico"), blank=True)
    mobile = models.CharField(_("celular"), max_length=16, blank=True)
    channel = models.CharField(
        _("canal"),
        max_length=12,
        choices=TurnChannel,
        default=TurnChannel.EN_LINEA,
        # Bulk inserts (the one-statement booking, the draws) leave it to the table.
        db_default=TurnChannel.EN_LINEA,
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presentada por el servidor"),
    )
    status = models.CharField(
        _("estado"),
        max_length=16,
        choices=ApplicationStatus,
        default=ApplicationStatus.PENDIENTE,
    )
    # POR_CONFIRMAR until then (never past the draw's close), or it lapses.
    employer_confirm_until = models.DateTimeField(
        _("el empleador puede confirmar hasta"), null=True, blank=True
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
            models.UniqueConstraint(
                fields=["employer_identification"],
                condition=models.Q(status=ApplicationStatus.POR_CONFIRMAR),
                name="application_one_unconfirmed_per_employer",
            ),
            models.CheckConstraint(
                condition=models.Q(channel=TurnChannel.EN_LINEA, filed_by__isnull=True)
                | (
                    ~models.Q(channel=TurnChannel.EN_LINEA)
                    & models.Q(filed_by__isnull=False)
                ),
                name="application_assisted_has_officer",
            ),
        ]
        indexes = [
            # What every draw reads: the agency's pending applications up to its day.
            models.Index(
                fields=["agency", "day"],
                condition=models.Q(status=ApplicationStatus.PENDIENTE),
                name="application_pending_agency_day",
            ),
            # The admin's filter by state (counting the few cancelled ones, say).
            # Not db_index: on PostgreSQL that adds a second, LIKE-only index that
            # no query uses and every change of state updates.
            models.Index(fields=["status"], name="application_status"),
            models.Index(
                fields=["filed_by", "created"],
                condition=models.Q(filed_by__isnull=False),
                name="application_filed_by_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.day:%Y-%m-%d} · {self.pk}"
