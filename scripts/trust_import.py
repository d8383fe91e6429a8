"""Import the accredited certification entities' certificates into the shipped trust
store: `clavepatronal/documents/trust/ec/<entity>/*.pem`, a manifest with each
file's source and fingerprint, and the entity table (where each entity writes the
holder's identity and the certificate's kind).

    .venv/bin/python scripts/trust_import.py ../shared/trust/ec

A file already in the store is never rewritten with other content (a new root is a
new file); the manifest and the entity table are made anew each run. See
docs/ventanilla.md («Entidades de certificación») for how to add an entity.
"""

import hashlib
import json
import shutil
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

STORE = Path(__file__).resolve().parent.parent / "clavepatronal/documents/trust"
SOURCE = (
    "FirmaEC (eduedudev/firmadigital-libreria), src/main/java/ec/gob/firmadigital/"
    "libreria/certificate/ec/{entity}/cert/{file}"
)
NAMES = {
    "alphatechnologies": "Alpha Technologies",
    "anfac": "ANF Autoridad de Certificación Ecuador",
    "appfirmas": "AppFirmas",
    "argosdata": "Argos Data",
    "bce": "Banco Central del Ecuador",
    "cj": "Consejo de la Judicatura",
    "corpnewbest": "Corporación Newbest",
    "darkcam": "Darkcam",
    "datil": "Datil",
    "digercic": "Registro Civil (DIGERCIC)",
    "eclipsoft": "Eclipsoft",
    "firmasegura": "Firma Segura",
    "lazzate": "Lazzate",
    "letmi": "Letmi",
    "primecorelat": "Prime Core Lat",
    "securitydata": "Security Data",
    "uanataca": "Uanataca",
}
# The kind a FirmaEC constant name stands for; OID_CERTIFICADO names no kind.
KIND_WORDS = (
    ("SELLADO_TIEMPO", "timestamp"),
    ("SELLO_TIEMPO", "timestamp"),
    ("SELLO_ELECTRONICO", "seal"),
    ("REPRESENTANTE", "representative"),
    ("MIEMBRO_EMPRESA", "member"),
    ("DEPARTAMENTO_EMPRESA", "member"),
    ("PERSONA_JURIDICA", "legal_person"),
    ("TIPO_EMPRESA", "legal_person"),
    ("FUNCIONARIO_PUBLICO", "public_servant"),
    ("PERSONA_NATURAL", "natural"),
)
ALPHA_ARC = "1.3.6.1.4.1.56105."


def _kind(constant: str) -> str:
    return next((kind for word, kind in KIND_WORDS if word in constant), "")


def _entity_kinds(key: str, types: dict[str, str]) -> tuple[dict, dict]:
    """Kind by OID, and the OIDs not taken as evidence with the reason: another
    entity's arc, or one OID listed for two kinds."""
    kinds_of: dict[str, set[str]] = {}
    for constant, oid in types.items():
        if kind := _kind(constant):
            kinds_of.setdefault(oid, set()).add(kind)
    kinds, doubtful = {}, {}
    for oid, found in sorted(kinds_of.items()):
        if key != "alphatechnologies" and oid.startswith(ALPHA_ARC):
            doubtful[oid] = "arco de Alpha Technologies listado para otra entidad"
        elif len(found) > 1:
            doubtful[oid] = "un mismo OID listado para " + " y ".join(sorted(found))
        else:
            kinds[oid] = found.pop()
    return kinds, doubtful


def entities_table(fields: dict) -> dict:
    table = {}
    for key, name in NAMES.items():
        entry = fields[key]
        kinds, doubtful = _entity_kinds(key, entry["certificate_types"])
        table[key] = {
            "name": name,
            "cedula": entry["cedula"],
            "ruc": entry["ruc"],
            "kinds": kinds,
            "doubtful_kinds": doubtful,
        }
    return table


def _fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _is_ca(cert: x509.Certificate) -> bool | None:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return None


def _issuer(cert: x509.Certificate, certs: list[x509.Certificate]) -> str:
    for candidate in certs:
        if candidate is cert or candidate.subject != cert.issuer:
            continue
        try:
            cert.verify_directly_issued_by(candidate)
        except Exception:  # noqa: BLE001 - another key type, another algorithm
            continue
        return _fingerprint(candidate)
    return ""


def _common_name(cert: x509.Certificate) -> str:
    values = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else cert.subject.rfc4514_string()


def manifest_entries(source: Path) -> list[dict]:
    found = []
    for path in sorted(source.glob("*/*.pem")):
        for cert in x509.load_pem_x509_certificates(path.read_bytes()):
            found.append((path, cert))
    certs = [cert for _, cert in found]
    entries = []
    for path, cert in found:
        self_signed = cert.issuer == cert.subject
        issuer = "" if self_signed else _issuer(cert, certs)
        is_ca = _is_ca(cert)
        role = "root" if self_signed else "intermediate"
        if is_ca is False:
            role = "excluded"  # an end-entity certificate, not an authority
        entries.append(
            {
                "entity": path.parent.name,
                "file": f"ec/{path.parent.name}/{path.name}",
                "role": role,
                "anchor": role == "root" or (role == "intermediate" and not issuer),
                "issued_by": issuer,
                "subject": _common_name(cert),
                "valid_from": cert.not_valid_before_utc.date().isoformat(),
                "valid_until": cert.not_valid_after_utc.date().isoformat(),
                "sha256": _fingerprint(cert),
                "source": SOURCE.format(entity=path.parent.name, file=path.name),
            }
        )
    return entries


def _copy(source: Path, entries: list[dict]) -> None:
    for entry in entries:
        target = STORE / entry["file"]
        origin = source / entry["file"].removeprefix("ec/")
        if target.exists() and target.read_bytes() != origin.read_bytes():
            raise SystemExit(f"{target} exists with other content: add a new file")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, target)


def main(source: Path) -> None:
    entries = manifest_entries(source)
    _copy(source, entries)
    fields = json.loads((source / "identity-fields.json").read_text())
    (STORE / "manifest.json").write_text(
        json.dumps({"certificates": entries}, indent=1, ensure_ascii=False) + "\n"
    )
    (STORE / "entities.json").write_text(
        json.dumps(entities_table(fields), indent=1, ensure_ascii=False) + "\n"
    )
    print(
        f"{len(entries)} certificados de {len({e['entity'] for e in entries})} "
        f"entidades en {STORE}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/trust/ec"))
