# Vireo: one non-recursive Makefile. Everything it builds lands in build/.
#
# Layout rule: a header sits beside its source and is included by its path
# from the top of the tree: #include "system/memory.h".
#
# `make check`, `make demo`, `make bench` and `make check-slow` do the whole
# set-up on a fresh machine: install the Debian packages (scripts/install-deps.sh),
# configure, build, then run.

BUILD := build
SETUP_GOALS := check check-slow demo bench
NOCONFIG_GOALS := clean distclean deps help

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
# Keep objects of tests and benchmarks (pattern-rule intermediates).
.SECONDARY:

ifeq ($(filter-out $(NOCONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
# Only goals that need no configuration were asked for.
else
include $(BUILD)/config.mak
endif

# (Re)configure when the tree has never been configured or configure changed.
# Set-up goals install the build and test dependencies first.
$(BUILD)/config.mak: configure
	$(if $(filter $(SETUP_GOALS),$(MAKECMDGOALS)),sh scripts/install-deps.sh)
	@if [ -f $(BUILD)/config.status ]; then sh $(BUILD)/config.status; else BUILD=$(BUILD) sh ./configure; fi

# ---------------------------------------------------------------------------
# Sources, by layer. The core library holds everything the binaries and the
# unit tests share; each binary adds its own main().

# One folder per layer; every .c in a layer's folder belongs to it.
# Disassembly through capstone, or its stub without it.
system_SRCS := $(filter-out system/main.c system/disas.c system/disas-none.c,$(wildcard system/*.c)) \
	system/$(if $(filter yes,$(CONFIG_CAPSTONE)),disas.c,disas-none.c)
block_SRCS := $(wildcard block/*.c)
fpu_SRCS := $(wildcard fpu/*.c)
# The native code generator of the host, or its stub where there is none.
tcg_SRCS := $(wildcard tcg/*.c) \
	$(wildcard tcg/$(if $(filter x86_64,$(HOST_ARCH)),x86_64,native-none)/*.c)
# KVM where configure found <linux/kvm.h> on an x86-64 Linux host, else a stub that refuses it.
accel_SRCS := $(wildcard accel/tcg/*.c) \
	$(if $(filter yes,$(CONFIG_KVM)),$(wildcard accel/kvm/*.c),accel/kvm-none.c)
cpu_SRCS := $(wildcard cpu/x86/*.c)
hw_SRCS := $(wildcard hw/*.c) $(wildcard hw/display/*.c) $(wildcard hw/net/*.c)
# net/: user networking needs libslirp; without it a stub refuses -net user.
net_SRCS := $(filter-out net/slirp.c net/slirp-none.c,$(wildcard net/*.c)) \
	net/$(if $(filter yes,$(CONFIG_SLIRP)),slirp.c,slirp-none.c)
chardev_SRCS := $(wildcard chardev/*.c)
# QMP needs libjansson; without it a stub refuses -qmp.
monitor_SRCS := $(filter-out monitor/qmp%.c monitor/json-stream.c,$(wildcard monitor/*.c)) \
	$(if $(filter yes,$(CONFIG_JANSSON)),monitor/qmp.c monitor/qmp-cmds.c monitor/qmp-block.c monitor/json-stream.c,monitor/qmp-none.c)
# ui/: a front end whose library configure did not find is replaced by its -none.c stub.
ui_OPTIONAL := vnc png sdl curses
ui_SRCS := $(filter-out $(foreach f,$(ui_OPTIONAL),ui/$(f).c ui/$(f)-none.c),$(wildcard ui/*.c)) \
	ui/$(if $(filter yes,$(CONFIG_VNC)),vnc.c,vnc-none.c) \
	ui/$(if $(filter yes,$(CONFIG_PNG)),png.c,png-none.c) \
	ui/$(if $(filter yes,$(CONFIG_SDL2)),sdl.c,sdl-none.c) \
	ui/$(if $(filter yes,$(CONFIG_CURSES)),curses.c,curses-none.c)

core_SRCS := $(system_SRCS) $(block_SRCS) $(fpu_SRCS) $(tcg_SRCS) $(accel_SRCS) $(cpu_SRCS) \
	$(hw_SRCS) $(net_SRCS) $(chardev_SRCS) $(monitor_SRCS) $(ui_SRCS)

vireo_SRCS := system/main.c
vireo_img_SRCS := $(wildcard tools/*.c)
vireo_user_SRCS := $(wildcard user/*.c)

# Unit tests: one Check program per tests/unit/test-*.c.
unit_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test-*.c))
bench_PROGS := $(patsubst bench/%.c,%,$(wildcard bench/bench-*.c))

# ---------------------------------------------------------------------------
# Flags. config.mak provides CC, AR, CFLAGS_CONFIG, LDFLAGS_CONFIG and the
# per-library *_CFLAGS/*_LIBS of what configure found.

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter -Wno-missing-field-initializers
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -I. -I$(BUILD) $(WARN) $(CFLAGS_CONFIG) $(JANSSON_CFLAGS) $(SLIRP_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(LDFLAGS_CONFIG) $(LDFLAGS)
LIBS := $(VNC_LIBS) $(PNG_LIBS) $(SDL2_LIBS) $(CURSES_LIBS) $(ZLIB_LIBS) $(JANSSON_LIBS) $(CAPSTONE_LIBS) \
	$(SLIRP_LIBS) -lpthread -lm -latomic

OBJ = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

core_OBJS := $(call OBJ,$(core_SRCS))
ALL_OBJS := $(core_OBJS) $(call OBJ,$(vireo_SRCS) $(vireo_img_SRCS) $(vireo_user_SRCS)) \
	$(call OBJ,$(addprefix tests/unit/,$(addsuffix .c,$(unit_TESTS)))) \
	$(call OBJ,$(addprefix bench/,$(addsuffix .c,$(bench_PROGS))))

PROGS := $(BUILD)/vireo $(BUILD)/vireo-img $(BUILD)/vireo-x86_64

.PHONY: all
all: $(PROGS)

$(BUILD)/obj/%.o: %.c $(BUILD)/config.mak
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libvireo-core.a: $(core_OBJS)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/vireo: $(call OBJ,$(vireo_SRCS)) $(BUILD)/libvireo-core.a
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/vireo-img: $(call OBJ,$(vireo_img_SRCS)) $(BUILD)/libvireo-core.a
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/vireo-x86_64: $(call OBJ,$(vireo_user_SRCS)) $(BUILD)/libvireo-core.a
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# Link order: the test's objects, test libraries (which use the core), the core.
$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(BUILD)/libvireo-core.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) $(filter-out %core.a,$(filter %.a,$^)) \
		$(BUILD)/libvireo-core.a $(CHECK_LIBS) $(LIBS)

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(BUILD)/libvireo-core.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) $(filter-out %core.a,$(filter %.a,$^)) \
		$(BUILD)/libvireo-core.a $(LIBS)

# The translator benchmark runs bench/cpu-mix.S under Vireo (linked in) and,
# as a static program, under qemu-x86_64: x86-64 hosts only.
ifeq ($(HOST_ARCH),x86_64)
$(BUILD)/bench/bench-cpu: $(BUILD)/obj/bench/cpu-mix.o $(BUILD)/libvireo-testcpu.a
$(BUILD)/bench/cpu-mix: bench/cpu-mix.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) -DMIX_STANDALONE -nostdlib -static -o $@ $<
bench: $(BUILD)/bench/cpu-mix
else
bench_PROGS := $(filter-out bench-cpu,$(bench_PROGS))
endif

$(BUILD)/obj/ui/vnc.o: ALL_CFLAGS += $(VNC_CFLAGS)
$(BUILD)/obj/ui/png.o: ALL_CFLAGS += $(PNG_CFLAGS)
$(BUILD)/obj/system/disas.o: ALL_CFLAGS += $(CAPSTONE_CFLAGS)
$(BUILD)/obj/ui/sdl.o: ALL_CFLAGS += $(SDL2_CFLAGS)
$(BUILD)/obj/ui/curses.o: ALL_CFLAGS += $(CURSES_CFLAGS)

# Unit tests compile against Check's headers.
$(call OBJ,$(addprefix tests/unit/,$(addsuffix .c,$(unit_TESTS)))): CFLAGS += $(CHECK_CFLAGS)

# The decoder test compares instruction lengths with capstone's.
$(BUILD)/obj/tests/unit/test-decode.o: ALL_CFLAGS += $(CAPSTONE_CFLAGS)

# CPU differential testing (tests/cpu): test state, corpus files and the
# host's native runner, linked by test-native (and the test-cpu-* programs).
# The native runner exists only on x86-64 hosts; elsewhere cases are replayed.
testcpu_native := $(if $(filter x86_64,$(HOST_ARCH)),tests/cpu/native-x86_64.c \
	tests/cpu/native-x86_64-entry.S,tests/cpu/native-none.c)
testcpu_SRCS := tests/cpu/state.c tests/cpu/corpus.c tests/cpu/gen.c tests/cpu/gen-sse.c \
	tests/cpu/gen-x87.c tests/cpu/vireo-run.c \
	$(testcpu_native)
testcpu_OBJS := $(patsubst %.S,$(BUILD)/obj/%.o,$(call OBJ,$(testcpu_SRCS)))

$(BUILD)/obj/%.o: %.S $(BUILD)/config.mak
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libvireo-testcpu.a: $(testcpu_OBJS)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/tests/test-native $(BUILD)/tests/test-cpu $(BUILD)/tests/test-tb $(BUILD)/tests/test-cpuid \
	$(BUILD)/tests/test-cpu-edge $(BUILD)/tests/test-tcg-native-flush: \
	$(BUILD)/libvireo-testcpu.a

# Replays a recorded corpus on any host (no Check needed): the cross test.
$(BUILD)/tests/cpu-replay: $(BUILD)/obj/tests/cpu/replay.o $(BUILD)/libvireo-testcpu.a $(BUILD)/libvireo-core.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

-include $(testcpu_OBJS:.o=.d)

# Fuzz targets (tests/fuzz): make check replays their kept corpus;
# scripts/fuzz.sh builds them with afl-clang-fast and runs AFL++.
fuzz_PROGS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BINS := $(addprefix $(BUILD)/tests/,$(fuzz_PROGS))
ALL_OBJS += $(call OBJ,$(addprefix tests/fuzz/,$(addsuffix .c,$(fuzz_PROGS))))
$(FUZZ_BINS): $(BUILD)/tests/%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/libvireo-core.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

-include $(ALL_OBJS:.o=.d)

# ---------------------------------------------------------------------------
# Tests and benchmarks. The runner prints one closing line "N passed, N failed".

UNIT_BINS := $(addprefix $(BUILD)/tests/,$(unit_TESTS))
BENCH_BINS := $(addprefix $(BUILD)/bench/,$(bench_PROGS))

.PHONY: check check-unit check-functional check-slow bench build-tests
build-tests: $(PROGS) $(UNIT_BINS) $(BUILD)/tests/cpu-replay $(FUZZ_BINS)

check: build-tests
	@sh scripts/run-tests.sh $(BUILD) quick

check-slow: build-tests
	@sh scripts/run-tests.sh $(BUILD) slow

bench: $(PROGS) $(BENCH_BINS)
	@sh scripts/run-bench.sh $(BUILD)

# ---------------------------------------------------------------------------
# Set-up and the demo.

.PHONY: deps demo install clean distclean help
deps:
	@sh scripts/install-deps.sh

# The set-up goals make sure the packages are there (quick when they are).
check check-slow bench demo: | deps

demo: $(PROGS)
	@sh scripts/demo.sh $(BUILD)

PREFIX ?= /usr/local
install: $(PROGS)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/

clean:
	rm -rf $(BUILD)/obj $(BUILD)/tests $(BUILD)/bench $(BUILD)/*.a $(PROGS)

distclean:
	rm -rf $(BUILD)

help:
	@echo 'Targets: all check check-slow bench demo deps install clean distclean'
	@echo 'V=1 shows the full commands.'

ifeq ($(V),1)
Q :=
else
Q = @echo '  $(if $(filter %.o,$@),CC  ,LINK)' $@;
endif
