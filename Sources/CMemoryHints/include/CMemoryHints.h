#ifndef CALLREPORT_CMEMORYHINTS_H
#define CALLREPORT_CMEMORYHINTS_H

// Asks the processor to start loading the cache line at `address` for reading, without waiting
// for it. Swift has no such operation; the hand-on thread uses it to fetch the slots of the
// table of seen calls for a whole share of records before it visits them one by one.
static inline void callreport_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address, 0, 3);
#else
  (void)address;
#endif
}

#endif
