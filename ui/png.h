/*
 * PNG output for screendump, through libpng (png.c); png-none.c stands in
 * when configure found no libpng. The build picks one of the two.
 */
#ifndef UI_PNG_H
#define UI_PNG_H

#include <stdint.h>
#include <stdio.h>

/* Write w x h pixels (0x00RRGGBB, stride bytes a row) as 8-bit RGB. 0 or -errno. */
int png_write_xrgb(FILE *f, const uint32_t *pixels, int w, int h, int stride);

#endif
