/*
 * MC146818 RTC (see rtc.h). Register model: Motorola MC146818A datasheet,
 * "Address Map", "Register A-D", "Update Cycle", "Interrupts".
 *
 * Time is not ticked: guest time is a base plus the RTC clock's progress, and the
 * time registers are recomputed from it when read. Flags in register C are
 * brought up to date lazily (on a read of C, and from a timer that runs only
 * while an enabled interrupt could newly fire), by looking at which
 * periodic edges, second boundaries and alarm matches fell between the last
 * check and now.
 */
#include "hw/rtc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "system/clock.h"
#include "system/error.h"
#include "system/log.h"

enum {
    RTC_SECONDS = 0x00, RTC_SECONDS_ALARM = 0x01,
    RTC_MINUTES = 0x02, RTC_MINUTES_ALARM = 0x03,
    RTC_HOURS = 0x04, RTC_HOURS_ALARM = 0x05,
    RTC_DAY_OF_WEEK = 0x06, RTC_DAY_OF_MONTH = 0x07,
    RTC_MONTH = 0x08, RTC_YEAR = 0x09,
    RTC_REG_A = 0x0a, RTC_REG_B = 0x0b, RTC_REG_C = 0x0c, RTC_REG_D = 0x0d,
    RTC_CENTURY = 0x32,     /* IBM PC convention, not in the MC146818 */
};

/* Register A */
#define REG_A_UIP   0x80
#define REG_A_DV    0x70    /* divider: 010 = 32.768 kHz time base */
#define REG_A_RS    0x0f    /* periodic rate select */
/* Register B */
#define REG_B_SET   0x80
#define REG_B_PIE   0x40
#define REG_B_AIE   0x20
#define REG_B_UIE   0x10
#define REG_B_DM    0x04    /* 1 = binary, 0 = BCD */
#define REG_B_24H   0x02
/* Register C */
#define REG_C_IRQF  0x80
#define REG_C_PF    0x40
#define REG_C_AF    0x20
#define REG_C_UF    0x10
/* Register D */
#define REG_D_VRT   0x80

/* UIP rises 244 us before each update (datasheet, "Update Cycle", tBUC). */
#define RTC_UIP_NS  (8 * NS_PER_SEC / 32768)

struct RTCState {
    uint8_t cmos[128];
    uint8_t index;
    uint8_t nmi_masked;
    uint8_t irq_level;
    /*
     * Guest time at clock time now: base_secs seconds since 1970 plus
     * (now - base_ns). Kept in two parts because a guest may set any year
     * up to 9999, beyond what int64 nanoseconds since 1970 can hold.
     */
    int64_t base_secs;
    int64_t base_ns;
    int64_t last_check_ns;  /* clock time register C's flags are current to */
    /* host side */
    ClockType clock;
    IrqLine irq;
    Timer timer;
    MemoryRegion mr;
    MemoryRegion *io;
};

/* ---- Calendar arithmetic (proleptic Gregorian, UTC) --------------------- */

static int64_t rtc_floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Days from 1970-01-01 to y-m-d (m 1-12). */
static int64_t rtc_days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = rtc_floor_div(y, 400);
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

typedef struct RTCDate {
    int year, mon, mday, wday, hour, min, sec;  /* mon 1-12, wday 0 = Sunday */
} RTCDate;

static void rtc_civil_from_secs(int64_t secs, RTCDate *t)
{
    int64_t days = rtc_floor_div(secs, 86400), sod = secs - days * 86400;
    int64_t z = days + 719468, era = rtc_floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    t->mday = doy - (153 * mp + 2) / 5 + 1;
    t->mon = mp < 10 ? mp + 3 : mp - 9;
    t->year = yoe + era * 400 + (t->mon <= 2);
    t->wday = (int)((days % 7 + 11) % 7);  /* 1970-01-01 was a Thursday */
    t->hour = sod / 3600;
    t->min = sod / 60 % 60;
    t->sec = sod % 60;
}

/* ---- Register encoding -------------------------------------------------- */

static uint8_t rtc_to_reg(const RTCState *s, int v)
{
    if (s->cmos[RTC_REG_B] & REG_B_DM)
        return v;
    return ((v / 10) << 4) | (v % 10);
}

static int rtc_from_reg(const RTCState *s, uint8_t v)
{
    if (s->cmos[RTC_REG_B] & REG_B_DM)
        return v;
    return ((v >> 4) & 0x0f) * 10 + (v & 0x0f);
}

/* Hours in 24h or 12h format; in 12h, bit 7 is PM (datasheet, Table 3). */
static uint8_t rtc_hour_to_reg(const RTCState *s, int hour)
{
    if (s->cmos[RTC_REG_B] & REG_B_24H)
        return rtc_to_reg(s, hour);
    return rtc_to_reg(s, hour % 12 ? hour % 12 : 12) | (hour >= 12 ? 0x80 : 0);
}

static int rtc_hour_from_reg(const RTCState *s, uint8_t v)
{
    int h;

    if (s->cmos[RTC_REG_B] & REG_B_24H)
        return rtc_from_reg(s, v);
    h = rtc_from_reg(s, v & 0x7f) % 12;
    return (v & 0x80) ? h + 12 : h;
}

/* ---- Time --------------------------------------------------------------- */

/* Time advances: SET clear and the divider at a running time base (not 11x). */
static bool rtc_running(const RTCState *s)
{
    return !(s->cmos[RTC_REG_B] & REG_B_SET) && (s->cmos[RTC_REG_A] & REG_A_DV) <= 0x20;
}

/* The periodic divider runs whenever the divider chain is not held in reset. */
static bool rtc_divider_running(const RTCState *s)
{
    return (s->cmos[RTC_REG_A] & REG_A_DV) <= 0x20;
}

/* The guest's current second, and how far into it (ns) the clock is. */
static int64_t rtc_guest_secs(const RTCState *s, int64_t now)
{
    return s->base_secs + rtc_floor_div(now - s->base_ns, NS_PER_SEC);
}

static int64_t rtc_guest_frac(const RTCState *s, int64_t now)
{
    int64_t d = now - s->base_ns;

    return d - rtc_floor_div(d, NS_PER_SEC) * NS_PER_SEC;
}

/* Write the time at guest second secs into the time registers. */
static void rtc_fill_time_regs(RTCState *s, int64_t secs)
{
    RTCDate t;

    rtc_civil_from_secs(secs, &t);
    s->cmos[RTC_SECONDS] = rtc_to_reg(s, t.sec);
    s->cmos[RTC_MINUTES] = rtc_to_reg(s, t.min);
    s->cmos[RTC_HOURS] = rtc_hour_to_reg(s, t.hour);
    s->cmos[RTC_DAY_OF_WEEK] = rtc_to_reg(s, t.wday + 1);
    s->cmos[RTC_DAY_OF_MONTH] = rtc_to_reg(s, t.mday);
    s->cmos[RTC_MONTH] = rtc_to_reg(s, t.mon);
    s->cmos[RTC_YEAR] = rtc_to_reg(s, t.year % 100);
    s->cmos[RTC_CENTURY] = rtc_to_reg(s, t.year / 100);
}

/* The guest second the time registers hold (what the guest set). */
static int64_t rtc_secs_from_regs(const RTCState *s)
{
    int year = rtc_from_reg(s, s->cmos[RTC_YEAR]) + rtc_from_reg(s, s->cmos[RTC_CENTURY]) * 100;
    int mon = rtc_from_reg(s, s->cmos[RTC_MONTH]);
    int mday = rtc_from_reg(s, s->cmos[RTC_DAY_OF_MONTH]);

    /* Garbage dates still give some time: clamp rather than reject. */
    if (mon < 1 || mon > 12)
        mon = 1;
    if (mday < 1 || mday > 31)
        mday = 1;
    return rtc_days_from_civil(year, mon, mday) * 86400 +
           rtc_hour_from_reg(s, s->cmos[RTC_HOURS]) * 3600 +
           rtc_from_reg(s, s->cmos[RTC_MINUTES]) * 60 + rtc_from_reg(s, s->cmos[RTC_SECONDS]);
}

/* Restart the clock from the registers, frac_ns into the second. */
static void rtc_set_time_from_regs(RTCState *s, int64_t now, int64_t frac_ns)
{
    s->base_secs = rtc_secs_from_regs(s);
    s->base_ns = now - frac_ns;
}

/* ---- Interrupt flags ---------------------------------------------------- */

/* Periodic period in 32.768 kHz cycles (datasheet Table 5); 0 = off. */
static int64_t rtc_period_cycles(const RTCState *s)
{
    int rs = s->cmos[RTC_REG_A] & REG_A_RS;

    if (rs == 0)
        return 0;
    if (rs <= 2)
        rs += 7;    /* 0001, 0010 repeat the 256 Hz and 128 Hz rates */
    return (int64_t)1 << (rs - 1);
}

/* 32.768 kHz cycles elapsed on the RTC clock at ns (ns >= 0). */
static int64_t rtc_cycles(int64_t ns)
{
    if (ns < 0)
        ns = 0;
    return ns / NS_PER_SEC * 32768 + ns % NS_PER_SEC * 32768 / NS_PER_SEC;
}

/* First ns at which rtc_cycles reaches cycles. */
static int64_t rtc_cycles_to_ns(int64_t cycles)
{
    return cycles / 32768 * NS_PER_SEC + (cycles % 32768 * NS_PER_SEC + 32767) / 32768;
}

static bool rtc_alarm_field_matches(uint8_t alarm, uint8_t now)
{
    return (alarm & 0xc0) == 0xc0 || alarm == now;   /* 11xxxxxx: don't care */
}

/* Does the alarm match at guest second secs? */
static bool rtc_alarm_matches(const RTCState *s, int64_t secs)
{
    int64_t sod = secs - rtc_floor_div(secs, 86400) * 86400;

    return rtc_alarm_field_matches(s->cmos[RTC_SECONDS_ALARM], rtc_to_reg(s, sod % 60)) &&
           rtc_alarm_field_matches(s->cmos[RTC_MINUTES_ALARM], rtc_to_reg(s, sod / 60 % 60)) &&
           rtc_alarm_field_matches(s->cmos[RTC_HOURS_ALARM], rtc_hour_to_reg(s, sod / 3600));
}

static void rtc_update_irq(RTCState *s)
{
    uint8_t c = s->cmos[RTC_REG_C];

    if (c & s->cmos[RTC_REG_B] & (REG_C_PF | REG_C_AF | REG_C_UF))
        c |= REG_C_IRQF;
    s->cmos[RTC_REG_C] = c;
    if (!!(c & REG_C_IRQF) != s->irq_level) {
        s->irq_level = !!(c & REG_C_IRQF);
        irq_set(s->irq, s->irq_level);
    }
}

/* Set the flags of the events in (last_check_ns, now]. */
static void rtc_update_flags(RTCState *s, int64_t now)
{
    int64_t t0 = s->last_check_ns, period = rtc_period_cycles(s);

    if (now <= t0)
        return;
    if (period && rtc_divider_running(s) && rtc_cycles(now) / period > rtc_cycles(t0) / period)
        s->cmos[RTC_REG_C] |= REG_C_PF;
    if (rtc_running(s)) {
        int64_t sec0 = rtc_guest_secs(s, t0);
        int64_t sec1 = rtc_guest_secs(s, now);

        if (sec1 > sec0) {
            /* An update cycle ended at each second boundary crossed. */
            s->cmos[RTC_REG_C] |= REG_C_UF;
            /* A day covers every alarm pattern a guest can set. */
            for (int64_t sec = sec0 + 1; sec <= sec1 && sec <= sec0 + 86401; sec++) {
                if (rtc_alarm_matches(s, sec)) {
                    s->cmos[RTC_REG_C] |= REG_C_AF;
                    break;
                }
            }
        }
    }
    s->last_check_ns = now;
    rtc_update_irq(s);
}

/*
 * Arm the timer for the next event that could raise IRQ8. None is needed
 * while IRQF is set: flags pile up lazily until register C is read.
 */
static void rtc_arm_timer(RTCState *s, int64_t now)
{
    uint8_t b = s->cmos[RTC_REG_B];
    int64_t next = INT64_MAX, period = rtc_period_cycles(s);

    if (!(s->cmos[RTC_REG_C] & REG_C_IRQF)) {
        if ((b & REG_B_PIE) && period && rtc_divider_running(s))
            next = rtc_cycles_to_ns((rtc_cycles(now) / period + 1) * period);
        if ((b & (REG_B_UIE | REG_B_AIE)) && rtc_running(s)) {
            int64_t edge = s->base_ns +
                           (rtc_floor_div(now - s->base_ns, NS_PER_SEC) + 1) * NS_PER_SEC;

            if (edge < next)
                next = edge;
        }
    }
    if (next != INT64_MAX)
        timer_mod(&s->timer, next);
    else
        timer_del(&s->timer);
}

static void rtc_timer_cb(void *opaque)
{
    RTCState *s = opaque;
    int64_t now = clock_get_ns(s->clock);

    rtc_update_flags(s, now);
    rtc_arm_timer(s, now);
}

/* ---- Ports -------------------------------------------------------------- */

/* Register A or B changed: account for time stopping or starting. */
static void rtc_write_control(RTCState *s, int reg, uint8_t val, int64_t now)
{
    bool was_running = rtc_running(s), was_divider = rtc_divider_running(s);

    rtc_update_flags(s, now);
    if (was_running)
        rtc_fill_time_regs(s, rtc_guest_secs(s, now));
    if (reg == RTC_REG_A) {
        s->cmos[RTC_REG_A] = (val & ~REG_A_UIP) | (s->cmos[RTC_REG_A] & REG_A_UIP);
    } else {
        /* SET aborts any update and clears UIE (datasheet, Register B bit 7). */
        if (val & REG_B_SET)
            val &= ~REG_B_UIE;
        s->cmos[RTC_REG_B] = val;
    }
    if (!was_running && rtc_running(s)) {
        /*
         * Leaving divider reset, the first update comes 500 ms later
         * (datasheet, Register A "DV0-DV2"); clearing SET restarts the
         * second from its beginning, as QEMU does.
         */
        rtc_set_time_from_regs(s, now, !was_divider ? NS_PER_SEC / 2 : 0);
    }
    if (rtc_running(s))
        rtc_fill_time_regs(s, rtc_guest_secs(s, now));
    s->last_check_ns = now;
    rtc_update_irq(s);
    rtc_arm_timer(s, now);
}

static uint8_t rtc_read_data(RTCState *s)
{
    int64_t now = clock_get_ns(s->clock);
    uint8_t ret;

    switch (s->index) {
    case RTC_SECONDS: case RTC_MINUTES: case RTC_HOURS: case RTC_DAY_OF_WEEK:
    case RTC_DAY_OF_MONTH: case RTC_MONTH: case RTC_YEAR: case RTC_CENTURY:
        if (rtc_running(s))
            rtc_fill_time_regs(s, rtc_guest_secs(s, now));
        return s->cmos[s->index];
    case RTC_REG_A: {
        int64_t frac = rtc_guest_frac(s, now);

        ret = s->cmos[RTC_REG_A] & ~REG_A_UIP;
        if (rtc_running(s) && frac >= NS_PER_SEC - RTC_UIP_NS)
            ret |= REG_A_UIP;
        return ret;
    }
    case RTC_REG_C:
        /* Reading C returns the flags and clears them all, lowering IRQ8. */
        rtc_update_flags(s, now);
        ret = s->cmos[RTC_REG_C];
        s->cmos[RTC_REG_C] = 0;
        rtc_update_irq(s);
        rtc_arm_timer(s, now);
        return ret;
    default:
        return s->cmos[s->index];
    }
}

static void rtc_write_data(RTCState *s, uint8_t val)
{
    int64_t now = clock_get_ns(s->clock);

    switch (s->index) {
    case RTC_SECONDS: case RTC_MINUTES: case RTC_HOURS: case RTC_DAY_OF_WEEK:
    case RTC_DAY_OF_MONTH: case RTC_MONTH: case RTC_YEAR: case RTC_CENTURY:
        rtc_update_flags(s, now);
        if (rtc_running(s))
            rtc_fill_time_regs(s, rtc_guest_secs(s, now));
        s->cmos[s->index] = val;
        /* A write while the clock runs sets the time at once, as QEMU's does. */
        if (rtc_running(s)) {
            rtc_set_time_from_regs(s, now, 0);
            s->last_check_ns = now;
            rtc_arm_timer(s, now);
        }
        break;
    case RTC_REG_A:
    case RTC_REG_B:
        rtc_write_control(s, s->index, val, now);
        break;
    case RTC_REG_C:
    case RTC_REG_D:
        if (log_enabled(LOG_GUEST_ERROR))
            log_printf("rtc: write 0x%02x to read-only register %c\n", val,
                       s->index == RTC_REG_C ? 'C' : 'D');
        break;
    default:
        s->cmos[s->index] = val;
        break;
    }
}

static uint64_t rtc_read(void *opaque, uint64_t addr, unsigned size)
{
    RTCState *s = opaque;

    if (addr == 0)
        return 0xff;    /* the index register is write-only */
    return rtc_read_data(s);
}

static void rtc_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    RTCState *s = opaque;

    if (addr == 0) {
        s->index = val & 0x7f;
        s->nmi_masked = (val >> 7) & 1;
    } else {
        rtc_write_data(s, val);
    }
}

static const MemoryRegionOps rtc_ops = { rtc_read, rtc_write, 1, 1 };

/* ---- Board interface ---------------------------------------------------- */

void rtc_set_cmos(RTCState *s, int index, uint8_t value)
{
    if (index >= 0 && index < 128)
        s->cmos[index] = value;
}

uint8_t rtc_get_cmos(RTCState *s, int index)
{
    uint8_t saved = s->index, v;

    if (index < 0 || index >= 128)
        return 0xff;
    if (index == RTC_REG_C)
        return s->cmos[RTC_REG_C];  /* the board must not clear the guest's flags */
    s->index = index;
    v = rtc_read_data(s);
    s->index = saved;
    return v;
}

bool rtc_nmi_masked(const RTCState *s)
{
    return s->nmi_masked;
}

static int rtc_boot_nibble(char c)
{
    switch (c) {
    case 'a': case 'b': return 1;   /* floppy */
    case 'c': return 2;             /* hard disk */
    case 'd': return 3;             /* CD-ROM */
    case 'n': return 4;             /* network */
    }
    return 0;
}

int rtc_set_boot_order(RTCState *s, const char *boot_order)
{
    int nib[3] = { 0, 0, 0 };
    size_t n = strlen(boot_order);

    if (n > 3) {
        error_report("Too many boot devices for PC");
        return -EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        nib[i] = rtc_boot_nibble(boot_order[i]);
        if (!nib[i]) {
            error_report("Invalid boot device for PC: '%c'", boot_order[i]);
            return -EINVAL;
        }
    }
    /*
     * Boot devices 1 and 2 in 0x3d, device 3 in 0x38's high nibble. 0x38 bit 0
     * set would skip the floppy boot-signature check; QEMU leaves it clear.
     */
    s->cmos[0x3d] = nib[1] << 4 | nib[0];
    s->cmos[0x38] = nib[2] << 4;
    return 0;
}

int rtc_fill_pc_cmos(RTCState *s, uint64_t below_4g, uint64_t above_4g, unsigned smp,
                     const char *boot_order)
{
    const uint64_t KiB = 1024, MiB = 1024 * 1024;
    uint64_t val;

    if (rtc_set_boot_order(s, boot_order) < 0)
        return -EINVAL;
    /* Base memory in KiB, at most 640. */
    val = below_4g / KiB < 640 ? below_4g / KiB : 640;
    s->cmos[0x15] = val;
    s->cmos[0x16] = val >> 8;
    /* Extended memory above 1 MiB in KiB, saturating at 65535 (0x17/0x18, copy at 0x30/0x31). */
    val = below_4g > MiB ? (below_4g - MiB) / KiB : 0;
    if (val > 65535)
        val = 65535;
    s->cmos[0x17] = s->cmos[0x30] = val;
    s->cmos[0x18] = s->cmos[0x31] = val >> 8;
    /* Memory between 16 MiB and 4 GiB in 64 KiB units. */
    val = below_4g > 16 * MiB ? (below_4g - 16 * MiB) / (64 * KiB) : 0;
    if (val > 65535)
        val = 65535;
    s->cmos[0x34] = val;
    s->cmos[0x35] = val >> 8;
    /* Memory above 4 GiB in 64 KiB units, 24 bits. */
    val = above_4g / (64 * KiB);
    s->cmos[0x5b] = val;
    s->cmos[0x5c] = val >> 8;
    s->cmos[0x5d] = val >> 16;
    s->cmos[0x5f] = smp ? smp - 1 : 0;
    /* Equipment: math coprocessor (bit 1) and PS/2 mouse (bit 2). */
    s->cmos[0x14] = 0x02 | 0x04;
    s->cmos[RTC_CENTURY] = rtc_get_cmos(s, RTC_CENTURY);
    return 0;
}

/* ---- Life cycle --------------------------------------------------------- */

/* The start time as seconds since 1970, and *frac_ns into that second. */
static int64_t rtc_start_secs(const RtcConfig *cfg, int64_t *frac_ns)
{
    int64_t host = clock_get_ns(VCLOCK_HOST);
    time_t secs = host / NS_PER_SEC;
    struct tm tm;

    *frac_ns = host % NS_PER_SEC;
    switch (cfg->base) {
    case RTC_BASE_DATE:
        *frac_ns = 0;
        return cfg->start;
    case RTC_BASE_LOCALTIME:
        /* The local wall-clock fields, read as if they were UTC. */
        localtime_r(&secs, &tm);
        return rtc_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 86400 +
               tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    default:
        return secs;
    }
}

void rtc_reset(RTCState *s)
{
    int64_t now = clock_get_ns(s->clock);

    rtc_update_flags(s, now);
    s->cmos[RTC_REG_B] &= ~(REG_B_PIE | REG_B_AIE | REG_B_UIE);
    s->cmos[RTC_REG_C] = 0;
    s->last_check_ns = now;
    rtc_update_irq(s);
    rtc_arm_timer(s, now);
}

RTCState *rtc_init(MemoryRegion *io, uint16_t base, IrqLine irq, const RtcConfig *cfg)
{
    RTCState *s = calloc(1, sizeof(*s));
    int64_t now, frac;

    if (!s)
        abort();
    s->io = io;
    s->irq = irq;
    s->clock = cfg->clock == RTC_CLOCK_VM ? VCLOCK_VIRTUAL :
               cfg->clock == RTC_CLOCK_RT ? VCLOCK_REALTIME : VCLOCK_HOST;
    timer_init(&s->timer, s->clock, rtc_timer_cb, s);
    now = clock_get_ns(s->clock);
    s->base_secs = rtc_start_secs(cfg, &frac);
    s->base_ns = now - frac;
    s->last_check_ns = now;
    /* Power-on values QEMU's mc146818rtc gives: 32.768 kHz, 1024 Hz rate, 24h BCD. */
    s->cmos[RTC_REG_A] = 0x26;
    s->cmos[RTC_REG_B] = REG_B_24H;
    s->cmos[RTC_REG_C] = 0;
    s->cmos[RTC_REG_D] = REG_D_VRT;
    rtc_fill_time_regs(s, rtc_guest_secs(s, now));
    memory_region_init_io(&s->mr, "rtc", &rtc_ops, s, 2);
    memory_region_add_subregion(io, base, &s->mr);
    return s;
}

void rtc_destroy(RTCState *s)
{
    timer_del(&s->timer);
    memory_region_del_subregion(s->io, &s->mr);
    free(s);
}

static int rtc_post_load(void *opaque)
{
    RTCState *s = opaque;
    int64_t now = clock_get_ns(s->clock);

    s->index &= 0x7f;
    if (s->last_check_ns > now)
        s->last_check_ns = now;
    s->irq_level = !s->irq_level;   /* force rtc_update_irq to resend the level */
    rtc_update_irq(s);
    rtc_arm_timer(s, now);
    return 0;
}

static const VMStateField rtc_fields[] = {
    VMSTATE(RTCState, VMS_BYTES, cmos, 128),
    VMSTATE(RTCState, VMS_U8, index, 0),
    VMSTATE(RTCState, VMS_U8, nmi_masked, 0),
    VMSTATE(RTCState, VMS_U8, irq_level, 0),
    VMSTATE(RTCState, VMS_I64, base_secs, 0),
    VMSTATE(RTCState, VMS_I64, base_ns, 0),
    VMSTATE(RTCState, VMS_I64, last_check_ns, 0),
    VMSTATE_END
};

const VMStateDesc vmstate_rtc = {
    .name = "mc146818rtc",
    .version = 1,
    .fields = rtc_fields,
    .post_load = rtc_post_load,
};
