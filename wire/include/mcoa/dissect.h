/*
 * mcoa/dissect.h - the dissector: bytes -> packet model + notes, printers
 * (one line, verbose tree, JSON Lines, expression) and the RFC lint.
 *
 * The dissector never reads past the captured length: every fetch goes
 * through a bounds-checked cursor, and what cannot be read is reported as a
 * note with its offset.
 */
#ifndef MCOA_DISSECT_H
#define MCOA_DISSECT_H

#include <stddef.h>
#include <stdint.h>
#include "mcoa/pkt.h"
#include "mcoa/outbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* MC_LINKTYPE_* values: mcoa/wire.h */

enum mc_note_kind {
    MC_NOTE_TRUNCATED = 1,  /* capture ended inside a header or option */
    MC_NOTE_LENGTH,         /* a length field disagrees with the bytes present */
    MC_NOTE_CHECKSUM,       /* checksum wrong (found vs expected in the text) */
    MC_NOTE_UNSUPPORTED,    /* link type / protocol we do not decode */
    MC_NOTE_MALFORMED       /* anything else that prevents decoding */
};

typedef struct mc_note {
    uint8_t kind;
    int8_t layer;      /* index in pkt.l or -1 */
    int16_t opt;       /* index in pkt.o or -1 */
    uint32_t off;      /* byte offset in the frame */
    char text[120];
} mc_note;

#define MC_MAX_NOTES 32

typedef struct mc_dissection {
    mc_pkt pkt;
    int linktype;
    uint32_t caplen, wirelen;
    int mh;                 /* index of the (innermost) MH layer, -1 if none */
    uint32_t mh_declared;   /* (Header Len + 1) * 8 */
    uint32_t mh_present;    /* MH bytes actually captured */
    int mh_csum_ok;         /* 1 ok, 0 wrong, -1 not checkable (truncated) */
    uint16_t mh_csum_expected;
    /* A Mobility Header too short for its 6-byte common header, so not in
     * the model (the bytes are a raw layer): its frame offset and length
     * when the packet itself is that short (the capture holds it whole,
     * RFC 6275 6.1.1 / 9.2: malformed), -1 otherwise. */
    int32_t mh_short_off;
    uint32_t mh_short_len;
    uint8_t nnotes;
    mc_note notes[MC_MAX_NOTES];
} mc_dissection;

/* Dissect one frame.  Always fills what it can; returns 0 when the whole
 * frame was decoded into the model, 1 when notes were raised. */
int mc_dissect(const uint8_t *frame, size_t caplen, size_t wirelen, int linktype,
               mc_dissection *d);

/* The same, with flags.  MC_DISSECT_NO_EXPR: the caller prints no
 * expression from this model (line, verbose, JSON, lint), so the model is
 * not built back and compared with the frame: computed fields get no `set`
 * bits (mc_expr_print of it may not rebuild the frame), and the
 * "model does not rebuild this frame" self-check note is not made.  Every
 * field, option, note and checksum verdict is the same; a third of the
 * time is saved. */
#define MC_DISSECT_NO_EXPR 0x1u
/* Profile mcoa-01 (wire.h): Mobility Header options of type T are read as
 * the Binding Unique Identifier sub-option of
 * draft-ietf-monami6-multiplecoa-01, whose type was never assigned:
 * flags |= MC_DISSECT_BID01_TYPE(T).  Without it every option is read by
 * its RFC meaning.  The draft-era next header 62 and the 1997 destination
 * options need no flag: they are recognised by their numbers. */
#define MC_DISSECT_BID01 0x2u
#define MC_DISSECT_BID01_TYPE(t) (MC_DISSECT_BID01 | (((unsigned)(t) & 0xffu) << 8))
int mc_dissect_ex(const uint8_t *frame, size_t caplen, size_t wirelen, int linktype,
                  mc_dissection *d, unsigned flags);

/* Printers append to `o`.  `frameno` counts from 1; ts in seconds. */
void mc_print_line(mc_outbuf *o, const mc_dissection *d, uint64_t frameno, double ts);
void mc_print_verbose(mc_outbuf *o, const mc_dissection *d, uint64_t frameno, double ts);
void mc_print_json(mc_outbuf *o, const mc_dissection *d, uint64_t frameno, double ts);

#ifdef __cplusplus
}
#endif
#endif
