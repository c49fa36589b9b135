/*
 * The QMP commands: one row each, with the arguments qmp.c checks before the
 * handler runs. Replies carry the keys QEMU 7.2 gives (its QAPI schema), so a
 * client that reads QEMU's reads these; run-state changes go through the
 * same calls as the HMP commands of hmp-cmds.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "accel/kvm/kvm.h"
#include "block/block-backend.h"
#include "chardev/char.h"
#include "monitor/monitor.h"
#include "monitor/qmp-block.h"
#include "monitor/qmp-int.h"
#include "system/runstate.h"

static json_t *qmp_capabilities(json_t *args, QMPError *err)
{
    /* No capability (oob) is offered, so none may be enabled. */
    json_t *enable = json_object_get(args, "enable");

    if (enable && json_array_size(enable)) {
        qmp_error_set(err, QMP_ERR_GENERIC, "Capability '%s' not available",
                      json_is_string(json_array_get(enable, 0))
                          ? json_string_value(json_array_get(enable, 0)) : "?");
        return NULL;
    }
    return NULL;
}

static json_t *query_version(json_t *args, QMPError *err)
{
    return qmp_version();
}

static json_t *query_name(json_t *args, QMPError *err)
{
    const char *name = monitor_vm_name();

    return name ? json_pack("{s:s}", "name", name) : json_object();
}

static json_t *query_status(json_t *args, QMPError *err)
{
    return json_pack("{s:s,s:b,s:b}", "status", runstate_name(runstate_get()), "singlestep", 0,
                     "running", runstate_is_running());
}

static json_t *qmp_stop(json_t *args, QMPError *err)
{
    vm_stop(RUN_STATE_PAUSED);
    return NULL;
}

static json_t *qmp_cont(json_t *args, QMPError *err)
{
    if (runstate_needs_reset()) {
        qmp_error_set(err, QMP_ERR_GENERIC, "Resetting the Virtual Machine is required");
        return NULL;
    }
    vm_start();
    return NULL;
}

static json_t *qmp_system_reset(json_t *args, QMPError *err)
{
    runstate_request_host_reset();
    return NULL;
}

static json_t *qmp_system_powerdown(json_t *args, QMPError *err)
{
    runstate_request_powerdown();
    return NULL;
}

static json_t *qmp_quit(json_t *args, QMPError *err)
{
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_QUIT, 0);
    return NULL;
}

static json_t *query_kvm(json_t *args, QMPError *err)
{
    /* "present": built with KVM support; "enabled": the guest runs on it. */
    return json_pack("{s:b,s:b}", "enabled", kvm_enabled(), "present", kvm_available());
}

static json_t *query_cpus_fast(json_t *args, QMPError *err)
{
    const MonitorMachineOps *ops;
    void *opaque;
    int ids[256], n = 0;
    json_t *list = json_array();

    ops = monitor_machine(&opaque);
    if (ops && ops->cpu_thread_ids)
        n = ops->cpu_thread_ids(opaque, ids, 256);
    for (int i = 0; i < n; i++) {
        char path[64];

        snprintf(path, sizeof(path), "/machine/unattached/device[%d]", i);
        json_array_append_new(list, json_pack("{s:i,s:{s:i,s:i,s:i},s:s,s:i,s:s}", "thread-id", ids[i],
                                              "props", "core-id", 0, "thread-id", 0, "socket-id", i,
                                              "qom-path", path, "cpu-index", i, "target", "x86_64"));
    }
    return list;
}

static json_t *query_machines(json_t *args, QMPError *err)
{
    return json_pack("[{s:b,s:s,s:b,s:s,s:b,s:i,s:b,s:s,s:s}]", "hotpluggable-cpus", 0,
                     "name", "pc-i440fx-7.2", "numa-mem-supported", 0,
                     "default-cpu-type", "qemu64-x86_64-cpu", "is-default", 1, "cpu-max", 64,
                     "deprecated", 0, "default-ram-id", "pc.ram", "alias", "pc");
}

static json_t *query_cpu_definitions(json_t *args, QMPError *err)
{
    static const char *const models[] = { "qemu64", "max" };
    json_t *list = json_array();

    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
        char type[64];

        snprintf(type, sizeof(type), "%s-x86_64-cpu", models[i]);
        json_t *def = json_pack("{s:s,s:s,s:[],s:b,s:b,s:b}", "name", models[i], "typename", type,
                                "unavailable-features", "static", 0, "migration-safe", i == 0,
                                "deprecated", 0);

        /* QEMU's unversioned names stand for the first version of the model. */
        if (def && i == 0)
            json_object_set_new(def, "alias-of", json_string("qemu64-v1"));
        json_array_append_new(list, def);
    }
    return list;
}

static void add_chardev(void *opaque, const char *label, const char *filename)
{
    json_array_append_new(opaque, json_pack("{s:b,s:s,s:s}", "frontend-open", 1, "filename",
                                            filename, "label", label));
}

static json_t *query_chardev(json_t *args, QMPError *err)
{
    json_t *list = json_array();

    chr_foreach(add_chardev, list);
    return list;
}

static json_t *query_commands(json_t *args, QMPError *err)
{
    json_t *list = json_array();

    for (const QMPCommand *c = qmp_commands; c->name; c++)
        json_array_append_new(list, json_pack("{s:s}", "name", c->name));
    return list;
}

/* human-monitor-command's HMP monitor on a memory chardev, made at first use. */
static Chardev *hmc_chr;
static Monitor *hmc_mon;

void qmp_cmds_cleanup(void)
{
    monitor_free(hmc_mon);
    hmc_mon = NULL;
    hmc_chr = NULL;             /* chr_cleanup() frees it */
}

/* An HMP monitor on a memory chardev: the command's text is the reply. */
static json_t *human_monitor_command(json_t *args, QMPError *err)
{
    Chardev *chr;
    Monitor *mon;
    const char *line = json_string_value(json_object_get(args, "command-line"));
    char *out = NULL;
    size_t len = 0, n;
    uint8_t buf[4096];
    json_t *ret;

    if (!hmc_mon) {
        if (!(hmc_chr = chr_memory_new()) || !(hmc_mon = monitor_new_private(hmc_chr))) {
            qmp_error_set(err, QMP_ERR_GENERIC, "cannot create a monitor");
            return NULL;
        }
    }
    chr = hmc_chr;
    mon = hmc_mon;
    while (chr_memory_take(chr, buf, sizeof(buf)))
        ;                       /* the banner and prompts of earlier commands */
    monitor_execute(mon, line);
    while ((n = chr_memory_take(chr, buf, sizeof(buf))) > 0) {
        char *p = realloc(out, len + n + 1);

        if (!p)
            break;
        out = p;
        memcpy(out + len, buf, n);
        len += n;
    }
    ret = json_stringn(out ? out : "", len);
    free(out);
    return ret;
}

/* The drive a block command names: exactly one of "device" and "id". */
static const char *drive_arg(json_t *args, QMPError *err)
{
    json_t *dev = json_object_get(args, "device"), *id = json_object_get(args, "id");

    if (!dev == !id) {
        qmp_error_set(err, QMP_ERR_GENERIC, "Need exactly one of 'device' and 'id'");
        return NULL;
    }
    return json_string_value(dev ? dev : id);
}

static void block_error(QMPError *err, int ret, const char *msg)
{
    qmp_error_set(err, ret == -ENODEV ? QMP_ERR_DEVICE_NOT_FOUND : QMP_ERR_GENERIC, "%s", msg);
}

static json_t *qmp_eject(json_t *args, QMPError *err)
{
    const char *dev = drive_arg(args, err);
    char msg[512];
    int ret;

    if (dev && (ret = blk_eject(dev, json_is_true(json_object_get(args, "force")), msg,
                                sizeof(msg))) < 0)
        block_error(err, ret, msg);
    return NULL;
}

static json_t *blockdev_change_medium(json_t *args, QMPError *err)
{
    const char *dev = drive_arg(args, err);
    json_t *fmt = json_object_get(args, "format");
    char msg[512];
    int ret;

    if (dev && (ret = blk_change_medium(dev, json_string_value(json_object_get(args, "filename")),
                                        fmt ? json_string_value(fmt) : NULL, msg, sizeof(msg))) < 0)
        block_error(err, ret, msg);
    return NULL;
}

const QMPCommand qmp_commands[] = {
    { "qmp_capabilities", qmp_capabilities, { { "enable", QMP_ARG_ARRAY, true } } },
    { "query-commands", query_commands, { { NULL } } },
    { "query-version", query_version, { { NULL } } },
    { "query-name", query_name, { { NULL } } },
    { "query-status", query_status, { { NULL } } },
    { "query-kvm", query_kvm, { { NULL } } },
    { "query-cpus-fast", query_cpus_fast, { { NULL } } },
    { "query-machines", query_machines, { { NULL } } },
    { "query-cpu-definitions", query_cpu_definitions, { { NULL } } },
    { "query-chardev", query_chardev, { { NULL } } },
    { "query-block", qmp_query_block, { { NULL } } },
    { "query-blockstats", qmp_query_blockstats,
      { { "query-nodes", QMP_ARG_BOOL, true } } },
    { "stop", qmp_stop, { { NULL } } },
    { "cont", qmp_cont, { { NULL } } },
    { "system_reset", qmp_system_reset, { { NULL } } },
    { "system_powerdown", qmp_system_powerdown, { { NULL } } },
    { "quit", qmp_quit, { { NULL } } },
    { "eject", qmp_eject,
      { { "device", QMP_ARG_STR, true }, { "id", QMP_ARG_STR, true }, { "force", QMP_ARG_BOOL, true } } },
    { "blockdev-change-medium", blockdev_change_medium,
      { { "device", QMP_ARG_STR, true }, { "id", QMP_ARG_STR, true }, { "filename", QMP_ARG_STR, false },
        { "format", QMP_ARG_STR, true }, { "read-only-mode", QMP_ARG_STR, true },
        { "force", QMP_ARG_BOOL, true } } },
    { "human-monitor-command", human_monitor_command,
      { { "command-line", QMP_ARG_STR, false }, { "cpu-index", QMP_ARG_INT, true } } },
    { NULL },
};
