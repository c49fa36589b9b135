/*
 * The standard VGA ("-vga std", PCI 1234:1111) with the Bochs VBE extensions,
 * as QEMU models it, so SeaBIOS's vgabios-stdvga.bin, Linux's vgacon and
 * bochs-drm drive it unchanged:
 *
 *   ports 0x3b0-0x3df   VGA registers (CRTC, sequencer, graphics, attribute, DAC)
 *   ports 0x1ce/0x1cf   VBE DISPI index/data
 *   0xa0000-0xbffff     the legacy window (planar, odd/even and chain-4 access)
 *   BAR0                16 MiB VRAM, the linear framebuffer (prefetchable)
 *   BAR2                4 KiB MMIO: VGA ports at 0x400, DISPI at 0x500, QEMU's
 *                       extended registers at 0x600 (what bochs-drm looks for)
 *   ROM BAR             vgabios-stdvga.bin (build/roms/ or Debian's seabios)
 *
 * The device renders into a ui/console.h console, redrawing only what the
 * VRAM dirty log says changed. Every guest-programmed geometry value is
 * bounds-checked against VRAM before it is used to read pixels.
 *
 * Files: vga-regs.c (register ports, VBE), vga-mem.c (legacy window),
 * vga-text.c and vga-render.c (drawing), vga-pci.c (the PCI device, ROM,
 * power-on state). Big device lock held throughout.
 */
#ifndef HW_DISPLAY_VGA_H
#define HW_DISPLAY_VGA_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/pci.h"
#include "system/memory.h"
#include "ui/console.h"

#define VGA_VRAM_SIZE   (16u << 20)

typedef struct VGAState VGAState;

/*
 * The VGA core alone (no PCI): VRAM, the register ports in io, the legacy
 * window in mem at 0xa0000, and a console. Unit tests use this. NULL on
 * allocation failure.
 */
VGAState *vga_new(MemoryRegion *mem, MemoryRegion *io);
void vga_free(VGAState *s);
/* Power-on state: all registers zero, VBE off. */
void vga_reset(VGAState *s);

/*
 * The state the VGA BIOS leaves after setting mode 3 (80x25 text, 8x16 font
 * loaded into plane 2, the screen blank): what a kernel booted by -kernel,
 * with no firmware, expects to find. font16 is 256 glyphs of 16 bytes.
 */
void vga_set_text_mode3(VGAState *s, const uint8_t *font16);

/*
 * The 8x16 font inside a VGA BIOS image (the IBM VGA glyphs vgabios and
 * SeaBIOS carry), found by its first two glyphs; NULL when absent.
 */
const uint8_t *vga_find_font16(const uint8_t *rom, size_t len);

Console *vga_console(VGAState *s);
MemoryRegion *vga_vram(VGAState *s);

/*
 * The std VGA as a PCI device on bus at devfn, with its legacy decoding on
 * mem/io and the option ROM loaded from rom_path (NULL or unreadable: no
 * ROM BAR, reported once). NULL after a one-line error.
 */
typedef struct VGAPCIState VGAPCIState;
VGAPCIState *vga_pci_init(PCIBus *bus, int devfn, MemoryRegion *mem, MemoryRegion *io,
                          const char *rom_path);
VGAState *vga_pci_vga(VGAPCIState *d);
/* Where vgabios-stdvga.bin is: beside the binary (roms/), then Debian's. Caller frees. */
char *vga_rom_path(const char *name);

#endif
