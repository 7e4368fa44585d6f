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

.PHONY: run build test packages test-packages models photos oracle clean bench-search

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

# Vector index vs FAISS IndexFlatIP (1M and 5M random unit vectors, 1M face-like),
# same data and thread count, one run; needs ~12 GB of RAM and a few minutes.
bench-search: packages
	@scripts/ensure-packages.sh python3-venv
	SCRATCH=$(SCRATCH) scripts/bench-search.sh

clean:
	rm -rf .build .build-oracle
