# SPDX-License-Identifier: GPL-2.0-or-later
#
# Unified module integrity for Linux 6.12: host tool, tests, benchmarks.
# `make help` lists the targets.

BUILD		:= build
BIN		:= $(BUILD)/bin
CC		?= gcc
CLANG		?= clang
FUZZ_SECONDS	?= 60

CORE_DIR	:= kernel/module/integrity
TOOL_DIR	:= scripts/sign-or-hash
CORE_SRCS	:= $(CORE_DIR)/trailer.c $(CORE_DIR)/merkle.c $(CORE_DIR)/status.c
TOOL_SRCS	:= $(wildcard $(TOOL_DIR)/*.c)
HEADERS		:= $(wildcard include/uapi/linux/*.h $(CORE_DIR)/*.h $(TOOL_DIR)/*.h)

WARN		:= -Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes \
		   -Wstrict-prototypes -Wshadow
INCLUDES	:= -Iinclude/uapi -I$(TOOL_DIR)
# The kernel's __printf(), which the host has no header for.
HOSTDEFS	:= '-D__printf(a,b)=__attribute__((format(printf,a,b)))'
LIBS		:= -lcrypto -llzma -lzstd -lz -lpthread
CFLAGS_REL	:= -std=gnu11 -O2 -g $(WARN) $(INCLUDES) $(HOSTDEFS)
CFLAGS_SAN	:= -std=gnu11 -O1 -g -fno-omit-frame-pointer \
		   -fsanitize=address,undefined -fno-sanitize-recover=all \
		   $(WARN) $(INCLUDES) $(HOSTDEFS)

.PHONY: all tool tool-asan check check-build test-host fuzz fuzz-smoke bench bench-kernel demo deps \
	kat kunit qemu-test repro-check clean help kernel-tree patches patches-bisect

all: tool

help:
	@echo "make demo      build the both kernel, boot it in QEMU, load modules, show verdicts;"
	@echo "               then the tool on Debian's module set"
	@echo "make check     every test; ends with 'N passed, N failed'"
	@echo "make tool      $(BIN)/sign-or-hash (and $(BIN)/sign-file, a link)"
	@echo "make fuzz      libFuzzer over trailer parsing and proof checks (FUZZ_SECONDS=$(FUZZ_SECONDS))"
	@echo "make bench     benchmarks into BENCHMARKS.md (bench-kernel: only the kernel side)"
	@echo "make kunit     KUnit suites under UML: hash-only, sig-only, both, both+KASAN/UBSAN"
	@echo "make qemu-test boot hash-only, sig-only and both kernels in QEMU and load modules"
	@echo "make repro-check  build kernels twice and compare them byte for byte"
	@echo "make patches   the change as a git format-patch series against 6.12 in $(PATCHES_OUT),"
	@echo "               checkpatch --strict on each patch (PATCHES_BUILD=1: also make patches-bisect)"
	@echo "make patches-bisect  the same, then build qemu-x86_64+both after every patch"
	@echo "make kat       regenerate tests/vectors/merkle_kat.h from the reference"

deps:
	@mk/deps.sh

tool: $(BIN)/sign-or-hash $(BIN)/sign-file

$(BIN)/sign-or-hash: $(TOOL_SRCS) $(CORE_SRCS) $(HEADERS) Makefile
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS_REL) -o $@ $(TOOL_SRCS) $(LIBS)

$(BIN)/sign-file: $(BIN)/sign-or-hash
	ln -sf sign-or-hash $@

# The tests run the tool and the shared kernel code under ASan and UBSan.
tool-asan: $(BUILD)/asan/sign-or-hash

$(BUILD)/asan/sign-or-hash: $(TOOL_SRCS) $(CORE_SRCS) $(HEADERS) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_SAN) -o $@ $(TOOL_SRCS) $(LIBS)

# Host unit tests of the shared kernel code and the tree builder.
HOST_TESTS	:= $(patsubst tests/host/%.c,$(BUILD)/asan/%,$(wildcard tests/host/test_*.c))
TEST_LIB_SRCS	:= $(TOOL_DIR)/merkle_build.c $(TOOL_DIR)/util.c

$(BUILD)/asan/test_%: tests/host/test_%.c tests/host/tap.h tests/vectors/merkle_kat.h \
		$(CORE_SRCS) $(TEST_LIB_SRCS) $(HEADERS) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_SAN) -Itests -o $@ $< $(CORE_SRCS) $(TEST_LIB_SRCS) $(LIBS)

# The known-answer vectors come from an independent Python implementation.
kat:
	python3 tests/host/merkle_ref.py kat > tests/vectors/merkle_kat.h

FUZZER		:= $(BUILD)/fuzz/fuzz_integrity

$(FUZZER): tests/fuzz/fuzz_integrity.c $(CORE_SRCS) $(HEADERS) Makefile
	@mkdir -p $(dir $@)
	$(CLANG) -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all $(INCLUDES) -o $@ $< $(CORE_SRCS) -lcrypto

fuzz: $(FUZZER) $(BIN)/sign-or-hash
	@mkdir -p $(BUILD)/fuzz/corpus
	tests/fuzz/make-seeds.sh $(BIN)/sign-or-hash $(BUILD)/fuzz/seeds
	$(FUZZER) -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		$(BUILD)/fuzz/corpus $(BUILD)/fuzz/seeds

# Everything the tests need, built before any suite runs.
check-build: tool tool-asan $(HOST_TESTS) $(FUZZER)

check: deps
	@$(MAKE) --no-print-directory check-build
	@mk/check.sh

# Host tool first, then the scale, the build-time and the in-guest
# figures; mk/bench-report.py writes the kernel section of BENCHMARKS.md.
bench: deps tool
	@mk/bench.sh
	@$(MAKE) --no-print-directory bench-kernel

bench-kernel: deps tool
	@mk/bench-dataset.sh >/dev/null
	@mk/bench-scale.sh
	@mk/bench-build.sh
	@mk/bench-kernel.sh
	@mk/bench-report.py

# The KUnit suites under UML, per mechanism choice and with KASAN/UBSAN.
kunit: deps
	@mk/kunit.sh

demo: deps tool
	@mk/demo.sh

# The QEMU boot matrix: hash-only, sig-only and both kernels, each booted
# permissive, enforcing, locked down and narrowed (tests/qemu/).
qemu-test: deps tool
	@mk/qemu-test.sh

repro-check: deps tool
	@mk/repro-check.sh

kernel-tree: deps
	@mk/kernel-tree.sh

# The change as a numbered git format-patch series against pristine 6.12,
# cut as patches/6.12/export/plan says (mk/patches.py).
PATCHES_OUT	?= $(BUILD)/patches

patches: deps
	@mk/patches.py --out $(PATCHES_OUT) $(if $(PATCHES_BUILD),--bisect)

patches-bisect: deps
	@mk/patches.py --out $(PATCHES_OUT) --bisect

clean:
	rm -rf $(BUILD)/bin $(BUILD)/asan $(BUILD)/fuzz $(BUILD)/check
