#ifndef CALLREPORT_CFASTPATHS_H
#define CALLREPORT_CFASTPATHS_H

// Two operations of the hot paths that Swift cannot express: a prefetch hint, and a byte search
// with the processor's vector instructions. Both are plain C, compiled by SwiftPM.

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Asks the processor to start loading the cache line at `address` for reading, without waiting
// for it. Swift has no such operation; the ordering thread (which delivers records in input order) uses it to fetch the slots of the
// table of seen calls for a whole chunk of records before it visits them one by one.
static inline void callreport_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address, 0, 3);
#else
  (void)address;
#endif
}

// The first place from `i` on (below `count`) that holds a quote, a backslash or a byte below
// 0x20, or `count`: the end of a run of JSON string content that needs no attention. Sixteen
// bytes at a time where the processor has SSE2 (every x86-64), which Swift cannot ask for; JSON
// readers run it over nearly every byte of a response, twice.
static inline ptrdiff_t callreport_plain_text_end(const uint8_t *base, ptrdiff_t i, ptrdiff_t count) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i highest_control = _mm_set1_epi8(0x1F);
  while (i + 16 <= count) {
    const __m128i bytes = _mm_loadu_si128((const __m128i *)(base + i));
    __m128i found = _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash));
    // min(byte, 0x1F) == byte exactly when byte <= 0x1F (unsigned).
    found = _mm_or_si128(found, _mm_cmpeq_epi8(_mm_min_epu8(bytes, highest_control), bytes));
    const int mask = _mm_movemask_epi8(found);
    if (mask != 0) return i + __builtin_ctz((unsigned)mask);
    i += 16;
  }
#endif
  while (i < count) {
    const uint8_t byte = base[i];
    if (byte == '"' || byte == '\\' || byte < 0x20) return i;
    i++;
  }
  return count;
}

// The first place from `i` on (below `count`) that holds a byte outside printable ASCII (below
// 0x20 or above 0x7F), or `count`: where a check of JSON text for UTF-8 and control characters
// must look closer. Sixteen bytes at a time where the processor has SSE2.
static inline ptrdiff_t callreport_printable_ascii_end(const uint8_t *base, ptrdiff_t i, ptrdiff_t count) {
#if defined(__SSE2__)
  const __m128i highest_control = _mm_set1_epi8(0x1F);
  while (i + 16 <= count) {
    const __m128i bytes = _mm_loadu_si128((const __m128i *)(base + i));
    // The high bit of each byte is its own mask bit; controls as in callreport_plain_text_end.
    const __m128i controls = _mm_cmpeq_epi8(_mm_min_epu8(bytes, highest_control), bytes);
    const int mask = _mm_movemask_epi8(_mm_or_si128(bytes, controls));
    if (mask != 0) return i + __builtin_ctz((unsigned)mask);
    i += 16;
  }
#endif
  while (i < count && base[i] >= 0x20 && base[i] < 0x80) i++;
  return i;
}

// The first place `needle` (`length` bytes) occurs in `haystack` (`count` bytes), or NULL: the C
// library's memmem, which Glibc's Swift module does not show (it needs _GNU_SOURCE). Searching
// for the forms of a secret runs it over every byte of a response.
const void *callreport_memmem(const void *haystack, size_t count, const void *needle, size_t length);

#endif
