/*
 * The 82093AA IO-APIC (hw/ioapic.h) delivering to two local APICs over the
 * APIC bus, driven through IOREGSEL/IOWIN at 0xfec00000 with IRQ inputs set
 * by hand: registers, edge and level pins, masks, remote IRR and re-delivery
 * on EOI, the ISA IRQ0 -> pin 2 wiring, logical destinations, ExtINT, the
 * EOI-storm delay, save/load and a register fuzzer.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/apic.h"
#include "hw/ioapic.h"
#include "hw-test.h"
#include "check-run.h"

typedef struct FakeCPU {
    int intr, nmi, init, sipi;
} FakeCPU;

static void fc_set_intr(void *cpu, bool level) { ((FakeCPU *)cpu)->intr = level; }
static void fc_nmi(void *cpu) { ((FakeCPU *)cpu)->nmi++; }
static void fc_init(void *cpu) { ((FakeCPU *)cpu)->init++; }
static void fc_sipi(void *cpu, int vector) { (void)vector; ((FakeCPU *)cpu)->sipi++; }

static FakeCPU cpu[2];
static APICCPUOps ops[2];
static APICState *apic[2];
static APICBus *bus;
static IOAPICState *io;
static MemoryRegion sysmem;
static AddressSpace sys_as;

static int fake_pic_read(void *opaque)
{
    (void)opaque;
    return 0x28;
}

static void setup(void)
{
    hwt_io_init();
    memset(&sysmem, 0, sizeof(sysmem));
    memory_region_init_container(&sysmem, "memory", UINT64_MAX);
    ck_assert_int_eq(address_space_init(&sys_as, &sysmem, "memory"), 0);
    memset(cpu, 0, sizeof(cpu));
    bus = apic_bus_new(&sysmem);
    apic_bus_set_pic(bus, fake_pic_read, NULL);
    for (int i = 0; i < 2; i++) {
        ops[i] = (APICCPUOps){ fc_set_intr, fc_nmi, fc_init, fc_sipi, NULL, &cpu[i] };
        apic[i] = apic_new(bus, (uint32_t)i, i == 0, &ops[i]);
        apic_set_current(apic[i]);
        address_space_st(&sys_as, 0xfee000f0, 0x1ff, 4);    /* software enable */
    }
    io = ioapic_init(&sysmem, IOAPIC_DEFAULT_BASE, bus);
}

static void teardown(void)
{
    ioapic_destroy(io);
    for (int i = 0; i < 2; i++)
        apic_destroy(apic[i]);
    apic_bus_destroy(bus);
    address_space_destroy(&sys_as);
    memory_region_destroy(&sysmem);
    hwt_io_fini();
}

static uint32_t io_rd(uint8_t reg)
{
    address_space_st(&sys_as, IOAPIC_DEFAULT_BASE, reg, 4);
    return (uint32_t)address_space_ld(&sys_as, IOAPIC_DEFAULT_BASE + 0x10, 4);
}

static void io_wr(uint8_t reg, uint32_t val)
{
    address_space_st(&sys_as, IOAPIC_DEFAULT_BASE, reg, 4);
    address_space_st(&sys_as, IOAPIC_DEFAULT_BASE + 0x10, val, 4);
}

static void route(int pin, uint64_t entry)
{
    io_wr(0x10 + 2 * pin + 1, (uint32_t)(entry >> 32));
    io_wr(0x10 + 2 * pin, (uint32_t)entry);
}

static uint32_t apic_rd(int c, uint32_t reg)
{
    apic_set_current(apic[c]);
    return (uint32_t)address_space_ld(&sys_as, APIC_DEFAULT_BASE + reg, 4);
}

static void apic_eoi(int c)
{
    apic_set_current(apic[c]);
    address_space_st(&sys_as, APIC_DEFAULT_BASE + 0xb0, 0, 4);
}

static bool irr_has(int c, int v) { return (apic_rd(c, 0x200 + (v / 32) * 0x10) >> (v % 32)) & 1; }

/* Take vector v on CPU c (it must be the one offered) and EOI it. */
static void ack(int c, int v)
{
    ck_assert_int_eq(apic_get_interrupt(apic[c]), v);
    apic_eoi(c);
}

#define LEVEL       (1ull << 15)
#define REMOTE_IRR  (1u << 14)
#define MASKED      (1ull << 16)
#define LOGICAL     (1ull << 11)
#define DEST(d)     ((uint64_t)(d) << 56)

START_TEST(test_registers)
{
    ck_assert_uint_eq(io_rd(0x00), 0);
    ck_assert_uint_eq(io_rd(0x01), 0x170020);         /* 24 entries, version 0x20 */
    io_wr(0x01, 0);
    ck_assert_uint_eq(io_rd(0x01), 0x170020);
    io_wr(0x00, 0xff000000);
    ck_assert_uint_eq(io_rd(0x00), 0x0f000000);       /* a 4-bit ID */
    ck_assert_uint_eq(io_rd(0x02), 0x0f000000);       /* arbitration reads the ID */
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        ck_assert_uint_eq(io_rd(0x10 + 2 * pin), 0x10000);
        ck_assert_uint_eq(io_rd(0x11 + 2 * pin), 0);
    }
    ck_assert_uint_eq(io_rd(0x40), 0);                /* past the table */
    address_space_st(&sys_as, IOAPIC_DEFAULT_BASE, 0x13, 1);
    ck_assert_uint_eq(address_space_ld(&sys_as, IOAPIC_DEFAULT_BASE, 1), 0x13);
    /* The read-only bits of an entry cannot be set by a write. */
    route(3, MASKED | REMOTE_IRR | 1u << 12 | LEVEL | 0x33);
    ck_assert_uint_eq(io_rd(0x16), 0x18033);
    route(3, DEST(0xab) | MASKED | 0x3f33);           /* + delivery status, RO */
    ck_assert_uint_eq(io_rd(0x17), 0xab000000);
    ck_assert_uint_eq(io_rd(0x16), 0x12f33);
    ioapic_reset(io);
    ck_assert_uint_eq(io_rd(0x16), 0x10000);
    ck_assert_uint_eq(io_rd(0x00), 0);
}
END_TEST

START_TEST(test_edge)
{
    IrqLine in5 = ioapic_irq(io, 5);

    route(5, DEST(1) | 0x35);
    irq_raise(in5);
    ck_assert(irr_has(1, 0x35));
    ck_assert(!irr_has(0, 0x35));
    ck_assert_int_eq(cpu[1].intr, 1);
    ack(1, 0x35);
    irq_raise(in5);                                   /* no new edge */
    ck_assert(!irr_has(1, 0x35));
    irq_lower(in5);
    irq_raise(in5);
    ck_assert(irr_has(1, 0x35));
    ack(1, 0x35);
    ck_assert_uint_eq(io_rd(0x1a) & REMOTE_IRR, 0);   /* edge: no remote IRR */
    /* An edge on a masked pin is lost. */
    route(5, MASKED | DEST(1) | 0x35);
    irq_lower(in5);
    irq_raise(in5);
    route(5, DEST(1) | 0x35);
    ck_assert(!irr_has(1, 0x35));
    /* NMI delivery mode. */
    route(6, DEST(0) | 4u << 8);
    irq_pulse(ioapic_irq(io, 6));
    ck_assert_int_eq(cpu[0].nmi, 1);
}
END_TEST

START_TEST(test_isa_irq0_on_pin2)
{
    route(2, DEST(0) | 0x30);
    route(0, DEST(0) | 0x20);
    irq_raise(ioapic_irq(io, 0));
    ck_assert(irr_has(0, 0x30));
    ck_assert(!irr_has(0, 0x20));
    ack(0, 0x30);
    /* Pin 2 is the OR of inputs 0 and 2: input 2 alone gives no edge now. */
    irq_raise(ioapic_irq(io, 2));
    ck_assert(!irr_has(0, 0x30));
    irq_lower(ioapic_irq(io, 0));
    irq_lower(ioapic_irq(io, 2));
    irq_raise(ioapic_irq(io, 2));
    ck_assert(irr_has(0, 0x30));
}
END_TEST

START_TEST(test_level_remote_irr)
{
    IrqLine in10 = ioapic_irq(io, 10);

    route(10, LEVEL | DEST(0) | 0x3a);
    irq_raise(in10);
    ck_assert(irr_has(0, 0x3a));
    ck_assert_uint_eq(io_rd(0x24) & REMOTE_IRR, REMOTE_IRR);
    ck_assert_int_eq(apic_get_interrupt(apic[0]), 0x3a);
    irq_raise(in10);                                  /* held by remote IRR */
    ck_assert(!irr_has(0, 0x3a));
    apic_eoi(0);                                      /* still asserted: again */
    ck_assert(irr_has(0, 0x3a));
    ck_assert_uint_eq(io_rd(0x24) & REMOTE_IRR, REMOTE_IRR);
    ck_assert_int_eq(apic_get_interrupt(apic[0]), 0x3a);
    irq_lower(in10);
    apic_eoi(0);
    ck_assert(!irr_has(0, 0x3a));
    ck_assert_uint_eq(io_rd(0x24) & REMOTE_IRR, 0);
    /* A level waiting behind the mask goes out on the unmask. */
    route(10, MASKED | LEVEL | DEST(0) | 0x3a);
    irq_raise(in10);
    ck_assert(!irr_has(0, 0x3a));
    route(10, LEVEL | DEST(0) | 0x3a);
    ck_assert(irr_has(0, 0x3a));
    /* The EOI register (version 0x20) clears remote IRR too. */
    ck_assert_int_eq(apic_get_interrupt(apic[0]), 0x3a);
    irq_lower(in10);
    address_space_st(&sys_as, IOAPIC_DEFAULT_BASE + 0x40, 0x3a, 4);
    ck_assert_uint_eq(io_rd(0x24) & REMOTE_IRR, 0);
    apic_eoi(0);
    /* Linux's EOI by hand: a switch to edge drops remote IRR. */
    irq_raise(in10);
    ck_assert_int_eq(apic_get_interrupt(apic[0]), 0x3a);
    irq_lower(in10);
    route(10, MASKED | DEST(0) | 0x3a);
    ck_assert_uint_eq(io_rd(0x24) & REMOTE_IRR, 0);
    route(10, LEVEL | DEST(0) | 0x3a);
    ck_assert(!irr_has(0, 0x3a));
}
END_TEST

START_TEST(test_logical_and_extint)
{
    apic_set_current(apic[0]);
    address_space_st(&sys_as, 0xfee000d0, 0x01u << 24, 4);
    apic_set_current(apic[1]);
    address_space_st(&sys_as, 0xfee000d0, 0x02u << 24, 4);
    route(11, LOGICAL | DEST(0x03) | 0x3b);
    irq_raise(ioapic_irq(io, 11));
    ck_assert(irr_has(0, 0x3b) && irr_has(1, 0x3b));
    route(12, LOGICAL | DEST(0x02) | 0x3c);
    irq_raise(ioapic_irq(io, 12));
    ck_assert(!irr_has(0, 0x3c) && irr_has(1, 0x3c));
    route(13, LOGICAL | DEST(0x03) | 1u << 8 | 0x3d);    /* lowest priority: one CPU */
    irq_raise(ioapic_irq(io, 13));
    ck_assert_int_eq(irr_has(0, 0x3d) + irr_has(1, 0x3d), 1);
    route(14, DEST(0) | 7u << 8);                     /* ExtINT: the 8259's vector */
    irq_raise(ioapic_irq(io, 14));
    ck_assert(irr_has(0, 0x28));
}
END_TEST

START_TEST(test_eoi_storm_delay)
{
    IrqLine in9 = ioapic_irq(io, 9);
    int i;

    route(9, LEVEL | DEST(1) | 0x39);
    irq_raise(in9);
    for (i = 0; i < 9999; i++) {
        ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x39);
        apic_eoi(1);
        ck_assert(irr_has(1, 0x39));
    }
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x39);
    apic_eoi(1);                                      /* the 10000th: deferred 10 ms */
    ck_assert(!irr_has(1, 0x39));
    hwt_step_ns(NS_PER_SEC / 100 - 1);
    ck_assert(!irr_has(1, 0x39));
    hwt_step_ns(1);
    ck_assert(irr_has(1, 0x39));
}
END_TEST

START_TEST(test_vmstate)
{
    static MemoryRegion mem2;
    static AddressSpace as2;
    FakeCPU cpu2 = { 0 };
    APICCPUOps ops2 = { fc_set_intr, fc_nmi, fc_init, fc_sipi, NULL, &cpu2 };
    APICBus *bus2;
    APICState *a2;
    IOAPICState *b;

    io_wr(0x00, 0x03000000);
    route(4, DEST(0) | 0x34);
    route(10, LEVEL | DEST(0) | 0x3a);
    irq_raise(ioapic_irq(io, 10));
    irq_raise(ioapic_irq(io, 7));
    address_space_st(&sys_as, IOAPIC_DEFAULT_BASE, 0x15, 4);
    memory_region_init_container(&mem2, "mem2", UINT64_MAX);
    bus2 = apic_bus_new(&mem2);
    ck_assert_int_eq(address_space_init(&as2, &mem2, "mem2"), 0);
    a2 = apic_new(bus2, 0, true, &ops2);
    apic_set_current(a2);
    address_space_st(&as2, 0xfee000f0, 0x1ff, 4);
    b = ioapic_init(&mem2, IOAPIC_DEFAULT_BASE, bus2);
    hwt_vmstate_roundtrip(&vmstate_ioapic, io, b);
    ck_assert_int_eq(apic_get_interrupt(a2), -1);     /* remote IRR holds pin 10 */
    /* An EOI of 0x3a re-delivers the still-asserted pin in the copy. */
    ioapic_eoi_broadcast(b, 0x3a);
    ck_assert_int_eq(cpu2.intr, 1);
    ck_assert_int_eq(apic_get_interrupt(a2), 0x3a);
    ioapic_destroy(b);
    apic_destroy(a2);
    apic_bus_destroy(bus2);
    address_space_destroy(&as2);
    memory_region_destroy(&mem2);
}
END_TEST

START_TEST(test_fuzz)
{
    uint64_t seed = 0x82093;

    for (int i = 0; i < 200000; i++) {
        uint64_t r = hwt_rand(&seed);
        uint32_t val = (uint32_t)(r >> 32);

        switch ((r >> 4) & 7) {
        case 0:
            address_space_st(&sys_as, IOAPIC_DEFAULT_BASE + (r & 0xfc), val, 4);
            break;
        case 1:
            io_wr((uint8_t)(r >> 8), val);
            break;
        case 2:
            irq_set(ioapic_irq(io, (int)((r >> 8) % IOAPIC_NUM_PINS)), (r >> 16) & 1);
            break;
        case 3:
            (void)apic_get_interrupt(apic[(r >> 8) & 1]);
            apic_eoi((r >> 9) & 1);
            break;
        case 4:
            hwt_step_ns((int64_t)(val & 0xfffff));
            break;
        default:
            (void)io_rd((uint8_t)(r >> 8));
            (void)address_space_ld(&sys_as, IOAPIC_DEFAULT_BASE + (r & 0xff), 1 << ((r >> 8) & 2));
            break;
        }
    }
    ioapic_reset(io);
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++)
        irq_lower(ioapic_irq(io, pin));
    apic_reset(apic[1]);
    apic_set_current(apic[1]);
    address_space_st(&sys_as, 0xfee000f0, 0x1ff, 4);
    route(5, DEST(1) | 0x35);
    irq_raise(ioapic_irq(io, 5));
    ck_assert_int_eq(apic_get_interrupt(apic[1]), 0x35);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-ioapic");
    TCase *tc = tcase_create("ioapic");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_registers);
    tcase_add_test(tc, test_edge);
    tcase_add_test(tc, test_isa_irq0_on_pin2);
    tcase_add_test(tc, test_level_remote_irr);
    tcase_add_test(tc, test_logical_and_extint);
    tcase_add_test(tc, test_eoi_storm_delay);
    tcase_add_test(tc, test_vmstate);
    tcase_add_test(tc, test_fuzz);
    suite_add_tcase(s, tc);
    return check_run(s, true);
}
