/*
 * Inside the option parser: what options.c (the table, the argv walk, help)
 * shares with the files that handle one family of options each:
 *
 *   options-machine.c  -machine -accel -cpu -m -smp -uuid -rtc -name -boot
 *   options-block.c    -drive -hda..-hdd -cdrom -fda/-fdb and bare images
 *   options-char.c     -serial -monitor -qmp -mon -chardev -gdb -s
 *   options-display.c  -display -sdl -curses -nographic -vnc -k -vga
 *   options-net.c      -net -netdev -nic
 *   options-device.c   -device -usbdevice -soundhw -balloon -incoming
 */
#ifndef SYSTEM_OPTIONS_INT_H
#define SYSTEM_OPTIONS_INT_H

#include <stdint.h>

#include "system/cutils.h"
#include "system/error.h"
#include "system/options-keyval.h"
#include "system/options.h"

/* Everything a handler may need beyond the config it fills. */
typedef struct OptState {
    VireoConfig *cfg;
    const char *opt;            /* the option as typed, one dash: "-drive" */
    bool net_given;             /* -net/-netdev/-nic: no default NIC */
    bool serial_given;          /* -serial, even "none": no default serial port */
    bool monitor_given;         /* -monitor/-mon (not -qmp), even "none": no default monitor */
    bool accel_from_machine;    /* -machine accel= */
    bool accel_from_option;     /* -accel / -enable-kvm */
    const char *cpu_arg;        /* -cpu's argument, for messages after the walk */
    unsigned nic_count;         /* -nic back ends made so far, for their ids */
    uint32_t drive_snapshot_given;  /* drives whose snapshot= was given: -snapshot leaves them be */
    uint32_t nic_mac_given;     /* NICs whose MAC was given: the others get the default sequence */
} OptState;

/* The data of the -net, -netdev and -nic rows. */
enum { NET_OPT_NET, NET_OPT_NETDEV, NET_OPT_NIC };

/* The data of the -hda..-hdd, -cdrom, -fda/-fdb rows. */
enum { DRIVE_HDA, DRIVE_HDB, DRIVE_HDC, DRIVE_HDD, DRIVE_CDROM, DRIVE_FDA, DRIVE_FDB };

typedef struct OptionDef OptionDef;
typedef int OptionHandler(OptState *s, const OptionDef *def, const char *arg);

enum {
    OPT_ARG = 1u << 0,          /* takes an argument */
    OPT_PENDING = 1u << 1,      /* syntax-checked, then "not supported yet" */
};

struct OptionDef {
    const char *name;           /* without the dash */
    unsigned flags;
    OptionHandler *handler;
    intptr_t data;              /* handler-specific: a field offset, an index */
    const char *section;        /* help section; rows of one section stay together */
    const char *synopsis;       /* help: "-m [size=]megs"; NULL: not listed */
    const char *help;           /* help: one or more lines */
};

/* Strings owned by the config (released by options_free). */
char *cfg_strdup(VireoConfig *cfg, const char *s);
char *cfg_printf(VireoConfig *cfg, const char *fmt, ...) PRINTF_FMT(2, 3);

/* Is word one of the space-separated words of list? */
bool options_word_in(const char *word, const char *list);

/* Where help and lists go (stdout unless options_set_help_stream). */
FILE *options_out(void);

/* "vireo: OPT ARG: 'VALUE' is not supported yet" and -ENOTSUP. */
int options_value_pending(const char *value);

/*
 * Parse a -serial/-monitor/-qmp/-gdb DEV string ("tcp::4444,server=on",
 * "mon:stdio", "chardev:ID"). Fills *chr, strings owned by cfg.
 */
int chardev_parse_dev(VireoConfig *cfg, const char *dev, ChardevSpec *chr);

/* Handlers, by file. */
OptionHandler opt_machine, opt_accel, opt_enable_kvm, opt_cpu, opt_m, opt_smp, opt_uuid, opt_rtc, opt_name,
    opt_boot;
OptionHandler opt_drive, opt_drive_short;
OptionHandler opt_serial, opt_monitor, opt_qmp, opt_mon, opt_chardev, opt_gdb, opt_gdb_default;
OptionHandler opt_display, opt_display_short, opt_nographic, opt_vnc, opt_keyboard, opt_vga;
OptionHandler opt_net;
OptionHandler opt_device, opt_usbdevice, opt_soundhw, opt_balloon, opt_incoming;

/* The -netdev (or -nic back end) with this id, or NULL. */
const NetdevConfig *options_find_netdev(const VireoConfig *cfg, const char *id);

/* The disk image given as a bare argument: -hda. */
int options_bare_image(OptState *s, const char *file);

/* Checks and defaults once every option is in, by file; 0 or -errno. */
int options_machine_finish(OptState *s);
int options_block_finish(OptState *s);
int options_char_finish(OptState *s);
int options_display_finish(OptState *s);
int options_net_finish(OptState *s);
int options_device_finish(OptState *s);

#endif
