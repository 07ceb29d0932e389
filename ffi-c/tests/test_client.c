/* The client handle over real HTTP: a round trip through the project's sandbox gateway at the URL
 * given on the command line, a closed port for transport errors, one client shared by several
 * threads, and the handle rules (NULL, free).
 * Usage: test_client SANDBOX_URL SECRET (the sandbox's default credentials) */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "net.h"
#include "paykassma.h"

static char SENTINEL_BYTE;

static pk_client *new_client(const char *config, pk_status *status) {
  pk_client *client = NULL;
  *status = pk_client_new(config, strlen(config), &client);
  return client;
}

static pk_status call(const pk_client *client, const char *op, const char *params, char **out) {
  return pk_client_call(client, op, strlen(op), params, strlen(params), out);
}

static char *details(void) {
  char *json = NULL;
  CHECK(pk_last_error_details(&json) == PK_STATUS_OK);
  return json;
}

static const char *field(void) {
  static char buf[128];
  size_t n;
  CHECK(pk_last_error_field(buf, sizeof buf, &n) == PK_STATUS_OK);
  return buf;
}

static void test_handle_rules(void) {
  pk_status st;
  pk_client *out = (pk_client *)&SENTINEL_BYTE;
  CHECK(pk_client_new(NULL, 0, &out) == PK_STATUS_NULL_POINTER);
  CHECK(pk_client_new("{}", 2, NULL) == PK_STATUS_NULL_POINTER);
  CHECK(pk_client_new("{", 1, &out) == PK_STATUS_VALIDATION);
  CHECK_STR(field(), "config");
  CHECK(pk_client_new("{\"api_base_url\":\"ftp://x\",\"secret\":\"s3cret-value\"}", 50, &out) == PK_STATUS_VALIDATION);
  CHECK_STR(field(), "api_base_url");
  CHECK(out == (pk_client *)&SENTINEL_BYTE);
  pk_client_free(NULL);

  char *json = &SENTINEL_BYTE;
  CHECK(call(NULL, "accounts_balance", "{}", &json) == PK_STATUS_NULL_POINTER);
  CHECK_STR(field(), "client");
  CHECK(json == &SENTINEL_BYTE);

  CHECK(pk_plugin_url("https://plugin.example.com", 26, "{\"label\":\"u1\"}", 14, &json) == PK_STATUS_OK);
  CHECK_STR(json, "https://plugin.example.com/?label=u1");
  pk_string_free(json);
  json = NULL;
  CHECK(pk_plugin_url("https://plugin.example.com", 26, "{}", 2, &json) == PK_STATUS_VALIDATION);
  CHECK_STR(field(), "label");
  CHECK(pk_plugin_url(NULL, 0, "{}", 2, &json) == PK_STATUS_NULL_POINTER);
  CHECK(json == NULL);
  (void)st;
}

static void test_transport_error(void) {
  char config[256];
  snprintf(config, sizeof config,
           "{\"api_base_url\":\"http://127.0.0.1:%d\",\"secret\":\"s3cret-value\",\"max_retries\":0}",
           closed_port());
  pk_status st;
  pk_client *client = new_client(config, &st);
  CHECK(st == PK_STATUS_OK);
  char *json = NULL;
  CHECK(call(client, "accounts_balance", "{}", &json) == PK_STATUS_TRANSPORT);
  CHECK(json == NULL);
  char *d = details();
  CHECK(d && strstr(d, "\"code\":\"transport_error\"") && strstr(d, "\"kind\":\"connect\""));
  CHECK(d && !strstr(d, "s3cret-value"));
  pk_string_free(d);

  /* The failed call's attempt is recorded for logging: its path, without the secret. */
  char *attempts = NULL;
  CHECK(pk_last_call_attempts(NULL) == PK_STATUS_NULL_POINTER);
  CHECK(pk_last_call_attempts(&attempts) == PK_STATUS_OK);
  CHECK(attempts && strstr(attempts, "\"path\":\"/api/v1/accounts-balance\"") && strstr(attempts, "\"attempt\":1"));
  CHECK(attempts && strstr(attempts, "\"error\":\"transport_error\"") && !strstr(attempts, "s3cret-value"));
  pk_string_free(attempts);
  pk_client_free(client);
}

/* The client's own plugin_base_url and postback_private_key: refused by name when not configured. */
static void test_client_settings(void) {
  const char *bare = "{\"api_base_url\":\"http://127.0.0.1:9\",\"secret\":\"s3cret-value\"}";
  const char *full = "{\"api_base_url\":\"http://127.0.0.1:9\",\"secret\":\"s3cret-value\","
                     "\"plugin_base_url\":\"https://plugin.example.com\",\"postback_private_key\":\"pb-key-value\"}";
  const char *list = "[{\"transaction_id\":\"1\",\"amount\":\"10\",\"currency_code\":\"PKR\"}]";
  char *signature = NULL, *json = NULL;
  pk_status st;
  CHECK(pk_sign_postback("ak", 2, "pb-key-value", 12, list, strlen(list), &signature) == PK_STATUS_OK);
  char body[512];
  snprintf(body, sizeof body, "{\"signature\":\"%s\",\"access_key\":\"ak\",\"additional_data\":%s}", signature, list);
  pk_string_free(signature);
  pk_postback *handle = NULL;

  pk_client *client = new_client(bare, &st);
  CHECK(st == PK_STATUS_OK);
  CHECK(pk_client_plugin_url(client, "{\"label\":\"u1\"}", 14, &json) == PK_STATUS_VALIDATION);
  CHECK_STR(field(), "plugin_base_url");
  CHECK(pk_client_verify_postback(client, body, strlen(body), &json) == PK_STATUS_VALIDATION);
  CHECK_STR(field(), "postback_private_key");
  CHECK(pk_client_verify_postback_handle(client, body, strlen(body), &handle) == PK_STATUS_VALIDATION);
  CHECK(json == NULL && handle == NULL);
  pk_client_free(client);

  client = new_client(full, &st);
  CHECK(st == PK_STATUS_OK);
  CHECK(pk_client_plugin_url(client, "{\"label\":\"u1\"}", 14, &json) == PK_STATUS_OK);
  CHECK_STR(json, "https://plugin.example.com/?label=u1");
  pk_string_free(json);
  json = NULL;
  CHECK(pk_client_plugin_url(client, "{}", 2, &json) == PK_STATUS_VALIDATION);
  CHECK_STR(field(), "label");
  CHECK(pk_client_plugin_url(NULL, "{}", 2, &json) == PK_STATUS_NULL_POINTER);
  CHECK(pk_client_verify_postback(client, body, strlen(body), &json) == PK_STATUS_OK);
  CHECK(json && strstr(json, "\"kind\":\"deposit\""));
  pk_string_free(json);
  json = NULL;
  CHECK(pk_client_verify_postback_handle(client, body, strlen(body), &handle) == PK_STATUS_OK);
  const char *kind = NULL;
  size_t len = 0;
  CHECK(handle && pk_postback_text(handle, PK_POSTBACK_TEXT_PART_KIND, &kind, &len) == PK_STATUS_OK);
  CHECK(len == 7 && memcmp(kind, "deposit", 7) == 0);
  pk_postback_free(handle);
  body[20] = body[20] == 'a' ? 'b' : 'a'; /* a character of the signature */
  CHECK(pk_client_verify_postback(client, body, strlen(body), &json) == PK_STATUS_SIGNATURE_MISMATCH);
  CHECK(pk_client_verify_postback(client, NULL, 0, &json) == PK_STATUS_NULL_POINTER);
  CHECK(json == NULL);
  pk_client_free(client);
}

typedef struct {
  pk_client *client;
  int ok;
} worker_arg;

static void *worker(void *p) {
  worker_arg *arg = p;
  for (int i = 0; i < 5; i++) {
    char *json = NULL;
    if (call(arg->client, "accounts_balance", "", &json) == PK_STATUS_OK && strstr(json, "\"status\"")) arg->ok++;
    pk_string_free(json);
  }
  return NULL;
}

static void test_gateway(const char *base_url, const char *secret) {
  char config[512];
  snprintf(config, sizeof config,
           "{\"api_base_url\":\"%s\",\"secret\":\"%s\",\"withdrawal_private_key\":"
           "\"sandbox-withdrawal-private-key\",\"max_retries\":0,\"binding\":\"c\"}", base_url, secret);
  pk_status st;
  pk_client *client = new_client(config, &st);
  CHECK(st == PK_STATUS_OK && client != NULL);
  if (!client) return;

  char *json = NULL;
  CHECK(call(client, "accounts_balance", "{}", &json) == PK_STATUS_OK);
  CHECK(json && strstr(json, "\"status\":\"success\"") && strstr(json, "\"currency_code\":\"PKR\""));
  pk_string_free(json);

  json = NULL;
  CHECK(call(client, "create_transaction", "{\"wallet_type\":\"easypaisa\",\"currency\":\"PKR\",\"label\":\"user-42\"}",
             &json) == PK_STATUS_OK);
  CHECK(json && strstr(json, "\"identifier\":\"") != NULL);
  pk_string_free(json);

  /* A signed withdrawal is accepted; the generated withdrawal_id comes back. */
  json = NULL;
  CHECK(call(client, "create_withdrawal",
             "{\"payment_system\":\"easypaisa\",\"amount\":10000,\"currency_code\":\"PKR\",\"label\":\"user-42\","
             "\"account_number\":\"03405135211\",\"account_name\":\"Muhammad Saqib Mushtaq\",\"is_test\":true}",
             &json) == PK_STATUS_OK);
  CHECK(json && strstr(json, "\"withdrawal_id\":\"") != NULL);
  pk_string_free(json);

  /* The balance no longer covers it: a refusal with the gateway's field errors. */
  json = NULL;
  CHECK(call(client, "create_withdrawal",
             "{\"payment_system\":\"easypaisa\",\"amount\":1000000,\"currency_code\":\"PKR\",\"label\":\"user-42\","
             "\"account_number\":\"03405135211\",\"account_name\":\"Muhammad Saqib Mushtaq\",\"withdrawal_id\":\"c-w-1\"}",
             &json) == PK_STATUS_API);
  CHECK(json == NULL);
  char *d = details();
  CHECK(d && strstr(d, "\"status\":\"fail\"") && strstr(d, "\"http_status\":400"));
  CHECK(d && strstr(d, "\"field_errors\":{\"withdrawals_sum_amount\":[\"Insufficient balance\"]}"));
  CHECK(d && strstr(d, "\"body\":\"{"));
  pk_string_free(d);

  CHECK(call(client, "no_such_operation", "{}", &json) == PK_STATUS_VALIDATION);
  CHECK_STR(field(), "operation");
  CHECK(call(client, "create_transaction", "[1,", &json) == PK_STATUS_VALIDATION);
  CHECK_STR(field(), "params");
  CHECK(call(client, "create_transaction", "{\"wallet_type\":\"\xff\"}", &json) == PK_STATUS_INVALID_UTF8);
  CHECK(json == NULL);

  /* One client, four threads at once. */
  pthread_t threads[4];
  worker_arg args[4];
  for (int i = 0; i < 4; i++) {
    args[i] = (worker_arg){client, 0};
    CHECK(pthread_create(&threads[i], NULL, worker, &args[i]) == 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(threads[i], NULL);
    CHECK(args[i].ok == 5);
  }
  pk_client_free(client);

  /* A wrong secret: the gateway's bare 404, as an API error with its HTTP status. */
  snprintf(config, sizeof config, "{\"api_base_url\":\"%s\",\"secret\":\"wrong-secret-value\",\"max_retries\":0}", base_url);
  client = new_client(config, &st);
  CHECK(call(client, "create_transaction", "{\"wallet_type\":\"easypaisa\",\"currency\":\"PKR\",\"label\":\"u\"}",
             &json) == PK_STATUS_API);
  d = details();
  CHECK(d && strstr(d, "\"status\":\"not_found\"") && strstr(d, "\"http_status\":404"));
  CHECK(d && !strstr(d, "wrong-secret-value"));
  pk_string_free(d);
  pk_client_free(client);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s BASE_URL SECRET\n", argv[0]);
    return 2;
  }
  test_handle_rules();
  test_transport_error();
  test_client_settings();
  test_gateway(argv[1], argv[2]);
  return pk_finish("test_client");
}
