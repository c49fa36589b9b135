/* screendump: the console's surface as a PPM (P6) or PNG file. */
#include "ui/console.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "ui/png.h"

static int write_ppm(FILE *f, const DisplaySurface *s)
{
    uint8_t *row = malloc((size_t)s->width * 3);

    if (!row)
        return -ENOMEM;
    fprintf(f, "P6\n%d %d\n255\n", s->width, s->height);
    for (int y = 0; y < s->height; y++) {
        const uint32_t *src = (const uint32_t *)((const uint8_t *)s->data + (size_t)y * (size_t)s->stride);

        for (int x = 0; x < s->width; x++) {
            row[3 * x] = (uint8_t)(src[x] >> 16);
            row[3 * x + 1] = (uint8_t)(src[x] >> 8);
            row[3 * x + 2] = (uint8_t)src[x];
        }
        if (fwrite(row, 3, (size_t)s->width, f) != (size_t)s->width) {
            free(row);
            return -EIO;
        }
    }
    free(row);
    return 0;
}

int console_screendump(Console *c, const char *path, bool png)
{
    DisplaySurface *s;
    FILE *f;
    int ret;

    if (!c)
        return -ENODEV;
    /* What the guest shows now, whatever was drawn before. */
    console_hw_invalidate(c);
    console_hw_update(c);
    s = console_surface(c);
    f = fopen(path, "wb");
    if (!f)
        return -errno;
    ret = png ? png_write_xrgb(f, s->data, s->width, s->height, s->stride) : write_ppm(f, s);
    if (fclose(f) != 0 && ret == 0)
        ret = -errno;
    if (ret < 0)
        remove(path);
    return ret;
}
