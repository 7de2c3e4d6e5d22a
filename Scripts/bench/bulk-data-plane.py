#!/usr/bin/env python3
"""Writes a data-plane capture with a bulk transfer: a real session's dp.pcap with N more data
segments of its first client connection, both as the client sent them and as the switch forwarded
them (rewritten), sequence numbers rising, spread evenly from that connection's first data segment
to the capture's end — what a student's capture holds after a long download.

    bulk-data-plane.py SESSION_DIR OUT.pcap [N]      (default N: 500000, so 10^6 more frames)

Frames 76 and 78 of Fixtures/rr-basic/dp.pcap are the client's HTTP request to the service IP and
the same segment after the forward rewrite; other sessions need other frame numbers (--frames A,B).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from pcaputil import read_pcap, record  # noqa: E402


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--frames=")]
    frames = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--frames=")), "76,78")
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    session, out_path = args[0], args[1]
    n = int(args[2]) if len(args) > 2 else 500000
    first, second = (int(x) for x in frames.split(","))
    _, _, recs = read_pcap(os.path.join(session, "dp.pcap"))
    hdr = open(os.path.join(session, "dp.pcap"), "rb").read(24)
    a, b = bytearray(recs[first - 1][3]), bytearray(recs[second - 1][3])
    seq_at = 14 + 20 + 4  # Ethernet, a 20-byte IPv4 header, then the TCP sequence number
    s0, s1 = struct.unpack_from(">I", a, seq_at)[0], struct.unpack_from(">I", b, seq_at)[0]
    step = len(a) - 14 - 20 - 4 * (a[14 + 20 + 12] >> 4)  # the payload's length
    t0 = recs[second - 1][0] + recs[second - 1][1] / 1e6
    t1 = recs[-1][0] + recs[-1][1] / 1e6
    originals = [(sec + usec / 1e6, sec, usec, orig, frame) for sec, usec, orig, frame, _ in recs]
    with open(out_path, "wb") as out:
        out.write(hdr)
        j, chunk = 0, []
        for k in range(1, n + 1):
            t = t0 + (t1 - t0) * k / (n + 1)
            while j < len(originals) and originals[j][0] <= t:
                _, sec, usec, orig, frame = originals[j]
                chunk.append(record(sec, usec, frame, orig))
                j += 1
            sec = int(t)
            usec = min(int(round((t - sec) * 1e6)), 999999)
            struct.pack_into(">I", a, seq_at, (s0 + step * k) & 0xFFFFFFFF)
            struct.pack_into(">I", b, seq_at, (s1 + step * k) & 0xFFFFFFFF)
            chunk.append(record(sec, usec, bytes(a)))
            chunk.append(record(sec, usec, bytes(b)))
            if len(chunk) > 20000:
                out.write(b"".join(chunk))
                chunk = []
        for _, sec, usec, orig, frame in originals[j:]:
            chunk.append(record(sec, usec, frame, orig))
        out.write(b"".join(chunk))


if __name__ == "__main__":
    main()
