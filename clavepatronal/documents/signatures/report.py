"""What a signature check found, kept with the attachment and shown to officers."""

from dataclasses import asdict, dataclass, field


@dataclass
class SignatureReport:
    """The full result, stored with the attachment and shown to officers."""

    ok: bool = False
    code: str = ""
    message: str = ""
    field_name: str = ""
    signer_name: str = ""
    signer_identification: str = ""
    entity: str = ""  # the accredited entity the chain reached
    certificate_kind: str = ""  # as the entity marks it (a CertificateKind label)
    company_ruc: str = ""  # a company certificate's RUC
    issuer: str = ""
    certificate_serial: str = ""
    certificate_valid_from: str = ""
    certificate_valid_until: str = ""
    signed_at: str = ""
    intact: bool | None = None
    trusted: bool | None = None
    coverage: str = ""
    modification_level: str = ""
    content_match: str = ""  # "prefijo" | "reescrito" | ""
    validated_at: str = ""  # the moment the certificate was judged at
    timestamp_at: str = ""  # a trusted timestamp's time, when there is one
    revocation: str = ""  # a RevocationCheck value
    checks: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class SignatureRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
