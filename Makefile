# rightsize - a thin layer over CMake.
#   make          install missing Debian packages, build build/rightsize
#   make test     build, then run the whole suite (ctest), plain and under ASan+UBSan
#   make demo     build, run rightsize on samples/, print the report, write out/
#   make bench    the ingest benchmark (bench/ingest.sh)
#   make install  install the binary and the man page (PREFIX=/usr/local)

PREFIX ?= /usr/local
JOBS ?= 2
CMAKE ?= cmake

.PHONY: all deps build test test-plain test-asan demo bench install clean

all: build

deps:
	@./scripts/deps.sh

build: deps
	@$(CMAKE) -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@$(CMAKE) --build build -j $(JOBS)

build-asan/rightsize: deps
	@$(CMAKE) -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DRIGHTSIZE_SANITIZE=ON >/dev/null
	@$(CMAKE) --build build-asan -j $(JOBS)

test-plain: build
	cd build && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan/rightsize
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

test: test-plain test-asan
	@echo "make test: all suites passed (plain and ASan+UBSan)"

demo: build
	@rm -rf out && mkdir -p out
	@./build/rightsize ingest --db out/demo.db samples/
	@# The samples end on 2026-11-15: the report is as of then, whatever today is.
	@./build/rightsize report --db out/demo.db --as-of 2026-11-15T00:00:01Z --fail-on none
	@./build/rightsize report --db out/demo.db --as-of 2026-11-15T00:00:01Z --fail-on none -o out/review.md
	@./build/rightsize report --db out/demo.db --as-of 2026-11-15T00:00:01Z --fail-on none -o out/review.html
	@./build/rightsize report --db out/demo.db --as-of 2026-11-15T00:00:01Z --fail-on none -o out/report.json
	@./build/rightsize report --db out/demo.db --as-of 2026-11-15T00:00:01Z --fail-on none -o out/report.csv
	@echo
	@echo "Files: out/review.html out/review.md (charts in out/review-charts/) out/report.json out/report.csv (database out/demo.db)"

bench: build
	@./scripts/deps.sh --bench
	@bench/ingest.sh

install: build
	@$(CMAKE) --install build

clean:
	rm -rf build build-asan out
