/* The display core: consoles, their surfaces, listeners and the refresh timer. */
#include "ui/console.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "system/clock.h"

struct Console {
    const GraphicHwOps *ops;
    void *opaque;
    DisplaySurface surface;
    DisplayChangeListener *listeners;
    Timer refresh;
    Console *next;
};

static Console *consoles;

static void console_refresh_tick(void *opaque)
{
    Console *c = opaque;

    if (!c->listeners)
        return;
    console_hw_update(c);
    for (DisplayChangeListener *l = c->listeners; l; l = l->next)
        if (l->refresh)
            l->refresh(l);
    timer_mod(&c->refresh, clock_get_ns(VCLOCK_REALTIME) + CONSOLE_REFRESH_MS * 1000000LL);
}

Console *console_new(const GraphicHwOps *ops, void *opaque)
{
    Console *c = calloc(1, sizeof(*c));
    Console **p;

    if (!c)
        return NULL;
    c->ops = ops;
    c->opaque = opaque;
    timer_init(&c->refresh, VCLOCK_REALTIME, console_refresh_tick, c);
    for (p = &consoles; *p; p = &(*p)->next)
        ;
    *p = c;
    /* A surface from the start, so front ends never see none (QEMU's 640x480). */
    if (console_resize(c, 640, 480) < 0) {
        console_free(c);
        return NULL;
    }
    return c;
}

void console_free(Console *c)
{
    if (!c)
        return;
    for (Console **p = &consoles; *p; p = &(*p)->next) {
        if (*p == c) {
            *p = c->next;
            break;
        }
    }
    timer_del(&c->refresh);
    while (c->listeners)
        console_unregister_listener(c->listeners);
    free(c->surface.data);
    free(c);
}

Console *console_default(void)
{
    return consoles;
}

int console_resize(Console *c, int w, int h)
{
    uint32_t *data;

    if (w <= 0 || h <= 0 || w > CONSOLE_MAX_WIDTH || h > CONSOLE_MAX_HEIGHT ||
        (uint64_t)w * (uint64_t)h > CONSOLE_MAX_PIXELS)
        return -EINVAL;
    if (c->surface.data && c->surface.width == w && c->surface.height == h)
        return 0;
    data = calloc((size_t)w * (size_t)h, sizeof(uint32_t));
    if (!data)
        return -ENOMEM;
    free(c->surface.data);
    c->surface = (DisplaySurface){ .width = w, .height = h, .stride = w * 4, .data = data };
    for (DisplayChangeListener *l = c->listeners; l; l = l->next)
        if (l->gfx_switch)
            l->gfx_switch(l, &c->surface);
    return 0;
}

DisplaySurface *console_surface(Console *c)
{
    return &c->surface;
}

void console_update(Console *c, int x, int y, int w, int h)
{
    int x1 = x + w, y1 = y + h;

    if (x < 0)
        x = 0;
    if (y < 0)
        y = 0;
    if (x1 > c->surface.width)
        x1 = c->surface.width;
    if (y1 > c->surface.height)
        y1 = c->surface.height;
    if (x1 <= x || y1 <= y)
        return;
    for (DisplayChangeListener *l = c->listeners; l; l = l->next)
        if (l->gfx_update)
            l->gfx_update(l, x, y, x1 - x, y1 - y);
}

void console_register_listener(Console *c, DisplayChangeListener *dcl)
{
    dcl->con = c;
    dcl->next = c->listeners;
    c->listeners = dcl;
    /* The newcomer has seen nothing yet: give it the surface, then everything. */
    if (dcl->gfx_switch)
        dcl->gfx_switch(dcl, &c->surface);
    console_hw_invalidate(c);
    if (!timer_pending(&c->refresh))
        timer_mod(&c->refresh, clock_get_ns(VCLOCK_REALTIME));
}

void console_unregister_listener(DisplayChangeListener *dcl)
{
    Console *c = dcl->con;

    if (!c)
        return;
    for (DisplayChangeListener **p = &c->listeners; *p; p = &(*p)->next) {
        if (*p == dcl) {
            *p = dcl->next;
            break;
        }
    }
    dcl->con = NULL;
    dcl->next = NULL;
    if (!c->listeners)
        timer_del(&c->refresh);
}

void console_hw_update(Console *c)
{
    if (c && c->ops->update)
        c->ops->update(c->opaque);
}

void console_hw_invalidate(Console *c)
{
    if (c && c->ops->invalidate)
        c->ops->invalidate(c->opaque);
}

bool console_text(Console *c, ConsoleText *t)
{
    if (!c || !c->ops->text_update)
        return false;
    return c->ops->text_update(c->opaque, t);
}
