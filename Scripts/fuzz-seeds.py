#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets (Scripts/fuzz.sh) from the real fixtures.

usage: fuzz-seeds.py OUTDIR   → OUTDIR/{capture,wire,openflow,stream,replay}/
Formats follow the harnesses in Fuzz/: wire = link-type index byte + frame; openflow = one message;
stream/replay = the segment encoding of Fuzz/Segments.swift (replay with one leading option byte).
"""
import hashlib, os, struct, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from pcaputil import read_pcap, tcp_of_ethernet, pcap_header, record

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "Fixtures"
LINK_INDEX = {1: 0, 113: 1, 276: 2, 0: 3, 108: 4, 101: 5, 228: 6}


def put(outdir, name, data):
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / (hashlib.sha1(data).hexdigest()[:16] + "-" + name)).write_bytes(data)


def head(path, limit):
    """The file cut at the last whole record before `limit` bytes."""
    hdr, link, recs = read_pcap(path)
    out = bytearray(hdr)
    for sec, usec, orig, frame, _ in recs:
        r = record(sec, usec, frame, orig)
        if len(out) + len(r) > limit:
            break
        out += r
    return bytes(out)


def segments_of(of_pcap):
    """Control-channel segments of an of.pcap as (connection index, to controller, flags, seq offset, delay ms, payload)."""
    _, link, recs = read_pcap(of_pcap)
    isn, conns, out, last = {}, {}, [], None
    for sec, usec, _, frame, _ in recs:
        t = tcp_of_ethernet(frame)
        if not t:
            continue
        sip, sport, dip, dport, seq, ack, flags, payload = t
        to_ctl = dport in (6633, 6653)
        sw_port = sport if to_ctl else dport
        conn = conns.setdefault(sw_port, len(conns) % 4)
        key = (sw_port, to_ctl)
        if key not in isn:
            isn[key] = seq if flags & 2 else (seq - 1) & 0xffffffff
        now = sec + usec / 1e6
        delay = 0 if last is None else min(255, int((now - last) * 1000))
        last = now
        off = (seq - isn[key]) & 0xffffffff
        chunks = [payload[i:i + 255] for i in range(0, len(payload), 255)] or [b""]
        for k, c in enumerate(chunks):
            out.append((conn, to_ctl, flags, (off + 255 * k) & 0xffff, delay if k == 0 else 0, c))
    return out


def encode(segs, data_plane=False):
    b = bytearray()
    for conn, to_ctl, flags, off, delay, payload in segs:
        c = conn | (4 if to_ctl else 0) | (8 if data_plane else 0)
        b += bytes([c, flags]) + struct.pack(">H", off) + bytes([delay, len(payload)]) + payload
    return bytes(b)


def messages(of_pcap):
    """OpenFlow messages, cut from each direction's payloads concatenated in capture order."""
    streams = {}
    for sec, usec, _, frame, _ in read_pcap(of_pcap)[2]:
        t = tcp_of_ethernet(frame)
        if t and t[7]:
            streams.setdefault((t[1], t[3]), bytearray()).extend(t[7])
    for s in streams.values():
        i = 0
        while i + 8 <= len(s):
            n = struct.unpack_from(">H", s, i + 2)[0]
            if n < 8:
                break
            yield bytes(s[i:i + n])
            i += n


def main():
    out = Path(sys.argv[1])
    sessions = sorted(p for p in FIX.iterdir() if (p / "of.pcap").exists())
    for s in sessions:
        for pcap in sorted(s.rglob("*.pcap")):
            put(out / "capture", f"{s.name}-{pcap.name}", head(pcap, 12000))
            _, link, recs = read_pcap(pcap)
            for _, _, _, frame, _ in recs[:60]:
                put(out / "wire", f"{link}", bytes([LINK_INDEX.get(link, 0)]) + frame)
                if link == 1 and len(frame) > 14:
                    put(out / "wire", "raw", bytes([LINK_INDEX[101]]) + frame[14:])
        seen = set()
        for m in messages(s / "of.pcap"):
            key = (m[1], len(m))
            if key not in seen:
                seen.add(key)
                put(out / "openflow", f"type{m[1]}", m)
        segs = segments_of(s / "of.pcap")
        for i in range(0, len(segs), 40):
            put(out / "stream", f"{s.name}-{i}", encode(segs[i:i + 40]))
        for i in range(0, len(segs), 150):
            put(out / "replay", f"{s.name}-{i}", bytes([1]) + encode(segs[i:i + 150]))
            put(out / "replay", f"{s.name}-{i}-infer", bytes([0]) + encode(segs[i:i + 150]))
    malformed = FIX / "malformed"
    if malformed.exists():
        for f in sorted(malformed.iterdir()):
            if f.suffix in (".pcap", ".pcapng"):
                put(out / "capture", f.name, f.read_bytes()[:12000])
    for d in sorted(out.iterdir()):
        print(f"{d.name}: {len(list(d.iterdir()))} seeds")


if __name__ == "__main__":
    main()
