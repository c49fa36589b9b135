/*
 * The VM run state, and requests to change it.
 *
 *   prelaunch --vm_start--> running <--vm_stop/vm_start--> paused
 *                              |--guest shutdown, -no-shutdown--> shutdown
 *                              |--guest panic--> guest-panicked
 *
 * Threading rule: requests (runstate_request_*) may come from any thread (a
 * vCPU writing the debug-exit port, the ACPI sleep register, a signal
 * handler's deferred work, the monitor): they set a flag and call
 * main_loop_notify(). Only the main-loop thread, holding the bql, acts on
 * them, in runstate_poll(), which the main loop calls after each
 * main_loop_wait(). vm_stop(), vm_start() and runstate_set() are main-thread
 * only: they run the change hooks, which stop and restart the vCPUs and the
 * virtual clock.
 *
 * The names are QEMU's RunState names, as `info status` prints them.
 */
#ifndef SYSTEM_RUNSTATE_H
#define SYSTEM_RUNSTATE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum RunState {
    RUN_STATE_PRELAUNCH,        /* built, not started (-S) */
    RUN_STATE_RUNNING,
    RUN_STATE_PAUSED,           /* monitor "stop" */
    RUN_STATE_SHUTDOWN,         /* guest powered off under -no-shutdown */
    RUN_STATE_GUEST_PANICKED,   /* pvpanic / a triple fault the board turns into a stop */
    RUN_STATE_DEBUG,            /* stopped at a gdb breakpoint */
    RUN_STATE_INTERNAL_ERROR,   /* the emulator could not go on (e.g. KVM refused) */
    RUN_STATE_IO_ERROR,         /* a disk error with werror=stop */
    RUN_STATE__MAX
} RunState;

/* Why a shutdown was requested: the guest may be told apart from the host. */
typedef enum ShutdownCause {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_HOST_QUIT,       /* monitor quit, Ctrl-a x: ignores -no-shutdown */
    SHUTDOWN_CAUSE_HOST_SIGNAL,     /* SIGTERM, SIGINT, SIGHUP */
    SHUTDOWN_CAUSE_GUEST_SHUTDOWN,  /* ACPI S5, debug-exit */
    SHUTDOWN_CAUSE_GUEST_RESET,     /* a reset under -no-reboot */
} ShutdownCause;

/*
 * What happened to the VM, for QMP's events (main thread, bql held): STOP,
 * RESUME, POWERDOWN, RESET and SHUTDOWN, the last two with QEMU's "guest"
 * and "reason" ("host-qmp-quit", "host-signal", "guest-shutdown",
 * "guest-reset", "host-qmp-system-reset"); reason is NULL for the others.
 */
typedef void RunstateEventFn(const char *event, bool guest, const char *reason);
void runstate_set_event_fn(RunstateEventFn *fn);

RunState runstate_get(void);
bool runstate_is_running(void);
const char *runstate_name(RunState state);

/* ---- Main thread only (bql held) ------------------------------------ */

/*
 * A hook called when the VM starts running (running=true) or stops
 * (running=false, state is the new state). Hooks run in registration order
 * on start and in reverse order on stop, so what started last stops first.
 */
typedef void RunstateChangeHook(void *opaque, bool running, RunState state);
int runstate_add_change_hook(RunstateChangeHook *hook, void *opaque);
void runstate_remove_change_hook(RunstateChangeHook *hook, void *opaque);

/* Stop the VM into `state` (the virtual clock stops with it). No-op if not running. */
void vm_stop(RunState state);
/* Start or resume. Returns 0, or -EBUSY if already running. */
int vm_start(void);
/* Set the state without running hooks (e.g. prelaunch -> paused under -S). */
void runstate_set(RunState state);

/* The VM stopped in a way only system_reset undoes (shutdown, panic, internal error). */
bool runstate_needs_reset(void);

/* -no-shutdown: a guest power-off stops the VM instead of exiting. */
void runstate_set_no_shutdown(bool on);
/* -no-reboot: a guest reset exits instead of resetting. */
void runstate_set_no_reboot(bool on);

/* Board hooks: what system_reset and the ACPI power button do. */
typedef void RunstateHook(void *opaque);
void runstate_set_reset_handler(RunstateHook *fn, void *opaque);
void runstate_set_powerdown_handler(RunstateHook *fn, void *opaque);

/*
 * Act on pending requests, in order: shutdown, reset, powerdown, stop.
 * Returns true when the main loop should exit, with the exit status in
 * *status. Called by the main loop after each iteration.
 */
bool runstate_poll(int *status);

/* Forget pending requests and hooks and return to prelaunch (tests). */
void runstate_reset_for_test(void);

/* ---- Any thread ---------------------------------------------------- */

void runstate_request_reset(void);
/* The same, asked by the host (monitor system_reset): reported as such. */
void runstate_request_host_reset(void);
/* The guest or host asks to power off; status is the process exit status. */
void runstate_request_shutdown(ShutdownCause cause, int status);
/* The ACPI power button: the board's powerdown handler presses it. */
void runstate_request_powerdown(void);
/*
 * isa-debug-exit: the guest wrote `value`; the process exits with
 * (value << 1) | 1, as QEMU's device does, so 0 never means success by
 * accident.
 */
void runstate_request_debug_exit(uint32_t value);
/* Stop from a vCPU thread (panic, breakpoint, internal error). */
void runstate_request_stop(RunState state);

#endif
