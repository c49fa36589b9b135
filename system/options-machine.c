/* -machine -accel -cpu -m -smp -uuid -rtc -name -boot: see options-int.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "system/cutils.h"
#include "system/options-int.h"

static const struct {
    const char *name, *desc;
} machines[] = {
    { "pc", "Standard PC (i440FX + PIIX, 1996)" },
};

static const struct {
    const char *name, *desc;
} cpu_models[] = {
    { "qemu64", "QEMU Virtual CPU version 2.5+" },
    { "max", "Enables all features supported by the accelerator in the current host" },
    { "host", "processor with all supported host features (KVM only)" },
};

/* Vireo's own -accel tcg property: the translator's code generator. */
static const KeyvalChoice backend_choices[] = { { "native", 0 }, { "interp", 1 }, { NULL } };

static const KeyvalChoice irqchip_choices[] = {
    { "on", IRQCHIP_ON }, { "off", IRQCHIP_OFF }, { "split", IRQCHIP_SPLIT }, { NULL },
};

/* pc, or libvirt's versioned name for the same board: pc-i440fx-7.2. */
static const char *machine_lookup(const char *name)
{
    const char *ver;

    if (!strcmp(name, "pc"))
        return "pc";
    if (strstart(name, "pc-i440fx-", &ver) && *ver && strspn(ver, "0123456789.") == strlen(ver))
        return "pc";
    return NULL;
}

static void machine_help(void)
{
    FILE *f = options_out();

    fprintf(f, "Supported machines are:\n");
    for (size_t i = 0; i < ARRAY_SIZE(machines); i++)
        fprintf(f, "%-20s %s%s\n", machines[i].name, machines[i].desc, i == 0 ? " (default)" : "");
    fprintf(f, "%-20s %s (alias of pc)\n", "pc-i440fx-7.2", machines[0].desc);
}

static void accel_help(void)
{
    fprintf(options_out(), "Accelerators supported in Vireo binary:\ntcg\nkvm\n");
}

/* "kvm", "tcg" or "kvm:tcg": appended to the preference list. */
static int parse_accels(VireoConfig *cfg, const char *list)
{
    const char *p = list;

    do {
        size_t len = strcspn(p, ":");
        AccelKind kind;
        bool seen = false;

        if (len == 3 && !strncmp(p, "kvm", 3)) {
            kind = ACCEL_KVM;
        } else if (len == 3 && !strncmp(p, "tcg", 3)) {
            kind = ACCEL_TCG;
        } else {
            error_report("invalid accelerator %.*s", (int)len, p);
            return -EINVAL;
        }
        for (unsigned i = 0; i < cfg->n_accels; i++)
            seen |= cfg->accels[i] == kind;
        if (!seen)
            cfg->accels[cfg->n_accels++] = kind;
        p += len;
    } while (*p++ == ':');
    return 0;
}

static int accel_source(OptState *s, bool from_machine)
{
    if (from_machine ? s->accel_from_option : s->accel_from_machine) {
        error_report("The -accel and \"-machine accel=\" options are incompatible");
        return -EINVAL;
    }
    if (from_machine)
        s->accel_from_machine = true;
    else
        s->accel_from_option = true;
    return 0;
}

int opt_machine(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = {
        { "type", KV_STR }, { "accel", KV_STR }, { "kernel-irqchip", KV_STR }, { "usb", KV_BOOL }, { NULL },
    };
    VireoConfig *cfg = s->cfg;
    Keyval kv = { 0 };
    const char *v;
    int ret = keyval_parse(&kv, arg, "type", desc);

    if (ret < 0)
        goto out;
    v = keyval_str(&kv, "type", NULL);
    if (v && is_help_option(v)) {
        machine_help();
        ret = OPTIONS_EXIT_OK;
        goto out;
    }
    if (v) {
        const char *m = machine_lookup(v);

        if (!m) {
            error_report("unsupported machine type '%s' (use -machine help to list supported machines)", v);
            ret = -EINVAL;
            goto out;
        }
        cfg->machine = m;
    }
    if ((v = keyval_str(&kv, "accel", NULL))) {
        if (is_help_option(v)) {
            accel_help();
            ret = OPTIONS_EXIT_OK;
            goto out;
        }
        if ((ret = accel_source(s, true)) < 0 || (ret = parse_accels(cfg, v)) < 0)
            goto out;
    }
    if ((v = keyval_str(&kv, "kernel-irqchip", NULL))) {
        int irqchip;

        if ((ret = keyval_choose("kernel-irqchip", v, irqchip_choices, &irqchip)) < 0)
            goto out;
        cfg->kernel_irqchip = irqchip;
    }
    cfg->usb = keyval_bool(&kv, "usb", cfg->usb);
out:
    keyval_free(&kv);
    return ret;
}

int opt_accel(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = {
        { "accel", KV_STR }, { "kernel-irqchip", KV_STR }, { "backend", KV_STR }, { NULL },
    };
    Keyval kv = { 0 };
    const char *v;
    int ret = keyval_parse(&kv, arg, "accel", desc);

    if (ret < 0)
        goto out;
    v = keyval_str(&kv, "accel", NULL);
    if (!v) {
        error_report("Parameter 'accel' is missing");
        ret = -EINVAL;
        goto out;
    }
    if (is_help_option(v)) {
        accel_help();
        ret = OPTIONS_EXIT_OK;
        goto out;
    }
    if ((ret = accel_source(s, false)) < 0 || (ret = parse_accels(s->cfg, v)) < 0)
        goto out;
    if ((v = keyval_str(&kv, "kernel-irqchip", NULL))) {
        int irqchip;

        if ((ret = keyval_choose("kernel-irqchip", v, irqchip_choices, &irqchip)) < 0)
            goto out;
        s->cfg->kernel_irqchip = irqchip;
    }
    if ((v = keyval_str(&kv, "backend", NULL))) {
        int b;

        if ((ret = keyval_choose("backend", v, backend_choices, &b)) < 0)
            goto out;
        s->cfg->tcg_backend = backend_choices[b].name;
    }
out:
    keyval_free(&kv);
    return ret;
}

int opt_enable_kvm(OptState *s, const OptionDef *def, const char *arg)
{
    int ret = accel_source(s, false);

    return ret < 0 ? ret : parse_accels(s->cfg, "kvm");
}

static bool feature_name_ok(const char *name)
{
    return *name && strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == strlen(name);
}

/* -cpu MODEL[,+feat][,-feat][,feat=on|off][,feat]: features are checked by the CPU model. */
int opt_cpu(OptState *s, const OptionDef *def, const char *arg)
{
    VireoConfig *cfg = s->cfg;
    size_t len = strcspn(arg, ",");
    const char *p = arg + len;
    bool found = false;

    if ((len == 4 && !strncmp(arg, "help", 4)) || (len == 1 && arg[0] == '?')) {
        FILE *f = options_out();

        fprintf(f, "Available CPUs:\n");
        for (size_t i = 0; i < ARRAY_SIZE(cpu_models); i++)
            fprintf(f, "x86 %-20s  %s\n", cpu_models[i].name, cpu_models[i].desc);
        fprintf(f, "\nFeatures are turned on and off with +feature/-feature or feature=on|off.\n");
        return OPTIONS_EXIT_OK;
    }
    for (size_t i = 0; i < ARRAY_SIZE(cpu_models); i++) {
        if (strlen(cpu_models[i].name) == len && !strncmp(cpu_models[i].name, arg, len)) {
            cfg->cpu_model = cpu_models[i].name;
            found = true;
        }
    }
    s->cpu_arg = arg;
    if (!found) {
        error_report("unable to find CPU model '%.*s' (use -cpu help to list models)", (int)len, arg);
        return -EINVAL;
    }
    while (*p == ',') {
        char elem[128], *name = elem, *eq;
        CpuFeature *f;
        bool on = true;

        p++;
        len = strcspn(p, ",");
        if (len == 0)
            continue;
        if (len >= sizeof(elem)) {
            error_report("CPU feature '%.*s' is too long", (int)len, p);
            return -EINVAL;
        }
        memcpy(elem, p, len);
        elem[len] = '\0';
        p += len;
        if (*name == '+' || *name == '-') {
            on = *name == '+';
            name++;
        } else if ((eq = strchr(name, '='))) {
            *eq = '\0';
            if (parse_bool(eq + 1, &on) < 0) {
                keyval_bad_value(name, eq + 1, "'on' or 'off'");
                return -EINVAL;
            }
        }
        if (!feature_name_ok(name)) {
            error_report("invalid CPU feature name '%s'", name);
            return -EINVAL;
        }
        if (cfg->n_cpu_features == VIREO_MAX_CPU_FEATURES) {
            error_report("too many CPU features (at most %d)", VIREO_MAX_CPU_FEATURES);
            return -EINVAL;
        }
        f = &cfg->cpu_features[cfg->n_cpu_features++];
        f->name = cfg_strdup(cfg, name);
        f->on = on;
    }
    return 0;
}

/* Guest RAM is addressed with qemu64's 40 physical address bits. */
#define RAM_SIZE_MAX (1ull << 40)

int opt_m(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = { { "size", KV_STR }, { NULL } };
    Keyval kv = { 0 };
    const char *v;
    uint64_t size;
    int ret = keyval_parse(&kv, arg, "size", desc);

    if (ret < 0)
        goto out;
    v = keyval_str(&kv, "size", NULL);
    if (!v) {
        error_report("Parameter 'size' is missing");
        ret = -EINVAL;
    } else if (parse_size(v, 1ull << 20, &size) < 0) {
        keyval_bad_value("size", v, "a number of megabytes, or a size with a suffix k, M, G, T, P or E");
        ret = -EINVAL;
    } else if (size == 0) {
        keyval_bad_value("size", v, "a size greater than zero");
        ret = -EINVAL;
    } else if (size > RAM_SIZE_MAX) {
        keyval_bad_value("size", v, "at most 1T");
        ret = -EINVAL;
    } else {
        /* As QEMU: round up to 8 KiB. */
        s->cfg->ram_size = (size + 8191) & ~8191ull;
    }
out:
    keyval_free(&kv);
    return ret;
}

/* QEMU 7.2's machine_parse_smp_config() for a machine that prefers cores over sockets. */
int opt_smp(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = {
        { "cpus", KV_NUM }, { "sockets", KV_NUM }, { "cores", KV_NUM }, { "threads", KV_NUM },
        { "maxcpus", KV_NUM }, { NULL },
    };
    Keyval kv = { 0 };
    uint64_t cpus, sockets, cores, threads, maxcpus, total;
    int ret = keyval_parse(&kv, arg, "cpus", desc);

    if (ret < 0)
        goto out;
    for (size_t i = 0; i < kv.n; i++) {
        /* An explicit 0 is invalid; a huge value would overflow the products below. */
        if (kv.items[i].n == 0 || kv.items[i].n > 65535) {
            error_report("Invalid CPU topology: '%s' must be %s", kv.items[i].key,
                         kv.items[i].n ? "at most 65535" : "greater than zero");
            ret = -EINVAL;
            goto out;
        }
    }
    cpus = keyval_num(&kv, "cpus", 0);
    sockets = keyval_num(&kv, "sockets", 0);
    cores = keyval_num(&kv, "cores", 0);
    threads = keyval_num(&kv, "threads", 0);
    maxcpus = keyval_num(&kv, "maxcpus", 0);

    if (cpus == 0 && maxcpus == 0) {
        sockets = sockets ? sockets : 1;
        cores = cores ? cores : 1;
        threads = threads ? threads : 1;
    } else {
        maxcpus = maxcpus ? maxcpus : cpus;
        if (cores == 0) {
            sockets = sockets ? sockets : 1;
            threads = threads ? threads : 1;
            cores = maxcpus / (sockets * threads);
        } else if (sockets == 0) {
            threads = threads ? threads : 1;
            sockets = maxcpus / (cores * threads);
        }
        if (threads == 0)
            threads = maxcpus / (sockets * cores);
    }
    total = sockets * cores * threads;
    maxcpus = maxcpus ? maxcpus : total;
    cpus = cpus ? cpus : maxcpus;

    if (total != maxcpus) {
        error_report("Invalid CPU topology: product of the hierarchy must match maxcpus: "
                     "sockets (%llu) * cores (%llu) * threads (%llu) != maxcpus (%llu)",
                     (unsigned long long)sockets, (unsigned long long)cores, (unsigned long long)threads,
                     (unsigned long long)maxcpus);
        ret = -EINVAL;
    } else if (maxcpus < cpus) {
        error_report("Invalid CPU topology: maxcpus must be equal to or greater than smp: "
                     "sockets (%llu) * cores (%llu) * threads (%llu) == maxcpus (%llu) < smp_cpus (%llu)",
                     (unsigned long long)sockets, (unsigned long long)cores, (unsigned long long)threads,
                     (unsigned long long)maxcpus, (unsigned long long)cpus);
        ret = -EINVAL;
    } else if (maxcpus > VIREO_MAX_CPUS) {
        error_report("Invalid SMP CPUs %llu. The max CPUs supported by machine 'pc' is %d",
                     (unsigned long long)maxcpus, VIREO_MAX_CPUS);
        ret = -EINVAL;
    } else {
        s->cfg->smp = (SmpConfig){
            .cpus = (unsigned)cpus, .sockets = (unsigned)sockets, .cores = (unsigned)cores,
            .threads = (unsigned)threads, .maxcpus = (unsigned)maxcpus,
        };
    }
out:
    keyval_free(&kv);
    return ret;
}

int opt_uuid(OptState *s, const OptionDef *def, const char *arg)
{
    if (parse_uuid(arg, s->cfg->uuid) < 0) {
        error_report("failed to parse UUID string: wrong format (expects %s)", "%08x-%04x-%04x-%04x-%012x");
        return -EINVAL;
    }
    s->cfg->has_uuid = true;
    return 0;
}

/* "2006-06-17T16:01:21" or "2006-06-17", as UTC. */
static int parse_rtc_date(const char *str, int64_t *out)
{
    struct tm tm = { 0 };
    int n = -1;

    sscanf(str, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
           &tm.tm_sec, &n);
    if (n < 0 || str[n]) {
        tm = (struct tm){ 0 };
        n = -1;
        sscanf(str, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n);
        if (n < 0 || str[n])
            return -EINVAL;
    }
    if (tm.tm_year < 1970 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
        tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 59)
        return -EINVAL;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *out = (int64_t)timegm(&tm);
    return 0;
}

int opt_rtc(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = { { "base", KV_STR }, { "clock", KV_STR }, { "driftfix", KV_STR }, { NULL } };
    static const KeyvalChoice clocks[] = {
        { "host", RTC_CLOCK_HOST }, { "rt", RTC_CLOCK_RT }, { "vm", RTC_CLOCK_VM }, { NULL },
    };
    static const KeyvalChoice driftfix[] = { { "none", 0 }, { "slew", 1 }, { NULL } };
    RtcConfig *rtc = &s->cfg->rtc;
    Keyval kv = { 0 };
    const char *v;
    int choice, ret = keyval_parse(&kv, arg, NULL, desc);

    if (ret < 0)
        goto out;
    if ((v = keyval_str(&kv, "base", NULL))) {
        if (!strcmp(v, "utc")) {
            rtc->base = RTC_BASE_UTC;
        } else if (!strcmp(v, "localtime")) {
            rtc->base = RTC_BASE_LOCALTIME;
        } else if (parse_rtc_date(v, &rtc->start) == 0) {
            rtc->base = RTC_BASE_DATE;
        } else {
            keyval_bad_value("base", v, "utc, localtime or a date: '2006-06-17T16:01:21' or '2006-06-17'");
            ret = -EINVAL;
            goto out;
        }
    }
    if ((v = keyval_str(&kv, "clock", NULL))) {
        if ((ret = keyval_choose("clock", v, clocks, &choice)) < 0)
            goto out;
        rtc->clock = choice;
    }
    if ((v = keyval_str(&kv, "driftfix", NULL))) {
        if ((ret = keyval_choose("driftfix", v, driftfix, &choice)) < 0)
            goto out;
        rtc->driftfix_slew = choice;
    }
out:
    keyval_free(&kv);
    return ret;
}

int opt_name(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = {
        { "guest", KV_STR }, { "process", KV_STR }, { "debug-threads", KV_BOOL }, { NULL },
    };
    VireoConfig *cfg = s->cfg;
    Keyval kv = { 0 };
    int ret = keyval_parse(&kv, arg, "guest", desc);

    if (ret == 0) {
        cfg->name = cfg_strdup(cfg, keyval_str(&kv, "guest", cfg->name));
        cfg->process_name = cfg_strdup(cfg, keyval_str(&kv, "process", cfg->process_name));
        cfg->debug_threads = keyval_bool(&kv, "debug-threads", cfg->debug_threads);
    }
    keyval_free(&kv);
    return ret;
}

/*
 * Boot devices for PC: a, b floppy; c first disk; d first CD-ROM; n-p
 * network. Like QEMU's pc, at most three (they go to CMOS nibbles).
 */
static int check_boot_devices(const char *key, const char *devs, char *out)
{
    unsigned seen = 0;

    if (strlen(devs) > 3) {
        keyval_bad_value(key, devs, "at most 3 boot devices for PC");
        return -EINVAL;
    }
    for (const char *p = devs; *p; p++) {
        if (!strchr("abcdnop", *p)) {
            error_report("Invalid boot device '%c' (expects a, b: floppy; c: disk; d: CD-ROM; n-p: network)",
                         *p);
            return -EINVAL;
        }
        if (seen & (1u << (*p - 'a'))) {
            error_report("Boot device '%c' was given twice", *p);
            return -EINVAL;
        }
        seen |= 1u << (*p - 'a');
    }
    strcpy(out, devs);
    return 0;
}

int opt_boot(OptState *s, const OptionDef *def, const char *arg)
{
    static const KeyvalDesc desc[] = { { "order", KV_STR }, { "once", KV_STR }, { "menu", KV_BOOL }, { NULL } };
    BootConfig *boot = &s->cfg->boot;
    Keyval kv = { 0 };
    const char *v;
    int ret = keyval_parse(&kv, arg, "order", desc);

    if (ret < 0)
        goto out;
    if ((v = keyval_str(&kv, "order", NULL)) && (ret = check_boot_devices("order", v, boot->order)) < 0)
        goto out;
    if ((v = keyval_str(&kv, "once", NULL)) && (ret = check_boot_devices("once", v, boot->once)) < 0)
        goto out;
    boot->menu = keyval_bool(&kv, "menu", boot->menu);
out:
    keyval_free(&kv);
    return ret;
}

int options_machine_finish(OptState *s)
{
    VireoConfig *cfg = s->cfg;
    bool kvm = false;

    if (cfg->n_accels == 0)
        cfg->accels[cfg->n_accels++] = ACCEL_TCG;
    for (unsigned i = 0; i < cfg->n_accels; i++)
        kvm |= cfg->accels[i] == ACCEL_KVM;
    if (!strcmp(cfg->cpu_model, "host") && !kvm) {
        loc_set_option("-cpu", s->cpu_arg);
        error_report("CPU model 'host' requires KVM (-accel kvm)");
        return -EINVAL;
    }
    return 0;
}
