"""How each kind of row reads in «Mis datos»: plain dicts of JSON types, the shape
the schema (privacy/schema/mis_datos.schema.json) documents."""

import datetime

from clavepatronal.appointments.models import Turn, TurnApplication, WaitlistEntry
from clavepatronal.employers.models import (
    Activation,
    EmployerAccount,
    PowerOfAttorney,
    Registration,
)
from clavepatronal.procedures.models import Attachment


def when(value: datetime.datetime | datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def row_registration(registration: Registration) -> dict:
    authorized = None
    if registration.has_authorization:
        authorized = {
            "names": registration.authorized_names,
            "id_type": registration.authorized_id_type,
            "identification": registration.authorized_identification,
        }
    return {
        "number": registration.number,
        "status": registration.status,
        "created": when(registration.created),
        "sector": registration.sector,
        "employer_id_type": registration.employer_id_type,
        "employer_identification": registration.employer_identification,
        "business_name": registration.business_name,
        "main_activity": registration.main_activity,
        "province": registration.province.name,
        "canton": registration.canton,
        "address": registration.address,
        "phone": registration.phone,
        "email": registration.email,
        "email_verified_at": when(registration.email_verified_at),
        "artisan_number": registration.artisan_number,
        "artisan_expiry": when(registration.artisan_expiry),
        "legal_representative": {
            "id_type": registration.rep_id_type,
            "identification": registration.rep_identification,
            "names": registration.rep_names,
            "nationality": registration.rep_nationality,
            "email": registration.rep_email,
            "mobile": registration.rep_mobile,
        },
        "authorized_person": authorized,
        "sri": {
            "status": registration.sri_status,
            "checked_at": when(registration.sri_checked_at),
            "detail": registration.sri_detail,
        },
        "powers_of_attorney": [row_power(p) for p in registration.powers.all()],
    }


def row_power(power: PowerOfAttorney) -> dict:
    return {
        "id": power.pk,
        "created": when(power.created),
        "status": power.status,
        "province": power.province.name,
        "notary": power.notary,
        "deed_number": power.deed_number,
        "granted_on": when(power.granted_on),
        "apoderado_names": power.apoderado_names,
        "apoderado_id_type": power.apoderado_id_type,
        "apoderado_identification": power.apoderado_identification,
        "filed_online": power.filed_online,
        "has_scan": bool(power.scan_sha256),
        "scan_sha256": power.scan_sha256,
        "reviewed_at": when(power.reviewed_at),
        "stamp_code": power.stamp_code or "",
        "rejection_reason": power.rejection_reason,
    }


def row_file(attachment: Attachment) -> dict:
    return {
        "id": attachment.pk,
        "requirement_code": attachment.requirement_code,
        "requirement_name": attachment.requirement_name,
        "name": attachment.display_name,
        "kind": attachment.kind,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "state": "vigente" if attachment.is_current else "reemplazado",
        "created": when(attachment.created),
    }


def row_tramite(tramite) -> dict:
    return {
        "number": tramite.number,
        "procedure": tramite.procedure_type.name,
        "status": tramite.status,
        "province": tramite.province.name,
        "created": when(tramite.created),
        "updated": when(tramite.updated),
        "applicant": {
            "id_type": tramite.applicant_id_type,
            "identification": tramite.applicant_identification,
            "names": tramite.applicant_names,
            "email": tramite.applicant_email,
            "mobile": tramite.applicant_mobile,
        },
        "message": tramite.message,
        "employer_confirmed_at": when(tramite.employer_confirmed_at),
        "files": [row_file(a) for a in tramite.attachments.all()],
        "history": [
            {
                "at": when(change.created),
                "from_status": change.from_status,
                "to_status": change.to_status,
                "note": change.note,
            }
            for change in tramite.history.all()
        ],
        "observations": [
            {
                "round": observation.round,
                "requirement_name": observation.requirement_name,
                "text": observation.text,
                "created": when(observation.created),
                "resolved_at": when(observation.resolved_at),
            }
            for observation in tramite.observations.all()
        ],
    }


def row_turn(turn: Turn) -> dict:
    return {
        "code": turn.code,
        "procedure": turn.procedure_type.name,
        "agency": turn.slot.agency.name,
        "starts_at": when(turn.slot.starts_at),
        "status": turn.status,
        "created": when(turn.created),
        "cancelled_at": when(turn.cancelled_at),
        "identification_type": turn.identification_type,
        "identification": turn.identification,
        "holder_role": turn.holder_role,
        "holder_names": turn.holder_names,
        "email": turn.email,
        "mobile": turn.mobile,
        "channel": turn.channel,
    }


def row_application(application: TurnApplication) -> dict:
    return {
        "id": application.pk,
        "procedure": application.procedure_type.name,
        "agency": application.agency.name,
        "day": when(application.day),
        "hours": [str(hour) for hour in application.hours],
        "any_hour": application.any_hour,
        "status": application.status,
        "created": when(application.created),
        "identification_type": application.identification_type,
        "identification": application.identification,
        "holder_role": application.holder_role,
        "holder_names": application.holder_names,
        "email": application.email,
        "mobile": application.mobile,
        "turn_code": application.turn.code if application.turn else None,
        "channel": application.channel,
    }


def row_waitlist_entry(entry: WaitlistEntry) -> dict:
    return {
        "procedure": entry.procedure_type.name,
        "agency": entry.agency.name,
        "days": [str(day) for day in entry.days],
        "hours": [str(hour) for hour in entry.hours],
        "until": when(entry.until),
        "status": entry.status,
        "created": when(entry.created),
        "identification_type": entry.identification_type,
        "identification": entry.identification,
        "holder_role": entry.holder_role,
        "holder_names": entry.holder_names,
        "email": entry.email,
        "mobile": entry.mobile,
        "offers": [
            {
                "starts_at": when(offer.slot.starts_at),
                "expires_at": when(offer.expires_at),
                "status": offer.status,
                "turn_code": offer.turn.code if offer.turn else None,
            }
            for offer in entry.offers.all()
        ],
    }


def row_account(account: EmployerAccount, activations: list[Activation]) -> dict:
    return {
        "username": account.user.username,
        "email": account.user.email,
        "created": when(account.created),
        "activated_at": when(account.activated_at),
        "clave_changed_at": when(account.clave_changed_at),
        "activations": [
            {
                "purpose": activation.purpose,
                "channel": activation.channel,
                "status": activation.status,
                "created": when(activation.created),
                "expires_at": when(activation.expires_at),
                "used_at": when(activation.used_at),
                "email": activation.email,
                "recipient_names": activation.recipient_names,
                "recipient_id_type": activation.recipient_id_type,
                "recipient_identification": activation.recipient_identification,
                "recipient_role": activation.recipient_role,
            }
            for activation in activations
        ],
    }
