"""The retention table: one per kind of data, every period a setting, the docs' copy
the same as the code's, and the audit trail never in the job's hands."""

import datetime
import re
from pathlib import Path

from django.conf import settings

from clavepatronal.privacy.purge import STEPS
from clavepatronal.privacy.retention import (
    RETENTION_TABLE,
    RULES_BY_KEY,
    RetentionAction,
)

DOCS = Path(settings.BASE_DIR) / "docs" / "datos-personales.md"


def _docs_rows() -> dict[str, str]:
    rows = {}
    for line in DOCS.read_text().splitlines():
        match = re.match(r"\| `(\w+)` \|", line)
        if match:
            rows[match.group(1)] = line
    return rows


def test_every_enforced_rule_has_a_step_and_every_step_a_rule():
    enforced = {rule.key for rule in RETENTION_TABLE if rule.enforced}
    assert enforced == set(STEPS)
    assert len(RULES_BY_KEY) == len(RETENTION_TABLE)


def test_the_docs_table_is_the_codes_with_its_defaults():
    rows = _docs_rows()
    assert set(rows) == set(RULES_BY_KEY)
    for rule in RETENTION_TABLE:
        row = rows[rule.key]
        if rule.setting:
            assert f"`{rule.setting}` = {rule.amount} " in row, rule.key
        if rule.action == RetentionAction.KEEP:
            assert "conservar" in row, rule.key


def test_periods_follow_the_settings(settings):
    rule = RULES_BY_KEY["turnos"]
    settings.PRIVACY_RETENTION_TURNS_DAYS = 10
    assert rule.period == datetime.timedelta(days=10)
    settings.PRIVACY_RETENTION_ARCHIVE_YEARS = 3
    assert RULES_BY_KEY["adjuntos_tramite"].period == datetime.timedelta(days=3 * 365)
    settings.PRIVACY_RETENTION_CODES_HOURS = 5
    assert RULES_BY_KEY["codigos_verificacion"].period_display == "5 horas"


def test_the_audit_trail_is_kept_longest_and_never_purged():
    audit = RULES_BY_KEY["auditoria"]
    assert audit.action == RetentionAction.KEEP and not audit.enforced
    assert "auditoria" not in STEPS
    assert all(audit.period >= rule.period for rule in RETENTION_TABLE)


def test_short_lived_data_go_in_hours_and_refused_files_at_once():
    for key in ("codigos_verificacion", "borradores_registro", "borradores_tramite"):
        assert RULES_BY_KEY[key].period <= datetime.timedelta(days=2), key
    assert RULES_BY_KEY["archivos_rechazados"].period == datetime.timedelta(0)
