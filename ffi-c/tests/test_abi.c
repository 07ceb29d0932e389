/* The C ABI's rules, checked from C: status codes, out-parameters written only on success,
 * NULL pointers, invalid UTF-8, lengths without terminators, the thread-local last error,
 * and freeing. Run under valgrind and again under ASan/UBSan. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "paykassma.h"

#define PB_KEY "postback-private-key"
/* Signed by real PHP with the documented formula; the body uses PHP's default `\/` and `\u00fc`
 * escapes, so verifying it proves the re-encoding. */
static const char PB_BODY[] =
    "{\"signature\":\"566ff61997ad919fad6eb25616e2283223e02696\",\"wallet_type\":\"easypaisa\","
    "\"amount\":1000,\"currency_code\":\"PKR\",\"label\":\"545932754\",\"direction\":\"ingoing\","
    "\"created_datetime\":\"2023-09-26 19:37:02\",\"access_key\":\"TA25Ea9sjPUFJvIG\","
    "\"additional_data\":[{\"activated_datetime\":\"2023-09-26 22:37:00\",\"exchanger_identifier\":"
    "\"923139471223\",\"comment\":\"a\\/b \\u00fc\",\"amount\":\"1000\",\"currency_code\":\"PKR\","
    "\"wallet_type\":\"easypaisa\",\"stockpiling_id\":4819603,\"transaction_id\":\"23936218009\","
    "\"transaction_type\":0,\"plugin_custom_order_id\":\"5586199250\",\"withdrawal_id\":null,"
    "\"withdrawal_status\":null,\"account_number\":\"\",\"account_name\":\"\",\"account_email\":\"\","
    "\"bank_details\":{\"bank_code\":\"\",\"branch_code\":\"\"}}]}";

/* A pointer the library must never write over on failure. */
static char SENTINEL_BYTE;
#define SENTINEL (&SENTINEL_BYTE)

static const char *last_code(void) {
  const char *code = NULL;
  CHECK(pk_last_error_code(&code) == PK_STATUS_OK);
  return code;
}

static const char *last_field(char *buf, size_t len) {
  size_t n = 0;
  CHECK(pk_last_error_field(buf, len, &n) == PK_STATUS_OK);
  return buf;
}

static pk_status sign(const char *data, const char *key, char **out) {
  return pk_sign_json(data, strlen(data), key, strlen(key), out);
}

static void test_version(void) {
  const char *v = NULL;
  CHECK(pk_version(&v) == PK_STATUS_OK);
  CHECK(v != NULL && strlen(v) > 0 && strchr(v, '.') != NULL);
  CHECK(pk_version(NULL) == PK_STATUS_NULL_POINTER);
}

static void test_sign(void) {
  char *sig = NULL;
  CHECK(sign("{\"h\":\"51_2788\",\"a\":\"ACCT\",\"b\":1020,\"c\":\"withdrawal\",\"d\":\"INR\","
             "\"e\":true,\"f\":17,\"g\":\"paytm\"}", "key", &sig) == PK_STATUS_OK);
  CHECK_STR(sig, "c62238c609f13bfefc4a7672a7d9f83b34304268");
  pk_string_free(sig);
  CHECK_STR(last_code(), ""); /* success clears the last error */

  /* A top-level signature key is left out. */
  sig = NULL;
  CHECK(sign("{\"a\":1,\"signature\":\"x\"}", "pk", &sig) == PK_STATUS_OK);
  CHECK_STR(sig, "1c690f2ff0339b06a734654853a7aa3422a178a5");
  pk_string_free(sig);
}

static void test_lengths_without_terminators(void) {
  /* Exactly-sized heap buffers with no NUL: any read past the end is caught by valgrind/ASan. */
  const char *data = "{\"a\":1}XXXX";
  char *d = malloc(7), *k = malloc(2), *sig = NULL;
  memcpy(d, data, 7);
  memcpy(k, "pk", 2);
  CHECK(pk_sign_json(d, 7, k, 2, &sig) == PK_STATUS_OK);
  CHECK_STR(sig, "1c690f2ff0339b06a734654853a7aa3422a178a5");
  pk_string_free(sig);
  /* The length decides: a prefix of the same buffer is a different (invalid) input. */
  sig = SENTINEL;
  CHECK(pk_sign_json(d, 5, k, 2, &sig) == PK_STATUS_VALIDATION);
  CHECK(sig == SENTINEL);
  /* A NUL inside the data is data, not an end marker. */
  CHECK(pk_sign_json("{\"a\":1}\0junk", 12, "pk", 2, &sig) == PK_STATUS_VALIDATION);
  free(d);
  free(k);
}

static void test_null_pointers(void) {
  char buf[64];
  char *out = SENTINEL;
  CHECK(pk_sign_json(NULL, 0, "k", 1, &out) == PK_STATUS_NULL_POINTER);
  CHECK(out == SENTINEL);
  CHECK_STR(last_code(), "null_pointer");
  CHECK_STR(last_field(buf, sizeof buf), "data");
  CHECK(pk_sign_json("{}", 2, NULL, 0, &out) == PK_STATUS_NULL_POINTER);
  CHECK_STR(last_field(buf, sizeof buf), "private_key");
  CHECK(pk_sign_json("{}", 2, "k", 1, NULL) == PK_STATUS_NULL_POINTER);
  CHECK_STR(last_field(buf, sizeof buf), "out_signature");
  CHECK(pk_postback_verify(NULL, 3, "k", 1, &out) == PK_STATUS_NULL_POINTER);
  CHECK_STR(last_field(buf, sizeof buf), "body");
  CHECK(pk_postback_verify("{}", 2, NULL, 1, &out) == PK_STATUS_NULL_POINTER);
  CHECK(pk_postback_verify("{}", 2, "k", 1, NULL) == PK_STATUS_NULL_POINTER);
  CHECK(out == SENTINEL);
  /* The accessors refuse NULL too, without touching the error they report. */
  size_t n;
  CHECK(pk_last_error_message(NULL, 10, &n) == PK_STATUS_NULL_POINTER);
  CHECK(pk_last_error_message(buf, sizeof buf, NULL) == PK_STATUS_NULL_POINTER);
  CHECK(pk_last_error_field(NULL, 1, &n) == PK_STATUS_NULL_POINTER);
  CHECK(pk_last_error_code(NULL) == PK_STATUS_NULL_POINTER);
  CHECK(pk_last_error_details(NULL) == PK_STATUS_NULL_POINTER);
  CHECK_STR(last_code(), "null_pointer");
}

static void test_invalid_utf8(void) {
  char buf[128];
  char *out = SENTINEL;
  CHECK(pk_sign_json("{\"a\":\"\xff\"}", 8, "k", 1, &out) == PK_STATUS_INVALID_UTF8);
  CHECK_STR(last_code(), "invalid_utf8");
  CHECK_STR(last_field(buf, sizeof buf), "data");
  CHECK(pk_sign_json("{}", 2, "k\xc3", 2, &out) == PK_STATUS_INVALID_UTF8);
  CHECK_STR(last_field(buf, sizeof buf), "private_key");
  CHECK(out == SENTINEL);
}

static void test_validation_and_messages(void) {
  char buf[256];
  size_t n = 0;
  char *out = SENTINEL;
  CHECK(pk_sign_json("{}", 2, "", 0, &out) == PK_STATUS_VALIDATION);
  CHECK(out == SENTINEL);
  CHECK_STR(last_code(), "validation_error");
  CHECK_STR(last_field(buf, sizeof buf), "private_key");
  CHECK(pk_last_error_message(buf, sizeof buf, &n) == PK_STATUS_OK);
  CHECK(n == strlen(buf) && strstr(buf, "private_key") != NULL);
  /* Truncation: snprintf-like, NUL-terminated, full length reported. */
  size_t full = n;
  CHECK(pk_last_error_message(buf, 5, &n) == PK_STATUS_OK);
  CHECK(n == full && strlen(buf) == 4);
  CHECK(pk_last_error_message(buf, 0, &n) == PK_STATUS_OK && n == full);

  char *details = NULL;
  CHECK(pk_last_error_details(&details) == PK_STATUS_OK);
  CHECK(details && strstr(details, "\"code\":\"validation_error\"") != NULL);
  CHECK(details && strstr(details, "\"field\":\"private_key\"") != NULL);
  pk_string_free(details);

  CHECK(sign("[1,", "k", &out) == PK_STATUS_VALIDATION);
  CHECK_STR(last_field(buf, sizeof buf), "data");
  CHECK(sign("\"text\"", "k", &out) == PK_STATUS_VALIDATION);
  CHECK(out == SENTINEL);

  /* After a success the last error is empty and details are `null`. */
  CHECK(sign("{}", "k", &out) == PK_STATUS_OK);
  pk_string_free(out);
  CHECK(pk_last_error_message(buf, sizeof buf, &n) == PK_STATUS_OK && n == 0 && buf[0] == 0);
  CHECK(pk_last_error_details(&details) == PK_STATUS_OK);
  CHECK_STR(details, "null");
  pk_string_free(details);
}

static pk_status verify(const char *body, size_t len, const char *key, char **out) {
  return pk_postback_verify(body, len, key, strlen(key), out);
}

static void test_postback(void) {
  char *json = NULL;
  CHECK(verify(PB_BODY, strlen(PB_BODY), PB_KEY, &json) == PK_STATUS_OK);
  CHECK(json && strstr(json, "\"kind\":\"deposit\"") != NULL);
  CHECK(json && strstr(json, "\"idempotency_key\":\"deposit:easypaisa:23936218009\"") != NULL);
  CHECK(json && strstr(json, "\"acknowledgement\":\"{\\\"status\\\":\\\"ok\\\"}\"") != NULL);
  pk_string_free(json);

  char *out = SENTINEL;
  CHECK(verify(PB_BODY, strlen(PB_BODY), "other-key", &out) == PK_STATUS_SIGNATURE_MISMATCH);
  CHECK_STR(last_code(), "signature_mismatch");

  /* Tampering with a signed value breaks the signature. */
  char *tampered = strdup(PB_BODY);
  char *amount = strstr(tampered, "\"amount\":\"1000\"");
  CHECK(amount != NULL);
  if (amount) amount[10] = '9';
  CHECK(verify(tampered, strlen(tampered), PB_KEY, &out) == PK_STATUS_SIGNATURE_MISMATCH);
  free(tampered);

  CHECK(verify("not json", 8, PB_KEY, &out) == PK_STATUS_MALFORMED_POSTBACK);
  CHECK_STR(last_code(), "malformed_postback");
  CHECK(verify("{\"a\":\"\xff\xfe\"}", 10, PB_KEY, &out) == PK_STATUS_MALFORMED_POSTBACK);
  CHECK(verify("{\"a\0\":1}", 8, PB_KEY, &out) == PK_STATUS_MALFORMED_POSTBACK);
  CHECK(verify("", 0, PB_KEY, &out) == PK_STATUS_MALFORMED_POSTBACK);
  CHECK(verify(PB_BODY, strlen(PB_BODY), "", &out) == PK_STATUS_VALIDATION);
  CHECK(out == SENTINEL);

  /* A body cut short (length smaller than the text) is judged on the bytes given. */
  char *exact = malloc(strlen(PB_BODY));
  memcpy(exact, PB_BODY, strlen(PB_BODY));
  CHECK(verify(exact, strlen(PB_BODY), PB_KEY, &json) == PK_STATUS_OK);
  pk_string_free(json);
  CHECK(verify(exact, strlen(PB_BODY) - 1, PB_KEY, &out) == PK_STATUS_MALFORMED_POSTBACK);
  free(exact);
}

static void test_free_rules(void) {
  /* Freeing NULL is a no-op, and a failed call leaves a NULL-initialised out-parameter NULL, so
   * the usual `free after every call` pattern never frees twice. */
  pk_string_free(NULL);
  char *out = NULL;
  CHECK(sign("{", "k", &out) == PK_STATUS_VALIDATION);
  CHECK(out == NULL);
  pk_string_free(out);
  pk_string_free(out);
}

static void *fail_on_other_thread(void *arg) {
  (void)arg;
  char *out = NULL;
  pk_sign_json("{}", 2, "", 0, &out);
  const char *code = NULL;
  pk_last_error_code(&code);
  return (void *)(strcmp(code, "validation_error") == 0 ? "ok" : "bad");
}

static void test_last_error_is_per_thread(void) {
  char *out = NULL;
  CHECK(sign("{}", "k", &out) == PK_STATUS_OK);
  pk_string_free(out);
  pthread_t t;
  void *result = NULL;
  CHECK(pthread_create(&t, NULL, fail_on_other_thread, NULL) == 0);
  CHECK(pthread_join(t, &result) == 0);
  CHECK_STR((const char *)result, "ok");
  CHECK_STR(last_code(), ""); /* the other thread's failure is not ours */
}

int main(void) {
  test_version();
  test_sign();
  test_lengths_without_terminators();
  test_null_pointers();
  test_invalid_utf8();
  test_validation_and_messages();
  test_postback();
  test_free_rules();
  test_last_error_is_per_thread();
  return pk_finish("test_abi");
}
