"""Who signed: a certificate that may sign documents, from an accredited entity, of a
person (not a seal, a timestamping or a server certificate), the legal
representative's own and, when it is a company's certificate, the employer's."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .certificates import can_sign
from .entities import CertificateKind
from .messages import named
from .report import SignatureRefused, SignatureReport
from .validation import Verdict


def signer_check(
    verdict: Verdict,
    report: SignatureReport,
    kind: str,
    *,
    identification: str,
    ruc: str,
) -> None:
    _usage_check(verdict, report, kind)
    if not report.trusted:
        raise SignatureRefused(
            "untrusted",
            _(
                "La firma %(of_the_kind)s fue hecha con un certificado de una entidad "
                "que no está acreditada en Ecuador (%(issuer)s). Firme con un "
                "certificado emitido por una entidad de certificación acreditada."
            )
            % {**named(kind), "issuer": report.issuer},
        )
    report.checks.append("emitido por una entidad acreditada")
    _person_check(verdict, kind)
    holder = verdict.holder
    if holder.identification != identification:
        raise SignatureRefused(
            "wrong_signer",
            _(
                "La firma %(of_the_kind)s es de %(signer)s (identificación "
                "%(number)s), no del representante legal registrado. Debe firmar el "
                "documento el representante legal con su propio certificado."
            )
            % {
                **named(kind),
                "signer": report.signer_name,
                "number": holder.identification or "—",
            },
        )
    report.checks.append("firmada por el representante legal")
    _company_check(verdict, report, kind, ruc)


def _usage_check(verdict: Verdict, report: SignatureReport, kind: str) -> None:
    if not can_sign(verdict.cert):
        raise SignatureRefused(
            "usage",
            _(
                "El certificado usado en %(the_kind)s no está habilitado para firmar "
                "documentos (no tiene el uso «firma digital»). Pida a su entidad de "
                "certificación (%(issuer)s) que lo renueve como certificado de firma "
                "electrónica y firme de nuevo."
            )
            % {**named(kind), "issuer": report.issuer},
        )


NOT_A_PERSON_MESSAGES = {
    CertificateKind.SEAL: (
        "seal",
        gettext_lazy(
            "%(The_kind)s se firmó con un sello electrónico, que es el certificado "
            "de una empresa y no la firma de una persona. Debe firmarlo el "
            "representante legal con su propio certificado de firma electrónica."
        ),
    ),
    CertificateKind.TIMESTAMP: (
        "timestamp_certificate",
        gettext_lazy(
            "%(The_kind)s se firmó con un certificado de sellado de tiempo, que solo "
            "fecha documentos y no es la firma de una persona. Debe firmarlo el "
            "representante legal con su propio certificado de firma electrónica."
        ),
    ),
    CertificateKind.SERVER: (
        "server_certificate",
        gettext_lazy(
            "%(The_kind)s se firmó con un certificado de servidor, que identifica "
            "un sitio o un sistema y no a una persona. Debe firmarlo el "
            "representante legal con su propio certificado de firma electrónica."
        ),
    ),
}


def _person_check(verdict: Verdict, kind: str) -> None:
    refusal = NOT_A_PERSON_MESSAGES.get(verdict.holder.kind)
    if refusal:
        code, message = refusal
        raise SignatureRefused(code, str(message) % named(kind))


def _company_check(
    verdict: Verdict, report: SignatureReport, kind: str, ruc: str
) -> None:
    """A company's certificate (legal representative, company member, legal person,
    or a RUC that is not the person's own) must be of the employer's RUC."""
    holder = verdict.holder
    employer_ruc = f"{ruc}001" if len(ruc) == 10 else ruc
    if holder.company and holder.ruc and holder.ruc != employer_ruc:
        raise SignatureRefused(
            "other_company",
            _(
                "El certificado es de otra empresa: el certificado con el que se "
                "firmó %(the_kind)s (%(certificate_kind)s) pertenece a la empresa "
                "con RUC %(ruc)s, no al empleador de este trámite (RUC "
                "%(employer)s). Firme con el certificado de esta empresa o con su "
                "certificado de persona natural."
            )
            % {
                **named(kind),
                "certificate_kind": report.certificate_kind.lower(),
                "ruc": holder.ruc,
                "employer": employer_ruc,
            },
        )
    if holder.company and holder.ruc:
        report.checks.append("certificado de la empresa del empleador")
