"""Minimal classic-pcap reading and writing for the fuzz seeds and the malformed corpus.

Only what the fixtures use: little-endian classic pcap (magic a1b2c3d4 written LE), any link type.
"""
import struct

HEADER = struct.Struct("<IHHiIII")
RECORD = struct.Struct("<IIII")


def read_pcap(path):
    """Returns (header bytes, link type, [(ts_sec, ts_usec, orig_len, frame bytes, record offset)])."""
    data = open(path, "rb").read()
    magic, _, _, _, _, snap, link = HEADER.unpack_from(data, 0)
    assert magic == 0xA1B2C3D4, f"{path}: not a little-endian microsecond pcap"
    records, off = [], HEADER.size
    while off + RECORD.size <= len(data):
        sec, usec, incl, orig = RECORD.unpack_from(data, off)
        records.append((sec, usec, orig, data[off + 16: off + 16 + incl], off))
        off += 16 + incl
    return data[:HEADER.size], link, records


def record(sec, usec, frame, orig=None):
    return RECORD.pack(sec, usec, len(frame), len(frame) if orig is None else orig) + frame


def pcap_header(link=1, snap=65535):
    return HEADER.pack(0xA1B2C3D4, 2, 4, 0, 0, snap, link)


def tcp_of_ethernet(frame):
    """(src ip, src port, dst ip, dst port, seq, ack, flags, payload) for an Ethernet/IPv4/TCP frame, else None."""
    if len(frame) < 14 + 20 or frame[12:14] != b"\x08\x00":
        return None
    ip = frame[14:]
    ihl = (ip[0] & 15) * 4
    if ip[9] != 6 or len(ip) < ihl + 20:
        return None
    total = struct.unpack_from(">H", ip, 2)[0]
    tcp = ip[ihl:total]
    sport, dport, seq, ack, off, flags = struct.unpack_from(">HHIIBB", tcp, 0)
    return (ip[12:16], sport, ip[16:20], dport, seq, ack, flags, tcp[(off >> 4) * 4:])
