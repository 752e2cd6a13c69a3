// The x86 spin-wait hint for Swift, which has no intrinsic for it.
#ifndef SLM_SPIN_PAUSE_H
#define SLM_SPIN_PAUSE_H

#if defined(__x86_64__)
#include <immintrin.h>
static inline void slm_spin_pause(void) { _mm_pause(); }
#endif

#endif
