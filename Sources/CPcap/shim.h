#ifndef LBTRACE_CPCAP_SHIM_H
#define LBTRACE_CPCAP_SHIM_H
#include <pcap/pcap.h>
#include <stdio.h>
#endif
