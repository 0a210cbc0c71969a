/*
 * test_tester_rr.c - known answers for the tester's own return-routability
 * computation (harness/tester/tester_rr.c).  The expected values come from
 * other tools, not from this code nor from harness/node/rr.c:
 *   Kbm:  printf '\x01...\x08\x11...\x18' | openssl dgst -sha1   (and the
 *         home token alone for a de-registration); Python hashlib agrees
 *   Auth: openssl dgst -sha1 -mac HMAC -macopt hexkey:KBM over
 *         coa | cn | MH with its Checksum zero, without the Authenticator
 *         (RFC 6275 6.2.7), first 96 bits
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tester_rr.h"

static const uint8_t htok[8] = {1, 2, 3, 4, 5, 6, 7, 8};
static const uint8_t ctok[8] = {0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18};

static void hex(const char *s, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(s + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static void kbm_known_answers(void **st)
{
    (void)st;
    uint8_t k[MCT_KBM_LEN], want[MCT_KBM_LEN];
    mct_kbm(htok, ctok, k);
    hex("cedf8515311913c2601bc6aa86a92ddf2601d97e", want, sizeof want);
    assert_memory_equal(k, want, sizeof want);
    mct_kbm(htok, NULL, k);
    hex("dd5783bcf1e9002bc00ad5b83a95ed6e4ebb4ad5", want, sizeof want);
    assert_memory_equal(k, want, sizeof want);
}

static void authenticator_known_answer(void **st)
{
    (void)st;
    uint8_t kbm[MCT_KBM_LEN], mh[32], coa[16], cn[16], a[MCT_AUTH_LEN], want[MCT_AUTH_LEN];
    hex("cedf8515311913c2601bc6aa86a92ddf2601d97e", kbm, sizeof kbm);
    /* a BU: checksum 0xabcd, seq 100, A, lifetime 7; PadN 4; Binding
     * Authorization Data (Authenticator at octet 20, 0xee's) */
    hex("3b030500abcd006480000007010400000000050ceeeeeeeeeeeeeeeeeeeeeeee", mh, sizeof mh);
    hex("20010db800f100000000000000000010", coa, sizeof coa);
    hex("20010db8000c00000000000000000001", cn, sizeof cn);
    assert_int_equal(mct_authenticator(kbm, coa, cn, mh, sizeof mh, 20, a), 0);
    hex("44960eb35a312b82fc487ea6", want, sizeof want);
    assert_memory_equal(a, want, sizeof want);
    /* neither the checksum nor the authenticator's own bytes count */
    mh[4] = mh[5] = 0x55;
    memset(mh + 20, 0, 12);
    assert_int_equal(mct_authenticator(kbm, coa, cn, mh, sizeof mh, 20, a), 0);
    assert_memory_equal(a, want, sizeof want);
    /* any other octet does */
    mh[9] ^= 1;
    assert_int_equal(mct_authenticator(kbm, coa, cn, mh, sizeof mh, 20, a), 0);
    assert_memory_not_equal(a, want, sizeof want);
    /* an Authenticator that does not fit */
    assert_int_equal(mct_authenticator(kbm, coa, cn, mh, sizeof mh, 21, a), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kbm_known_answers),
        cmocka_unit_test(authenticator_known_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
