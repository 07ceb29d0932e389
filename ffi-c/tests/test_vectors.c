/* The shared vector files (tests/vectors/sign.json, postback.json, the "c" column of
 * edge_inputs.json, and hmac.json), read from C: every case must give the same answer through the
 * C ABI as through the core.
 * Usage: test_vectors SIGN_JSON POSTBACK_JSON EDGE_INPUTS_JSON HMAC_JSON */
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

/* A function of the C ABI that signs JSON text with a key (pk_sign_json, pk_hmac_sign). */
typedef pk_status (*json_signer)(const char *json, size_t json_len, const char *key, size_t key_len,
                                 char **out_signature);

/* Every case of a signature vector file: its `json` signed with its `key` is its `signature`.
 * Returns how many cases ran. */
static size_t check_signatures(const jm_value *cases, const char *what, json_signer sign) {
  size_t n = 0;
  for (size_t i = 0; cases && i < cases->count; i++) {
    const jm_value *c = cases->items[i];
    const jm_value *json = jm_get(c, "json"), *key = jm_get(c, "key");
    const char *want = jm_get_string(c, "signature");
    CHECK(json && json->type == JM_STRING && key && key->type == JM_STRING && want);
    if (!json || !key || !want) continue;
    char *sig = NULL;
    pk_status st = sign(json->string, json->string_len, key->string, key->string_len, &sig);
    if (st != PK_STATUS_OK || strcmp(sig, want) != 0) {
      fprintf(stderr, "%s case %s: status %u, got %s, want %s\n", what, case_id(c), st,
              sig ? sig : "(none)", want);
      pk_failures++;
    }
    pk_string_free(sig);
    n++;
  }
  return n;
}

static void run_sign(const char *path) {
  jm_value *doc = load(path, "request_signature");
  size_t n = check_signatures(jm_get(doc, "cases"), "sign", pk_sign_json);
  printf("sign vectors: %zu cases\n", n);
  jm_free(doc);
}

/* The newer platform's signature: each case signs to its signature, and a document carrying it
 * in general.signature verifies while one carrying another does not. */
static void run_hmac(const char *path) {
  jm_value *doc = load(path, "hmac_sha512");
  size_t n = check_signatures(jm_get(doc, "cases"), "hmac", pk_hmac_sign);
  /* Verification, on a document built here: the signature goes into general.signature. */
  const char *body = "{\"general\":{\"id\":1},\"amount\":\"10.50\"}";
  char *sig = NULL;
  CHECK(pk_hmac_sign(body, strlen(body), "k", 1, &sig) == PK_STATUS_OK);
  char signed_doc[256];
  snprintf(signed_doc, sizeof signed_doc,
           "{\"general\":{\"id\":1,\"signature\":\"%s\"},\"amount\":\"10.50\"}", sig ? sig : "");
  CHECK(pk_hmac_verify(signed_doc, strlen(signed_doc), "k", 1) == PK_STATUS_OK);
  CHECK(pk_hmac_verify(signed_doc, strlen(signed_doc), "K", 1) == PK_STATUS_SIGNATURE_MISMATCH);
  CHECK(pk_hmac_verify(body, strlen(body), "k", 1) == PK_STATUS_VALIDATION);
  char field[64] = "";
  size_t field_len = 0;
  CHECK(pk_last_error_field(field, sizeof field, &field_len) == PK_STATUS_OK);
  CHECK_STR(field, "general.signature");
  CHECK(pk_hmac_sign("[1]", 3, "k", 1, &sig) == PK_STATUS_VALIDATION);
  pk_string_free(sig);
  printf("hmac vectors: %zu cases\n", n);
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
        expect_member(c, got, "signature_form");
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

/* The bytes of an edge input's JSON text: a string as is, hex, or each UTF-16 unit in its own
 * UTF-8 form (a lone surrogate gives 3 bytes that are not UTF-8). NULL for a map or a list. */
static char *text_bytes(const jm_value *tree, size_t *len) {
  const char *kind = tree && tree->type == JM_ARRAY && tree->count == 2 && tree->items[0]->type == JM_STRING
                         ? tree->items[0]->string
                         : "";
  const jm_value *arg = tree && tree->count == 2 ? tree->items[1] : NULL;
  char *out = NULL;
  size_t n = 0;
  if (strcmp(kind, "string") == 0) {
    out = malloc(arg->string_len + 1);
    memcpy(out, arg->string, arg->string_len);
    n = arg->string_len;
  } else if (strcmp(kind, "bytes") == 0) {
    out = malloc(arg->string_len / 2 + 1);
    for (size_t i = 0; i + 1 < arg->string_len; i += 2) {
      unsigned byte = 0;
      sscanf(arg->string + i, "%2x", &byte);
      out[n++] = (char)byte;
    }
  } else if (strcmp(kind, "utf16") == 0) {
    out = malloc(arg->count * 3 + 1);
    for (size_t i = 0; i < arg->count; i++) {
      unsigned u = (unsigned)arg->items[i]->number;
      if (u < 0x80) {
        out[n++] = (char)u;
      } else if (u < 0x800) {
        out[n++] = (char)(0xC0 | u >> 6);
        out[n++] = (char)(0x80 | (u & 0x3F));
      } else {
        out[n++] = (char)(0xE0 | u >> 12);
        out[n++] = (char)(0x80 | (u >> 6 & 0x3F));
        out[n++] = (char)(0x80 | (u & 0x3F));
      }
    }
  }
  *len = n;
  return out;
}

static void run_edges(const char *path) {
  jm_value *doc = load(path, "edge_inputs");
  const jm_value *cases = jm_get(doc, "cases");
  size_t n = 0;
  for (size_t i = 0; cases && i < cases->count; i++) {
    const jm_value *c = cases->items[i];
    const jm_value *key = jm_get(c, "key"), *want = jm_get(jm_get(c, "expect"), "c");
    CHECK(key && key->type == JM_STRING && want);
    if (!key || !want || want->type == JM_STRING) continue; /* "n/a": C takes JSON text only */
    size_t len = 0;
    char *text = text_bytes(jm_get(c, "data"), &len);
    CHECK(text != NULL);
    if (!text) continue;
    char *sig = NULL;
    pk_status st = pk_sign_json(text, len, key->string, key->string_len, &sig);
    const char *want_sig = jm_get_string(want, "signature");
    if (want_sig) {
      if (st != PK_STATUS_OK || strcmp(sig, want_sig) != 0) {
        fprintf(stderr, "edge case %s: status %u, got %s, want %s\n", case_id(c), st, sig ? sig : "(none)",
                want_sig);
        pk_failures++;
      }
    } else {
      const char *error = jm_get_string(want, "error"), *code = NULL;
      const char *want_code = jm_get_string(want, "code"), *want_field = jm_get_string(want, "field");
      CHECK(error && want_code && want_field);
      if (!error || !want_code || !want_field) continue;
      pk_status want_st = strcmp(error, "PK_STATUS_INVALID_UTF8") == 0 ? PK_STATUS_INVALID_UTF8 : PK_STATUS_VALIDATION;
      char field[64] = "";
      size_t field_len = 0;
      pk_last_error_code(&code);
      pk_last_error_field(field, sizeof field, &field_len);
      if (st != want_st || strcmp(code, want_code) != 0 || strcmp(field, want_field) != 0) {
        fprintf(stderr, "edge case %s: status %u code %s field %s, want %s %s %s\n", case_id(c), st, code, field,
                error, want_code, want_field);
        pk_failures++;
      }
      CHECK(sig == NULL); /* nothing written on failure */
    }
    pk_string_free(sig);
    free(text);
    n++;
  }
  printf("edge input vectors: %zu cases with JSON text\n", n);
  jm_free(doc);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s SIGN_JSON POSTBACK_JSON EDGE_INPUTS_JSON HMAC_JSON\n", argv[0]);
    return 2;
  }
  run_sign(argv[1]);
  run_postback(argv[2]);
  run_edges(argv[3]);
  run_hmac(argv[4]);
  return pk_finish("test_vectors");
}
