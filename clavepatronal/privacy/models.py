"""Rights requests (LOPDP Arts. 13-17, 19), the breach register (Arts. 43, 46) and
optional consent (Arts. 7-8). The choices live here with their models: the app's
other parts (notice, retention) keep their own."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import BaseModel


class Right(models.TextChoices):
    ACCESO = "ACCESO", _("Acceso a mis datos")
    RECTIFICACION = "RECTIFICACION", _("Rectificación o actualización")
    ELIMINACION = "ELIMINACION", _("Eliminación")
    OPOSICION = "OPOSICION", _("Oposición")
    PORTABILIDAD = "PORTABILIDAD", _("Portabilidad")
    SUSPENSION = "SUSPENSION", _("Suspensión del tratamiento")


class RequestStatus(models.TextChoices):
    RECIBIDA = "RECIBIDA", _("Recibida")
    EN_TRAMITE = "EN_TRAMITE", _("En trámite")
    RESPONDIDA = "RESPONDIDA", _("Respondida")
    RECHAZADA = "RECHAZADA", _("Rechazada")


OPEN_STATUSES = (RequestStatus.RECIBIDA, RequestStatus.EN_TRAMITE)
CLOSED_STATUSES = (RequestStatus.RESPONDIDA, RequestStatus.RECHAZADA)


class IdentityProof(models.TextChoices):
    CODIGO_CORREO = "CODIGO_CORREO", _("Código enviado al correo")
    PORTAL = "PORTAL", _("Sesión del portal del empleador")


class PersonIdType(models.TextChoices):
    CEDULA = "CEDULA", _("Cédula de identidad")
    PASAPORTE = "PASAPORTE", _("Pasaporte")


class RightsRequest(BaseModel):
    """One request to exercise a right; answered within the working-day deadline
    fixed when it was received (privacy.working_days)."""

    number = models.CharField(_("número"), max_length=20, unique=True)
    right = models.CharField(_("derecho"), max_length=16, choices=Right.choices)
    id_type = models.CharField(
        _("tipo de identificación"), max_length=10, choices=PersonIdType.choices
    )
    identification = models.CharField(_("identificación"), max_length=25)
    names = models.CharField(_("nombres y apellidos"), max_length=200)
    email = models.EmailField(_("correo electrónico"))
    employer_identification = models.CharField(
        _("RUC del empleador"), max_length=13, blank=True, db_index=True
    )
    description = models.TextField(_("descripción"))
    # The proven mailbox is the employer's (the registration's e-mail, or its
    # portal session): only then does the request speak for that employer and
    # mark its data «en disputa». A RUC and a representative's cédula are public.
    speaks_for_employer = models.BooleanField(
        _("el correo comprobado es el del empleador"), default=False
    )
    proof = models.CharField(
        _("identidad comprobada por"), max_length=16, choices=IdentityProof.choices
    )
    status = models.CharField(
        _("estado"),
        max_length=12,
        choices=RequestStatus.choices,
        default=RequestStatus.RECIBIDA,
    )
    received_at = models.DateTimeField(_("recibida el"))
    due_on = models.DateField(_("vence el"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("a cargo de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = models.TextField(_("respuesta o motivo"), blank=True)
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "received_at"]
        verbose_name = _("solicitud de derechos")
        verbose_name_plural = _("solicitudes de derechos")
        permissions = [
            ("handle_rightsrequest", _("Puede atender solicitudes de derechos")),
            (
                "monitor_rightsrequest",
                _("Puede ver los plazos de las solicitudes de derechos"),
            ),
        ]
        constraints = [
            # A closed request always carries its answer (or the refusal's reason).
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES)
                | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="privacy_closed_request_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values),
                name="privacy_request_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class BreachIncident(BaseModel):
    """A security breach of personal data, with its two legal clocks and the
    criterion that selects, from the audit trail, the employers it touched."""

    discovered_at = models.DateTimeField(_("descubierto el"))
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"))
    data_concerned = models.TextField(_("datos afectados"))
    # The criterion (services.breaches.breach_affected_employers).
    window_start = models.DateTimeField(_("desde"))
    window_end = models.DateTimeField(_("hasta"))
    actor_username = models.CharField(
        _("usuario involucrado"), max_length=150, blank=True
    )
    ip = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    actions = models.JSONField(_("acciones"), default=list, blank=True)
    authority_due_on = models.DateField(_("aviso a la Autoridad hasta"))
    people_due_on = models.DateField(_("aviso a los titulares hasta"))
    authority_notified_at = models.DateTimeField(
        _("Autoridad notificada el"), null=True, blank=True
    )
    people_notified_at = models.DateTimeField(
        _("titulares notificados el"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrado por"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-discovered_at"]
        verbose_name = _("incidente de seguridad")
        verbose_name_plural = _("incidentes de seguridad")
        permissions = [("manage_breachincident", _("Puede gestionar incidentes"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")),
                name="privacy_breach_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BreachNotice(BaseModel):
    """The notice e-mailed to one affected employer, once."""

    incident = models.ForeignKey(
        BreachIncident,
        verbose_name=_("incidente"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    employer_identification = models.CharField(_("RUC o cédula"), max_length=13)
    email = models.EmailField(_("correo"))
    sent_at = models.DateTimeField(_("enviado el"))

    class Meta:
        verbose_name = _("aviso de incidente")
        verbose_name_plural = _("avisos de incidente")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "employer_identification"],
                name="privacy_one_notice_per_employer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} · {self.employer_identification}"


class ConsentPurpose(models.TextChoices):
    """Optional purposes. None is live yet; SMS reminders would be the first."""

    RECORDATORIOS_SMS = "RECORDATORIOS_SMS", _("Recordatorios de turnos por SMS")


class Consent(BaseModel):
    """Proof of one consent: who, for what, which text (version and hash, and the
    text itself), when given and when withdrawn."""

    identification = models.CharField(_("identificación"), max_length=25)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cuenta"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    purpose = models.CharField(
        _("finalidad"), max_length=32, choices=ConsentPurpose.choices
    )
    text_version = models.CharField(_("versión del texto"), max_length=20)
    text_sha256 = models.CharField(_("SHA-256 del texto"), max_length=64)
    text = models.TextField(_("texto aceptado"))
    given_at = models.DateTimeField(_("otorgado el"))
    withdrawn_at = models.DateTimeField(_("retirado el"), null=True, blank=True)

    class Meta:
        verbose_name = _("consentimiento")
        verbose_name_plural = _("consentimientos")
        constraints = [
            models.UniqueConstraint(
                fields=["identification", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="privacy_one_live_consent",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | Q(withdrawn_at__gte=models.F("given_at")),
                name="privacy_consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identification} · {self.get_purpose_display()}"
