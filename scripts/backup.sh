#!/usr/bin/env bash
# Back up what cannot be rebuilt: the PostgreSQL database and the media files (issued
# PDFs, applicants' attachments, SLA reports). Elasticsearch is a projection and is
# rebuilt after a restore (manage.py search_rebuild).
#
#   DATABASE_URL=postgres://user:pass@host:5432/xinyong MEDIA_ROOT=/srv/xinyong/media \
#       scripts/backup.sh [OUT_DIR]
#
# Writes OUT_DIR/xinyong-<UTC time>/{database.dump,media.tar.gz,SHA256SUMS} and prints
# the directory. database.dump is pg_dump's custom format (one consistent snapshot,
# taken while the system runs); restore it with scripts/restore.sh.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
OUT_DIR="${1:-${BACKUP_DIR:-var/backups}}"
MEDIA_ROOT="${MEDIA_ROOT:-var/media}"
target="$OUT_DIR/xinyong-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"

pg_dump --format=custom --compress=6 --no-owner --no-privileges \
    --file="$target/database.dump" "$DATABASE_URL"
if [ -d "$MEDIA_ROOT" ]; then
    tar -C "$MEDIA_ROOT" -czf "$target/media.tar.gz" .
else
    tar -czf "$target/media.tar.gz" --files-from=/dev/null
fi
(cd "$target" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "$target"
