/*
 * Corpus files: test cases with their natively recorded results, written on
 * an x86-64 host and replayed under Vireo on any host (aarch64, big-endian).
 *
 * Format, version 1. Every integer is little-endian, whatever the host.
 *
 *   file    := header record*
 *   header  := "VIREOCPU" u32 version u32 zero          (16 bytes)
 *   record  := u32 length  field*                       (length: bytes of the fields)
 *   field   := u16 tag  u32 length  payload
 *
 * A record holds one case and its result. Unknown tags are skipped, so a
 * later version may add fields; a change to an existing field's meaning
 * bumps the version. The tags:
 *
 *   1 NAME        the case's label, no NUL
 *   2 CODE        the instruction bytes
 *   3 FLAGS_MASK  u32: the RFLAGS bits the code defines
 *   4 INIT_REGS   registers (below) of the initial state
 *   5 INIT_MEM    the initial data window, as runs that differ from zero
 *   6 RES_REGS    registers of the final state
 *   7 RES_MEM     the final data window, as runs that differ from INIT_MEM
 *   8 FAULT       i32 signal, i32 vector, i32 si_code, u64 addr, u64 rip,
 *                 u64 error_code
 *   9 FSW_MASK    u16: the x87 status word bits compared; optional, absent
 *                 means 0xffff (written only when it differs)
 *  10 MODE        u8: 64 (64-bit mode) or 32 (compatibility mode); optional,
 *                 absent means 64 (written only when it differs)
 *
 *   registers := u64 gpr[16] (rax rcx rdx rbx rsp rbp rsi rdi r8..r15)
 *                u64 rip, rflags, fs_base, gs_base  u32 mxcsr
 *                xmm[16][16] ymmh[16][16] (guest byte order)
 *                u16 fcw, fsw  u8 ftw, top  regs[8][10] (physical R0..R7)
 *   runs      := (u16 offset  u16 length  bytes[length])*
 *
 * All fields but NAME, FSW_MASK and MODE are required.
 */
#ifndef TESTS_CPU_CORPUS_H
#define TESTS_CPU_CORPUS_H

#include <stdio.h>

#include "tests/cpu/state.h"

#define CORPUS_MAGIC   "VIREOCPU"
#define CORPUS_VERSION 1

/*
 * Streaming. All return 0 or a negative errno: -EIO for a stdio error,
 * -EINVAL for a malformed or truncated file, -EPROTO for a newer version.
 * corpus_read_case() returns 1 for a case, 0 at a clean end of file.
 */
int corpus_write_header(FILE *f);
int corpus_write_case(FILE *f, const TestCase *tc, const TestResult *res);
int corpus_read_header(FILE *f);
int corpus_read_case(FILE *f, TestCase *tc, TestResult *res);

/* Whole files. corpus_read() allocates *cases and *results (free() both). */
int corpus_write(FILE *f, const TestCase *cases, const TestResult *results, size_t n);
int corpus_read(FILE *f, TestCase **cases, TestResult **results, size_t *n);

#endif
