// A merchant's first C program against the released libpaykassma (make test-dist builds it with
// pkg-config against the unpacked tarball, shared and static): the version, and one signature.
//   app VERSION EXPECTED_SIGNATURE
#include <paykassma.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s VERSION EXPECTED_SIGNATURE\n", argv[0]);
    return 2;
  }
  const char *version = NULL;
  if (pk_version(&version) != PK_STATUS_OK || strcmp(version, argv[1]) != 0) {
    fprintf(stderr, "pk_version: got %s, want %s\n", version ? version : "(none)", argv[1]);
    return 1;
  }
  const char *json = "{\"amount\":1000,\"is_test\":true}";
  const char *key = "withdrawal-private-key";
  char *signature = NULL;
  if (pk_sign_json(json, strlen(json), key, strlen(key), &signature) != PK_STATUS_OK) {
    fprintf(stderr, "pk_sign_json failed\n");
    return 1;
  }
  int same = strcmp(signature, argv[2]) == 0;
  printf("libpaykassma %s: signature %s (%s)\n", version, signature, same ? "as expected" : "WRONG");
  pk_string_free(signature);
  return same ? 0 : 1;
}
