/*
 * Motorola MC146818 real-time clock and CMOS RAM at ports 0x70/0x71.
 *
 * Port 0x70 selects one of 128 bytes (bit 7 is the board's NMI mask, kept
 * here for the board to read); 0x71 reads or writes it. Bytes 0x00-0x0d are
 * the clock (time, alarm, registers A-D), the rest is battery-backed RAM the
 * board fills for the firmware (rtc_fill_pc_cmos). The clock keeps time on
 * the clock RtcConfig names (VCLOCK_VIRTUAL for clock=vm, so a test steps it
 * by hand) from the start time its base gives. Big device lock held.
 */
#ifndef VIREO_HW_RTC_H
#define VIREO_HW_RTC_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "hw/vmstate.h"
#include "system/memory.h"
#include "system/options.h"

typedef struct RTCState RTCState;

/*
 * Map ports base..base+1 (0x70) in io, interrupts on irq (ISA IRQ8). cfg
 * gives the start time (base=utc: the host's UTC time; localtime: the host's
 * local time; date: cfg->start) and the clock that runs it.
 */
RTCState *rtc_init(MemoryRegion *io, uint16_t base, IrqLine irq, const RtcConfig *cfg);
void rtc_destroy(RTCState *s);
/*
 * System reset: interrupt enables and flags cleared, IRQ8 low. The time and
 * the CMOS RAM survive, as on a battery-backed part.
 */
void rtc_reset(RTCState *s);

/* Board access to CMOS bytes (index 0-127). */
void rtc_set_cmos(RTCState *s, int index, uint8_t value);
uint8_t rtc_get_cmos(RTCState *s, int index);

/* Bit 7 of the last write to port 0x70: NMIs masked. */
bool rtc_nmi_masked(const RTCState *s);

/*
 * The CMOS bytes QEMU's pc.c (pc_cmos_init) sets for SeaBIOS: base, extended
 * and high memory sizes (0x15-0x18, 0x30-0x31, 0x34-0x35, 0x5b-0x5d), the CPU
 * count (0x5f), the century (0x32), the equipment byte (0x14: FPU and PS/2
 * mouse; the board ORs in its floppies) and the boot order (0x3d, 0x38) from
 * a string of a/b (floppy), c (disk), d (CD-ROM), n (network), at most
 * three. below_4g and above_4g are the RAM bytes below and above 4 GiB.
 * Returns 0, or -EINVAL after an error_report for a bad boot order.
 */
/* The CMOS boot order (0x3d, 0x38) from -boot letters: 0, or -EINVAL after QEMU's message. */
int rtc_set_boot_order(RTCState *s, const char *boot_order);
int rtc_fill_pc_cmos(RTCState *s, uint64_t below_4g, uint64_t above_4g, unsigned smp,
                     const char *boot_order);

extern const VMStateDesc vmstate_rtc;

#endif
