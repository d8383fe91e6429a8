#!/usr/bin/env bash
# Backup of the database and the uploaded files into one new folder, with the running
# service's environment (DATABASE_URL, S3_*, DJANGO_SETTINGS_MODULE, ...):
#   db.dump   PostgreSQL, pg_dump's custom format (or db.sqlite3, SQLite's online copy)
#   files/    every attachment of the private storage (S3 bucket or disk)
# Generated PDFs, the e-mail outbox and queued tasks live in the database.
# Usage: scripts/backup.sh FOLDER
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?"uso: scripts/backup.sh CARPETA"}
PYTHON=${PYTHON:-.venv/bin/python}
mkdir -p "$OUT"
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*)
    pg_dump --format=custom --no-owner --no-privileges --file "$OUT/db.dump" "$DATABASE_URL" ;;
  *) "$PYTHON" scripts/storage_copy.py sqlite-backup "$OUT/db.sqlite3" ;;
esac
"$PYTHON" scripts/storage_copy.py files-backup "$OUT/files"
echo "copia de seguridad en $OUT"
