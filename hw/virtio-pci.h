/*
 * The virtio PCI transport (VIRTIO 1.1 section 4.1) as QEMU 7.2's
 * transitional devices present it: vendor 1af4, device 0x1000 + (id - 1)
 * (legacy ids: 0x1001 for block), revision 0, subsystem id = virtio device
 * id, and both interfaces at once:
 *   BAR0  legacy I/O registers (4.1.4.8), device config after them
 *   BAR1  MSI-X table (offset 0) and PBA (offset 0x800), 4 KiB
 *   BAR4  64-bit prefetchable memory, 16 KiB: common config at 0x0000, ISR
 *         at 0x1000, device config at 0x2000, notifications at 0x3000 (4 bytes
 *         a queue), described by vendor capabilities at 0x40 (common), 0x50
 *         (ISR), 0x60 (device), 0x70 (notify) and 0x84 (PCI config access),
 *         with MSI-X at 0x98, as lspci shows QEMU's.
 * Interrupts: MSI-X once the driver enables it (a vector per queue and one
 * for configuration changes), else INTx pin A with the ISR register.
 */
#ifndef VIREO_HW_VIRTIO_PCI_H
#define VIREO_HW_VIRTIO_PCI_H

#include "hw/pci.h"
#include "hw/virtio.h"

typedef struct VirtIOPCIQueue {
    uint16_t num;
    bool enabled;
    uint32_t desc[2], avail[2], used[2];    /* staged modern addresses, lo/hi */
} VirtIOPCIQueue;

typedef struct VirtIOPCIProxy {
    PCIDevice pci;
    VirtIODevice *vdev;
    unsigned nvectors;
    MemoryRegion legacy_io, msix_bar, modern_bar;
    uint32_t dfselect, gfselect;
    uint32_t guest_features[2];
    VirtIOPCIQueue queues[VIRTIO_QUEUE_MAX];
} VirtIOPCIProxy;

/*
 * Put vdev (virtio_init'ed, queues added, host_features set) on bus at
 * devfn with class class_code. 0 or a negative errno.
 */
int virtio_pci_init(VirtIOPCIProxy *p, PCIBus *bus, int devfn, VirtIODevice *vdev,
                    uint16_t class_code);

#endif
