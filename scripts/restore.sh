#!/usr/bin/env bash
# Restore a folder made by backup.sh into an EMPTY database (createdb first; for
# SQLite, no file yet) and into the configured private storage, with the service
# stopped. Then run `manage.py migrate` (a no-op unless the code is newer; a copy
# made before documents 0006 has its generated PDFs in the database, and migrate
# moves them to the private storage).
# Usage: scripts/restore.sh FOLDER
set -euo pipefail
cd "$(dirname "$0")/.."
IN=${1:?"uso: scripts/restore.sh CARPETA"}
PYTHON=${PYTHON:-.venv/bin/python}
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*)
    pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$IN/db.dump" ;;
  *) "$PYTHON" scripts/storage_copy.py sqlite-restore "$IN/db.sqlite3" ;;
esac
"$PYTHON" scripts/storage_copy.py files-restore "$IN/files"
echo "restaurado desde $IN"
