/* The shared vector files (tests/vectors/sign.json, tests/vectors/postback.json), read from C:
 * every case must give the same answer through the C ABI as through the core.
 * Usage: test_vectors SIGN_JSON POSTBACK_JSON */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "json_mini.h"
#include "paykassma.h"

static jm_value *load(const char *path, const char *algorithm) {
  size_t len = 0;
  char *text = jm_read_file(path, &len);
  if (!text) {
    fprintf(stderr, "cannot read %s\n", path);
    pk_failures++;
    return NULL;
  }
  jm_value *doc = jm_parse(text, len);
  free(text);
  CHECK(doc != NULL);
  CHECK_STR(jm_get_string(doc, "algorithm"), algorithm);
  const jm_value *cases = jm_get(doc, "cases");
  CHECK(cases && cases->type == JM_ARRAY && cases->count > 0);
  return doc;
}

static const char *case_id(const jm_value *c) {
  const char *id = jm_get_string(c, "id");
  return id ? id : "(no id)";
}

static void run_sign(const char *path) {
  jm_value *doc = load(path, "request_signature");
  const jm_value *cases = jm_get(doc, "cases");
  size_t n = 0;
  for (size_t i = 0; cases && i < cases->count; i++) {
    const jm_value *c = cases->items[i];
    const jm_value *json = jm_get(c, "json"), *key = jm_get(c, "key");
    const char *want = jm_get_string(c, "signature");
    CHECK(json && json->type == JM_STRING && key && key->type == JM_STRING && want);
    if (!json || !key || !want) continue;
    char *sig = NULL;
    pk_status st = pk_sign_json(json->string, json->string_len, key->string, key->string_len, &sig);
    if (st != PK_STATUS_OK || strcmp(sig, want) != 0) {
      fprintf(stderr, "sign case %s: status %u, got %s, want %s\n", case_id(c), st,
              sig ? sig : "(none)", want);
      pk_failures++;
    }
    pk_string_free(sig);
    n++;
  }
  printf("sign vectors: %zu cases\n", n);
  jm_free(doc);
}

/* Compares one string member of the verified postback with the case's expectation. */
static void expect_member(const jm_value *c, const jm_value *got, const char *key) {
  const char *want = jm_get_string(c, key);
  if (!want) return;
  const char *have = jm_get_string(got, key);
  if (!have || strcmp(have, want) != 0) {
    fprintf(stderr, "postback case %s: %s is %s, want %s\n", case_id(c), key,
            have ? have : "(none)", want);
    pk_failures++;
  }
}

static void run_postback(const char *path) {
  jm_value *doc = load(path, "postback_verification");
  const jm_value *cases = jm_get(doc, "cases");
  size_t n = 0;
  for (size_t i = 0; cases && i < cases->count; i++) {
    const jm_value *c = cases->items[i];
    const jm_value *body = jm_get(c, "body"), *key = jm_get(c, "private_key");
    const jm_value *valid = jm_get(c, "valid");
    CHECK(body && body->type == JM_STRING && key && key->type == JM_STRING && valid);
    if (!body || !key || !valid) continue;
    char *json = NULL;
    pk_status st = pk_postback_verify(body->string, body->string_len, key->string, key->string_len,
                                      &json);
    if (valid->boolean) {
      if (st != PK_STATUS_OK) {
        fprintf(stderr, "postback case %s: status %u, want success\n", case_id(c), st);
        pk_failures++;
      } else {
        jm_value *got = jm_parse(json, strlen(json));
        CHECK(got != NULL);
        expect_member(c, got, "kind");
        expect_member(c, got, "idempotency_key");
        jm_free(got);
      }
    } else {
      const char *code = NULL, *want = jm_get_string(c, "error_code");
      pk_last_error_code(&code);
      if (st == PK_STATUS_OK || !want || strcmp(code, want) != 0) {
        fprintf(stderr, "postback case %s: status %u code %s, want %s\n", case_id(c), st, code,
                want ? want : "(missing error_code)");
        pk_failures++;
      }
      CHECK(json == NULL); /* nothing written on failure */
    }
    pk_string_free(json);
    n++;
  }
  printf("postback vectors: %zu cases\n", n);
  jm_free(doc);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s SIGN_JSON POSTBACK_JSON\n", argv[0]);
    return 2;
  }
  run_sign(argv[1]);
  run_postback(argv[2]);
  return pk_finish("test_vectors");
}
