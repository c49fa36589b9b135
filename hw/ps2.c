/*
 * PS/2 keyboard and mouse (see ps2.h). Command sets from the IBM PS/2
 * Hardware Interface Technical Reference, "Keyboard and Auxiliary Device
 * Controller" / "Keyboard" / "Pointing Device", and Microsoft's IntelliMouse
 * extensions (the 200-100-80 and 200-200-80 sample-rate knocks).
 *
 * Each device's queue holds 256 bytes; input events may fill only the first
 * 16, so replies to the host's commands always find room (QEMU keeps the
 * same split), and events beyond that are dropped as a real buffer
 * overflows.
 */
#include "hw/ps2.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "system/log.h"

#define PS2_QUEUE_SIZE   256
#define PS2_EVENT_ROOM   16

#define PS2_ACK     0xfa
#define PS2_RESEND  0xfe
#define PS2_BAT_OK  0xaa

typedef struct PS2Queue {
    uint8_t data[PS2_QUEUE_SIZE];
    uint8_t rptr;           /* wraps at 256 with the queue */
    uint16_t count;
} PS2Queue;

struct PS2Kbd {
    PS2Queue q;
    uint8_t cmd;            /* command awaiting its parameter byte; 0 none */
    uint8_t scan_enabled;
    uint8_t scancode_set;   /* 1, 2 or 3 */
    uint8_t leds;
    uint8_t typematic;      /* last Set Typematic Rate/Delay parameter */
    uint8_t last_byte;      /* for Resend */
    PS2NotifyFn *notify;
    void *opaque;
};

/* Mouse status byte bits (reply to Status Request). */
#define MOUSE_STATUS_REMOTE  0x40
#define MOUSE_STATUS_ENABLED 0x20
#define MOUSE_STATUS_SCALE21 0x10

struct PS2Mouse {
    PS2Queue q;
    uint8_t cmd;
    uint8_t status;
    uint8_t resolution;
    uint8_t sample_rate;
    uint8_t wrap;
    uint8_t type;           /* device ID: 0 PS/2, 3 IntelliMouse, 4 IntelliMouse Explorer */
    uint8_t detect_state;   /* progress through a sample-rate knock */
    uint8_t buttons;
    uint32_t dx, dy, dz;    /* accumulated motion, two's complement; dy up-positive */
    PS2NotifyFn *notify;
    void *opaque;
};

/* ---- Queues ------------------------------------------------------------- */

static void ps2_queue_put(PS2Queue *q, uint8_t b)
{
    if (q->count == PS2_QUEUE_SIZE)
        return;
    q->data[(uint8_t)(q->rptr + q->count)] = b;
    q->count++;
}

static int ps2_queue_get(PS2Queue *q)
{
    uint8_t b;

    if (!q->count)
        return -1;
    b = q->data[q->rptr++];
    q->count--;
    return b;
}

/* ---- Keyboard ----------------------------------------------------------- */

/*
 * Scancode set 2 make codes, indexed by qnum (set 1 code, +0x80 for E0 keys);
 * 0 where the key has no set-2 code here. From the IBM keyboard tables.
 */
static const uint8_t set1_to_set2[256] = {
    [0x01] = 0x76, [0x02] = 0x16, [0x03] = 0x1e, [0x04] = 0x26, [0x05] = 0x25,
    [0x06] = 0x2e, [0x07] = 0x36, [0x08] = 0x3d, [0x09] = 0x3e, [0x0a] = 0x46,
    [0x0b] = 0x45, [0x0c] = 0x4e, [0x0d] = 0x55, [0x0e] = 0x66, [0x0f] = 0x0d,
    [0x10] = 0x15, [0x11] = 0x1d, [0x12] = 0x24, [0x13] = 0x2d, [0x14] = 0x2c,
    [0x15] = 0x35, [0x16] = 0x3c, [0x17] = 0x43, [0x18] = 0x44, [0x19] = 0x4d,
    [0x1a] = 0x54, [0x1b] = 0x5b, [0x1c] = 0x5a, [0x1d] = 0x14, [0x1e] = 0x1c,
    [0x1f] = 0x1b, [0x20] = 0x23, [0x21] = 0x2b, [0x22] = 0x34, [0x23] = 0x33,
    [0x24] = 0x3b, [0x25] = 0x42, [0x26] = 0x4b, [0x27] = 0x4c, [0x28] = 0x52,
    [0x29] = 0x0e, [0x2a] = 0x12, [0x2b] = 0x5d, [0x2c] = 0x1a, [0x2d] = 0x22,
    [0x2e] = 0x21, [0x2f] = 0x2a, [0x30] = 0x32, [0x31] = 0x31, [0x32] = 0x3a,
    [0x33] = 0x41, [0x34] = 0x49, [0x35] = 0x4a, [0x36] = 0x59, [0x37] = 0x7c,
    [0x38] = 0x11, [0x39] = 0x29, [0x3a] = 0x58, [0x3b] = 0x05, [0x3c] = 0x06,
    [0x3d] = 0x04, [0x3e] = 0x0c, [0x3f] = 0x03, [0x40] = 0x0b, [0x41] = 0x83,
    [0x42] = 0x0a, [0x43] = 0x01, [0x44] = 0x09, [0x45] = 0x77, [0x46] = 0x7e,
    [0x47] = 0x6c, [0x48] = 0x75, [0x49] = 0x7d, [0x4a] = 0x7b, [0x4b] = 0x6b,
    [0x4c] = 0x73, [0x4d] = 0x74, [0x4e] = 0x79, [0x4f] = 0x69, [0x50] = 0x72,
    [0x51] = 0x7a, [0x52] = 0x70, [0x53] = 0x71, [0x54] = 0x84, [0x56] = 0x61,
    [0x57] = 0x78, [0x58] = 0x07, [0x5d] = 0x0f,   /* 0x5d: KP= on some layouts */
    [0x64] = 0x08, [0x65] = 0x10, [0x66] = 0x18, [0x67] = 0x20, [0x68] = 0x28,
    [0x69] = 0x30, [0x6a] = 0x38, [0x6b] = 0x40, [0x6c] = 0x48, [0x6d] = 0x50,
    [0x6e] = 0x57, [0x70] = 0x13, [0x73] = 0x51, [0x76] = 0x5f, [0x79] = 0x64,
    [0x7b] = 0x67, [0x7d] = 0x6a, [0x7e] = 0x6d,
    /* E0-prefixed keys: the set-2 byte that follows E0 */
    [0x90] = 0x15, [0x99] = 0x4d, [0x9c] = 0x5a, [0x9d] = 0x14, [0xa0] = 0x23,
    [0xa1] = 0x2b, [0xa2] = 0x34, [0xa4] = 0x3b, [0xae] = 0x21, [0xb0] = 0x32,
    [0xb2] = 0x3a, [0xb5] = 0x4a, [0xb7] = 0x7c, [0xb8] = 0x11, [0xc7] = 0x6c,
    [0xc8] = 0x75, [0xc9] = 0x7d, [0xcb] = 0x6b, [0xcd] = 0x74, [0xcf] = 0x69,
    [0xd0] = 0x72, [0xd1] = 0x7a, [0xd2] = 0x70, [0xd3] = 0x71, [0xdb] = 0x1f,
    [0xdc] = 0x27, [0xdd] = 0x2f, [0xde] = 0x37, [0xdf] = 0x3f, [0xe3] = 0x5e,
};

#define QNUM_PRINT_SCREEN 0xb7
#define QNUM_PAUSE        0xc6

/* The 8042's set-2-to-set-1 table (inverse of the above), built once. */
static uint8_t set2_to_set1[128];
static bool set2_to_set1_ready;

static void ps2_build_translation(void)
{
    for (int i = 0; i < 128; i++)
        set2_to_set1[i] = i;    /* codes no key uses pass unchanged */
    for (int q = 0; q < 256; q++) {
        uint8_t c2 = set1_to_set2[q];

        if (c2 && c2 < 0x80 && (q < 0x80 || set2_to_set1[c2] == c2))
            set2_to_set1[c2] = q & 0x7f;
    }
    /* Entries that are not the inverse of a key: the 8042 table's own. */
    set2_to_set1[0x00] = 0xff;
    set2_to_set1[0x02] = 0x41;
    set2_to_set1_ready = true;
}

int ps2_translate_byte(uint8_t *brk, uint8_t byte)
{
    uint8_t out;

    if (!set2_to_set1_ready)
        ps2_build_translation();
    if (byte == 0xf0) {
        *brk = 1;       /* set 2 break prefix: set 1 marks the next code instead */
        return -1;
    }
    if (byte == 0x83)
        out = 0x41;     /* F7 and Alt+SysRq: the set-2 make codes above 0x7f */
    else if (byte == 0x84)
        out = 0x54;
    else if (byte < 0x80)
        out = set2_to_set1[byte];
    else
        out = byte;     /* prefixes and replies (E0, E1, FA, AA...) pass */
    if (*brk) {
        *brk = 0;
        out |= 0x80;
    }
    return out;
}

static void ps2_kbd_put(PS2Kbd *k, uint8_t b)
{
    ps2_queue_put(&k->q, b);
    k->last_byte = b;
}

static void ps2_kbd_notify(PS2Kbd *k)
{
    if (k->notify && k->q.count)
        k->notify(k->opaque);
}

/* Queue an event's bytes only if they all fit in the event room. */
static void ps2_kbd_event(PS2Kbd *k, const uint8_t *bytes, int n)
{
    if (k->q.count + n > PS2_EVENT_ROOM)
        return;
    for (int i = 0; i < n; i++)
        ps2_queue_put(&k->q, bytes[i]);
}

void ps2_kbd_key(PS2Kbd *k, int keycode, bool down)
{
    uint8_t b[8];
    int n = 0;

    if (!k->scan_enabled || keycode <= 0 || keycode > 0xff)
        return;
    if (k->scancode_set == 1) {
        if (keycode == QNUM_PAUSE) {
            static const uint8_t pause1[] = { 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5 };
            if (down)
                ps2_kbd_event(k, pause1, sizeof(pause1));
        } else if (keycode == QNUM_PRINT_SCREEN) {
            static const uint8_t make1[] = { 0xe0, 0x2a, 0xe0, 0x37 };
            static const uint8_t break1[] = { 0xe0, 0xb7, 0xe0, 0xaa };
            ps2_kbd_event(k, down ? make1 : break1, 4);
        } else {
            if (keycode & 0x80)
                b[n++] = 0xe0;
            b[n++] = (keycode & 0x7f) | (down ? 0 : 0x80);
            ps2_kbd_event(k, b, n);
        }
    } else {
        if (k->scancode_set == 3 && log_enabled(LOG_UNIMP))
            log_printf("ps2: scancode set 3 keys are sent as set 2\n");
        if (keycode == QNUM_PAUSE) {
            static const uint8_t pause2[] = { 0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77 };
            if (down)
                ps2_kbd_event(k, pause2, sizeof(pause2));
        } else if (keycode == QNUM_PRINT_SCREEN) {
            static const uint8_t make2[] = { 0xe0, 0x12, 0xe0, 0x7c };
            static const uint8_t break2[] = { 0xe0, 0xf0, 0x7c, 0xe0, 0xf0, 0x12 };
            if (down)
                ps2_kbd_event(k, make2, sizeof(make2));
            else
                ps2_kbd_event(k, break2, sizeof(break2));
        } else {
            uint8_t c2 = set1_to_set2[keycode];

            if (!c2) {
                if (log_enabled(LOG_UNIMP))
                    log_printf("ps2: key 0x%x has no set 2 code\n", keycode);
                return;
            }
            if (keycode & 0x80)
                b[n++] = 0xe0;
            if (!down)
                b[n++] = 0xf0;
            b[n++] = c2;
            ps2_kbd_event(k, b, n);
        }
    }
    ps2_kbd_notify(k);
}

static void ps2_kbd_defaults(PS2Kbd *k)
{
    k->scan_enabled = 1;
    k->scancode_set = 2;
    k->leds = 0;
    k->typematic = 0x2b;    /* 10.9 cps, 500 ms: the power-on default */
}

void ps2_kbd_reset(PS2Kbd *k)
{
    memset(&k->q, 0, sizeof(k->q));
    k->cmd = 0;
    k->last_byte = 0;
    ps2_kbd_defaults(k);
}

/* Parameter byte of a pending command. */
static void ps2_kbd_param(PS2Kbd *k, uint8_t val)
{
    uint8_t cmd = k->cmd;

    k->cmd = 0;
    switch (cmd) {
    case 0xed:      /* Set/Reset Mode Indicators */
        k->leds = val & 7;
        ps2_kbd_put(k, PS2_ACK);
        break;
    case 0xf3:      /* Set Typematic Rate/Delay */
        k->typematic = val & 0x7f;
        ps2_kbd_put(k, PS2_ACK);
        break;
    case 0xf0:      /* Select Alternate Scan Codes */
        if (val == 0) {
            /* Report the set; the 8042 translates 1/2/3 to 43/41/3F. */
            ps2_kbd_put(k, PS2_ACK);
            ps2_kbd_put(k, k->scancode_set);
        } else if (val <= 3) {
            k->scancode_set = val;
            ps2_kbd_put(k, PS2_ACK);
        } else {
            ps2_kbd_put(k, PS2_RESEND);
        }
        break;
    default:        /* 0xfb-0xfd: set-3 key types, accepted and ignored */
        ps2_kbd_put(k, PS2_ACK);
        break;
    }
}

void ps2_kbd_write(PS2Kbd *k, uint8_t val)
{
    if (k->cmd && val < 0xed) {
        ps2_kbd_param(k, val);
        ps2_kbd_notify(k);
        return;
    }
    /* A command byte where a parameter was due starts over with that command. */
    k->cmd = 0;
    switch (val) {
    case 0xed:      /* Set LEDs */
    case 0xf0:      /* Select scancode set */
    case 0xf3:      /* Set typematic rate */
    case 0xfb: case 0xfc: case 0xfd:
        k->cmd = val;
        ps2_kbd_put(k, PS2_ACK);
        break;
    case 0xee:      /* Echo */
        ps2_kbd_put(k, 0xee);
        break;
    case 0xf2:      /* Read ID: an MF2 keyboard */
        ps2_kbd_put(k, PS2_ACK);
        ps2_kbd_put(k, 0xab);
        ps2_kbd_put(k, 0x83);
        break;
    case 0xf4:      /* Enable */
        k->scan_enabled = 1;
        ps2_kbd_put(k, PS2_ACK);
        break;
    case 0xf5:      /* Default and Disable (QEMU also resets the scancode set) */
        ps2_kbd_defaults(k);
        k->scan_enabled = 0;
        ps2_kbd_put(k, PS2_ACK);
        break;
    case 0xf6:      /* Set Default */
        ps2_kbd_defaults(k);
        ps2_kbd_put(k, PS2_ACK);
        break;
    case 0xf7: case 0xf8: case 0xf9: case 0xfa:     /* set-3 all-keys modes */
        ps2_kbd_put(k, PS2_ACK);
        break;
    case 0xfe:      /* Resend */
        ps2_kbd_put(k, k->last_byte);
        break;
    case 0xff:      /* Reset: ACK, then the basic assurance test's result */
        ps2_kbd_reset(k);
        ps2_kbd_put(k, PS2_ACK);
        ps2_kbd_put(k, PS2_BAT_OK);
        break;
    default:
        ps2_kbd_put(k, PS2_RESEND);
        break;
    }
    ps2_kbd_notify(k);
}

int ps2_kbd_read(PS2Kbd *k)
{
    return ps2_queue_get(&k->q);
}

bool ps2_kbd_pending(const PS2Kbd *k)
{
    return k->q.count != 0;
}

uint8_t ps2_kbd_leds(const PS2Kbd *k)
{
    return k->leds;
}

PS2Kbd *ps2_kbd_new(PS2NotifyFn *notify, void *opaque)
{
    PS2Kbd *k = calloc(1, sizeof(*k));

    if (!k)
        abort();
    k->notify = notify;
    k->opaque = opaque;
    ps2_kbd_reset(k);
    return k;
}

void ps2_kbd_free(PS2Kbd *k)
{
    free(k);
}

/* ---- Mouse -------------------------------------------------------------- */

static int ps2_clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* One movement packet (3 bytes, 4 for the IntelliMouse IDs) from the accumulated motion. */
static void ps2_mouse_packet(PS2Mouse *m)
{
    int dx = ps2_clamp((int32_t)m->dx, -127, 127);
    int dy = ps2_clamp((int32_t)m->dy, -127, 127);
    int dz = 0;

    ps2_queue_put(&m->q, 0x08 | (dx < 0) << 4 | (dy < 0) << 5 | (m->buttons & 7));
    ps2_queue_put(&m->q, dx & 0xff);
    ps2_queue_put(&m->q, dy & 0xff);
    if (m->type == 3) {
        dz = ps2_clamp((int32_t)m->dz, -127, 127);
        ps2_queue_put(&m->q, dz & 0xff);
    } else if (m->type == 4) {
        /* Explorer: 4-bit wheel, buttons 4 and 5 in bits 4-5. */
        dz = ps2_clamp((int32_t)m->dz, -7, 7);
        ps2_queue_put(&m->q, (dz & 0x0f) | (m->buttons & 0x18) << 1);
    }
    m->dx -= (uint32_t)dx;
    m->dy -= (uint32_t)dy;
    m->dz -= (uint32_t)dz;
}

static unsigned ps2_mouse_packet_len(const PS2Mouse *m)
{
    return m->type ? 4 : 3;
}

static void ps2_mouse_notify(PS2Mouse *m)
{
    if (m->notify && m->q.count)
        m->notify(m->opaque);
}

void ps2_mouse_move(PS2Mouse *m, int dx, int dy, int dz, unsigned buttons)
{
    bool buttons_changed = (buttons & 0x1f) != m->buttons;

    /* The PS/2 Y axis points up; the UI's points down. A plain mouse has no wheel. */
    m->dx += (uint32_t)dx;
    m->dy -= (uint32_t)dy;
    if (m->type)
        m->dz += (uint32_t)dz;
    m->buttons = buttons & 0x1f;
    if (!(m->status & MOUSE_STATUS_ENABLED) || (m->status & MOUSE_STATUS_REMOTE))
        return;
    if (!m->dx && !m->dy && !m->dz && !buttons_changed)
        return;
    /* Stream mode: packets until the motion is reported or the event room fills. */
    do {
        if (m->q.count + ps2_mouse_packet_len(m) > PS2_EVENT_ROOM)
            break;
        ps2_mouse_packet(m);
        buttons_changed = false;
    } while (m->dx || m->dy || m->dz || buttons_changed);
    ps2_mouse_notify(m);
}

static void ps2_mouse_defaults(PS2Mouse *m)
{
    m->status = 0;
    m->resolution = 2;
    m->sample_rate = 100;
}

void ps2_mouse_reset(PS2Mouse *m)
{
    memset(&m->q, 0, sizeof(m->q));
    m->cmd = 0;
    m->wrap = 0;
    m->type = 0;
    m->detect_state = 0;
    m->dx = m->dy = m->dz = 0;
    ps2_mouse_defaults(m);
}

/*
 * The IntelliMouse knocks: sample rates 200, 100, 80 switch to ID 3 (wheel);
 * then 200, 200, 80 switch to ID 4 (wheel and buttons 4/5).
 */
static void ps2_mouse_detect(PS2Mouse *m, uint8_t rate)
{
    switch (m->detect_state) {
    case 0:
        m->detect_state = rate == 200 ? 1 : 0;
        break;
    case 1:
        m->detect_state = rate == 100 ? 2 : rate == 200 ? 3 : 0;
        break;
    case 2:
        if (rate == 80)
            m->type = 3;
        m->detect_state = 0;
        break;
    default:
        if (rate == 80 && m->type == 3)
            m->type = 4;
        m->detect_state = 0;
        break;
    }
}

void ps2_mouse_write(PS2Mouse *m, uint8_t val)
{
    if (m->cmd) {
        uint8_t cmd = m->cmd;

        m->cmd = 0;
        if (cmd == 0xf3) {          /* Set Sample Rate */
            m->sample_rate = val;
            ps2_mouse_detect(m, val);
        } else {                    /* 0xe8 Set Resolution */
            m->resolution = val & 3;
        }
        ps2_queue_put(&m->q, PS2_ACK);
        ps2_mouse_notify(m);
        return;
    }
    /* Wrap (echo) mode: everything comes back except Reset Wrap and Reset. */
    if (m->wrap && val != 0xec && val != 0xff) {
        ps2_queue_put(&m->q, val);
        ps2_mouse_notify(m);
        return;
    }
    switch (val) {
    case 0xe6:      /* Set Scaling 1:1 */
        m->status &= ~MOUSE_STATUS_SCALE21;
        ps2_queue_put(&m->q, PS2_ACK);
        break;
    case 0xe7:      /* Set Scaling 2:1 */
        m->status |= MOUSE_STATUS_SCALE21;
        ps2_queue_put(&m->q, PS2_ACK);
        break;
    case 0xe8:      /* Set Resolution */
    case 0xf3:      /* Set Sample Rate */
        m->cmd = val;
        ps2_queue_put(&m->q, PS2_ACK);
        break;
    case 0xe9:      /* Status Request: status, resolution, rate */
        ps2_queue_put(&m->q, PS2_ACK);
        ps2_queue_put(&m->q, m->status | (m->buttons & 7));
        ps2_queue_put(&m->q, m->resolution);
        ps2_queue_put(&m->q, m->sample_rate);
        break;
    case 0xea:      /* Set Stream Mode */
        m->status &= ~MOUSE_STATUS_REMOTE;
        ps2_queue_put(&m->q, PS2_ACK);
        break;
    case 0xeb:      /* Read Data: one packet even if nothing moved */
        ps2_queue_put(&m->q, PS2_ACK);
        ps2_mouse_packet(m);
        break;
    case 0xec:      /* Reset Wrap Mode */
        m->wrap = 0;
        ps2_queue_put(&m->q, PS2_ACK);
        break;
    case 0xee:      /* Set Wrap Mode */
        m->wrap = 1;
        ps2_queue_put(&m->q, PS2_ACK);
        break;
    case 0xf0:      /* Set Remote Mode */
        m->status |= MOUSE_STATUS_REMOTE;
        ps2_queue_put(&m->q, PS2_ACK);
        break;
    case 0xf2:      /* Read Device Type */
        ps2_queue_put(&m->q, PS2_ACK);
        ps2_queue_put(&m->q, m->type);
        break;
    case 0xf4:      /* Enable Data Reporting */
        m->status |= MOUSE_STATUS_ENABLED;
        ps2_queue_put(&m->q, PS2_ACK);
        break;
    case 0xf5:      /* Disable Data Reporting */
        m->status &= ~MOUSE_STATUS_ENABLED;
        ps2_queue_put(&m->q, PS2_ACK);
        break;
    case 0xf6:      /* Set Defaults */
        ps2_mouse_defaults(m);
        ps2_queue_put(&m->q, PS2_ACK);
        break;
    case 0xff:      /* Reset: ACK, BAT passed, device ID 0 */
        ps2_mouse_reset(m);
        ps2_queue_put(&m->q, PS2_ACK);
        ps2_queue_put(&m->q, PS2_BAT_OK);
        ps2_queue_put(&m->q, 0x00);
        break;
    default:
        ps2_queue_put(&m->q, PS2_RESEND);
        break;
    }
    ps2_mouse_notify(m);
}

int ps2_mouse_read(PS2Mouse *m)
{
    return ps2_queue_get(&m->q);
}

bool ps2_mouse_pending(const PS2Mouse *m)
{
    return m->q.count != 0;
}

PS2Mouse *ps2_mouse_new(PS2NotifyFn *notify, void *opaque)
{
    PS2Mouse *m = calloc(1, sizeof(*m));

    if (!m)
        abort();
    m->notify = notify;
    m->opaque = opaque;
    ps2_mouse_reset(m);
    return m;
}

void ps2_mouse_free(PS2Mouse *m)
{
    free(m);
}

/* ---- State -------------------------------------------------------------- */

static int ps2_kbd_post_load(void *opaque)
{
    PS2Kbd *k = opaque;

    if (k->q.count > PS2_QUEUE_SIZE || k->scancode_set < 1 || k->scancode_set > 3)
        return -EINVAL;
    return 0;   /* the controller's post_load drains the queue, not a notify here */
}

static int ps2_mouse_post_load(void *opaque)
{
    PS2Mouse *m = opaque;

    if (m->q.count > PS2_QUEUE_SIZE)
        return -EINVAL;
    return 0;
}

static const VMStateField ps2_kbd_fields[] = {
    VMSTATE(PS2Kbd, VMS_BYTES, q.data, PS2_QUEUE_SIZE),
    VMSTATE(PS2Kbd, VMS_U8, q.rptr, 0),
    VMSTATE(PS2Kbd, VMS_U16, q.count, 0),
    VMSTATE(PS2Kbd, VMS_U8, cmd, 0),
    VMSTATE(PS2Kbd, VMS_U8, scan_enabled, 0),
    VMSTATE(PS2Kbd, VMS_U8, scancode_set, 0),
    VMSTATE(PS2Kbd, VMS_U8, leds, 0),
    VMSTATE(PS2Kbd, VMS_U8, typematic, 0),
    VMSTATE(PS2Kbd, VMS_U8, last_byte, 0),
    VMSTATE_END
};

const VMStateDesc vmstate_ps2_kbd = {
    .name = "ps2kbd",
    .version = 1,
    .fields = ps2_kbd_fields,
    .post_load = ps2_kbd_post_load,
};

static const VMStateField ps2_mouse_fields[] = {
    VMSTATE(PS2Mouse, VMS_BYTES, q.data, PS2_QUEUE_SIZE),
    VMSTATE(PS2Mouse, VMS_U8, q.rptr, 0),
    VMSTATE(PS2Mouse, VMS_U16, q.count, 0),
    VMSTATE(PS2Mouse, VMS_U8, cmd, 0),
    VMSTATE(PS2Mouse, VMS_U8, status, 0),
    VMSTATE(PS2Mouse, VMS_U8, resolution, 0),
    VMSTATE(PS2Mouse, VMS_U8, sample_rate, 0),
    VMSTATE(PS2Mouse, VMS_U8, wrap, 0),
    VMSTATE(PS2Mouse, VMS_U8, type, 0),
    VMSTATE(PS2Mouse, VMS_U8, detect_state, 0),
    VMSTATE(PS2Mouse, VMS_U8, buttons, 0),
    VMSTATE(PS2Mouse, VMS_U32, dx, 0),
    VMSTATE(PS2Mouse, VMS_U32, dy, 0),
    VMSTATE(PS2Mouse, VMS_U32, dz, 0),
    VMSTATE_END
};

const VMStateDesc vmstate_ps2_mouse = {
    .name = "ps2mouse",
    .version = 1,
    .fields = ps2_mouse_fields,
    .post_load = ps2_mouse_post_load,
};
