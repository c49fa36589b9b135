/*
 * The vireo command line: QEMU's system-emulator syntax (see
 * ../shared/USER-SURFACE.md) parsed into one VireoConfig.
 *
 *   VireoConfig cfg;
 *   int ret = options_parse(argc, argv, &cfg);
 *   if (ret < 0) exit(1);                  // a message was reported
 *   if (ret == OPTIONS_EXIT_OK) exit(0);   // help, -version, -M help...
 *   ... build the machine from cfg ...
 *   options_free(&cfg);
 *
 * The parser checks syntax and everything that can be known from the command
 * line alone (sizes, topologies, drive slots, references between options); it
 * never opens a file. Defaults are filled in, so consumers read one complete
 * description: the accelerator list, drive ids and slots, NIC MACs, the
 * serial and monitor under -nographic, the default NIC and user network.
 *
 * Every string in a VireoConfig belongs to it and is released by
 * options_free(). Limits are fixed (VIREO_MAX_*); exceeding one is an error.
 */
#ifndef SYSTEM_OPTIONS_H
#define SYSTEM_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* options_parse() handled an informational option (help, -version): exit 0. */
#define OPTIONS_EXIT_OK 1

enum {
    VIREO_MAX_ACCELS = 2,
    VIREO_MAX_CPU_FEATURES = 32,
    VIREO_MAX_CPUS = 255,
    VIREO_MAX_DRIVES = 16,
    VIREO_MAX_NICS = 8,
    VIREO_MAX_NETDEVS = 8,
    VIREO_MAX_HOSTFWDS = 16,
    VIREO_MAX_DEVICES = 32,
    VIREO_MAX_DEVICE_PROPS = 16,
    VIREO_MAX_SERIALS = 4,          /* COM1..COM4 */
    VIREO_MAX_MONITORS = 4,
    VIREO_MAX_CHARDEVS = 16,
    VIREO_MAX_USBDEVICES = 8,
    VIREO_BOOT_ORDER_MAX = 16,
};

typedef enum AccelKind { ACCEL_TCG, ACCEL_KVM } AccelKind;

typedef enum KernelIrqchip { IRQCHIP_ON, IRQCHIP_OFF, IRQCHIP_SPLIT } KernelIrqchip;

typedef struct CpuFeature {
    const char *name;       /* checked against the CPU model later, by the CPU */
    bool on;                /* +feat / feat=on, or -feat / feat=off */
} CpuFeature;

/* -smp, with the missing values computed as QEMU 7.2 computes them for pc. */
typedef struct SmpConfig {
    unsigned cpus, sockets, cores, threads, maxcpus;
} SmpConfig;

typedef enum RtcBase { RTC_BASE_UTC, RTC_BASE_LOCALTIME, RTC_BASE_DATE } RtcBase;
typedef enum RtcClock { RTC_CLOCK_HOST, RTC_CLOCK_RT, RTC_CLOCK_VM } RtcClock;

typedef struct RtcConfig {
    RtcBase base;
    int64_t start;          /* RTC_BASE_DATE: the date, seconds since 1970 UTC */
    RtcClock clock;
    bool driftfix_slew;
} RtcConfig;

typedef enum DriveInterface { DRIVE_IF_IDE, DRIVE_IF_VIRTIO, DRIVE_IF_FLOPPY, DRIVE_IF_NONE } DriveInterface;
typedef enum DriveMedia { DRIVE_MEDIA_DISK, DRIVE_MEDIA_CDROM } DriveMedia;
typedef enum DriveFormat { DRIVE_FORMAT_AUTO, DRIVE_FORMAT_RAW, DRIVE_FORMAT_QCOW2 } DriveFormat;
typedef enum DriveCache {
    DRIVE_CACHE_WRITEBACK,          /* the default */
    DRIVE_CACHE_NONE,               /* O_DIRECT */
    DRIVE_CACHE_WRITETHROUGH,       /* fsync before completion */
    DRIVE_CACHE_DIRECTSYNC,         /* both */
    DRIVE_CACHE_UNSAFE,             /* guest flushes ignored */
} DriveCache;

/* -drive, -hda..-hdd, -cdrom, -fda/-fdb, or a bare disk image argument. */
typedef struct DriveConfig {
    const char *file;       /* NULL: no medium (an empty CD-ROM or floppy) */
    DriveInterface interface;
    int index;              /* index= as given, -1 if not */
    int bus, unit;          /* resolved: IDE has 2 buses of 2 units, floppy 1 of 2 */
    DriveMedia media;
    DriveFormat format;     /* AUTO: probe */
    DriveCache cache;
    bool snapshot;          /* snapshot=, else -snapshot */
    bool readonly;          /* readonly=, always on for CD-ROMs */
    const char *id;         /* id=, else QEMU's name: ide0-hd0, ide1-cd0, virtio0, floppy0, none0 */
    const char *opt;        /* the option as typed, for messages: "-drive" */
    const char *arg;        /* its argument: "file=x,if=virtio" */
} DriveConfig;

typedef struct BootConfig {
    char order[VIREO_BOOT_ORDER_MAX + 1];   /* default "cad" */
    char once[VIREO_BOOT_ORDER_MAX + 1];    /* "" when not given */
    bool menu;
} BootConfig;

typedef enum DisplayKind { DISPLAY_DEFAULT, DISPLAY_NONE, DISPLAY_SDL, DISPLAY_CURSES } DisplayKind;

typedef enum VncKind {
    VNC_OFF,
    VNC_NONE,               /* "-vnc none": a server with no listener (monitor "change vnc") */
    VNC_TCP,
    VNC_UNIX,
} VncKind;

typedef struct VncConfig {
    VncKind kind;
    const char *host;       /* VNC_TCP: "127.0.0.1" unless the display names a host */
    int display;            /* N of HOST:N */
    int port;               /* 5900 + N; with reverse=on, N is the port itself */
    const char *path;       /* VNC_UNIX */
    bool password, reverse;
    const char *websocket_host;     /* NULL: same as host */
    int websocket_port;             /* -1: no websocket */
    const char *arg;
} VncConfig;

typedef enum ChardevKind {
    CHARDEV_NONE,           /* "none": no device at all */
    CHARDEV_NULL,
    CHARDEV_STDIO,
    CHARDEV_PTY,
    CHARDEV_FILE,
    CHARDEV_PIPE,
    CHARDEV_TCP,
    CHARDEV_TELNET,
    CHARDEV_UNIX,
    CHARDEV_UDP,
    CHARDEV_REF,            /* "chardev:ID" / -mon chardev=ID: the -chardev named id */
} ChardevKind;

/* A character device: a -serial/-monitor/-qmp/-gdb DEV string, or a -chardev. */
typedef struct ChardevSpec {
    ChardevKind kind;
    bool mux;               /* "mon:" prefix or mux=on: a monitor shares it through Ctrl-a
                               (for "mon:", the consumer adds that monitor: no MonitorConfig) */
    const char *id;         /* -chardev id=; CHARDEV_REF: the id referred to */
    const char *host;       /* TCP, TELNET, UDP: NULL for any address / localhost */
    int port;
    const char *local_host; /* UDP "@[HOST]:PORT" */
    int local_port;
    const char *path;       /* FILE, PIPE, UNIX */
    bool server, wait, nodelay;
    int reconnect;          /* seconds, 0: never */
    const char *logfile;
    const char *opt, *arg;
} ChardevSpec;

typedef struct MonitorConfig {
    ChardevSpec chr;
    bool qmp;               /* -qmp or -mon mode=control */
    bool pretty;
} MonitorConfig;

typedef struct MacAddr {
    uint8_t a[6];
} MacAddr;

/* -net nic or -nic: a NIC on the hub of -net entries, or tied to a netdev. */
typedef struct NicConfig {
    const char *model;      /* canonical: "e1000", "virtio-net-pci", ... */
    MacAddr mac;            /* macaddr=, else 52:54:00:12:34:56 + n */
    int vlan;               /* the -net hub; -1 with netdev= */
    const char *netdev;     /* netdev id, or NULL */
    const char *name;       /* name=, else MODEL.N as QEMU names it */
    const char *opt, *arg;
} NicConfig;

typedef enum NetdevKind { NETDEV_USER, NETDEV_TAP, NETDEV_BRIDGE, NETDEV_SOCKET } NetdevKind;

/* hostfwd=tcp|udp:[HOSTADDR]:HPORT-[GUESTADDR]:GPORT. Addresses in host byte order. */
typedef struct HostFwd {
    bool udp;
    uint32_t host_addr;     /* 0: any */
    int host_port;
    uint32_t guest_addr;    /* defaults to the first DHCP address */
    int guest_port;
} HostFwd;

/* A network back end: -net user|tap|..., -netdev, or the back end of -nic. */
typedef struct NetdevConfig {
    NetdevKind kind;
    const char *id;         /* -netdev id=; NULL for a -net entry (on hub vlan) */
    const char *name;       /* name=, else TYPE.N */
    int vlan;               /* -net hub; -1 for -netdev */

    /* user: IPv4 in host byte order; defaults 10.0.2.0/24, .2, .3, .15 */
    uint32_t net, mask, host, dns, dhcpstart;
    const char *tftp, *bootfile;
    bool restricted;
    HostFwd hostfwd[VIREO_MAX_HOSTFWDS];
    unsigned n_hostfwd;

    /* tap */
    const char *ifname;
    int fd;                 /* -1: open /dev/net/tun */
    const char *script;     /* NULL: none ("no"); default /etc/qemu-ifup */
    const char *downscript; /* NULL: none; default /etc/qemu-ifdown */
    int vnet_hdr;           /* -1: on when the kernel supports it */
    bool vhost;

    /* bridge: br defaults to br0; helper NULL: qemu-bridge-helper where Debian puts it */
    const char *br, *helper;

    /* socket */
    const char *listen, *connect, *mcast;

    const char *opt, *arg;
} NetdevConfig;

typedef struct DeviceProp {
    const char *key, *value;
} DeviceProp;

/* -device DRIVER,prop=value,...: properties are kept raw for the device. */
typedef struct DeviceConfig {
    const char *driver;     /* canonical: aliases such as virtio-net are resolved */
    DeviceProp props[VIREO_MAX_DEVICE_PROPS];
    unsigned n_props;
    const char *opt, *arg;
} DeviceConfig;

typedef struct VireoConfig {
    /* Standard */
    const char *name;               /* -name: window title, VNC desktop, info name */
    const char *process_name;
    bool debug_threads;
    const char *machine;            /* "pc" */
    AccelKind accels[VIREO_MAX_ACCELS];     /* in order of preference; default { TCG } */
    unsigned n_accels;
    KernelIrqchip kernel_irqchip;
    const char *tcg_backend;        /* -accel tcg,backend=native|interp; NULL = the host's default */
    uint64_t ram_size;              /* bytes; default 128 MiB */
    const char *cpu_model;          /* "qemu64", "max", "host" */
    CpuFeature cpu_features[VIREO_MAX_CPU_FEATURES];
    unsigned n_cpu_features;
    SmpConfig smp;
    bool has_uuid;
    uint8_t uuid[16];
    RtcConfig rtc;
    bool no_acpi, no_reboot, no_shutdown, start_paused;
    bool nodefaults;                /* -nodefaults: no default devices (the empty CD-ROM) */
    bool daemonize;
    const char *pidfile;

    /* Block */
    DriveConfig drives[VIREO_MAX_DRIVES];
    unsigned n_drives;
    bool snapshot;                  /* -snapshot (already applied to drives) */
    BootConfig boot;

    /* Direct Linux boot and firmware */
    const char *kernel, *initrd, *append, *bios;

    /* Display and console */
    DisplayKind display;            /* DEFAULT with a VNC server means no window */
    bool nographic;
    VncConfig vnc;
    const char *keyboard_layout;    /* "en-us" */
    const char *vga;                /* "std", "cirrus", "none", ... */
    bool alt_grab, ctrl_grab;
    ChardevSpec serials[VIREO_MAX_SERIALS];
    unsigned n_serials;
    MonitorConfig monitors[VIREO_MAX_MONITORS];
    unsigned n_monitors;
    ChardevSpec chardevs[VIREO_MAX_CHARDEVS];
    unsigned n_chardevs;
    bool usb;
    const char *usbdevices[VIREO_MAX_USBDEVICES];  /* "tablet", "mouse", "keyboard" */
    unsigned n_usbdevices;

    /* Network */
    NicConfig nics[VIREO_MAX_NICS];
    unsigned n_nics;
    NetdevConfig netdevs[VIREO_MAX_NETDEVS];
    unsigned n_netdevs;

    /* Other devices */
    DeviceConfig devices[VIREO_MAX_DEVICES];
    unsigned n_devices;
    bool balloon;
    const char *soundhw;
    const char *incoming;
    const char *loadvm;

    /* Debugging */
    bool has_gdb;
    ChardevSpec gdb;
    unsigned log_mask;              /* -d, LOG_* of system/log.h */
    const char *log_file;           /* -D */

    /* Private: every string above, released by options_free(). */
    struct {
        char **ptrs;
        size_t n, cap;
    } strings;
} VireoConfig;

/*
 * Parse argv[1..argc-1] into *cfg (overwritten). Returns 0, OPTIONS_EXIT_OK
 * after printing what an informational option asked for, or a negative
 * errno after reporting the error. Never exits. *cfg must be released with
 * options_free() whatever the result.
 */
int options_parse(int argc, char **argv, VireoConfig *cfg);
void options_free(VireoConfig *cfg);

/* Where help, -version and the lists go; NULL (the default) is stdout. */
void options_set_help_stream(FILE *f);

#endif
