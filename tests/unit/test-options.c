/*
 * Unit tests: the command-line parser (system/options*.c).
 *
 * Four tables of vectors, each row one Check test:
 *   - parse_cases: a command line and lines that must appear in a dump of
 *     the resulting VireoConfig ("drive[0].file=a,b.img");
 *   - help_cases: informational options, OPTIONS_EXIT_OK and what they print;
 *   - error_cases: malformed command lines, a negative return and a
 *     one-line message that names the option;
 *   - keyval_cases: the sub-option parser on its own.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/error.h"
#include "system/options-keyval.h"
#include "system/options.h"

#define MAX_ARGS 16     /* per vector */
#define RUN_ARGS 80     /* per run */

/* ---------------------------------------------------------------------------
 * Running the parser with its output captured. */

typedef struct Run {
    int ret;
    char *dump;         /* the config, one "key=value" line each (success only) */
    char *out;          /* what went to the help stream */
    char *err;          /* what error_report printed */
} Run;

static const char *const kind_names[] = {
    [CHARDEV_NONE] = "none", [CHARDEV_NULL] = "null", [CHARDEV_STDIO] = "stdio", [CHARDEV_PTY] = "pty",
    [CHARDEV_FILE] = "file", [CHARDEV_PIPE] = "pipe", [CHARDEV_TCP] = "tcp", [CHARDEV_TELNET] = "telnet",
    [CHARDEV_UNIX] = "unix", [CHARDEV_UDP] = "udp", [CHARDEV_REF] = "chardev",
};

static const char *s_or_dash(const char *s)
{
    return s ? s : "-";
}

static void dump_ip(FILE *f, const char *key, uint32_t a)
{
    fprintf(f, "%s=%u.%u.%u.%u\n", key, a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

static void dump_chardev(FILE *f, const char *prefix, const ChardevSpec *c)
{
    fprintf(f, "%s.kind=%s\n%s.mux=%d\n%s.id=%s\n%s.host=%s\n%s.port=%d\n%s.path=%s\n", prefix,
            kind_names[c->kind], prefix, c->mux, prefix, s_or_dash(c->id), prefix, s_or_dash(c->host), prefix,
            c->port, prefix, s_or_dash(c->path));
    fprintf(f, "%s.server=%d\n%s.wait=%d\n%s.nodelay=%d\n%s.reconnect=%d\n%s.local_host=%s\n%s.local_port=%d\n",
            prefix, c->server, prefix, c->wait, prefix, c->nodelay, prefix, c->reconnect, prefix,
            s_or_dash(c->local_host), prefix, c->local_port);
    fprintf(f, "%s.logfile=%s\n", prefix, s_or_dash(c->logfile));
}

/* Every field of the config as "key=value" lines, so vectors can name any of them. */
static void dump_config(FILE *f, const VireoConfig *c)
{
    static const char *const ifs[] = { "ide", "virtio", "floppy", "none" };
    static const char *const media[] = { "disk", "cdrom" };
    static const char *const formats[] = { "auto", "raw", "qcow2" };
    static const char *const caches[] = { "writeback", "none", "writethrough", "directsync", "unsafe" };
    static const char *const displays[] = { "default", "none", "sdl", "curses" };
    static const char *const vncs[] = { "off", "none", "tcp", "unix" };
    static const char *const netdevs[] = { "user", "tap", "bridge", "socket" };
    static const char *const rtc_bases[] = { "utc", "localtime", "date" };
    static const char *const rtc_clocks[] = { "host", "rt", "vm" };
    static const char *const irqchips[] = { "on", "off", "split" };
    char p[64];

    fprintf(f, "\nname=%s\nprocess_name=%s\ndebug_threads=%d\nmachine=%s\n", s_or_dash(c->name),
            s_or_dash(c->process_name), c->debug_threads, c->machine);
    fprintf(f, "accels=");
    for (unsigned i = 0; i < c->n_accels; i++)
        fprintf(f, "%s%s", i ? "," : "", c->accels[i] == ACCEL_KVM ? "kvm" : "tcg");
    fprintf(f, "\nkernel_irqchip=%s\nram_size=%llu\ncpu_model=%s\ncpu_features=", irqchips[c->kernel_irqchip],
            (unsigned long long)c->ram_size, c->cpu_model);
    for (unsigned i = 0; i < c->n_cpu_features; i++)
        fprintf(f, "%s%c%s", i ? "," : "", c->cpu_features[i].on ? '+' : '-', c->cpu_features[i].name);
    fprintf(f, "\nsmp=%u,sockets=%u,cores=%u,threads=%u,maxcpus=%u\n", c->smp.cpus, c->smp.sockets, c->smp.cores,
            c->smp.threads, c->smp.maxcpus);
    fprintf(f, "uuid=");
    for (int i = 0; c->has_uuid && i < 16; i++)
        fprintf(f, "%02x", c->uuid[i]);
    fprintf(f, "\nrtc.base=%s\nrtc.start=%lld\nrtc.clock=%s\nrtc.driftfix_slew=%d\n", rtc_bases[c->rtc.base],
            (long long)c->rtc.start, rtc_clocks[c->rtc.clock], c->rtc.driftfix_slew);
    fprintf(f, "no_acpi=%d\nno_reboot=%d\nno_shutdown=%d\nstart_paused=%d\ndaemonize=%d\npidfile=%s\n", c->no_acpi,
            c->no_reboot, c->no_shutdown, c->start_paused, c->daemonize, s_or_dash(c->pidfile));

    fprintf(f, "n_drives=%u\nsnapshot=%d\n", c->n_drives, c->snapshot);
    for (unsigned i = 0; i < c->n_drives; i++) {
        const DriveConfig *d = &c->drives[i];

        fprintf(f, "drive[%u].file=%s\ndrive[%u].if=%s\ndrive[%u].index=%d\ndrive[%u].bus=%d\ndrive[%u].unit=%d\n", i,
                s_or_dash(d->file), i, ifs[d->interface], i, d->index, i, d->bus, i, d->unit);
        fprintf(f, "drive[%u].media=%s\ndrive[%u].format=%s\ndrive[%u].cache=%s\ndrive[%u].snapshot=%d\n", i,
                media[d->media], i, formats[d->format], i, caches[d->cache], i, d->snapshot);
        fprintf(f, "drive[%u].readonly=%d\ndrive[%u].id=%s\ndrive[%u].opt=%s %s\n", i, d->readonly, i, d->id, i,
                d->opt, d->arg);
    }
    fprintf(f, "boot.order=%s\nboot.once=%s\nboot.menu=%d\n", c->boot.order, c->boot.once, c->boot.menu);
    fprintf(f, "kernel=%s\ninitrd=%s\nappend=%s\nbios=%s\n", s_or_dash(c->kernel), s_or_dash(c->initrd),
            s_or_dash(c->append), s_or_dash(c->bios));

    fprintf(f, "display=%s\nnographic=%d\n", displays[c->display], c->nographic);
    fprintf(f, "vnc.kind=%s\nvnc.host=%s\nvnc.display=%d\nvnc.port=%d\nvnc.path=%s\nvnc.password=%d\n",
            vncs[c->vnc.kind], s_or_dash(c->vnc.host), c->vnc.display, c->vnc.port, s_or_dash(c->vnc.path),
            c->vnc.password);
    fprintf(f, "vnc.reverse=%d\nvnc.websocket_host=%s\nvnc.websocket_port=%d\n", c->vnc.reverse,
            s_or_dash(c->vnc.websocket_host), c->vnc.websocket_port);
    fprintf(f, "keyboard=%s\nvga=%s\nalt_grab=%d\nctrl_grab=%d\n", c->keyboard_layout, c->vga, c->alt_grab,
            c->ctrl_grab);
    fprintf(f, "n_serials=%u\nn_monitors=%u\nn_chardevs=%u\n", c->n_serials, c->n_monitors, c->n_chardevs);
    for (unsigned i = 0; i < c->n_serials; i++) {
        snprintf(p, sizeof(p), "serial[%u]", i);
        dump_chardev(f, p, &c->serials[i]);
    }
    for (unsigned i = 0; i < c->n_monitors; i++) {
        snprintf(p, sizeof(p), "monitor[%u]", i);
        dump_chardev(f, p, &c->monitors[i].chr);
        fprintf(f, "%s.qmp=%d\n%s.pretty=%d\n", p, c->monitors[i].qmp, p, c->monitors[i].pretty);
    }
    for (unsigned i = 0; i < c->n_chardevs; i++) {
        snprintf(p, sizeof(p), "chardev[%u]", i);
        dump_chardev(f, p, &c->chardevs[i]);
    }
    fprintf(f, "usb=%d\nn_usbdevices=%u\n", c->usb, c->n_usbdevices);
    for (unsigned i = 0; i < c->n_usbdevices; i++)
        fprintf(f, "usbdevice[%u]=%s\n", i, c->usbdevices[i]);

    fprintf(f, "n_nics=%u\nn_netdevs=%u\n", c->n_nics, c->n_netdevs);
    for (unsigned i = 0; i < c->n_nics; i++) {
        const NicConfig *n = &c->nics[i];
        const uint8_t *m = n->mac.a;

        fprintf(f, "nic[%u].model=%s\nnic[%u].mac=%02x:%02x:%02x:%02x:%02x:%02x\nnic[%u].vlan=%d\n", i, n->model, i,
                m[0], m[1], m[2], m[3], m[4], m[5], i, n->vlan);
        fprintf(f, "nic[%u].netdev=%s\nnic[%u].name=%s\n", i, s_or_dash(n->netdev), i, n->name);
    }
    for (unsigned i = 0; i < c->n_netdevs; i++) {
        const NetdevConfig *n = &c->netdevs[i];

        snprintf(p, sizeof(p), "netdev[%u]", i);
        fprintf(f, "%s.kind=%s\n%s.id=%s\n%s.name=%s\n%s.vlan=%d\n", p, netdevs[n->kind], p, s_or_dash(n->id), p,
                n->name, p, n->vlan);
        if (n->kind == NETDEV_USER) {
            char key[96];

            snprintf(key, sizeof(key), "%s.net", p);
            dump_ip(f, key, n->net);
            snprintf(key, sizeof(key), "%s.mask", p);
            dump_ip(f, key, n->mask);
            snprintf(key, sizeof(key), "%s.host", p);
            dump_ip(f, key, n->host);
            snprintf(key, sizeof(key), "%s.dns", p);
            dump_ip(f, key, n->dns);
            snprintf(key, sizeof(key), "%s.dhcpstart", p);
            dump_ip(f, key, n->dhcpstart);
            fprintf(f, "%s.tftp=%s\n%s.bootfile=%s\n%s.restrict=%d\n", p, s_or_dash(n->tftp), p,
                    s_or_dash(n->bootfile), p, n->restricted);
            for (unsigned j = 0; j < n->n_hostfwd; j++) {
                const HostFwd *h = &n->hostfwd[j];

                fprintf(f, "%s.hostfwd[%u]=%s:%u.%u.%u.%u:%d-%u.%u.%u.%u:%d\n", p, j, h->udp ? "udp" : "tcp",
                        h->host_addr >> 24, (h->host_addr >> 16) & 255, (h->host_addr >> 8) & 255,
                        h->host_addr & 255, h->host_port, h->guest_addr >> 24, (h->guest_addr >> 16) & 255,
                        (h->guest_addr >> 8) & 255, h->guest_addr & 255, h->guest_port);
            }
        }
        fprintf(f, "%s.ifname=%s\n%s.fd=%d\n%s.script=%s\n%s.downscript=%s\n%s.vnet_hdr=%d\n%s.vhost=%d\n", p,
                s_or_dash(n->ifname), p, n->fd, p, s_or_dash(n->script), p, s_or_dash(n->downscript), p,
                n->vnet_hdr, p, n->vhost);
        fprintf(f, "%s.br=%s\n%s.helper=%s\n%s.listen=%s\n%s.connect=%s\n%s.mcast=%s\n", p, s_or_dash(n->br), p,
                s_or_dash(n->helper), p, s_or_dash(n->listen), p, s_or_dash(n->connect), p, s_or_dash(n->mcast));
    }

    fprintf(f, "n_devices=%u\n", c->n_devices);
    for (unsigned i = 0; i < c->n_devices; i++) {
        fprintf(f, "device[%u].driver=%s\n", i, c->devices[i].driver);
        for (unsigned j = 0; j < c->devices[i].n_props; j++)
            fprintf(f, "device[%u].%s=%s\n", i, c->devices[i].props[j].key, c->devices[i].props[j].value);
    }
    fprintf(f, "has_gdb=%d\nlog_mask=0x%x\nlog_file=%s\n", c->has_gdb, c->log_mask, s_or_dash(c->log_file));
}

static Run run(const char *const *args)
{
    char *argv[RUN_ARGS + 2] = { (char *)"vireo" };
    FILE *out, *err, *dump;
    size_t n_out, n_err, n_dump;
    VireoConfig cfg;
    Run r = { 0 };
    int argc = 1;

    for (; args[argc - 1]; argc++) {
        ck_assert_int_lt(argc, RUN_ARGS + 1);
        argv[argc] = (char *)args[argc - 1];
    }
    out = open_memstream(&r.out, &n_out);
    err = open_memstream(&r.err, &n_err);
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(err);
    options_set_help_stream(out);
    error_set_stream(err);
    r.ret = options_parse(argc, argv, &cfg);
    options_set_help_stream(NULL);
    error_set_stream(NULL);
    fclose(out);
    fclose(err);
    if (r.ret == 0) {
        dump = open_memstream(&r.dump, &n_dump);
        ck_assert_ptr_nonnull(dump);
        dump_config(dump, &cfg);
        fclose(dump);
    }
    options_free(&cfg);
    return r;
}

static void run_free(Run *r)
{
    free(r->dump);
    free(r->out);
    free(r->err);
}

/* The dump holds this exact "key=value" line. */
static bool has_line(const char *dump, const char *line)
{
    size_t n = strlen(line);

    for (const char *p = dump; (p = strstr(p, line)); p++) {
        if (p[-1] == '\n' && p[n] == '\n')
            return true;
    }
    return false;
}

#define ARGS(...) { __VA_ARGS__, NULL }
#define EXPECT(...) { __VA_ARGS__, NULL }

/* ---------------------------------------------------------------------------
 * Well-formed command lines: every form of USER-SURFACE's system emulator. */

typedef struct ParseCase {
    const char *args[MAX_ARGS + 1];
    const char *expect[10];
} ParseCase;

static const ParseCase parse_cases[] = {
    /* Defaults */
    { ARGS(NULL), EXPECT("machine=pc", "ram_size=134217728", "cpu_model=qemu64", "accels=tcg",
                          "smp=1,sockets=1,cores=1,threads=1,maxcpus=1", "boot.order=cad", "keyboard=en-us",
                          "vga=std") },
    { ARGS(NULL), EXPECT("n_nics=1", "nic[0].model=e1000", "nic[0].mac=52:54:00:12:34:56", "nic[0].name=e1000.0",
                          "n_netdevs=1", "netdev[0].kind=user", "netdev[0].name=user.0", "netdev[0].vlan=0") },
    { ARGS(NULL), EXPECT("display=default", "vnc.kind=off", "n_serials=0", "n_monitors=0", "n_drives=0",
                          "uuid=", "rtc.base=utc", "has_gdb=0") },

    /* Standard options */
    { ARGS("-name", "myvm"), EXPECT("name=myvm") },
    { ARGS("-name", "guest=my vm,process=vm1,debug-threads=on"),
      EXPECT("name=my vm", "process_name=vm1", "debug_threads=1") },
    { ARGS("-name", "a,,b"), EXPECT("name=a,b") },
    { ARGS("-M", "pc"), EXPECT("machine=pc") },
    { ARGS("-machine", "pc,accel=kvm"), EXPECT("machine=pc", "accels=kvm") },
    { ARGS("-machine", "type=pc,accel=tcg"), EXPECT("accels=tcg") },
    { ARGS("-machine", "pc,accel=kvm:tcg"), EXPECT("accels=kvm,tcg") },
    { ARGS("-machine", "accel=kvm"), EXPECT("machine=pc", "accels=kvm") },
    { ARGS("-M", "pc-i440fx-7.2"), EXPECT("machine=pc") },
    { ARGS("-machine", "pc,kernel-irqchip=off"), EXPECT("kernel_irqchip=off") },
    { ARGS("-machine", "pc,usb=on"), EXPECT("usb=1") },
    { ARGS("-m", "512"), EXPECT("ram_size=536870912") },
    { ARGS("-m", "512M"), EXPECT("ram_size=536870912") },
    { ARGS("-m", "2G"), EXPECT("ram_size=2147483648") },
    { ARGS("-m", "1.5G"), EXPECT("ram_size=1610612736") },
    { ARGS("-m", "size=1024"), EXPECT("ram_size=1073741824") },
    { ARGS("-m", "1"), EXPECT("ram_size=1048576") },
    { ARGS("-cpu", "qemu64"), EXPECT("cpu_model=qemu64", "cpu_features=") },
    { ARGS("-cpu", "max"), EXPECT("cpu_model=max") },
    { ARGS("-cpu", "host", "-enable-kvm"), EXPECT("cpu_model=host", "accels=kvm") },
    { ARGS("-cpu", "qemu64,+ssse3,-nx"), EXPECT("cpu_features=+ssse3,-nx") },
    { ARGS("-cpu", "max,sse4.1=off,avx,x2apic=on"), EXPECT("cpu_features=-sse4.1,+avx,+x2apic") },
    { ARGS("-smp", "4"), EXPECT("smp=4,sockets=1,cores=4,threads=1,maxcpus=4") },
    { ARGS("-smp", "cpus=2"), EXPECT("smp=2,sockets=1,cores=2,threads=1,maxcpus=2") },
    { ARGS("-smp", "4,cores=2"), EXPECT("smp=4,sockets=2,cores=2,threads=1,maxcpus=4") },
    { ARGS("-smp", "4,sockets=2"), EXPECT("smp=4,sockets=2,cores=2,threads=1,maxcpus=4") },
    { ARGS("-smp", "4,threads=2"), EXPECT("smp=4,sockets=1,cores=2,threads=2,maxcpus=4") },
    { ARGS("-smp", "8,sockets=2,cores=2,threads=2"), EXPECT("smp=8,sockets=2,cores=2,threads=2,maxcpus=8") },
    { ARGS("-smp", "2,maxcpus=4"), EXPECT("smp=2,sockets=1,cores=4,threads=1,maxcpus=4") },
    { ARGS("-smp", "sockets=2,cores=3"), EXPECT("smp=6,sockets=2,cores=3,threads=1,maxcpus=6") },
    { ARGS("-smp", "255"), EXPECT("smp=255,sockets=1,cores=255,threads=1,maxcpus=255") },
    { ARGS("-uuid", "12345678-9abc-def0-1234-56789ABCDEF0"), EXPECT("uuid=123456789abcdef0123456789abcdef0") },
    { ARGS("-rtc", "base=utc"), EXPECT("rtc.base=utc") },
    { ARGS("-rtc", "base=localtime"), EXPECT("rtc.base=localtime") },
    { ARGS("-rtc", "base=2006-06-17"), EXPECT("rtc.base=date", "rtc.start=1150502400") },
    { ARGS("-rtc", "base=2006-06-17T16:01:21"), EXPECT("rtc.base=date", "rtc.start=1150560081") },
    { ARGS("-rtc", "base=utc,clock=vm,driftfix=slew"), EXPECT("rtc.clock=vm", "rtc.driftfix_slew=1") },
    { ARGS("-no-acpi", "-no-reboot", "-no-shutdown", "-S"),
      EXPECT("no_acpi=1", "no_reboot=1", "no_shutdown=1", "start_paused=1") },
    { ARGS("-accel", "kvm"), EXPECT("accels=kvm") },
    { ARGS("-accel", "tcg"), EXPECT("accels=tcg") },
    { ARGS("-accel", "kvm:tcg"), EXPECT("accels=kvm,tcg") },
    { ARGS("-accel", "accel=kvm"), EXPECT("accels=kvm") },
    { ARGS("-accel", "kvm", "-accel", "tcg"), EXPECT("accels=kvm,tcg") },
    { ARGS("-enable-kvm"), EXPECT("accels=kvm") },
    { ARGS("-accel", "kvm,kernel-irqchip=split"), EXPECT("kernel_irqchip=split") },
    { ARGS("-daemonize", "-pidfile", "/run/vm.pid"), EXPECT("daemonize=1", "pidfile=/run/vm.pid") },
    { ARGS("--m", "256", "--name", "x"), EXPECT("ram_size=268435456", "name=x") },
    { ARGS("--enable-kvm", "--no-acpi"), EXPECT("accels=kvm", "no_acpi=1") },

    /* Block devices */
    { ARGS("disk.img"), EXPECT("n_drives=1", "drive[0].file=disk.img", "drive[0].if=ide", "drive[0].bus=0",
                               "drive[0].unit=0", "drive[0].id=ide0-hd0", "drive[0].opt=-hda disk.img") },
    { ARGS("-m", "64", "disk.img"), EXPECT("drive[0].file=disk.img", "ram_size=67108864") },
    { ARGS("-hda", "a", "-hdb", "b", "-hdc", "c", "-hdd", "d"),
      EXPECT("drive[0].id=ide0-hd0", "drive[1].id=ide0-hd1", "drive[2].id=ide1-hd0", "drive[3].id=ide1-hd1",
             "drive[3].bus=1", "drive[3].unit=1", "drive[3].index=3") },
    { ARGS("-hda", "a,b.img"), EXPECT("drive[0].file=a,b.img") },
    { ARGS("-cdrom", "install.iso"), EXPECT("drive[0].media=cdrom", "drive[0].readonly=1", "drive[0].bus=1",
                                            "drive[0].unit=0", "drive[0].id=ide1-cd0") },
    { ARGS("-cdrom", ""), EXPECT("drive[0].file=-", "drive[0].media=cdrom") },
    { ARGS("-hda", "a", "-cdrom", "b"), EXPECT("n_drives=2", "drive[1].id=ide1-cd0") },
    { ARGS("-fda", "floppy.img", "-fdb", "f2.img"),
      EXPECT("drive[0].if=floppy", "drive[0].unit=0", "drive[0].id=floppy0", "drive[1].unit=1",
             "drive[1].id=floppy1") },
    { ARGS("-drive", "file=disk.qcow2"), EXPECT("drive[0].file=disk.qcow2", "drive[0].if=ide", "drive[0].index=-1",
                                                "drive[0].format=auto", "drive[0].cache=writeback") },
    { ARGS("-drive", "file=/nonexistent/disk.img"), EXPECT("drive[0].file=/nonexistent/disk.img") },
    { ARGS("-drive", "file=a,,b.img"), EXPECT("drive[0].file=a,b.img") },
    { ARGS("-drive", "file=a,,,,b,if=virtio"), EXPECT("drive[0].file=a,,b", "drive[0].if=virtio") },
    { ARGS("-drive", "file=x,if=virtio"), EXPECT("drive[0].if=virtio", "drive[0].id=virtio0") },
    { ARGS("-drive", "file=x,if=virtio", "-drive", "file=y,if=virtio"), EXPECT("drive[1].unit=1", "drive[1].id=virtio1") },
    { ARGS("-drive", "file=x,if=floppy"), EXPECT("drive[0].if=floppy", "drive[0].id=floppy0") },
    { ARGS("-drive", "file=x,if=none,id=disk0"), EXPECT("drive[0].if=none", "drive[0].id=disk0") },
    { ARGS("-drive", "file=x,if=none"), EXPECT("drive[0].id=none0") },
    { ARGS("-drive", "file=x,index=1"), EXPECT("drive[0].bus=0", "drive[0].unit=1", "drive[0].id=ide0-hd1") },
    { ARGS("-drive", "file=x,index=3"), EXPECT("drive[0].bus=1", "drive[0].unit=1") },
    { ARGS("-drive", "file=x,bus=1,unit=1"), EXPECT("drive[0].bus=1", "drive[0].unit=1") },
    { ARGS("-hda", "a", "-drive", "file=b"), EXPECT("drive[1].bus=0", "drive[1].unit=1") },
    { ARGS("-hda", "a", "-hdb", "b", "-drive", "file=c"), EXPECT("drive[2].bus=1", "drive[2].unit=0") },
    { ARGS("-drive", "file=x,media=cdrom"), EXPECT("drive[0].media=cdrom", "drive[0].readonly=1",
                                                  "drive[0].id=ide0-cd0") },
    { ARGS("-drive", "if=ide,media=cdrom"), EXPECT("drive[0].file=-", "drive[0].media=cdrom") },
    { ARGS("-drive", "file=x,media=disk"), EXPECT("drive[0].media=disk", "drive[0].readonly=0") },
    { ARGS("-drive", "file=x,format=raw"), EXPECT("drive[0].format=raw") },
    { ARGS("-drive", "file=x,format=qcow2"), EXPECT("drive[0].format=qcow2") },
    { ARGS("-drive", "file=x,cache=none"), EXPECT("drive[0].cache=none") },
    { ARGS("-drive", "file=x,cache=writeback"), EXPECT("drive[0].cache=writeback") },
    { ARGS("-drive", "file=x,cache=writethrough"), EXPECT("drive[0].cache=writethrough") },
    { ARGS("-drive", "file=x,cache=unsafe"), EXPECT("drive[0].cache=unsafe") },
    { ARGS("-drive", "file=x,cache=directsync"), EXPECT("drive[0].cache=directsync") },
    { ARGS("-drive", "file=x,snapshot=on"), EXPECT("drive[0].snapshot=1") },
    { ARGS("-drive", "file=x,snapshot=off"), EXPECT("drive[0].snapshot=0") },
    { ARGS("-drive", "file=x,readonly=on"), EXPECT("drive[0].readonly=1") },
    { ARGS("-drive", "file=x,readonly=off"), EXPECT("drive[0].readonly=0") },
    { ARGS("-drive", "file=x,readonly"), EXPECT("drive[0].readonly=1") },
    { ARGS("-drive", "file=x,read-only=yes"), EXPECT("drive[0].readonly=1") },
    { ARGS("-drive", "file=x,snapshot=true"), EXPECT("drive[0].snapshot=1") },
    { ARGS("-drive", "file=x,id=root"), EXPECT("drive[0].id=root", "drive[0].opt=-drive file=x,id=root") },
    { ARGS("-snapshot", "-hda", "a"), EXPECT("snapshot=1", "drive[0].snapshot=1") },
    { ARGS("-hda", "a", "-snapshot"), EXPECT("drive[0].snapshot=1") },
    { ARGS("-drive", "file=a,snapshot=off", "-snapshot"), EXPECT("drive[0].snapshot=0") },
    { ARGS("-boot", "order=dc"), EXPECT("boot.order=dc") },
    { ARGS("-boot", "d"), EXPECT("boot.order=d") },
    { ARGS("-boot", "once=d"), EXPECT("boot.order=cad", "boot.once=d") },
    { ARGS("-boot", "order=c,once=d,menu=on"), EXPECT("boot.order=c", "boot.once=d", "boot.menu=1") },
    { ARGS("-boot", "menu=off"), EXPECT("boot.menu=0") },
    { ARGS("-boot", "n"), EXPECT("boot.order=n") },
    { ARGS("-boot", "order=nop"), EXPECT("boot.order=nop") },

    /* Direct Linux boot */
    { ARGS("-kernel", "bzImage", "-initrd", "initrd.gz", "-append", "console=ttyS0 root=/dev/sda"),
      EXPECT("kernel=bzImage", "initrd=initrd.gz", "append=console=ttyS0 root=/dev/sda") },
    { ARGS("-kernel", "bzImage", "-append", ""), EXPECT("append=") },
    { ARGS("-bios", "bios.bin"), EXPECT("bios=bios.bin") },

    /* Display and console */
    { ARGS("-nographic"), EXPECT("nographic=1", "display=none", "n_serials=1", "serial[0].kind=stdio",
                                 "serial[0].mux=1", "n_monitors=0") },
    { ARGS("-nographic", "-serial", "pty"), EXPECT("serial[0].kind=pty", "n_monitors=1", "monitor[0].kind=stdio") },
    { ARGS("-nographic", "-monitor", "none"), EXPECT("serial[0].kind=stdio", "serial[0].mux=0", "n_monitors=0") },
    { ARGS("-nographic", "-serial", "mon:stdio"), EXPECT("n_serials=1", "serial[0].mux=1", "n_monitors=0") },
    /* QEMU 7.2: -nodefaults leaves -nographic nothing to put on stdio; -qmp replaces the default HMP. */
    { ARGS("-nographic", "-nodefaults"), EXPECT("nographic=1", "n_serials=0", "n_monitors=0") },
    { ARGS("-nographic", "-qmp", "unix:/tmp/q,server=on,wait=off"),
      EXPECT("n_serials=1", "serial[0].kind=stdio", "serial[0].mux=0", "n_monitors=1") },
    { ARGS("-nographic", "-nodefaults", "-daemonize"), EXPECT("n_serials=0", "n_monitors=0") },
    { ARGS("-display", "sdl"), EXPECT("display=sdl") },
    { ARGS("-display", "curses"), EXPECT("display=curses") },
    { ARGS("-display", "none"), EXPECT("display=none") },
    { ARGS("-display", "type=sdl"), EXPECT("display=sdl") },
    { ARGS("-display", "vnc=:1"), EXPECT("display=none", "vnc.kind=tcp", "vnc.port=5901") },
    { ARGS("-display", "vnc=:2,password=on"), EXPECT("vnc.port=5902", "vnc.password=1") },
    { ARGS("-sdl"), EXPECT("display=sdl") },
    { ARGS("-curses"), EXPECT("display=curses") },
    { ARGS("-vnc", ":1"), EXPECT("vnc.kind=tcp", "vnc.host=127.0.0.1", "vnc.display=1", "vnc.port=5901",
                                 "display=none", "vnc.password=0", "vnc.websocket_port=-1") },
    { ARGS("-vnc", "0.0.0.0:0"), EXPECT("vnc.host=0.0.0.0", "vnc.port=5900") },
    { ARGS("-vnc", "myhost:3"), EXPECT("vnc.host=myhost", "vnc.display=3", "vnc.port=5903") },
    { ARGS("-vnc", "[::1]:1"), EXPECT("vnc.host=::1", "vnc.port=5901") },
    { ARGS("-vnc", "unix:/tmp/vnc.sock"), EXPECT("vnc.kind=unix", "vnc.path=/tmp/vnc.sock") },
    { ARGS("-vnc", "none"), EXPECT("vnc.kind=none", "display=none") },
    { ARGS("-vnc", ":1,password=on"), EXPECT("vnc.password=1") },
    { ARGS("-vnc", ":1,password"), EXPECT("vnc.password=1") },
    { ARGS("-vnc", "client:5500,reverse=on"), EXPECT("vnc.reverse=1", "vnc.port=5500", "vnc.host=client") },
    { ARGS("-vnc", ":1,websocket=5701"), EXPECT("vnc.websocket_port=5701") },
    { ARGS("-vnc", ":1,websocket=on"), EXPECT("vnc.websocket_port=5701") },
    { ARGS("-vnc", ":1,websocket=0.0.0.0:6080"), EXPECT("vnc.websocket_host=0.0.0.0", "vnc.websocket_port=6080") },
    { ARGS("-vnc", ":1", "-display", "sdl"), EXPECT("display=sdl", "vnc.kind=tcp") },
    { ARGS("-k", "de"), EXPECT("keyboard=de") },
    { ARGS("-k", "en-gb"), EXPECT("keyboard=en-gb") },
    { ARGS("-vga", "std"), EXPECT("vga=std") },
    { ARGS("-vga", "cirrus"), EXPECT("vga=cirrus") },
    { ARGS("-vga", "none"), EXPECT("vga=none") },
    { ARGS("-alt-grab", "-ctrl-grab"), EXPECT("alt_grab=1", "ctrl_grab=1") },
    { ARGS("-serial", "stdio"), EXPECT("n_serials=1", "serial[0].kind=stdio", "serial[0].mux=0") },
    { ARGS("-serial", "pty"), EXPECT("serial[0].kind=pty") },
    { ARGS("-serial", "null"), EXPECT("serial[0].kind=null") },
    { ARGS("-serial", "none"), EXPECT("n_serials=0") },
    { ARGS("-serial", "none", "-serial", "pty"), EXPECT("n_serials=1", "serial[0].kind=pty") },
    { ARGS("-serial", "file:/tmp/com1.log"), EXPECT("serial[0].kind=file", "serial[0].path=/tmp/com1.log") },
    { ARGS("-serial", "pipe:/tmp/fifo"), EXPECT("serial[0].kind=pipe", "serial[0].path=/tmp/fifo") },
    { ARGS("-serial", "tcp:localhost:4444"), EXPECT("serial[0].kind=tcp", "serial[0].host=localhost",
                                                     "serial[0].port=4444", "serial[0].server=0") },
    { ARGS("-serial", "tcp::4444,server=on,wait=off"),
      EXPECT("serial[0].host=-", "serial[0].port=4444", "serial[0].server=1", "serial[0].wait=0") },
    { ARGS("-serial", "tcp::4444,server,nowait"), EXPECT("serial[0].server=1", "serial[0].wait=0") },
    { ARGS("-serial", "tcp::4444,server"), EXPECT("serial[0].server=1", "serial[0].wait=1") },
    { ARGS("-serial", "tcp:10.0.0.1:4444,nodelay=on,reconnect=5"),
      EXPECT("serial[0].nodelay=1", "serial[0].reconnect=5") },
    { ARGS("-serial", "telnet::4445,server=on,wait=off"), EXPECT("serial[0].kind=telnet", "serial[0].port=4445") },
    { ARGS("-serial", "unix:/tmp/s.sock,server=on"),
      EXPECT("serial[0].kind=unix", "serial[0].path=/tmp/s.sock", "serial[0].server=1") },
    { ARGS("-serial", "unix:/tmp/a,,b"), EXPECT("serial[0].path=/tmp/a,b") },
    { ARGS("-serial", "udp:192.168.0.2:4555@:4556"),
      EXPECT("serial[0].kind=udp", "serial[0].host=192.168.0.2", "serial[0].port=4555", "serial[0].local_port=4556") },
    { ARGS("-serial", "mon:stdio"), EXPECT("serial[0].kind=stdio", "serial[0].mux=1") },
    { ARGS("-serial", "mon:telnet::4444,server,nowait"), EXPECT("serial[0].kind=telnet", "serial[0].mux=1") },
    { ARGS("-serial", "pty", "-serial", "null", "-serial", "file:x", "-serial", "stdio"),
      EXPECT("n_serials=4", "serial[3].kind=stdio") },
    { ARGS("-monitor", "stdio"), EXPECT("n_monitors=1", "monitor[0].kind=stdio", "monitor[0].qmp=0") },
    { ARGS("-monitor", "telnet:127.0.0.1:5555,server,nowait"),
      EXPECT("monitor[0].kind=telnet", "monitor[0].host=127.0.0.1", "monitor[0].port=5555") },
    { ARGS("-monitor", "none"), EXPECT("n_monitors=0") },
    { ARGS("-qmp", "unix:/tmp/qmp.sock,server=on,wait=off"),
      EXPECT("monitor[0].kind=unix", "monitor[0].qmp=1", "monitor[0].server=1", "monitor[0].wait=0") },
    { ARGS("-qmp", "tcp:localhost:4444,server,nowait", "-monitor", "stdio"),
      EXPECT("n_monitors=2", "monitor[0].qmp=1", "monitor[1].qmp=0") },
    { ARGS("-chardev", "socket,id=mon0,path=/tmp/m,server=on,wait=off", "-mon", "chardev=mon0,mode=control"),
      EXPECT("chardev[0].kind=unix", "chardev[0].id=mon0", "monitor[0].kind=chardev", "monitor[0].id=mon0",
             "monitor[0].qmp=1") },
    { ARGS("-chardev", "socket,id=s0,host=127.0.0.1,port=4444,server=on,telnet=on", "-serial", "chardev:s0"),
      EXPECT("chardev[0].kind=telnet", "chardev[0].port=4444", "serial[0].kind=chardev", "serial[0].id=s0") },
    { ARGS("-chardev", "stdio,id=c0,mux=on", "-serial", "chardev:c0", "-mon", "c0"),
      EXPECT("chardev[0].kind=stdio", "chardev[0].mux=1", "monitor[0].qmp=0") },
    { ARGS("-chardev", "file,id=f0,path=/tmp/log"), EXPECT("chardev[0].kind=file", "chardev[0].path=/tmp/log") },
    { ARGS("-chardev", "pty,id=p0,logfile=/tmp/pty.log"), EXPECT("chardev[0].kind=pty", "chardev[0].logfile=/tmp/pty.log") },
    { ARGS("-chardev", "null,id=n0"), EXPECT("chardev[0].kind=null") },
    { ARGS("-chardev", "udp,id=u0,port=4555,localport=4556"), EXPECT("chardev[0].kind=udp", "chardev[0].local_port=4556") },
    { ARGS("-usb"), EXPECT("usb=1") },
    { ARGS("-usbdevice", "tablet"), EXPECT("usb=1", "n_usbdevices=1", "usbdevice[0]=tablet") },
    { ARGS("-usb", "-usbdevice", "tablet", "-usbdevice", "keyboard"), EXPECT("usbdevice[1]=keyboard") },

    /* Network */
    { ARGS("-net", "nic"), EXPECT("n_nics=1", "nic[0].model=e1000", "nic[0].vlan=0", "n_netdevs=0") },
    { ARGS("-net", "nic,model=virtio"), EXPECT("nic[0].model=virtio-net-pci", "nic[0].name=virtio-net-pci.0") },
    { ARGS("-net", "nic,model=e1000"), EXPECT("nic[0].model=e1000") },
    { ARGS("-net", "nic,model=rtl8139"), EXPECT("nic[0].model=rtl8139") },
    { ARGS("-net", "nic,model=ne2k_pci"), EXPECT("nic[0].model=ne2k_pci") },
    { ARGS("-net", "nic,model=pcnet"), EXPECT("nic[0].model=pcnet") },
    { ARGS("-net", "nic,model=i82551"), EXPECT("nic[0].model=i82551") },
    { ARGS("-net", "nic,macaddr=52:54:00:ab:cd:ef"), EXPECT("nic[0].mac=52:54:00:ab:cd:ef") },
    { ARGS("-net", "nic", "-net", "nic,macaddr=52:54:00:00:00:01", "-net", "nic"),
      EXPECT("nic[0].mac=52:54:00:12:34:56", "nic[1].mac=52:54:00:00:00:01", "nic[2].mac=52:54:00:12:34:57",
             "nic[2].name=e1000.2") },
    { ARGS("-net", "nic,vlan=1,name=lan"), EXPECT("nic[0].vlan=1", "nic[0].name=lan") },
    { ARGS("-net", "nic", "-net", "user"), EXPECT("n_nics=1", "n_netdevs=1", "netdev[0].kind=user",
                                                  "netdev[0].net=10.0.2.0", "netdev[0].mask=255.255.255.0",
                                                  "netdev[0].host=10.0.2.2", "netdev[0].dns=10.0.2.3",
                                                  "netdev[0].dhcpstart=10.0.2.15") },
    { ARGS("-net", "user,net=192.168.76.0/24"),
      EXPECT("netdev[0].net=192.168.76.0", "netdev[0].host=192.168.76.2", "netdev[0].dhcpstart=192.168.76.15") },
    { ARGS("-net", "user,net=10.1.0.0/255.255.0.0,host=10.1.0.1,dhcpstart=10.1.0.100,dns=10.1.0.53"),
      EXPECT("netdev[0].mask=255.255.0.0", "netdev[0].host=10.1.0.1", "netdev[0].dhcpstart=10.1.0.100",
             "netdev[0].dns=10.1.0.53") },
    { ARGS("-net", "user,net=10.0.0.0"), EXPECT("netdev[0].mask=255.0.0.0") },
    { ARGS("-net", "user,tftp=/srv/tftp,bootfile=pxelinux.0"),
      EXPECT("netdev[0].tftp=/srv/tftp", "netdev[0].bootfile=pxelinux.0") },
    { ARGS("-net", "user,hostfwd=tcp::2222-:22"), EXPECT("netdev[0].hostfwd[0]=tcp:0.0.0.0:2222-10.0.2.15:22") },
    { ARGS("-net", "user,hostfwd=tcp::2222-:22,hostfwd=udp:127.0.0.1:5353-10.0.2.20:53"),
      EXPECT("netdev[0].hostfwd[1]=udp:127.0.0.1:5353-10.0.2.20:53") },
    { ARGS("-net", "user,hostfwd=:127.0.0.1:8080-:80"), EXPECT("netdev[0].hostfwd[0]=tcp:127.0.0.1:8080-10.0.2.15:80") },
    { ARGS("-net", "user,restrict=on"), EXPECT("netdev[0].restrict=1") },
    { ARGS("-net", "user,vlan=2,name=slirp"), EXPECT("netdev[0].vlan=2", "netdev[0].name=slirp") },
    { ARGS("-net", "tap"), EXPECT("netdev[0].kind=tap", "netdev[0].script=/etc/qemu-ifup",
                                  "netdev[0].downscript=/etc/qemu-ifdown", "netdev[0].fd=-1",
                                  "netdev[0].vnet_hdr=-1", "netdev[0].vhost=0", "netdev[0].name=tap.0") },
    { ARGS("-net", "tap,ifname=tap0,script=no,downscript=no"),
      EXPECT("netdev[0].ifname=tap0", "netdev[0].script=-", "netdev[0].downscript=-") },
    { ARGS("-net", "tap,script=/etc/my-ifup,downscript=/etc/my-ifdown"),
      EXPECT("netdev[0].script=/etc/my-ifup", "netdev[0].downscript=/etc/my-ifdown") },
    { ARGS("-net", "tap,fd=5"), EXPECT("netdev[0].fd=5", "netdev[0].script=-") },
    { ARGS("-net", "tap,vnet_hdr=on,vhost=on"), EXPECT("netdev[0].vnet_hdr=1", "netdev[0].vhost=1") },
    { ARGS("-net", "tap,vnet_hdr=off"), EXPECT("netdev[0].vnet_hdr=0") },
    { ARGS("-net", "none"), EXPECT("n_nics=0", "n_netdevs=0") },
    { ARGS("-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0"),
      EXPECT("n_nics=0", "netdev[0].id=n0", "netdev[0].name=n0", "netdev[0].vlan=-1",
             "device[0].driver=virtio-net-pci", "device[0].netdev=n0") },
    { ARGS("-netdev", "tap,id=t0,ifname=tap0,script=no,vhost=on", "-device", "e1000,netdev=t0,mac=52:54:00:01:02:03"),
      EXPECT("netdev[0].kind=tap", "netdev[0].vhost=1", "device[0].mac=52:54:00:01:02:03") },
    { ARGS("-netdev", "bridge,id=b0,br=virbr0"), EXPECT("netdev[0].kind=bridge", "netdev[0].br=virbr0") },
    { ARGS("-netdev", "socket,id=s0,listen=:1234"), EXPECT("netdev[0].kind=socket", "netdev[0].listen=:1234") },
    { ARGS("-netdev", "user,id=n0", "-net", "nic,netdev=n0"), EXPECT("nic[0].netdev=n0", "nic[0].vlan=-1") },
    { ARGS("-nic", "user"), EXPECT("n_nics=1", "nic[0].model=e1000", "nic[0].netdev=__org.qemu.nic0",
                                   "netdev[0].id=__org.qemu.nic0", "netdev[0].kind=user") },
    { ARGS("-nic", "user,model=virtio,mac=52:54:00:11:22:33,hostfwd=tcp::2222-:22"),
      EXPECT("nic[0].model=virtio-net-pci", "nic[0].mac=52:54:00:11:22:33",
             "netdev[0].hostfwd[0]=tcp:0.0.0.0:2222-10.0.2.15:22") },
    { ARGS("-nic", "tap,ifname=tap1", "-nic", "user"), EXPECT("netdev[1].id=__org.qemu.nic1", "nic[1].mac=52:54:00:12:34:57") },
    { ARGS("-nic", "none"), EXPECT("n_nics=0", "n_netdevs=0") },

    /* Other devices */
    { ARGS("-device", "virtio-rng-pci"), EXPECT("n_devices=1", "device[0].driver=virtio-rng-pci") },
    { ARGS("-device", "virtio-serial"), EXPECT("device[0].driver=virtio-serial-pci") },
    { ARGS("-device", "driver=usb-tablet"), EXPECT("device[0].driver=usb-tablet") },
    { ARGS("-device", "VGA,vgamem_mb=32"), EXPECT("device[0].driver=VGA", "device[0].vgamem_mb=32") },
    { ARGS("-drive", "if=none,id=d0,file=x", "-device", "ide-hd,drive=d0,bus=ide.0,unit=0"),
      EXPECT("device[0].drive=d0", "device[0].bus=ide.0") },
    { ARGS("-chardev", "pty,id=c1", "-device", "virtio-serial", "-device", "virtconsole,chardev=c1"),
      EXPECT("device[1].driver=virtconsole", "device[1].chardev=c1") },
    { ARGS("-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"), EXPECT("device[0].iobase=0xf4") },

    /* Debugging */
    { ARGS("-d", "in_asm,op,out_asm,int,exec,cpu"), EXPECT("log_mask=0x3f") },
    { ARGS("-d", "int", "-D", "/tmp/vireo.log"), EXPECT("log_mask=0x8", "log_file=/tmp/vireo.log") },
};

START_TEST(test_parse)
{
    const ParseCase *c = &parse_cases[_i];
    Run r = run(c->args);

    ck_assert_msg(r.ret == 0, "vector %d (%s ...): ret %d, message: %s", _i, c->args[0] ? c->args[0] : "",
                  r.ret, r.err);
    ck_assert_str_eq(r.err, "");
    ck_assert_str_eq(r.out, "");
    for (int i = 0; c->expect[i]; i++)
        ck_assert_msg(has_line(r.dump, c->expect[i]), "vector %d: no line '%s' in%s", _i, c->expect[i], r.dump);
    run_free(&r);
}
END_TEST

/* ---------------------------------------------------------------------------
 * Informational options: OPTIONS_EXIT_OK, their text on the help stream. */

typedef struct HelpCase {
    const char *args[8];
    const char *out[7];     /* substrings of the output */
} HelpCase;

static const HelpCase help_cases[] = {
    { ARGS("-h"), EXPECT("usage: vireo [options] [disk_image]", "\nStandard options:\n",
                         "\n-h or -help     display this help and exit\n", "\n-m [size=]megs  configure guest RAM",
                         "\nBlock device options:\n-fda/-fdb file  use 'file' as floppy disk 0/1 image\n") },
    { ARGS("-help"), EXPECT("\n-cdrom file     use 'file' as CD-ROM image", "\nNetwork options:\n",
                            "\n-soundhw c1,...", "(not supported yet)") },
    { ARGS("--help"), EXPECT("usage: vireo") },
    { ARGS("-h", "-frobnicate"), EXPECT("usage: vireo") },
    { ARGS("-version"), EXPECT("Vireo emulator version 0.1.0\n") },
    { ARGS("--version"), EXPECT("Vireo emulator version ") },
    { ARGS("-M", "help"), EXPECT("Supported machines are:\n",
                                 "\npc                   Standard PC (i440FX + PIIX, 1996) (default)\n") },
    { ARGS("-machine", "help"), EXPECT("Standard PC (i440FX + PIIX, 1996) (default)") },
    { ARGS("-machine", "?"), EXPECT("Supported machines are:") },
    { ARGS("-cpu", "help"), EXPECT("Available CPUs:\n", "\nx86 qemu64  ", "\nx86 max  ", "\nx86 host  ") },
    { ARGS("-cpu", "?"), EXPECT("x86 qemu64") },
    { ARGS("-device", "help"), EXPECT("Network devices:\n", "name \"e1000\", bus PCI",
                                      "name \"virtio-rng-pci\", bus PCI, alias \"virtio-rng\"",
                                      "name \"virtio-balloon-pci\", bus PCI, alias \"virtio-balloon\", desc \"(not supported yet)\"",
                                      "name \"usb-tablet\", bus usb-bus") },
    { ARGS("-device", "?"), EXPECT("Storage devices:\n", "name \"ide-hd\", bus IDE") },
    { ARGS("-net", "nic,model=help"), EXPECT("Supported NIC models:\ne1000\ni82551\nne2k_pci\npcnet\nrtl8139\n"
                                             "virtio-net-pci\n") },
    { ARGS("-net", "nic,model=?"), EXPECT("Supported NIC models:\n", "\nrtl8139\n") },
    { ARGS("-nic", "user,model=help"), EXPECT("Supported NIC models:\n") },
    { ARGS("-net", "help"), EXPECT("Available netdev backend types:\n", "\ntap\n") },
    { ARGS("-netdev", "help"), EXPECT("\nuser\n", "\nbridge\n") },
    { ARGS("-d", "help"), EXPECT("Log items (comma separated):\n", "\nin_asm ", "\nexec ") },
    { ARGS("-vga", "help"), EXPECT("\nstd                  standard VGA (default)\n", "cirrus", "qxl",
                                   "(not supported yet)") },
    { ARGS("-soundhw", "help"), EXPECT("Valid sound card names (comma separated):\n", "\nac97 ", "\nhda ") },
    { ARGS("-display", "help"), EXPECT("Available display backend types:\n", "\nnone\n", "\nsdl\n", "\ncurses\n") },
    { ARGS("-accel", "help"), EXPECT("\ntcg\nkvm\n") },
    { ARGS("-machine", "pc,accel=help"), EXPECT("\ntcg\nkvm\n") },
    { ARGS("-chardev", "help"), EXPECT("Available chardev backend types:\n", "  socket\n") },
    { ARGS("-drive", "format=help"), EXPECT("Supported formats: qcow2 raw\n") },
    { ARGS("-k", "help"), EXPECT("\nen-us\n", "\nfr\n") },
    { ARGS("-m", "1G", "-M", "help", "-m", "abc"), EXPECT("Supported machines are:") },
};

START_TEST(test_help)
{
    const HelpCase *c = &help_cases[_i];
    Run r = run(c->args);

    ck_assert_msg(r.ret == OPTIONS_EXIT_OK, "vector %d (%s): ret %d, message: %s", _i, c->args[0], r.ret, r.err);
    ck_assert_str_eq(r.err, "");
    for (int i = 0; c->out[i]; i++)
        ck_assert_msg(strstr(r.out, c->out[i]), "vector %d: '%s' not in output:\n%s", _i, c->out[i], r.out);
    run_free(&r);
}
END_TEST

/* -h lists every option with a synopsis, each on its own line start. */
START_TEST(test_help_lists_options)
{
    static const char *const opts[] = {
        "-version", "-machine ", "-cpu ", "-accel ", "-enable-kvm", "-smp ", "-m ", "-k ", "-device ", "-name ",
        "-uuid ", "-no-acpi", "-hdc/-hdd ", "-drive ", "-snapshot", "-boot ", "-usb ", "-usbdevice ", "-display ",
        "-nographic", "-sdl", "-curses", "-vga ", "-vnc ", "-alt-grab", "-ctrl-grab", "-net nic", "-net user",
        "-netdev user", "-netdev tap", "-nic ", "-chardev ", "-serial ", "-monitor ", "-qmp ", "-mon ", "-kernel ",
        "-append ", "-initrd ", "-bios ", "-rtc ", "-S ", "-no-reboot", "-no-shutdown", "-daemonize", "-pidfile ",
        "-incoming ", "-loadvm ", "-gdb ", "-s ", "-d ", "-D ", "-balloon ",
    };
    Run r = run((const char *[]){ "-h", NULL });
    char line[64];

    ck_assert_int_eq(r.ret, OPTIONS_EXIT_OK);
    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
        snprintf(line, sizeof(line), "\n%s", opts[i]);
        ck_assert_msg(strstr(r.out, line), "-h does not list %s", opts[i]);
    }
    run_free(&r);
}
END_TEST

/* ---------------------------------------------------------------------------
 * Malformed command lines: a negative errno and one line naming the option. */

typedef struct ErrorCase {
    const char *args[MAX_ARGS + 1];
    const char *opt;        /* the option the message must name */
    const char *message;    /* and a part of what it says */
    int err;                /* the errno, when it matters (0: any negative) */
} ErrorCase;

static const ErrorCase error_cases[] = {
    /* The walk */
    { ARGS("-frobnicate"), "-frobnicate", "vireo: -frobnicate: invalid option" },
    { ARGS("--frobnicate"), "-frobnicate", "invalid option" },
    { ARGS("-m"), "-m", "vireo: -m: requires an argument" },
    { ARGS("-hda", "a", "-drive"), "-drive", "-drive: requires an argument" },
    { ARGS("-cpu=max"), "-cpu=max", "invalid option" },

    /* Standard options */
    { ARGS("-m", "abc"), "-m abc", "Parameter 'size' does not accept value 'abc'" },
    { ARGS("-m", "0"), "-m 0", "greater than zero" },
    { ARGS("-m", "-1"), "-m -1", "Parameter 'size' does not accept value '-1'" },
    { ARGS("-m", "2T"), "-m 2T", "at most 1T" },
    { ARGS("-m", "16E"), "-m 16E", "does not accept value" },
    { ARGS("-m", "512,slots=2"), "-m 512,slots=2", "Invalid parameter 'slots'" },
    { ARGS("-m", "12X"), "-m 12X", "does not accept value '12X'" },
    { ARGS("-smp", "0"), "-smp 0", "Invalid CPU topology: 'cpus' must be greater than zero" },
    { ARGS("-smp", "abc"), "-smp abc", "Parameter 'cpus' does not accept value 'abc'" },
    { ARGS("-smp", "4,cores=0"), "-smp 4,cores=0", "'cores' must be greater than zero" },
    { ARGS("-smp", "4,cores=3"), "-smp 4,cores=3", "product of the hierarchy must match maxcpus" },
    { ARGS("-smp", "8,maxcpus=4"), "-smp 8,maxcpus=4", "maxcpus must be equal to or greater than smp" },
    { ARGS("-smp", "4,sockets=2,cores=2,threads=2"), "-smp", "!= maxcpus (4)" },
    { ARGS("-smp", "300"), "-smp 300", "The max CPUs supported by machine 'pc' is 255" },
    { ARGS("-smp", "70000"), "-smp 70000", "at most 65535" },
    { ARGS("-smp", "4,dies=2"), "-smp 4,dies=2", "Invalid parameter 'dies'" },
    { ARGS("-M", "nosuchmachine"), "-M nosuchmachine", "unsupported machine type 'nosuchmachine'" },
    { ARGS("-machine", "q35"), "-machine q35", "unsupported machine type" },
    { ARGS("-machine", "pc,bogus=1"), "-machine pc,bogus=1", "Invalid parameter 'bogus'" },
    { ARGS("-machine", "pc,accel=xen"), "-machine pc,accel=xen", "invalid accelerator xen" },
    { ARGS("-machine", "pc,usb=maybe"), "-machine", "Parameter 'usb' does not accept value 'maybe'" },
    { ARGS("-machine", "pc,kernel-irqchip=half"), "-machine", "Parameter 'kernel-irqchip'" },
    { ARGS("-cpu", "nosuch"), "-cpu nosuch", "unable to find CPU model 'nosuch'" },
    { ARGS("-cpu", "qemu64,x=maybe"), "-cpu qemu64,x=maybe", "Parameter 'x' does not accept value 'maybe'" },
    { ARGS("-cpu", "qemu64,+"), "-cpu qemu64,+", "invalid CPU feature name ''" },
    { ARGS("-cpu", "qemu64,+a b"), "-cpu", "invalid CPU feature name 'a b'" },
    { ARGS("-cpu", "host"), "-cpu host", "requires KVM" },
    { ARGS("-accel", "foo"), "-accel foo", "invalid accelerator foo" },
    { ARGS("-accel", "kvm:hvf"), "-accel kvm:hvf", "invalid accelerator hvf" },
    { ARGS("-accel", "kvm", "-machine", "accel=tcg"), "-machine accel=tcg", "are incompatible" },
    { ARGS("-machine", "accel=tcg", "-enable-kvm"), "-enable-kvm", "are incompatible" },
    { ARGS("-uuid", "foo"), "-uuid foo", "failed to parse UUID string" },
    { ARGS("-uuid", "12345678-1234-1234-1234-1234567890a"), "-uuid", "failed to parse UUID string" },
    { ARGS("-uuid", "12345678x1234-1234-1234-1234567890ab"), "-uuid", "failed to parse UUID string" },
    { ARGS("-uuid", "g2345678-1234-1234-1234-1234567890ab"), "-uuid", "failed to parse UUID string" },
    { ARGS("-rtc", "base=foo"), "-rtc base=foo", "Parameter 'base' does not accept value 'foo'" },
    { ARGS("-rtc", "base=2006-13-01"), "-rtc", "'2006-13-01'" },
    { ARGS("-rtc", "base=2006-06-17T25:00:00"), "-rtc", "does not accept value" },
    { ARGS("-rtc", "clock=wall"), "-rtc clock=wall", "Parameter 'clock' does not accept value 'wall'" },
    { ARGS("-name", "foo,bogus=1"), "-name foo,bogus=1", "Invalid parameter 'bogus'" },
    { ARGS("-name", "foo,debug-threads=2"), "-name", "Parameter 'debug-threads'" },
    { ARGS("-k", "xx"), "-k xx", "unknown keyboard layout 'xx'" },

    /* Block devices */
    { ARGS("-hdc", "a", "-cdrom", "b"), "-cdrom b", "vireo: -cdrom b: drive with bus=1, unit=0 (index=2) exists" },
    { ARGS("-cdrom", "b", "-hdc", "a"), "-hdc a", "drive with bus=1, unit=0 (index=2) exists" },
    { ARGS("-hda", "a", "-hda", "b"), "-hda b", "drive with bus=0, unit=0 (index=0) exists" },
    { ARGS("a.img", "b.img"), "b.img", "drive with bus=0, unit=0 (index=0) exists" },
    { ARGS("-fda", "a", "-drive", "file=b,if=floppy,index=0"), "-drive", "drive with bus=0, unit=0 (index=0) exists" },
    { ARGS("-hda", "a", "-hdb", "b", "-hdc", "c", "-hdd", "d", "-drive", "file=e"), "-drive file=e",
      "machine type does not support if=ide,bus=2,unit=0" },
    { ARGS("-drive", "file=x,bogus=1"), "-drive file=x,bogus=1", "vireo: -drive file=x,bogus=1: Invalid parameter 'bogus'" },
    { ARGS("-drive", "file=x,if=scsi"), "-drive file=x,if=scsi", "Parameter 'if' does not accept value 'scsi'" },
    { ARGS("-drive", "file=x,media=tape"), "-drive", "Parameter 'media' does not accept value 'tape'" },
    { ARGS("-drive", "file=x,cache=fast"), "-drive", "Parameter 'cache' does not accept value 'fast'" },
    { ARGS("-drive", "file=x,format=vmdk"), "-drive", "Parameter 'format' does not accept value 'vmdk'" },
    { ARGS("-drive", "file=x,snapshot=maybe"), "-drive", "Parameter 'snapshot' does not accept value 'maybe'" },
    { ARGS("-drive", "file=x,readonly=2"), "-drive", "Parameter 'readonly' does not accept value '2'" },
    { ARGS("-drive", "file=x,index=abc"), "-drive", "Parameter 'index' does not accept value 'abc'" },
    { ARGS("-drive", "file=x,index=-1"), "-drive", "Parameter 'index' does not accept value '-1'" },
    { ARGS("-drive", "file=x,index=4"), "-drive file=x,index=4", "machine type does not support if=ide,bus=2,unit=0" },
    { ARGS("-drive", "file=x,index=99"), "-drive", "machine type does not support if=ide,bus=49,unit=1" },
    { ARGS("-drive", "file=x,index=99999999"), "-drive", "Parameter 'index' does not accept value '99999999'" },
    { ARGS("-drive", "file=x,if=floppy,index=2"), "-drive", "machine type does not support if=floppy,bus=0,unit=2" },
    { ARGS("-drive", "file=x,if=virtio,bus=1"), "-drive", "machine type does not support if=virtio,bus=1,unit=0" },
    { ARGS("-drive", "file=x,index=1,unit=1"), "-drive", "index cannot be used with bus and unit" },
    { ARGS("-drive", "file=x,unit=2"), "-drive", "unit 2 too big (max is 1)" },
    { ARGS("-drive", "if=virtio"), "-drive if=virtio", "Device needs media, but drive is empty" },
    { ARGS("-drive", "file=x,id=0bad"), "-drive", "Parameter 'id' does not accept value '0bad'" },
    { ARGS("-drive", "file=x,id=d", "-drive", "file=y,id=d"), "-drive file=y,id=d", "Duplicate ID 'd' for drive" },
    { ARGS("-drive", "file"), "-drive file", "Expected '=' after parameter 'file'" },
    { ARGS("-drive", "disk.img"), "-drive disk.img", "Invalid parameter 'disk.img'" },
    { ARGS("-boot", "order=z"), "-boot order=z", "Invalid boot device 'z'" },
    { ARGS("-boot", "e"), "-boot e", "Invalid boot device 'e'" },
    { ARGS("-boot", "dcd"), "-boot dcd", "Boot device 'd' was given twice" },
    { ARGS("-boot", "once=x"), "-boot once=x", "Invalid boot device 'x'" },
    { ARGS("-boot", "order=abcd"), "-boot", "at most 3 boot devices" },
    { ARGS("-boot", "menu=maybe"), "-boot menu=maybe", "Parameter 'menu' does not accept value 'maybe'" },
    { ARGS("-boot", "order=c,splash=x"), "-boot", "Invalid parameter 'splash'" },
    { ARGS("-initrd", "initrd.gz"), "-initrd", "-initrd only allowed with -kernel option" },
    { ARGS("-append", "console=ttyS0"), "-append", "-append only allowed with -kernel option" },

    /* Display and console */
    { ARGS("-display", "gtk"), "-display gtk", "Parameter 'type' does not accept value 'gtk'" },
    { ARGS("-display", "vnc"), "-display vnc", "VNC requires a display argument vnc=<display>" },
    { ARGS("-display", "vnc=foo"), "-display vnc=foo", "no vnc port specified" },
    { ARGS("-vnc", "foo"), "-vnc foo", "no vnc port specified in 'foo'" },
    { ARGS("-vnc", ":abc"), "-vnc :abc", "Parameter 'vnc' does not accept value ':abc'" },
    { ARGS("-vnc", ":70000"), "-vnc :70000", "does not accept value ':70000'" },
    { ARGS("-vnc", "unix:"), "-vnc unix:", "does not accept value 'unix:'" },
    { ARGS("-vnc", ":1,password=maybe"), "-vnc", "Parameter 'password' does not accept value 'maybe'" },
    { ARGS("-vnc", ":1,bogus=1"), "-vnc :1,bogus=1", "Invalid parameter 'bogus'" },
    { ARGS("-vnc", ":1,websocket=abc"), "-vnc", "Parameter 'websocket' does not accept value 'abc'" },
    { ARGS("-vnc", "unix:/tmp/v,websocket=on"), "-vnc", "Parameter 'websocket'" },
    { ARGS("-vga", "foo"), "-vga foo", "unknown vga type: foo" },
    { ARGS("-serial", "foo"), "-serial foo", "'foo' is not a valid char driver" },
    { ARGS("-serial", "vc"), "-serial vc", "'vc' is not a valid char driver" },
    { ARGS("-serial", "file:"), "-serial file:", "needs a path" },
    { ARGS("-serial", "tcp:foo"), "-serial tcp:foo", "is not a valid address" },
    { ARGS("-serial", "tcp::99999"), "-serial tcp::99999", "is not a valid address" },
    { ARGS("-serial", "tcp::4444,server=maybe"), "-serial", "Parameter 'server' does not accept value 'maybe'" },
    { ARGS("-serial", "tcp::4444,bogus"), "-serial tcp::4444,bogus", "Invalid parameter 'bogus'" },
    { ARGS("-serial", "unix:"), "-serial unix:", "needs a path" },
    { ARGS("-serial", "udp:foo"), "-serial udp:foo", "is not a valid address" },
    { ARGS("-serial", "mon:mon:stdio"), "-serial mon:mon:stdio", "is not a valid char driver" },
    { ARGS("-serial", "chardev:nope"), "-serial chardev:nope", "chardev 'nope' not found" },
    { ARGS("-serial", "null", "-serial", "null", "-serial", "null", "-serial", "null", "-serial", "null"),
      "-serial null", "too many serial ports (at most 4)" },
    { ARGS("-serial", "stdio", "-monitor", "stdio"), "-monitor stdio", "cannot use stdio by multiple character devices" },
    { ARGS("-nographic", "-serial", "stdio"), "-serial stdio", "cannot use stdio by multiple character devices" },
    { ARGS("-daemonize", "-serial", "stdio"), "-serial stdio", "cannot use stdio with -daemonize" },
    { ARGS("-daemonize", "-nographic"), "-nographic", "-nographic cannot be used with -daemonize" },
    { ARGS("-monitor", "bogus:x"), "-monitor bogus:x", "is not a valid char driver" },
    { ARGS("-qmp", "unix:/tmp/q,server,nodelay"), "-qmp", "Invalid parameter 'nodelay'" },
    { ARGS("-mon", "chardev=nope"), "-mon chardev=nope", "chardev 'nope' not found" },
    { ARGS("-mon", "mode=control"), "-mon mode=control", "Parameter 'chardev' is missing" },
    { ARGS("-chardev", "pty,id=c", "-mon", "c,mode=json"), "-mon c,mode=json", "Parameter 'mode' does not accept value 'json'" },
    { ARGS("-chardev", "socket"), "-chardev socket", "chardev: no id specified" },
    { ARGS("-chardev", "socket,id=s"), "-chardev socket,id=s", "'port' or 'path' is required" },
    { ARGS("-chardev", "socket,id=s,path=/a,port=1"), "-chardev", "exclude each other" },
    { ARGS("-chardev", "socket,id=s,port=abc"), "-chardev", "Parameter 'port' does not accept value 'abc'" },
    { ARGS("-chardev", "foo,id=f"), "-chardev foo,id=f", "'foo' is not a valid char driver name" },
    { ARGS("-chardev", "file,id=f"), "-chardev file,id=f", "no filename given" },
    { ARGS("-chardev", "null,id=n,path=/x"), "-chardev", "Invalid parameter 'path'" },
    { ARGS("-chardev", "null,id=9n"), "-chardev", "Parameter 'id' does not accept value '9n'" },
    { ARGS("-chardev", "null,id=x", "-chardev", "pty,id=x"), "-chardev pty,id=x", "Duplicate ID 'x' for chardev" },
    { ARGS("-usbdevice", "foo"), "-usbdevice foo", "could not add USB device 'foo'" },

    /* Network */
    { ARGS("-net", "nic,model=nosuch"), "-net nic,model=nosuch", "Unsupported NIC model: nosuch" },
    { ARGS("-nic", "user,model=nosuch"), "-nic user,model=nosuch", "Unsupported NIC model: nosuch" },
    { ARGS("-net", "nic,macaddr=zz"), "-net nic,macaddr=zz", "Parameter 'macaddr' does not accept value 'zz'" },
    { ARGS("-net", "nic,macaddr=52:54:00:12:34"), "-net", "does not accept value '52:54:00:12:34'" },
    { ARGS("-net", "nic,macaddr=52:54:00:12:34:56:78"), "-net", "does not accept value" },
    { ARGS("-net", "nic,macaddr=52:54:00:12:34:5g"), "-net", "does not accept value" },
    { ARGS("-net", "nic,macaddr=01:00:5e:00:00:01"), "-net nic,macaddr=01:00:5e:00:00:01", "multicast MAC address" },
    { ARGS("-nic", "user,mac=bad"), "-nic user,mac=bad", "Parameter 'mac' does not accept value 'bad'" },
    { ARGS("-net", "nic,vlan=x"), "-net nic,vlan=x", "Parameter 'vlan' does not accept value 'x'" },
    { ARGS("-net", "nic,ifname=tap0"), "-net nic,ifname=tap0", "Invalid parameter 'ifname'" },
    { ARGS("-net", "nic,netdev=nope"), "-net nic,netdev=nope", "Property 'e1000.netdev' can't find value 'nope'" },
    { ARGS("-net", "foo"), "-net foo", "Parameter 'type' does not accept value 'foo'" },
    { ARGS("-net", "none,vlan=1"), "-net none,vlan=1", "Invalid parameter 'vlan'" },
    { ARGS("-net", "user,bogus=1"), "-net user,bogus=1", "Invalid parameter 'bogus'" },
    { ARGS("-net", "user,model=e1000"), "-net user,model=e1000", "Invalid parameter 'model'" },
    { ARGS("-net", "user,hostfwd=foo"), "-net user,hostfwd=foo", "Invalid host forwarding rule 'foo' (No : separators)" },
    { ARGS("-net", "user,hostfwd=icmp::1-:2"), "-net", "(Bad protocol name)" },
    { ARGS("-net", "user,hostfwd=tcp:1.2.3:1-:2"), "-net", "(Bad host address)" },
    { ARGS("-net", "user,hostfwd=tcp::2222:22"), "-net", "(Bad host port separator)" },
    { ARGS("-net", "user,hostfwd=tcp::99999-:22"), "-net", "(Bad host port)" },
    { ARGS("-net", "user,hostfwd=tcp::2222-22"), "-net", "(Missing guest address)" },
    { ARGS("-net", "user,hostfwd=tcp::2222-:0"), "-net", "(Bad guest port)" },
    { ARGS("-net", "user,net=10.0.3.0/24,host=10.0.2.2"), "-net", "Host doesn't belong to network" },
    { ARGS("-net", "user,dns=10.0.2.255"), "-net user,dns=10.0.2.255", "DNS cannot be the broadcast address" },
    { ARGS("-net", "user,dhcpstart=10.0.2.0"), "-net", "DHCP cannot be the network address" },
    { ARGS("-net", "user,net=10.0.3.1/24"), "-net", "Parameter 'net' does not accept value '10.0.3.1/24'" },
    { ARGS("-net", "user,net=10.0.0.0/33"), "-net", "Parameter 'net' does not accept value" },
    { ARGS("-net", "user,host=10.0.2"), "-net", "Parameter 'host' does not accept value '10.0.2'" },
    { ARGS("-net", "user,restrict=maybe"), "-net", "Parameter 'restrict' does not accept value 'maybe'" },
    { ARGS("-net", "tap,vnet_hdr=maybe"), "-net tap,vnet_hdr=maybe", "Parameter 'vnet_hdr' does not accept value" },
    { ARGS("-net", "tap,vhost=2"), "-net", "Parameter 'vhost' does not accept value '2'" },
    { ARGS("-net", "tap,fd=3,ifname=tap0"), "-net tap,fd=3,ifname=tap0", "are invalid with fd=" },
    { ARGS("-net", "tap,fd=abc"), "-net", "Parameter 'fd' does not accept value 'abc'" },
    { ARGS("-net", "tap,ifname=averyveryverylongname"), "-net", "at most 15 characters" },
    { ARGS("-net", "socket"), "-net socket", "exactly one of listen=, connect= and mcast= is required" },
    { ARGS("-netdev", "user"), "-netdev user", "Parameter 'id' is missing" },
    { ARGS("-netdev", "foo,id=x"), "-netdev foo,id=x", "Parameter 'type' does not accept value 'foo'" },
    { ARGS("-netdev", "nic,id=x"), "-netdev nic,id=x", "Parameter 'type' does not accept value 'nic'" },
    { ARGS("-netdev", "user,id=1x"), "-netdev", "Parameter 'id' does not accept value '1x'" },
    { ARGS("-netdev", "user,id=a", "-netdev", "tap,id=a"), "-netdev tap,id=a", "Duplicate ID 'a' for netdev" },
    { ARGS("-netdev", "user,id=a,vlan=1"), "-netdev", "Invalid parameter 'vlan'" },
    { ARGS("-nic", "foo"), "-nic foo", "Parameter 'type' does not accept value 'foo'" },
    { ARGS("-nic", "tap,br=x"), "-nic tap,br=x", "Invalid parameter 'br'" },

    /* Other devices */
    { ARGS("-device", "nosuch"), "-device nosuch", "'nosuch' is not a valid device model name" },
    { ARGS("-device", "e1000,netdev=nope"), "-device e1000,netdev=nope", "Property 'e1000.netdev' can't find value 'nope'" },
    { ARGS("-netdev", "user,id=u", "-device", "e1000,netdev=u", "-device", "rtl8139,netdev=u"),
      "-device rtl8139,netdev=u", "it's in use" },
    { ARGS("-device", "ide-hd,drive=nope"), "-device ide-hd,drive=nope", "Property 'ide-hd.drive' can't find value" },
    { ARGS("-hda", "a", "-device", "ide-hd,drive=ide0-hd0"), "-device ide-hd,drive=ide0-hd0", "did you need 'if=none'" },
    { ARGS("-device", "virtconsole,chardev=nope"), "-device", "Property 'virtconsole.chardev' can't find value 'nope'" },
    { ARGS("-device", "e1000,id=n", "-device", "e1000,id=n"), "-device e1000,id=n", "Duplicate ID 'n' for device" },
    { ARGS("-device", "e1000,help"), "-device e1000,help", "not supported yet", -ENOTSUP },
    { ARGS("-d", "foo"), "-d foo", "unknown log item 'foo'" },
    { ARGS("-d", "int,,exec"), "-d", "unknown log item" },
    { ARGS("-soundhw", "sb16"), "-soundhw sb16", "Unknown sound card name 'sb16'" },
    { ARGS("-balloon", "foo"), "-balloon foo", "Parameter 'type' does not accept value 'foo'" },
    { ARGS("-incoming", "tcp:1"), "-incoming tcp:1", "invalid migration address 'tcp:1'" },

    /* Pending: syntax-checked, then "not supported yet" */
    { ARGS("-soundhw", "ac97"), "-soundhw", "vireo: -soundhw: not supported yet", -ENOTSUP },
    { ARGS("-soundhw", "all"), "-soundhw", "not supported yet", -ENOTSUP },
    { ARGS("-balloon", "virtio"), "-balloon", "vireo: -balloon: not supported yet", -ENOTSUP },
    { ARGS("-balloon", "none"), "-balloon", "not supported yet", -ENOTSUP },
    { ARGS("-incoming", "tcp::4444"), "-incoming", "vireo: -incoming: not supported yet", -ENOTSUP },
    { ARGS("-loadvm", "snap1"), "-loadvm", "vireo: -loadvm: not supported yet", -ENOTSUP },
    { ARGS("-gdb", "tcp::1234"), "-gdb", "vireo: -gdb: not supported yet", -ENOTSUP },
    { ARGS("-s"), "-s", "vireo: -s: not supported yet", -ENOTSUP },
    { ARGS("-device", "virtio-balloon-pci"), "-device virtio-balloon-pci", "'virtio-balloon-pci' is not supported yet",
      -ENOTSUP },
    { ARGS("-device", "AC97"), "-device AC97", "not supported yet", -ENOTSUP },
    { ARGS("-vga", "qxl"), "-vga qxl", "'qxl' is not supported yet", -ENOTSUP },
    { ARGS("-vga", "vmware"), "-vga vmware", "not supported yet", -ENOTSUP },
    { ARGS("-vga", "virtio"), "-vga virtio", "not supported yet", -ENOTSUP },
};

START_TEST(test_error)
{
    const ErrorCase *c = &error_cases[_i];
    Run r = run(c->args);
    const char *nl;

    ck_assert_msg(r.ret < 0, "vector %d (%s): ret %d", _i, c->opt, r.ret);
    if (c->err)
        ck_assert_int_eq(r.ret, c->err);
    ck_assert_str_eq(r.out, "");
    ck_assert_msg(!strncmp(r.err, "vireo: ", 7), "vector %d: message '%s'", _i, r.err);
    ck_assert_msg(strstr(r.err, c->opt), "vector %d: '%s' does not name %s", _i, r.err, c->opt);
    ck_assert_msg(strstr(r.err, c->message), "vector %d: '%s' does not say '%s'", _i, r.err, c->message);
    /* One line, ending with its newline. */
    nl = strchr(r.err, '\n');
    ck_assert_msg(nl && nl[1] == '\0', "vector %d: not one line: '%s'", _i, r.err);
    run_free(&r);
}
END_TEST

/* ---------------------------------------------------------------------------
 * The sub-option parser. */

static const KeyvalDesc test_desc[] = {
    { "file", KV_STR }, { "type", KV_STR }, { "on", KV_BOOL }, { "wait", KV_BOOL }, { "server", KV_BOOL },
    { "n", KV_NUM }, { "size", KV_SIZE }, { "fwd", KV_STR }, { NULL },
};

typedef struct KeyvalCase {
    const char *str;
    const char *implied;
    bool any;               /* parse with no key list (as -device) */
    const char *expect;     /* "key=value;key=value" after parsing, or NULL for an error */
    const char *message;    /* the error */
} KeyvalCase;

static const KeyvalCase keyval_cases[] = {
    { "file=a", NULL, false, "file=a" },
    { "file=a,,b.img", NULL, false, "file=a,b.img" },
    { "file=a,,,,b", NULL, false, "file=a,,b" },
    { "file=a,,", NULL, false, "file=a," },
    { "file=,,a", NULL, false, "file=,a" },
    { "file=", NULL, false, "file=" },
    { "file=a,type=b", NULL, false, "file=a;type=b" },
    { "file=a,", NULL, false, "file=a" },
    { "file=a=b", NULL, false, "file=a=b" },
    { "pc,file=x", "type", false, "type=pc;file=x" },
    { "a,,b,file=x", "type", false, "type=a,b;file=x" },
    { "type=pc", "type", false, "type=pc" },
    { "", "type", false, "" },
    { "file=x,pc", "type", false, NULL, "Invalid parameter 'pc'" },
    { "server,nowait", NULL, false, "server=on;wait=off" },
    { "server=on,wait=off", NULL, false, "server=on;wait=off" },
    { "wait=yes", NULL, false, "wait=yes" },
    { "wait=false", NULL, false, "wait=false" },
    { "wait=maybe", NULL, false, NULL, "Parameter 'wait' does not accept value 'maybe' (expects 'on' or 'off')" },
    { "on=on", NULL, false, "on=on" },
    { "n=42", NULL, false, "n=42" },
    { "n=0x10", NULL, false, "n=0x10" },
    { "n=x", NULL, false, NULL, "Parameter 'n' does not accept value 'x' (expects a number)" },
    { "size=4k", NULL, false, "size=4k" },
    { "size=4q", NULL, false, NULL, "Parameter 'size' does not accept value '4q'" },
    { "bogus=1", NULL, false, NULL, "Invalid parameter 'bogus'" },
    { "file", NULL, false, NULL, "Expected '=' after parameter 'file'" },
    { "nofile", NULL, false, NULL, "Invalid parameter 'nofile'" },
    { "=x", NULL, false, NULL, "Invalid parameter ''" },
    { "fwd=a,fwd=b", NULL, false, "fwd=a;fwd=b" },
    { "file=a,help", NULL, false, "file=a" },
    { "e1000,netdev=n0,mac=52:54:00:12:34:56", "driver", true, "driver=e1000;netdev=n0;mac=52:54:00:12:34:56" },
    { "x,flag,noflag2", "driver", true, "driver=x;flag=on;flag2=off" },
};

START_TEST(test_keyval)
{
    const KeyvalCase *c = &keyval_cases[_i];
    Keyval kv = { 0 };
    char got[256] = "", *err;
    size_t n_err, len = 0;
    FILE *f = open_memstream(&err, &n_err);
    int ret;

    error_set_stream(f);
    ret = keyval_parse(&kv, c->str, c->implied, c->any ? NULL : test_desc);
    error_set_stream(NULL);
    fclose(f);
    if (c->expect) {
        ck_assert_msg(ret == 0, "'%s': %s", c->str, err);
        for (size_t i = 0; i < kv.n; i++)
            len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s=%s", i ? ";" : "", kv.items[i].key,
                                    kv.items[i].value);
        ck_assert_str_eq(got, c->expect);
        ck_assert_str_eq(err, "");
    } else {
        ck_assert_int_eq(ret, -EINVAL);
        ck_assert_msg(strstr(err, c->message), "'%s': message '%s'", c->str, err);
    }
    keyval_free(&kv);
    free(err);
}
END_TEST

START_TEST(test_keyval_getters)
{
    Keyval kv = { 0 };

    ck_assert_int_eq(keyval_parse(&kv, "file=a,server,n=7,size=2M,fwd=x,fwd=y,help", NULL, test_desc), 0);
    ck_assert(kv.help);
    ck_assert_str_eq(keyval_str(&kv, "file", NULL), "a");
    ck_assert_str_eq(keyval_str(&kv, "fwd", NULL), "y");                /* the last one wins */
    ck_assert_str_eq(keyval_str(&kv, "type", "dflt"), "dflt");
    ck_assert(keyval_bool(&kv, "server", false));
    ck_assert(keyval_bool(&kv, "wait", true));
    ck_assert_uint_eq(keyval_num(&kv, "n", 0), 7);
    ck_assert_uint_eq(keyval_num(&kv, "size", 0), 2u << 20);
    ck_assert_ptr_null(keyval_find(&kv, "on"));
    keyval_free(&kv);
    ck_assert_uint_eq(kv.n, 0);
    ck_assert_ptr_null(kv.items);
}
END_TEST

START_TEST(test_value_parsers)
{
    uint8_t mac[6], uuid[16];
    uint32_t ip;
    bool b;
    int port;

    ck_assert_int_eq(parse_mac("52:54:00:AB:cd:0f", mac), 0);
    ck_assert_uint_eq(mac[3], 0xab);
    ck_assert_uint_eq(mac[5], 0x0f);
    ck_assert_int_eq(parse_mac("52-54-00-12-34-56", mac), 0);
    ck_assert_int_eq(parse_mac("52:54:00:12:34", mac), -EINVAL);
    ck_assert_int_eq(parse_mac("52:54:00:12:34:567", mac), -EINVAL);
    ck_assert_int_eq(parse_mac("", mac), -EINVAL);
    ck_assert_int_eq(parse_uuid("00112233-4455-6677-8899-aabbccddeeff", uuid), 0);
    ck_assert_uint_eq(uuid[0], 0x00);
    ck_assert_uint_eq(uuid[15], 0xff);
    ck_assert_uint_eq(uuid[4], 0x44);
    ck_assert_int_eq(parse_uuid("00112233445566778899aabbccddeeff", uuid), -EINVAL);
    ck_assert_int_eq(parse_uuid("00112233-4455-6677-8899-aabbccddeefg", uuid), -EINVAL);
    ck_assert_int_eq(parse_ipv4("10.0.2.15", &ip), 0);
    ck_assert_uint_eq(ip, 0x0a00020f);
    ck_assert_int_eq(parse_ipv4("10.0.2", &ip), -EINVAL);
    ck_assert_int_eq(parse_ipv4("256.0.0.1", &ip), -EINVAL);
    ck_assert_int_eq(parse_bool("true", &b), 0);
    ck_assert(b);
    ck_assert_int_eq(parse_bool("no", &b), 0);
    ck_assert(!b);
    ck_assert_int_eq(parse_bool("On", &b), -EINVAL);
    ck_assert_int_eq(parse_port("65535", &port), 0);
    ck_assert_int_eq(port, 65535);
    ck_assert_int_eq(parse_port("65536", &port), -EINVAL);
    ck_assert(id_wellformed("a-b.c_1"));
    ck_assert(!id_wellformed("1a"));
    ck_assert(!id_wellformed("a b"));
    ck_assert(!id_wellformed(""));
    ck_assert(is_help_option("help"));
    ck_assert(is_help_option("?"));
    ck_assert(!is_help_option("helpme"));
}
END_TEST

/* The parser is called many times in one process: no state leaks between calls. */
START_TEST(test_reuse)
{
    Run a = run((const char *[]){ "-hda", "a", "-net", "none", "-accel", "kvm", NULL });
    Run b = run((const char *[]){ "-hda", "a", "-accel", "tcg", NULL });
    Run c = run((const char *[]){ "-frobnicate", NULL });
    Run d = run((const char *[]){ "-hda", "a", NULL });

    ck_assert_int_eq(a.ret, 0);
    ck_assert_int_eq(b.ret, 0);
    ck_assert(has_line(b.dump, "n_drives=1"));
    ck_assert(has_line(b.dump, "accels=tcg"));
    ck_assert(has_line(b.dump, "n_nics=1"));
    ck_assert_int_lt(c.ret, 0);
    ck_assert_int_eq(d.ret, 0);
    ck_assert_str_eq(d.err, "");
    run_free(&a);
    run_free(&b);
    run_free(&c);
    run_free(&d);
}
END_TEST

START_TEST(test_free_clears)
{
    char *argv[] = { (char *)"vireo", (char *)"-drive", (char *)"file=x,id=d0", NULL };
    VireoConfig cfg;
    FILE *null;

    ck_assert_int_eq(options_parse(3, argv, &cfg), 0);
    ck_assert_uint_eq(cfg.n_drives, 1);
    options_free(&cfg);
    ck_assert_uint_eq(cfg.n_drives, 0);
    ck_assert_ptr_null(cfg.strings.ptrs);
    /* After a failed parse too. */
    argv[2] = (char *)"file=x,bogus=1";
    null = fopen("/dev/null", "w");
    error_set_stream(null);
    ck_assert_int_lt(options_parse(3, argv, &cfg), 0);
    error_set_stream(NULL);
    fclose(null);
    options_free(&cfg);
    ck_assert_ptr_null(cfg.strings.ptrs);
}
END_TEST

/* Up to each limit parses; one more is an error naming the option, not a crash. */
START_TEST(test_limits)
{
    static const struct {
        const char *opt, *arg;
        unsigned limit;
        const char *last_line, *message;
    } limits[] = {
        { "-drive", "file=x,if=none", VIREO_MAX_DRIVES, "drive[15].id=none15", "too many drives (at most 16)" },
        { "-drive", "file=x,if=virtio", VIREO_MAX_DRIVES, "drive[15].id=virtio15", "too many drives" },
        { "-net", "nic", VIREO_MAX_NICS, "nic[7].mac=52:54:00:12:34:5d", "too many NICs (at most 8)" },
        { "-netdev", "user,id=n", VIREO_MAX_NETDEVS, "n_netdevs=8", "too many network back ends" },
        { "-device", "isa-serial", VIREO_MAX_DEVICES, "n_devices=32", "too many devices (at most 32)" },
        { "-qmp", "null", VIREO_MAX_MONITORS, "n_monitors=4", "too many monitors" },
        { "-usbdevice", "mouse", VIREO_MAX_USBDEVICES, "n_usbdevices=8", "too many USB devices" },
        { "-net", "user,hostfwd=::1-:2", 1, "n_netdevs=1", NULL },
    };
    static char ids[VIREO_MAX_DEVICES + 1][24];
    const char *args[RUN_ARGS + 1];

    for (size_t l = 0; l < sizeof(limits) / sizeof(limits[0]); l++) {
        for (int over = 0; over <= 1 && (over == 0 || limits[l].message); over++) {
            unsigned n = limits[l].limit + (unsigned)over, i;
            Run r;

            for (i = 0; i < n; i++) {
                args[2 * i] = limits[l].opt;
                args[2 * i + 1] = limits[l].arg;
                if (!strcmp(limits[l].opt, "-netdev")) {
                    snprintf(ids[i], sizeof(ids[i]), "user,id=n%u", i);
                    args[2 * i + 1] = ids[i];
                }
            }
            args[2 * i] = NULL;
            r = run(args);
            if (!over) {
                ck_assert_msg(r.ret == 0, "%s x%u: %s", limits[l].opt, n, r.err);
                ck_assert_msg(has_line(r.dump, limits[l].last_line), "%s x%u: no %s", limits[l].opt, n,
                              limits[l].last_line);
            } else {
                ck_assert_int_eq(r.ret, -EINVAL);
                ck_assert_msg(strstr(r.err, limits[l].message) && strstr(r.err, limits[l].opt), "%s", r.err);
            }
            run_free(&r);
        }
    }
}
END_TEST

/* hostfwd rules up to the limit of one back end, and one more. */
START_TEST(test_hostfwd_limit)
{
    char arg[1024] = "user";
    Run r;

    for (int i = 0; i < VIREO_MAX_HOSTFWDS; i++)
        snprintf(arg + strlen(arg), sizeof(arg) - strlen(arg), ",hostfwd=tcp::%d-:22", 2000 + i);
    r = run((const char *[]){ "-net", arg, NULL });
    ck_assert_int_eq(r.ret, 0);
    ck_assert(has_line(r.dump, "netdev[0].hostfwd[15]=tcp:0.0.0.0:2015-10.0.2.15:22"));
    run_free(&r);
    strcat(arg, ",hostfwd=tcp::3000-:22");
    r = run((const char *[]){ "-net", arg, NULL });
    ck_assert_int_eq(r.ret, -EINVAL);
    ck_assert(strstr(r.err, "too many hostfwd rules (at most 16)"));
    run_free(&r);
}
END_TEST

static Suite *options_suite(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("parse");

    tcase_add_loop_test(tc, test_parse, 0, sizeof(parse_cases) / sizeof(parse_cases[0]));
    tcase_add_loop_test(tc, test_help, 0, sizeof(help_cases) / sizeof(help_cases[0]));
    tcase_add_test(tc, test_help_lists_options);
    tcase_add_loop_test(tc, test_error, 0, sizeof(error_cases) / sizeof(error_cases[0]));
    tcase_add_test(tc, test_reuse);
    tcase_add_test(tc, test_free_clears);
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_hostfwd_limit);
    suite_add_tcase(s, tc);

    tc = tcase_create("keyval");
    tcase_add_loop_test(tc, test_keyval, 0, sizeof(keyval_cases) / sizeof(keyval_cases[0]));
    tcase_add_test(tc, test_keyval_getters);
    tcase_add_test(tc, test_value_parsers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(options_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
