# The two commands a new user needs: `make run` and `make test`.
# Everything else (benchmarks, soak, fuzzing) is opt-in.

SWIFT        ?= swift
CONFIG       ?= release
SCRATCH      ?= .build
DATA_DIR     ?= ./data
BIN           = $(SCRATCH)/$(CONFIG)
# One set of flags for every build: the tests reach internals (-enable-testing),
# and building the shipped products the same way means what the tests and
# benchmarks measure is what ships. (SwiftPM still recompiles part of the graph,
# ~2 min here, when `swift build --product` and `swift test` alternate.)
SWIFT_FLAGS   = -c $(CONFIG) --scratch-path $(SCRATCH) -Xswiftc -enable-testing

RUNTIME_PACKAGES = libsqlite3-dev libssl-dev libturbojpeg0-dev libopenblas-dev libpng-dev pkg-config python3-pip
TEST_PACKAGES    = $(RUNTIME_PACKAGES) libdlib-dev g++ ffmpeg python3-venv curl openssl postgresql-15

ORACLE = .build-oracle/dlib-oracle

.PHONY: run build test packages test-packages models photos oracle calibrate clean bench-search

run: packages models build
	$(BIN)/face-server --data-dir $(DATA_DIR)

# Only the shipped products.
build: packages
	$(SWIFT) build $(SWIFT_FLAGS) --product face-server
	$(SWIFT) build $(SWIFT_FLAGS) --product facectl

# Serial: end-to-end tests each start a real face-server (model load, two
# inference workers); 40 of them at once on 2 cores time out on start-up.
# `swift test` builds every target, the binaries the end-to-end tests launch included.
# The PostgreSQL tests use a throw-away cluster (scripts/test-postgres.sh: initdb
# and pg_ctl in a temp directory, a free loopback port, fsync on), stopped and
# removed at the end whether the tests pass or not.
test: test-packages models photos oracle openapi-tools
	@python3 -c "import PIL" 2>/dev/null || python3 -m pip install --quiet pillow
	@dir=$$(mktemp -d /tmp/face-test-pg-XXXXXX); \
	trap 'scripts/test-postgres.sh stop '"$$dir" EXIT; trap 'exit 1' INT TERM; \
	url=$$(scripts/test-postgres.sh start "$$dir") || exit 1; \
	FACE_TEST_POSTGRES_URL=$$url $(SWIFT) test $(SWIFT_FLAGS) --no-parallel
	$(TOOLS_VENV)/bin/python scripts/openapi/check.py $(BIN)

# Several face-server nodes over one PostgreSQL (README "Running several
# nodes"): every scenario of Tests/ClusterTests at length — hundreds of
# read-your-writes rounds across nodes, quota writers on every node, shared
# single-use signatures, killed connections, notifications off, kill -9 and
# SIGSTOP of a node, a pruned log, an import under running nodes. `make test`
# runs a short subset of the same suite.
.PHONY: test-cluster
test-cluster: test-packages models photos
	@dir=$$(mktemp -d /tmp/face-test-pg-XXXXXX); \
	trap 'scripts/test-postgres.sh stop '"$$dir" EXIT; \
	url=$$(scripts/test-postgres.sh start "$$dir") || exit 1; \
	FACE_TEST_CLUSTER=full FACE_TEST_POSTGRES_URL=$$url $(SWIFT) test $(SWIFT_FLAGS) --no-parallel --filter ClusterTests

# Several nodes on this machine (issue #13), figures beside their targets in
# one run: propagation commit → applied on another node p50/p99 with NOTIFY on
# and off, the read-your-writes barrier's cost on a search, throughput of
# 3 nodes × 1 inference worker against 1 node × 2 workers (CLUSTER_SECONDS per
# round), start-up of 3 nodes on CLUSTER_FACES faces (default 1M; ~4 GB of RAM).
CLUSTER_FACES   ?= 1000000
CLUSTER_SECONDS ?= 20
.PHONY: bench-cluster
bench-cluster: test-packages models photos
	$(SWIFT) build $(SWIFT_FLAGS) --product ClusterBench
	$(SWIFT) build $(SWIFT_FLAGS) --product face-server
	$(SWIFT) build $(SWIFT_FLAGS) --product facectl
	@dir=$$(mktemp -d /tmp/face-bench-pg-XXXXXX); \
	trap 'scripts/test-postgres.sh stop '"$$dir" EXIT; \
	url=$$(scripts/test-postgres.sh start "$$dir") || exit 1; \
	FACE_TEST_POSTGRES_URL=$$url $(SCRATCH)/release/ClusterBench --faces $(CLUSTER_FACES) --seconds $(CLUSTER_SECONDS)

# docs/openapi.yaml is valid OpenAPI 3.1 and the real server's answers match it
# (scripts/openapi/check.py, which signs with examples/facesearch_client.py).
TOOLS_VENV = .build-tools/venv
.PHONY: openapi-tools openapi-check
openapi-tools: test-packages
	@test -x $(TOOLS_VENV)/bin/python || python3 -m venv $(TOOLS_VENV)
	@$(TOOLS_VENV)/bin/pip install --quiet -r scripts/openapi/requirements.txt

openapi-check: openapi-tools models photos build
	$(TOOLS_VENV)/bin/python scripts/openapi/check.py $(BIN)

# Property-based fuzzing from docs/openapi.yaml (schemathesis, pinned in
# scripts/openapi/fuzz-requirements.txt) against a real face-server, requests
# signed by a hook: fails on a server error, a response the document does not
# describe, or an operation whose well-formed requests are all refused.
# FUZZ_EXAMPLES cases per operation and phase (default 50). Not part of `make test`.
.PHONY: fuzz-api
fuzz-api: openapi-tools models photos build
	@$(TOOLS_VENV)/bin/pip install --quiet -r scripts/openapi/fuzz-requirements.txt
	$(TOOLS_VENV)/bin/python scripts/openapi/fuzz.py $(BIN) --max-examples $${FUZZ_EXAMPLES:-50}

packages:
	@scripts/ensure-packages.sh $(RUNTIME_PACKAGES)

test-packages:
	@scripts/ensure-packages.sh $(TEST_PACKAGES)

models:
	@models/fetch.sh

photos:
	@Tests/Fixtures/fetch-photos.sh

# dlib's own implementation, the parity oracle for the vision tests.
oracle: $(ORACLE)
$(ORACLE): Tests/Oracle/dlib_oracle.cpp
	@mkdir -p $(dir $@)
	g++ -O2 -std=c++17 -o $@ $< $$(pkg-config --cflags --libs dlib-1)

# Vector index vs FAISS IndexFlatIP (1M and 5M random unit vectors, 1M face-like),
# same data and thread count, one run; needs ~12 GB of RAM and a few minutes.
bench-search: packages
	@scripts/ensure-packages.sh python3-venv
	SCRATCH=$(SCRATCH) scripts/bench-search.sh

# Re-derives the s21 confidence calibration (see models/calibration/README.md).
calibrate: test-packages models photos
	$(SWIFT) build $(SWIFT_FLAGS) --product facectl
	models/calibration/run.sh

clean:
	rm -rf .build .build-oracle

# Vision benchmark: our s21 stages and end to end vs dlib (same images, same run),
# then peak memory of `facectl embed` on the 3.3 MP photo.
BENCH_DIR = .bench
.PHONY: bench-vision
bench-vision: test-packages models photos oracle
	$(SWIFT) build $(SWIFT_FLAGS) --product VisionBenchmark
	$(SWIFT) build $(SWIFT_FLAGS) --product facectl
	@mkdir -p $(BENCH_DIR)
	@python3 -c "import PIL" 2>/dev/null || python3 -m pip install --quiet pillow
	@python3 Benchmarks/make-portrait.py Tests/Fixtures/photos/obama.jpg $(BENCH_DIR)/portrait-640x480.jpg
	@# Small faces: t1.jpg's six faces at 43-62 px, in a 640x480 scene.
	@python3 Tests/Fixtures/compose_scene.py $(BENCH_DIR)/small-faces-640x480.png 640 480 Tests/Fixtures/photos/coffee.png \
		Tests/Fixtures/photos/t1.jpg:0:0:1280:886:0.45:32:40
	$(BIN)/VisionBenchmark models/s21 $(ORACLE) $(BENCH_DIR)/portrait-640x480.jpg Tests/Fixtures/photos/t1.jpg Tests/Fixtures/photos/obama3.jpg \
		--small-faces $(BENCH_DIR)/small-faces-640x480.png --sweep $(BENCH_DIR)/portrait-640x480.jpg $(addprefix Tests/Fixtures/photos/,t1.jpg obama3.jpg biden.jpg obama.jpg astronaut.png Tom_Hanks_54745.png)
	@echo
	@/usr/bin/time -f "peak memory (max RSS) of facectl embed obama3.jpg: %M KiB" $(BIN)/facectl embed Tests/Fixtures/photos/obama3.jpg >/dev/null
	@/usr/bin/time -f "peak memory (max RSS) of dlib-oracle detect obama3.jpg: %M KiB" $(ORACLE) models/s21 detect Tests/Fixtures/photos/obama3.jpg >/dev/null

# Recognizer and detector speed beside dlib's (same run), detector profile and
# BLAS threading comparison. Built with -enable-testing to reach internals.
.PHONY: bench-inference
bench-inference: models photos oracle
	$(SWIFT) build $(SWIFT_FLAGS) --product InferenceBench
	$(SCRATCH)/release/InferenceBench $(CURDIR)

# Load isolation: light endpoints' req/s, p50 and p99 on an idle server (the
# reference) and while clients searching with photos saturate the inference
# workers; then, BENCH_REPEAT times (default 3), light requests' p99 beside the
# idle p99 of the same server run while a 1M-face library's index loads, while
# 8 clients search it, and while another app sends 4.9 MB photos as base64
# (target: within 3x). Loopback, a fixed time per phase (SECONDS_PER_PHASE,
# default 15); the 1M library is generated once (~1 GB under .bench/load/).
.PHONY: bench-load soak
bench-load: models photos build
	@python3 -c "import numpy, PIL" 2>/dev/null || python3 -m pip install --quiet numpy pillow
	python3 scripts/bench_load.py --server $(BIN)/face-server --facectl $(BIN)/facectl --seconds $${SECONDS_PER_PHASE:-15} \
		--repeat $${BENCH_REPEAT:-3}

# Long runs: the crash harness for CRASH_CYCLES SIGKILL cycles (default 30),
# then SOAK_SECONDS (default 600) of mixed load with the server's RSS sampled;
# fails on a lost face, any answer but 200 or the configured limits, or memory growth.
soak: test-packages models photos build
	CRASH_CYCLES=$${CRASH_CYCLES:-30} $(SWIFT) test $(SWIFT_FLAGS) --no-parallel --filter CrashSafetyTests
	python3 scripts/bench_load.py --server $(BIN)/face-server --facectl $(BIN)/facectl --soak-seconds $${SOAK_SECONDS:-600}

# libFuzzer (with AddressSanitizer) over the form parser, the signature
# parser, the image decoders and the dlib model loader, FUZZ_SECONDS each.
FUZZ_SCRATCH ?= $(SCRATCH)-fuzz
.PHONY: fuzz
fuzz: models photos
	$(SWIFT) build -c release --scratch-path $(FUZZ_SCRATCH) --product FaceFuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	scripts/fuzz.sh $(FUZZ_SCRATCH)/release/FaceFuzz $${FUZZ_SECONDS:-60}
# The tests under AddressSanitizer (Swift and C code) and UndefinedBehaviorSanitizer,
# in their own scratch path; the end-to-end tests launch the sanitized face-server
# and facectl built beside the test bundle. swiftc on Linux has no -sanitize=undefined
# (Swift itself traps on overflow and out-of-bounds access), so UBSan covers the C
# targets (CFaceKernels, CPNGReader) through -Xcc, and a finding aborts
# (-fno-sanitize-recover); ASan's runtime carries UBSan's handlers.
# LeakSanitizer is off (detect_leaks=0): leaks are not what this target hunts (`make
# soak` watches memory growth), and a leak report at exit would turn the servers' exit
# status, which the end-to-end tests check, from 0 into 23.
# The whole suite (~255 tests; each end-to-end test starts a server and runs the CNN)
# is estimated well over the ~25 min this target may take on 2 cores under ASan, so
# by default it runs every module's unit suites and the end-to-end suites that reach
# the C decoders, the kernels and the storage failure paths; SANITIZE_FILTER=. runs all.
# Not part of `make test` (CI time).
SANITIZE_SCRATCH ?= $(SCRATCH)-sanitize
SANITIZE_FILTER  ?= BlockingWorkTests|ImageDecodingTests|InferenceTests|FaceVisionTests|FaceIndexTests|FaceStoreTests|FaceLibraryTests|FaceAPITests|FaceServerConfigTests|EndToEndTests.(AddSearchTests|HostileInputTests|StorageFailureTests)
SANITIZE_FLAGS    = -c release --scratch-path $(SANITIZE_SCRATCH) -Xswiftc -enable-testing --sanitize=address \
	-Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined
.PHONY: test-sanitize
test-sanitize: test-packages models photos oracle
	$(SWIFT) build $(SANITIZE_FLAGS) --build-tests
	ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
		$(SWIFT) test $(SANITIZE_FLAGS) --skip-build --no-parallel --filter '$(SANITIZE_FILTER)'

# Start-up and end-to-end search (issue #4): face-server on a data dir whose
# library holds BENCH_FACES faces (random unit vectors + a few real photos'
# embeddings; generated once through FaceStore's bulk insert, cached under
# .bench/startup/faces-N/, ~650 MB and ~2 min for 1M): time to listening, to
# indexes loaded and to the first search answer, peak RSS; p50/p99 of
# BENCH_SEARCHES signed searches of a 640×480 portrait against the 1M and a
# 4-face library, vision and index split in-process, dlib's detect+embed on
# the same photo. Targets: 1M faces loaded ≤ 10 s, search ≤ 80 ms.
# BACKEND=postgres also copies the same data into a throw-away PostgreSQL 15
# cluster (scripts/test-postgres.sh, stopped at the end) and prints its
# start-up figures beside SQLite's from the same run.
BENCH_FACES    ?= 1000000
BENCH_SEARCHES ?= 50
BACKEND        ?= sqlite
.PHONY: bench-startup
bench-startup: test-packages models photos oracle
	$(SWIFT) build $(SWIFT_FLAGS) --product StartupBench
	$(SWIFT) build $(SWIFT_FLAGS) --product face-server
	@mkdir -p $(BENCH_DIR)
	@python3 -c "import PIL" 2>/dev/null || python3 -m pip install --quiet pillow
	@python3 Benchmarks/make-portrait.py Tests/Fixtures/photos/obama.jpg $(BENCH_DIR)/portrait-640x480.jpg
	@if [ "$(BACKEND)" = postgres ]; then \
		dir=$$(mktemp -d /tmp/face-bench-pg-XXXXXX); \
		trap 'scripts/test-postgres.sh stop '"$$dir" EXIT; trap 'exit 1' INT TERM; \
		url=$$(scripts/test-postgres.sh start "$$dir") || exit 1; \
		psql "$$url" -qc 'CREATE DATABASE bench' || exit 1; \
		$(SCRATCH)/release/StartupBench $(CURDIR) $(BENCH_DIR)/portrait-640x480.jpg --faces $(BENCH_FACES) \
			--searches $(BENCH_SEARCHES) --postgres-url "$${url%/postgres}/bench"; \
	else \
		$(SCRATCH)/release/StartupBench $(CURDIR) $(BENCH_DIR)/portrait-640x480.jpg --faces $(BENCH_FACES) \
			--searches $(BENCH_SEARCHES); \
	fi
