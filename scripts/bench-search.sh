#!/usr/bin/env bash
# `make bench-search`: our index against FAISS IndexFlatIP on the same data,
# in the same run. Installs its Python tools into .bench/venv (git-ignored),
# caches generated vectors under .bench/data, builds the release facectl.
#   SCRATCH=.build-x THREADS=2 SIZES="1000000 5000000" scripts/bench-search.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="${SCRATCH:-.build}"
THREADS="${THREADS:-2}"
VENV=.bench/venv

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
fi
"$VENV/bin/python" -c 'import faiss, numpy' 2>/dev/null || "$VENV/bin/pip" install --quiet faiss-cpu numpy

swift build -c release --scratch-path "$SCRATCH" -Xswiftc -enable-testing --product facectl # the flags of make test: one shared build
exec "$VENV/bin/python" scripts/bench_search.py --facectl "$SCRATCH/release/facectl" --threads "$THREADS" ${SIZES:+--sizes $SIZES}
