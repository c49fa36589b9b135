/*
 * Row notation for the decoder tables, included only by the table files
 * (decode-onebyte.c, decode-0f*.c, decode-x87.c) after every other header.
 *
 * An operand is written as in the opcode maps of SDM Vol. 2 Appendix A: the
 * addressing-method letter then the operand-type letters, `Eb`, `Gv`, `Vps`,
 * `Wss`, `Iz`. Each name below expands to its {kind, size} pair; the names
 * are spelled out one by one so grep finds every use. A row is
 *
 *     [0x00] = { X86_INSN_ADD, { Eb, Gb }, X86_F_LOCK },   -- 00 /r ADD Eb,Gb
 *
 * with flags and the CPUID feature optional, and a link to a sub-table is
 *
 *     [0x80] = BY_REG(grp1_80),                            -- Grp 1 Eb,Ib
 *
 * Operands whose register and memory forms differ in size keep the SDM's
 * spelling without the slash: RvMw is "Rv/Mw", RyMb is "Ry/Mb".
 */
#ifndef CPU_X86_DECODE_ROWS_H
#define CPU_X86_DECODE_ROWS_H

#include "cpu/x86/decode.h"

/* General registers and memory through ModRM */
#define Eb      { X86_OPK_E, X86_SZ_b }
#define Ew      { X86_OPK_E, X86_SZ_w }
#define Ed      { X86_OPK_E, X86_SZ_d }
#define Eq      { X86_OPK_E, X86_SZ_q }
#define Ev      { X86_OPK_E, X86_SZ_v }
#define Ey      { X86_OPK_E, X86_SZ_y }
#define Gb      { X86_OPK_G, X86_SZ_b }
#define Gw      { X86_OPK_G, X86_SZ_w }
#define Gd      { X86_OPK_G, X86_SZ_d }
#define Gv      { X86_OPK_G, X86_SZ_v }
#define Gy      { X86_OPK_G, X86_SZ_y }
#define Gz      { X86_OPK_G, X86_SZ_z }
#define RvMw    { X86_OPK_E, X86_SZ_vw }
#define RyMb    { X86_OPK_E, X86_SZ_yb }
#define RyMw    { X86_OPK_E, X86_SZ_yw }
#define Rd      { X86_OPK_R, X86_SZ_d }
#define Rv      { X86_OPK_R, X86_SZ_v }
#define Rw      { X86_OPK_R, X86_SZ_w }
#define Ry      { X86_OPK_R, X86_SZ_y }
#define M       { X86_OPK_M, X86_SZ_NONE }
#define Mb      { X86_OPK_M, X86_SZ_b }
#define Mw      { X86_OPK_M, X86_SZ_w }
#define Md      { X86_OPK_M, X86_SZ_d }
#define Mq      { X86_OPK_M, X86_SZ_q }
#define Mdq     { X86_OPK_M, X86_SZ_dq }
#define Mv      { X86_OPK_M, X86_SZ_v }
#define My      { X86_OPK_M, X86_SZ_y }
#define Mx      { X86_OPK_M, X86_SZ_x }
#define Mps     { X86_OPK_M, X86_SZ_ps }
#define Mpd     { X86_OPK_M, X86_SZ_pd }
#define Mp      { X86_OPK_M, X86_SZ_p }
#define Ma      { X86_OPK_M, X86_SZ_a }
#define Ms      { X86_OPK_M, X86_SZ_s }
#define Mt      { X86_OPK_M, X86_SZ_t }
#define Mfenv   { X86_OPK_M, X86_SZ_fenv }
#define Mfsave  { X86_OPK_M, X86_SZ_fsave }
#define Mfxsave { X86_OPK_M, X86_SZ_fxsave }
#define Mxsave  { X86_OPK_M, X86_SZ_xsave }
#define Sw      { X86_OPK_S, X86_SZ_w }
#define Cy      { X86_OPK_C, X86_SZ_y }
#define Dy      { X86_OPK_D, X86_SZ_y }
#define By      { X86_OPK_B, X86_SZ_y }

/* General register in the opcode's low three bits */
#define Zb      { X86_OPK_Z, X86_SZ_b }
#define Zv      { X86_OPK_Z, X86_SZ_v }
#define Zy      { X86_OPK_Z, X86_SZ_y }

/* Immediates, relative offsets, far pointers, moffs */
#define Ib      { X86_OPK_I, X86_SZ_b }
#define Iw      { X86_OPK_I, X86_SZ_w }
#define Iz      { X86_OPK_I, X86_SZ_z }
#define Iv      { X86_OPK_I, X86_SZ_v }
#define Jb      { X86_OPK_J, X86_SZ_b }
#define Jz      { X86_OPK_J, X86_SZ_z }
#define Ap      { X86_OPK_A, X86_SZ_p }
#define Ob      { X86_OPK_O, X86_SZ_b }
#define Ov      { X86_OPK_O, X86_SZ_v }

/* String operands */
#define Xb      { X86_OPK_X, X86_SZ_b }
#define Xv      { X86_OPK_X, X86_SZ_v }
#define Xz      { X86_OPK_X, X86_SZ_z }
#define Yb      { X86_OPK_Y, X86_SZ_b }
#define Yv      { X86_OPK_Y, X86_SZ_v }
#define Yz      { X86_OPK_Y, X86_SZ_z }

/* Fixed registers and the constant 1 */
#define AL      { X86_OPK_rAX, X86_SZ_b }
#define AX      { X86_OPK_rAX, X86_SZ_w }
#define eAX     { X86_OPK_rAX, X86_SZ_z }
#define rAX     { X86_OPK_rAX, X86_SZ_v }
#define CL      { X86_OPK_rCX, X86_SZ_b }
#define DX      { X86_OPK_rDX, X86_SZ_w }
#define ONE     { X86_OPK_1, X86_SZ_b }
#define sES     { X86_OPK_ES, X86_SZ_w }
#define sCS     { X86_OPK_CS, X86_SZ_w }
#define sSS     { X86_OPK_SS, X86_SZ_w }
#define sDS     { X86_OPK_DS, X86_SZ_w }
#define sFS     { X86_OPK_FS, X86_SZ_w }
#define sGS     { X86_OPK_GS, X86_SZ_w }

/* x87 */
#define ST0     { X86_OPK_ST0, X86_SZ_t }
#define STi     { X86_OPK_STi, X86_SZ_t }

/* MMX */
#define Pd      { X86_OPK_P, X86_SZ_d }
#define Pq      { X86_OPK_P, X86_SZ_q }
#define Qd      { X86_OPK_Q, X86_SZ_d }
#define Qq      { X86_OPK_Q, X86_SZ_q }
#define Nq      { X86_OPK_N, X86_SZ_q }

/* XMM/YMM */
#define Vx      { X86_OPK_V, X86_SZ_x }
#define Vdq     { X86_OPK_V, X86_SZ_dq }
#define Vq      { X86_OPK_V, X86_SZ_q }
#define Vd      { X86_OPK_V, X86_SZ_d }
#define Vy      { X86_OPK_V, X86_SZ_y }
#define Vps     { X86_OPK_V, X86_SZ_ps }
#define Vpd     { X86_OPK_V, X86_SZ_pd }
#define Vss     { X86_OPK_V, X86_SZ_ss }
#define Vsd     { X86_OPK_V, X86_SZ_sd }
#define Wx      { X86_OPK_W, X86_SZ_x }
#define Wdq     { X86_OPK_W, X86_SZ_dq }
#define Wq      { X86_OPK_W, X86_SZ_q }
#define Wd      { X86_OPK_W, X86_SZ_d }
#define Ww      { X86_OPK_W, X86_SZ_w }
#define Wps     { X86_OPK_W, X86_SZ_ps }
#define Wpd     { X86_OPK_W, X86_SZ_pd }
#define Wss     { X86_OPK_W, X86_SZ_ss }
#define Wsd     { X86_OPK_W, X86_SZ_sd }
#define Ux      { X86_OPK_U, X86_SZ_x }
#define Udq     { X86_OPK_U, X86_SZ_dq }
#define Uq      { X86_OPK_U, X86_SZ_q }
#define Ups     { X86_OPK_U, X86_SZ_ps }
#define Upd     { X86_OPK_U, X86_SZ_pd }
#define Hx      { X86_OPK_H, X86_SZ_x }
#define Hdq     { X86_OPK_H, X86_SZ_dq }
#define Hq      { X86_OPK_H, X86_SZ_q }
#define Hps     { X86_OPK_H, X86_SZ_ps }
#define Hpd     { X86_OPK_H, X86_SZ_pd }
#define Hss     { X86_OPK_H, X86_SZ_ss }
#define Hsd     { X86_OPK_H, X86_SZ_sd }
#define Lx      { X86_OPK_L, X86_SZ_x }
#define XMM0    { X86_OPK_XMM0, X86_SZ_dq }

/* Links to sub-tables */
#define BY_REG(t)    { .group = X86_GRP_REG, .sub = (t) }
#define BY_MOD(t)    { .group = X86_GRP_MOD, .sub = (t) }
#define BY_RM(t)     { .group = X86_GRP_RM, .sub = (t) }
#define BY_PREFIX(t) { .group = X86_GRP_PREFIX, .sub = (t) }
#define BY_MODE64(t) { .group = X86_GRP_MODE64, .sub = (t) }
#define BY_W(t)      { .group = X86_GRP_W, .sub = (t) }
#define BY_VEXL(t)   { .group = X86_GRP_VEXL, .sub = (t) }
#define BY_VEX(t)    { .group = X86_GRP_VEX, .sub = (t) }
#define BY_REXB(t)   { .group = X86_GRP_REXB, .sub = (t) }

#endif
