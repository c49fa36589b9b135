/*
 * Port 0x61 of the PC (the AT's "port B"): PIT channel 2's GATE and OUT, the
 * speaker data enable and the refresh-request toggle. The speaker itself is
 * a stub (no audio back end yet): its on/off state is kept and nothing is
 * played.
 */
#ifndef VIREO_HW_PCSPK_H
#define VIREO_HW_PCSPK_H

#include <stdbool.h>

#include "hw/pit.h"
#include "hw/vmstate.h"
#include "system/memory.h"

typedef struct PCSpkState PCSpkState;

/* Map port 0x61 in io; pit is the PIT whose channel 2 it gates. */
PCSpkState *pcspk_init(MemoryRegion *io, PITState *pit);
void pcspk_destroy(PCSpkState *s);
/* Speaker data off, GATE2 low. */
void pcspk_reset(PCSpkState *s);
/* Would the speaker sound now (data enabled and channel 2 gated on)? */
bool pcspk_active(const PCSpkState *s);

extern const VMStateDesc vmstate_pcspk;

#endif
