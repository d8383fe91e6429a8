#!/usr/bin/env bash
# Backup of the database and the uploaded files into one new folder, with the running
# service's environment (DATABASE_URL, S3_*, DJANGO_SETTINGS_MODULE, ...):
#   db.dump   PostgreSQL, pg_dump's custom format (or db.sqlite3, SQLite's online copy)
#   files/    every file of the private storage (S3 bucket or disk): trámite
#             attachments (tramites/) and generated PDFs (generados/)
# The e-mail outbox and queued tasks live in the database. The database is copied
# first: a file is written before its row, so every row in the dump finds its file
# (a file newer than the dump is copied too and is harmless).
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
