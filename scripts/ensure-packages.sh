#!/usr/bin/env bash
# Makes sure the Debian packages named on the command line are installed.
# As root it installs what is missing with apt-get; otherwise it names the
# exact command to run and fails.
set -euo pipefail

missing=()
for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "packages: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "packages: missing ${missing[*]}" >&2
    echo "packages: run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
