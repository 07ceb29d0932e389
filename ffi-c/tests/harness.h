/* Minimal test harness: CHECK records a failure and carries on, so one run reports them all. */
#ifndef PK_TEST_HARNESS_H
#define PK_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int pk_failures = 0;
static int pk_checks = 0;

#define CHECK(cond)                                                              \
  do {                                                                           \
    pk_checks++;                                                                 \
    if (!(cond)) {                                                               \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);  \
      pk_failures++;                                                             \
    }                                                                            \
  } while (0)

#define CHECK_STR(got, want)                                                     \
  do {                                                                           \
    const char *g_ = (got), *w_ = (want);                                        \
    pk_checks++;                                                                 \
    if (g_ == NULL || strcmp(g_, w_) != 0) {                                     \
      fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__,    \
              g_ ? g_ : "(null)", w_);                                           \
      pk_failures++;                                                             \
    }                                                                            \
  } while (0)

static int pk_finish(const char *name) {
  printf("%s: %d checks, %d failed\n", name, pk_checks, pk_failures);
  return pk_failures == 0 ? 0 : 1;
}

#endif
