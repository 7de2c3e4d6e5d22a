#!/usr/bin/env python3
"""Builds Fixtures/malformed/ from the real rr-basic captures: one kind of damage per file.

Run from anywhere: python3 Scripts/make-malformed.py. The expected diagnostics are in
Fixtures/malformed/EXPECTED.tsv (kept by hand next to the files; this script only writes captures).
Every file is derived from Fixtures/rr-basic/of.pcap (control channel, switch port 33448 → 6633)
so the frames before the damage are real and analysable.
"""
import struct, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from pcaputil import read_pcap, pcap_header, record, tcp_of_ethernet

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "Fixtures" / "rr-basic" / "of.pcap"
OUT = ROOT / "Fixtures" / "malformed"


def records_bytes(recs, upto=None):
    return b"".join(record(s, u, f, o) for s, u, o, f, _ in recs[:upto])


def replace_payload(recs, number, new_payload):
    """Replaces the TCP payload of frame `number` (1-based), fixing the IP length and shifting later
    sequence numbers of that direction (and the other direction's acknowledgments) by the change,
    so the stream stays continuous around the edit."""
    out = list(recs)
    s, u, o, f, off = out[number - 1]
    t = tcp_of_ethernet(f)
    src, sport, dst, dport, seq, ack, flags, payload = t
    delta = len(new_payload) - len(payload)
    header_len = len(f) - len(payload)
    nf = bytearray(f[:header_len] + new_payload)
    struct.pack_into(">H", nf, 16, struct.unpack_from(">H", nf, 16)[0] + delta)
    out[number - 1] = (s, u, o + delta, bytes(nf), off)
    for i in range(number, len(out)):
        s2, u2, o2, f2, off2 = out[i]
        t2 = tcp_of_ethernet(f2)
        if not t2:
            continue
        g = bytearray(f2)
        ihl = (g[14] & 15) * 4
        tcp = 14 + ihl
        if (t2[1], t2[3]) == (sport, dport):
            struct.pack_into(">I", g, tcp + 4, (t2[4] + delta) & 0xffffffff)
        elif (t2[1], t2[3]) == (dport, sport) and t2[6] & 0x10:
            struct.pack_into(">I", g, tcp + 8, (t2[5] + delta) & 0xffffffff)
        out[i] = (s2, u2, o2, bytes(g), off2)
    return out


def payload_of(recs, number):
    return tcp_of_ethernet(recs[number - 1][3])[7]


def pcapng(recs, lie_at=None):
    """A pcapng file (SHB, one Ethernet IDB, an EPB per record); the EPB of record `lie_at` claims a
    block total length 4096 bytes longer than it is."""
    def block(btype, body, lie=0):
        body += b"\0" * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack("<II", btype, n + lie) + body + struct.pack("<I", n)
    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += block(1, struct.pack("<HHI", 1, 0, 65535))
    for i, (s, u, o, f, _) in enumerate(recs, 1):
        ts = s * 1_000_000 + u
        body = struct.pack("<IIIII", 0, ts >> 32, ts & 0xffffffff, len(f), o) + f
        out += block(6, body, 4096 if i == lie_at else 0)
    return out


def ofp(type_, xid, body, length=None):
    return struct.pack(">BBHI", 1, type_, 8 + len(body) if length is None else length, xid) + body


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    hdr, link, recs = read_pcap(SRC)
    head = recs[:40]
    files = {}

    # --- the file and its records ---
    files["bad-magic.pcap"] = b"\x00\x11\x22\x33" + hdr[4:] + records_bytes(head)
    files["truncated-file-header.pcap"] = hdr[:12]
    files["empty-file.pcap"] = b""
    # Snapshot length 100: frame 10 (FEATURES_REPLY, 434 bytes) is longer than the file allows.
    files["record-beyond-snaplen.pcap"] = pcap_header(snap=100) + records_bytes(head)
    # Frame 31's record claims more bytes than the file holds.
    cut = record(*(lambda r: (r[0], r[1], r[3], r[2]))(recs[30]))
    files["record-beyond-eof.pcap"] = hdr + records_bytes(recs[:30]) + cut[:16 + 20]
    # A record header cut in the middle after 30 good records.
    files["truncated-record-header.pcap"] = hdr + records_bytes(recs[:30]) + record(1, 2, b"\0" * 60)[:9]
    # Zero-length records in the middle: they are frames with nothing in them.
    zero = record(recs[19][0], recs[19][1], b"", 0)
    files["zero-length-records.pcap"] = hdr + records_bytes(recs[:20]) + zero + zero + records_bytes(recs[20:40])
    files["unsupported-linktype.pcap"] = pcap_header(link=147) + records_bytes(head)
    files["pcapng-lying-block-length.pcapng"] = pcapng(recs[:40], lie_at=21)

    # --- the OpenFlow stream (edits keep the TCP stream continuous) ---
    # Frame 113: a PACKET_IN (switch → controller) after the first two client connections (76, 102).
    pi = payload_of(recs, 113)
    assert pi[1] == 10
    files["of-length-zero.pcap"] = hdr + records_bytes(replace_payload(recs, 113, pi[:2] + b"\0\0" + pi[4:]))
    files["of-length-below-8.pcap"] = hdr + records_bytes(replace_payload(recs, 113, pi[:2] + b"\0\x04" + pi[4:]))
    # Claims 65535 bytes: everything after it is taken as its body, and the capture ends first.
    files["of-length-beyond-capture.pcap"] = hdr + records_bytes(replace_payload(recs, 113, pi[:2] + b"\xff\xff" + pi[4:]))
    # Frame 123: the PACKET_IN of the third client's SYN; its data stops inside the TCP header
    # (42 bytes: Ethernet, IPv4 and 8 bytes of TCP) though total_len and the IPv4 length claim 74.
    syn = payload_of(recs, 123)
    assert syn[1] == 10 and syn[18 + 23] == 6
    short = bytearray(syn[:18 + 42])
    struct.pack_into(">H", short, 2, len(short))
    files["packet-in-short-data.pcap"] = hdr + records_bytes(replace_payload(recs, 123, bytes(short)))
    # FLOW_MOD (frame 19) whose output action says 16 bytes where 8 remain.
    fm = bytearray(payload_of(recs, 19))
    assert fm[1] == 14 and len(fm) == 80
    struct.pack_into(">H", fm, 72 + 2, 16)
    files["flow-mod-action-overrun.pcap"] = hdr + records_bytes(replace_payload(recs, 19, bytes(fm)))
    # FLOW_MOD whose action length is 0 (would loop forever if trusted).
    fm0 = bytearray(payload_of(recs, 19)); struct.pack_into(">H", fm0, 72 + 2, 0)
    files["flow-mod-action-length-zero.pcap"] = hdr + records_bytes(replace_payload(recs, 19, bytes(fm0)))
    # STATS_REPLY (flow stats) whose second entry claims 2000 bytes where 96 remain.
    entry = struct.pack(">HBx", 88, 0) + b"\0" * 40 + b"\0" * 44
    bad = struct.pack(">HBx", 2000, 0) + b"\0" * 92
    sr = ofp(17, 0x77, struct.pack(">HH", 1, 0) + entry + bad)
    files["stats-reply-bad-entry-length.pcap"] = hdr + records_bytes(replace_payload(recs, 11, sr))

    for old in OUT.glob("*.pcap*"):
        old.unlink()
    for name, data in sorted(files.items()):
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
