/* Signing the withdrawal requests of the benchmark corpus through the C ABI (pk_sign_json on each
 * request's JSON text). Checks every signature against PHP's first, then prints one BENCH line:
 * median and slowest over the requests, each timed as the best of ROUNDS rounds of REPS calls.
 * Usage: sign CORPUS [ROUNDS] [REPS]   (CORPUS: target/bench-corpus/requests.jsonl) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench.h"
#include "json_mini.h"
#include "paykassma.h"

typedef struct {
  const char *key, *json, *signature;
} request;

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s CORPUS [ROUNDS] [REPS]\n", argv[0]);
    return 2;
  }
  int rounds = argc > 2 ? atoi(argv[2]) : 7, reps = argc > 3 ? atoi(argv[3]) : 20;
  size_t len;
  char *text = jm_read_file(argv[1], &len);
  if (!text || rounds <= 0 || reps <= 0) {
    fprintf(stderr, "cannot read %s (make bench-corpus writes it)\n", argv[1]);
    return 2;
  }
  size_t cap = 1024, n = 0;
  request *requests = malloc(cap * sizeof *requests);
  jm_value **rows = malloc(cap * sizeof *rows);
  for (char *line = text, *end; *line; line = end + 1) {
    end = strchr(line, '\n');
    if (!end) end = line + strlen(line);
    if (n == cap) {
      cap *= 2;
      requests = realloc(requests, cap * sizeof *requests);
      rows = realloc(rows, cap * sizeof *rows);
    }
    rows[n] = jm_parse(line, (size_t)(end - line));
    request r = {jm_get_string(rows[n], "key"), jm_get_string(rows[n], "json"), jm_get_string(rows[n], "signature")};
    if (!r.key || !r.json || !r.signature) {
      fprintf(stderr, "line %zu of %s is not a request\n", n + 1, argv[1]);
      return 2;
    }
    requests[n++] = r;
    if (!*end) break;
  }

  char *out = NULL;
  for (size_t i = 0; i < n; i++) {
    if (pk_sign_json(requests[i].json, strlen(requests[i].json), requests[i].key, strlen(requests[i].key), &out) !=
            PK_STATUS_OK ||
        strcmp(out, requests[i].signature) != 0) {
      fprintf(stderr, "signature differs from PHP's on %s\n", requests[i].json);
      return 1;
    }
    pk_string_free(out);
  }

  double *times = malloc(n * sizeof *times);
  for (size_t i = 0; i < n; i++) {
    const request *r = &requests[i];
    size_t json_len = strlen(r->json), key_len = strlen(r->key);
    double best = 1e30;
    for (int round = 0; round < rounds; round++) {
      double t = now_us();
      for (int k = 0; k < reps; k++) {
        pk_sign_json(r->json, json_len, r->key, key_len, &out);
        pk_string_free(out);
      }
      double per_call = (now_us() - t) / reps;
      if (per_call < best) best = per_call;
    }
    times[i] = best;
  }
  qsort(times, n, sizeof *times, by_value);
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("BENCH {\"what\":\"sign\",\"impl\":\"c\",\"input\":\"json\",\"n\":%zu,\"median_us\":%.3f,\"slowest_us\":%.3f,"
         "\"peak_rss_kb\":%ld}\n",
         n, times[n / 2], times[n - 1], usage.ru_maxrss);
  for (size_t i = 0; i < n; i++) jm_free(rows[i]);
  free(rows);
  free(requests);
  free(times);
  free(text);
  return 0;
}
