/*
 * rr.c - return routability cryptography (see rr.h).
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "mcoa/craft.h"
#include "rr.h"

/* First(n, HMAC_SHA1(key, data)) into `out` (n bytes). */
static void hmac_sha1_first(const uint8_t *key, size_t keylen, const uint8_t *data, size_t len, uint8_t *out,
                            size_t n)
{
    uint8_t md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    HMAC(EVP_sha1(), key, (int)keylen, data, len, md, &mdlen);
    memcpy(out, md, n);
    OPENSSL_cleanse(md, sizeof md);
}

void mc_rr_token(const uint8_t kcn[MC_RR_KCN_LEN], const uint8_t addr[16], const uint8_t *nonce, size_t nonce_len,
                 int which, uint8_t token[MC_RR_TOKEN_LEN])
{
    /* RFC 6275 5.2.5: address | nonce | one octet, 0 for home, 1 for care-of */
    uint8_t buf[16 + 64 + 1];
    if (nonce_len > 64)
        nonce_len = 64;
    memcpy(buf, addr, 16);
    memcpy(buf + 16, nonce, nonce_len);
    buf[16 + nonce_len] = which == MC_RR_CAREOF ? 1 : 0;
    hmac_sha1_first(kcn, MC_RR_KCN_LEN, buf, 16 + nonce_len + 1, token, MC_RR_TOKEN_LEN);
}

void mc_rr_kbm(const uint8_t home_token[MC_RR_TOKEN_LEN], const uint8_t *coa_token, uint8_t kbm[MC_RR_KBM_LEN])
{
    uint8_t buf[2 * MC_RR_TOKEN_LEN];
    memcpy(buf, home_token, MC_RR_TOKEN_LEN);
    size_t n = MC_RR_TOKEN_LEN;
    if (coa_token) {
        memcpy(buf + n, coa_token, MC_RR_TOKEN_LEN);
        n += MC_RR_TOKEN_LEN;
    }
    SHA1(buf, n, kbm);
}

int mc_rr_is_dereg(uint16_t lifetime, const uint8_t coa[16], const uint8_t hoa[16])
{
    return lifetime == 0 || memcmp(coa, hoa, 16) == 0;
}

const uint8_t *mc_rr_mac_coa(uint16_t lifetime, const uint8_t coa[16], const uint8_t hoa[16])
{
    return mc_rr_is_dereg(lifetime, coa, hoa) ? hoa : coa;
}

int mc_rr_authenticator(const uint8_t kbm[MC_RR_KBM_LEN], const uint8_t coa[16], const uint8_t cn[16],
                        const uint8_t *mh, size_t mh_len, size_t auth_off, uint8_t out[MC_RR_AUTH_LEN])
{
    size_t field = auth_off + 2; /* the Authenticator follows Type and Length */
    if (mh_len > MC_RR_MH_MAX || mh_len < MC_MH_HDR_LEN || field + MC_RR_AUTH_LEN > mh_len)
        return -1;
    /* care-of address | correspondent | MH Data (RFC 6275 6.2.7) */
    uint8_t buf[32 + MC_RR_MH_MAX];
    memcpy(buf, coa, 16);
    memcpy(buf + 16, cn, 16);
    uint8_t *m = buf + 32;
    memcpy(m, mh, field);
    memcpy(m + field, mh + field + MC_RR_AUTH_LEN, mh_len - field - MC_RR_AUTH_LEN);
    /* "calculated as if the Checksum field in the Mobility Header was zero" */
    const mc_field *cs = mc_field_by_key(&mc_desc_mh, "csum");
    memset(m + cs->off, 0, cs->width);
    hmac_sha1_first(kbm, MC_RR_KBM_LEN, buf, 32 + mh_len - MC_RR_AUTH_LEN, out, MC_RR_AUTH_LEN);
    return 0;
}

int mc_rr_verify(const uint8_t kbm[MC_RR_KBM_LEN], const uint8_t coa[16], const uint8_t cn[16], const uint8_t *mh,
                 size_t mh_len, size_t auth_off)
{
    uint8_t want[MC_RR_AUTH_LEN];
    if (mc_rr_authenticator(kbm, coa, cn, mh, mh_len, auth_off, want) < 0)
        return 0;
    return CRYPTO_memcmp(want, mh + auth_off + 2, MC_RR_AUTH_LEN) == 0;
}

int mc_rr_mn_auth(void *ctx, const uint8_t coa[16], const uint8_t cn[16], const uint8_t home_token[8],
                  const uint8_t *coa_token, const uint8_t *mh, size_t mh_len, size_t auth_off, uint8_t out[12])
{
    (void)ctx;
    uint8_t kbm[MC_RR_KBM_LEN];
    mc_rr_kbm(home_token, coa_token, kbm);
    int r = mc_rr_authenticator(kbm, coa, cn, mh, mh_len, auth_off, out);
    OPENSSL_cleanse(kbm, sizeof kbm);
    return r;
}

/* The MH layer and its last option, which must be a 12-byte BAD. */
static mc_opt *last_auth(mc_pkt *p, mc_layer **mh, mc_err *e)
{
    *mh = NULL;
    for (int i = p->nlayers - 1; i >= 0 && !*mh; i--)
        if (p->l[i].kind == MC_LK_MH)
            *mh = &p->l[i];
    if (!*mh || (*mh)->opt_count == 0) {
        mc_err_set(e, -1, "no Mobility Header with options to sign");
        return NULL;
    }
    mc_opt *o = &p->o[(*mh)->opt_first + (*mh)->opt_count - 1];
    if (o->form != MC_OF_TLV || o->type != MC_OPT_AUTH || o->len != MC_RR_AUTH_LEN || o->lenfield >= 0) {
        mc_err_set(e, -1, "the last mobility option is not a 12-byte Binding Authorization Data option");
        return NULL;
    }
    return o;
}

int mc_rr_sign_pkt(mc_pkt *p, const uint8_t kbm[MC_RR_KBM_LEN], const uint8_t coa[16], const uint8_t cn[16],
                   mc_err *e)
{
    mc_layer *mh;
    mc_opt *o = last_auth(p, &mh, e);
    if (!o)
        return -1;
    uint8_t *frame = malloc(MC_FRAME_MAX);
    if (!frame) {
        mc_err_set(e, -1, "out of memory");
        return -1;
    }
    size_t n = 0;
    int r = mc_build(p, frame, MC_FRAME_MAX, &n, e);
    if (r == 0 && mh->wire_off + mh->wire_len > n)
        mc_err_set(e, -1, "Mobility Header outside the built frame"), r = -1;
    if (r == 0 && mc_rr_authenticator(kbm, coa, cn, frame + mh->wire_off, mh->wire_len, o->wire_off,
                                      mc_opt_body(p, o)) < 0)
        mc_err_set(e, -1, "Mobility Header too long or option outside it"), r = -1;
    free(frame);
    return r;
}
