/* PNG output through libpng (ui/png.h). */
#include "ui/png.h"

#include <errno.h>
#include <png.h>
#include <stdlib.h>

int png_write_xrgb(FILE *f, const uint32_t *pixels, int w, int h, int stride)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    uint8_t *volatile row = NULL;
    int ret = -ENOMEM;

    if (!png || !info)
        goto out;
    /* libpng reports failure by longjmp: everything after this may unwind here. */
    if (setjmp(png_jmpbuf(png))) {
        ret = -EIO;
        goto out;
    }
    row = malloc((size_t)w * 3);
    if (!row)
        goto out;
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)((const uint8_t *)pixels + (size_t)y * (size_t)stride);

        for (int x = 0; x < w; x++) {
            row[3 * x] = (uint8_t)(src[x] >> 16);
            row[3 * x + 1] = (uint8_t)(src[x] >> 8);
            row[3 * x + 2] = (uint8_t)src[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    ret = 0;
out:
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    free(row);
    return ret;
}
