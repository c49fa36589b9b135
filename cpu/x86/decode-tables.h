/*
 * Private to the decoder: the opcode maps and the sub-tables one table file
 * lends another. decode.c reaches every row through x86_maps[].
 */
#ifndef CPU_X86_DECODE_TABLES_H
#define CPU_X86_DECODE_TABLES_H

#include "cpu/x86/decode.h"

/* The four opcode maps by X86DecodedInsn.map: one-byte, 0F, 0F 38, 0F 3A. */
extern const X86OpEntry x86_map_onebyte[256];   /* decode-onebyte.c */
extern const X86OpEntry x86_map_0f[256];        /* decode-0f.c */
extern const X86OpEntry x86_map_0f38[256];      /* decode-0f38-0f3a.c */
extern const X86OpEntry x86_map_0f3a[256];      /* decode-0f38-0f3a.c */

/* The x87 escapes D8-DF, each split by ModRM.mod (decode-x87.c). */
extern const X86OpEntry x86_x87_d8[2], x86_x87_d9[2], x86_x87_da[2], x86_x87_db[2],
                        x86_x87_dc[2], x86_x87_dd[2], x86_x87_de[2], x86_x87_df[2];

/* 0F groups kept beside the general-purpose rows (decode-0f-groups.c). */
extern const X86OpEntry x86_grp6_0f00[8], x86_grp7_0f01[2], x86_grp8_0fba[8],
                        x86_grp9_0fc7[2], x86_grp15_0fae[2], x86_grp16_0f18[2],
                        x86_0f_b8[4], x86_0f_bc[4], x86_0f_bd[4], x86_0f_1e[4];

#endif
