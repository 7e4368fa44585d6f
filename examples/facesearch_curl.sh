#!/usr/bin/env bash
# Signs one FaceSearch request with openssl and sends it with curl.
#
#   facesearch_curl.sh URL API_KEY API_SECRET ENDPOINT [curl -F arguments...]
#
# Example:
#   facesearch_curl.sh http://127.0.0.1:8080 "$API_KEY" "$API_SECRET" search \
#       -F group_id=students -F file=@photo.jpg -F limit=5
#
# sign = base64(HMAC-SHA1(api_secret, raw) || raw) with
# raw = a=<api_key>&b=<expires>&c=<now>&d=<random>; valid for 10 minutes.
# Prints the JSON answer. Exit status: 0 on success; 1 when the API answers an
# error (one line on stderr names it); 2 when curl fails (curl's one line on stderr).
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
url=$1 api_key=$2 api_secret=$3 endpoint=$4
shift 4

now=$(date +%s)
raw="a=${api_key}&b=$((now + 600))&c=${now}&d=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')"
# The digest must be concatenated as raw bytes before base64, hence -binary.
sign=$({ printf '%s' "$raw" | openssl dgst -sha1 -hmac "$api_secret" -binary; printf '%s' "$raw"; } | base64 -w0)

# The HTTP status goes on a last line of its own, after the body.
if ! answer=$(curl --silent --show-error --write-out '\n%{http_code}' "$url/finauth/search/group/$endpoint" \
        -F sign_version=hmac_sha1 -F "sign=$sign" "$@"); then
    exit 2
fi
status=${answer##*$'\n'}
body=${answer%$'\n'*}
printf '%s\n' "$body"
if [ "$status" != 200 ]; then
    field() { printf '%s' "$body" | sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
    error=$(field error) reason=$(field reason)
    echo "facesearch_curl.sh: $endpoint failed: HTTP $status ${error:-(no error field)}${reason:+ ($reason)}" >&2
    exit 1
fi
