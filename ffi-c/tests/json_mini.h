/* A small JSON reader for the shared vector files: just enough to walk objects, arrays and
 * strings. Not part of the SDK; the tests only need to read their fixtures. */
#ifndef PK_JSON_MINI_H
#define PK_JSON_MINI_H

#include <stddef.h>

typedef enum { JM_NULL, JM_BOOL, JM_NUMBER, JM_STRING, JM_ARRAY, JM_OBJECT } jm_type;

typedef struct jm_value {
  jm_type type;
  int boolean;
  double number;
  char *string;            /* JM_STRING: decoded UTF-8, NUL-terminated */
  size_t string_len;       /* its length (it may hold NUL bytes) */
  size_t count;            /* JM_ARRAY / JM_OBJECT: number of items */
  char **keys;             /* JM_OBJECT: item keys */
  struct jm_value **items; /* JM_ARRAY / JM_OBJECT: item values */
} jm_value;

/* Parses `len` bytes; NULL on a syntax error. Free with jm_free. */
jm_value *jm_parse(const char *text, size_t len);
void jm_free(jm_value *v);
/* The member `key` of an object, or NULL. */
const jm_value *jm_get(const jm_value *obj, const char *key);
/* The string member `key`, or NULL when absent or not a string. */
const char *jm_get_string(const jm_value *obj, const char *key);
/* Reads a whole file; NULL on error. Free with free(). */
char *jm_read_file(const char *path, size_t *len);

#endif
