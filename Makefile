# critmin front door. `make run` and `make test` are the two commands a new user needs.
.PHONY: all deps build python run test asan bench bench-peers format lint clean report-assets

JOBS ?= $(shell nproc)
CRITMIN := build/bin/critmin

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

# The Python package in build/python (docs/python.md): PYTHONPATH=build/python /usr/bin/python3.
# The CLI is built beside it: the package's tests compare every function with it.
python: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target critmin_python critmin

# The charting libraries for the HTML report, from the npm registry (report/package-lock.json),
# bundled into one script that `critmin report` inlines.
report-assets: report/dist/vendor.js
report/dist/vendor.js: report/package.json report/package-lock.json report/build-vendor.mjs
	@cd report && npm ci --no-audit --no-fund --loglevel=error && node build-vendor.mjs

# The main job on the embedded dataset: Japan's exposure, China's heavy rare-earth licensing with
# and without Japan's responses, a stress test, Japan's plan, the G7 coalition, Japan's magnet
# recycling, and the report
# out/report.html.
run: build report-assets
	@mkdir -p out && rm -f out/results.db out/stress.db*
	@$(CRITMIN) assess --for JPN
	@$(CRITMIN) simulate scenarios/china-hree-licensing-6m.yaml --out out/results.db --no-progress --format csv -o out/china-hree-6m.csv
	@$(CRITMIN) simulate scenarios/china-hree-licensing-6m-japan-response.yaml --out out/results.db --no-progress --format csv -o out/china-hree-6m-japan.csv
	@$(CRITMIN) simulate scenarios/china-hree-stop-g7-1y-japan-response.yaml --out out/results.db --no-progress --format csv -o out/china-stop-g7-japan.csv
	@$(CRITMIN) stress scenarios/stress-rare-earths.yaml --samples 5000 --out out/stress.db --no-progress --format csv -o out/stress.csv
	@$(CRITMIN) ttr --for JPN --format csv -o out/ttr-japan.csv
	@$(CRITMIN) optimize scenarios/plan-japan-ndpr-dy-tb.yaml --format json -o out/plan-japan.json
	@$(CRITMIN) coalition scenarios/coalition-g7-dy-tb.yaml --format json -o out/coalition-g7.json
	@$(CRITMIN) mfa recycling --scenario scenarios/mfa-japan-recycling.yaml --format json -o out/recycling-japan.json
	@$(CRITMIN) report --results out/results.db --stress out/stress.db --plan out/plan-japan.json --coalition out/coalition-g7.json --recycling out/recycling-japan.json --html out/report.html

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

# Every suite under the sanitizers, then the Python package's tests and notebook (label python)
# from the release build: an ASan-built extension cannot be loaded by python3.
test: asan python report-assets
	@ctest --preset asan -j $(JOBS)
	@ctest --preset python -j $(JOBS)

bench: build
	@build/bin/critmin-bench
	@bench/trade-scale.sh
	@build/bin/critmin-bench-sim
	@bench/firm-scale.sh
	@build/bin/critmin-bench-ttr --firms 1000 --links 5000 --nodes 50 --cold 5
	@bench/peers/mrio_vs_boario.py
	@bench/peers/mfa_vs_odym.py
	@bench/peers/assess_vs_geopolrisk.py

# critmin against BoARIO on the same synthetic MRIOs, against ODYM on the same inflows and against
# geopolrisk-py on the same trade tables; each
# runs only when CRITMIN_PEERS names a folder with the peer (docs/benchmarks.md) and says it was
# skipped otherwise.
bench-peers: build
	@bench/peers/mrio_vs_boario.py
	@bench/peers/mfa_vs_odym.py
	@bench/peers/assess_vs_geopolrisk.py

format:
	@find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

# src/python is built only in the release tree (with g++, whose -Wno-* flags clang does not know).
lint: asan python
	@find src -name '*.cpp' -not -path 'src/python/*' | xargs -P $(JOBS) -n 2 clang-tidy -p build-asan --quiet
	@find src/python -name '*.cpp' | xargs -P $(JOBS) -n 2 clang-tidy -p build --quiet --extra-arg=-Wno-unknown-warning-option

clean:
	rm -rf build build-asan
