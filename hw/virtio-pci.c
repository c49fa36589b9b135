/*
 * The virtio PCI transport (VIRTIO 1.1 section 4.1): the legacy I/O
 * interface (4.1.4.8), the 1.x capabilities and the common configuration
 * structure (4.1.4.3), ISR (4.1.4.5), notifications (4.1.4.4), the PCI
 * configuration access capability (4.1.4.7), and MSI-X vectors (4.1.5.1.2).
 * See virtio-pci.h for the layout, which is QEMU 7.2's.
 */
#include <errno.h>
#include <string.h>

#include "hw/virtio-pci.h"
#include "system/log.h"

/* Legacy registers (4.1.4.8) */
enum {
    VPL_HOST_FEATURES = 0x00, VPL_GUEST_FEATURES = 0x04, VPL_QUEUE_PFN = 0x08,
    VPL_QUEUE_NUM = 0x0c, VPL_QUEUE_SEL = 0x0e, VPL_QUEUE_NOTIFY = 0x10, VPL_STATUS = 0x12,
    VPL_ISR = 0x13, VPL_MSIX_CONFIG = 0x14, VPL_MSIX_QUEUE = 0x16,
};

/* struct virtio_pci_common_cfg (4.1.4.3) */
enum {
    VPC_DFSELECT = 0x00, VPC_DF = 0x04, VPC_GFSELECT = 0x08, VPC_GF = 0x0c,
    VPC_MSIX = 0x10, VPC_NUMQ = 0x12, VPC_STATUS = 0x14, VPC_CFGGEN = 0x15,
    VPC_Q_SELECT = 0x16, VPC_Q_SIZE = 0x18, VPC_Q_MSIX = 0x1a, VPC_Q_ENABLE = 0x1c,
    VPC_Q_NOFF = 0x1e, VPC_Q_DESCLO = 0x20, VPC_Q_DESCHI = 0x24, VPC_Q_AVAILLO = 0x28,
    VPC_Q_AVAILHI = 0x2c, VPC_Q_USEDLO = 0x30, VPC_Q_USEDHI = 0x34, VPC_COMMON_END = 0x38,
};

/* cfg_type of the vendor capabilities (4.1.4) */
enum { VPCAP_COMMON = 1, VPCAP_NOTIFY = 2, VPCAP_ISR = 3, VPCAP_DEVICE = 4, VPCAP_PCI_CFG = 5 };

#define MODERN_REGION       0x1000u
#define MODERN_BAR_SIZE     (4 * MODERN_REGION)
#define NOTIFY_MULT         4u
#define CAP_PCI_CFG         0x84
#define CAP_MSIX            0x98
#define MODERN_BAR          4
#define MSIX_BAR            1

static void vp_guest_error(VirtIOPCIProxy *p, const char *what, uint64_t addr)
{
    if (log_enabled(LOG_GUEST_ERROR))
        log_printf("%s: %s at 0x%llx\n", p->vdev->name, what, (unsigned long long)addr);
}

/* ---- Interrupts ------------------------------------------------------------ */

static void vp_notify(VirtIODevice *vdev, uint16_t vector)
{
    VirtIOPCIProxy *p = vdev->transport;

    if (msix_enabled(&p->pci)) {
        if (vector != VIRTIO_NO_VECTOR)
            msix_notify(&p->pci, vector);
        return;
    }
    pci_set_irq(&p->pci, vdev->isr & 1);
}

/* Reading ISR returns and clears it and deasserts INTx (4.1.4.5). */
static uint8_t vp_isr_read(VirtIOPCIProxy *p)
{
    uint8_t v = p->vdev->isr;

    p->vdev->isr = 0;
    pci_set_irq(&p->pci, 0);
    return v;
}

static uint16_t vp_vector(VirtIOPCIProxy *p, uint32_t v)
{
    return v < p->nvectors ? (uint16_t)v : VIRTIO_NO_VECTOR;
}

static void vp_reset(VirtIOPCIProxy *p)
{
    virtio_reset(p->vdev);
    p->dfselect = p->gfselect = 0;
    p->guest_features[0] = p->guest_features[1] = 0;
    memset(p->queues, 0, sizeof(p->queues));
    for (unsigned i = 0; i < p->vdev->nvq; i++)
        p->queues[i].num = p->vdev->vq[i].num_max;
    pci_set_irq(&p->pci, 0);
}

static void vp_set_status(VirtIOPCIProxy *p, uint8_t val)
{
    if (val == 0)
        vp_reset(p);
    else
        virtio_set_status(p->vdev, val);
}

static VirtQueue *vp_selected(VirtIOPCIProxy *p)
{
    VirtIODevice *vdev = p->vdev;

    return vdev->queue_sel < vdev->nvq ? &vdev->vq[vdev->queue_sel] : NULL;
}

/* ---- Legacy interface (BAR0) -------------------------------------------------- */

static uint32_t vp_legacy_cfg_off(VirtIOPCIProxy *p)
{
    return msix_enabled(&p->pci) ? 24 : 20;
}

static uint32_t vp_legacy_reg(VirtIOPCIProxy *p, uint32_t reg)
{
    VirtIODevice *vdev = p->vdev;
    VirtQueue *vq = vp_selected(p);

    switch (reg) {
    case VPL_HOST_FEATURES: return (uint32_t)vdev->host_features;
    case VPL_GUEST_FEATURES: return (uint32_t)vdev->guest_features;
    case VPL_QUEUE_PFN: return vq ? (uint32_t)(vq->desc >> 12) : 0;
    case VPL_QUEUE_NUM: return vq ? vq->num : 0;
    case VPL_QUEUE_SEL: return vdev->queue_sel;
    case VPL_STATUS: return vdev->status;
    case VPL_MSIX_CONFIG: return vdev->config_vector;
    case VPL_MSIX_QUEUE: return vq ? vq->vector : VIRTIO_NO_VECTOR;
    default: return 0;
    }
}

static uint64_t vp_legacy_read(void *opaque, uint64_t addr, unsigned size)
{
    VirtIOPCIProxy *p = opaque;
    uint32_t cfg = vp_legacy_cfg_off(p), v = 0;

    if (addr >= cfg)
        return virtio_config_read(p->vdev, (uint32_t)(addr - cfg), size);
    if (addr == VPL_ISR)
        return vp_isr_read(p);
    /* Header registers: each byte from the register that holds it. */
    for (unsigned i = 0; i < size; i++) {
        uint32_t a = (uint32_t)addr + i, reg, shift;

        if (a < 12) {
            reg = a & ~3u;
        } else if (a == VPL_STATUS || a == VPL_ISR) {
            reg = a;
        } else {
            reg = a & ~1u;
        }
        shift = 8 * (a - reg);
        if (a != VPL_ISR)
            v |= ((vp_legacy_reg(p, reg) >> shift) & 0xff) << (8 * i);
    }
    return v;
}

static void vp_legacy_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    VirtIOPCIProxy *p = opaque;
    VirtIODevice *vdev = p->vdev;
    uint32_t cfg = vp_legacy_cfg_off(p), v = (uint32_t)val;
    VirtQueue *vq = vp_selected(p);

    if (addr >= cfg) {
        virtio_config_write(vdev, (uint32_t)(addr - cfg), v, size);
        return;
    }
    switch (addr) {
    case VPL_GUEST_FEATURES:
        if (size == 4)
            virtio_set_features(vdev, v);
        return;
    case VPL_QUEUE_PFN:
        if (size != 4)
            break;
        if (v == 0)
            vp_reset(p);                /* legacy: PFN 0 resets the device */
        else if (vq)
            virtio_queue_set_pfn(vq, v);
        return;
    case VPL_QUEUE_SEL:
        if (size == 2 && v < VIRTIO_QUEUE_MAX)
            vdev->queue_sel = (uint16_t)v;
        return;
    case VPL_QUEUE_NOTIFY:
        if (size == 2)
            virtio_queue_notify(vdev, v);
        return;
    case VPL_STATUS:
        /* Linux before 2.6.34 drove the device without Bus Master Enable;
         * QEMU sets it for a legacy driver that reaches DRIVER_OK. */
        if ((v & VIRTIO_STATUS_DRIVER_OK) &&
            !(pci_get_word(p->pci.config + PCI_COMMAND) & PCI_COMMAND_MASTER))
            pci_config_write(p->pci.bus, p->pci.devfn, PCI_COMMAND,
                             pci_get_word(p->pci.config + PCI_COMMAND) | PCI_COMMAND_MASTER, 2);
        vp_set_status(p, (uint8_t)v);
        return;
    case VPL_MSIX_CONFIG:
        if (size == 2 && msix_enabled(&p->pci)) {
            vdev->config_vector = vp_vector(p, v);
            return;
        }
        break;
    case VPL_MSIX_QUEUE:
        if (size == 2 && msix_enabled(&p->pci)) {
            if (vq)
                vq->vector = vp_vector(p, v);
            return;
        }
        break;
    default:
        break;
    }
    vp_guest_error(p, "legacy register write", addr);
}

static const MemoryRegionOps vp_legacy_ops = {
    .read = vp_legacy_read, .write = vp_legacy_write, .min_access = 1, .max_access = 4,
};

/* ---- Modern interface (BAR4) ------------------------------------------------ */

static uint32_t vp_common_reg(VirtIOPCIProxy *p, uint32_t reg)
{
    VirtIODevice *vdev = p->vdev;
    unsigned sel = vdev->queue_sel;
    VirtIOPCIQueue *q = sel < vdev->nvq ? &p->queues[sel] : NULL;
    uint64_t legacy_only = 1ull << VIRTIO_F_NOTIFY_ON_EMPTY;

    switch (reg) {
    case VPC_DFSELECT: return p->dfselect;
    case VPC_DF:
        return p->dfselect < 2 ? (uint32_t)((vdev->host_features & ~legacy_only) >>
                                             (32 * p->dfselect)) : 0;
    case VPC_GFSELECT: return p->gfselect;
    case VPC_GF: return p->gfselect < 2 ? p->guest_features[p->gfselect] : 0;
    case VPC_MSIX: return vdev->config_vector;
    case VPC_NUMQ: return vdev->nvq;
    case VPC_STATUS: return vdev->status;
    case VPC_CFGGEN: return vdev->generation;
    case VPC_Q_SELECT: return sel;
    case VPC_Q_SIZE: return q ? q->num : 0;
    case VPC_Q_MSIX: return q ? vdev->vq[sel].vector : VIRTIO_NO_VECTOR;
    case VPC_Q_ENABLE: return q ? q->enabled : 0;
    case VPC_Q_NOFF: return sel;
    case VPC_Q_DESCLO: return q ? q->desc[0] : 0;
    case VPC_Q_DESCHI: return q ? q->desc[1] : 0;
    case VPC_Q_AVAILLO: return q ? q->avail[0] : 0;
    case VPC_Q_AVAILHI: return q ? q->avail[1] : 0;
    case VPC_Q_USEDLO: return q ? q->used[0] : 0;
    case VPC_Q_USEDHI: return q ? q->used[1] : 0;
    default: return 0;
    }
}

/* The register holding byte a of the common structure, and its width. */
static uint32_t vp_common_field(uint32_t a, unsigned *width)
{
    if (a < VPC_MSIX || a >= VPC_Q_DESCLO) {
        *width = 4;
        return a & ~3u;
    }
    if (a == VPC_STATUS || a == VPC_CFGGEN) {
        *width = 1;
        return a;
    }
    *width = 2;
    return a & ~1u;
}

static uint64_t vp_common_read(VirtIOPCIProxy *p, uint32_t addr, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        uint32_t a = addr + i;
        unsigned w;
        uint32_t reg = vp_common_field(a, &w);

        if (a < VPC_COMMON_END)
            v |= (uint64_t)((vp_common_reg(p, reg) >> (8 * (a - reg))) & 0xff) << (8 * i);
    }
    return v;
}

static void vp_queue_enable(VirtIOPCIProxy *p, unsigned sel)
{
    VirtIOPCIQueue *q = &p->queues[sel];
    VirtQueue *vq = &p->vdev->vq[sel];

    vq->num = q->num;
    vq->desc = (uint64_t)q->desc[1] << 32 | q->desc[0];
    vq->avail = (uint64_t)q->avail[1] << 32 | q->avail[0];
    vq->used = (uint64_t)q->used[1] << 32 | q->used[0];
    vq->ready = true;
    q->enabled = true;
}

static void vp_common_write(VirtIOPCIProxy *p, uint32_t addr, uint32_t val, unsigned size)
{
    VirtIODevice *vdev = p->vdev;
    unsigned sel = vdev->queue_sel, width;
    VirtIOPCIQueue *q = sel < vdev->nvq ? &p->queues[sel] : NULL;
    uint32_t reg = vp_common_field(addr, &width), *slot = NULL;

    if (addr >= VPC_COMMON_END)
        goto bad;
    /* The 32-bit address registers also take two 16-bit halves; the others exact widths. */
    if (reg >= VPC_Q_DESCLO && q && !q->enabled) {
        uint32_t *regs[6] = { &q->desc[0], &q->desc[1], &q->avail[0], &q->avail[1],
                              &q->used[0], &q->used[1] };

        slot = regs[(reg - VPC_Q_DESCLO) / 4];
        if (size == 4 && addr == reg) {
            *slot = val;
        } else if (size == 2 && !(addr & 1)) {
            unsigned sh = 8 * (addr - reg);

            *slot = (*slot & ~(0xffffu << sh)) | (val & 0xffff) << sh;
        } else {
            goto bad;
        }
        return;
    }
    if (addr != reg || size != width)
        goto bad;
    switch (reg) {
    case VPC_DFSELECT: p->dfselect = val; return;
    case VPC_GFSELECT: p->gfselect = val; return;
    case VPC_GF:
        if (p->gfselect < 2) {
            p->guest_features[p->gfselect] = val;
            virtio_set_features(vdev, (uint64_t)p->guest_features[1] << 32 |
                                          p->guest_features[0]);
        }
        return;
    case VPC_MSIX: vdev->config_vector = vp_vector(p, val); return;
    case VPC_STATUS: vp_set_status(p, (uint8_t)val); return;
    case VPC_Q_SELECT:
        if (val < VIRTIO_QUEUE_MAX)
            vdev->queue_sel = (uint16_t)val;
        return;
    case VPC_Q_SIZE:
        /* Any power of two up to the maximum, before the queue is enabled (4.1.4.3.2). */
        if (q && !q->enabled && val && val <= vdev->vq[sel].num_max && !(val & (val - 1)))
            q->num = (uint16_t)val;
        else
            vp_guest_error(p, "bad queue_size", val);
        return;
    case VPC_Q_MSIX:
        if (q)
            vdev->vq[sel].vector = vp_vector(p, val);
        return;
    case VPC_Q_ENABLE:
        if (q && val == 1 && !q->enabled)
            vp_queue_enable(p, sel);
        return;
    default:
        break;
    }
bad:
    vp_guest_error(p, "common configuration write", addr);
}

static uint64_t vp_modern_read_at(VirtIOPCIProxy *p, uint64_t addr, unsigned size)
{
    uint32_t off = (uint32_t)(addr % MODERN_REGION);

    switch (addr / MODERN_REGION) {
    case 0: return vp_common_read(p, off, size);
    case 1: return off == 0 ? vp_isr_read(p) : 0;
    case 2: return virtio_config_read(p->vdev, off, size);
    default: return 0;
    }
}

static void vp_modern_write_at(VirtIOPCIProxy *p, uint64_t addr, uint64_t val, unsigned size)
{
    uint32_t off = (uint32_t)(addr % MODERN_REGION);

    switch (addr / MODERN_REGION) {
    case 0:
        vp_common_write(p, off, (uint32_t)val, size);
        return;
    case 2:
        virtio_config_write(p->vdev, off, (uint32_t)val, size);
        return;
    case 3:
        /* The queue is the one whose notify_off * multiplier is the offset. */
        virtio_queue_notify(p->vdev, off / NOTIFY_MULT);
        return;
    default:
        vp_guest_error(p, "write to the ISR", addr);
        return;
    }
}

static uint64_t vp_modern_read(void *opaque, uint64_t addr, unsigned size)
{
    return vp_modern_read_at(opaque, addr, size);
}

static void vp_modern_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    vp_modern_write_at(opaque, addr, val, size);
}

static const MemoryRegionOps vp_modern_ops = {
    .read = vp_modern_read, .write = vp_modern_write, .min_access = 1, .max_access = 4,
};

/* ---- PCI configuration access capability (4.1.4.7) ------------------------------ */

/* The window's access: BAR4 only, a 1/2/4-byte naturally aligned access inside it. */
static bool vp_cfg_window(VirtIOPCIProxy *p, uint32_t *off, unsigned *len)
{
    const uint8_t *c = p->pci.config + CAP_PCI_CFG;

    *off = pci_get_long(c + 8);
    *len = pci_get_long(c + 12);
    return c[4] == MODERN_BAR && (*len == 1 || *len == 2 || *len == 4) && !(*off % *len) &&
           *off < MODERN_BAR_SIZE && *off + *len <= MODERN_BAR_SIZE;
}

static bool overlaps_data(uint32_t addr, unsigned len)
{
    return addr < CAP_PCI_CFG + 20u && CAP_PCI_CFG + 16u < addr + len;
}

static uint32_t vp_config_read(PCIDevice *d, uint32_t addr, uint32_t val, unsigned len)
{
    VirtIOPCIProxy *p = d->opaque;
    uint32_t off, data;
    unsigned wlen;

    if (!overlaps_data(addr, len) || !vp_cfg_window(p, &off, &wlen))
        return val;
    data = (uint32_t)vp_modern_read_at(p, off, wlen);
    for (unsigned i = 0; i < len; i++) {
        uint32_t a = addr + i;

        if (a >= CAP_PCI_CFG + 16u && a < CAP_PCI_CFG + 20u) {
            val &= ~(0xffu << (8 * i));
            val |= ((data >> (8 * (a - CAP_PCI_CFG - 16))) & 0xff) << (8 * i);
        }
    }
    return val;
}

static void vp_config_write(PCIDevice *d, uint32_t addr, uint32_t val, unsigned len)
{
    VirtIOPCIProxy *p = d->opaque;
    uint32_t off;
    unsigned wlen;

    if (overlaps_data(addr, len) && vp_cfg_window(p, &off, &wlen))
        vp_modern_write_at(p, off, pci_get_long(d->config + CAP_PCI_CFG + 16), wlen);
}

static void vp_pci_reset(PCIDevice *d)
{
    vp_reset(d->opaque);
}

static const PCIDeviceOps vp_pci_ops = {
    .config_write = vp_config_write,
    .config_read = vp_config_read,
    .reset = vp_pci_reset,
};

/* ---- Setup ---------------------------------------------------------------------- */

static int vp_add_cap(VirtIOPCIProxy *p, uint8_t at, uint8_t len, uint8_t type, uint32_t off,
                      uint32_t size)
{
    uint8_t *c = p->pci.config + at;
    int ret = pci_add_capability(&p->pci, PCI_CAP_ID_VNDR, at, len);

    if (ret < 0)
        return ret;
    c[2] = len;
    c[3] = type;
    c[4] = MODERN_BAR;
    pci_set_long(c + 8, off);
    pci_set_long(c + 12, size);
    return 0;
}

static uint64_t pow2ceil(uint64_t v)
{
    uint64_t r = 1;

    while (r < v)
        r <<= 1;
    return r;
}

int virtio_pci_init(VirtIOPCIProxy *p, PCIBus *bus, int devfn, VirtIODevice *vdev,
                    uint16_t class_code)
{
    uint8_t *c;
    int ret;

    memset(p, 0, sizeof(*p));
    ret = pci_register_device(bus, &p->pci, devfn, vdev->name, &vp_pci_ops, p);
    if (ret < 0)
        return ret;
    p->vdev = vdev;
    p->nvectors = vdev->nvq + 1;
    vdev->dma = &p->pci;
    vdev->notify = vp_notify;
    vdev->transport = p;
    vdev->host_features |= 1ull << VIRTIO_F_NOTIFY_ON_EMPTY | 1ull << VIRTIO_F_ANY_LAYOUT |
                           1ull << VIRTIO_F_INDIRECT_DESC | 1ull << VIRTIO_F_EVENT_IDX |
                           1ull << VIRTIO_F_VERSION_1;
    c = p->pci.config;
    pci_config_set_ids(&p->pci, 0x1af4, (uint16_t)(0x1000 + vdev->device_id - 1), class_code, 0);
    pci_set_word(c + PCI_SUBSYSTEM_ID, vdev->device_id);
    c[PCI_INTERRUPT_PIN] = 1;

    memory_region_init_io(&p->legacy_io, "virtio-pci-legacy", &vp_legacy_ops, p,
                          pow2ceil(24 + vdev->config_len));
    pci_register_bar(&p->pci, 0, PCI_BAR_IO, &p->legacy_io);
    memory_region_init_container(&p->msix_bar, "virtio-pci-msix", 0x1000);
    pci_register_bar(&p->pci, MSIX_BAR, PCI_BAR_MEM32, &p->msix_bar);
    memory_region_init_io(&p->modern_bar, "virtio-pci", &vp_modern_ops, p, MODERN_BAR_SIZE);
    pci_register_bar(&p->pci, MODERN_BAR, PCI_BAR_MEM64 | PCI_BAR_PREFETCH, &p->modern_bar);

    if ((ret = vp_add_cap(p, 0x40, 16, VPCAP_COMMON, 0 * MODERN_REGION, MODERN_REGION)) < 0 ||
        (ret = vp_add_cap(p, 0x50, 16, VPCAP_ISR, 1 * MODERN_REGION, MODERN_REGION)) < 0 ||
        (ret = vp_add_cap(p, 0x60, 16, VPCAP_DEVICE, 2 * MODERN_REGION, MODERN_REGION)) < 0 ||
        (ret = vp_add_cap(p, 0x70, 20, VPCAP_NOTIFY, 3 * MODERN_REGION, MODERN_REGION)) < 0 ||
        (ret = vp_add_cap(p, CAP_PCI_CFG, 20, VPCAP_PCI_CFG, 0, 0)) < 0)
        return ret;
    pci_set_long(c + 0x70 + 16, NOTIFY_MULT);
    /* The access window's bar, offset, length and data are the driver's to write. */
    c[CAP_PCI_CFG + 4] = 0;
    p->pci.wmask[CAP_PCI_CFG + 4] = 0xff;
    memset(p->pci.wmask + CAP_PCI_CFG + 8, 0xff, 12);
    ret = msix_init(&p->pci, p->nvectors, &p->msix_bar, MSIX_BAR, 0, 0x800, CAP_MSIX);
    if (ret < 0)
        return ret;
    pci_device_reset(&p->pci);
    return 0;
}
