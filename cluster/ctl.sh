#!/usr/bin/env bash
# The loopback cluster: PostgreSQL and Redis (started if down), moto's S3 server, two
# gunicorn app servers and two task workers (plus the recovery loop), each worker with
# its metrics exporter, and Prometheus scraping them all; PIDs in var/cluster/.
# Usage: ctl.sh start | stop | status | start-app N | stop-app N | start-worker N |
# kill-worker N | env
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT=$PWD
RUN_DIR=$ROOT/var/cluster
BIN=$ROOT/.venv/bin
APP_PORTS=(18101 18102)
# exportar_metricas beside worker 1, worker 2, and the cron commands (turnos_sorteos…).
EXPORTER_PORTS=(18161 18162 18163)
PROMETHEUS_PORT=${CLUSTER_PROMETHEUS_PORT:-18190}
# Each process group writes its metrics to its own PROMETHEUS_MULTIPROC_DIR: app-N,
# worker-N (shared with its exporter) and cron (commands run by hand or from cron).
METRICS_DIR=$RUN_DIR/metrics
S3_PORT=${CLUSTER_S3_PORT:-18150}
PG_DB=${CLUSTER_PG_DB:-clavepatronal_cluster}
# Two roles, as in production (docs/deploy.md): the owner migrates, the app serves.
PG_OWNER=${CLUSTER_PG_OWNER:-clavepatronal_owner}
PG_APP=${CLUSTER_PG_APP:-clavepatronal_app}

export DJANGO_SETTINGS_MODULE=config.settings.cluster
export CLAVEPATRONAL_VAR_DIR=$RUN_DIR/var
export DATABASE_URL=${CLUSTER_DATABASE_URL:-postgres://$PG_APP@127.0.0.1:5432/$PG_DB}
export DATABASE_MIGRATE_URL=${CLUSTER_DATABASE_MIGRATE_URL:-postgres://$PG_OWNER@127.0.0.1:5432/$PG_DB}
export DATABASE_APP_ROLE=$PG_APP
export REDIS_URL=${CLUSTER_REDIS_URL:-redis://127.0.0.1:6379/11}
export S3_BUCKET=clavepatronal-adjuntos
export S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
export S3_REGION=us-east-1
export AWS_ACCESS_KEY_ID=cluster AWS_SECRET_ACCESS_KEY=cluster
export CLUSTER_MAIL_DELAY=${CLUSTER_MAIL_DELAY:-0.2}
# Every test request comes from 127.0.0.1: the per-IP limit would be the test's
# limit. The per-identification limit (and the per-IP counting in Redis) stays.
export TURNOS_RATE_PER_IP=${TURNOS_RATE_PER_IP:-100000/h}
export PUBLIC_BASE_URL=http://127.0.0.1:${APP_PORTS[0]}

log() { printf '[cluster] %s\n' "$*"; }

alive() { [ -f "$RUN_DIR/$1.pid" ] && kill -0 "$(cat "$RUN_DIR/$1.pid")" 2>/dev/null; }

spawn() {  # $1 name, rest: command; its own process group, so stop takes all of it
  local name=$1; shift
  setsid "$@" >>"$RUN_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

halt() {  # $1 name, $2 signal: the whole process group, then wait for it
  local name=$1 signal=${2:-TERM} pid
  [ -f "$RUN_DIR/$name.pid" ] || return 0
  pid=$(cat "$RUN_DIR/$name.pid")
  kill "-$signal" -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$RUN_DIR/$name.pid"
}

wait_http() {  # $1 url
  for _ in $(seq 1 100); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "no responde: $1"; return 1
}

ensure_services() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "iniciando PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    log "iniciando Redis"
    redis-server --bind 127.0.0.1 --port 6379 --save '' --daemonize yes
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
  fi
}

ensure_roles() {  # login roles without superuser (local connections are trusted)
  local role
  for role in "$PG_OWNER" "$PG_APP"; do
    if [ -z "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" ]; then
      psql -h 127.0.0.1 -U postgres -d postgres -qc \
        "CREATE ROLE \"$role\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
    fi
  done
}

metrics_dir_fresh() {  # $1 group: an empty directory, as prometheus_client requires
  rm -rf "${METRICS_DIR:?}/$1"
  mkdir -p "$METRICS_DIR/$1"
}

start_app() {  # $1: 1 or 2
  local port=${APP_PORTS[$(($1 - 1))]}
  alive "app-$1" && return 0
  metrics_dir_fresh "app-$1"
  PORT=$port WEB_CONCURRENCY=${CLUSTER_WEB_CONCURRENCY:-2} GUNICORN_THREADS=2 \
    PROMETHEUS_MULTIPROC_DIR=$METRICS_DIR/app-$1 \
    spawn "app-$1" "$BIN/gunicorn" config.wsgi -c config/gunicorn.conf.py
  wait_http "http://127.0.0.1:$port/salud/"
  log "app $1 en http://127.0.0.1:$port"
}

start_worker() {  # $1: 1 or 2
  alive "worker-$1" && return 0
  metrics_dir_fresh "worker-$1"
  PROMETHEUS_MULTIPROC_DIR=$METRICS_DIR/worker-$1 \
    spawn "worker-$1" "$BIN/python" manage.py db_worker --worker-id "worker-$1" \
    --interval 0.2 --no-reload
  start_exporter "worker-$1" "${EXPORTER_PORTS[$(($1 - 1))]}"
  log "trabajador $1 iniciado"
}

start_exporter() {  # $1 group, $2 port: exportar_metricas serving that group's dir
  alive "exporter-$1" && return 0
  mkdir -p "$METRICS_DIR/$1"
  PROMETHEUS_MULTIPROC_DIR=$METRICS_DIR/$1 \
    spawn "exporter-$1" "$BIN/python" manage.py exportar_metricas --puerto "$2"
  wait_http "http://127.0.0.1:$2/metrics"
}

port_free() {  # $1 port: nothing listens on it (another Prometheus, say Debian's)
  ! "$BIN/python" -c "import socket; \
    socket.create_connection(('127.0.0.1', $1), 0.5).close()" 2>/dev/null
}

prometheus_config() {  # scrape every app server and exporter each second
  local port targets=""
  for port in "${APP_PORTS[@]}"; do targets+="'127.0.0.1:$port', "; done
  cat <<EOF
# Generated by cluster/ctl.sh: the loopback cluster's Prometheus.
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 5s
rule_files:
  - $ROOT/deploy/prometheus/rules.yml
scrape_configs:
  - job_name: clavepatronal-web
    metrics_path: /metricas/
    static_configs:
      - targets: [${targets%, }]
  - job_name: clavepatronal-workers
    metrics_path: /metrics
    static_configs:
      - targets: ['127.0.0.1:${EXPORTER_PORTS[0]}', '127.0.0.1:${EXPORTER_PORTS[1]}']
        labels: {group: workers}
      - targets: ['127.0.0.1:${EXPORTER_PORTS[2]}']
        labels: {group: cron}
EOF
}

start_prometheus() {
  local url=http://127.0.0.1:$PROMETHEUS_PORT
  if ! alive prometheus; then
    if ! port_free "$PROMETHEUS_PORT"; then
      echo "el puerto $PROMETHEUS_PORT ya está en uso (CLUSTER_PROMETHEUS_PORT=…)"
      return 1
    fi
    prometheus_config >"$RUN_DIR/prometheus.yml"
    mkdir -p "$RUN_DIR/prometheus-data"
    spawn prometheus "${PROMETHEUS:-prometheus}" \
      --config.file="$RUN_DIR/prometheus.yml" \
      --storage.tsdb.path="$RUN_DIR/prometheus-data" \
      --storage.tsdb.retention.time=2d \
      --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
    wait_http "$url/-/ready"
  fi
  # Every target up (scraped at least once) before anything is measured.
  for _ in $(seq 1 150); do
    if curl -fsS "$url/api/v1/targets?state=active" | "$BIN/python" -c '
import json, sys
targets = json.load(sys.stdin)["data"]["activeTargets"]
sys.exit(not targets or any(t["health"] != "up" for t in targets))'; then
      log "Prometheus en $url (todos los objetivos arriba)"
      return 0
    fi
    sleep 0.2
  done
  echo "Prometheus: hay objetivos caídos"
  curl -fsS "$url/api/v1/targets?state=active"
  return 1
}

start() {
  mkdir -p "$RUN_DIR" "$CLAVEPATRONAL_VAR_DIR/mail"
  ensure_services
  ensure_roles
  if ! alive s3; then
    spawn s3 "$BIN/moto_server" -H 127.0.0.1 -p "$S3_PORT"
    wait_http "http://127.0.0.1:$S3_PORT/moto-api/"
    log "S3 (moto) en $S3_ENDPOINT_URL"
  fi
  "$BIN/python" -c 'import boto3, os; boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="us-east-1").create_bucket(Bucket=os.environ["S3_BUCKET"])'
  if ! alive app-1 && ! alive app-2; then  # a fresh cluster: empty database and Redis
    dropdb -h 127.0.0.1 -U postgres --if-exists "$PG_DB"
    createdb -h 127.0.0.1 -U postgres -O "$PG_OWNER" "$PG_DB"
    redis-cli -u "$REDIS_URL" flushdb >/dev/null
    rm -rf "$CLAVEPATRONAL_VAR_DIR/mail"; mkdir -p "$CLAVEPATRONAL_VAR_DIR/mail"
    alive prometheus || rm -rf "$RUN_DIR/prometheus-data"
  fi
  # As the owner; migrate then grants the app's role (DATABASE_APP_ROLE) its rights.
  DATABASE_URL=$DATABASE_MIGRATE_URL "$BIN/python" manage.py migrate --no-input -v 0
  "$BIN/python" manage.py collectstatic --no-input -v 0
  start_app 1
  start_app 2
  start_worker 1
  start_worker 2
  alive recovery || spawn recovery "$BIN/python" manage.py recuperar_tareas --cada 2
  alive exporter-cron || metrics_dir_fresh cron
  start_exporter cron "${EXPORTER_PORTS[2]}"
  start_prometheus
  log "listo: PIDs en $RUN_DIR"
}

stop() {
  for name in prometheus exporter-cron recovery worker-1 worker-2 exporter-worker-1 \
    exporter-worker-2 app-1 app-2 s3; do halt "$name"; done
  log "detenido"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  start-app) start_app "$2" ;;
  stop-app) halt "app-$2" "${3:-TERM}" ;;
  start-worker) start_worker "$2" ;;
  kill-worker) halt "worker-$2" KILL ;;
  status) for name in s3 app-1 app-2 worker-1 worker-2 exporter-worker-1 \
      exporter-worker-2 exporter-cron recovery prometheus; do
      alive "$name" && echo "$name: $(cat "$RUN_DIR/$name.pid")" || echo "$name: -"; done ;;
  env) env | grep -E '^(DJANGO_SETTINGS_MODULE|CLAVEPATRONAL_VAR_DIR|DATABASE_[A-Z_]+|REDIS_URL|S3_[A-Z_]+|AWS_[A-Z_]+|CLUSTER_[A-Z_]+|PUBLIC_BASE_URL|TURNOS_[A-Z_]+)='
    echo "CLUSTER_PROMETHEUS_URL=http://127.0.0.1:$PROMETHEUS_PORT"
    echo "CLUSTER_METRICS_DIR=$METRICS_DIR" ;;
  *) echo "uso: $0 start|stop|status|start-app N|stop-app N [SIGNAL]|start-worker N|kill-worker N|env"; exit 2 ;;
esac
