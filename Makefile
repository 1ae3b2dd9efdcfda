# veille — media monitoring as Unix filters.
# One pattern rule per kind of file; the list of tools is cmd/*.c.

VERSION  = 0.1.0
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man

# Builds use every core unless a -j is given: CI runs a plain `make
# check` on 2 cores.
# (Sub-makes share the top one's job server.)
ifeq ($(MAKELEVEL),0)
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 1)
endif
endif

# O: object directory, BIN: where binaries go. The sanitizer build uses
# O=build/asan BIN=build/asan/bin so both builds can live side by side.
O   ?= build
BIN ?= bin

# The allocator: the trees of libxml2 and cJSON make veille-parse
# allocation-bound, and glibc's malloc was 13% of its time; jemalloc,
# linked before libc, serves every malloc of the process (libraries
# included). The sanitizer build leaves it out (MALLOC_PKG=): ASan
# brings its own allocator.
MALLOC_PKG ?= jemalloc
PKGS = libcurl libcjson libxml-2.0 sqlite3 libutf8proc libhs zlib $(MALLOC_PKG)

CFLAGS ?= -O2 -g
override CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-DVEILLE_VERSION='"$(VERSION)"' -Ilib $(CFLAGS)

# Expanded when a recipe runs, i.e. after the dependency check below.
# -ldl: url.c loads libcurl when a URL first needs it (glibc < 2.34 has
# dlopen there).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) $(CLD2_LIBS) -lm -ldl

# Google's CLD2 (Debian libcld2-dev, no pkg-config file) is C++: the one
# C++ file, lib/lang_cld2.cc, is compiled with $(CXX) and the programs
# link the C++ runtime.
CLD2_LIBS = -lcld2 -lstdc++

# A program needs only the libraries it calls: veille-parse must not
# load libcurl's dependency tree at start (8 ms) for the five functions
# of its URL API it loads by itself. GNU ld's --as-needed, where the
# linker has it (Debian's gcc passes it already; Fedora's does not).
AS_NEEDED := $(shell printf 'int main(void){return 0;}' | \
	$(CC) -Wl,--as-needed -x c - -o /dev/null 2>/dev/null && echo -Wl,--as-needed)
override LDFLAGS := $(AS_NEEDED) $(LDFLAGS)

CMDS    = $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
LIBSRC  = $(wildcard lib/*.c)
LIBCXX  = $(wildcard lib/*.cc)
LIBOBJ  = $(LIBSRC:lib/%.c=$(O)/lib/%.o) $(LIBCXX:lib/%.cc=$(O)/lib/%.o)
UNITSRC = $(wildcard tests/unit/*.c)
UNITS   = $(UNITSRC:tests/unit/%.c=$(O)/unit/%)
MANS    = $(wildcard man/*.1 man/*.5 man/*.7)
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions

# -Wno-format-truncation: GCC 12 reports "null format string" in every
# vsnprintf wrapper under -fsanitize=undefined (a false positive).
# Quiet rules: "CC lib/feed.c"; make V=1 shows the commands.
Q = $(if $(V),,@)

SAN_CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -Wno-format-truncation \
	-fno-sanitize-recover=undefined

all: $(CMDS:%=$(BIN)/%) $(UNITS)

# Install missing libraries only when pkg-config cannot find them, and say so.
$(O)/.deps-ok:
	@mkdir -p $(O)
	@if ! command -v pkg-config >/dev/null 2>&1 || \
	    ! pkg-config --exists $(PKGS) || \
	    [ ! -e /usr/include/cld2/public/compact_lang_det.h ]; then \
		echo "make: some libraries are missing ($(PKGS)); running scripts/install-deps"; \
		scripts/install-deps || exit 1; \
	fi
	@touch $@

$(O)/lib/%.o: lib/%.c lib/*.h | $(O)/.deps-ok
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# C++ takes the C flags but the language standard and the C-only macros.
$(O)/lib/%.o: lib/%.cc lib/*.h | $(O)/.deps-ok
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CXX     $<")
	$(Q)$(CXX) -std=c++11 $(filter-out -std=c11,$(CFLAGS)) -c -o $@ $<

$(O)/cmd/%.o: cmd/%.c lib/*.h | $(O)/.deps-ok
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(O)/libveille.a: $(LIBOBJ)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $(LIBOBJ)

$(BIN)/%: $(O)/cmd/%.o $(O)/libveille.a
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libveille.a $(PKG_LIBS)

$(O)/unit/%: tests/unit/%.c tests/unit/tap.h $(O)/libveille.a
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(O)/libveille.a $(PKG_LIBS)

# libFuzzer targets (tests/fuzz/fuzz_*.c), built by clang with ASan and
# UBSan over a library built the same way in build/fuzz.
FUZZSRC  = $(wildcard tests/fuzz/fuzz_*.c)
FUZZERS  = $(FUZZSRC:tests/fuzz/%.c=$(O)/fuzz/%)
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined

$(O)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(O)/libveille.a
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined $(LDFLAGS) \
		-o $@ $< $(O)/libveille.a $(PKG_LIBS)

fuzzers: $(FUZZERS)

fuzz-build: test-deps
	@$(MAKE) --no-print-directory O=build/fuzz CC=clang CXX=clang++ CFLAGS="$(FUZZ_CFLAGS)" \
		LDFLAGS= MALLOC_PKG= fuzzers

# FUZZ_SECONDS per target (default 60); make fuzz-smoke: a short fixed run.
fuzz: fuzz-build
	@scripts/fuzz --seconds $${FUZZ_SECONDS:-60} build/fuzz/fuzz

fuzz-smoke: fuzz-build
	@scripts/fuzz --tap --seconds $${FUZZ_SECONDS:-5} build/fuzz/fuzz

asan:
	$(MAKE) O=build/asan BIN=build/asan/bin CFLAGS="$(SAN_CFLAGS)" LDFLAGS="-fsanitize=address,undefined" \
		MALLOC_PKG= all

# What the tests, the demo and the bench run (bats, python3, the peers):
# install-deps checks each package and installs only what is missing.
test-deps:
	@scripts/install-deps

# The whole suite twice: the normal build, then under ASan+UBSan, and the
# fuzz smoke run; tests/run runs them a few at a time and prints one
# "N passed, N failed" line over all. The steps run in order (install,
# then build, then test), each build on every core.
check:
	@scripts/install-deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory fuzz-build
	@tests/run --build $(O) --bin $(BIN) --build build/asan --bin build/asan/bin \
		--fuzz build/fuzz/fuzz

bench:
	@scripts/install-deps
	@$(MAKE) --no-print-directory all
	@scripts/bench

demo:
	@scripts/install-deps
	@$(MAKE) --no-print-directory all
	@scripts/demo

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	for c in $(CMDS); do install -m 755 $(BIN)/$$c $(DESTDIR)$(BINDIR)/$$c; done
	for m in $(MANS); do s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	install -m 644 scripts/completions/veille.bash $(DESTDIR)$(BASHCOMPDIR)/veille
	for c in $(filter veille-%,$(CMDS)); do ln -sf veille $(DESTDIR)$(BASHCOMPDIR)/$$c; done
	install -m 644 scripts/completions/_veille $(DESTDIR)$(ZSHCOMPDIR)/_veille

# Removes exactly what install wrote (the directories stay: they may be
# shared with other packages).
uninstall:
	for c in $(CMDS); do rm -f $(DESTDIR)$(BINDIR)/$$c; done
	for m in $(MANS); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; done
	rm -f $(DESTDIR)$(BASHCOMPDIR)/veille $(DESTDIR)$(ZSHCOMPDIR)/_veille
	for c in $(filter veille-%,$(CMDS)); do rm -f $(DESTDIR)$(BASHCOMPDIR)/$$c; done

clean:
	rm -rf build bin

.PHONY: all asan test-deps check bench demo install uninstall clean fuzz fuzz-smoke \
	fuzz-build fuzzers
.SECONDARY:
