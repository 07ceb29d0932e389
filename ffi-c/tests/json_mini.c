#include "json_mini.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *p, *end;
} jm_cursor;

static jm_value *parse_value(jm_cursor *c, int depth);

static void skip_ws(jm_cursor *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' || *c->p == '\r' || *c->p == '\t')) c->p++;
}

static jm_value *new_value(jm_type t) {
  jm_value *v = calloc(1, sizeof *v);
  if (v) v->type = t;
  return v;
}

static int hex4(jm_cursor *c, unsigned *out) {
  unsigned v = 0;
  if (c->end - c->p < 4) return 0;
  for (int i = 0; i < 4; i++) {
    char h = *c->p++;
    v <<= 4;
    if (h >= '0' && h <= '9') v |= (unsigned)(h - '0');
    else if (h >= 'a' && h <= 'f') v |= (unsigned)(h - 'a' + 10);
    else if (h >= 'A' && h <= 'F') v |= (unsigned)(h - 'A' + 10);
    else return 0;
  }
  *out = v;
  return 1;
}

static size_t put_utf8(char *o, unsigned cp) {
  if (cp < 0x80) { o[0] = (char)cp; return 1; }
  if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F)); return 3;
  }
  o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F)); return 4;
}

/* Decodes a string starting after its opening quote; lone surrogates are kept as WTF-8. */
static char *parse_string(jm_cursor *c, size_t *len) {
  char *out = malloc((size_t)(c->end - c->p) + 1);
  size_t n = 0;
  if (!out) return NULL;
  while (c->p < c->end && *c->p != '"') {
    char ch = *c->p++;
    if (ch != '\\') { out[n++] = ch; continue; }
    if (c->p >= c->end) break;
    ch = *c->p++;
    switch (ch) {
      case '"': case '\\': case '/': out[n++] = ch; break;
      case 'b': out[n++] = '\b'; break;
      case 'f': out[n++] = '\f'; break;
      case 'n': out[n++] = '\n'; break;
      case 'r': out[n++] = '\r'; break;
      case 't': out[n++] = '\t'; break;
      case 'u': {
        unsigned cp, lo;
        if (!hex4(c, &cp)) { free(out); return NULL; }
        if (cp >= 0xD800 && cp < 0xDC00 && c->end - c->p >= 6 && c->p[0] == '\\' && c->p[1] == 'u') {
          jm_cursor save = *c;
          c->p += 2;
          if (hex4(c, &lo) && lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          else *c = save;
        }
        n += put_utf8(out + n, cp);
        break;
      }
      default: free(out); return NULL;
    }
  }
  if (c->p >= c->end) { free(out); return NULL; }
  c->p++; /* closing quote */
  out[n] = 0;
  *len = n;
  return out;
}

static int push(jm_value *v, char *key, jm_value *item) {
  char **keys = realloc(v->keys, (v->count + 1) * sizeof *keys);
  if (!keys) return 0;
  v->keys = keys;
  jm_value **items = realloc(v->items, (v->count + 1) * sizeof *items);
  if (!items) return 0;
  v->items = items;
  v->keys[v->count] = key;
  v->items[v->count] = item;
  v->count++;
  return 1;
}

static jm_value *parse_container(jm_cursor *c, int depth, int object) {
  jm_value *v = new_value(object ? JM_OBJECT : JM_ARRAY);
  if (!v) return NULL;
  skip_ws(c);
  if (c->p < c->end && *c->p == (object ? '}' : ']')) { c->p++; return v; }
  for (;;) {
    char *key = NULL;
    size_t key_len;
    skip_ws(c);
    if (object) {
      if (c->p >= c->end || *c->p != '"') goto fail;
      c->p++;
      if (!(key = parse_string(c, &key_len))) goto fail;
      skip_ws(c);
      if (c->p >= c->end || *c->p != ':') { free(key); goto fail; }
      c->p++;
    }
    jm_value *item = parse_value(c, depth + 1);
    if (!item || !push(v, key, item)) { free(key); jm_free(item); goto fail; }
    skip_ws(c);
    if (c->p < c->end && *c->p == ',') { c->p++; continue; }
    if (c->p < c->end && *c->p == (object ? '}' : ']')) { c->p++; return v; }
    goto fail;
  }
fail:
  jm_free(v);
  return NULL;
}

static jm_value *parse_value(jm_cursor *c, int depth) {
  if (depth > 64) return NULL;
  skip_ws(c);
  if (c->p >= c->end) return NULL;
  char ch = *c->p;
  if (ch == '{' || ch == '[') { c->p++; return parse_container(c, depth, ch == '{'); }
  if (ch == '"') {
    jm_value *v = new_value(JM_STRING);
    c->p++;
    if (v && !(v->string = parse_string(c, &v->string_len))) { free(v); return NULL; }
    return v;
  }
  static const struct { const char *word; jm_type type; int boolean; } words[] = {
    {"true", JM_BOOL, 1}, {"false", JM_BOOL, 0}, {"null", JM_NULL, 0}};
  for (size_t i = 0; i < 3; i++) {
    size_t n = strlen(words[i].word);
    if ((size_t)(c->end - c->p) >= n && memcmp(c->p, words[i].word, n) == 0) {
      c->p += n;
      jm_value *v = new_value(words[i].type);
      if (v) v->boolean = words[i].boolean;
      return v;
    }
  }
  char buf[64];
  size_t n = 0;
  while (c->p + n < c->end && n < sizeof buf - 1 && strchr("+-0123456789.eE", c->p[n])) n++;
  if (n == 0) return NULL;
  memcpy(buf, c->p, n);
  buf[n] = 0;
  c->p += n;
  jm_value *v = new_value(JM_NUMBER);
  if (v) v->number = strtod(buf, NULL);
  return v;
}

jm_value *jm_parse(const char *text, size_t len) {
  jm_cursor c = {text, text + len};
  jm_value *v = parse_value(&c, 0);
  skip_ws(&c);
  if (v && c.p != c.end) { jm_free(v); return NULL; }
  return v;
}

void jm_free(jm_value *v) {
  if (!v) return;
  for (size_t i = 0; i < v->count; i++) {
    if (v->keys) free(v->keys[i]);
    jm_free(v->items[i]);
  }
  free(v->keys);
  free(v->items);
  free(v->string);
  free(v);
}

const jm_value *jm_get(const jm_value *obj, const char *key) {
  if (!obj || obj->type != JM_OBJECT) return NULL;
  for (size_t i = 0; i < obj->count; i++)
    if (strcmp(obj->keys[i], key) == 0) return obj->items[i];
  return NULL;
}

const char *jm_get_string(const jm_value *obj, const char *key) {
  const jm_value *v = jm_get(obj, key);
  return v && v->type == JM_STRING ? v->string : NULL;
}

char *jm_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, got;
  char *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *bigger = realloc(buf, cap *= 2);
      if (!bigger) { free(buf); buf = NULL; }
      buf = bigger;
    }
  }
  fclose(f);
  if (buf) *len = n;
  return buf;
}
