/*
 * NaN rules: where the x87 and SSE differ. SDM Vol. 1 4.8.3.5 and table 4-7
 * ("Rules for Generating QNaNs"), 4.8.3.7 (the real indefinite).
 */
#include "fpu/softfloat-internal.h"

const floatx80 floatx80_default_nan = { 0xC000000000000000ull, 0xFFFF };
const floatx80 floatx80_one = { 0x8000000000000000ull, 0x3FFF };

floatx80 sf_x87_invalid(FloatStatus *s)
{
    s->flags |= FLOAT_FLAG_INVALID;
    return floatx80_default_nan;
}

static floatx80 quiet_x80(floatx80 a)
{
    a.mant |= 1ull << 62;
    return a;
}

/*
 * x87 column of table 4-7: an SNaN and a QNaN give the QNaN; two SNaNs or two
 * QNaNs give the one with the larger significand; equal significands give
 * the positive one, then the first. An unsupported format outranks any NaN
 * (it is an invalid operand, SDM Vol. 1 8.2.2), giving the indefinite.
 */
bool sf_x87_nan_rules(const SfUnpacked *a, const SfUnpacked *b, floatx80 in_a,
                      floatx80 in_b, floatx80 *r, FloatStatus *s)
{
    bool an = sf_is_nan(a), bn = b && sf_is_nan(b);
    uint64_t ma, mb;

    if (a->cls == SF_UNSUPPORTED || (b && b->cls == SF_UNSUPPORTED)) {
        *r = sf_x87_invalid(s);
        return true;
    }
    if (!an && !bn)
        return false;
    if (a->cls == SF_SNAN || (b && b->cls == SF_SNAN))
        s->flags |= FLOAT_FLAG_INVALID;
    if (!bn) {
        *r = quiet_x80(in_a);
        return true;
    }
    if (!an) {
        *r = quiet_x80(in_b);
        return true;
    }
    if (a->cls != b->cls) {
        *r = quiet_x80(a->cls == SF_QNAN ? in_a : in_b);
        return true;
    }
    ma = in_a.mant << 1;
    mb = in_b.mant << 1;
    if (ma != mb)
        *r = quiet_x80(ma > mb ? in_a : in_b);
    else
        *r = quiet_x80(in_b.sign_exp < in_a.sign_exp ? in_b : in_a);
    return true;
}

/* SSE column of table 4-7: the first source operand that is a NaN. */
float32 sf_sse_nan32(float32 a, float32 b, bool a_nan, bool b_nan, FloatStatus *s)
{
    bool a_snan = a_nan && !(a & 0x00400000);
    bool b_snan = b_nan && !(b & 0x00400000);

    if (a_snan || b_snan)
        s->flags |= FLOAT_FLAG_INVALID;
    return (a_nan ? a : b) | 0x00400000;
}

float64 sf_sse_nan64(float64 a, float64 b, bool a_nan, bool b_nan, FloatStatus *s)
{
    const uint64_t quiet = 1ull << 51;
    bool a_snan = a_nan && !(a & quiet);
    bool b_snan = b_nan && !(b & quiet);

    if (a_snan || b_snan)
        s->flags |= FLOAT_FLAG_INVALID;
    return (a_nan ? a : b) | quiet;
}
