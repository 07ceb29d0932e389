/* What the C bench programs share: a monotonic clock in microseconds and a comparison for qsort
 * of the per-item times. */
#ifndef PAYKASSMA_BENCH_H
#define PAYKASSMA_BENCH_H

#include <time.h>

static inline double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static inline int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

#endif
