/*
 * tester_rr.h - the tester's own return-routability computation, written
 * from RFC 6275 and sharing no code with the nodes (harness/node/rr.c), so
 * that a bug in the nodes' cryptography cannot hide in tester and IUT
 * alike.  OpenSSL's SHA-1 and HMAC primitives; known-answer tests in
 * tests/unit/test_tester_rr.c whose values come from other tools.
 *
 *   Kbm           = SHA1(home keygen token | care-of keygen token)     RFC 6275 5.2.5
 *                 = SHA1(home keygen token)            (de-registration)
 *   Authenticator = First(96, HMAC_SHA1(Kbm, care-of address | correspondent | MH Data))
 *                                                                       RFC 6275 6.2.7
 *   MH Data: the Mobility Header as sent, its Checksum taken as zero,
 *   without the 12 octets of the Authenticator field.
 */
#ifndef MCOA_TESTER_RR_H
#define MCOA_TESTER_RR_H

#include <stddef.h>
#include <stdint.h>

#define MCT_TOKEN_LEN 8
#define MCT_KBM_LEN   20
#define MCT_AUTH_LEN  12

/* ctok NULL: a de-registration. */
void mct_kbm(const uint8_t htok[MCT_TOKEN_LEN], const uint8_t *ctok, uint8_t kbm[MCT_KBM_LEN]);

/* The authenticator of the Mobility Header mh[0..mh_len) whose Authenticator
 * field (12 octets) starts at auth_at.  coa: the address covered as "care-of
 * address", cn: the correspondent's.  -1 if the field does not fit. */
int mct_authenticator(const uint8_t kbm[MCT_KBM_LEN], const uint8_t coa[16], const uint8_t cn[16],
                      const uint8_t *mh, size_t mh_len, size_t auth_at, uint8_t out[MCT_AUTH_LEN]);

#endif
