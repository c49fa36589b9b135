/*
 * Port 0x61 (see pcspk.h). Bits, from the IBM PC/AT Technical Reference,
 * "System board I/O port 61h":
 *   0  timer 2 GATE (r/w)          1  speaker data enable (r/w)
 *   4  refresh request toggle (r)  5  timer 2 OUT (r)
 * Bits 2-3 (parity/channel check enables) and 6-7 (their status) belong to
 * the NMI logic, which a virtual board never raises: they read 0, as QEMU's.
 */
#include "hw/pcspk.h"

#include <stdlib.h>

struct PCSpkState {
    uint8_t data_on;        /* bit 1 */
    uint8_t refresh;        /* bit 4 as last read */
    PITState *pit;
    MemoryRegion mr;
    MemoryRegion *io;
};

static uint64_t pcspk_read(void *opaque, uint64_t addr, unsigned size)
{
    PCSpkState *s = opaque;

    /*
     * The refresh bit flips every 15 us on hardware, and old BIOS delay
     * loops count its flips. Like QEMU, flip it on every read instead of by
     * the clock: a loop that polls it always makes progress, however slowly
     * the emulated CPU runs relative to virtual time.
     */
    s->refresh ^= 1;
    return pit_get_gate(s->pit, 2) | s->data_on << 1 | s->refresh << 4 |
           pit_get_out(s->pit, 2) << 5;
}

static void pcspk_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PCSpkState *s = opaque;

    s->data_on = (val >> 1) & 1;
    pit_set_gate(s->pit, 2, val & 1);
}

static const MemoryRegionOps pcspk_ops = { pcspk_read, pcspk_write, 1, 1 };

bool pcspk_active(const PCSpkState *s)
{
    return s->data_on && pit_get_gate(s->pit, 2);
}

void pcspk_reset(PCSpkState *s)
{
    s->data_on = 0;
    s->refresh = 0;
    pit_set_gate(s->pit, 2, 0);
}

PCSpkState *pcspk_init(MemoryRegion *io, PITState *pit)
{
    PCSpkState *s = calloc(1, sizeof(*s));

    if (!s)
        abort();
    s->pit = pit;
    s->io = io;
    memory_region_init_io(&s->mr, "pcspk", &pcspk_ops, s, 1);
    memory_region_add_subregion(io, 0x61, &s->mr);
    return s;
}

void pcspk_destroy(PCSpkState *s)
{
    memory_region_del_subregion(s->io, &s->mr);
    free(s);
}

static const VMStateField pcspk_fields[] = {
    VMSTATE(PCSpkState, VMS_U8, data_on, 0),
    VMSTATE(PCSpkState, VMS_U8, refresh, 0),
    VMSTATE_END
};

const VMStateDesc vmstate_pcspk = {
    .name = "pcspk",
    .version = 1,
    .fields = pcspk_fields,
};
