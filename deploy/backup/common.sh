# Shared by backup.sh and restore.sh (sourced, not run).
# BACKUP_TARGET: s3://bucket/prefix (S3-compatible storage through the aws CLI; S3_ENDPOINT_URL for non-AWS providers)
#                or a local folder (file:///path or /path).

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

need() {
  local v
  for v in "$@"; do
    [ -n "${!v:-}" ] || die "$v must be set (see deploy/ENVIRONMENT.md)"
  done
}

# pg_dump/pg_restore/psql: from PG_BIN when set (use the server's major version), else from the PATH.
pg() {
  local tool="$1"; shift
  "${PG_BIN:+$PG_BIN/}$tool" "$@"
}

# libpq takes postgresql:// URLs as Railway hands them out; a jdbc: prefix is all that has to go.
libpq_url() {
  local url="$1"
  echo "${url#jdbc:}"
}

target_kind() {
  case "$BACKUP_TARGET" in
    s3://*) echo s3 ;;
    file://*) echo dir ;;
    /*) echo dir ;;
    *) die "BACKUP_TARGET must be s3://bucket/prefix, file:///path or /path, got '$BACKUP_TARGET'" ;;
  esac
}

target_dir() {
  local d="${BACKUP_TARGET#file://}"
  echo "${d%/}"
}

s3() {
  aws s3 ${S3_ENDPOINT_URL:+--endpoint-url "$S3_ENDPOINT_URL"} "$@"
}

# put LOCAL_FILE NAME
put() {
  case "$(target_kind)" in
    s3) s3 cp --only-show-errors "$1" "${BACKUP_TARGET%/}/$2" ;;
    dir) mkdir -p "$(target_dir)" && cp "$1" "$(target_dir)/$2.partial" && mv "$(target_dir)/$2.partial" "$(target_dir)/$2" ;;
  esac
}

# get NAME LOCAL_FILE
get() {
  case "$(target_kind)" in
    s3) s3 cp --only-show-errors "${BACKUP_TARGET%/}/$1" "$2" ;;
    dir) cp "$(target_dir)/$1" "$2" ;;
  esac
}

# delete NAME
delete() {
  case "$(target_kind)" in
    s3) s3 rm --only-show-errors "${BACKUP_TARGET%/}/$1" ;;
    dir) rm -f "$(target_dir)/$1" ;;
  esac
}

# The backups there, oldest first, by name (raffle-stars-YYYYmmddTHHMMSSZ), complete ones only (with a checksum).
list_backups() {
  local names
  case "$(target_kind)" in
    s3) names="$(s3 ls "${BACKUP_TARGET%/}/" | awk '{print $4}')" ;;
    dir) names="$(ls -1 "$(target_dir)" 2>/dev/null || true)" ;;
  esac
  echo "$names" | grep -E '^raffle-stars-[0-9]{8}T[0-9]{6}Z\.dump\.enc\.sha256$' | sed 's/\.sha256$//' | sort || true
}
