/* The C ABI's side of `make benchmarks`: verify a postback, sign a request (JSON) and a trivial
 * call (pk_version, the cost of crossing the ABI), in microseconds per call, as one BENCH line.
 * Usage: bench BODY POSTBACK_KEY REQUEST REQUEST_KEY ITERATIONS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_mini.h"
#include "paykassma.h"

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s BODY POSTBACK_KEY REQUEST REQUEST_KEY ITERATIONS\n", argv[0]);
    return 2;
  }
  size_t body_len, request_len;
  char *body = jm_read_file(argv[1], &body_len), *request = jm_read_file(argv[3], &request_len), *out = NULL;
  const char *pkey = argv[2], *rkey = argv[4], *version = NULL;
  long n = atol(argv[5]);
  if (!body || !request || n <= 0) return 2;
  if (pk_postback_verify(body, body_len, pkey, strlen(pkey), &out) != PK_STATUS_OK) {
    fprintf(stderr, "the benchmark postback does not verify\n");
    return 1;
  }
  pk_string_free(out);
  double t = now_us();
  for (long i = 0; i < n; i++) {
    pk_postback_verify(body, body_len, pkey, strlen(pkey), &out);
    pk_string_free(out);
  }
  double verify = (now_us() - t) / n;
  t = now_us();
  for (long i = 0; i < n; i++) {
    pk_sign_json(request, request_len, rkey, strlen(rkey), &out);
    pk_string_free(out);
  }
  double sign = (now_us() - t) / n;
  t = now_us();
  for (long i = 0; i < n * 10; i++) pk_version(&version);
  double cross = (now_us() - t) / (n * 10);
  printf("BENCH {\"language\":\"c\",\"body_bytes\":%zu,\"verify_us\":%.3f,\"sign_us\":%.3f,\"cross_us\":%.4f}\n", body_len,
         verify, sign, cross);
  free(body);
  free(request);
  return 0;
}
