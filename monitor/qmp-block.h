/*
 * QMP's block queries (qmp-block.c), rows of the command table in
 * qmp-cmds.c: query-block and query-blockstats in QEMU 7.2's shapes.
 */
#ifndef MONITOR_QMP_BLOCK_H
#define MONITOR_QMP_BLOCK_H

#include "monitor/qmp-int.h"

json_t *qmp_query_block(json_t *args, QMPError *err);
json_t *qmp_query_blockstats(json_t *args, QMPError *err);

#endif
