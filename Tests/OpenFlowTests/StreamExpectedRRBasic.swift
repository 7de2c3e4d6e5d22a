// The OpenFlow messages of Fixtures/rr-basic/of.pcap as tshark 4.0 frames them, one entry per
// message: "frame direction type xid length". Direction: s = to the switch (from port 6633),
// c = to the controller. Extracted with
//   tshark -r Fixtures/rr-basic/of.pcap -d tcp.port==6633,openflow -Y openflow_v1 -T fields \
//     -e frame.number -e tcp.srcport -e openflow_1_0.type -e openflow.xid -e openflow.length -e tcp.len
// (openflow_v1.type / .xid do not exist in tshark 4.0) and checked by hand: in every frame the
// message lengths add up to tcp.len, so no message of this capture is split over segments.
// Frame 8 carries FEATURES_REQUEST + STATS_REQUEST, frames 77, 81, ... the FLOW_MOD, BARRIER_REQUEST,
// PACKET_OUT bundles POX sends for each install.
enum StreamExpectedRRBasic {
    static let text = """
    4 s 0 1 8; 6 c 0 5 8; 8 s 5 2 8; 8 s 16 3 12; 9 c 12 0 64; 10 c 6 2 368; 11 c 17 3 1068;
    13 s 9 4 12; 14 c 10 0 104; 15 s 14 5 72; 15 s 18 6 8; 16 c 19 6 8; 17 s 13 7 66; 18 c 10 0 60;
    19 s 14 8 80; 21 c 10 0 104; 23 c 10 0 104; 25 c 10 0 128; 27 c 10 0 104; 29 c 10 0 128;
    31 c 10 0 128; 33 c 10 0 108; 35 c 10 0 88; 37 c 10 0 108; 39 c 10 0 88; 41 c 10 0 108;
    43 c 10 0 88; 45 c 10 0 108; 47 c 10 0 88; 49 c 10 0 108; 51 c 10 0 88; 53 c 10 0 108;
    55 c 10 0 108; 57 c 10 0 108; 59 c 10 0 108; 61 c 10 0 88; 63 c 10 0 108; 65 c 10 0 108;
    67 c 10 0 108; 69 s 13 9 66; 71 c 10 0 60; 73 c 10 0 60; 75 s 13 10 66; 76 c 10 0 92;
    77 s 14 11 104; 77 s 18 12 8; 77 s 13 13 98; 78 c 19 12 8; 79 c 10 0 92; 81 s 14 14 104;
    81 s 18 15 8; 81 s 13 16 98; 82 c 19 15 8; 83 c 10 0 84; 85 s 14 17 104; 85 s 18 18 8;
    85 s 13 19 90; 86 c 19 18 8; 88 c 10 0 88; 90 s 13 20 66; 91 c 10 0 60; 93 c 10 0 88;
    95 c 10 0 88; 97 c 10 0 88; 99 c 10 0 60; 101 s 13 21 66; 102 c 10 0 92; 103 s 14 22 104;
    103 s 18 23 8; 103 s 13 24 98; 104 c 19 23 8; 105 c 10 0 92; 107 s 14 25 104; 107 s 18 26 8;
    107 s 13 27 98; 108 c 19 26 8; 109 c 10 0 84; 111 s 14 28 104; 111 s 18 29 8; 111 s 13 30 90;
    112 c 19 29 8; 113 c 10 0 88; 115 c 10 0 88; 117 s 13 31 66; 118 c 10 0 60; 120 c 10 0 60;
    122 s 13 32 66; 123 c 10 0 92; 124 s 14 33 104; 124 s 18 34 8; 124 s 13 35 98; 125 c 19 34 8;
    126 c 10 0 92; 128 s 14 36 104; 128 s 18 37 8; 128 s 13 38 98; 129 c 19 37 8; 130 c 10 0 84;
    132 s 14 39 104; 132 s 18 40 8; 132 s 13 41 90; 133 c 10 0 269; 134 s 14 42 104; 134 s 18 43 8;
    134 s 13 44 275; 135 c 19 40 8; 136 c 19 43 8; 138 c 10 0 108; 139 s 14 45 104; 139 s 18 46 8;
    139 s 13 47 114; 140 c 19 46 8; 141 c 10 0 84; 143 s 14 48 104; 143 s 18 49 8; 143 s 13 50 90;
    144 c 19 49 8; 146 c 10 0 60; 148 s 13 51 66; 149 c 10 0 92; 150 s 14 52 104; 150 s 18 53 8;
    150 s 13 54 98; 151 c 19 53 8; 152 c 10 0 92; 154 s 14 55 104; 154 s 18 56 8; 154 s 13 57 98;
    155 c 19 56 8; 156 c 10 0 84; 158 s 14 58 104; 158 s 18 59 8; 158 s 13 60 90; 159 c 10 0 269;
    160 c 10 0 108; 161 c 19 59 8; 163 s 14 61 104; 163 s 18 62 8; 163 s 13 63 275; 164 c 19 62 8;
    165 s 14 64 104; 165 s 18 65 8; 165 s 13 66 114; 166 c 19 65 8; 168 s 13 67 66; 169 c 10 0 60;
    171 s 13 68 66; 172 c 10 0 60; 174 c 10 0 88; 176 c 10 0 88; 178 c 10 0 88; 180 c 10 0 88;
    182 c 10 0 88; 184 c 10 0 88; 186 s 13 69 66; 187 c 10 0 60; 189 s 13 70 66; 190 c 10 0 60;
    192 s 13 71 66; 193 c 10 0 60; 195 s 13 72 66; 196 c 10 0 60; 198 c 12 0 64; 200 c 12 0 64;
    202 c 12 0 64; 204 c 12 0 64; 206 c 12 0 64; 208 c 12 0 64;
    """
}
