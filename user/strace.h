/*
 * -strace output of vireo-x86_64: "name(args) = result" per system call,
 * each piece one write(2) under a lock, so threads never split a line.
 *
 * A call is printed when it starts and its result appended when it returns,
 * so a program stuck in a call shows which. When another thread prints in
 * between, the open line is closed with " <unfinished ...>" and the result
 * comes later as "<... name resumed> = result", as strace does; a
 * single-threaded program's lines are unchanged.
 */
#ifndef USER_STRACE_H
#define USER_STRACE_H

#include <stdint.h>

/* Print "name(0x.., 0x..)" (nargs of a), or "syscall_NR(...)" when name is NULL. */
void user_strace_call(const char *name, uint64_t nr, const uint64_t *a, unsigned nargs);

/*
 * The same for a thread's exit(2), whose " = ?" thread.c appends with a
 * plain fprintf just before the thread ends: the lock stays held from here
 * until the thread is gone (a thread-specific-data destructor releases it),
 * so no other thread's line can come between. Other threads wait for the
 * exit only if they print meanwhile.
 */
void user_strace_call_exit(const char *name, uint64_t nr, const uint64_t *a, unsigned nargs);

/* End this thread's call with fmt's text (" = 0", " = ?"...) and a newline. */
void user_strace_result(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
