#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database, then check it.
#
#   DATABASE_URL=postgres://user:pass@host:5432/xinyong_restored MEDIA_ROOT=/srv/xinyong/media \
#       scripts/restore.sh BACKUP_DIR
#
# Create the database first (createdb -O xinyong xinyong_restored); a database that
# already has tables is refused rather than mixed. Then: checksums, pg_restore in one
# transaction (all or nothing), the media files, `manage.py migrate --check` (the code
# knows every table) and `manage.py audit_verify` (every hash chain intact). Finally
# rebuild the search index: `manage.py search_rebuild`.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to the (empty) database to restore into}"
BACKUP="${1:?usage: scripts/restore.sh BACKUP_DIR}"
MEDIA_ROOT="${MEDIA_ROOT:-var/media}"
PYTHON="${PYTHON:-$(dirname "$0")/../.venv/bin/python}"
cd "$(dirname "$0")/.."

(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS)
tables=$(psql "$DATABASE_URL" -Atc \
    "select count(*) from information_schema.tables where table_schema = 'public'")
if [ "$tables" != "0" ]; then
    echo "restore: $DATABASE_URL already has $tables tables; restore into an empty database" >&2
    exit 2
fi
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error \
    --dbname="$DATABASE_URL" "$BACKUP/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$BACKUP/media.tar.gz"
export DATABASE_URL
"$PYTHON" manage.py migrate --check --noinput
"$PYTHON" manage.py audit_verify
echo "restored $BACKUP into the database; now run: manage.py search_rebuild"
