/*
 * qcow2 compressed clusters, compression type 0 (zlib): raw deflate
 * without zlib header (window bits -12), as QEMU writes and reads them
 * (qcow2.txt "Compressed Clusters Descriptor"). Without zlib in the build,
 * compressed clusters can be neither read nor written.
 */
#include "block/qcow2.h"

#include <errno.h>

#include "config.h"

#ifdef CONFIG_ZLIB
#include <zlib.h>

int qcow2_compress(const BDRVQcow2State *s, const void *src, void *dst, size_t *dst_len)
{
    z_stream z = { 0 };
    int ret;

    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return -ENOMEM;
    z.next_in = (Bytef *)src;
    z.avail_in = (uInt)s->cluster_size;
    z.next_out = dst;
    z.avail_out = (uInt)*dst_len;
    ret = deflate(&z, Z_FINISH);
    *dst_len -= z.avail_out;
    deflateEnd(&z);
    /* Not finished within one cluster: it does not shrink, store it plain. */
    if (ret != Z_STREAM_END || *dst_len >= s->cluster_size)
        return -ENOSPC;
    return 0;
}

int qcow2_decompress(const BDRVQcow2State *s, const void *src, size_t src_len, void *dst)
{
    z_stream z = { 0 };
    int ret;

    if (inflateInit2(&z, -12) != Z_OK)
        return -ENOMEM;
    z.next_in = (Bytef *)src;
    z.avail_in = (uInt)src_len;
    z.next_out = dst;
    z.avail_out = (uInt)s->cluster_size;
    ret = inflate(&z, Z_FINISH);
    /*
     * The descriptor rounds the length up to a sector, so input may remain
     * (Z_STREAM_END early, or Z_BUF_ERROR with the output full): what counts
     * is a whole cluster of output.
     */
    if ((ret == Z_STREAM_END || ret == Z_BUF_ERROR || ret == Z_OK) && z.avail_out == 0)
        ret = 0;
    else
        ret = -EIO;
    inflateEnd(&z);
    return ret;
}

#else

int qcow2_compress(const BDRVQcow2State *s, const void *src, void *dst, size_t *dst_len)
{
    return -ENOTSUP;
}

int qcow2_decompress(const BDRVQcow2State *s, const void *src, size_t src_len, void *dst)
{
    return -ENOTSUP;
}

#endif
