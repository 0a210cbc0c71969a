/*
 * rr.h - return routability cryptography (RFC 6275 5.2), shared by the
 * correspondent node (cn.c) and the mobile node core.
 *
 *   home keygen token    = First(64, HMAC_SHA1(Kcn, home address | nonce | 0))      RFC 6275 5.2.5
 *   care-of keygen token = First(64, HMAC_SHA1(Kcn, care-of address | nonce | 1))
 *   Kbm                  = SHA1(home keygen token | care-of keygen token)           RFC 6275 5.2.5
 *   Kbm (de-registration)= SHA1(home keygen token)
 *   Authenticator        = First(96, HMAC_SHA1(Kbm, care-of address | correspondent | MH Data))
 *                                                                                   RFC 6275 6.2.7
 * The trailing 0 / 1 of the tokens is one octet.  MH Data is the whole
 * Mobility Header with its Checksum field taken as zero and without the
 * 12-byte Authenticator field itself (the option's Type and Length bytes are
 * included).  "care-of address" is the care-of address being registered, or
 * the home address when the Binding Update deletes a binding (RFC 6275 6.2.7);
 * mc_rr_mac_coa picks it.  With RFC 5648 the registered care-of address is
 * the one in the BID option (RFC 5648 5.2: "MUST be carried in the Care-of
 * Address field of the Binding Identifier mobility option"); the
 * correspondent node uses the same rule (cn.c, mac_coa_of).
 *
 * libcrypto (OpenSSL 3) one-shot HMAC() and SHA1() only.
 */
#ifndef MCOA_RR_H
#define MCOA_RR_H

#include <stddef.h>
#include <stdint.h>
#include "mcoa/pkt.h"

#define MC_RR_KCN_LEN   20  /* RFC 6275 5.2.1: Kcn is 20 octets */
#define MC_RR_NONCE_LEN 8   /* RFC 6275 5.2.2 leaves the nonce size to the CN; 64 bits here */
#define MC_RR_TOKEN_LEN 8   /* 64-bit keygen tokens (RFC 6275 6.1.5, 6.1.6) */
#define MC_RR_KBM_LEN   20  /* SHA1 output */
#define MC_RR_AUTH_LEN  12  /* 96-bit authenticator (RFC 6275 6.2.7) */
#define MC_RR_MH_MAX    MC_MH_MAX_LEN /* the longest Mobility Header (RFC 6275 6.1.1) */

/* RFC 6275 Section 12 protocol constants, in milliseconds. */
#define MC_RR_MAX_NONCE_LIFETIME_MS 240000u
#define MC_RR_MAX_TOKEN_LIFETIME_MS 210000u
#define MC_RR_MAX_BINDING_LIFETIME  105   /* MAX_RR_BINDING_LIFETIME 420 s in 4 s units */

enum mc_rr_which { MC_RR_HOME = 0, MC_RR_CAREOF = 1 };

/* Keygen token for `addr` (home or care-of address) with `nonce`. */
void mc_rr_token(const uint8_t kcn[MC_RR_KCN_LEN], const uint8_t addr[16], const uint8_t *nonce,
                 size_t nonce_len, int which, uint8_t token[MC_RR_TOKEN_LEN]);

/* Kbm; `coa_token` NULL for a de-registration (RFC 6275 5.2.5). */
void mc_rr_kbm(const uint8_t home_token[MC_RR_TOKEN_LEN], const uint8_t *coa_token, uint8_t kbm[MC_RR_KBM_LEN]);

/* A BU deletes a binding when its lifetime is zero or the care-of address
 * is the home address (RFC 6275 5.2.5, 9.5.1). */
int mc_rr_is_dereg(uint16_t lifetime, const uint8_t coa[16], const uint8_t hoa[16]);
/* The address the authenticator covers as "care-of address" (RFC 6275 6.2.7). */
const uint8_t *mc_rr_mac_coa(uint16_t lifetime, const uint8_t coa[16], const uint8_t hoa[16]);

/* Authenticator over a Mobility Header `mh` of `mh_len` bytes whose Binding
 * Authorization Data option's Type byte is at `auth_off`.  The bytes of the
 * Checksum and Authenticator fields in `mh` do not matter.  -1 if the option
 * does not fit in `mh`. */
int mc_rr_authenticator(const uint8_t kbm[MC_RR_KBM_LEN], const uint8_t coa[16], const uint8_t cn[16],
                        const uint8_t *mh, size_t mh_len, size_t auth_off, uint8_t out[MC_RR_AUTH_LEN]);

/* Checks the authenticator found in `mh` (constant time).  1 good, 0 bad. */
int mc_rr_verify(const uint8_t kbm[MC_RR_KBM_LEN], const uint8_t coa[16], const uint8_t cn[16],
                 const uint8_t *mh, size_t mh_len, size_t auth_off);

/* For the mobile node core (mn.h mc_mn_auth_fn, same signature): Kbm from
 * the tokens (`coa_token` NULL: de-registration), then the authenticator.
 * `ctx` is unused.  0, or -1 if the option does not fit in `mh`. */
int mc_rr_mn_auth(void *ctx, const uint8_t coa[16], const uint8_t cn[16], const uint8_t home_token[8],
                  const uint8_t *coa_token, const uint8_t *mh, size_t mh_len, size_t auth_off, uint8_t out[12]);

/* Sign a packet model (a BU being sent by a mobile node, a BA by a
 * correspondent node): its Mobility Header's last option must be a 12-byte
 * Binding Authorization Data option (RFC 6275 6.2.7: last option).  Builds
 * the packet once to get the MH bytes, then writes the authenticator into
 * the option's body in the model; mc_build it again to send.  0 or -1/e. */
int mc_rr_sign_pkt(mc_pkt *p, const uint8_t kbm[MC_RR_KBM_LEN], const uint8_t coa[16], const uint8_t cn[16],
                   mc_err *e);

#endif
