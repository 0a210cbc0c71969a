"""Minimal classic-pcap reader for the script tests (stdlib only)."""
import struct


def read_pcap(path):
    """Returns (linktype, [(caplen, origlen, bytes), ...])."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError(f"{path}: shorter than a pcap header")
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        raise ValueError(f"{path}: not a classic pcap file")
    linktype = struct.unpack(end + "I", data[20:24])[0] & 0x0FFFFFFF
    frames, off = [], 24
    while off + 16 <= len(data):
        _, _, caplen, origlen = struct.unpack(end + "IIII", data[off:off + 16])
        off += 16
        frames.append((caplen, origlen, data[off:off + caplen]))
        off += caplen
    return linktype, frames
