/* The floor issue 6 sets for a libpcap-based reader: read every record with pcap_next_ex and count bytes.
 * Prints "packets bytes seconds sum" for one file. Built and run by Scripts/bench.sh.
 *
 *   pcap_count FILE            libpcap opens the file (stdio's default 4 KiB buffer): the C loop
 *   pcap_count FILE BYTES      the file opened with a stdio buffer of BYTES, as lbtrace's reader opens it */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) { fprintf(stderr, "usage: %s FILE [STDIO_BUFFER_BYTES]\n", argv[0]); return 2; }
    char err[PCAP_ERRBUF_SIZE];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pcap_t *p;
    if (argc == 3) {
        size_t size = strtoul(argv[2], NULL, 10);
        FILE *f = fopen(argv[1], "rb");
        if (!f) { perror(argv[1]); return 2; }
        if (size > 0 && setvbuf(f, malloc(size), _IOFBF, size) != 0) { fprintf(stderr, "setvbuf failed\n"); return 2; }
        p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, err);
    } else {
        p = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, err);
    }
    if (!p) { fprintf(stderr, "%s\n", err); return 2; }
    struct pcap_pkthdr *h;
    const u_char *d;
    unsigned long long packets = 0, bytes = 0, sum = 0;
    int rc;
    while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
        packets++;
        bytes += h->caplen;
        if (h->caplen) sum += d[0];
    }
    pcap_close(p);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%llu %llu %.6f %llu\n", packets, bytes, s, sum);
    return rc == PCAP_ERROR ? 1 : 0;
}
