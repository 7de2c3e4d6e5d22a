#!/usr/bin/env python3
"""Compare `lbtrace decode --json` with tshark 4.0 on capture files.

For every capture given (default: every .pcap under Fixtures/), checks that
  - both see the same number of frames;
  - in every frame, the OpenFlow messages (type, xid, length) are the same, in order;
  - every body field that tshark decodes agrees: buffer_id, in_port, total_len, reason,
    command, idle/hard timeout, priority, out_port, flags, cookie, datapath_id,
    n_buffers, n_tables, capabilities, miss_send_len, the match (wildcards and each field
    that is not wildcarded), the OUTPUT actions' port and max_len, and the packet inside
    PACKET_IN/PACKET_OUT (Ethernet, ARP, IPv4, TCP fields);
  - on every frame, the outer Ethernet/Linux-cooked, ARP, IPv4 and TCP/UDP fields agree.
tshark 4.0 does not decode the OpenFlow 1.0 set-field actions (SET_DL_DST, SET_NW_SRC, ...):
their type and length are compared, their values are checked by the Swift tests against
hand-decoded bytes.

Usage: Scripts/compare-with-tshark.py [--lbtrace PATH] [CAPTURE ...]
Exit status 0 when everything agrees, 1 on a difference, 2 when a tool is missing.
"""
import argparse
import decimal
import glob
import json
import os
import shutil
import subprocess
import sys

OF_TYPES = ["HELLO", "ERROR", "ECHO_REQUEST", "ECHO_REPLY", "VENDOR", "FEATURES_REQUEST", "FEATURES_REPLY",
            "GET_CONFIG_REQUEST", "GET_CONFIG_REPLY", "SET_CONFIG", "PACKET_IN", "FLOW_REMOVED", "PORT_STATUS",
            "PACKET_OUT", "FLOW_MOD", "PORT_MOD", "STATS_REQUEST", "STATS_REPLY", "BARRIER_REQUEST",
            "BARRIER_REPLY", "QUEUE_GET_CONFIG_REQUEST", "QUEUE_GET_CONFIG_REPLY"]
ACTION_TYPES = ["OUTPUT", "SET_VLAN_VID", "SET_VLAN_PCP", "STRIP_VLAN", "SET_DL_SRC", "SET_DL_DST", "SET_NW_SRC",
                "SET_NW_DST", "SET_NW_TOS", "SET_TP_SRC", "SET_TP_DST", "ENQUEUE"]

# Wildcard bit of each match field (OFPFW_*); nw_src/nw_dst use the CIDR counts.
MATCH_FIELDS = [  # (tshark field, our key, wildcard bit or None)
    ("openflow.in_port", "in_port", 1 << 0),
    ("openflow.dl_vlan", "dl_vlan", 1 << 1),
    ("openflow.eth_src", "dl_src", 1 << 2),
    ("openflow.eth_dst", "dl_dst", 1 << 3),
    ("openflow.ofp_match.dl_type", "dl_type", 1 << 4),
    ("openflow.ofp_match.nw_proto", "nw_proto", 1 << 5),
    ("openflow.ofp_match.source_port", "tp_src", 1 << 6),
    ("openflow.ofp_match.dest_port", "tp_dst", 1 << 7),
    ("openflow.dl_vlan_pcp", "dl_vlan_pcp", 1 << 20),
    ("openflow.ofp_match.tos", "nw_tos", 1 << 21),
]


def num(text):
    """tshark prints numbers in decimal or 0x-hex."""
    if isinstance(text, list):
        text = text[0]
    return int(text, 16) if str(text).startswith("0x") else int(text)


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


class Comparison:
    def __init__(self, path):
        self.path = path
        self.problems = []
        self.checked = 0
        self.undissected = 0

    def expect(self, frame, what, theirs, ours):
        self.checked += 1
        if theirs != ours:
            self.problems.append(f"{self.path}: frame {frame}: {what}: tshark {theirs!r}, lbtrace {ours!r}")

    # -- layers ---------------------------------------------------------------
    def compare_layers(self, frame, where, t, o):
        """t: a tshark layer dict holding eth/arp/ip/tcp members; o: our object with the same layers."""
        if "eth" in t:
            e = o.get("eth", {})
            self.expect(frame, f"{where}eth.src", t["eth"]["eth.src"], e.get("src"))
            self.expect(frame, f"{where}eth.dst", t["eth"]["eth.dst"], e.get("dst"))
        if "sll" in t:
            s = o.get("sll", {})
            self.expect(frame, f"{where}sll.etype", num(t["sll"].get("sll.etype", "0")), s.get("etype"))
            self.expect(frame, f"{where}sll.pkttype", num(t["sll"]["sll.pkttype"]), s.get("pkttype"))
            if "sll.ifindex" in t["sll"]:
                self.expect(frame, f"{where}sll.ifindex", num(t["sll"]["sll.ifindex"]), s.get("ifindex"))
            if "sll.src.eth" in t["sll"]:
                self.expect(frame, f"{where}sll.src", t["sll"]["sll.src.eth"], s.get("src"))
        if "arp" in t:
            a = o.get("arp", {})
            self.expect(frame, f"{where}arp.opcode", num(t["arp"]["arp.opcode"]), a.get("opcode"))
            self.expect(frame, f"{where}arp.src.proto_ipv4", t["arp"]["arp.src.proto_ipv4"], a.get("sender_ip"))
            self.expect(frame, f"{where}arp.dst.proto_ipv4", t["arp"]["arp.dst.proto_ipv4"], a.get("target_ip"))
            self.expect(frame, f"{where}arp.src.hw_mac", t["arp"]["arp.src.hw_mac"], a.get("sender_mac"))
            self.expect(frame, f"{where}arp.dst.hw_mac", t["arp"]["arp.dst.hw_mac"], a.get("target_mac"))
        if "ip" in t:
            i = o.get("ip", {})
            self.expect(frame, f"{where}ip.src", t["ip"]["ip.src"], i.get("src"))
            self.expect(frame, f"{where}ip.dst", t["ip"]["ip.dst"], i.get("dst"))
            self.expect(frame, f"{where}ip.proto", num(t["ip"]["ip.proto"]), i.get("proto"))
            self.expect(frame, f"{where}ip.ttl", num(t["ip"]["ip.ttl"]), i.get("ttl"))
            self.expect(frame, f"{where}ip.len", num(t["ip"]["ip.len"]), i.get("len"))
        if "tcp" in t:
            c = o.get("tcp", {})
            self.expect(frame, f"{where}tcp.srcport", num(t["tcp"]["tcp.srcport"]), c.get("srcport"))
            self.expect(frame, f"{where}tcp.dstport", num(t["tcp"]["tcp.dstport"]), c.get("dstport"))
            if "tcp.seq_raw" in t["tcp"]:
                self.expect(frame, f"{where}tcp.seq_raw", num(t["tcp"]["tcp.seq_raw"]), c.get("seq"))
            self.expect(frame, f"{where}tcp.len", num(t["tcp"]["tcp.len"]), c.get("len"))
            self.expect(frame, f"{where}tcp.flags", num(t["tcp"]["tcp.flags"]) & 0xff, c.get("flags"))
        if "udp" in t:
            u = o.get("udp", {})
            self.expect(frame, f"{where}udp.srcport", num(t["udp"]["udp.srcport"]), u.get("srcport"))
            self.expect(frame, f"{where}udp.dstport", num(t["udp"]["udp.dstport"]), u.get("dstport"))

    # -- OpenFlow -------------------------------------------------------------
    def compare_match(self, frame, where, t, m):
        wildcards = num(t["openflow.wildcards"])
        self.expect(frame, f"{where}match.wildcards", wildcards, m.get("wildcards"))
        for tf, key, bit in MATCH_FIELDS:
            if wildcards & bit:
                self.expect(frame, f"{where}match.{key} (wildcarded)", None, m.get(key))
            else:
                theirs = t.get(tf)
                theirs = theirs if key in ("dl_src", "dl_dst") else num(theirs)
                self.expect(frame, f"{where}match.{key}", theirs, m.get(key))
        for tf, key, shift in (("openflow.ofp_match.source_addr", "nw_src", 8),
                               ("openflow.ofp_match.dest_addr", "nw_dst", 14)):
            ignored = (wildcards >> shift) & 0x3f
            if ignored >= 32:
                self.expect(frame, f"{where}match.{key} (wildcarded)", None, m.get(key))
            elif ignored == 0:
                self.expect(frame, f"{where}match.{key}", t.get(tf), m.get(key))
            else:
                ours = m.get(key) or ""
                self.expect(frame, f"{where}match.{key} prefix", t.get(tf), ours.split("/")[0])

    def compare_actions(self, frame, where, t, actions):
        types = [num(x) for x in as_list(t.get("openflow.action_typ"))]
        theirs = [ACTION_TYPES[x] if x < len(ACTION_TYPES) else x for x in types]
        ours = [a.get("type") for a in actions]
        if any(1 <= x <= 11 for x in types):
            # tshark 4.0 stops at the first set-field action ("Action not dissected yet"): what it
            # listed must be where ours begins; the values are checked by the Swift tests.
            self.expect(frame, f"{where}action types (tshark stops at a set-field action)", theirs, ours[:len(theirs)])
            self.undissected += 1
            return
        self.expect(frame, f"{where}action types", theirs, ours)
        theirs_out = [num(x) for x in as_list(t.get("openflow.output_port"))]
        ours_out = [a.get("port") for a in actions if a.get("type") == "OUTPUT"]
        self.expect(frame, f"{where}OUTPUT ports", theirs_out, ours_out)
        theirs_len = [num(x) for x in as_list(t.get("openflow.max_len"))]
        ours_len = [a.get("max_len") for a in actions if a.get("type") == "OUTPUT"]
        self.expect(frame, f"{where}OUTPUT max_len", theirs_len, ours_len)

    def compare_message(self, frame, idx, t, o):
        where = f"openflow[{idx}]."
        tname = OF_TYPES[num(t["openflow_1_0.type"])]
        self.expect(frame, where + "type", tname, o.get("type"))
        self.expect(frame, where + "xid", num(t["openflow.xid"]), o.get("xid"))
        self.expect(frame, where + "length", num(t["openflow.length"]), o.get("length"))
        self.expect(frame, where + "version", num(t["openflow.version"]), o.get("version"))
        if tname != o.get("type"):
            return
        simple = ["buffer_id", "total_len", "reason", "command", "idle_timeout", "hard_timeout", "priority",
                  "out_port", "cookie", "datapath_id", "n_buffers", "n_tables", "capabilities", "miss_send_len"]
        for f in simple:
            if "openflow." + f in t:
                self.expect(frame, where + f, num(t["openflow." + f]), o.get(f))
        if tname in ("PACKET_IN", "PACKET_OUT") and "openflow.in_port" in t:
            self.expect(frame, where + "in_port", num(t["openflow.in_port"]), o.get("in_port"))
        if tname == "FLOW_MOD":
            if "openflow.flags" in t:
                self.expect(frame, where + "flags", num(t["openflow.flags"]), o.get("flags"))
            self.compare_match(frame, where, t, o.get("match", {}))
        if tname in ("FLOW_MOD", "PACKET_OUT"):
            self.compare_actions(frame, where, t, o.get("actions", []))
        if tname in ("PACKET_IN", "PACKET_OUT") and ("eth" in t):
            self.compare_layers(frame, where + "data.", t, o.get("data", {}))

    def compare_frame(self, t_layers, o):
        frame = num(t_layers["frame"]["frame.number"])
        self.expect(frame, "frame number", frame, o.get("frame"))
        self.expect(frame, "time", decimal.Decimal(t_layers["frame"]["frame.time_epoch"]), o.get("time"))
        self.compare_layers(frame, "", t_layers, o)
        theirs = as_list(t_layers.get("openflow_v1"))
        ours = o.get("openflow", [])
        self.expect(frame, "number of OpenFlow messages", len(theirs), len(ours))
        for i, (t, m) in enumerate(zip(theirs, ours)):
            self.compare_message(frame, i, t, m)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lbtrace", default=os.path.join(root, ".build", "debug", "lbtrace"))
    ap.add_argument("captures", nargs="*")
    args = ap.parse_args()
    if not shutil.which("tshark"):
        print("tshark is not installed (apt-get install tshark)", file=sys.stderr)
        return 2
    if not os.path.exists(args.lbtrace):
        print(f"{args.lbtrace} not found: build lbtrace first (swift build)", file=sys.stderr)
        return 2
    captures = args.captures or sorted(glob.glob(os.path.join(root, "Fixtures", "**", "*.pcap"), recursive=True))
    captures = [c for c in captures if "/malformed/" not in c]
    failed = 0
    total_checked = 0
    for path in captures:
        t = json.loads(subprocess.run(["tshark", "-r", path, "-d", "tcp.port==6633,openflow", "-T", "json",
                                       "--no-duplicate-keys"], capture_output=True, check=True).stdout)
        out = subprocess.run([args.lbtrace, "decode", "--json", path], capture_output=True)
        ours = [json.loads(line, parse_float=decimal.Decimal) for line in out.stdout.decode().splitlines() if line.strip()]
        c = Comparison(os.path.relpath(path, root))
        c.expect(0, "frame count", len(t), len(ours))
        for tf, of in zip(t, ours):
            c.compare_frame(tf["_source"]["layers"], of)
        total_checked += c.checked
        status = "ok" if not c.problems else f"{len(c.problems)} differences"
        extra = f" ({c.undissected} action lists tshark leaves undissected after a set-field action)" if c.undissected else ""
        print(f"{c.path}: {len(t)} frames, {c.checked} fields compared: {status}{extra}")
        for p in c.problems[:20]:
            print("  " + p)
        failed += 1 if c.problems else 0
    print(f"{len(captures) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
