#!/bin/sh
# Debian packages providing the shared libraries that face-server and facectl
# load (per `ldd`), to compare with the runtime stage of deploy/Dockerfile.
# Libraries outside dpkg (the Swift runtime of a non-static build) are listed
# as "not packaged". Usage: scripts/runtime-packages.sh [BIN_DIR] (default .build/release)
set -eu
bin=${1:-.build/release}
ldd "$bin/face-server" "$bin/facectl" | awk '/=> \// {print $3}' | sort -u | while read -r lib; do
    real=$(readlink -f "$lib")
    dpkg -S "$lib" 2>/dev/null || dpkg -S "$real" 2>/dev/null || echo "(not packaged) $lib"
done | sed 's/:.*: /: /; s/:amd64//' | cut -d: -f1 | sort -u
