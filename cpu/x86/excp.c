/* Guest exceptions: see excp.h. */
#include "cpu/x86/excp.h"

#include "accel/tcg/cpu-exec.h"
#include "system/log.h"

noreturn void x86_raise_exception_err(CPUX86State *env, int vector, int error_code)
{
    env->common.exception_index = vector;
    env->error_code = error_code;
    env->exception_is_int = false;
    if (log_enabled(LOG_INT))
        log_printf("exception %d error 0x%x\n", vector, error_code);
    cpu_loop_exit_restore(&env->common);
}

noreturn void x86_raise_exception(CPUX86State *env, int vector)
{
    x86_raise_exception_err(env, vector, 0);
}

noreturn void x86_raise_page_fault(CPUX86State *env, uint64_t addr, int error_code)
{
    env->cr[2] = addr;
    x86_raise_exception_err(env, EXCP_PF, error_code);
}

uint64_t helper_raise_exception(void *env, uint64_t vector)
{
    x86_raise_exception(env, (int)vector);
}

uint64_t helper_raise_exception_err(void *env, uint64_t vector, uint64_t error_code)
{
    x86_raise_exception_err(env, (int)vector, (int)error_code);
}
