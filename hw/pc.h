/*
 * The i440FX PC ("-M pc"), wired in pc.c: RAM, the firmware, the chipset and
 * its ISA devices, fw_cfg and ACPI, and the vCPUs.
 */
#ifndef VIREO_HW_PC_H
#define VIREO_HW_PC_H

#include "block/block.h"
#include "chardev/char.h"
#include "system/options.h"

typedef struct PCMachine PCMachine;

/*
 * Build the machine cfg describes (paused), with serials[i] as COMi+1's
 * backend (NULL: no such port). NULL after a one-line error naming the
 * option at fault (a missing firmware, too much RAM...).
 */
PCMachine *pc_machine_new(const VireoConfig *cfg, Chardev **serials, unsigned nserials);
/*
 * Attach the opened drives (bs[i] for cfg->drives[i], NULL without a
 * medium) to the IDE and virtio-blk devices, before pc_machine_start.
 * 0, or -errno after an error naming the drive's option.
 */
int pc_machine_attach_drives(PCMachine *pc, BlockDriverState **bs);
/* Let the vCPUs run (main thread, bql held). */
void pc_machine_start(PCMachine *pc);

#endif
