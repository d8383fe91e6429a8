"""A database seeded across three years for the retention tests: one row of every
kind the job handles at each age, its clock set by a frozen `timezone.now`, plus
what must be kept whatever its age (a registration, the audit trail, open rows)."""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from clavepatronal.appointments.constants import (
    ApplicationStatus,
    TurnStatus,
    WaitlistStatus,
)
from clavepatronal.appointments.models import (
    EmployerBlock,
    TurnApplication,
    WaitlistEntry,
)
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.documents.codes import random_code
from clavepatronal.documents.constants import CODE_LENGTH, DocumentKind
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.documents.services import generated_document_create
from clavepatronal.employers.constants import PowerStatus
from clavepatronal.employers.models import (
    ClaveResetRequest,
    PowerOfAttorney,
    RegistrationDraft,
)
from clavepatronal.identity.models import Province
from clavepatronal.notifications.constants import OutboxStatus, VerificationPurpose
from clavepatronal.notifications.models import EmailVerification, OutboxEmail
from clavepatronal.procedures.models import (
    DraftAttachment,
    StatusChange,
    TramiteDraft,
)
from tests.appointments.conftest import cedula
from tests.appointments.factories import AgencyFactory, TurnFactory
from tests.employers.factories import RegistrationFactory
from tests.procedures.factories import TramiteFactory

NOW = datetime.datetime(2026, 12, 7, 17, 0, tzinfo=datetime.UTC)
AGES = (
    datetime.timedelta(hours=2),
    datetime.timedelta(days=3),
    datetime.timedelta(days=45),
    datetime.timedelta(days=400),
    datetime.timedelta(days=1000),
)
PDF = b"%PDF-1.7 prueba de conservacion"


class Seed:
    def __init__(self, clock: list):
        self.clock = clock
        self.n = 0
        self.rows: dict[str, list] = {}
        self.files: list = []
        self.draft_files: list = []
        self.document_files: list = []

    def at(self, age: datetime.timedelta) -> datetime.datetime:
        self.clock[0] = NOW - age
        return self.clock[0]

    def add(self, key: str, age, row) -> None:
        self.rows.setdefault(key, []).append((age, row))

    @property
    def turns(self):
        return self.rows["turnos"]

    def everything(self) -> None:
        self.at(AGES[-1])
        self.old_registration = RegistrationFactory()
        self.old_event = audit_event_record(
            action=AuditAction.SRI_CONSULTADO, actor_label="sistema"
        )
        self.agency = AgencyFactory()
        self.procedure_type = self.agency.procedure_types.first()
        for age in AGES:
            self.n += 1
            when = self.at(age)
            self._short_lived(age, when)
            self._documents(age, when)
            self._turns(age, when)
            self._waitlist(age, when)
            self._tramites(age, when)
        self._open_rows()

    def _short_lived(self, age, when) -> None:
        self.add(
            "codigos_verificacion",
            age,
            EmailVerification.objects.create(
                purpose=VerificationPurpose.TURNO,
                subject=cedula(700 + self.n),
                email=f"codigo{self.n}@correo.ec",
                salt="s",
                code_hash="h",
                expires_at=when + datetime.timedelta(minutes=10),
            ),
        )
        self.add(
            "borradores_registro",
            age,
            RegistrationDraft.objects.create(
                key=f"registro-{self.n}", state={"x": 1}, expires_at=when
            ),
        )
        draft = TramiteDraft.objects.create(
            key=f"tramite-{self.n}", state={"x": 1}, expires_at=when
        )
        kept = DraftAttachment.objects.create(
            draft=draft, file=_upload(), **_file_fields()
        )
        self.draft_files.append((age, kept.file.name))
        self.add("borradores_tramite", age, draft)
        self.add(
            "bloqueos_no_fui_yo",
            age,
            EmployerBlock.objects.create(
                employer_identification="1790012345001",
                identification=cedula(800 + self.n),
                mailbox=f"bloqueado{self.n}@correo.ec",
                until=when,
            ),
        )
        self.add(
            "correos_enviados",
            age,
            OutboxEmail.objects.create(
                to=f"enviado{self.n}@correo.ec",
                subject="Su turno",
                body="Estimada María...",
                status=OutboxStatus.ENVIADO,
                sent_at=when,
            ),
        )
        self.add(
            "escaneos_poder_rechazado",
            age,
            PowerOfAttorney.objects.create(
                registration=self.old_registration,
                province=Province.objects.get(code="17"),
                notary="Notaría Primera de Quito",
                deed_number=f"2024-{self.n}",
                granted_on=datetime.date(2024, 1, 10),
                apoderado_names="Ana Lucía Torres",
                apoderado_id_type="CEDULA",
                apoderado_identification=cedula(900 + self.n),
                status=PowerStatus.RECHAZADO,
                filed_online=True,
                scan=PDF,
                scan_kind="PDF",
                scan_sha256=hashlib.sha256(PDF).hexdigest(),
                reviewed_at=when,
                rejection_reason="Ilegible",
            ),
        )

    def _document(self) -> GeneratedDocument:
        return generated_document_create(
            code=random_code(CODE_LENGTH),
            kind=DocumentKind.SOLICITUD_CLAVE,
            holder_identification="1790012345001",
            holder_name="Comercial Andina S.A.",
            content=PDF,
        )

    def _documents(self, age, when) -> None:
        document = self._document()
        self.document_files.append((age, document.file.name))
        self.add("documentos_generados", age, document)
        self.add(
            "restablecimientos_no_firmados",
            age,
            ClaveResetRequest.objects.create(
                document=self._document(),
                identification="1790012345001",
                email=f"nuevo{self.n}@correo.ec",
                mobile="+593991234567",
                expires_at=when,
            ),
        )

    def _turns(self, age, when) -> None:
        turn = TurnFactory(
            agency=self.agency,
            starts_at=when.replace(second=0, microsecond=0),
            procedure_type=self.procedure_type,
            held_by=self.old_registration,
            status=TurnStatus.ATENDIDO,
        )
        self.add("turnos", age, turn)
        self.add(
            "solicitudes_sorteo",
            age,
            TurnApplication.objects.create(
                agency=self.agency,
                procedure_type=self.procedure_type,
                day=timezone.localdate(when),
                identification_type="CEDULA",
                identification=cedula(600 + self.n),
                holder_names="Pedro Pablo Salazar",
                email=f"solicitud{self.n}@correo.ec",
                mobile="+593987654321",
                status=ApplicationStatus.VENCIDA,
            ),
        )

    def _waitlist(self, age, when) -> None:
        self.add(
            "lista_espera",
            age,
            WaitlistEntry.objects.create(
                agency=self.agency,
                procedure_type=self.procedure_type,
                identification_type="CEDULA",
                identification=cedula(700 + self.n),
                holder_names="Rosa Elena Quishpe",
                email=f"espera{self.n}@correo.ec",
                mobile="+593987654321",
                until=timezone.localdate(when),
                rank=f"{self.n:064x}",
                status=WaitlistStatus.VENCIDA,
            ),
        )

    def _tramites(self, age, when) -> None:
        tramite = TramiteFactory(
            created=when, clave_emitida=True, attachment__file=_upload()
        )
        self.files += [(age, a.file.name) for a in tramite.attachments.all()]
        StatusChange.objects.create(
            tramite=tramite,
            to_status="RECIBIDO",
            actor_label=tramite.applicant_names,
        )
        self.add("solicitantes_tramite", age, tramite)
        for attachment in tramite.attachments.all():
            self.add("adjuntos_tramite", age, attachment)

    def _open_rows(self) -> None:
        when = self.at(AGES[-1])
        self.open_turn = TurnFactory(
            agency=self.agency,
            starts_at=when.replace(minute=30, second=0, microsecond=0),
            procedure_type=self.procedure_type,
        )
        self.open_application = TurnApplication.objects.create(
            agency=self.agency,
            procedure_type=self.procedure_type,
            day=timezone.localdate(when),
            identification_type="CEDULA",
            identification=cedula(650),
            email="pendiente@correo.ec",
            mobile="+593987654321",
        )
        self.open_tramite = TramiteFactory(created=when)
        # Still on the list, whatever its days: its person stays.
        self.open_waitlist_entry = WaitlistEntry.objects.create(
            agency=self.agency,
            procedure_type=self.procedure_type,
            identification_type="CEDULA",
            identification=cedula(651),
            email="en-espera@correo.ec",
            until=timezone.localdate(when),
            rank="0" * 64,
        )

    def checks(self):
        """(kind, age, did the job act on it?) for every seeded row."""
        for key, rows in self.rows.items():
            for age, row in rows:
                yield key, age, lambda key=key, row=row: _acted(key, row)

    def expected_counts(self, past) -> dict[str, int]:
        return {
            key: sum(1 for age, _row in rows if past(key, age))
            for key, rows in self.rows.items()
        }


def _upload() -> ContentFile:
    """Under the uploads folder, as the ventanilla stores them."""
    return ContentFile(PDF, name="tramites/2024/01/ruc.pdf")


def _file_fields() -> dict:
    return {
        "requirement_code": "ruc",
        "requirement_name": "RUC",
        "kind": "PDF",
        "display_name": "ruc.pdf",
        "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }


def _acted(key: str, row) -> bool:
    model = type(row)
    current = model.objects.filter(pk=row.pk).first()
    if current is None:
        return True
    if key == "escaneos_poder_rechazado":
        return current.scan is None and not current.scan_sha256
    if key in ("turnos", "solicitudes_sorteo", "lista_espera"):
        return not (current.identification or current.email or current.mobile) and (
            current.registration_id is None and not current.holder_names
        )
    if key == "solicitantes_tramite":
        named = StatusChange.objects.filter(
            tramite=current, actor_label=row.applicant_names
        )
        return not named.exists() and not (
            current.applicant_identification
            or current.applicant_names
            or current.applicant_email
            or current.applicant_mobile
            or current.message
        )
    return False
