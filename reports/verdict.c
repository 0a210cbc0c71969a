/* verdict.c - verdict names, as every report spells them. */
#include "report_util.h"

static const char *const names[RP_NVERDICTS] = {
    [MC_VERDICT_PASS] = "pass",
    [MC_VERDICT_FAIL] = "fail",
    [MC_VERDICT_INCONC] = "inconc",
    [MC_VERDICT_SKIP] = "skip",
    [MC_VERDICT_ERROR] = "error",
};

const char *mc_verdict_name(mc_verdict v)
{
    return rp_verdict_ok(v) ? names[v] : "?";
}

int rp_verdict_ok(mc_verdict v)
{
    return (int)v >= 0 && (int)v < RP_NVERDICTS;
}

/* An out-of-range verdict is a runner bug; reports still say "error" for it
 * rather than crash or print nothing, so CI treats it as not passing. */
const char *rp_vname(mc_verdict v)
{
    return rp_verdict_ok(v) ? names[v] : "error";
}
