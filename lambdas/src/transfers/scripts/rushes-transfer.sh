#!/bin/sh
# Rushes: copy files from S3 to this workstation's edit share, or remove them, as a
# manifest says; verify every byte; write the result next to the manifest.
#
#   rushes-transfer.sh s3://BUCKET/transfers/JOB/manifest.json JOB
#
# The SSM document passes exactly these two values (both checked by its allowedPattern and
# again below). File names are never in a command: they come from the manifest, base64-
# encoded, are decoded into variables and reach programs only as single quoted arguments,
# so no name is ever read by a shell. Needs: POSIX sh, the aws CLI, sha256sum, md5sum, mkfifo, tee, base64, sed;
# xxhsum (package xxhash) when installed: an entry with the upload's xxh64 is then verified
# with it, at a fraction of the CPU of SHA-256 and MD5, else with its SHA-256.
# The aws CLI takes its endpoint and credentials from the environment (the instance role).
set -u
umask 022

MANIFEST_URI=${1-}
JOB_ID=${2-}
case $MANIFEST_URI in
  s3://*/manifest.json) ;;
  *) echo "rushes-transfer: the manifest URI must be s3://BUCKET/.../manifest.json" >&2; exit 2 ;;
esac
if ! printf '%s' "$JOB_ID" | grep -Eq '^[A-Za-z0-9-]{8,64}$'; then
  echo "rushes-transfer: the job id must be 8 to 64 letters, digits or hyphens" >&2
  exit 2
fi
RESULT_URI=${MANIFEST_URI%manifest.json}result.json

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rushes-transfer.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT INT TERM
ENTRIES="$WORK/entries"
: > "$ENTRIES"

# One result line per entry, written as each file ends: nothing a name could break.
result_line() { # index status bytes sha256 error [md5] [xxh64]
  bytes=$3; sha=$4; err=$5; md5=${6:-}; xxh=${7:-}
  [ -n "$bytes" ] || bytes=null
  if [ -n "$sha" ]; then sha="\"$sha\""; else sha=null; fi
  if [ -n "$err" ]; then err="\"$err\""; else err=null; fi
  if [ -n "$md5" ]; then md5="\"$md5\""; else md5=null; fi
  if [ -n "$xxh" ]; then xxh="\"$xxh\""; else xxh=null; fi
  printf '{"index":%s,"status":"%s","bytes":%s,"sha256":%s,"md5":%s,"xxh64":%s,"error":%s}\n' "$1" "$2" "$bytes" "$sha" "$md5" "$xxh" "$err" >> "$ENTRIES"
}

# Writes result.json (the job error, or null) and uploads it; the exit code says whether that worked.
finish() { # job-error
  if [ -n "$1" ]; then job_error="\"$1\""; else job_error=null; fi
  {
    printf '{"version":1,"jobId":"%s","error":%s,"entries":[\n' "$JOB_ID" "$job_error"
    sed '$!s/$/,/' "$ENTRIES"
    printf ']}\n'
  } > "$WORK/result.json"
  aws s3 cp --only-show-errors "$WORK/result.json" "$RESULT_URI" || { echo "rushes-transfer: could not upload the result" >&2; exit 1; }
  exit 0
}

# Fails every entry of the manifest with one reason (when the job cannot run at all).
fail_all() { # reason
  if [ -s "$WORK/manifest.json" ]; then
    sed -n 's/^{"index":\([0-9]*\),.*/\1/p' "$WORK/manifest.json" | while read -r index; do result_line "$index" failed "" "" "$1"; done
  fi
  finish "$1"
}

if ! aws s3 cp --only-show-errors "$MANIFEST_URI" "$WORK/manifest.json" 2> "$WORK/aws.err"; then
  finish "the manifest could not be read from S3"
fi

header() { sed -n "s#^\"$1\":\"\\($2\\)\",\$#\\1#p" "$WORK/manifest.json" | head -n 1; }
[ "$(sed -n '1p' "$WORK/manifest.json")" = '{"version":1,' ] || fail_all "the manifest is not version 1"
[ "$(header jobId '[A-Za-z0-9-]*')" = "$JOB_ID" ] || fail_all "the manifest belongs to another job"
OPERATION=$(header operation 'copy\|remove')
BUCKET=$(header bucket '[a-z0-9.-]*')
ROOT_B64=$(header shareRootB64 '[A-Za-z0-9+/=]*')
[ -n "$OPERATION" ] && [ -n "$BUCKET" ] && [ -n "$ROOT_B64" ] || fail_all "the manifest is incomplete"
SHARE_ROOT=$(printf '%s' "$ROOT_B64" | base64 -d) || fail_all "the manifest's share root is not base64"
[ -d "$SHARE_ROOT" ] || fail_all "the share root does not exist on this workstation"

# The failure a person can act on, from the aws CLI's or the file system's message.
reason() { # default message file
  if grep -qi 'No space left' "$2" 2>/dev/null; then echo "the share is full"
  elif grep -qi 'Read-only file system' "$2" 2>/dev/null; then echo "the share is read-only"
  elif grep -qi 'Permission denied\|Access Denied\|AccessDenied' "$2" 2>/dev/null; then echo "permission denied"
  elif grep -qi '404\|Not Found\|NoSuchKey' "$2" 2>/dev/null; then echo "the file is no longer in storage"
  else echo "$1"; fi
}

sha_of() { sha256sum < "$1" | cut -c1-64; }
# SHA-256 and MD5 (for the MHL generation) of what landed, from one read of the file: tee
# feeds md5sum through a named pipe while sha256sum reads the same bytes.
hashes_of() { # file; sets got_sha and got_md5
  rm -f -- "$WORK/md5.fifo" && mkfifo "$WORK/md5.fifo" || return 1
  md5sum < "$WORK/md5.fifo" > "$WORK/md5.out" &
  md5_pid=$!
  got_sha=$(tee "$WORK/md5.fifo" < "$1" | sha256sum | cut -c1-64)
  wait "$md5_pid"
  got_md5=$(cut -c1-32 "$WORK/md5.out")
}
size_of() { wc -c < "$1" | tr -d ' '; }
HAVE_XXHSUM=
command -v xxhsum > /dev/null 2>&1 && HAVE_XXHSUM=1
# xxh64 (xxhsum's algorithm 1) of a file, 16 hex digits.
xxh_of() { xxhsum -H1 < "$1" | cut -c1-16; }
# The checksum an entry is verified with: its xxh64 when it has one and xxhsum is here, else its SHA-256.
check_of() { # file xxh64-or-dash
  if [ "$2" != - ] && [ -n "$HAVE_XXHSUM" ]; then xxh_of "$1"; else sha_of "$1"; fi
}

copy_one() { # index size sha256 key path xxh64-or-dash
  index=$1 size=$2 sha=$3 key=$4 dest="$SHARE_ROOT/$5" xxh=$6
  if [ "$xxh" != - ] && [ -n "$HAVE_XXHSUM" ]; then want=$xxh; else want=$sha; xxh=-; fi
  dir=$(dirname -- "$dest")
  if [ -e "$dest" ]; then
    if [ -f "$dest" ] && [ "$(size_of "$dest")" = "$size" ] && [ "$(check_of "$dest" "$xxh")" = "$want" ]; then
      if [ "$xxh" != - ]; then result_line "$index" present "$size" "" "" "" "$xxh"; else result_line "$index" present "$size" "$sha" ""; fi
    else
      result_line "$index" failed "" "" "a different file is already at that path on the share"
    fi
    return
  fi
  if ! mkdir -p -- "$dir" 2> "$WORK/err"; then
    result_line "$index" failed "" "" "$(reason "the folder could not be made on the share" "$WORK/err")"
    return
  fi
  part="$dest.rushes-part"
  if ! aws s3 cp --only-show-errors "s3://$BUCKET/$key" "$part" 2> "$WORK/err" < /dev/null; then
    rm -f -- "$part"
    result_line "$index" failed "" "" "$(reason "the copy failed" "$WORK/err")"
    return
  fi
  got_size=$(size_of "$part")
  if [ "$got_size" != "$size" ]; then
    rm -f -- "$part"
    result_line "$index" failed "$got_size" "" "size mismatch after copy"
    return
  fi
  if [ "$xxh" != - ]; then
    got_xxh=$(xxh_of "$part") got_sha= got_md5=
    ok=$([ "$got_xxh" = "$xxh" ] && echo 1)
  else
    hashes_of "$part"
    got_xxh=
    ok=$([ "$got_sha" = "$sha" ] && echo 1)
  fi
  if [ -z "$ok" ]; then
    rm -f -- "$part"
    result_line "$index" failed "$got_size" "$got_sha" "checksum mismatch after copy" "$got_md5" "$got_xxh"
    return
  fi
  if ! mv -f -- "$part" "$dest" 2> "$WORK/err"; then
    rm -f -- "$part"
    result_line "$index" failed "" "" "$(reason "the file could not be put in place" "$WORK/err")"
    return
  fi
  result_line "$index" copied "$got_size" "$got_sha" "" "$got_md5" "$got_xxh"
}

remove_one() { # index size sha256 key path xxh64-or-dash
  index=$1 size=$2 sha=$3 rel=$5 dest="$SHARE_ROOT/$5" xxh=$6
  if [ "$xxh" != - ] && [ -n "$HAVE_XXHSUM" ]; then want=$xxh; else want=$sha; xxh=-; fi
  if [ ! -e "$dest" ]; then
    result_line "$index" absent "" "" ""
    return
  fi
  if [ ! -f "$dest" ] || [ "$(size_of "$dest")" != "$size" ] || [ "$(check_of "$dest" "$xxh")" != "$want" ]; then
    result_line "$index" changed "" "" "the file on the share is not the one sent; it was left in place"
    return
  fi
  if ! rm -f -- "$dest" 2> "$WORK/err"; then
    result_line "$index" failed "" "" "$(reason "the file could not be removed" "$WORK/err")"
    return
  fi
  # Folders the copy made go when they are empty, never above the share root.
  while :; do
    case $rel in */*) rel=${rel%/*} ;; *) break ;; esac
    rmdir -- "$SHARE_ROOT/$rel" 2> /dev/null || break
  done
  if [ "$xxh" != - ]; then result_line "$index" removed "$size" "" "" "" "$xxh"; else result_line "$index" removed "$size" "$sha" ""; fi
}

# Each entry as `index size sha256 xxh64 keyB64 pathB64`, xxh64 `-` when the entry has none.
ENTRY_PATTERN='^{"index":\([0-9]*\),"size":\([0-9]*\),"sha256":"\([0-9a-f]\{64\}\)","keyB64":"\([A-Za-z0-9+/=]*\)","pathB64":"\([A-Za-z0-9+/=]*\)",'
sed -n -e "s#$ENTRY_PATTERN\"xxh64\":\"\([0-9a-f]\{16\}\)\",.*#\\1 \\2 \\3 \\6 \\4 \\5#p" \
  -e "s#$ENTRY_PATTERN.*#\\1 \\2 \\3 - \\4 \\5#p" "$WORK/manifest.json" > "$WORK/list"
[ -s "$WORK/list" ] || fail_all "the manifest lists no files"

while read -r index size sha xxh key_b64 path_b64; do
  key=$(printf '%s' "$key_b64" | base64 -d) && rel=$(printf '%s' "$path_b64" | base64 -d) || {
    result_line "$index" failed "" "" "the manifest entry is not base64"
    continue
  }
  case "/$rel/" in
    *"/../"* | *"/./"* | *"//"*) result_line "$index" failed "" "" "the destination path leaves the share"; continue ;;
  esac
  case $rel in /*) result_line "$index" failed "" "" "the destination path leaves the share"; continue ;; esac
  if [ "$OPERATION" = copy ]; then
    copy_one "$index" "$size" "$sha" "$key" "$rel" "$xxh"
  else
    remove_one "$index" "$size" "$sha" "$key" "$rel" "$xxh"
  fi
done < "$WORK/list"

finish ""
