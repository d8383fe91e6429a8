"""The Grafana dashboard and the Prometheus rules read only the metrics the service
publishes (clavepatronal/observability/metrics.py, collector.py) or the recording
rules of deploy/prometheus/rules.yml; every alert has a test that fires it and one
that does not (the tests themselves run with `promtool test rules` in .ci/run)."""

import json
import re
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DASHBOARD = DEPLOY / "grafana" / "clavepatronal.json"
RULES = DEPLOY / "prometheus" / "rules.yml"
RULES_TEST = DEPLOY / "prometheus" / "rules_test.yml"

# The metrics contract (issue 28): counters with their _total, histograms without
# their _bucket/_sum/_count.
COUNTERS = {
    "clavepatronal_http_requests_total",
    "clavepatronal_codes_sent_total",
    "clavepatronal_codes_failed_total",
    "clavepatronal_turns_booked_total",
    "clavepatronal_turns_refused_total",
    "clavepatronal_draw_applications_total",
    "clavepatronal_draws_run_total",
    "clavepatronal_uploads_refused_total",
    "clavepatronal_signature_revocation_unchecked_total",
    "clavepatronal_sri_lookups_total",
}
HISTOGRAMS = {
    "clavepatronal_http_request_duration_seconds",
    "clavepatronal_http_db_seconds",
    "clavepatronal_http_cache_seconds",
    "clavepatronal_draw_duration_seconds",
}
GAUGES = {
    "clavepatronal_draw_last_finished_timestamp_seconds",
    "clavepatronal_sri_breaker_open",
    "clavepatronal_outbox_pending",
    "clavepatronal_outbox_oldest_age_seconds",
    "clavepatronal_tasks_pending",
    "clavepatronal_tasks_failed",
    "clavepatronal_tasks_oldest_pending_age_seconds",
    "clavepatronal_draw_pending_applications",
    "clavepatronal_overbooked_slots",
    "clavepatronal_agency_without_free_seat",
}
CONTRACT = (
    COUNTERS
    | GAUGES
    | {
        f"{name}{suffix}"
        for name in HISTOGRAMS
        for suffix in ("_bucket", "_sum", "_count")
    }
)
NAME = re.compile(r"\bclavepatronal[_:][A-Za-z0-9_:]*")


def _dashboard() -> dict:
    return json.loads(DASHBOARD.read_text(encoding="utf-8"))


def _panels(dashboard: dict) -> list[dict]:
    panels = []
    for panel in dashboard["panels"]:
        panels.append(panel)
        panels.extend(panel.get("panels", []))
    return panels


def _rules() -> list[dict]:
    groups = yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"]
    return [rule for group in groups for rule in group["rules"]]


def _recorded() -> set[str]:
    return {rule["record"] for rule in _rules() if "record" in rule}


def test_the_dashboard_is_a_grafana_dashboard_with_unique_panels():
    dashboard = _dashboard()
    assert dashboard["uid"] and dashboard["title"]
    panels = _panels(dashboard)
    ids = [panel["id"] for panel in panels]
    assert len(ids) == len(set(ids))
    for panel in panels:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
        assert panel["title"]


def test_every_panel_and_query_uses_the_one_prometheus_datasource_variable():
    dashboard = _dashboard()
    (variable,) = [
        v for v in dashboard["templating"]["list"] if v["type"] == "datasource"
    ]
    assert variable["query"] == "prometheus"
    expected = {"type": "prometheus", "uid": "${" + variable["name"] + "}"}
    queries = 0
    for panel in _panels(dashboard):
        if panel["type"] == "row":
            continue
        assert panel["datasource"] == expected, panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"] == expected, panel["title"]
            assert target["expr"].strip(), panel["title"]
            queries += 1
        ref_ids = [target["refId"] for target in panel["targets"]]
        assert len(ref_ids) == len(set(ref_ids)), panel["title"]
    assert queries >= 20


def test_the_dashboard_reads_only_contract_metrics_and_recording_rules():
    allowed = CONTRACT | _recorded()
    used = set()
    for panel in _panels(_dashboard()):
        for target in panel.get("targets", []):
            names = set(NAME.findall(target["expr"]))
            assert names, target["expr"]
            assert names <= allowed, (panel["title"], names - allowed)
            used |= names
    # The SLO and business panels cover every metric of the contract (directly or
    # through a recording rule).
    for rule in _rules():
        if rule.get("record") in used:
            used |= set(NAME.findall(rule["expr"]))
    bases = {re.sub(r"_(bucket|sum|count)$", "", name) for name in used}
    missing = (COUNTERS | GAUGES | HISTOGRAMS) - bases
    assert not missing, missing


def test_the_rules_read_only_contract_metrics_and_earlier_recording_rules():
    allowed = set(CONTRACT)
    for rule in _rules():
        names = set(NAME.findall(rule["expr"]))
        assert names <= allowed, (rule.get("record") or rule["alert"], names - allowed)
        if "record" in rule:
            assert rule["record"].startswith("clavepatronal:")
            allowed.add(rule["record"])


def test_every_alert_has_a_test_that_fires_it_and_one_that_does_not():
    alerts = {rule["alert"]: rule for rule in _rules() if "alert" in rule}
    assert len(alerts) >= 13
    fired, quiet = set(), set()
    for case in yaml.safe_load(RULES_TEST.read_text(encoding="utf-8"))["tests"]:
        for check in case.get("alert_rule_test", []):
            (fired if check.get("exp_alerts") else quiet).add(check["alertname"])
    assert set(alerts) <= fired, set(alerts) - fired
    assert set(alerts) <= quiet, set(alerts) - quiet
    for name, rule in alerts.items():
        assert rule["labels"]["severity"] in {"page", "ticket", "warning"}, name
        anchor = rule["annotations"]["runbook_url"].split("#", 1)[1]
        assert anchor in _runbook_anchors(), (name, anchor)


def _runbook_anchors() -> set[str]:
    """The GitHub-style anchors of docs/operacion.md's headings."""
    text = (DEPLOY.parent / "docs" / "operacion.md").read_text(encoding="utf-8")
    anchors = set()
    for heading in re.findall(r"^#+ (.+)$", text, re.M):
        anchor = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        anchors.add(anchor)
    return anchors
