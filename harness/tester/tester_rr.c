/*
 * tester_rr.c - the tester's return-routability computation (see
 * tester_rr.h).
 */
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "tester_rr.h"

void mct_kbm(const uint8_t htok[MCT_TOKEN_LEN], const uint8_t *ctok, uint8_t kbm[MCT_KBM_LEN])
{
    uint8_t in[2 * MCT_TOKEN_LEN];
    size_t n = MCT_TOKEN_LEN;
    memcpy(in, htok, MCT_TOKEN_LEN);
    if (ctok) {
        memcpy(in + MCT_TOKEN_LEN, ctok, MCT_TOKEN_LEN);
        n += MCT_TOKEN_LEN;
    }
    unsigned int len = 0;
    EVP_Digest(in, n, kbm, &len, EVP_sha1(), NULL);
}

int mct_authenticator(const uint8_t kbm[MCT_KBM_LEN], const uint8_t coa[16], const uint8_t cn[16],
                      const uint8_t *mh, size_t mh_len, size_t auth_at, uint8_t out[MCT_AUTH_LEN])
{
    /* MH Data as RFC 6275 6.2.7 has it: the header with the Checksum (octets
     * 4 and 5) zero, the Authenticator left out */
    uint8_t data[32 + 2048];
    if (mh_len < 6 || auth_at + MCT_AUTH_LEN > mh_len || mh_len > 2048)
        return -1;
    memcpy(data, coa, 16);
    memcpy(data + 16, cn, 16);
    memcpy(data + 32, mh, auth_at);
    data[32 + 4] = data[32 + 5] = 0;
    memcpy(data + 32 + auth_at, mh + auth_at + MCT_AUTH_LEN, mh_len - auth_at - MCT_AUTH_LEN);
    uint8_t mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha1(), kbm, MCT_KBM_LEN, data, 32 + mh_len - MCT_AUTH_LEN, mac, &len) || len < MCT_AUTH_LEN)
        return -1;
    memcpy(out, mac, MCT_AUTH_LEN); /* First(96, ...) */
    return 0;
}
