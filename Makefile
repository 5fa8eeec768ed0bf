# critmin front door. `make run` and `make test` are the two commands a new user needs.
.PHONY: all deps build run test asan bench format lint clean

JOBS ?= $(shell nproc)
CRITMIN := build/bin/critmin

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

# The main job on the embedded dataset: Japan's exposure.
run: build
	@$(CRITMIN) assess --for JPN

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

test: asan
	@ctest --preset asan -j $(JOBS)

bench: build
	@build/bin/critmin-bench
	@bench/trade-scale.sh
	@build/bin/critmin-bench-sim
	@bench/firm-scale.sh

format:
	@find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

lint: asan
	@find src -name '*.cpp' | xargs -P $(JOBS) -n 2 clang-tidy -p build-asan --quiet

clean:
	rm -rf build build-asan
