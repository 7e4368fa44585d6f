#!/usr/bin/env bash
# Fetches the real photos the tests use from the packages that ship them and
# checks each against Tests/Fixtures/photos.sha256. Idempotent and offline once
# the photos are in Tests/Fixtures/photos/ (git-ignored).
#   face-recognition 1.3.0 sdist (PyPI): obama*, biden, 32bit.png
#   insightface 2.1 wheel (PyPI): t1.jpg (six faces), Tom_Hanks, mask_*
#   python3-skimage (Debian): astronaut.png (one face), chelsea and coffee (none)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pins="$here/photos.sha256"
dest="$here/photos"

verify_all() {
    [ -d "$dest" ] || return 1
    (cd "$dest" && grep -v '^#' "$pins" | sha256sum --check --quiet --strict) >/dev/null 2>&1
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

if ! verify_all; then
    echo "photos: FATAL: a fetched photo does not match its pin in $pins" >&2
    (cd "$dest" && grep -v '^#' "$pins" | sha256sum --check --strict) >&2 || true
    exit 1
fi
echo "photos: fetched and verified in $dest"
