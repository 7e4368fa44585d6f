#!/usr/bin/env bash
# `make fuzz`: runs each libFuzzer target of FaceFuzz for FUZZ_SECONDS (default
# 60) from seeds made of real inputs (test photos, model files, request
# bodies, a signature), keeping the corpus under .fuzz/corpus between runs.
# A crash leaves its input in .fuzz/crashes/ (replay it with the plain build:
# `FaceFuzz <target> <file>`) and makes this script fail.
#   scripts/fuzz.sh .build-x/release/FaceFuzz [seconds] [targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZER="$1"; SECONDS_EACH="${2:-60}"; shift $(( $# >= 2 ? 2 : 1 ))
TARGETS="${*:-form signature image model}"
ROOT=.fuzz
PHOTOS=Tests/Fixtures/photos

seed() {  # seed <target> <name> <bytes on stdin>
    mkdir -p "$ROOT/seeds/$1"; cat > "$ROOT/seeds/$1/$2"
}
printf '\0--b\r\nContent-Disposition: form-data; name="sign"\r\n\r\nabc\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n--b--\r\n' | seed form multipart
printf '\2sign_version=hmac_sha1&sign=a%%2Bb%%3D&group_id=x+y' | seed form urlencoded
{ head -c 20 /dev/urandom; printf 'a=0123456789abcdef0123456789abcdef&b=1795620000&c=1795619400&d=0012345678'; } | seed signature raw
for photo in Tom_Hanks_54745.png 0-f1-su-ph.jpg mask_green.jpg; do seed image "$photo" < "$PHOTOS/$photo"; done
python3 - "$ROOT/seeds/image/tiny.bmp" <<'PY'
import struct, sys
width, height = 64, 64
row = (width * 3 + 3) & ~3
pixels = bytes(row * height)
header = b"BM" + struct.pack("<IHHI", 54 + len(pixels), 0, 0, 54)
info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
open(sys.argv[1], "wb").write(header + info + pixels)
PY
seed model mmod < models/s21/mmod_human_face_detector.dat
head -c 262144 models/s21/shape_predictor_5_face_landmarks.dat | seed model shape-prefix
head -c 262144 models/s21/dlib_face_recognition_resnet_model_v1.dat | seed model resnet-prefix

status=0
for target in $TARGETS; do
    mkdir -p "$ROOT/corpus/$target" "$ROOT/crashes"
    case $target in model) max_len=800000 ;; image) max_len=65536 ;; *) max_len=4096 ;; esac
    echo "== $target: $SECONDS_EACH s"
    if ! FACE_FUZZ_TARGET=$target "$FUZZER" "$ROOT/corpus/$target" "$ROOT/seeds/$target" \
            -max_total_time="$SECONDS_EACH" -max_len=$max_len -rss_limit_mb=4096 -timeout=20 \
            -artifact_prefix="$ROOT/crashes/$target-" -print_final_stats=1 2> "$ROOT/$target.log"; then
        status=1
        echo "   CRASH: see $ROOT/$target.log and $ROOT/crashes/"
    fi
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE" "$ROOT/$target.log" | sed 's/^/   /' || true
done
exit $status
