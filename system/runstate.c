/* The VM run state and the requests the main loop consumes. See runstate.h. */
#include "system/runstate.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "system/clock.h"
#include "system/main-loop.h"

static const char *const names[RUN_STATE__MAX] = {
    [RUN_STATE_PRELAUNCH] = "prelaunch",
    [RUN_STATE_RUNNING] = "running",
    [RUN_STATE_PAUSED] = "paused",
    [RUN_STATE_SHUTDOWN] = "shutdown",
    [RUN_STATE_GUEST_PANICKED] = "guest-panicked",
    [RUN_STATE_DEBUG] = "debug",
    [RUN_STATE_INTERNAL_ERROR] = "internal-error",
    [RUN_STATE_IO_ERROR] = "io-error",
};

typedef struct ChangeHook {
    RunstateChangeHook *fn;
    void *opaque;
    struct ChangeHook *next, *prev;
} ChangeHook;

static RunState current = RUN_STATE_PRELAUNCH;
static ChangeHook *hooks, *hooks_tail;
static bool no_shutdown, no_reboot;
static RunstateHook *reset_fn, *powerdown_fn;
static void *reset_opaque, *powerdown_opaque;

/* Requests: written by any thread, consumed by the main thread. */
static atomic_int shutdown_cause;       /* ShutdownCause, NONE: no request */
static atomic_int shutdown_status;
static atomic_bool reset_requested, powerdown_requested, reset_by_host;
static RunstateEventFn *event_fn;

void runstate_set_event_fn(RunstateEventFn *fn) { event_fn = fn; }

static void event(const char *name, bool guest, const char *reason)
{
    if (event_fn)
        event_fn(name, guest, reason);
}

static const char *const shutdown_reasons[] = {
    [SHUTDOWN_CAUSE_NONE] = "none",
    [SHUTDOWN_CAUSE_HOST_QUIT] = "host-qmp-quit",
    [SHUTDOWN_CAUSE_HOST_SIGNAL] = "host-signal",
    [SHUTDOWN_CAUSE_GUEST_SHUTDOWN] = "guest-shutdown",
    [SHUTDOWN_CAUSE_GUEST_RESET] = "guest-reset",
};
static atomic_int stop_requested;       /* RunState + 1, 0: none */

RunState runstate_get(void) { return current; }
bool runstate_is_running(void) { return current == RUN_STATE_RUNNING; }

const char *runstate_name(RunState state)
{
    return (unsigned)state < RUN_STATE__MAX ? names[state] : "unknown";
}

int runstate_add_change_hook(RunstateChangeHook *fn, void *opaque)
{
    ChangeHook *h = calloc(1, sizeof(*h));

    if (!h)
        return -ENOMEM;
    h->fn = fn;
    h->opaque = opaque;
    h->prev = hooks_tail;
    if (hooks_tail)
        hooks_tail->next = h;
    else
        hooks = h;
    hooks_tail = h;
    return 0;
}

void runstate_remove_change_hook(RunstateChangeHook *fn, void *opaque)
{
    for (ChangeHook *h = hooks; h; h = h->next) {
        if (h->fn == fn && h->opaque == opaque) {
            *(h->prev ? &h->prev->next : &hooks) = h->next;
            *(h->next ? &h->next->prev : &hooks_tail) = h->prev;
            free(h);
            return;
        }
    }
}

void vm_stop(RunState state)
{
    if (current != RUN_STATE_RUNNING) {
        /* Already stopped: only the reported reason changes (stop after a panic stays a panic). */
        if (state != RUN_STATE_PAUSED)
            current = state;
        return;
    }
    current = state;
    /* Reverse order: the vCPUs stop before the clock they read. */
    for (ChangeHook *h = hooks_tail; h; h = h->prev)
        h->fn(h->opaque, false, state);
    clock_virtual_stop();
    event("STOP", false, NULL);
}

int vm_start(void)
{
    if (current == RUN_STATE_RUNNING)
        return -EBUSY;
    current = RUN_STATE_RUNNING;
    clock_virtual_start();
    for (ChangeHook *h = hooks; h; h = h->next)
        h->fn(h->opaque, true, RUN_STATE_RUNNING);
    event("RESUME", false, NULL);
    return 0;
}

void runstate_set(RunState state)
{
    if ((unsigned)state < RUN_STATE__MAX)
        current = state;
}

bool runstate_needs_reset(void)
{
    return current == RUN_STATE_SHUTDOWN || current == RUN_STATE_GUEST_PANICKED ||
           current == RUN_STATE_INTERNAL_ERROR;
}

void runstate_set_no_shutdown(bool on) { no_shutdown = on; }
void runstate_set_no_reboot(bool on) { no_reboot = on; }

void runstate_set_reset_handler(RunstateHook *fn, void *opaque)
{
    reset_fn = fn;
    reset_opaque = opaque;
}

void runstate_set_powerdown_handler(RunstateHook *fn, void *opaque)
{
    powerdown_fn = fn;
    powerdown_opaque = opaque;
}

void runstate_request_reset(void)
{
    atomic_store(&reset_requested, true);
    main_loop_notify();
}

void runstate_request_host_reset(void)
{
    atomic_store(&reset_by_host, true);
    runstate_request_reset();
}

void runstate_request_shutdown(ShutdownCause cause, int status)
{
    int none = SHUTDOWN_CAUSE_NONE;

    if (cause == SHUTDOWN_CAUSE_NONE)
        return;
    /* The first request wins, except that a host quit overrides a guest one. */
    atomic_store(&shutdown_status, status);
    if (!atomic_compare_exchange_strong(&shutdown_cause, &none, (int)cause) && cause == SHUTDOWN_CAUSE_HOST_QUIT)
        atomic_store(&shutdown_cause, (int)cause);
    main_loop_notify();
}

void runstate_request_powerdown(void)
{
    atomic_store(&powerdown_requested, true);
    main_loop_notify();
}

void runstate_request_debug_exit(uint32_t value)
{
    runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_SHUTDOWN, (int)((value << 1) | 1));
}

void runstate_request_stop(RunState state)
{
    atomic_store(&stop_requested, (int)state + 1);
    main_loop_notify();
}

bool runstate_poll(int *status)
{
    int cause = atomic_exchange(&shutdown_cause, SHUTDOWN_CAUSE_NONE);
    int stop;

    if (cause != SHUTDOWN_CAUSE_NONE) {
        event("SHUTDOWN", cause >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN, shutdown_reasons[cause]);
        /* -no-shutdown keeps the process (and its monitor) alive after a guest power-off. */
        if (no_shutdown && cause == SHUTDOWN_CAUSE_GUEST_SHUTDOWN) {
            vm_stop(RUN_STATE_SHUTDOWN);
        } else {
            *status = atomic_load(&shutdown_status);
            return true;
        }
    }
    if (atomic_exchange(&reset_requested, false)) {
        bool host = atomic_exchange(&reset_by_host, false);

        /* As QEMU: -no-reboot turns any reset, the monitor's too, into the end. */
        if (no_reboot) {
            event("SHUTDOWN", !host, host ? "host-qmp-system-reset" : "guest-reset");
            *status = 0;
            return true;
        }
        event("RESET", !host, host ? "host-qmp-system-reset" : "guest-reset");
        if (reset_fn)
            reset_fn(reset_opaque);
        /* As QEMU: a stopped VM is fresh after a reset and waits for cont. */
        if (current != RUN_STATE_RUNNING)
            current = RUN_STATE_PRELAUNCH;
    }
    if (atomic_exchange(&powerdown_requested, false)) {
        event("POWERDOWN", false, NULL);
        if (powerdown_fn)
            powerdown_fn(powerdown_opaque);
    }
    if ((stop = atomic_exchange(&stop_requested, 0)) != 0)
        vm_stop((RunState)(stop - 1));
    return false;
}

void runstate_reset_for_test(void)
{
    ChangeHook *h, *next;

    for (h = hooks; h; h = next) {
        next = h->next;
        free(h);
    }
    hooks = hooks_tail = NULL;
    current = RUN_STATE_PRELAUNCH;
    no_shutdown = no_reboot = false;
    reset_fn = powerdown_fn = NULL;
    atomic_store(&shutdown_cause, SHUTDOWN_CAUSE_NONE);
    atomic_store(&reset_requested, false);
    atomic_store(&powerdown_requested, false);
    atomic_store(&stop_requested, 0);
}
