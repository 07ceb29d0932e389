/* Verifying the postbacks of the benchmark corpus (`make bench-corpus`) through the C ABI, the
 * result as JSON text (pk_postback_verify), each item timed alone as the best of the rounds;
 * prints the median and the slowest as a `BENCH` line (see benches/run.py).
 * Usage: verify [--rounds N] [--corpus FILE]; --rounds defaults to BENCH_ROUNDS, else 20. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench.h"
#include "json_mini.h"
#include "paykassma.h"

enum { CALLS = 4 };

typedef struct {
  const char *body, *key;
  size_t body_len, key_len;
} item;

static int verify(const item *it) {
  char *out = NULL;
  pk_status status = pk_postback_verify(it->body, it->body_len, it->key, it->key_len, &out);
  pk_string_free(out);
  return status == PK_STATUS_OK;
}

int main(int argc, char **argv) {
  long rounds = getenv("BENCH_ROUNDS") && atol(getenv("BENCH_ROUNDS")) > 0 ? atol(getenv("BENCH_ROUNDS")) : 20;
  const char *path = "target/bench-corpus/postbacks.jsonl";
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 < argc && strcmp(argv[i], "--rounds") == 0 && atol(argv[i + 1]) > 0) {
      rounds = atol(argv[i + 1]);
    } else if (i + 1 < argc && strcmp(argv[i], "--corpus") == 0) {
      path = argv[i + 1];
    } else {
      fprintf(stderr, "usage: %s [--rounds N] [--corpus FILE]\n", argv[0]);
      return 64;
    }
  }
  size_t len;
  char *text = jm_read_file(path, &len);
  if (!text) {
    fprintf(stderr, "cannot read %s: run `make bench-corpus` first\n", path);
    return 66;
  }
  size_t n = 0, cap = 256;
  item *items = malloc(cap * sizeof *items);
  jm_value **records = malloc(cap * sizeof *records);
  for (char *line = text, *end; *line; line = end + (*end != '\0')) {
    end = strchr(line, '\n');
    if (!end) end = line + strlen(line);
    if (end == line) continue;
    jm_value *record = jm_parse(line, (size_t)(end - line));
    const jm_value *body = record ? jm_get(record, "body") : NULL, *key = record ? jm_get(record, "key") : NULL;
    if (!body || body->type != JM_STRING || !key || key->type != JM_STRING) {
      fprintf(stderr, "%s: line %zu has no text `body` and `key`\n", path, n + 1);
      return 1;
    }
    if (n == cap) {
      cap *= 2;
      items = realloc(items, cap * sizeof *items);
      records = realloc(records, cap * sizeof *records);
    }
    records[n] = record;
    items[n++] = (item){body->string, key->string, body->string_len, key->string_len};
  }
  for (size_t i = 0; i < n; i++) {
    if (!verify(&items[i])) {
      fprintf(stderr, "corpus item %zu does not verify\n", i);
      return 1;
    }
  }
  /* A fresh process runs slower at first. */
  for (double start = now_us(); now_us() - start < 2e6;) {
    for (size_t i = 0; i < n; i++) verify(&items[i]);
  }
  double *best = malloc(n * sizeof *best);
  for (size_t i = 0; i < n; i++) best[i] = 1e300;
  for (long r = 0; r < rounds; r++) {
    for (size_t i = 0; i < n; i++) {
      double t = now_us();
      for (int c = 0; c < CALLS; c++) verify(&items[i]);
      double us = (now_us() - t) / CALLS;
      if (us < best[i]) best[i] = us;
    }
  }
  qsort(best, n, sizeof *best, by_value);
  double median = n % 2 ? best[n / 2] : (best[n / 2 - 1] + best[n / 2]) / 2, slowest = best[n - 1];
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("verify c: %zu items, median %.2f us, slowest %.2f us\n", n, median, slowest);
  printf("BENCH {\"what\":\"verify\",\"impl\":\"c\",\"n\":%zu,\"median_us\":%.3f,\"slowest_us\":%.3f,\"peak_rss_kb\":%ld}\n", n,
         median, slowest, usage.ru_maxrss);
  for (size_t i = 0; i < n; i++) jm_free(records[i]);
  free(records);
  free(items);
  free(best);
  free(text);
  return 0;
}
