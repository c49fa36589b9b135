/*
 * Two local APICs (hw/apic.h) on one APIC bus, driven through the xAPIC
 * MMIO page at 0xfee00000 and the MSRs, against manual virtual time, with a
 * fake CPU interface that records INTR, NMI, SMI, INIT and SIPI: register
 * reset values, IPIs and their destinations, priorities, EOI broadcast,
 * ExtINT from the 8259, the timer's three modes, x2APIC, MSIs, save/load
 * and a register fuzzer.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/apic.h"
#include "hw-test.h"
#include "check-run.h"

typedef struct FakeCPU {
    int intr;
    int nmi, smi, init, sipi, sipi_vector;
} FakeCPU;

static void fc_set_intr(void *cpu, bool level) { ((FakeCPU *)cpu)->intr = level; }
static void fc_nmi(void *cpu) { ((FakeCPU *)cpu)->nmi++; }
static void fc_smi(void *cpu) { ((FakeCPU *)cpu)->smi++; }
static void fc_init(void *cpu) { ((FakeCPU *)cpu)->init++; }

static void fc_sipi(void *cpu, int vector)
{
    ((FakeCPU *)cpu)->sipi++;
    ((FakeCPU *)cpu)->sipi_vector = vector;
}

static FakeCPU cpu[2];
static APICCPUOps ops[2];
static APICState *apic[2];
static APICBus *bus;
static MemoryRegion sysmem;
static AddressSpace sys_as;
static int pic_vector, pic_reads;
static int eoi_vector, eoi_count;

static int fake_pic_read(void *opaque)
{
    (void)opaque;
    pic_reads++;
    return pic_vector;
}

static void fake_eoi(void *opaque, int vector)
{
    (void)opaque;
    eoi_vector = vector;
    eoi_count++;
}

static void setup(void)
{
    hwt_io_init();
    memset(&sysmem, 0, sizeof(sysmem));
    memory_region_init_container(&sysmem, "memory", UINT64_MAX);
    ck_assert_int_eq(address_space_init(&sys_as, &sysmem, "memory"), 0);
    memset(cpu, 0, sizeof(cpu));
    pic_vector = 0x08;
    pic_reads = eoi_count = 0;
    eoi_vector = -1;
    bus = apic_bus_new(&sysmem);
    apic_bus_set_pic(bus, fake_pic_read, NULL);
    apic_bus_set_eoi_handler(bus, fake_eoi, NULL);
    for (int i = 0; i < 2; i++) {
        ops[i] = (APICCPUOps){ fc_set_intr, fc_nmi, fc_init, fc_sipi, fc_smi, &cpu[i] };
        apic[i] = apic_new(bus, (uint32_t)i, i == 0, &ops[i]);
    }
}

static void teardown(void)
{
    for (int i = 0; i < 2; i++)
        apic_destroy(apic[i]);
    apic_bus_destroy(bus);
    address_space_destroy(&sys_as);
    memory_region_destroy(&sysmem);
    hwt_io_fini();
}

/* Register accesses as CPU c makes them. */
static uint32_t rd(int c, uint32_t reg)
{
    apic_set_current(apic[c]);
    return (uint32_t)address_space_ld(&sys_as, APIC_DEFAULT_BASE + reg, 4);
}

static void wr(int c, uint32_t reg, uint32_t val)
{
    apic_set_current(apic[c]);
    address_space_st(&sys_as, APIC_DEFAULT_BASE + reg, val, 4);
}

static bool irr_has(int c, int v) { return (rd(c, 0x200 + (v / 32) * 0x10) >> (v % 32)) & 1; }
static bool isr_has(int c, int v) { return (rd(c, 0x100 + (v / 32) * 0x10) >> (v % 32)) & 1; }
static bool tmr_has(int c, int v) { return (rd(c, 0x180 + (v / 32) * 0x10) >> (v % 32)) & 1; }

static void enable_both(void)
{
    wr(0, 0xf0, 0x1ff);
    wr(1, 0xf0, 0x1ff);
}

/* ICR: destination then the command word that sends. */
static void ipi(int from, uint8_t dest, uint32_t lo)
{
    wr(from, 0x310, (uint32_t)dest << 24);
    wr(from, 0x300, lo);
}

START_TEST(test_reset_registers)
{
    uint64_t base;

    ck_assert_uint_eq(rd(0, 0x20), 0);
    ck_assert_uint_eq(rd(1, 0x20), 1u << 24);
    ck_assert_uint_eq(rd(0, 0x30), 0x50014);
    ck_assert_uint_eq(rd(0, 0xf0), 0xff);             /* software-disabled */
    ck_assert_uint_eq(rd(0, 0xe0), 0xffffffff);       /* flat model */
    ck_assert_uint_eq(rd(0, 0x320), 0x10000);
    ck_assert_uint_eq(rd(0, 0x350), 0x700);           /* BSP LINT0: ExtINT */
    ck_assert_uint_eq(rd(1, 0x350), 0x10000);
    ck_assert_uint_eq(rd(0, 0x370), 0x10000);
    ck_assert_int_eq(apic_msr_read(apic[0], 0x1b, &base), 0);
    ck_assert_uint_eq(base, 0xfee00900);
    ck_assert_int_eq(apic_msr_read(apic[1], 0x1b, &base), 0);
    ck_assert_uint_eq(base, 0xfee00800);
    /* Read-only registers ignore writes; ID is writable in xAPIC mode. */
    wr(0, 0x30, 0);
    ck_assert_uint_eq(rd(0, 0x30), 0x50014);
    wr(1, 0x20, 5u << 24);
    ck_assert_uint_eq(rd(1, 0x20), 5u << 24);
    ck_assert_uint_eq(apic_get_id(apic[1]), 5);
}
END_TEST

START_TEST(test_fixed_ipi_and_eoi)
{
    enable_both();
    ipi(0, 1, 0x40);
    ck_assert_int_eq(cpu[1].intr, 1);
    ck_assert_int_eq(cpu[0].intr, 0);
    ck_assert(irr_has(1, 0x40));
    ck_assert_uint_eq(rd(0, 0x300) & (1u << 12), 0);  /* delivery status idle */
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x40);
    ck_assert(!irr_has(1, 0x40));
    ck_assert(isr_has(1, 0x40));
    ck_assert_int_eq(cpu[1].intr, 0);
    ck_assert_int_eq(apic_get_interrupt(apic[1]), -1);
    wr(1, 0xb0, 0);
    ck_assert(!isr_has(1, 0x40));
    ck_assert_int_eq(eoi_count, 0);                   /* edge: no broadcast */
    /* A software-disabled APIC holds its requests. */
    wr(1, 0xf0, 0xff);
    ipi(0, 1, 0x41);
    ck_assert(irr_has(1, 0x41));
    ck_assert_int_eq(cpu[1].intr, 0);
    wr(1, 0xf0, 0x1ff);
    ck_assert_int_eq(cpu[1].intr, 1);
}
END_TEST

START_TEST(test_priority)
{
    enable_both();
    wr(1, 0x80, 0x50);
    ipi(0, 1, 0x45);
    ck_assert_int_eq(cpu[1].intr, 0);                 /* class 4 <= TPR class 5 */
    ck_assert(!apic_has_interrupt(apic[1]));
    ck_assert_uint_eq(rd(1, 0xa0), 0x50);
    ipi(0, 1, 0x61);
    ck_assert_int_eq(cpu[1].intr, 1);
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x61);
    ck_assert_uint_eq(rd(1, 0xa0), 0x60);             /* PPR: the in-service class */
    apic_set_tpr(apic[1], 0);                         /* CR8 */
    ck_assert_uint_eq(rd(1, 0x80), 0);
    ck_assert_int_eq(cpu[1].intr, 0);                 /* 0x45 still below ISR 0x61 */
    wr(1, 0xb0, 0);
    ck_assert_int_eq(cpu[1].intr, 1);
    /* Raised, then held off before the acknowledge: the spurious vector. */
    apic_set_tpr(apic[1], 0xf);
    ck_assert_uint_eq(apic_get_tpr(apic[1]), 0xf);
    ck_assert_uint_eq(rd(1, 0x80), 0xf0);
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0xff);
    ck_assert(irr_has(1, 0x45));
    apic_set_tpr(apic[1], 0);
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x45);
}
END_TEST

START_TEST(test_shorthands_and_logical)
{
    enable_both();
    wr(0, 0x300, 1u << 18 | 0x50);                    /* self */
    ck_assert(irr_has(0, 0x50));
    ck_assert(!irr_has(1, 0x50));
    wr(0, 0x300, 3u << 18 | 0x51);                    /* all excluding self */
    ck_assert(!irr_has(0, 0x51));
    ck_assert(irr_has(1, 0x51));
    wr(1, 0x300, 2u << 18 | 0x52);                    /* all including self */
    ck_assert(irr_has(0, 0x52) && irr_has(1, 0x52));
    ipi(0, 0xff, 0x53);                               /* physical broadcast */
    ck_assert(irr_has(0, 0x53) && irr_has(1, 0x53));
    /* Flat logical: a bit per APIC. */
    wr(0, 0xd0, 0x01u << 24);
    wr(1, 0xd0, 0x02u << 24);
    ipi(0, 0x02, 1u << 11 | 0x54);
    ck_assert(!irr_has(0, 0x54) && irr_has(1, 0x54));
    ipi(0, 0x03, 1u << 11 | 0x55);
    ck_assert(irr_has(0, 0x55) && irr_has(1, 0x55));
    /* Cluster: cluster 1 holds APIC 0, cluster 2 APIC 1; cluster 15 is all. */
    wr(0, 0xe0, 0x0fffffff);
    wr(1, 0xe0, 0x0fffffff);
    ck_assert_uint_eq(rd(1, 0xe0), 0x0fffffff);
    wr(0, 0xd0, 0x11u << 24);
    wr(1, 0xd0, 0x21u << 24);
    ipi(0, 0x21, 1u << 11 | 0x56);
    ck_assert(!irr_has(0, 0x56) && irr_has(1, 0x56));
    ipi(0, 0x12, 1u << 11 | 0x57);                    /* right cluster, wrong bit */
    ck_assert(!irr_has(0, 0x57) && !irr_has(1, 0x57));
    ipi(0, 0xf1, 1u << 11 | 0x58);
    ck_assert(irr_has(0, 0x58) && irr_has(1, 0x58));
}
END_TEST

START_TEST(test_lowest_priority)
{
    enable_both();
    wr(0, 0xd0, 0x01u << 24);
    wr(1, 0xd0, 0x02u << 24);
    ipi(1, 0x03, 1u << 11 | 1u << 8 | 0x60);          /* equal TPRs: the first */
    ck_assert(irr_has(0, 0x60) && !irr_has(1, 0x60));
    wr(0, 0x80, 0x20);
    ipi(1, 0x03, 1u << 11 | 1u << 8 | 0x61);
    ck_assert(!irr_has(0, 0x61) && irr_has(1, 0x61));
    apic_bus_deliver(bus, 0x03, 1, APIC_DM_LOWPRI, 0x62, 0);
    ck_assert(irr_has(1, 0x62));
}
END_TEST

START_TEST(test_init_sipi_nmi_smi)
{
    enable_both();
    wr(1, 0x80, 0x30);
    ipi(0, 1, 5u << 8 | 1u << 14);                    /* INIT assert */
    ck_assert_int_eq(cpu[1].init, 1);
    ck_assert_uint_eq(rd(1, 0xf0), 0xff);             /* INIT reset the APIC... */
    ck_assert_uint_eq(rd(1, 0x80), 0);
    ck_assert_uint_eq(rd(1, 0x20), 1u << 24);         /* ...but not its ID */
    ipi(0, 1, 5u << 8 | 1u << 15);                    /* INIT level de-assert */
    ck_assert_int_eq(cpu[1].init, 1);
    ipi(0, 1, 6u << 8 | 0x9a);                        /* STARTUP */
    ck_assert_int_eq(cpu[1].sipi, 1);
    ck_assert_int_eq(cpu[1].sipi_vector, 0x9a);
    ipi(0, 1, 4u << 8);                               /* NMI */
    ck_assert_int_eq(cpu[1].nmi, 1);
    ipi(0, 1, 2u << 8);                               /* SMI */
    ck_assert_int_eq(cpu[1].smi, 1);
    ck_assert_int_eq(cpu[0].nmi + cpu[0].smi + cpu[0].init + cpu[0].sipi, 0);
    /* LINT1 as NMI, on a rising edge. */
    wr(0, 0x360, 4u << 8);
    irq_raise(apic_lint(apic[0], 1));
    irq_raise(apic_lint(apic[0], 1));
    ck_assert_int_eq(cpu[0].nmi, 1);
    irq_lower(apic_lint(apic[0], 1));
    irq_raise(apic_lint(apic[0], 1));
    ck_assert_int_eq(cpu[0].nmi, 2);
}
END_TEST

START_TEST(test_eoi_broadcast)
{
    enable_both();
    apic_bus_deliver(bus, 1, 0, APIC_DM_FIXED, 0x70, 1);
    ck_assert(tmr_has(1, 0x70));
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x70);
    wr(1, 0xb0, 0);
    ck_assert_int_eq(eoi_count, 1);
    ck_assert_int_eq(eoi_vector, 0x70);
    apic_bus_deliver(bus, 1, 0, APIC_DM_FIXED, 0x71, 0);
    ck_assert(!tmr_has(1, 0x71));
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x71);
    wr(1, 0xb0, 0);
    ck_assert_int_eq(eoi_count, 1);
    /* EOI retires the highest in-service vector first. */
    apic_bus_deliver(bus, 1, 0, APIC_DM_FIXED, 0x72, 1);
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x72);
    apic_bus_deliver(bus, 1, 0, APIC_DM_FIXED, 0x90, 0);
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x90);
    wr(1, 0xb0, 0);
    ck_assert_int_eq(eoi_count, 1);
    ck_assert(isr_has(1, 0x72) && !isr_has(1, 0x90));
    wr(1, 0xb0, 0);
    ck_assert_int_eq(eoi_count, 2);
    ck_assert_int_eq(eoi_vector, 0x72);
}
END_TEST

START_TEST(test_extint_from_pic)
{
    IrqLine intr = apic_bus_pic_intr(bus);

    irq_raise(intr);
    ck_assert_int_eq(cpu[0].intr, 1);                 /* BSP: ExtINT, even software-disabled */
    ck_assert_int_eq(cpu[1].intr, 0);                 /* AP: LINT0 masked */
    ck_assert(apic_has_interrupt(apic[0]));
    ck_assert_int_eq(apic_get_interrupt(apic[0]), 0x08);
    ck_assert_int_eq(pic_reads, 1);
    wr(0, 0x350, 0x10700);                            /* mask LINT0 */
    ck_assert_int_eq(cpu[0].intr, 0);
    ck_assert_int_eq(apic_get_interrupt(apic[0]), -1);
    wr(0, 0x350, 0x700);
    ck_assert_int_eq(cpu[0].intr, 1);
    irq_lower(intr);
    ck_assert_int_eq(cpu[0].intr, 0);
    /* A globally disabled APIC passes INTR straight through. */
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00000), 0);
    irq_raise(intr);
    ck_assert_int_eq(cpu[1].intr, 1);
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x08);
    /* ...and is off the bus. */
    ipi(0, 1, 0x40);
    ck_assert_int_eq(rd(1, 0x220), 0);
    irq_lower(intr);
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00800), 0);
    ck_assert_int_eq(cpu[1].intr, 0);
    /* LINT0 in fixed mode: a vector on the edge. */
    enable_both();
    wr(1, 0x350, 0x33);
    irq_raise(intr);
    ck_assert(irr_has(1, 0x33));
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x33);
}
END_TEST

START_TEST(test_timer_oneshot)
{
    int64_t t0;

    enable_both();
    wr(0, 0x3e0, 0xb);                                /* divide by 1 */
    wr(0, 0x320, 0x30);
    t0 = clock_get_ns(VCLOCK_VIRTUAL);
    wr(0, 0x380, 1000);
    ck_assert_uint_eq(rd(0, 0x380), 1000);
    hwt_step_ns(400);
    ck_assert_uint_eq(rd(0, 0x390), 600);             /* 1 GHz bus clock */
    hwt_step_ns(600);
    ck_assert_uint_eq(rd(0, 0x390), 0);
    ck_assert(!irr_has(0, 0x30));
    hwt_step_ns(1);                                   /* QEMU: expiry at count + 1 */
    ck_assert(irr_has(0, 0x30));
    ck_assert_int_eq(clock_get_ns(VCLOCK_VIRTUAL) - t0, 1001);
    ck_assert_int_eq(apic_get_interrupt(apic[0]), 0x30);
    wr(0, 0xb0, 0);
    hwt_step_ns(100000);
    ck_assert(!irr_has(0, 0x30));                     /* one-shot */
    /* Divide by 16: 16 ns per count. */
    wr(0, 0x3e0, 0x3);
    wr(0, 0x380, 100);
    hwt_step_ns(16 * 50);
    ck_assert_uint_eq(rd(0, 0x390), 50);
    hwt_step_ns(16 * 51);
    ck_assert(irr_has(0, 0x30));
    /* Masked: counts, no interrupt. */
    apic_get_interrupt(apic[0]);
    wr(0, 0xb0, 0);
    wr(0, 0x320, 0x10030);
    wr(0, 0x380, 100);
    hwt_step_ns(100000);
    ck_assert(!irr_has(0, 0x30));
    ck_assert_uint_eq(rd(0, 0x390), 0);
}
END_TEST

START_TEST(test_timer_periodic)
{
    enable_both();
    wr(1, 0x3e0, 0xb);
    wr(1, 0x320, 1u << 17 | 0x31);
    wr(1, 0x380, 99);                                 /* a period of 100 ns */
    for (int i = 0; i < 10; i++) {
        hwt_step_ns(50);
        ck_assert(!irr_has(1, 0x31));
        hwt_step_ns(50);
        ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x31);
        wr(1, 0xb0, 0);
    }
    hwt_step_ns(30);
    ck_assert_uint_eq(rd(1, 0x390), 69);
    /* Masking stops the interrupts; unmasking resumes on the same grid. */
    wr(1, 0x320, 1u << 17 | 1u << 16 | 0x31);
    hwt_step_ns(1000);
    ck_assert(!irr_has(1, 0x31));
    wr(1, 0x320, 1u << 17 | 0x31);
    hwt_step_ns(69);
    ck_assert(!irr_has(1, 0x31));
    hwt_step_ns(1);
    ck_assert(irr_has(1, 0x31));
    /* Initial count 0 stops it. */
    apic_get_interrupt(apic[1]);
    wr(1, 0xb0, 0);
    wr(1, 0x380, 0);
    hwt_step_ns(1000);
    ck_assert(!irr_has(1, 0x31));
}
END_TEST

START_TEST(test_timer_tsc_deadline)
{
    int64_t now = clock_get_ns(VCLOCK_VIRTUAL);

    enable_both();
    apic_set_tsc_deadline(apic[0], 1234, now + 10);   /* not in deadline mode: ignored */
    ck_assert_uint_eq(apic_get_tsc_deadline(apic[0]), 0);
    wr(0, 0x320, 2u << 17 | 0x32);
    wr(0, 0x380, 500);                                /* ignored in this mode */
    ck_assert_uint_eq(rd(0, 0x380), 0);
    ck_assert_uint_eq(rd(0, 0x390), 0);
    apic_set_tsc_deadline(apic[0], 5000, now + 500);
    ck_assert_uint_eq(apic_get_tsc_deadline(apic[0]), 5000);
    hwt_step_ns(499);
    ck_assert(!irr_has(0, 0x32));
    hwt_step_ns(1);
    ck_assert(irr_has(0, 0x32));
    ck_assert_uint_eq(apic_get_tsc_deadline(apic[0]), 0);
    apic_get_interrupt(apic[0]);
    wr(0, 0xb0, 0);
    /* A deadline already passed fires at once; 0 disarms. */
    now = clock_get_ns(VCLOCK_VIRTUAL);
    apic_set_tsc_deadline(apic[0], 7, now);
    ck_assert(irr_has(0, 0x32));
    apic_get_interrupt(apic[0]);
    wr(0, 0xb0, 0);
    apic_set_tsc_deadline(apic[0], 9000, now + 100);
    apic_set_tsc_deadline(apic[0], 0, 0);
    hwt_step_ns(1000);
    ck_assert(!irr_has(0, 0x32));
    /* Leaving the mode disarms. */
    apic_set_tsc_deadline(apic[0], 9000, clock_get_ns(VCLOCK_VIRTUAL) + 100);
    wr(0, 0x320, 0x32);
    ck_assert_uint_eq(apic_get_tsc_deadline(apic[0]), 0);
    hwt_step_ns(1000);
    ck_assert(!irr_has(0, 0x32));
}
END_TEST

START_TEST(test_esr)
{
    enable_both();
    (void)rd(0, 0x10);                                /* reserved register */
    ck_assert_uint_eq(rd(0, 0x280), 0);               /* not latched yet */
    wr(0, 0x280, 0);
    ck_assert_uint_eq(rd(0, 0x280), 0x80);
    wr(0, 0x280, 0);
    ck_assert_uint_eq(rd(0, 0x280), 0);
    /* Sending vector 5 is illegal, and raises the LVT error interrupt. */
    wr(0, 0x370, 0xfe);
    ipi(0, 1, 0x05);
    ck_assert(!irr_has(1, 0x05));
    ck_assert(irr_has(0, 0xfe));
    wr(0, 0x280, 0);
    ck_assert_uint_eq(rd(0, 0x280), 0x20);
}
END_TEST

START_TEST(test_msi_and_window)
{
    enable_both();
    apic_set_current(NULL);                           /* a device's DMA */
    address_space_st(&sys_as, 0xfee00000 | 1u << 12, 0x8041, 4);   /* level, vector 0x41 */
    ck_assert(irr_has(1, 0x41));
    ck_assert(tmr_has(1, 0x41));
    apic_bus_send_msi(bus, 0xfee00000 | 0x3u << 12 | 1u << 2, 0x42);  /* logical */
    ck_assert(!irr_has(0, 0x42) && !irr_has(1, 0x42));               /* LDRs are 0 */
    wr(0, 0xd0, 1u << 24);
    apic_bus_send_msi(bus, 0xfee00000 | 0x3u << 12 | 1u << 2, 0x42);
    ck_assert(irr_has(0, 0x42));
    /* A CPU write beyond the first page is an MSI too (QEMU's layout). */
    wr(0, 0x1000, 0x43);                              /* 0xfee01000: APIC ID 1 */
    ck_assert(irr_has(1, 0x43));
    ck_assert(!irr_has(0, 0x43));
    /* Reads from no CPU see nothing. */
    apic_set_current(NULL);
    ck_assert_uint_eq(address_space_ld(&sys_as, 0xfee00030, 4), 0);
}
END_TEST

START_TEST(test_base_relocation)
{
    uint64_t v;

    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xd0000800), 0);
    ck_assert_int_eq(apic_msr_read(apic[1], 0x1b, &v), 0);
    ck_assert_uint_eq(v, 0xd0000800);
    apic_set_current(apic[1]);
    ck_assert_uint_eq(address_space_ld(&sys_as, 0xd0000020, 4), 1u << 24);
    ck_assert_uint_eq(address_space_ld(&sys_as, 0xfee00020, 4), 0);   /* not here any more */
    ck_assert_uint_eq(rd(0, 0x30), 0x50014);                         /* CPU 0 unaffected */
    apic_set_current(apic[0]);
    ck_assert_uint_eq(address_space_ld(&sys_as, 0xd0000030, 4), 0);
    /* The BSP bit is read-only; reserved bits are #GP. */
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00900), 0);
    ck_assert_int_eq(apic_msr_read(apic[1], 0x1b, &v), 0);
    ck_assert_uint_eq(v, 0xfee00800);
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00801), -1);
    ck_assert_uint_eq(rd(1, 0x20), 1u << 24);
    /* Hardware disable drops the software enable too (QEMU). */
    wr(1, 0xf0, 0x1ff);
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00000), 0);
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00800), 0);
    ck_assert_uint_eq(rd(1, 0xf0), 0xff);
}
END_TEST

START_TEST(test_x2apic)
{
    uint64_t v;

    ck_assert_int_eq(apic_msr_read(apic[1], 0x802, &v), -1);          /* xAPIC mode */
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00c00), -1);  /* not allowed */
    apic_allow_x2apic(apic[0], true);
    apic_allow_x2apic(apic[1], true);
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00400), -1);  /* EXTD without EN */
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00c00), 0);
    ck_assert_int_eq(apic_msr_read(apic[1], 0x802, &v), 0);
    ck_assert_uint_eq(v, 1);
    ck_assert_int_eq(apic_msr_read(apic[1], 0x80d, &v), 0);
    ck_assert_uint_eq(v, 0x2);                        /* cluster 0, bit 1 */
    ck_assert_int_eq(apic_msr_read(apic[1], 0x803, &v), 0);
    ck_assert_uint_eq(v, 0x50014);
    ck_assert_int_eq(apic_msr_read(apic[1], 0x80e, &v), -1);          /* no DFR */
    ck_assert_int_eq(apic_msr_read(apic[1], 0x80b, &v), -1);          /* EOI is write-only */
    ck_assert_int_eq(apic_msr_write(apic[1], 0x802, 7), -1);          /* ID is read-only */
    ck_assert_int_eq(apic_msr_write(apic[1], 0x80b, 1), -1);          /* non-zero EOI */
    ck_assert_int_eq(apic_msr_write(apic[1], 0x808, 1ull << 32), -1); /* reserved half */
    ck_assert_uint_eq(rd(1, 0x20), 0);                /* the MMIO page is gone */
    /* IPIs: the x2APIC APIC sends with a 32-bit destination... */
    ck_assert_int_eq(apic_msr_write(apic[1], 0x80f, 0x1ff), 0);
    wr(0, 0xf0, 0x1ff);
    ck_assert_int_eq(apic_msr_write(apic[1], 0x830, 0ull << 32 | 0x44), 0);
    ck_assert(irr_has(0, 0x44));
    ck_assert_int_eq(apic_msr_read(apic[1], 0x830, &v), 0);
    ck_assert_uint_eq(v, 0x44);
    /* ...and receives by its x2APIC ID. */
    ipi(0, 1, 0x45);
    ck_assert_int_eq(apic_msr_read(apic[1], 0x822, &v), 0);
    ck_assert_uint_eq(v, 1u << 5);
    ck_assert_int_eq(apic_msr_write(apic[1], 0x83f, 0x46), 0);       /* self IPI */
    ck_assert_int_eq(apic_msr_read(apic[1], 0x822, &v), 0);
    ck_assert_uint_eq(v, 3u << 5);
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x46);
    ck_assert_int_eq(apic_msr_write(apic[1], 0x80b, 0), 0);
    ck_assert_int_eq(apic_msr_read(apic[1], 0x812, &v), 0);
    ck_assert_uint_eq(v, 0);
    /* x2APIC -> xAPIC is illegal; through disabled it works. */
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00800), -1);
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00000), 0);
    ck_assert_int_eq(apic_msr_write(apic[1], 0x1b, 0xfee00800), 0);
    ck_assert_uint_eq(rd(1, 0x30), 0x50014);
}
END_TEST

START_TEST(test_vmstate)
{
    static MemoryRegion mem2;
    static AddressSpace as2;
    FakeCPU cpu2 = { 0 };
    APICCPUOps ops2 = { fc_set_intr, fc_nmi, fc_init, fc_sipi, NULL, &cpu2 };
    APICBus *bus2;
    APICState *b;
    int fired_a = 0, fired_b = 0;

    enable_both();
    wr(0, 0x80, 0x10);
    wr(0, 0xd0, 0x04u << 24);
    wr(0, 0x3e0, 0xb);
    wr(0, 0x320, 1u << 17 | 0x35);
    wr(0, 0x380, 999);
    apic_bus_deliver(bus, 0, 0, APIC_DM_FIXED, 0x66, 1);
    hwt_step_ns(300);
    memory_region_init_container(&mem2, "mem2", UINT64_MAX);
    ck_assert_int_eq(address_space_init(&as2, &mem2, "mem2"), 0);
    bus2 = apic_bus_new(&mem2);
    b = apic_new(bus2, 0, true, &ops2);
    hwt_vmstate_roundtrip(&vmstate_apic, apic[0], b);
    ck_assert_int_eq(cpu2.intr, 1);                   /* 0x66 is pending in the copy */
    /* The copy's timer runs in step with the original. */
    for (int i = 0; i < 5; i++) {
        hwt_step_ns(1000);
        fired_a += irr_has(0, 0x35);
        apic_set_current(b);
        fired_b += (address_space_ld(&as2, 0xfee00210, 4) >> 0x15) & 1;
        while (apic_get_interrupt(apic[0]) >= 0)
            wr(0, 0xb0, 0);
        while (apic_get_interrupt(b) >= 0) {
            apic_set_current(b);
            address_space_st(&as2, 0xfee000b0, 0, 4);
        }
    }
    ck_assert_int_eq(fired_a, 5);
    ck_assert_int_eq(fired_b, 5);
    apic_destroy(b);
    apic_bus_destroy(bus2);
    address_space_destroy(&as2);
    memory_region_destroy(&mem2);
}
END_TEST

START_TEST(test_fuzz)
{
    uint64_t seed = 0xa91c;

    for (int i = 0; i < 200000; i++) {
        uint64_t r = hwt_rand(&seed);
        int c = r & 1;
        uint32_t reg = (uint32_t)((r >> 1) & 0x3f) << 4;
        uint32_t val = (uint32_t)(r >> 32);

        switch ((r >> 8) & 15) {
        case 0:
            wr(c, reg, val);
            break;
        case 1:
            apic_msr_write(apic[c], 0x800 + (uint32_t)((r >> 16) & 0xff), val);
            break;
        case 2:
            if (((r >> 16) & 63) == 0)      /* now and then, to stay mostly enabled */
                apic_msr_write(apic[c], 0x1b, ((r >> 24) & 1 ? 0xfee00000 : 0xd0000000) |
                               (val & 0xd00));
            break;
        case 3:
            irq_set(apic_lint(apic[c], (r >> 16) & 1), (r >> 17) & 1);
            break;
        case 4:
            apic_set_tsc_deadline(apic[c], val, clock_get_ns(VCLOCK_VIRTUAL) + (val & 0xfff));
            break;
        case 5:
            apic_allow_x2apic(apic[c], (r >> 16) & 1);
            break;
        case 6:
            hwt_step_ns((int64_t)(val & 0xffff));
            break;
        case 7:
            apic_get_interrupt(apic[c]);
            break;
        case 8:
            apic_set_tpr(apic[c], val);
            break;
        default: {
            uint64_t v;

            (void)rd(c, reg);
            apic_msr_read(apic[c], 0x800 + (uint32_t)((r >> 16) & 0xff), &v);
            break;
        }
        }
    }
    /* Still working afterwards. */
    apic_reset(apic[0]);
    apic_reset(apic[1]);
    enable_both();
    ipi(0, 1, 0x40);
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x40);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-apic");
    TCase *tc = tcase_create("apic");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_reset_registers);
    tcase_add_test(tc, test_fixed_ipi_and_eoi);
    tcase_add_test(tc, test_priority);
    tcase_add_test(tc, test_shorthands_and_logical);
    tcase_add_test(tc, test_lowest_priority);
    tcase_add_test(tc, test_init_sipi_nmi_smi);
    tcase_add_test(tc, test_eoi_broadcast);
    tcase_add_test(tc, test_extint_from_pic);
    tcase_add_test(tc, test_timer_oneshot);
    tcase_add_test(tc, test_timer_periodic);
    tcase_add_test(tc, test_timer_tsc_deadline);
    tcase_add_test(tc, test_esr);
    tcase_add_test(tc, test_msi_and_window);
    tcase_add_test(tc, test_base_relocation);
    tcase_add_test(tc, test_x2apic);
    tcase_add_test(tc, test_vmstate);
    tcase_add_test(tc, test_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
