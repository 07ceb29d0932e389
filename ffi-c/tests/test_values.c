/* The value-level entry points, checked from C: signing the value encoding against the same data
 * as JSON text, a verified postback read through its handle and views against the JSON that
 * pk_postback_verify writes, pk_sign_postback against pk_postback_verify, and bad input.
 * Run under valgrind and again under ASan/UBSan. */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "paykassma.h"

/* ---- a writer of the value encoding, as a binding writes it ---- */
typedef struct {
  unsigned char buf[4096];
  size_t len;
} enc;

static void put(enc *e, const void *p, size_t n) {
  memcpy(e->buf + e->len, p, n);
  e->len += n;
}
static void tag(enc *e, char t) { put(e, &t, 1); }
static void u64(enc *e, uint64_t n) { put(e, &n, 8); }
static void i64(enc *e, int64_t i) { tag(e, 'i'); put(e, &i, 8); }
static void dbl(enc *e, double d) { tag(e, 'd'); put(e, &d, 8); }
static void bytes(enc *e, const char *s, size_t n) { tag(e, 's'); u64(e, n); put(e, s, n); }
static void str(enc *e, const char *s) { bytes(e, s, strlen(s)); }
static void map(enc *e, uint64_t n) { tag(e, 'm'); u64(e, n); }
static void list(enc *e, uint64_t n) { tag(e, 'l'); u64(e, n); }

static char *sign_enc(const enc *e, pk_status *status) {
  char *sig = NULL;
  *status = pk_sign_encoded((const char *)e->buf, e->len, "pk", 2, &sig);
  return sig;
}

static const char *field(void) {
  static char buf[128];
  size_t n = 0;
  CHECK(pk_last_error_field(buf, sizeof buf, &n) == PK_STATUS_OK);
  return buf;
}

static void test_sign_encoded(void) {
  /* {"b": INF, "a": [true, -0.0], "10": "x\0y", "signature": "dropped", 9: null} */
  enc e = {.len = 0};
  map(&e, 5);
  str(&e, "b"); dbl(&e, INFINITY);
  str(&e, "a"); list(&e, 2); i64(&e, 0); tag(&e, 't'); i64(&e, 1); dbl(&e, -0.0);
  str(&e, "10"); bytes(&e, "x\0y", 3);
  str(&e, "signature"); str(&e, "dropped");
  i64(&e, 9); tag(&e, 'n');
  pk_status status;
  char *got = sign_enc(&e, &status);
  CHECK(status == PK_STATUS_OK);
  char *want = NULL;
  const char *json = "{\"b\":\"INF\",\"a\":[true,-0.0],\"10\":\"x\\u0000y\",\"9\":null}";
  CHECK(pk_sign_json(json, strlen(json), "pk", 2, &want) == PK_STATUS_OK);
  CHECK_STR(got, want);
  pk_string_free(got);
  pk_string_free(want);

  /* A string that is not UTF-8 is named by its path. */
  e.len = 0;
  map(&e, 1); str(&e, "a"); list(&e, 2); i64(&e, 0); str(&e, "ok"); i64(&e, 1); str(&e, "\xff");
  char *sig = (char *)&e; /* must stay as it is on failure */
  CHECK(pk_sign_encoded((const char *)e.buf, e.len, "pk", 2, &sig) == PK_STATUS_VALIDATION);
  CHECK(sig == (char *)&e);
  CHECK_STR(field(), "a[1]");

  /* Broken encodings: truncated, a length past the end, a scalar, an unknown tag. */
  const char *broken[] = {"m", "l\xff\xff\xff\xff\xff\xff\xff\xff", "t", "x"};
  for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
    sig = NULL;
    CHECK(pk_sign_encoded(broken[i], strlen(broken[i]), "pk", 2, &sig) == PK_STATUS_VALIDATION);
    CHECK(sig == NULL);
    CHECK_STR(field(), "data");
  }
  /* 511 levels are accepted, 512 refused, as in JSON text (json_decode's depth of 512). */
  for (int levels = 511; levels <= 512; levels++) {
    enc *deep = calloc(1, sizeof(enc) * 8);
    unsigned char *buf = (unsigned char *)deep;
    size_t n = 0;
    for (int i = 0; i < levels; i++) {
      uint64_t count = i + 1 < levels ? 1 : 0;
      int64_t key = 0;
      buf[n++] = 'l';
      memcpy(buf + n, &count, 8), n += 8;
      if (count) buf[n++] = 'i', memcpy(buf + n, &key, 8), n += 8;
    }
    sig = NULL;
    pk_status s = pk_sign_encoded((const char *)buf, n, "pk", 2, &sig);
    CHECK(s == (levels == 511 ? PK_STATUS_OK : PK_STATUS_VALIDATION));
    pk_string_free(sig);
    free(deep);
  }
  CHECK(pk_sign_encoded(NULL, 0, "pk", 2, &sig) == PK_STATUS_NULL_POINTER);
  CHECK(pk_sign_encoded("m\0\0\0\0\0\0\0\0", 9, "", 0, &sig) == PK_STATUS_VALIDATION);
  CHECK_STR(field(), "private_key");
  CHECK(pk_sign_encoded("m\0\0\0\0\0\0\0\0", 9, "pk", 2, NULL) == PK_STATUS_NULL_POINTER);
}

/* ---- a postback signed with pk_sign_postback, read through the handle ---- */
#define SIGNED                                                                              \
  "[{\"transaction_id\":\"23936218009\",\"amount\":\"1000\",\"currency_code\":\"PKR\","    \
  "\"wallet_type\":\"easypaisa\",\"comment\":\"a/b \\u00fc\",\"stockpiling_id\":4819603,"  \
  "\"withdrawal_id\":null,\"bank_details\":{\"bank_code\":\"\",\"branch_code\":\"\"}}]"

static char *body_signed_with(const char *key) {
  char *sig = NULL;
  CHECK(pk_sign_postback("AK", 2, key, strlen(key), SIGNED, strlen(SIGNED), &sig) == PK_STATUS_OK);
  static char body[2048];
  snprintf(body, sizeof body,
           "{\"signature\":\"%s\",\"access_key\":\"AK\",\"amount\":1000,\"label\":\"x\","
           "\"converted_amount\":{\"USD\":3.44,\"PKR\":1000,\"BTC\":1.3153e-4},"
           "\"additional_data\":" SIGNED "}",
           sig ? sig : "");
  pk_string_free(sig);
  return body;
}

static int text_is(const char *p, size_t n, const char *want) {
  return p != NULL && n == strlen(want) && memcmp(p, want, n) == 0;
}

/* The item of `array` under string key `key`, or a NULL-typed view. */
static pk_value_view member(const pk_value_view *array, const char *key) {
  pk_array_item items[4];
  size_t got = 0;
  for (size_t start = 0; start < array->array_len; start += got) {
    CHECK(pk_array_items(array->array, start, items, 4, &got) == PK_STATUS_OK);
    for (size_t i = 0; i < got; i++) {
      if (items[i].key_text != NULL && text_is(items[i].key_text, items[i].key_len, key)) {
        return items[i].value;
      }
    }
    if (got == 0) break;
  }
  pk_value_view none;
  memset(&none, 0, sizeof none);
  none.kind = PK_VALUE_TYPE_NULL;
  return none;
}

static void test_postback_handle(void) {
  const char *body = body_signed_with("pbkey");
  pk_postback *p = NULL;
  CHECK(pk_postback_verify_handle(body, strlen(body), "pbkey", 5, &p) == PK_STATUS_OK);
  if (p == NULL) return;
  const char *t = NULL;
  size_t n = 0;
  CHECK(pk_postback_text(p, PK_POSTBACK_TEXT_PART_KIND, &t, &n) == PK_STATUS_OK && text_is(t, n, "deposit"));
  CHECK(pk_postback_text(p, PK_POSTBACK_TEXT_PART_IDEMPOTENCY_KEY, &t, &n) == PK_STATUS_OK &&
        text_is(t, n, "deposit:easypaisa:23936218009"));
  CHECK(pk_postback_text(p, PK_POSTBACK_TEXT_PART_SIGNED_LIST, &t, &n) == PK_STATUS_OK &&
        text_is(t, n, "additional_data"));
  CHECK(pk_postback_text(p, PK_POSTBACK_TEXT_PART_ACKNOWLEDGEMENT, &t, &n) == PK_STATUS_OK &&
        text_is(t, n, "{\"status\":\"ok\"}"));
  size_t count = 0;
  CHECK(pk_postback_entry_count(p, &count) == PK_STATUS_OK && count == 1);

  pk_value_view entries;
  CHECK(pk_postback_value(p, PK_POSTBACK_VALUE_PART_ENTRIES, &entries) == PK_STATUS_OK);
  CHECK(entries.kind == PK_VALUE_TYPE_ARRAY && entries.array_len == 1 && !entries.array_is_object);
  pk_array_item first;
  CHECK(pk_array_items(entries.array, 0, &first, 1, &n) == PK_STATUS_OK && n == 1);
  CHECK(first.key_text == NULL && first.key_int == 0 && first.value.kind == PK_VALUE_TYPE_ARRAY);
  pk_value_view amount = member(&first.value, "amount");
  CHECK(amount.kind == PK_VALUE_TYPE_STRING && text_is(amount.text, amount.text_len, "1000"));
  CHECK(member(&first.value, "stockpiling_id").integer == 4819603);
  CHECK(member(&first.value, "withdrawal_id").kind == PK_VALUE_TYPE_NULL);
  pk_value_view signed_ = member(&first.value, "signed");
  CHECK(signed_.kind == PK_VALUE_TYPE_ARRAY && signed_.array_is_object && signed_.array_len == 8);
  pk_value_view comment = member(&signed_, "comment");
  CHECK(text_is(comment.text, comment.text_len, "a/b \xc3\xbc"));
  pk_value_view bank = member(&signed_, "bank_details");
  CHECK(bank.kind == PK_VALUE_TYPE_ARRAY && bank.array_len == 2);
  /* Past the end: nothing copied. */
  CHECK(pk_array_items(entries.array, 5, &first, 1, &n) == PK_STATUS_OK && n == 0);

  /* The typed fields and the signed text of one entry, read without the whole list. */
  pk_array_item fields[32];
  CHECK(pk_postback_entry_fields(p, 0, fields, 32, &n) == PK_STATUS_OK && n == 17);
  CHECK(text_is(fields[0].key_text, fields[0].key_len, "kind"));
  CHECK(text_is(fields[0].value.text, fields[0].value.text_len, "deposit"));
  int seen_bank = 0;
  for (size_t i = 0; i < n; i++) {
    if (text_is(fields[i].key_text, fields[i].key_len, "amount")) {
      CHECK(text_is(fields[i].value.text, fields[i].value.text_len, "1000"));
    }
    if (text_is(fields[i].key_text, fields[i].key_len, "bank_details")) {
      seen_bank = 1;
      CHECK(fields[i].value.kind == PK_VALUE_TYPE_ARRAY && fields[i].value.array_len == 3);
      CHECK(member(&fields[i].value, "bank_code").kind == PK_VALUE_TYPE_NULL);
    }
  }
  CHECK(seen_bank);
  CHECK(pk_postback_entry_fields(p, 0, fields, 2, &n) == PK_STATUS_OK && n == 2); /* capacity respected */
  CHECK(pk_postback_entry_fields(p, 1, fields, 32, &n) == PK_STATUS_VALIDATION);
  CHECK_STR(field(), "index");
  CHECK(pk_postback_entry_signed_json(p, 0, &t, &n) == PK_STATUS_OK);
  /* The signed entry re-encoded as the gateway hashed it: `/` and `ü` unescaped. */
  CHECK(n > 0 && t[0] == '{' && t[n - 1] == '}');
  CHECK(memmem(t, n, "\"comment\":\"a/b \xc3\xbc\"", strlen("\"comment\":\"a/b \xc3\xbc\"")) != NULL);
  CHECK(pk_postback_entry_signed_json(p, 1, &t, &n) == PK_STATUS_VALIDATION);
  pk_value_view raw;
  CHECK(pk_postback_entry_signed(p, 0, &raw) == PK_STATUS_OK);
  CHECK(raw.kind == PK_VALUE_TYPE_ARRAY && raw.array_is_object && raw.array_len == 8);
  CHECK(member(&raw, "stockpiling_id").integer == 4819603);
  CHECK(pk_postback_entry_signed(p, 1, &raw) == PK_STATUS_VALIDATION);
  CHECK(pk_postback_entry_signed_json(NULL, 0, &t, &n) == PK_STATUS_NULL_POINTER);

  /* The entries in the value encoding: a list of one entry, its 17 typed fields and `signed`. */
  const uint8_t *data = NULL, *data_again = NULL;
  size_t len = 0, len_again = 0;
  CHECK(pk_postback_entries_encoded(p, &data, &len) == PK_STATUS_OK && data != NULL);
  enc want = {0};
  list(&want, 1);
  i64(&want, 0);
  map(&want, 18);
  str(&want, "kind");
  str(&want, "deposit");
  str(&want, "transaction_id");
  CHECK(len > want.len && memcmp(data, want.buf, want.len) == 0);
  enc signed_enc = {0};
  str(&signed_enc, "signed");
  map(&signed_enc, 8);
  CHECK(memmem(data, len, signed_enc.buf, signed_enc.len) != NULL);
  enc comment_enc = {0};
  str(&comment_enc, "comment");
  str(&comment_enc, "a/b \xc3\xbc");
  CHECK(memmem(data, len, comment_enc.buf, comment_enc.len) != NULL);
  CHECK(pk_postback_entries_encoded(p, &data_again, &len_again) == PK_STATUS_OK);
  CHECK(data_again == data && len_again == len); /* written once, kept by the handle */
  CHECK(pk_postback_entries_encoded(NULL, &data, &len) == PK_STATUS_NULL_POINTER);
  CHECK(pk_postback_entries_encoded(p, NULL, &len) == PK_STATUS_NULL_POINTER);
  CHECK(pk_postback_entries_encoded(p, &data, NULL) == PK_STATUS_NULL_POINTER);

  pk_value_view unsigned_, again;
  CHECK(pk_postback_value(p, PK_POSTBACK_VALUE_PART_UNSIGNED, &unsigned_) == PK_STATUS_OK);
  CHECK(pk_postback_value(p, PK_POSTBACK_VALUE_PART_UNSIGNED, &again) == PK_STATUS_OK);
  CHECK(again.array == unsigned_.array); /* built once, kept by the handle */
  pk_value_view rates = member(&unsigned_, "converted_amount");
  CHECK(rates.kind == PK_VALUE_TYPE_ARRAY && rates.array_len == 3);
  CHECK(member(&rates, "USD").number == 3.44 && member(&rates, "PKR").integer == 1000);
  CHECK(text_is(member(&unsigned_, "amount").text, member(&unsigned_, "amount").text_len, "1000"));
  CHECK(member(&unsigned_, "direction").kind == PK_VALUE_TYPE_NULL);
  pk_value_view names;
  CHECK(pk_postback_value(p, PK_POSTBACK_VALUE_PART_UNSIGNED_FIELDS, &names) == PK_STATUS_OK);
  CHECK(names.kind == PK_VALUE_TYPE_ARRAY && names.array_len == 7);

  /* NULL pointers are refused, never read. */
  CHECK(pk_postback_text(NULL, PK_POSTBACK_TEXT_PART_KIND, &t, &n) == PK_STATUS_NULL_POINTER);
  CHECK(pk_postback_text(p, PK_POSTBACK_TEXT_PART_KIND, NULL, &n) == PK_STATUS_NULL_POINTER);
  CHECK(pk_postback_entry_count(p, NULL) == PK_STATUS_NULL_POINTER);
  CHECK(pk_postback_value(p, PK_POSTBACK_VALUE_PART_ENTRIES, NULL) == PK_STATUS_NULL_POINTER);
  CHECK(pk_array_items(NULL, 0, &first, 1, &n) == PK_STATUS_NULL_POINTER);
  CHECK(pk_array_items(entries.array, 0, NULL, 1, &n) == PK_STATUS_NULL_POINTER);
  pk_postback_free(p);
  pk_postback_free(NULL);

  /* Another key: a mismatch, and the out-parameter untouched. */
  pk_postback *q = (pk_postback *)&count;
  CHECK(pk_postback_verify_handle(body, strlen(body), "other", 5, &q) == PK_STATUS_SIGNATURE_MISMATCH);
  CHECK(q == (pk_postback *)&count);
  CHECK(pk_postback_verify_handle("{", 1, "other", 5, &q) == PK_STATUS_MALFORMED_POSTBACK);
  CHECK(pk_postback_verify_handle(body, strlen(body), "", 0, &q) == PK_STATUS_VALIDATION);
  CHECK(pk_postback_verify_handle(body, strlen(body), "k", 1, NULL) == PK_STATUS_NULL_POINTER);

  char *sig = NULL;
  CHECK(pk_sign_postback("AK", 2, "k", 1, "[1", 2, &sig) == PK_STATUS_VALIDATION && sig == NULL);
  CHECK_STR(field(), "signed");
  CHECK(pk_sign_postback("AK", 2, "", 0, "[]", 2, &sig) == PK_STATUS_VALIDATION);
  CHECK_STR(field(), "private_key");
}

int main(void) {
  test_sign_encoded();
  test_postback_handle();
  return pk_finish("test_values");
}
