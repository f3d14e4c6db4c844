#!/usr/bin/env bash
# Restores a backup made by backup.sh into an EMPTY database, checking it on the way.
#
#   restore.sh NAME|latest TARGET_DATABASE_URL
#
#   BACKUP_ENCRYPTION_KEY, BACKUP_TARGET, S3_ENDPOINT_URL, PG_BIN   as for backup.sh
#
# Steps: fetch NAME.dump.enc and its checksum, verify the checksum, decrypt, check the archive lists, refuse a target
# that already has tables, restore in one transaction (all or nothing), print the schema version and how long it took.
set -euo pipefail
source "$(dirname "$0")/common.sh"

[ "$#" -eq 2 ] || die "usage: restore.sh NAME|latest TARGET_DATABASE_URL"
need BACKUP_ENCRYPTION_KEY BACKUP_TARGET
name="$1"
target="$(libpq_url "$2")"
started=$(date +%s%N)

if [ "$name" = latest ]; then
  name="$(list_backups | tail -n 1)"
  [ -n "$name" ] || die "no complete backup at $BACKUP_TARGET"
fi
name="${name%.dump.enc}"
[[ "$name" =~ ^raffle-stars-[0-9]{8}T[0-9]{6}Z$ ]] || die "not a backup name: $name"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
get "$name.dump.enc.sha256" "$work/$name.dump.enc.sha256"
get "$name.dump.enc" "$work/$name.dump.enc"
(cd "$work" && sha256sum --check --quiet "$name.dump.enc.sha256") || die "$name: checksum mismatch, not restoring"
openssl enc -d -aes-256-cbc -pbkdf2 -iter 600000 -md sha256 -pass env:BACKUP_ENCRYPTION_KEY \
  -in "$work/$name.dump.enc" -out "$work/$name.dump" || die "$name: cannot decrypt (wrong BACKUP_ENCRYPTION_KEY?)"
pg pg_restore --list "$work/$name.dump" >/dev/null || die "$name: not a readable archive"

tables=$(pg psql "$target" -X -q -t -A -v ON_ERROR_STOP=1 \
  -c "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
[ "$tables" = 0 ] || die "the target database already has $tables tables; restore into a new, empty database"

pg pg_restore --no-owner --no-acl --exit-on-error --single-transaction --dbname "$target" "$work/$name.dump"
version=$(pg psql "$target" -X -q -t -A -v ON_ERROR_STOP=1 \
  -c "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")
millis=$(( ($(date +%s%N) - started) / 1000000 ))
echo "restored $name (schema $version) in $millis ms"
