# The two commands a new user needs: `make run` and `make test`.
# Everything else (benchmarks, soak, fuzzing) is opt-in.

SWIFT        ?= swift
CONFIG       ?= release
SCRATCH      ?= .build
DATA_DIR     ?= ./data
BIN           = $(SCRATCH)/$(CONFIG)
SWIFT_FLAGS   = -c $(CONFIG) --scratch-path $(SCRATCH)

RUNTIME_PACKAGES = libsqlite3-dev libssl-dev libturbojpeg0-dev libopenblas-dev libpng-dev pkg-config python3-pip
TEST_PACKAGES    = $(RUNTIME_PACKAGES) libdlib-dev g++

ORACLE = .build-oracle/dlib-oracle

.PHONY: run build test packages test-packages models photos oracle clean

run: packages models build
	$(BIN)/face-server --data-dir $(DATA_DIR)

build: packages
	$(SWIFT) build $(SWIFT_FLAGS)

test: test-packages models photos oracle
	$(SWIFT) build $(SWIFT_FLAGS)
	$(SWIFT) test $(SWIFT_FLAGS) -Xswiftc -enable-testing

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

clean:
	rm -rf .build .build-oracle

# Recognizer and detector speed beside dlib's (same run), detector profile and
# BLAS threading comparison. Built with -enable-testing to reach internals.
.PHONY: bench-inference
bench-inference: models photos oracle
	$(SWIFT) build -c release --scratch-path $(SCRATCH) -Xswiftc -enable-testing --product InferenceBench
	$(SCRATCH)/release/InferenceBench $(CURDIR)
