#ifndef LBTRACE_PREFETCH_H
#define LBTRACE_PREFETCH_H

/* A hint that `address` will be read soon: the cache line is fetched without waiting for it.
 * Swift has no way to say this itself. It never faults, whatever the address. */
static inline void lbtrace_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
