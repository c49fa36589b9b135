/*
 * The null backend (output vanishes, no input) and the memory backend of
 * device and monitor tests: output is recorded for chr_memory_take(), input
 * queued by chr_memory_inject() reaches the frontend only as far as its
 * can_receive allows, the rest waiting for chr_accept_input() exactly as
 * bytes wait in a socket. Everything is synchronous: no main loop needed.
 */
#include "chardev/char-int.h"

#include <stdlib.h>
#include <string.h>

const ChardevOps chr_null_ops = {
    .name = "null",
    .size = sizeof(Chardev),
};

typedef struct Bytes {
    uint8_t *data;
    size_t head, len, cap;
} Bytes;

typedef struct MemoryChardev {
    Chardev chr;
    Bytes in, out;
    bool delivering;        /* receive() may call chr_accept_input() back */
} MemoryChardev;

static void bytes_append(Bytes *b, const uint8_t *buf, size_t len)
{
    if (!len)
        return;
    if (b->head && b->head + b->len + len > b->cap) {
        memmove(b->data, b->data + b->head, b->len);
        b->head = 0;
    }
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 256;

        while (cap < b->len + len)
            cap *= 2;
        if (!(b->data = realloc(b->data, cap)))
            abort();
        b->cap = cap;
    }
    memcpy(b->data + b->head + b->len, buf, len);
    b->len += len;
}

static void memory_deliver(MemoryChardev *s)
{
    if (s->delivering)
        return;
    s->delivering = true;
    while (s->in.len) {
        int chunk = s->in.len > 4096 ? 4096 : (int)s->in.len;
        int n = chr_be_write(&s->chr, s->in.data + s->in.head, chunk);

        if (n <= 0)
            break;
        s->in.head += (size_t)n;
        s->in.len -= (size_t)n;
    }
    if (!s->in.len)
        s->in.head = 0;
    s->delivering = false;
}

static void memory_write(Chardev *chr, const uint8_t *buf, int len)
{
    bytes_append(&((MemoryChardev *)chr)->out, buf, (size_t)len);
}

static void memory_update_input(Chardev *chr)
{
    memory_deliver((MemoryChardev *)chr);
}

static void memory_close(Chardev *chr)
{
    MemoryChardev *s = (MemoryChardev *)chr;

    free(s->in.data);
    free(s->out.data);
}

const ChardevOps chr_memory_ops = {
    .name = "memory",
    .size = sizeof(MemoryChardev),
    .write = memory_write,
    .update_input = memory_update_input,
    .close = memory_close,
};

Chardev *chr_memory_new(void)
{
    Chardev *chr = chr_alloc(&chr_memory_ops, "memory");

    chr->be_open = true;
    return chr;
}

size_t chr_memory_take(Chardev *chr, uint8_t *buf, size_t max)
{
    MemoryChardev *s = (MemoryChardev *)chr;
    size_t n;

    if (chr->ops != &chr_memory_ops)
        return 0;
    n = s->out.len < max ? s->out.len : max;
    if (!n)
        return 0;
    memcpy(buf, s->out.data + s->out.head, n);
    s->out.head += n;
    s->out.len -= n;
    if (!s->out.len)
        s->out.head = 0;
    return n;
}

void chr_memory_inject(Chardev *chr, const uint8_t *buf, size_t len)
{
    MemoryChardev *s = (MemoryChardev *)chr;

    if (chr->ops != &chr_memory_ops)
        return;
    bytes_append(&s->in, buf, len);
    memory_deliver(s);
}
