/* The input layer: key names, keysyms and sendkey to qnums, and on to the board's keyboard. */
#include "ui/input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "system/clock.h"

static InputKeyFn *key_fn;
static void *key_opaque;
static InputMouseFn *mouse_fn;
static void *mouse_opaque;

void input_set_keyboard(InputKeyFn *fn, void *opaque)
{
    key_fn = fn;
    key_opaque = opaque;
}

void input_set_mouse(InputMouseFn *fn, void *opaque)
{
    mouse_fn = fn;
    mouse_opaque = opaque;
}

void input_key_qnum(int qnum, bool down)
{
    if (key_fn && qnum > 0 && qnum < 0x100)
        key_fn(key_opaque, qnum, down);
}

void input_mouse_rel(int dx, int dy, int dz, unsigned buttons)
{
    if (mouse_fn)
        mouse_fn(mouse_opaque, dx, dy, dz, buttons);
}

/* ---- The delayed key queue ----------------------------------------------- */

static struct {
    Timer timer;
    bool timer_ready;
    uint16_t ev[INPUT_KEY_QUEUE_MAX];      /* qnum, | 0x100 when down */
    unsigned head, count;
} kq;

static void key_queue_run(void *opaque)
{
    if (!kq.count)
        return;         /* the gap after the last event is over */
    input_key_qnum(kq.ev[kq.head] & 0xff, kq.ev[kq.head] & 0x100);
    kq.head = (kq.head + 1) % INPUT_KEY_QUEUE_MAX;
    kq.count--;
    /* The next event, or the end of this one's gap, in INPUT_KEY_DELAY_MS. */
    timer_mod(&kq.timer, clock_get_ns(VCLOCK_VIRTUAL) + INPUT_KEY_DELAY_MS * 1000000LL);
}

void input_key_queue(int qnum, bool down)
{
    if (qnum <= 0 || qnum >= 0x100 || kq.count == INPUT_KEY_QUEUE_MAX)
        return;
    if (!kq.timer_ready) {
        timer_init(&kq.timer, VCLOCK_VIRTUAL, key_queue_run, NULL);
        kq.timer_ready = true;
    }
    kq.ev[(kq.head + kq.count) % INPUT_KEY_QUEUE_MAX] = (uint16_t)(qnum | (down ? 0x100 : 0));
    kq.count++;
    /* An idle queue delivers at once; otherwise the timer takes it in turn. */
    if (!timer_pending(&kq.timer))
        key_queue_run(NULL);
}

/* QEMU's QKeyCode names (qapi/ui.json) with their set-1 codes (+0x80 for E0 keys). */
static const struct {
    const char *name;
    uint8_t qnum;
} key_names[] = {
    { "esc", 0x01 }, { "1", 0x02 }, { "2", 0x03 }, { "3", 0x04 }, { "4", 0x05 }, { "5", 0x06 },
    { "6", 0x07 }, { "7", 0x08 }, { "8", 0x09 }, { "9", 0x0a }, { "0", 0x0b }, { "minus", 0x0c },
    { "equal", 0x0d }, { "backspace", 0x0e }, { "tab", 0x0f },
    { "q", 0x10 }, { "w", 0x11 }, { "e", 0x12 }, { "r", 0x13 }, { "t", 0x14 }, { "y", 0x15 },
    { "u", 0x16 }, { "i", 0x17 }, { "o", 0x18 }, { "p", 0x19 }, { "bracket_left", 0x1a },
    { "bracket_right", 0x1b }, { "ret", 0x1c }, { "ctrl", 0x1d },
    { "a", 0x1e }, { "s", 0x1f }, { "d", 0x20 }, { "f", 0x21 }, { "g", 0x22 }, { "h", 0x23 },
    { "j", 0x24 }, { "k", 0x25 }, { "l", 0x26 }, { "semicolon", 0x27 }, { "apostrophe", 0x28 },
    { "grave_accent", 0x29 }, { "shift", 0x2a }, { "backslash", 0x2b },
    { "z", 0x2c }, { "x", 0x2d }, { "c", 0x2e }, { "v", 0x2f }, { "b", 0x30 }, { "n", 0x31 },
    { "m", 0x32 }, { "comma", 0x33 }, { "dot", 0x34 }, { "slash", 0x35 }, { "shift_r", 0x36 },
    { "kp_multiply", 0x37 }, { "asterisk", 0x37 }, { "alt", 0x38 }, { "spc", 0x39 },
    { "caps_lock", 0x3a },
    { "f1", 0x3b }, { "f2", 0x3c }, { "f3", 0x3d }, { "f4", 0x3e }, { "f5", 0x3f }, { "f6", 0x40 },
    { "f7", 0x41 }, { "f8", 0x42 }, { "f9", 0x43 }, { "f10", 0x44 }, { "num_lock", 0x45 },
    { "scroll_lock", 0x46 }, { "kp_7", 0x47 }, { "kp_8", 0x48 }, { "kp_9", 0x49 },
    { "kp_subtract", 0x4a }, { "kp_4", 0x4b }, { "kp_5", 0x4c }, { "kp_6", 0x4d }, { "kp_add", 0x4e },
    { "kp_1", 0x4f }, { "kp_2", 0x50 }, { "kp_3", 0x51 }, { "kp_0", 0x52 }, { "kp_decimal", 0x53 },
    { "sysrq", 0x54 }, { "less", 0x56 }, { "f11", 0x57 }, { "f12", 0x58 },
    { "kp_enter", 0x9c }, { "ctrl_r", 0x9d }, { "kp_divide", 0xb5 }, { "print", 0xb7 },
    { "alt_r", 0xb8 }, { "altgr", 0xb8 }, { "altgr_r", 0xb8 }, { "pause", 0xc6 }, { "home", 0xc7 },
    { "up", 0xc8 }, { "pgup", 0xc9 }, { "left", 0xcb }, { "right", 0xcd }, { "end", 0xcf },
    { "down", 0xd0 }, { "pgdn", 0xd1 }, { "insert", 0xd2 }, { "delete", 0xd3 }, { "meta_l", 0xdb },
    { "meta_r", 0xdc }, { "menu", 0xdd }, { "compose", 0xdd },
};

static int qnum_from_name_len(const char *name, size_t len)
{
    char buf[24];
    char *end;
    unsigned long v;

    if (!len || len >= sizeof(buf))
        return -1;
    memcpy(buf, name, len);
    buf[len] = 0;
    for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
        if (!strcasecmp(key_names[i].name, buf))
            return key_names[i].qnum;
    /* A raw code, as QEMU accepts: 0x1e. */
    if (len > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X')) {
        v = strtoul(buf + 2, &end, 16);
        if (!*end && v > 0 && v < 0x100)
            return (int)v;
    }
    return -1;
}

int input_qnum_from_name(const char *name)
{
    return qnum_from_name_len(name, strlen(name));
}

/* US keyboard: the key of each printable ASCII keysym (0x20-0x7e). */
static const uint8_t ascii_keys[95] = {
    /* ' ' ! " # $ % & ' */ 0x39, 0x02, 0x28, 0x04, 0x05, 0x06, 0x08, 0x28,
    /* ( ) * + , - . / */   0x0a, 0x0b, 0x09, 0x0d, 0x33, 0x0c, 0x34, 0x35,
    /* 0-9 */               0x0b, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
    /* : ; < = > ? @ */     0x27, 0x27, 0x33, 0x0d, 0x34, 0x35, 0x03,
    /* A-Z */               0x1e, 0x30, 0x2e, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32,
                            0x31, 0x18, 0x19, 0x10, 0x13, 0x1f, 0x14, 0x16, 0x2f, 0x11, 0x2d, 0x15, 0x2c,
    /* [ \ ] ^ _ ` */       0x1a, 0x2b, 0x1b, 0x07, 0x0c, 0x29,
    /* a-z */               0x1e, 0x30, 0x2e, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32,
                            0x31, 0x18, 0x19, 0x10, 0x13, 0x1f, 0x14, 0x16, 0x2f, 0x11, 0x2d, 0x15, 0x2c,
    /* { | } ~ */           0x1a, 0x2b, 0x1b, 0x29,
};

/* X11 keysyms of the function and modifier keys (X11/keysymdef.h). */
static const struct {
    uint32_t keysym;
    uint8_t qnum;
} special_keys[] = {
    { 0xff08, 0x0e }, { 0xff09, 0x0f }, { 0xff0d, 0x1c }, { 0xff1b, 0x01 }, { 0xffff, 0xd3 },
    { 0xff50, 0xc7 }, { 0xff51, 0xcb }, { 0xff52, 0xc8 }, { 0xff53, 0xcd }, { 0xff54, 0xd0 },
    { 0xff55, 0xc9 }, { 0xff56, 0xd1 }, { 0xff57, 0xcf }, { 0xff63, 0xd2 }, { 0xff13, 0xc6 },
    { 0xff14, 0x46 }, { 0xff61, 0xb7 }, { 0xff67, 0xdd }, { 0xff7f, 0x45 },
    { 0xffe1, 0x2a }, { 0xffe2, 0x36 }, { 0xffe3, 0x1d }, { 0xffe4, 0x9d }, { 0xffe5, 0x3a },
    { 0xffe7, 0xdb }, { 0xffe8, 0xdc }, { 0xffe9, 0x38 }, { 0xffea, 0xb8 }, { 0xffeb, 0xdb },
    { 0xffec, 0xdc }, { 0xfe03, 0xb8 },
    { 0xff8d, 0x9c }, { 0xffaa, 0x37 }, { 0xffab, 0x4e }, { 0xffad, 0x4a }, { 0xffae, 0x53 },
    { 0xffaf, 0xb5 }, { 0xffb0, 0x52 }, { 0xffb1, 0x4f }, { 0xffb2, 0x50 }, { 0xffb3, 0x51 },
    { 0xffb4, 0x4b }, { 0xffb5, 0x4c }, { 0xffb6, 0x4d }, { 0xffb7, 0x47 }, { 0xffb8, 0x48 },
    { 0xffb9, 0x49 },
};

int input_qnum_from_keysym(uint32_t keysym)
{
    if (keysym >= 0x20 && keysym <= 0x7e)
        return ascii_keys[keysym - 0x20];
    if (keysym >= 0xffbe && keysym <= 0xffc7)          /* F1-F10 */
        return 0x3b + (int)(keysym - 0xffbe);
    if (keysym == 0xffc8 || keysym == 0xffc9)          /* F11, F12 */
        return keysym == 0xffc8 ? 0x57 : 0x58;
    for (size_t i = 0; i < sizeof(special_keys) / sizeof(special_keys[0]); i++)
        if (special_keys[i].keysym == keysym)
            return special_keys[i].qnum;
    return -1;
}

/* ---- sendkey ------------------------------------------------------------- */

#define SENDKEY_MAX 16

static struct {
    Timer release;
    bool timer_ready;
    int held[SENDKEY_MAX];
    int nheld;
} sk;

static void sendkey_release(void *opaque)
{
    for (int i = sk.nheld - 1; i >= 0; i--)
        input_key_qnum(sk.held[i], false);
    sk.nheld = 0;
}

int input_sendkey(const char *keys, int hold_ms, const char **bad, int *bad_len)
{
    int codes[SENDKEY_MAX], n = 0;
    const char *p = keys;

    /* Parse everything first: a bad name sends nothing. */
    while (*p) {
        const char *dash = strchr(p, '-');
        size_t len = dash ? (size_t)(dash - p) : strlen(p);
        int q = qnum_from_name_len(p, len);

        if (q < 0 || n == SENDKEY_MAX) {
            *bad = p;
            *bad_len = (int)len;
            return -EINVAL;
        }
        codes[n++] = q;
        p += len;
        if (*p == '-')
            p++;
    }
    if (!n) {
        *bad = keys;
        *bad_len = 0;
        return -EINVAL;
    }
    if (!sk.timer_ready) {
        timer_init(&sk.release, VCLOCK_VIRTUAL, sendkey_release, NULL);
        sk.timer_ready = true;
    }
    if (sk.nheld) {
        timer_del(&sk.release);
        sendkey_release(NULL);
    }
    for (int i = 0; i < n; i++) {
        input_key_qnum(codes[i], true);
        sk.held[i] = codes[i];
    }
    sk.nheld = n;
    if (hold_ms <= 0)
        hold_ms = 100;
    timer_mod(&sk.release, clock_get_ns(VCLOCK_VIRTUAL) + (int64_t)hold_ms * 1000000);
    return 0;
}
