"""A turn: one person (and, for a clave turn, one employer), one seat."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.models import BaseModel
from clavepatronal.documents.codes import code_grouped
from clavepatronal.identity.constants import IdentificationType

from ..constants import (
    TURN_ACTIVE_STATUSES,
    TurnChannel,
    TurnStatus,
)
from .agencies import Agency, Slot


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
    # Optional only for a turn an officer booked (a person without e-mail or phone
    # gets the printed confirmation): services.assisted.
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
    # The officer who booked it at the counter or on the phone line.
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reservado por el servidor"),
    )
    status = models.CharField(
        _("estado"),
        max_length=16,
        choices=TurnStatus,
        default=TurnStatus.RESERVADO,
        db_index=True,
    )
    cancelled_at = models.DateTimeField(_("cancelado"), null=True, blank=True)
    # A turn POR_CONFIRMAR holds its seat until then (TURNOS_EMPLOYER_CONFIRM_HOURS).
    employer_confirm_until = models.DateTimeField(
        _("el empleador puede confirmar hasta"), null=True, blank=True
    )
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
            # One turn waiting for an employer's confirmation at a time: a program
            # with public numbers holds at most one seat per employer, briefly.
            models.UniqueConstraint(
                fields=["employer_identification"],
                condition=models.Q(status=TurnStatus.POR_CONFIRMAR),
                name="turn_one_unconfirmed_per_employer",
            ),
            # Online, the person books; at the counter or by phone, an officer.
            models.CheckConstraint(
                condition=models.Q(channel=TurnChannel.EN_LINEA, booked_by__isnull=True)
                | (
                    ~models.Q(channel=TurnChannel.EN_LINEA)
                    & models.Q(booked_by__isnull=False)
                ),
                name="turn_assisted_has_officer",
            ),
        ]
        indexes = [
            # The per-officer daily count (services.assisted) and its report.
            models.Index(
                fields=["booked_by", "created"],
                condition=models.Q(booked_by__isnull=False),
                name="turn_booked_by_created",
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


class EmployerBlock(BaseModel):
    """«No fui yo»: the employer said it did not ask for a turn made in its name.
    Until `until`, that identification and that mailbox may not book for this
    employer without the proof of its mailbox (the e-mailed code)."""

    employer_identification = models.CharField(
        _("RUC del empleador"), max_length=13, db_index=True
    )
    identification = models.CharField(_("identificación bloqueada"), max_length=25)
    mailbox = models.CharField(_("buzón bloqueado"), max_length=254)
    turn = models.ForeignKey(
        Turn,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employer_blocks",
        verbose_name=_("turno que lo motivó"),
    )
    until = models.DateTimeField(_("vigente hasta"))

    class Meta:
        verbose_name = _("bloqueo pedido por el empleador")
        verbose_name_plural = _("bloqueos pedidos por los empleadores")

    def __str__(self) -> str:
        return f"{self.employer_identification} · {self.identification}"
