/* The floors of php/benches: the least work any extension must do for a row, timed beside the
 * real functions so the benchmarks show how close to it they are (and whether a target is within
 * reach at all). They give the same answers as the real functions on valid input and check
 * nothing else: they are for the benchmarks, not for merchants. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"

#include <paykassma.h>

#include "php_paykassma.h"

/* Reads every key and value of the array as paykassma_sign's walk does, writing nothing. */
static zend_long touch(HashTable *ht, uint32_t depth) {
  zend_long seen = 0;
  zend_ulong index;
  zend_string *key;
  zval *item;
  if (depth > 511) return seen;
  ZEND_HASH_FOREACH_KEY_VAL_IND(ht, index, key, item) {
    seen += key != NULL ? (zend_long)ZSTR_LEN(key) : (zend_long)index;
    ZVAL_DEREF(item);
    switch (Z_TYPE_P(item)) {
      case IS_STRING: seen += (zend_long)Z_STRLEN_P(item); break;
      case IS_LONG: seen += Z_LVAL_P(item); break;
      case IS_ARRAY: seen += touch(Z_ARRVAL_P(item), depth + 1); break;
      default: seen += Z_TYPE_P(item); break;
    }
  }
  ZEND_HASH_FOREACH_END();
  return seen;
}

/* Paykassma\Internal\floor_sign(array $data, string $privateKey, string $signingString): string
 * A call that walks the request and has the library hash its signing string (made beforehand, by
 * PHP): sha1($privateKey . md5($signingString)), which is the request's signature. The library
 * hashes it as the only field of a one-item list, the least it reads besides. */
ZEND_NAMED_FUNCTION(zif_paykassma_floor_sign) {
  HashTable *data;
  zend_string *key, *text;
  ZEND_PARSE_PARAMETERS_START(3, 3)
    Z_PARAM_ARRAY_HT(data)
    Z_PARAM_STR(key)
    Z_PARAM_STR(text)
  ZEND_PARSE_PARAMETERS_END();
  if (touch(data, 0) == ZEND_LONG_MIN) RETURN_NULL(); /* keeps the walk */

  /* ['l', 1, 'i', 0, 's', len, text]: the list [$signingString] in the value encoding */
  size_t len = 1 + 8 + 1 + 8 + 1 + 8 + ZSTR_LEN(text);
  char small[1024];
  char *encoded = len <= sizeof small ? small : emalloc(len);
  uint64_t one = 1, zero = 0, n = ZSTR_LEN(text);
  encoded[0] = 'l';
  memcpy(encoded + 1, &one, 8);
  encoded[9] = 'i';
  memcpy(encoded + 10, &zero, 8);
  encoded[18] = 's';
  memcpy(encoded + 19, &n, 8);
  memcpy(encoded + 27, ZSTR_VAL(text), ZSTR_LEN(text));
  char *signature = NULL;
  pk_status status = pk_sign_encoded(encoded, len, ZSTR_VAL(key), ZSTR_LEN(key), &signature);
  if (encoded != small) efree(encoded);
  if (status != PK_STATUS_OK) {
    zend_throw_error(NULL, "the floor could not hash the signing string");
    RETURN_THROWS();
  }
  RETVAL_STRING(signature);
  pk_string_free(signature);
}

/* Paykassma\Internal\floor_verify(string $body, string $privateKey): string|int|null
 * A call that verifies the postback and builds only what the verify benchmark reads: the first
 * signed entry's `amount`. */
ZEND_NAMED_FUNCTION(zif_paykassma_floor_verify) {
  zend_string *body, *key;
  ZEND_PARSE_PARAMETERS_START(2, 2)
    Z_PARAM_STR(body)
    Z_PARAM_STR(key)
  ZEND_PARSE_PARAMETERS_END();
  pk_postback *p = NULL;
  if (pk_postback_verify_handle(ZSTR_VAL(body), ZSTR_LEN(body), ZSTR_VAL(key), ZSTR_LEN(key), &p) != PK_STATUS_OK) {
    zend_throw_error(NULL, "the floor could not verify the postback");
    RETURN_THROWS();
  }
  pk_array_item items[32];
  size_t count = 0;
  RETVAL_NULL();
  if (pk_postback_entry_fields(p, 0, items, 32, &count) == PK_STATUS_OK) {
    for (size_t i = 0; i < count; i++) {
      if (items[i].key_len == 6 && memcmp(items[i].key_text, "amount", 6) == 0) {
        const pk_value_view *v = &items[i].value;
        if (v->kind == PK_VALUE_TYPE_STRING) {
          RETVAL_STRINGL_FAST(v->text, v->text_len);
        } else if (v->kind == PK_VALUE_TYPE_INT) {
          RETVAL_LONG((zend_long)v->integer);
        }
        break;
      }
    }
  }
  pk_postback_free(p);
}
