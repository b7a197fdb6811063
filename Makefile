# Kehu — the two commands: `make run` and `make test`. Everything else is detail.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# The database: an SQLite file, or KEHU_DB=postgresql://... (docs/ADMIN.md, "Move to PostgreSQL")
DB ?= $(if $(KEHU_DB),$(KEHU_DB),data/kehu.db)
PORT ?= 8080
DEMO_CUSTOMERS ?= 2000
WEB_SRC := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.js web/package-lock.json

.PHONY: run test deps deps-test web dev release asan unit lint format fuzz bench clean

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

web/dist/index.html: $(WEB_SRC)
	@echo "building web UI" >&2
	@cd web && npm run build --silent >/dev/null
	@touch $@

web: web/dist/index.html

build/dev/build.ninja:
	meson setup build/dev --buildtype=debug >/dev/null

build/release/build.ninja:
	meson setup build/release --buildtype=release -Db_ndebug=false >/dev/null

build/asan/build.ninja:
	CC=clang meson setup build/asan --buildtype=debug -Db_sanitize=address,undefined \
	  -Db_lundef=false -Darena_malloc=true -Dfault_injection=true >/dev/null

dev: web build/dev/build.ninja
	@ninja -C build/dev >/dev/null

release: web build/release/build.ninja
	@ninja -C build/release >/dev/null

# The ASan build carries the database fault hook (tests/api/fault.test.mjs); a build
# directory made before the option existed is switched on here.
asan: web build/asan/build.ninja
	@grep -q -e '-DKH_FAULT_INJECTION' build/asan/build.ninja || \
	  meson configure build/asan -Dfault_injection=true >/dev/null
	@ninja -C build/asan >/dev/null

# make run: install what is missing, build, create a demo database if none, serve.
# The server says where to open it once the port is bound. PORT=8081 picks another
# port; KEHU_BIND=0.0.0.0 makes it reachable from the office network (docs/ADMIN.md).
run: deps release
	@scripts/first-run.sh build/release/kehu $(DB) $(DEMO_CUSTOMERS)
	@KEHU_DB=$(DB) KEHU_PORT=$(PORT) exec build/release/kehu serve

# make test: install what is missing, build (gcc, clang+ASan/UBSan, and the optimised build
# make run uses, whose warnings -O3 alone finds), run every suite.
test: deps-test dev asan release
	@scripts/run-tests.sh

lint:
	@scripts/lint.sh

format:
	@clang-format -i $$(git ls-files --cached --others --exclude-standard 'src/*.c' 'src/*.h' 'tests/unit/*.c' 'fuzz/*.c' | grep -v -e _table.c -e _data.c)

fuzz: deps-test
	@scripts/fuzz.sh

# make bench: the benchmark suite (bench/run.sh; BENCH_N=100000 for a quick run). Not part of make test.
bench:
	@bench/run.sh

clean:
	rm -rf build web/dist
