/*
 * What the vireo-img subcommand files share: option helpers, opening an
 * image with qemu-img's messages, size and progress printing.
 *
 *   vireo-img.c      main, the command table, create, info
 *   img-check.c      check, snapshot, resize
 *   img-convert.c    convert, commit, rebase
 */
#ifndef TOOLS_IMG_H
#define TOOLS_IMG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "block/block.h"
#include "system/error.h"

typedef int CmdFunc(int argc, char **argv);

CmdFunc img_create, img_info, img_check, img_snapshot, img_resize, img_convert, img_commit,
    img_rebase;

int usage_error(const char *fmt, ...) PRINTF_FMT(1, 2);
void img_help(void);

/* Open and report failures as qemu-img does: "Could not open 'F': reason". NULL on failure. */
BlockDriverState *img_open(const char *filename, const char *fmt, int flags);

/* qemu-img's size_to_str: "%0.3g" in the largest unit that keeps the value >= 1000/1024. */
void img_size_to_str(char *buf, size_t len, uint64_t v);

/* Parse "-o" for create and convert into opts (strings point into the copy in *store). */
int img_parse_create_opts(const char *fmt, const char *opts, const char *filename,
                          BlockCreateOpts *co, bool *have_size, char **store);
/* Print "Formatting '...', fmt=..." the way qemu-img 7.2 does. */
void img_print_formatting(const char *filename, const char *fmt, const BlockCreateOpts *co);

/* Progress as qemu-img -p: "    (12.00/100%)\r", a newline at the end. */
typedef struct ImgProgress {
    bool on;
    double last;
} ImgProgress;
void img_progress_start(ImgProgress *p, bool on);
void img_progress_update(ImgProgress *p, uint64_t done, uint64_t total);
void img_progress_end(ImgProgress *p);

/* The snapshot table of info and snapshot -l (header line and one row each). */
void img_print_snapshots(const BdrvSnapshotInfo *sn, int n);

/* Is the buffer all zero bytes? */
bool img_is_zero(const uint8_t *buf, size_t len);

#endif
