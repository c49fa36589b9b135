/*
 * The command line: one table of options, the argv walk, -h generated from
 * the table. Each family of options is handled in its own file (see
 * options-int.h); this file holds the table and the options that are a flag
 * or a string.
 */
#include "system/options.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "system/log.h"
#include "system/options-int.h"

static FILE *help_stream;

void options_set_help_stream(FILE *f) { help_stream = f; }
FILE *options_out(void) { return help_stream ? help_stream : stdout; }

/* ---------------------------------------------------------------------------
 * Strings owned by the config. */

static char *pool_add(VireoConfig *cfg, char *p)
{
    if (!p)
        abort();
    if (cfg->strings.n == cfg->strings.cap) {
        size_t cap = cfg->strings.cap ? cfg->strings.cap * 2 : 32;
        char **ptrs = realloc(cfg->strings.ptrs, cap * sizeof(*ptrs));

        if (!ptrs)
            abort();
        cfg->strings.ptrs = ptrs;
        cfg->strings.cap = cap;
    }
    cfg->strings.ptrs[cfg->strings.n++] = p;
    return p;
}

char *cfg_strdup(VireoConfig *cfg, const char *s)
{
    return s ? pool_add(cfg, strdup(s)) : NULL;
}

char *cfg_printf(VireoConfig *cfg, const char *fmt, ...)
{
    va_list ap;
    char *p;

    va_start(ap, fmt);
    if (vasprintf(&p, fmt, ap) < 0)
        p = NULL;
    va_end(ap);
    return pool_add(cfg, p);
}

void options_free(VireoConfig *cfg)
{
    for (size_t i = 0; i < cfg->strings.n; i++)
        free(cfg->strings.ptrs[i]);
    free(cfg->strings.ptrs);
    memset(cfg, 0, sizeof(*cfg));
}

bool options_word_in(const char *word, const char *list)
{
    size_t n = strlen(word);

    for (const char *p = list; n && (p = strstr(p, word)); p += n) {
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    }
    return false;
}

int options_value_pending(const char *value)
{
    error_report("'%s' is not supported yet", value);
    return -ENOTSUP;
}

/* ---------------------------------------------------------------------------
 * Options that are a flag or a string: data is the field's offset. */

static int opt_flag(OptState *s, const OptionDef *def, const char *arg)
{
    *(bool *)((char *)s->cfg + def->data) = true;
    return 0;
}

static int opt_string(OptState *s, const OptionDef *def, const char *arg)
{
    *(const char **)((char *)s->cfg + def->data) = cfg_strdup(s->cfg, arg);
    return 0;
}

static int opt_log(OptState *s, const OptionDef *def, const char *arg)
{
    bool help;
    long mask;

    if (is_help_option(arg)) {
        log_print_categories(options_out());
        return OPTIONS_EXIT_OK;
    }
    mask = log_parse_mask(arg, &help);
    if (mask < 0)
        return -EINVAL;
    s->cfg->log_mask = (unsigned)mask;
    return 0;
}

static int opt_version(OptState *s, const OptionDef *def, const char *arg)
{
    fprintf(options_out(), "Vireo emulator version " VIREO_VERSION "\n");
    return OPTIONS_EXIT_OK;
}

static OptionHandler opt_help;

#define FIELD(f) offsetof(VireoConfig, f)

static const char SEC_STANDARD[] = "Standard options:";
static const char SEC_BLOCK[] = "Block device options:";
static const char SEC_USB[] = "USB convenience options:";
static const char SEC_DISPLAY[] = "Display options:";
static const char SEC_NETWORK[] = "Network options:";
static const char SEC_CHARDEV[] = "Character device options:";
static const char SEC_KERNEL[] = "Boot Image or Kernel specific:";
static const char SEC_DEBUG[] = "Debug/Expert options:";

/*
 * Every option Vireo accepts, in the order -h lists them. A row with no
 * synopsis is an alias or is folded into the row above ("-hda/-hdb file");
 * a row with no name and no handler only adds help text.
 */
static const OptionDef options[] = {
    { "h", 0, opt_help, 0, SEC_STANDARD, "-h or -help", "display this help and exit" },
    { "help", 0, opt_help, 0, SEC_STANDARD },
    { "version", 0, opt_version, 0, SEC_STANDARD, "-version", "display version information and exit" },
    { "machine", OPT_ARG, opt_machine, 0, SEC_STANDARD,
      "-machine [type=]name[,accel=kvm|tcg][,kernel-irqchip=on|off|split][,usb=on|off]",
      "selects emulated machine ('-machine help' for list)\n"
      "accel=accel1[:accel2] selects accelerators, tried in order (default: tcg)" },
    { "M", OPT_ARG, opt_machine, 0, SEC_STANDARD },
    { "cpu", OPT_ARG, opt_cpu, 0, SEC_STANDARD, "-cpu model[,+feature][,-feature][,feature=on|off]",
      "select CPU ('-cpu help' for list)" },
    { "accel", OPT_ARG, opt_accel, 0, SEC_STANDARD, "-accel [accel=]kvm|tcg|kvm:tcg",
      "select accelerator ('-accel help' for list);\n"
      "kvm:tcg uses KVM, or TCG with a warning when KVM cannot start" },
    { "enable-kvm", 0, opt_enable_kvm, 0, SEC_STANDARD, "-enable-kvm", "enable KVM full virtualization support (-accel kvm)" },
    { "smp", OPT_ARG, opt_smp, 0, SEC_STANDARD,
      "-smp [cpus=]n[,maxcpus=maxcpus][,sockets=sockets][,cores=cores][,threads=threads]",
      "set the number of initial CPUs to 'n' [default=1]\n"
      "maxcpus= maximum number of total CPUs, including offline CPUs for hotplug\n"
      "sockets= number of sockets on the machine board\n"
      "cores= number of cores in one socket\n"
      "threads= number of threads in one core" },
    { "m", OPT_ARG, opt_m, 0, SEC_STANDARD, "-m [size=]megs",
      "configure guest RAM (default 128M); a suffix M or G gives the unit" },
    { "k", OPT_ARG, opt_keyboard, 0, SEC_STANDARD, "-k language",
      "use keyboard layout (for example 'fr' for French; '-k help' for list)" },
    { "soundhw", OPT_ARG | OPT_PENDING, opt_soundhw, 0, SEC_STANDARD, "-soundhw c1,...",
      "enable audio support and only specified sound cards ('-soundhw help' for list)" },
    { "balloon", OPT_ARG | OPT_PENDING, opt_balloon, 0, SEC_STANDARD, "-balloon none|virtio",
      "disable or enable the virtio memory balloon device" },
    { "device", OPT_ARG, opt_device, 0, SEC_STANDARD, "-device driver[,prop[=value][,...]]",
      "add device (based on driver)\n"
      "prop=value,... sets driver properties\n"
      "use '-device help' to print all possible drivers" },
    { "name", OPT_ARG, opt_name, 0, SEC_STANDARD, "-name string1[,process=string2][,debug-threads=on|off]",
      "set the name of the guest\n"
      "string1 sets the window title and string2 the process name" },
    { "uuid", OPT_ARG, opt_uuid, 0, SEC_STANDARD, "-uuid %08x-%04x-%04x-%04x-%012x", "specify machine UUID" },
    { "no-acpi", 0, opt_flag, FIELD(no_acpi), SEC_STANDARD, "-no-acpi", "disable ACPI" },
    { "nodefaults", 0, opt_flag, FIELD(nodefaults), SEC_STANDARD, "-nodefaults",
      "don't create default devices" },

    { "fda", OPT_ARG, opt_drive_short, DRIVE_FDA, SEC_BLOCK, "-fda/-fdb file", "use 'file' as floppy disk 0/1 image" },
    { "fdb", OPT_ARG, opt_drive_short, DRIVE_FDB, SEC_BLOCK },
    { "hda", OPT_ARG, opt_drive_short, DRIVE_HDA, SEC_BLOCK, "-hda/-hdb file", "use 'file' as hard disk 0/1 image" },
    { "hdb", OPT_ARG, opt_drive_short, DRIVE_HDB, SEC_BLOCK },
    { "hdc", OPT_ARG, opt_drive_short, DRIVE_HDC, SEC_BLOCK, "-hdc/-hdd file", "use 'file' as hard disk 2/3 image" },
    { "hdd", OPT_ARG, opt_drive_short, DRIVE_HDD, SEC_BLOCK },
    { "cdrom", OPT_ARG, opt_drive_short, DRIVE_CDROM, SEC_BLOCK, "-cdrom file", "use 'file' as CD-ROM image (uses the place of -hdc)" },
    { "drive", OPT_ARG, opt_drive, 0, SEC_BLOCK,
      "-drive [file=file][,if=ide|virtio|floppy|none][,bus=n][,unit=m][,index=i]\n"
      "       [,media=disk|cdrom][,format=raw|qcow2]\n"
      "       [,cache=writethrough|writeback|none|directsync|unsafe]\n"
      "       [,snapshot=on|off][,readonly=on|off][,id=name]",
      "use 'file' as a drive image" },
    { "snapshot", 0, opt_flag, FIELD(snapshot), SEC_BLOCK, "-snapshot",
      "write to temporary files instead of disk image files" },
    { "boot", OPT_ARG, opt_boot, 0, SEC_BLOCK, "-boot [order=drives][,once=drives][,menu=on|off]",
      "'drives': floppy (a), hard disk (c), CD-ROM (d), network (n)" },

    { "usb", 0, opt_flag, FIELD(usb), SEC_USB, "-usb", "enable on-board USB host controller" },
    { "usbdevice", OPT_ARG, opt_usbdevice, 0, SEC_USB, "-usbdevice name",
      "add the USB device 'name' (tablet, mouse, keyboard)" },

    { "display", OPT_ARG, opt_display, 0, SEC_DISPLAY, "-display sdl|curses|none|vnc=<display>[,<optargs>]",
      "select display backend type ('-display help' for list)" },
    { "nographic", 0, opt_nographic, 0, SEC_DISPLAY, "-nographic",
      "disable graphical output and redirect serial I/Os to console" },
    { "sdl", 0, opt_display_short, DISPLAY_SDL, SEC_DISPLAY, "-sdl", "shorthand for -display sdl" },
    { "curses", 0, opt_display_short, DISPLAY_CURSES, SEC_DISPLAY, "-curses", "shorthand for -display curses" },
    { "vga", OPT_ARG, opt_vga, 0, SEC_DISPLAY, "-vga [std|cirrus|vmware|qxl|virtio|none]",
      "select video card type ('-vga help' for list)" },
    { "vnc", OPT_ARG, opt_vnc, 0, SEC_DISPLAY, "-vnc <display>[,password=on|off][,reverse=on|off][,websocket=port]",
      "shorthand for -display vnc=<display>; <display> is\n"
      "[host]:N (port 5900+N), unix:path or none" },
    { "alt-grab", 0, opt_flag, FIELD(alt_grab), SEC_DISPLAY, "-alt-grab",
      "use Ctrl-Alt-Shift to grab mouse (instead of Ctrl-Alt)" },
    { "ctrl-grab", 0, opt_flag, FIELD(ctrl_grab), SEC_DISPLAY, "-ctrl-grab",
      "use Right-Ctrl to grab mouse (instead of Ctrl-Alt)" },

    { "net", OPT_ARG, opt_net, NET_OPT_NET, SEC_NETWORK,
      "-net nic[,vlan=n][,macaddr=mac][,model=type][,name=str][,netdev=id]",
      "configure or create an on-board (or machine default) NIC and\n"
      "connect it to hub 'n' ('-net nic,model=help' for models)" },
    { NULL, 0, NULL, 0, SEC_NETWORK,
      "-net user|tap|bridge|socket[,vlan=n][,option][,...]",
      "configure a host network backend on hub 'n' (options as for -netdev)\n"
      "'-net none' means no network devices at all" },
    { "netdev", OPT_ARG, opt_net, NET_OPT_NETDEV, SEC_NETWORK,
      "-netdev user,id=str[,net=addr[/mask]][,host=addr][,dhcpstart=addr][,dns=addr]\n"
      "         [,restrict=on|off][,tftp=dir][,bootfile=f][,hostfwd=rule]",
      "configure a user mode network backend with ID 'str';\n"
      "rule is [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport" },
    { NULL, 0, NULL, 0, SEC_NETWORK,
      "-netdev tap,id=str[,fd=h][,ifname=name][,script=file][,downscript=dfile]\n"
      "         [,vnet_hdr=on|off][,vhost=on|off]",
      "configure a host TAP network backend with ID 'str';\n"
      "scripts default to /etc/qemu-ifup and /etc/qemu-ifdown, 'no' disables" },
    { NULL, 0, NULL, 0, SEC_NETWORK,
      "-netdev bridge,id=str[,br=bridge][,helper=helper]\n"
      "-netdev socket,id=str[,listen=[host]:port][,connect=host:port][,mcast=maddr:port]",
      "connect to a host bridge through the helper, or to another VM over a socket" },
    { "nic", OPT_ARG, opt_net, NET_OPT_NIC, SEC_NETWORK, "-nic [user|tap|bridge|socket|none][,option][,...][,mac=macaddr][,model=mn]",
      "initialize an on-board / default host NIC (using MAC address macaddr and model mn)\n"
      "and connect it to the given host network backend; '-nic none' means no network" },

    { "chardev", OPT_ARG, opt_chardev, 0, SEC_CHARDEV,
      "-chardev null|stdio|pty,id=id[,mux=on|off][,logfile=PATH]\n"
      "-chardev file|pipe,id=id,path=path[,mux=on|off][,logfile=PATH]\n"
      "-chardev socket,id=id[,host=host],port=port[,server=on|off][,wait=on|off]\n"
      "         [,telnet=on|off][,nodelay=on|off][,reconnect=seconds]\n"
      "-chardev socket,id=id,path=path[,server=on|off][,wait=on|off]\n"
      "-chardev udp,id=id[,host=host],port=port[,localaddr=addr][,localport=port]",
      "create a character device with ID 'id' for -serial chardev:id or -mon chardev=id" },
    { "serial", OPT_ARG, opt_serial, 0, SEC_CHARDEV, "-serial dev", "redirect the serial port to char device 'dev'" },
    { "monitor", OPT_ARG, opt_monitor, 0, SEC_CHARDEV, "-monitor dev", "redirect the monitor to char device 'dev'" },
    { "qmp", OPT_ARG, opt_qmp, 0, SEC_CHARDEV, "-qmp dev", "like -monitor but opens in 'control' mode" },
    { "mon", OPT_ARG, opt_mon, 0, SEC_CHARDEV, "-mon [chardev=]name[,mode=readline|control][,pretty=on|off]",
      "a monitor on the -chardev with ID 'name'" },
    { NULL, 0, NULL, 0, SEC_CHARDEV, "dev",
      "stdio, pty, null, none, file:path, pipe:path, chardev:id, mon:dev,\n"
      "tcp:[host]:port[,server=on|off][,wait=on|off][,nodelay=on|off][,reconnect=seconds],\n"
      "telnet:[host]:port[,server=on|off][,wait=on|off], unix:path[,server=on|off][,wait=on|off],\n"
      "udp:[host]:port[@[localaddr]:localport]" },

    { "kernel", OPT_ARG, opt_string, FIELD(kernel), SEC_KERNEL, "-kernel bzImage", "use 'bzImage' as kernel image" },
    { "append", OPT_ARG, opt_string, FIELD(append), SEC_KERNEL, "-append cmdline", "use 'cmdline' as kernel command line" },
    { "initrd", OPT_ARG, opt_string, FIELD(initrd), SEC_KERNEL, "-initrd file", "use 'file' as initial ram disk" },
    { "bios", OPT_ARG, opt_string, FIELD(bios), SEC_KERNEL, "-bios file", "set the filename for the BIOS" },

    { "rtc", OPT_ARG, opt_rtc, 0, SEC_DEBUG,
      "-rtc [base=utc|localtime|<datetime>][,clock=host|rt|vm][,driftfix=none|slew]",
      "set the RTC base and clock; <datetime> is 2006-06-17T16:01:21 or 2006-06-17" },
    { "S", 0, opt_flag, FIELD(start_paused), SEC_DEBUG, "-S", "freeze CPU at startup (use 'c' to start execution)" },
    { "no-reboot", 0, opt_flag, FIELD(no_reboot), SEC_DEBUG, "-no-reboot", "exit instead of rebooting" },
    { "no-shutdown", 0, opt_flag, FIELD(no_shutdown), SEC_DEBUG, "-no-shutdown",
      "stop before shutdown (the guest powering off pauses it)" },
    { "daemonize", 0, opt_flag, FIELD(daemonize), SEC_DEBUG, "-daemonize",
      "daemonize Vireo after initializing" },
    { "pidfile", OPT_ARG, opt_string, FIELD(pidfile), SEC_DEBUG, "-pidfile file", "write PID to 'file'" },
    { "incoming", OPT_ARG | OPT_PENDING, opt_incoming, 0, SEC_DEBUG, "-incoming tcp:[host]:port",
      "prepare for incoming migration, listen on the specified port" },
    { "loadvm", OPT_ARG | OPT_PENDING, opt_string, FIELD(loadvm), SEC_DEBUG, "-loadvm tag",
      "start right away with a saved state (loadvm in monitor)" },
    { "gdb", OPT_ARG | OPT_PENDING, opt_gdb, 0, SEC_DEBUG, "-gdb dev", "accept gdb connection on 'dev'" },
    { "s", OPT_PENDING, opt_gdb_default, 0, SEC_DEBUG, "-s", "shorthand for -gdb tcp::1234" },
    { "d", OPT_ARG, opt_log, 0, SEC_DEBUG, "-d item1,...", "enable logging of specified items (use '-d help' for a list)" },
    { "D", OPT_ARG, opt_string, FIELD(log_file), SEC_DEBUG, "-D logfile", "output log to logfile (default stderr)" },
};

static const OptionDef *find_option(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
        if (options[i].handler && !strcmp(options[i].name, name))
            return &options[i];
    }
    return NULL;
}

/* Lines of text, each after an indent (the first after `first` columns). */
static void print_lines(FILE *f, const char *text, int first)
{
    int col = first;

    while (*text) {
        size_t len = strcspn(text, "\n");

        fprintf(f, "%*s%.*s\n", 16 - col, "", (int)len, text);
        text += len;
        if (*text)
            text++;
        col = 0;
    }
}

static int opt_help(OptState *s, const OptionDef *def, const char *arg)
{
    FILE *f = options_out();
    const char *section = NULL;

    fprintf(f, "Vireo emulator version " VIREO_VERSION "\n"
               "usage: vireo [options] [disk_image]\n"
               "\n"
               "'disk_image' is a hard disk image for IDE hard disk 0 (as -hda)\n");
    for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
        const OptionDef *o = &options[i];
        const char *last_line;
        int len;

        if (!o->synopsis)
            continue;
        if (o->section != section) {
            fprintf(f, "\n%s\n", o->section);
            section = o->section;
        }
        /* A multi-line synopsis: all but its last line stand alone. */
        last_line = strrchr(o->synopsis, '\n');
        last_line = last_line ? last_line + 1 : o->synopsis;
        fprintf(f, "%.*s", (int)(last_line - o->synopsis), o->synopsis);
        len = (int)strlen(last_line);
        if (len < 16) {
            fprintf(f, "%s", last_line);
            print_lines(f, o->help, len);
        } else {
            fprintf(f, "%s\n", last_line);
            print_lines(f, o->help, 0);
        }
        if (o->flags & OPT_PENDING)
            print_lines(f, "(not supported yet)", 0);
    }
    fprintf(f, "\nDuring emulation, the following keys are useful:\n"
               "ctrl-alt-f      toggle full screen\n"
               "ctrl-alt-n      switch to virtual console 'n'\n"
               "ctrl-alt        toggle mouse and keyboard grab\n"
               "\n"
               "When using -nographic, press 'ctrl-a h' to get some help.\n");
    return OPTIONS_EXIT_OK;
}

/* ---------------------------------------------------------------------------
 * The walk. */

static void config_init(VireoConfig *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->machine = "pc";
    cfg->ram_size = 128ull << 20;
    cfg->cpu_model = "qemu64";
    cfg->smp = (SmpConfig){ .cpus = 1, .sockets = 1, .cores = 1, .threads = 1, .maxcpus = 1 };
    strcpy(cfg->boot.order, "cad");
    cfg->keyboard_layout = "en-us";
    cfg->vga = "std";
    cfg->vnc.websocket_port = -1;
}

/* Checks that need the whole command line. */
static int finish(OptState *s)
{
    VireoConfig *cfg = s->cfg;
    int ret;

    if ((ret = options_machine_finish(s)) < 0 || (ret = options_block_finish(s)) < 0 ||
        (ret = options_char_finish(s)) < 0 || (ret = options_display_finish(s)) < 0 ||
        (ret = options_net_finish(s)) < 0 ||
        (ret = options_device_finish(s)) < 0)
        return ret;
    loc_clear();
    if (cfg->initrd && !cfg->kernel) {
        error_report("-initrd only allowed with -kernel option");
        return -EINVAL;
    }
    if (cfg->append && !cfg->kernel) {
        error_report("-append only allowed with -kernel option");
        return -EINVAL;
    }
    return 0;
}

int options_parse(int argc, char **argv, VireoConfig *cfg)
{
    OptState s = { .cfg = cfg };
    int ret = 0;

    config_init(cfg);
    for (int i = 1; i < argc && ret == 0; i++) {
        const char *a = argv[i], *arg = NULL;
        const OptionDef *def;

        if (a[0] != '-') {
            loc_set_option(a, NULL);
            ret = options_bare_image(&s, a);
            continue;
        }
        /* -opt and --opt are the same; messages show one dash. */
        s.opt = a[1] == '-' ? a + 1 : a;
        loc_set_option(s.opt, NULL);
        def = find_option(s.opt + 1);
        if (!def) {
            error_report("invalid option");
            ret = -EINVAL;
            break;
        }
        if (def->flags & OPT_ARG) {
            if (i + 1 >= argc) {
                error_report("requires an argument");
                ret = -EINVAL;
                break;
            }
            arg = argv[++i];
            loc_set_option(s.opt, arg);
        }
        ret = def->handler(&s, def, arg);
        if (ret == 0 && (def->flags & OPT_PENDING)) {
            loc_set_option(s.opt, NULL);
            error_report("not supported yet");
            ret = -ENOTSUP;
        }
    }
    if (ret == 0)
        ret = finish(&s);
    loc_clear();
    return ret;
}
