/* Secret hygiene through the C ABI: every error path reachable from C (validation of each
 * operation, bad settings, malformed and mismatched postbacks, gateway refusals, the sandbox's
 * faults, a closed port), run with the canary credentials of tests/secrets/canaries.json against
 * a sandbox that accepts them. Fails if a canary shows in any error message, field, details JSON
 * or anything the library writes to stderr (captured for the whole run).
 * Usage: test_secrets SANDBOX_URL CANARIES_JSON */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "net.h"
#include "json_mini.h"
#include "paykassma.h"

static const char *canary[3];
static int errors_seen = 0;
static int codes_seen[11];
static int echoes_masked = 0;

static void check_clean(const char *what, const char *text) {
  for (int i = 0; i < 3; i++) {
    if (strstr(text, canary[i]) != NULL) {
      fprintf(stderr, "canary leaked in %s: %s\n", what, text);
      pk_failures++;
    }
  }
  pk_checks++;
}

/* Everything the library tells about the last error, checked for canaries. */
static void inspect(pk_status st) {
  char buf[8192];
  size_t n;
  const char *code = NULL;
  char *json = NULL;
  CHECK(st != PK_STATUS_OK);
  if (st > 0 && st < 11) codes_seen[st] = 1;
  errors_seen++;
  CHECK(pk_last_error_message(buf, sizeof buf, &n) == PK_STATUS_OK);
  check_clean("message", buf);
  CHECK(pk_last_error_field(buf, sizeof buf, &n) == PK_STATUS_OK);
  check_clean("field", buf);
  CHECK(pk_last_error_code(&code) == PK_STATUS_OK && code != NULL && code[0] != '\0');
  CHECK(pk_last_error_details(&json) == PK_STATUS_OK && json != NULL);
  if (json) check_clean("details", json);
  if (json && strstr(json, "secret=<redacted>") != NULL) echoes_masked++;
  pk_string_free(json);
}

static pk_client *client(const char *url, const char *secret, const char *wkey) {
  char config[1024];
  pk_client *c = NULL;
  snprintf(config, sizeof config,
           "{\"api_base_url\":\"%s\",\"plugin_base_url\":\"%s\",\"secret\":\"%s\",\"withdrawal_private_key\":\"%s\","
           "\"postback_private_key\":\"%s\",\"connect_timeout_ms\":1000,\"read_timeout_ms\":500,\"max_retries\":1,"
           "\"retry_backoff_ms\":10}",
           url, url, secret, wkey, canary[2]);
  CHECK(pk_client_new(config, strlen(config), &c) == PK_STATUS_OK);
  return c;
}

static void expect_call(const pk_client *c, const char *op, const char *params) {
  char *out = NULL;
  pk_status st = pk_client_call(c, op, strlen(op), params, strlen(params), &out);
  if (st == PK_STATUS_OK) {
    fprintf(stderr, "%s %s: expected an error, got %s\n", op, params, out);
    pk_failures++;
    pk_string_free(out);
    return;
  }
  inspect(st);
}

/* A control request to the sandbox (POST with a JSON body), over a plain socket. */
static void control(const char *url, const char *path, const char *body) {
  int port = atoi(strrchr(url, ':') + 1);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0};
  char req[1024], answer[4096];
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(connect(s, (struct sockaddr *)&a, sizeof a) == 0);
  int n = snprintf(req, sizeof req,
                   "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                   path, strlen(body), body);
  CHECK(write(s, req, (size_t)n) == n);
  ssize_t got = read(s, answer, sizeof answer - 1);
  CHECK(got > 12 && strncmp(answer + 9, "200", 3) == 0);
  close(s);
}

#define WITHDRAWAL                                                                                  \
  "\"payment_system\":\"easypaisa\",\"currency_code\":\"PKR\",\"label\":\"u\",\"account_number\":" \
  "\"03405135211\",\"account_name\":\"Muhammad\",\"is_test\":true"

static void run(const char *url) {
  static const char *ops[] = {"payment_systems_available", "save_transaction_custom_id", "create_transaction",
                              "activate_transaction", "activate_possible_transaction", "create_payment",
                              "deposit_info", "hash_urls", "create_withdrawal", "create_legacy_withdrawal",
                              "get_postback", "pull_postbacks", "no_such_operation"};
  char wrong[256], *out = NULL;
  pk_client *c = client(url, canary[0], canary[1]);
  pk_client *bad = NULL;
  /* Validation: each operation with a wrong parameter, bad settings, bad signing input. */
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) expect_call(c, ops[i], "{\"label\":\"\"}");
  expect_call(c, "create_withdrawal", "{" WITHDRAWAL ",\"amount\":-1}");
  inspect(pk_client_new("{\"api_base_url\":\"not a url\"}", 27, &bad));
  inspect(pk_sign_json("\"scalar\"", 8, canary[1], strlen(canary[1]), &out));
  inspect(pk_sign_json("not json", 8, canary[1], strlen(canary[1]), &out));
  inspect(pk_plugin_url(url, strlen(url), "{}", 2, &out));
  /* Postbacks: malformed and mismatched, with the canary key. */
  static const char *bodies[] = {"", "{}", "not json",
                                 "{\"access_key\":\"a\",\"signature\":\"0000000000000000000000000000000000000000\","
                                 "\"additional_data\":[{\"transaction_id\":\"1\"}]}"};
  for (size_t i = 0; i < 4; i++)
    inspect(pk_postback_verify(bodies[i], strlen(bodies[i]), canary[2], strlen(canary[2]), &out));
  /* Gateway refusals: wrong secret (404), bad withdrawal signature, insufficient balance. */
  const char *info = "{\"wallet_type\":\"easypaisa\",\"currency\":\"PKR\",\"label\":\"u\"}";
  const char *withdrawal = "{" WITHDRAWAL ",\"amount\":1000}";
  snprintf(wrong, sizeof wrong, "%s-wrong", canary[0]);
  bad = client(url, wrong, canary[1]);
  expect_call(bad, "deposit_info", info);
  pk_client_free(bad);
  snprintf(wrong, sizeof wrong, "%s-wrong", canary[1]);
  bad = client(url, canary[0], wrong);
  expect_call(bad, "create_withdrawal", withdrawal);
  pk_client_free(bad);
  expect_call(c, "create_withdrawal", "{" WITHDRAWAL ",\"amount\":99999999}");
  /* Unexpected answers and transport failures: the sandbox's faults, then a closed port. */
  /* ... including error pages that echo the request (its `secret=`) back, and a redirect. */
  static const char *faults[] = {
      "{\"kind\":\"http_500\",\"count\":4}", "{\"kind\":\"not_json\",\"count\":4}",
      "{\"kind\":\"slow\",\"count\":4,\"delay_ms\":1500}", "{\"kind\":\"cut_connection\",\"count\":4}",
      "{\"kind\":\"echo_error\",\"count\":4}", "{\"kind\":\"echo_error\",\"format\":\"json\",\"count\":4}",
      "{\"kind\":\"redirect\",\"count\":4}"};
  for (size_t i = 0; i < sizeof faults / sizeof *faults; i++) {
    control(url, "/_sandbox/faults", faults[i]);
    expect_call(c, "deposit_info", info);
    expect_call(c, "create_withdrawal", withdrawal);
    control(url, "/_sandbox/reset", "{}");
  }
  char closed[64];
  snprintf(closed, sizeof closed, "http://127.0.0.1:%d", closed_port());
  bad = client(closed, canary[0], canary[1]);
  expect_call(bad, "accounts_balance", "{}");
  expect_call(bad, "create_withdrawal", withdrawal);
  pk_client_free(bad);
  pk_client_free(c);
  if (echoes_masked == 0) fprintf(stderr, "no echoed page reached an error\n");
  CHECK(echoes_masked > 0);
  /* Every family was reached: validation .. transport. */
  for (int st = PK_STATUS_VALIDATION; st <= PK_STATUS_TRANSPORT; st++) {
    if (!codes_seen[st]) fprintf(stderr, "no error with status %d was reached\n", st);
    CHECK(codes_seen[st]);
  }
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s SANDBOX_URL CANARIES_JSON\n", argv[0]);
    return 2;
  }
  size_t len;
  char *text = jm_read_file(argv[2], &len);
  jm_value *doc = text ? jm_parse(text, len) : NULL;
  if (!doc) {
    fprintf(stderr, "cannot read %s\n", argv[2]);
    return 2;
  }
  canary[0] = jm_get_string(doc, "secret");
  canary[1] = jm_get_string(doc, "withdrawal_private_key");
  canary[2] = jm_get_string(doc, "postback_private_key");
  /* The library's own stderr output goes to a file, scanned afterwards. */
  FILE *log = tmpfile();
  int saved = dup(2);
  fflush(stderr);
  dup2(fileno(log), 2);
  run(argv[1]);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  rewind(log);
  char line[8192];
  while (fgets(line, sizeof line, log)) {
    fputs(line, stderr); /* what the run wrote, CHECK failures included */
    check_clean("stderr", line);
  }
  fclose(log);
  printf("test_secrets: %d errors inspected\n", errors_seen);
  CHECK(errors_seen > 30);
  jm_free(doc);
  free(text);
  return pk_finish("test_secrets");
}
