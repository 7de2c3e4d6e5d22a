// Byte strings of real frames (tshark -x on the lab's captures) and a few built by
// hand and checked with tshark, shared by the suites.

/// Frame 71 of rr-basic/dp.pcap: h3 (10.0.0.3:49514) sends SYN to the service 10.0.1.1:80.
let synFrame = hex("""
    00 00 00 00 00 01 00 00 00 00 00 03 08 00 45 00
    00 3c 83 6a 40 00 40 06 a2 4e 0a 00 00 03 0a 00
    01 01 c1 6a 00 50 36 00 8a 3f 00 00 00 00 a0 02
    a5 64 06 68 00 00 02 04 05 b4 04 02 08 0a 2e 39
    d6 fa 00 00 00 00 01 03 03 09
    """)

/// Frame 73 of rr-basic/dp.pcap: h1 (10.0.0.1:80) answers SYN-ACK to h3 (before the reverse rewrite).
let synAckFrame = hex("""
    00 00 00 00 00 03 00 00 00 00 00 01 08 00 45 00
    00 3c 00 00 40 00 40 06 26 b9 0a 00 00 01 0a 00
    00 03 00 50 c1 6a f7 47 f5 fb 36 00 8a 40 a0 12
    a9 b0 b3 09 00 00 02 04 05 b4 04 02 08 0a 47 f1
    1a cc 2e 39 d6 fa 01 03 03 09
    """)

/// Frame 76 of rr-basic/dp.pcap: h3's HTTP request, [PSH, ACK] with 72 bytes of payload.
let httpGetFrame = hex("""
    00 00 00 00 00 01 00 00 00 00 00 03 08 00 45 00
    00 7c 83 6c 40 00 40 06 a2 0c 0a 00 00 03 0a 00
    01 01 c1 6a 00 50 36 00 8a 40 f7 47 f5 fc 80 18
    00 53 b4 13 00 00 01 01 08 0a 2e 39 d6 ff 47 f1
    1a cc 47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31
    0d 0a 48 6f 73 74 3a 20 31 30 2e 30 2e 31 2e 31
    0d 0a 55 73 65 72 2d 41 67 65 6e 74 3a 20 63 75
    72 6c 2f 37 2e 38 38 2e 31 0d 0a 41 63 63 65 70
    74 3a 20 2a 2f 2a 0d 0a 0d 0a
    """)

/// Frame 2 of rr-basic/dp.pcap: an MLDv2 report from :: to ff02::16 behind a hop-by-hop
/// header (router alert), as a host sends while its address is tentative.
let mldv2Frame = hex("""
    33 33 00 00 00 16 00 00 00 00 00 01 86 dd 60 00
    00 00 00 38 00 01 00 00 00 00 00 00 00 00 00 00
    00 00 00 00 00 00 ff 02 00 00 00 00 00 00 00 00
    00 00 00 00 00 16 3a 00 05 02 00 00 01 00 8f 00
    9c bc 00 00 00 02 03 00 00 00 ff 02 00 00 00 00
    00 00 00 00 00 01 ff f6 d0 bc 04 00 00 00 ff 02
    00 00 00 00 00 00 00 00 00 01 ff 00 00 01
    """)

/// Frame 27 of rr-basic/dp.pcap: a router solicitation from fe80::8f1:20ff:fe43:d1f9.
let routerSolicitationFrame = hex("""
    33 33 00 00 00 02 0a f1 20 43 d1 f9 86 dd 60 00
    00 00 00 10 3a ff fe 80 00 00 00 00 00 00 08 f1
    20 ff fe 43 d1 f9 ff 02 00 00 00 00 00 00 00 00
    00 00 00 00 00 02 85 00 84 d2 00 00 00 00 01 01
    0a f1 20 43 d1 f9
    """)

/// Built by hand (the lab has no UDP): 10.0.0.3:5353 → 10.0.0.4:53 "hi!", an IPv4
/// router-alert option (IHL 6). tshark calls both checksums correct (0x7f8b, 0x4d4a).
let udpWithOptionFrame = hex("""
    00 00 00 00 00 04 00 00 00 00 00 03 08 00 46 00
    00 23 12 34 40 00 40 11 7f 8b 0a 00 00 03 0a 00
    00 04 94 04 00 00 14 e9 00 35 00 0b 4d 4a 68 69
    21
    """)

/// Built by hand (the lab has no ICMP): echo request id 0x42 seq 1, data "abcd";
/// tshark calls both checksums correct (0xd05e, 0x32f6).
let icmpEchoFrame = hex("""
    00 00 00 00 00 04 00 00 00 00 00 03 08 00 45 00
    00 20 56 78 40 00 40 01 d0 5e 0a 00 00 03 0a 00
    00 04 08 00 32 f6 00 42 00 01 61 62 63 64
    """)

/// The bytes of `frame` from `offset` on.
func tail(_ frame: [UInt8], _ offset: Int) -> [UInt8] { Array(frame[offset...]) }
