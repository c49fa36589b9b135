/* Corpus files: portable, little-endian, tagged. The format is in corpus.h. */
#include "tests/cpu/corpus.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum {
    TAG_NAME = 1, TAG_CODE, TAG_FLAGS_MASK, TAG_INIT_REGS, TAG_INIT_MEM,
    TAG_RES_REGS, TAG_RES_MEM, TAG_FAULT,
    TAG_FSW_MASK,                   /* optional: 0xffff when absent */
    TAG_MODE,                       /* optional: 64 when absent */
    TAG_X87_ULPS,                   /* optional: 0 (bit-exact) when absent */
    TAG_XMM_ULPS,                   /* optional: 0 (bit-exact) when absent */
    TAG_COUNT
};
#define TAGS_REQUIRED (((1u << TAG_FSW_MASK) - 1) & ~1u)

#define REGS_SIZE   (16 * 8 + 4 * 8 + 4 + 16 * 16 * 2 + 2 + 2 + 1 + 1 + 8 * 10)
#define FAULT_SIZE  (3 * 4 + 3 * 8)
#define RECORD_MAX  (1u << 20)
#define RUN_GAP     4       /* equal bytes that end a run: a run header costs 4 */

/* ---------------------------------------------------------------------------
 * Writing: a record is built in memory, then written with its length. */

typedef struct Buf {
    uint8_t *p;
    size_t len, cap;
    int err;
} Buf;

static uint8_t *buf_grow(Buf *b, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        uint8_t *p;

        while (cap < b->len + n)
            cap *= 2;
        p = realloc(b->p, cap);
        if (!p) {
            b->err = -ENOMEM;
            return NULL;
        }
        b->p = p;
        b->cap = cap;
    }
    b->len += n;
    return b->p + b->len - n;
}

static void put_le(Buf *b, uint64_t v, int n)
{
    uint8_t *p = buf_grow(b, (size_t)n);

    for (int i = 0; p && i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put_bytes(Buf *b, const void *data, size_t n)
{
    uint8_t *p = buf_grow(b, n);

    if (p && n)
        memcpy(p, data, n);
}

/* Start a field; field_end() patches its length. */
static size_t field_begin(Buf *b, unsigned tag)
{
    put_le(b, tag, 2);
    put_le(b, 0, 4);
    return b->len;
}

static void field_end(Buf *b, size_t start)
{
    uint32_t n = (uint32_t)(b->len - start);

    if (b->err)
        return;
    for (int i = 0; i < 4; i++)
        b->p[start - 4 + i] = (uint8_t)(n >> (8 * i));
}

static void put_regs(Buf *b, unsigned tag, const TestState *s)
{
    size_t f = field_begin(b, tag);

    for (int i = 0; i < TEST_NGPR; i++)
        put_le(b, s->gpr[i], 8);
    put_le(b, s->rip, 8);
    put_le(b, s->rflags, 8);
    put_le(b, s->fs_base, 8);
    put_le(b, s->gs_base, 8);
    put_le(b, s->mxcsr, 4);
    put_bytes(b, s->xmm, sizeof(s->xmm));
    put_bytes(b, s->ymmh, sizeof(s->ymmh));
    put_le(b, s->x87.fcw, 2);
    put_le(b, s->x87.fsw, 2);
    put_le(b, s->x87.ftw, 1);
    put_le(b, s->x87.top, 1);
    put_bytes(b, s->x87.regs, sizeof(s->x87.regs));
    field_end(b, f);
}

/* The bytes of data[] that differ from ref[], as (offset, length, bytes) runs. */
static void put_runs(Buf *b, unsigned tag, const uint8_t *data, const uint8_t *ref, size_t n)
{
    size_t f = field_begin(b, tag);

    for (size_t i = 0; i < n; ) {
        size_t end;

        if (data[i] == ref[i]) {
            i++;
            continue;
        }
        end = i + 1;
        for (size_t j = end; j < n && j - end < RUN_GAP; j++) {
            if (data[j] != ref[j])
                end = j + 1;
        }
        put_le(b, i, 2);
        put_le(b, end - i, 2);
        put_bytes(b, data + i, end - i);
        i = end;
    }
    field_end(b, f);
}

int corpus_write_header(FILE *f)
{
    uint8_t h[16] = CORPUS_MAGIC;

    h[8] = CORPUS_VERSION;
    return fwrite(h, sizeof(h), 1, f) == 1 ? 0 : -EIO;
}

int corpus_write_case(FILE *f, const TestCase *tc, const TestResult *res)
{
    static const uint8_t zero[TEST_DATA_SIZE];
    const TestFault *fl = &res->fault;
    Buf b = { 0 };
    size_t fld;
    int r;

    put_le(&b, 0, 4);               /* the record's length, patched below */
    fld = field_begin(&b, TAG_NAME);
    put_bytes(&b, tc->name, strnlen(tc->name, sizeof(tc->name) - 1));
    field_end(&b, fld);
    fld = field_begin(&b, TAG_CODE);
    put_bytes(&b, tc->code, tc->code_len < TEST_CODE_MAX ? tc->code_len : TEST_CODE_MAX);
    field_end(&b, fld);
    fld = field_begin(&b, TAG_FLAGS_MASK);
    put_le(&b, tc->flags_mask, 4);
    field_end(&b, fld);
    if (tc->fsw_mask != 0xffff) {
        fld = field_begin(&b, TAG_FSW_MASK);
        put_le(&b, tc->fsw_mask, 2);
        field_end(&b, fld);
    }
    if (tc->mode != 64) {
        fld = field_begin(&b, TAG_MODE);
        put_le(&b, tc->mode, 1);
        field_end(&b, fld);
    }
    if (tc->x87_ulps) {
        fld = field_begin(&b, TAG_X87_ULPS);
        put_le(&b, tc->x87_ulps, 1);
        field_end(&b, fld);
    }
    if (tc->xmm_f32_ulps) {
        fld = field_begin(&b, TAG_XMM_ULPS);
        put_le(&b, tc->xmm_f32_ulps, 2);
        field_end(&b, fld);
    }
    put_regs(&b, TAG_INIT_REGS, &tc->init);
    put_runs(&b, TAG_INIT_MEM, tc->init.mem, zero, TEST_DATA_SIZE);
    put_regs(&b, TAG_RES_REGS, &res->state);
    put_runs(&b, TAG_RES_MEM, res->state.mem, tc->init.mem, TEST_DATA_SIZE);
    fld = field_begin(&b, TAG_FAULT);
    put_le(&b, (uint32_t)fl->signal, 4);
    put_le(&b, (uint32_t)fl->vector, 4);
    put_le(&b, (uint32_t)fl->si_code, 4);
    put_le(&b, fl->addr, 8);
    put_le(&b, fl->rip, 8);
    put_le(&b, fl->error_code, 8);
    field_end(&b, fld);
    field_end(&b, 4);

    r = b.err;
    if (!r && fwrite(b.p, b.len, 1, f) != 1)
        r = -EIO;
    free(b.p);
    return r;
}

int corpus_write(FILE *f, const TestCase *cases, const TestResult *results, size_t n)
{
    int r = corpus_write_header(f);

    for (size_t i = 0; !r && i < n; i++)
        r = corpus_write_case(f, &cases[i], &results[i]);
    if (!r && fflush(f) != 0)
        r = -EIO;
    return r;
}

/* ---------------------------------------------------------------------------
 * Reading: every length is checked against what is left. */

typedef struct Cursor {
    const uint8_t *p;
    size_t left;
} Cursor;

static int take(Cursor *c, void *out, size_t n)
{
    if (c->left < n)
        return -EINVAL;
    memcpy(out, c->p, n);
    c->p += n;
    c->left -= n;
    return 0;
}

static uint64_t get_le(Cursor *c, int n)
{
    uint8_t b[8];
    uint64_t v = 0;

    if (take(c, b, (size_t)n) < 0) {
        c->left = 0;
        c->p = NULL;                /* marks the cursor as overrun */
        return 0;
    }
    for (int i = 0; i < n; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static int get_regs(Cursor c, TestState *s)
{
    if (c.left != REGS_SIZE)
        return -EINVAL;
    for (int i = 0; i < TEST_NGPR; i++)
        s->gpr[i] = get_le(&c, 8);
    s->rip = get_le(&c, 8);
    s->rflags = get_le(&c, 8);
    s->fs_base = get_le(&c, 8);
    s->gs_base = get_le(&c, 8);
    s->mxcsr = (uint32_t)get_le(&c, 4);
    take(&c, s->xmm, sizeof(s->xmm));
    take(&c, s->ymmh, sizeof(s->ymmh));
    s->x87.fcw = (uint16_t)get_le(&c, 2);
    s->x87.fsw = (uint16_t)get_le(&c, 2);
    s->x87.ftw = (uint8_t)get_le(&c, 1);
    s->x87.top = (uint8_t)get_le(&c, 1);
    take(&c, s->x87.regs, sizeof(s->x87.regs));
    return s->x87.top > 7 ? -EINVAL : 0;
}

static int get_runs(Cursor c, uint8_t *data, const uint8_t *ref, size_t n)
{
    memcpy(data, ref, n);
    while (c.left) {
        size_t off = (size_t)get_le(&c, 2), len = (size_t)get_le(&c, 2);

        if (!c.p || len == 0 || off + len > n || take(&c, data + off, len) < 0)
            return -EINVAL;
    }
    return 0;
}

static int get_fault(Cursor c, TestFault *f)
{
    if (c.left != FAULT_SIZE)
        return -EINVAL;
    f->signal = (int32_t)(uint32_t)get_le(&c, 4);
    f->vector = (int32_t)(uint32_t)get_le(&c, 4);
    f->si_code = (int32_t)(uint32_t)get_le(&c, 4);
    f->addr = get_le(&c, 8);
    f->rip = get_le(&c, 8);
    f->error_code = get_le(&c, 8);
    return 0;
}

static int parse_record(Cursor rec, TestCase *tc, TestResult *res)
{
    static const uint8_t zero[TEST_DATA_SIZE];
    Cursor field[TAG_COUNT] = { { 0 } };
    unsigned seen = 0;
    int r;

    while (rec.left) {
        unsigned tag = (unsigned)get_le(&rec, 2);
        size_t len = (size_t)get_le(&rec, 4);

        if (!rec.p || len > rec.left)
            return -EINVAL;
        if (tag > 0 && tag < TAG_COUNT) {
            field[tag] = (Cursor){ rec.p, len };
            seen |= 1u << tag;
        }
        rec.p += len;
        rec.left -= len;
    }
    if (((seen | 1u << TAG_NAME) & TAGS_REQUIRED) != TAGS_REQUIRED)
        return -EINVAL;             /* a required field is missing */

    memset(tc, 0, sizeof(*tc));
    memset(res, 0, sizeof(*res));
    if (field[TAG_NAME].left >= TEST_NAME_MAX || field[TAG_CODE].left > TEST_CODE_MAX ||
        field[TAG_FLAGS_MASK].left != 4)
        return -EINVAL;
    take(&field[TAG_NAME], tc->name, field[TAG_NAME].left);
    tc->code_len = (uint32_t)field[TAG_CODE].left;
    take(&field[TAG_CODE], tc->code, tc->code_len);
    tc->flags_mask = (uint32_t)get_le(&field[TAG_FLAGS_MASK], 4);
    tc->fsw_mask = 0xffff;
    if (seen & 1u << TAG_FSW_MASK) {
        if (field[TAG_FSW_MASK].left != 2)
            return -EINVAL;
        tc->fsw_mask = (uint16_t)get_le(&field[TAG_FSW_MASK], 2);
    }
    tc->mode = 64;
    if (seen & 1u << TAG_MODE) {
        if (field[TAG_MODE].left != 1)
            return -EINVAL;
        tc->mode = (uint8_t)get_le(&field[TAG_MODE], 1);
        if (tc->mode != 64 && tc->mode != 32)
            return -EINVAL;
    }
    if (seen & 1u << TAG_X87_ULPS) {
        if (field[TAG_X87_ULPS].left != 1)
            return -EINVAL;
        tc->x87_ulps = (uint8_t)get_le(&field[TAG_X87_ULPS], 1);
    }
    if (seen & 1u << TAG_XMM_ULPS) {
        if (field[TAG_XMM_ULPS].left != 2)
            return -EINVAL;
        tc->xmm_f32_ulps = (uint16_t)get_le(&field[TAG_XMM_ULPS], 2);
    }
    if ((r = get_regs(field[TAG_INIT_REGS], &tc->init)) < 0 ||
        (r = get_runs(field[TAG_INIT_MEM], tc->init.mem, zero, TEST_DATA_SIZE)) < 0 ||
        (r = get_regs(field[TAG_RES_REGS], &res->state)) < 0 ||
        (r = get_runs(field[TAG_RES_MEM], res->state.mem, tc->init.mem, TEST_DATA_SIZE)) < 0 ||
        (r = get_fault(field[TAG_FAULT], &res->fault)) < 0)
        return r;
    return 0;
}

int corpus_read_header(FILE *f)
{
    uint8_t h[16];
    uint32_t version;

    if (fread(h, sizeof(h), 1, f) != 1)
        return ferror(f) ? -EIO : -EINVAL;
    if (memcmp(h, CORPUS_MAGIC, 8) != 0)
        return -EINVAL;
    version = (uint32_t)h[8] | (uint32_t)h[9] << 8 | (uint32_t)h[10] << 16 | (uint32_t)h[11] << 24;
    return version == CORPUS_VERSION ? 0 : version > CORPUS_VERSION ? -EPROTO : -EINVAL;
}

int corpus_read_case(FILE *f, TestCase *tc, TestResult *res)
{
    uint8_t lenb[4];
    size_t got = fread(lenb, 1, sizeof(lenb), f);
    uint32_t len;
    uint8_t *rec;
    int r;

    if (got == 0 && !ferror(f))
        return 0;
    if (got != sizeof(lenb))
        return ferror(f) ? -EIO : -EINVAL;
    len = (uint32_t)lenb[0] | (uint32_t)lenb[1] << 8 | (uint32_t)lenb[2] << 16 |
          (uint32_t)lenb[3] << 24;
    if (len > RECORD_MAX)
        return -EINVAL;
    rec = malloc(len ? len : 1);
    if (!rec)
        return -ENOMEM;
    if (fread(rec, 1, len, f) != len)
        r = ferror(f) ? -EIO : -EINVAL;
    else
        r = parse_record((Cursor){ rec, len }, tc, res);
    free(rec);
    return r < 0 ? r : 1;
}

int corpus_read(FILE *f, TestCase **cases, TestResult **results, size_t *n)
{
    TestCase *tc = NULL;
    TestResult *res = NULL;
    size_t count = 0, cap = 0;
    int r = corpus_read_header(f);

    while (r == 0) {
        if (count == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            TestCase *ntc = realloc(tc, ncap * sizeof(*tc));
            TestResult *nres;

            if (ntc)
                tc = ntc;
            nres = ntc ? realloc(res, ncap * sizeof(*res)) : NULL;
            if (!nres) {
                r = -ENOMEM;
                break;
            }
            res = nres;
            cap = ncap;
        }
        r = corpus_read_case(f, &tc[count], &res[count]);
        if (r == 1) {
            count++;
            r = 0;
        } else if (r == 0) {
            break;
        }
    }
    if (r < 0) {
        free(tc);
        free(res);
        return r;
    }
    *cases = tc;
    *results = res;
    *n = count;
    return 0;
}
