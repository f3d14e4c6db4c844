#!/usr/bin/env bash
# One logical backup of the Raffle Stars database, then pruning by the retention policy. Run it on a schedule
# (deploy/backup/railway.json runs it as a Railway cron service every 15 minutes).
#
#   DATABASE_URL            the database (Railway's postgresql://user:password@host:port/db form works as is)
#   BACKUP_ENCRYPTION_KEY   passphrase the dump is encrypted with (AES-256-CBC, PBKDF2); keep it outside Railway too
#   BACKUP_TARGET           s3://bucket/prefix, file:///path or /path
#   S3_ENDPOINT_URL         for S3-compatible storage other than AWS (with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
#                           AWS_DEFAULT_REGION as the aws CLI reads them)
#   BACKUP_RETENTION_DAYS   keep every backup younger than this (default 35)
#   BACKUP_KEEP_MIN         and always at least this many of the newest (default 96: a day at one per 15 minutes)
#   PG_BIN                  folder with pg_dump/pg_restore of the server's major version (default: the PATH)
#
# What lands at the target, per backup: NAME.dump.enc (custom-format dump, compressed, then encrypted) and
# NAME.dump.enc.sha256 (its checksum, written last: a backup without it is incomplete and never restored or counted).
set -euo pipefail
source "$(dirname "$0")/common.sh"

need DATABASE_URL BACKUP_ENCRYPTION_KEY BACKUP_TARGET
retention_days="${BACKUP_RETENTION_DAYS:-35}"
keep_min="${BACKUP_KEEP_MIN:-96}"
[[ "$retention_days" =~ ^[0-9]+$ ]] || die "BACKUP_RETENTION_DAYS must be a whole number of days"
[[ "$keep_min" =~ ^[0-9]+$ && "$keep_min" -ge 1 ]] || die "BACKUP_KEEP_MIN must be a whole number >= 1"
target_kind >/dev/null

name="raffle-stars-$(date -u +%Y%m%dT%H%M%SZ)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)

# A consistent snapshot of a live database (pg_dump reads in one repeatable-read transaction); no owners or grants,
# so it restores into any role.
pg pg_dump --format=custom --compress=6 --no-owner --no-acl --file "$work/$name.dump" "$(libpq_url "$DATABASE_URL")"
# the archive must be readable before it counts as a backup
pg pg_restore --list "$work/$name.dump" >/dev/null
openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -md sha256 -salt -pass env:BACKUP_ENCRYPTION_KEY \
  -in "$work/$name.dump" -out "$work/$name.dump.enc"
(cd "$work" && sha256sum "$name.dump.enc" >"$name.dump.enc.sha256")

put "$work/$name.dump.enc" "$name.dump.enc"
put "$work/$name.dump.enc.sha256" "$name.dump.enc.sha256"
size=$(stat -c %s "$work/$name.dump.enc")
echo "backup $name: $size bytes in $(( $(date +%s) - started )) s to $BACKUP_TARGET"

# Retention: every backup younger than the cut-off, and the newest keep_min whatever their age.
cutoff="raffle-stars-$(date -u -d "-$retention_days days" +%Y%m%dT%H%M%SZ).dump.enc"
mapfile -t all < <(list_backups)
count=${#all[@]}
for ((i = 0; i < count - keep_min; i++)); do
  old="${all[$i]}"
  if [[ "$old" < "$cutoff" ]]; then
    delete "$old.sha256"
    delete "$old"
    echo "pruned $old"
  fi
done
