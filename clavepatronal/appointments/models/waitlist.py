"""Lista de espera: people whose verified journey found no seat, and the freed seats
offered to them in the published order (services.waitlist, docs/turnos.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.models import BaseModel
from clavepatronal.identity.constants import IdentificationType

from ..constants import (
    WAITLIST_LIVE_STATUSES,
    OfferStatus,
    TurnChannel,
    WaitlistStatus,
)
from .agencies import Agency, Slot
from .turns import Turn


class WaitlistEntry(BaseModel):
    """One person (and, for Clave patronal, one employer) waiting for a freed seat
    at one agency, for one procedure, on the days and hours they named (none: any)."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="waitlist",
        verbose_name=_("agencia"),
    )
    procedure_type = models.ForeignKey(
        ProcedureType,
        on_delete=models.PROTECT,
        related_name="waitlist",
        verbose_name=_("tipo de trámite"),
    )
    identification_type = models.CharField(
        _("tipo de identificación"), max_length=12, choices=IdentificationType
    )
    identification = models.CharField(_("identificación"), max_length=25)
    registration = models.ForeignKey(
        "employers.Registration",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waitlist_entries",
        verbose_name=_("registro del empleador"),
    )
    employer_identification = models.CharField(
        _("RUC o cédula del empleador"), max_length=13, blank=True
    )
    holder_role = models.CharField(_("calidad"), max_length=24, blank=True)
    holder_names = models.CharField(_("nombres"), max_length=200, blank=True)
    email = models.EmailField(_("correo electrónico"))
    mobile = models.CharField(_("celular"), max_length=16, blank=True)
    # ISO dates and "HH:MM" starts it would take; empty: any day, any hour.
    days = models.JSONField(_("días preferidos"), default=list, blank=True)
    hours = models.JSONField(_("horas preferidas"), default=list, blank=True)
    # The last day it waits for (the end of the booking window when it joined).
    until = models.DateField(_("espera hasta"))
    # The published order: the no-show tier first (higher first), then the drawn
    # rank (services.waitlist), then the time it joined.
    priority = models.SmallIntegerField(_("prioridad"), default=0)
    rank = models.CharField(_("número sorteado"), max_length=64)
    status = models.CharField(
        _("estado"),
        max_length=12,
        choices=WaitlistStatus,
        default=WaitlistStatus.ESPERANDO,
    )

    # Only the person joins, online (not a field: there is no other channel). The
    # employer's notice reads it as it reads a turn's (employer_notice_mailbox).
    channel = TurnChannel.EN_LINEA

    class Meta:
        ordering = ["-priority", "rank", "created"]
        verbose_name = _("inscripción en la lista de espera")
        verbose_name_plural = _("lista de espera")
        constraints = [
            models.UniqueConstraint(
                fields=["identification", "procedure_type"],
                condition=models.Q(status__in=WAITLIST_LIVE_STATUSES),
                name="waitlist_one_live_per_number_and_procedure",
            ),
            models.UniqueConstraint(
                fields=["employer_identification"],
                condition=models.Q(status__in=WAITLIST_LIVE_STATUSES)
                & ~models.Q(employer_identification=""),
                name="waitlist_one_live_per_employer",
            ),
        ]
        indexes = [
            # Who is next for a seat freed at an agency.
            models.Index(
                fields=["agency", "priority", "rank"],
                condition=models.Q(status=WaitlistStatus.ESPERANDO),
                name="waitlist_waiting_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.procedure_type} · {self.pk}"


class WaitlistOffer(BaseModel):
    """A freed seat held for one entry until `expires_at`: counted in the slot's
    `booked` while it is open, so no one else can take it (services.waitlist)."""

    entry = models.ForeignKey(
        WaitlistEntry,
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("inscripción"),
    )
    slot = models.ForeignKey(
        Slot,
        on_delete=models.PROTECT,
        related_name="waitlist_offers",
        verbose_name=_("horario"),
    )
    expires_at = models.DateTimeField(_("reservado hasta"))
    status = models.CharField(
        _("estado"), max_length=10, choices=OfferStatus, default=OfferStatus.ABIERTA
    )
    answered_at = models.DateTimeField(_("respondida"), null=True, blank=True)
    turn = models.OneToOneField(
        Turn,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waitlist_offer",
        verbose_name=_("turno"),
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("lugar ofrecido de la lista de espera")
        verbose_name_plural = _("lugares ofrecidos de la lista de espera")
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(status=OfferStatus.ABIERTA),
                name="waitlist_one_open_offer_per_entry",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=OfferStatus.TOMADA)
                | models.Q(turn__isnull=False),
                name="waitlist_offer_taken_has_turn",
            ),
        ]
        indexes = [
            models.Index(
                fields=["expires_at"],
                condition=models.Q(status=OfferStatus.ABIERTA),
                name="waitlist_open_offer_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.slot}"
