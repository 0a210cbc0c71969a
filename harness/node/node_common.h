/*
 * node_common.h - what the three reference node programs share: command
 * line (-c CONF, --fault NAME, --fault list), logging, JSON helpers for the
 * state dump, and running a shell command for iproute2 chores.
 */
#ifndef MCOA_NODE_COMMON_H
#define MCOA_NODE_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include "mcoa/outbuf.h"
#include "ha_bu.h"

typedef struct mc_node_args {
    const char *conf;
    uint64_t faults;
    int list_faults;
} mc_node_args;

/* Parses argv; on --help or a bad argument prints usage and returns the
 * exit status to use (0 or 2); returns -1 to go on. */
int mc_node_parse_args(int argc, char **argv, const char *prog, const mc_fault_desc *faults, size_t nfaults,
                       mc_node_args *a);
void mc_node_print_faults(FILE *out, const mc_fault_desc *faults, size_t nfaults);

void mc_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* JSON fragments for state dumps. */
void mc_json_ip6(mc_outbuf *o, const char *key, const uint8_t a[16]);
void mc_json_faults(mc_outbuf *o, uint64_t bits, const mc_fault_desc *faults, size_t nfaults);
void mc_json_bindings(mc_outbuf *o, const mc_bcache *bc, uint64_t now_ms);


#endif
