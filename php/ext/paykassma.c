/* The paykassma PHP extension: libpaykassma's C interface as PHP functions, for the classes in
 * php/src (Paykassma\Sdk and Paykassma\Client pick it when it is loaded, FFI otherwise).
 *
 * Everything the signatures depend on (key order, PHP's string conversion, JSON re-encoding,
 * hashing) happens in the library. This file only moves values across: PHP arrays go in as the
 * library's value encoding (pk_sign_encoded), verified postbacks come back as PHP arrays built
 * from the library's views (pk_postback_value, pk_array_items). It keeps no state of its own:
 * handles live in PHP objects, failures travel as exceptions. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "ext/json/php_json.h"
#include "ext/standard/info.h"
#include "zend_attributes.h"
#include "zend_enum.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_smart_str.h"

#include <paykassma.h>

#include "php_paykassma.h"

/* Arrays nest at most 511 levels, as json_decode's default depth of 512 allows (it counts the
 * values inside the innermost array as a level): the JSON text the FFI backend hands over is
 * read with that limit, so both backends refuse the same data. */
#define PAYKASSMA_MAX_DEPTH 511

static zend_class_entry *failure_ce;
static zend_class_entry *postback_ce;
static zend_class_entry *client_ce;
static zend_object_handlers postback_handlers;
static zend_object_handlers client_handlers;

/* ---- failures ------------------------------------------------------------------------------
 * A failure is thrown as Paykassma\Internal\NativeFailure, whose $details array has the keys of
 * pk_last_error_details (`code`, `message`, `field` ...); php/src turns it into the public
 * exception. */

static void throw_details(zval *details) {
  zval ex;
  zval *message = Z_TYPE_P(details) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL_P(details), "message", 7) : NULL;
  object_init_ex(&ex, failure_ce);
  if (message != NULL && Z_TYPE_P(message) == IS_STRING) {
    zend_update_property(zend_ce_exception, Z_OBJ(ex), "message", 7, message);
  }
  zend_update_property(failure_ce, Z_OBJ(ex), "details", 7, details);
  zend_throw_exception_object(&ex);
}

/* Throws the library's last error on this thread. */
static void throw_last_error(void) {
  char *json = NULL;
  zval details;
  ZVAL_NULL(&details);
  if (pk_last_error_details(&json) == PK_STATUS_OK && json != NULL) {
    php_json_decode_ex(&details, json, strlen(json), PHP_JSON_OBJECT_AS_ARRAY, 64);
    pk_string_free(json);
  }
  if (Z_TYPE(details) != IS_ARRAY) {
    zval_ptr_dtor(&details);
    array_init(&details);
    add_assoc_string(&details, "code", "internal");
    add_assoc_string(&details, "message", "libpaykassma reported a failure without details");
  }
  throw_details(&details);
  zval_ptr_dtor(&details);
}

static void throw_validation(zend_string *field, zend_string *reason) {
  zval details;
  array_init(&details);
  add_assoc_string(&details, "code", "validation_error");
  add_assoc_str(&details, "message", zend_strpprintf(0, "invalid %s: %s", ZSTR_VAL(field), ZSTR_VAL(reason)));
  add_assoc_str(&details, "field", zend_string_copy(field));
  throw_details(&details);
  zval_ptr_dtor(&details);
}

/* Returns a string the library allocated, as a PHP string. */
static void return_library_string(zval *return_value, char *s) {
  RETVAL_STRING(s);
  pk_string_free(s);
}

/* ---- PHP values into the value encoding -----------------------------------------------------
 * The walk follows php/src/Internal/Json.php::forSigning: arrays as they are; objects as their
 * JSON form (JsonSerializable, backed enums, stdClass) or their __toString; any other object is
 * refused, as PHP's (string) refuses it; deeper than 512 levels (an array holding itself by
 * reference) is refused. Errors name the path of the value, built while unwinding. */

typedef struct {
  smart_str out;
  zend_string *reason; /* set by the failing value */
  smart_str path;      /* built from the failing value up, reversed at the end */
  zend_string **levels;
  size_t level_count;
  size_t level_cap;
} walker;

typedef enum { WALK_OK = 0, WALK_REFUSED = 1, WALK_EXCEPTION = 2 } walk_result;

/* Each put reserves its whole piece once and writes it in place. */
static zend_always_inline char *put_room(walker *w, size_t n) {
  size_t len = smart_str_alloc(&w->out, n, 0);
  char *at = ZSTR_VAL(w->out.s) + ZSTR_LEN(w->out.s);
  ZSTR_LEN(w->out.s) = len;
  return at;
}

static zend_always_inline void put_tag(walker *w, char tag) { *put_room(w, 1) = tag; }

/* A tag and eight bytes: an integer, a double, or an array's count. */
static zend_always_inline void put_eight(walker *w, char tag, const void *eight) {
  char *at = put_room(w, 9);
  at[0] = tag;
  memcpy(at + 1, eight, 8);
}

static zend_always_inline void put_long(walker *w, zend_long n) {
  int64_t v = (int64_t)n;
  put_eight(w, 'i', &v);
}

static zend_always_inline void put_double(walker *w, double d) { put_eight(w, 'd', &d); }

static zend_always_inline void put_string(walker *w, const char *s, size_t len) {
  char *at = put_room(w, 9 + len);
  uint64_t n = len;
  at[0] = 's';
  memcpy(at + 1, &n, 8);
  memcpy(at + 9, s, len);
}

static walk_result refuse(walker *w, zend_string *reason) {
  w->reason = reason;
  return WALK_REFUSED;
}

static walk_result too_deep(walker *w) {
  return refuse(w, zend_strpprintf(0, "nested %d levels deep or more, past json_decode's depth of 512 (does it hold itself?)",
                                   PAYKASSMA_MAX_DEPTH + 1));
}

/* Records one level of the failing value's path: `[key]` in a list, `.key` otherwise. */
static void within(walker *w, bool list, zend_ulong index, zend_string *key) {
  zend_string *level = key != NULL ? zend_string_copy(key) : zend_long_to_str((zend_long)index);
  zend_string *marked = zend_strpprintf(0, "%c%s", list ? '[' : '.', ZSTR_VAL(level));
  zend_string_release(level);
  if (w->level_count == w->level_cap) {
    w->level_cap = w->level_cap ? w->level_cap * 2 : 8;
    w->levels = erealloc(w->levels, w->level_cap * sizeof *w->levels);
  }
  w->levels[w->level_count++] = marked;
}

/* `a.b`, `items[0]`, `data[1]` for an item of a top-level list, `data` for the data itself. */
static zend_string *failure_path(walker *w) {
  smart_str path = {0};
  for (size_t i = w->level_count; i-- > 0;) {
    const char *level = ZSTR_VAL(w->levels[i]);
    if (level[0] == '[') {
      if (path.s == NULL || ZSTR_LEN(path.s) == 0) smart_str_appends(&path, "data");
      smart_str_appends(&path, level);
      smart_str_appendc(&path, ']');
    } else {
      if (path.s != NULL && ZSTR_LEN(path.s) > 0) smart_str_appendc(&path, '.');
      smart_str_appends(&path, level + 1);
    }
  }
  if (path.s == NULL || ZSTR_LEN(path.s) == 0) {
    smart_str_free(&path);
    return zend_string_init("data", 4, 0);
  }
  return smart_str_extract(&path);
}

static walk_result walk_array(walker *w, HashTable *ht, uint32_t depth);

/* A value that is not an item of an array being walked: an object, or what an object gave. */
static walk_result walk_value(walker *w, zval *value, uint32_t depth) {
  ZVAL_DEREF(value);
  if (depth >= PAYKASSMA_MAX_DEPTH) return too_deep(w);
  switch (Z_TYPE_P(value)) {
    case IS_NULL: put_tag(w, 'n'); return WALK_OK;
    case IS_FALSE: put_tag(w, 'f'); return WALK_OK;
    case IS_TRUE: put_tag(w, 't'); return WALK_OK;
    case IS_LONG: put_long(w, Z_LVAL_P(value)); return WALK_OK;
    case IS_DOUBLE: put_double(w, Z_DVAL_P(value)); return WALK_OK;
    case IS_STRING: put_string(w, Z_STRVAL_P(value), Z_STRLEN_P(value)); return WALK_OK;
    case IS_ARRAY: return walk_array(w, Z_ARRVAL_P(value), depth);
    case IS_OBJECT: break;
    default:
      return refuse(w, zend_strpprintf(0, "%s has no string or JSON form to sign", zend_zval_type_name(value)));
  }
  zend_object *obj = Z_OBJ_P(value);
  zend_class_entry *ce = obj->ce;
  walk_result result;
  if (instanceof_function(ce, php_json_serializable_ce)) {
    zval form;
    GC_ADDREF(obj); /* jsonSerialize may drop the last other reference */
    zend_call_method_with_0_params(obj, ce, NULL, "jsonserialize", &form);
    if (EG(exception)) {
      OBJ_RELEASE(obj);
      zval_ptr_dtor(&form);
      return WALK_EXCEPTION;
    }
    result = walk_value(w, &form, depth + 1);
    zval_ptr_dtor(&form);
    OBJ_RELEASE(obj);
    return result;
  }
  if (ce->ce_flags & ZEND_ACC_ENUM && ce->enum_backing_type != IS_UNDEF) {
    return walk_value(w, zend_enum_fetch_case_value(obj), depth);
  }
  if (instanceof_function(ce, zend_ce_stringable)) {
    zend_string *s = zval_try_get_string(value);
    if (s == NULL) return WALK_EXCEPTION;
    put_string(w, ZSTR_VAL(s), ZSTR_LEN(s));
    zend_string_release(s);
    return WALK_OK;
  }
  if (ce == zend_standard_class_def) {
    HashTable *props = zend_get_properties_for(value, ZEND_PROP_PURPOSE_ARRAY_CAST);
    if (props == NULL) {
      uint64_t none = 0;
      put_eight(w, 'm', &none);
      return WALK_OK;
    }
    result = walk_array(w, props, depth);
    zend_release_properties(props);
    return result;
  }
  return refuse(w, zend_strpprintf(0, "%s has no string form (PHP's (string) cannot convert it) and no JSON form of its own",
                                   ZSTR_VAL(ce->name)));
}

static walk_result walk_array(walker *w, HashTable *ht, uint32_t depth) {
  if (depth >= PAYKASSMA_MAX_DEPTH) return too_deep(w);
  bool mutable = !(GC_FLAGS(ht) & GC_IMMUTABLE);
  if (mutable) {
    /* An array met again on its own path contains itself (by reference). */
    if (GC_IS_RECURSIVE(ht)) return refuse(w, zend_string_init_fast("holds itself (an array that contains itself by reference)", sizeof("holds itself (an array that contains itself by reference)") - 1));
    GC_PROTECT_RECURSION(ht);
    /* Held while user code (jsonSerialize, __toString) runs: a change to the array separates it. */
    GC_ADDREF(ht);
  }
  bool list = zend_array_is_list(ht);
  uint64_t count = zend_hash_num_elements(ht);
  put_eight(w, list ? 'l' : 'm', &count);
  walk_result result = WALK_OK;
  zend_ulong index;
  zend_string *key;
  zval *item;
  ZEND_HASH_FOREACH_KEY_VAL_IND(ht, index, key, item) {
    if (key != NULL) {
      put_string(w, ZSTR_VAL(key), ZSTR_LEN(key));
    } else {
      put_long(w, (zend_long)index);
    }
    ZVAL_DEREF(item);
    /* scalars here, the common case; arrays and objects one level down */
    switch (Z_TYPE_P(item)) {
      case IS_STRING: put_string(w, Z_STRVAL_P(item), Z_STRLEN_P(item)); continue;
      case IS_LONG: put_long(w, Z_LVAL_P(item)); continue;
      case IS_DOUBLE: put_double(w, Z_DVAL_P(item)); continue;
      case IS_NULL: put_tag(w, 'n'); continue;
      case IS_FALSE: put_tag(w, 'f'); continue;
      case IS_TRUE: put_tag(w, 't'); continue;
      case IS_ARRAY: result = walk_array(w, Z_ARRVAL_P(item), depth + 1); break;
      default: result = walk_value(w, item, depth + 1); break;
    }
    if (result != WALK_OK) {
      if (result == WALK_REFUSED) within(w, list, index, key);
      break;
    }
  }
  ZEND_HASH_FOREACH_END();
  if (mutable) {
    GC_UNPROTECT_RECURSION(ht);
    zend_array_release(ht);
  }
  return result;
}

static void walker_free(walker *w) {
  smart_str_free(&w->out);
  if (w->reason) zend_string_release(w->reason);
  for (size_t i = 0; i < w->level_count; i++) zend_string_release(w->levels[i]);
  if (w->levels) efree(w->levels);
}

/* ---- library views into PHP values ---------------------------------------------------------- */

/* Items read per call: small, as each level of a nested array has its own batch on the stack. */
#define ITEM_BATCH 16

static void build_value(zval *out, const pk_value_view *v);

/* The library's arrays have unique keys, and integer-like string keys already are integers (as
 * PHP makes them): every item is a known-new insert. */
static void build_array(zval *out, const pk_value_view *v) {
  if (v->array_len == 0) {
    ZVAL_EMPTY_ARRAY(out);
    return;
  }
  array_init_size(out, (uint32_t)v->array_len);
  HashTable *ht = Z_ARRVAL_P(out);
  pk_array_item items[ITEM_BATCH];
  size_t got = 0;
  for (size_t start = 0; start < v->array_len; start += got) {
    if (pk_array_items(v->array, start, items, ITEM_BATCH, &got) != PK_STATUS_OK || got == 0) break;
    for (size_t i = 0; i < got; i++) {
      zval item;
      build_value(&item, &items[i].value);
      if (items[i].key_text != NULL) {
        zend_hash_str_add_new(ht, items[i].key_text, items[i].key_len, &item);
      } else {
        zend_hash_index_add_new(ht, (zend_ulong)items[i].key_int, &item);
      }
    }
  }
}

static void build_value(zval *out, const pk_value_view *v) {
  switch (v->kind) {
    case PK_VALUE_TYPE_BOOL: ZVAL_BOOL(out, v->boolean); break;
    case PK_VALUE_TYPE_INT: ZVAL_LONG(out, (zend_long)v->integer); break;
    case PK_VALUE_TYPE_FLOAT: ZVAL_DOUBLE(out, v->number); break;
    case PK_VALUE_TYPE_STRING: ZVAL_STRINGL_FAST(out, v->text, v->text_len); break;
    case PK_VALUE_TYPE_ARRAY: build_array(out, v); break;
    default: ZVAL_NULL(out); break;
  }
}

/* ---- Paykassma\Internal\VerifiedPostback: a pk_postback handle ------------------------------ */

typedef struct {
  pk_postback *handle;
  zend_object std;
} postback_object;

static inline postback_object *postback_from(zend_object *obj) {
  return (postback_object *)((char *)obj - XtOffsetOf(postback_object, std));
}

static zend_object *postback_create(zend_class_entry *ce) {
  postback_object *p = zend_object_alloc(sizeof(postback_object), ce);
  zend_object_std_init(&p->std, ce);
  object_properties_init(&p->std, ce);
  p->std.handlers = &postback_handlers;
  p->handle = NULL;
  return &p->std;
}

static void postback_free(zend_object *obj) {
  postback_object *p = postback_from(obj);
  pk_postback_free(p->handle);
  p->handle = NULL;
  zend_object_std_dtor(obj);
}

static bool add_text(HashTable *out, const pk_postback *p, pk_postback_text_part part) {
  const char *text = NULL;
  size_t len = 0;
  if (pk_postback_text(p, part, &text, &len) != PK_STATUS_OK) return false;
  zval z;
  ZVAL_STRINGL_FAST(&z, text, len);
  zend_hash_next_index_insert_new(out, &z);
  return true;
}

/* json_decode($text, true) of a slice of the library's text. PHP's JSON scanner stops at a NUL
 * byte, which a slice lacks: it reads a terminated copy. */
static void decode_json_slice(zval *out, const char *text, size_t len) {
  char small[4096];
  char *copy = len < sizeof small ? small : emalloc(len + 1);
  memcpy(copy, text, len);
  copy[len] = '\0';
  if (php_json_decode_ex(out, copy, len, PHP_JSON_OBJECT_AS_ARRAY, PHP_JSON_PARSER_DEFAULT_DEPTH) != SUCCESS) {
    ZVAL_NULL(out); /* never for a verified postback: the library read the same text */
  }
  if (copy != small) efree(copy);
}

/* ---- the value encoding into PHP values ---------------------------------------------------------
 * What pk_postback_entries_encoded gives: the same tags as the walk above writes. The library
 * wrote it, but every read is still bounds-checked: a short buffer fails, never overreads. */

/* The names the entries' arrays use (each entry's typed fields, the gateway's members of
 * `signed`), made once when the module starts, as permanent interned strings: an array built
 * with them allocates no key, hashes none and frees none. Other names are made per read. */
static const char *const known_names[] = {
  "kind", "transaction_id", "plugin_custom_order_id", "withdrawal_id", "withdrawal_status", "amount",
  "currency_code", "wallet_type", "account_number", "account_name", "account_email", "bank_details",
  "bank_code", "branch_code", "bank_code_in_payments_system", "activated_datetime", "exchanger_identifier",
  "comment", "stockpiling_id", "transaction_type", "signed", "fee_rate", "payment_reference",
};
#define KNOWN_COUNT (sizeof known_names / sizeof *known_names)
_Static_assert(KNOWN_COUNT <= 64, "read_array marks the known names it has in 64 bits");
/* Open addressing, at most a third full: a name is found in one or two probes. */
#define KNOWN_SLOTS 128
static zend_string *known_keys[KNOWN_COUNT];
static signed char known_slots[KNOWN_SLOTS]; /* index into known_keys + 1; 0 for an empty slot */

/* Keys made once per read and shared by every array that has them, for names not known above. */
#define KEY_SLOTS 128

typedef struct {
  const unsigned char *at;
  const unsigned char *end;
  zend_string *keys[KEY_SLOTS];
  /* The last string read under each known name, held: `signed` repeats the typed fields' texts,
   * which then share one string instead of two equal ones. */
  zend_string *texts[KNOWN_COUNT];
} reader;

static zend_always_inline bool key_is(const zend_string *key, const char *s, size_t n) {
  return key != NULL && ZSTR_LEN(key) == n && memcmp(ZSTR_VAL(key), s, n) == 0;
}

/* The length and four of its bytes tell the entries' names apart. */
static zend_always_inline uint32_t name_hash(const char *s, size_t n) {
  uint32_t h = (uint32_t)n;
  if (n > 0) {
    h = h * 31 + (unsigned char)s[0];
    h = h * 31 + (unsigned char)s[n - 1];
    h = h * 31 + (unsigned char)s[n / 2];
    h = h * 31 + (unsigned char)s[n > 1 ? n - 2 : 0];
  }
  return h * 2654435761u;
}

static void known_keys_init(void) {
  /* MINIT can run again in the same image (a static build): start from an empty table */
  memset(known_slots, 0, sizeof known_slots);
  for (size_t i = 0; i < KNOWN_COUNT; i++) {
    size_t n = strlen(known_names[i]);
    known_keys[i] = zend_string_init_interned(known_names[i], n, 1);
    size_t slot = name_hash(known_names[i], n) >> (32 - 7); /* KNOWN_SLOTS = 2^7 */
    while (known_slots[slot] != 0) slot = (slot + 1) % KNOWN_SLOTS;
    known_slots[slot] = (signed char)(i + 1);
  }
}

/* The index of a known name, or -1. */
static zend_always_inline int known_index(const char *s, size_t n) {
  size_t slot = name_hash(s, n) >> (32 - 7);
  for (int i; (i = known_slots[slot]) != 0; slot = (slot + 1) % KNOWN_SLOTS) {
    if (key_is(known_keys[i - 1], s, n)) return i - 1;
  }
  return -1;
}

/* The key with these bytes, hashed, for a name not known: the reader's own when it has it, else
 * made and kept. Each key has two slots (a pair), so that two names meeting in one slot do not
 * evict each other. */
static zend_string *reader_key(reader *r, const char *s, size_t n) {
  size_t slot = (name_hash(s, n) >> (32 - 7)) & ~(size_t)1; /* KEY_SLOTS = 2^7 */
  if (key_is(r->keys[slot], s, n)) return r->keys[slot];
  if (key_is(r->keys[slot + 1], s, n)) return r->keys[slot + 1];
  if (r->keys[slot] != NULL) {
    /* the pair's first slot takes the newest key; the older one moves to the second */
    if (r->keys[slot + 1] != NULL) zend_string_release(r->keys[slot + 1]);
    r->keys[slot + 1] = r->keys[slot];
  }
  zend_string *key = zend_string_init(s, n, 0);
  zend_string_hash_val(key);
  r->keys[slot] = key;
  return key;
}

static void reader_free(reader *r) {
  for (size_t i = 0; i < KEY_SLOTS; i++) {
    if (r->keys[i] != NULL) zend_string_release(r->keys[i]);
  }
  for (size_t i = 0; i < KNOWN_COUNT; i++) {
    if (r->texts[i] != NULL) zend_string_release(r->texts[i]);
  }
}

static bool read_u64(reader *r, uint64_t *n) {
  if (r->end - r->at < 8) return false;
  memcpy(n, r->at, 8);
  r->at += 8;
  return true;
}

static bool read_value(reader *r, zval *out, int known);

static bool read_array(reader *r, zval *out, bool list) {
  uint64_t count;
  if (!read_u64(r, &count) || count > (uint64_t)(r->end - r->at)) return false;
  if (count == 0) {
    ZVAL_EMPTY_ARRAY(out);
    return true;
  }
  array_init_size(out, (uint32_t)count);
  HashTable *ht = Z_ARRVAL_P(out);
  /* Room for every item: a known name new to the array is appended, with no lookup. */
  if (!list) zend_hash_real_init_mixed(ht);
  /* The known names this array has so far. */
  uint64_t seen = 0;
  for (uint64_t i = 0; i < count; i++) {
    zval item;
    uint64_t n;
    if (r->at == r->end) return false;
    unsigned char tag = *r->at++;
    if (tag == 's') {
      /* a list's items are numbered ('i'); its table is not set up for named appends */
      if (list) return false;
      if (!read_u64(r, &n) || n > (uint64_t)(r->end - r->at)) return false;
      const char *name = (const char *)r->at;
      r->at += n;
      int known = known_index(name, (size_t)n);
      if (known >= 0) {
        if (!read_value(r, &item, known)) {
          zval_ptr_dtor(&item);
          return false;
        }
        /* a repeated key replaces the earlier value in place, as in the encoding's definition */
        if (seen & ((uint64_t)1 << known)) {
          zend_hash_update(ht, known_keys[known], &item);
        } else {
          _zend_hash_append_ex(ht, known_keys[known], &item, 1);
        }
        seen |= (uint64_t)1 << known;
        continue;
      }
      /* held while the value is read: reading it may put another key in this one's slot */
      zend_string *key = zend_string_copy(reader_key(r, name, (size_t)n));
      if (!read_value(r, &item, -1)) {
        zval_ptr_dtor(&item);
        zend_string_release(key);
        return false;
      }
      zend_hash_update(ht, key, &item);
      zend_string_release(key);
    } else if (tag == 'i') {
      if (!read_u64(r, &n)) return false;
      if (!read_value(r, &item, -1)) {
        zval_ptr_dtor(&item);
        return false;
      }
      if (list) {
        zend_hash_next_index_insert_new(ht, &item);
      } else {
        zend_hash_index_update(ht, (zend_ulong)(int64_t)n, &item);
      }
    } else {
      return false;
    }
  }
  return true;
}

/* A string value under a known name: the last one read under that name when the bytes are the
 * same (one string, counted twice), else a new one, kept for the next. */
static zend_always_inline void read_text(reader *r, zval *out, const char *s, size_t n, int known) {
  if (known < 0 || n <= 1) {
    ZVAL_STRINGL_FAST(out, s, n);
    return;
  }
  zend_string *last = r->texts[known];
  if (last != NULL && ZSTR_LEN(last) == n && memcmp(ZSTR_VAL(last), s, n) == 0) {
    ZVAL_STR_COPY(out, last);
    return;
  }
  zend_string *text = zend_string_init(s, n, 0);
  ZVAL_STR(out, text);
  if (last != NULL) zend_string_release(last);
  r->texts[known] = zend_string_copy(text);
}

/* On false, *out may hold a partly built array: the caller destroys it. */
static bool read_value(reader *r, zval *out, int known) {
  ZVAL_NULL(out);
  if (r->at == r->end) return false;
  uint64_t n;
  switch (*r->at++) {
    case 'n': return true;
    case 'f': ZVAL_FALSE(out); return true;
    case 't': ZVAL_TRUE(out); return true;
    case 'i':
      if (!read_u64(r, &n)) return false;
      ZVAL_LONG(out, (zend_long)(int64_t)n);
      return true;
    case 'd': {
      double d;
      if (r->end - r->at < 8) return false;
      memcpy(&d, r->at, 8);
      r->at += 8;
      ZVAL_DOUBLE(out, d);
      return true;
    }
    case 's':
      if (!read_u64(r, &n) || n > (uint64_t)(r->end - r->at)) return false;
      read_text(r, out, (const char *)r->at, (size_t)n, known);
      r->at += n;
      return true;
    case 'l': return read_array(r, out, true);
    case 'm': return read_array(r, out, false);
    default: return false;
  }
}

/* The entries: each one's typed fields, then `signed`, as the FFI backend's json_decode gives
 * them, read from the library's value encoding of them in one pass. False with an exception. */
static bool build_entries(zval *entries, const pk_postback *p) {
  const uint8_t *data = NULL;
  size_t len = 0;
  if (pk_postback_entries_encoded(p, &data, &len) != PK_STATUS_OK) {
    throw_last_error();
    return false;
  }
  reader r = {.at = data, .end = data + len};
  bool read = read_value(&r, entries, -1);
  reader_free(&r);
  if (!read || r.at != r.end || Z_TYPE_P(entries) != IS_ARRAY) {
    zval_ptr_dtor(entries);
    ZVAL_NULL(entries);
    zend_throw_error(NULL, "libpaykassma gave entries in an encoding this extension cannot read");
    return false;
  }
  return true;
}

static pk_postback *postback_handle(zval *this_) {
  pk_postback *p = postback_from(Z_OBJ_P(this_))->handle;
  if (p == NULL) zend_throw_error(NULL, "this VerifiedPostback holds no postback");
  return p;
}

/* ---- Paykassma\Internal\NativeClient: a pk_client handle ------------------------------------ */

typedef struct {
  pk_client *handle;
  zend_object std;
} client_object;

static inline client_object *client_from(zend_object *obj) {
  return (client_object *)((char *)obj - XtOffsetOf(client_object, std));
}

static zend_object *client_create(zend_class_entry *ce) {
  client_object *c = zend_object_alloc(sizeof(client_object), ce);
  zend_object_std_init(&c->std, ce);
  object_properties_init(&c->std, ce);
  c->std.handlers = &client_handlers;
  c->handle = NULL;
  return &c->std;
}

static void client_free(zend_object *obj) {
  client_object *c = client_from(obj);
  pk_client_free(c->handle);
  c->handle = NULL;
  zend_object_std_dtor(obj);
}

/* ---- functions -------------------------------------------------------------------------------- */

/* paykassma_sign(array $data, string $privateKey): string */
PHP_FUNCTION(paykassma_sign) {
  HashTable *data;
  zend_string *key;
  ZEND_PARSE_PARAMETERS_START(2, 2)
    Z_PARAM_ARRAY_HT(data)
    Z_PARAM_STR(key)
  ZEND_PARSE_PARAMETERS_END();

  walker w;
  memset(&w, 0, sizeof w);
  /* About 24 bytes a value: one allocation for a typical request. */
  smart_str_alloc(&w.out, 32 + 48 * zend_hash_num_elements(data), 0);
  walk_result result = walk_array(&w, data, 0);
  if (result == WALK_REFUSED) {
    zend_string *path = failure_path(&w);
    throw_validation(path, w.reason);
    zend_string_release(path);
  } else if (result == WALK_OK) {
    char *signature = NULL;
    if (pk_sign_encoded(ZSTR_VAL(w.out.s), ZSTR_LEN(w.out.s), ZSTR_VAL(key), ZSTR_LEN(key), &signature) == PK_STATUS_OK) {
      return_library_string(return_value, signature);
    } else {
      throw_last_error();
    }
  }
  walker_free(&w);
}

/* paykassma_sign_json(string $json, string $privateKey): string */
PHP_FUNCTION(paykassma_sign_json) {
  zend_string *json, *key;
  ZEND_PARSE_PARAMETERS_START(2, 2)
    Z_PARAM_STR(json)
    Z_PARAM_STR(key)
  ZEND_PARSE_PARAMETERS_END();
  char *signature = NULL;
  if (pk_sign_json(ZSTR_VAL(json), ZSTR_LEN(json), ZSTR_VAL(key), ZSTR_LEN(key), &signature) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  return_library_string(return_value, signature);
}

/* paykassma_sign_postback(string $accessKey, string $privateKey, string $signedJson): string */
PHP_FUNCTION(paykassma_sign_postback) {
  zend_string *access_key, *key, *json;
  ZEND_PARSE_PARAMETERS_START(3, 3)
    Z_PARAM_STR(access_key)
    Z_PARAM_STR(key)
    Z_PARAM_STR(json)
  ZEND_PARSE_PARAMETERS_END();
  char *signature = NULL;
  if (pk_sign_postback(ZSTR_VAL(access_key), ZSTR_LEN(access_key), ZSTR_VAL(key), ZSTR_LEN(key), ZSTR_VAL(json),
                       ZSTR_LEN(json), &signature) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  return_library_string(return_value, signature);
}

/* The verify functions' answer for a verified handle: [kind, idempotency key, signed list,
 * acknowledgement, signature form, VerifiedPostback]; the handle builds the entries, the unsigned
 * fields (with their ~180 rates) and their names only when asked, so a repeated postback,
 * answered from its idempotency key alone, never builds them. */
static void return_verified(zval *return_value, pk_postback *p) {
  zval handle;
  object_init_ex(&handle, postback_ce);
  postback_from(Z_OBJ(handle))->handle = p; /* freed with the object from here on */
  array_init_size(return_value, 6);
  HashTable *out = Z_ARRVAL_P(return_value);
  bool ok = add_text(out, p, PK_POSTBACK_TEXT_PART_KIND) && add_text(out, p, PK_POSTBACK_TEXT_PART_IDEMPOTENCY_KEY) &&
            add_text(out, p, PK_POSTBACK_TEXT_PART_SIGNED_LIST) &&
            add_text(out, p, PK_POSTBACK_TEXT_PART_ACKNOWLEDGEMENT) &&
            add_text(out, p, PK_POSTBACK_TEXT_PART_SIGNATURE_FORM);
  zend_hash_next_index_insert_new(out, &handle);
  if (!ok) {
    zval_ptr_dtor(return_value);
    ZVAL_NULL(return_value);
    throw_last_error();
  }
}

/* paykassma_verify_postback(string $body, string $privateKey): array, as return_verified. */
PHP_FUNCTION(paykassma_verify_postback) {
  zend_string *body, *key;
  ZEND_PARSE_PARAMETERS_START(2, 2)
    Z_PARAM_STR(body)
    Z_PARAM_STR(key)
  ZEND_PARSE_PARAMETERS_END();
  pk_postback *p = NULL;
  if (pk_postback_verify_handle(ZSTR_VAL(body), ZSTR_LEN(body), ZSTR_VAL(key), ZSTR_LEN(key), &p) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  return_verified(return_value, p);
}

/* VerifiedPostback::entries(): array, the signed entries. */
PHP_METHOD(Paykassma_Internal_VerifiedPostback, entries) {
  ZEND_PARSE_PARAMETERS_NONE();
  pk_postback *p = postback_handle(ZEND_THIS);
  if (p == NULL) RETURN_THROWS();
  if (!build_entries(return_value, p)) RETURN_THROWS();
}

/* VerifiedPostback::unsigned(): array, the envelope fields outside the signature. Its ~180 rates
 * are decoded by PHP's json_decode from the text the body held (as FFI users get them): faster
 * here than building them from the library's values. */
PHP_METHOD(Paykassma_Internal_VerifiedPostback, unsigned) {
  ZEND_PARSE_PARAMETERS_NONE();
  pk_postback *p = postback_handle(ZEND_THIS);
  pk_value_view view;
  const char *rates = NULL;
  size_t len = 0;
  if (p == NULL) RETURN_THROWS();
  if (pk_postback_value(p, PK_POSTBACK_VALUE_PART_UNSIGNED_WITHOUT_RATES, &view) != PK_STATUS_OK ||
      pk_postback_text(p, PK_POSTBACK_TEXT_PART_CONVERTED_AMOUNT, &rates, &len) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  build_value(return_value, &view);
  zval value;
  if (len == 0) {
    ZVAL_NULL(&value);
  } else {
    decode_json_slice(&value, rates, len);
  }
  zend_hash_str_update(Z_ARRVAL_P(return_value), "converted_amount", sizeof("converted_amount") - 1, &value);
}

/* VerifiedPostback::unsignedFields(): array, the names of the envelope fields outside the
 * signature. */
PHP_METHOD(Paykassma_Internal_VerifiedPostback, unsignedFields) {
  ZEND_PARSE_PARAMETERS_NONE();
  pk_postback *p = postback_handle(ZEND_THIS);
  pk_value_view view;
  if (p == NULL) RETURN_THROWS();
  if (pk_postback_value(p, PK_POSTBACK_VALUE_PART_UNSIGNED_FIELDS, &view) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  build_value(return_value, &view);
}

/* paykassma_hmac_sign(string $json, string $key): string, the newer platform's signature. */
PHP_FUNCTION(paykassma_hmac_sign) {
  zend_string *json, *key;
  ZEND_PARSE_PARAMETERS_START(2, 2)
    Z_PARAM_STR(json)
    Z_PARAM_STR(key)
  ZEND_PARSE_PARAMETERS_END();
  char *signature = NULL;
  if (pk_hmac_sign(ZSTR_VAL(json), ZSTR_LEN(json), ZSTR_VAL(key), ZSTR_LEN(key), &signature) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  return_library_string(return_value, signature);
}

/* paykassma_hmac_verify(string $json, string $key): void, throws unless `general.signature` matches. */
PHP_FUNCTION(paykassma_hmac_verify) {
  zend_string *json, *key;
  ZEND_PARSE_PARAMETERS_START(2, 2)
    Z_PARAM_STR(json)
    Z_PARAM_STR(key)
  ZEND_PARSE_PARAMETERS_END();
  if (pk_hmac_verify(ZSTR_VAL(json), ZSTR_LEN(json), ZSTR_VAL(key), ZSTR_LEN(key)) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
}

/* paykassma_plugin_url(string $pluginBaseUrl, string $paramsJson): string */
PHP_FUNCTION(paykassma_plugin_url) {
  zend_string *base, *params;
  ZEND_PARSE_PARAMETERS_START(2, 2)
    Z_PARAM_STR(base)
    Z_PARAM_STR(params)
  ZEND_PARSE_PARAMETERS_END();
  char *url = NULL;
  if (pk_plugin_url(ZSTR_VAL(base), ZSTR_LEN(base), ZSTR_VAL(params), ZSTR_LEN(params), &url) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  return_library_string(return_value, url);
}

/* paykassma_version(): string, the library's version. */
PHP_FUNCTION(paykassma_version) {
  ZEND_PARSE_PARAMETERS_NONE();
  const char *version = NULL;
  if (pk_version(&version) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  RETURN_STRING(version);
}

/* paykassma_client_new(string $configJson): NativeClient */
PHP_FUNCTION(paykassma_client_new) {
  zend_string *config;
  ZEND_PARSE_PARAMETERS_START(1, 1)
    Z_PARAM_STR(config)
  ZEND_PARSE_PARAMETERS_END();
  pk_client *c = NULL;
  if (pk_client_new(ZSTR_VAL(config), ZSTR_LEN(config), &c) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  object_init_ex(return_value, client_ce);
  client_from(Z_OBJ_P(return_value))->handle = c;
}

/* The client behind a NativeClient, or NULL with an Error thrown. */
static pk_client *live_client(zval *client) {
  pk_client *c = client_from(Z_OBJ_P(client))->handle;
  if (c == NULL) zend_throw_error(NULL, "this NativeClient holds no client");
  return c;
}

/* paykassma_client_call(NativeClient $client, string $operation, string $paramsJson): string */
PHP_FUNCTION(paykassma_client_call) {
  zval *client;
  zend_string *operation, *params;
  ZEND_PARSE_PARAMETERS_START(3, 3)
    Z_PARAM_OBJECT_OF_CLASS(client, client_ce)
    Z_PARAM_STR(operation)
    Z_PARAM_STR(params)
  ZEND_PARSE_PARAMETERS_END();
  pk_client *c = live_client(client);
  if (c == NULL) RETURN_THROWS();
  char *answer = NULL;
  if (pk_client_call(c, ZSTR_VAL(operation), ZSTR_LEN(operation), ZSTR_VAL(params), ZSTR_LEN(params), &answer) !=
      PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  return_library_string(return_value, answer);
}

/* paykassma_client_plugin_url(NativeClient $client, string $paramsJson): string, on the client's
 * plugin_base_url. */
PHP_FUNCTION(paykassma_client_plugin_url) {
  zval *client;
  zend_string *params;
  ZEND_PARSE_PARAMETERS_START(2, 2)
    Z_PARAM_OBJECT_OF_CLASS(client, client_ce)
    Z_PARAM_STR(params)
  ZEND_PARSE_PARAMETERS_END();
  pk_client *c = live_client(client);
  if (c == NULL) RETURN_THROWS();
  char *url = NULL;
  if (pk_client_plugin_url(c, ZSTR_VAL(params), ZSTR_LEN(params), &url) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  return_library_string(return_value, url);
}

/* paykassma_client_verify_postback(NativeClient $client, string $body): array, as
 * paykassma_verify_postback with the client's postback_private_key. */
PHP_FUNCTION(paykassma_client_verify_postback) {
  zval *client;
  zend_string *body;
  ZEND_PARSE_PARAMETERS_START(2, 2)
    Z_PARAM_OBJECT_OF_CLASS(client, client_ce)
    Z_PARAM_STR(body)
  ZEND_PARSE_PARAMETERS_END();
  pk_client *c = live_client(client);
  if (c == NULL) RETURN_THROWS();
  pk_postback *p = NULL;
  if (pk_client_verify_postback_handle(c, ZSTR_VAL(body), ZSTR_LEN(body), &p) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  return_verified(return_value, p);
}

/* paykassma_last_call_attempts(): string, the JSON records of this thread's last client call */
PHP_FUNCTION(paykassma_last_call_attempts) {
  ZEND_PARSE_PARAMETERS_NONE();
  char *attempts = NULL;
  if (pk_last_call_attempts(&attempts) != PK_STATUS_OK) {
    throw_last_error();
    RETURN_THROWS();
  }
  return_library_string(return_value, attempts);
}

/* ---- registration ----------------------------------------------------------------------------- */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_sign, 0, 2, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, data, IS_ARRAY, 0)
  ZEND_ARG_TYPE_INFO(0, privateKey, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_sign_json, 0, 2, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, json, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, privateKey, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_sign_postback, 0, 3, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, accessKey, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, privateKey, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, signedJson, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_verify_postback, 0, 2, IS_ARRAY, 0)
  ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, privateKey, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_hmac_sign, 0, 2, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, json, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_hmac_verify, 0, 2, IS_VOID, 0)
  ZEND_ARG_TYPE_INFO(0, json, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_plugin_url, 0, 2, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, pluginBaseUrl, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, paramsJson, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_version, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_paykassma_client_new, 0, 1, Paykassma\\Internal\\NativeClient, 0)
  ZEND_ARG_TYPE_INFO(0, configJson, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_client_call, 0, 3, IS_STRING, 0)
  ZEND_ARG_OBJ_INFO(0, client, Paykassma\\Internal\\NativeClient, 0)
  ZEND_ARG_TYPE_INFO(0, operation, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, paramsJson, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_client_plugin_url, 0, 2, IS_STRING, 0)
  ZEND_ARG_OBJ_INFO(0, client, Paykassma\\Internal\\NativeClient, 0)
  ZEND_ARG_TYPE_INFO(0, paramsJson, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_client_verify_postback, 0, 2, IS_ARRAY, 0)
  ZEND_ARG_OBJ_INFO(0, client, Paykassma\\Internal\\NativeClient, 0)
  ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_paykassma_floor_sign, 0, 3, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, data, IS_ARRAY, 0)
  ZEND_ARG_TYPE_INFO(0, privateKey, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, signingString, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_paykassma_floor_verify, 0, 2, MAY_BE_STRING | MAY_BE_LONG | MAY_BE_NULL)
  ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, privateKey, IS_STRING, 0)
ZEND_END_ARG_INFO()

/* (): string, as paykassma_version. */
#define arginfo_paykassma_last_call_attempts arginfo_paykassma_version

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_postback_part, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

static const zend_function_entry paykassma_functions[] = {
  PHP_FE(paykassma_sign, arginfo_paykassma_sign)
  PHP_FE(paykassma_sign_json, arginfo_paykassma_sign_json)
  PHP_FE(paykassma_sign_postback, arginfo_paykassma_sign_postback)
  PHP_FE(paykassma_verify_postback, arginfo_paykassma_verify_postback)
  PHP_FE(paykassma_hmac_sign, arginfo_paykassma_hmac_sign)
  PHP_FE(paykassma_hmac_verify, arginfo_paykassma_hmac_verify)
  PHP_FE(paykassma_plugin_url, arginfo_paykassma_plugin_url)
  PHP_FE(paykassma_version, arginfo_paykassma_version)
  PHP_FE(paykassma_client_new, arginfo_paykassma_client_new)
  PHP_FE(paykassma_client_call, arginfo_paykassma_client_call)
  PHP_FE(paykassma_client_plugin_url, arginfo_paykassma_client_plugin_url)
  PHP_FE(paykassma_client_verify_postback, arginfo_paykassma_client_verify_postback)
  PHP_FE(paykassma_last_call_attempts, arginfo_paykassma_last_call_attempts)
  ZEND_NS_RAW_FENTRY("Paykassma\\Internal", "floor_sign", zif_paykassma_floor_sign, arginfo_paykassma_floor_sign, 0)
  ZEND_NS_RAW_FENTRY("Paykassma\\Internal", "floor_verify", zif_paykassma_floor_verify, arginfo_paykassma_floor_verify, 0)
  PHP_FE_END
};

static const zend_function_entry postback_methods[] = {
  PHP_ME(Paykassma_Internal_VerifiedPostback, entries, arginfo_postback_part, ZEND_ACC_PUBLIC)
  PHP_ME(Paykassma_Internal_VerifiedPostback, unsigned, arginfo_postback_part, ZEND_ACC_PUBLIC)
  PHP_ME(Paykassma_Internal_VerifiedPostback, unsignedFields, arginfo_postback_part, ZEND_ACC_PUBLIC)
  PHP_FE_END
};

static const zend_function_entry no_methods[] = {PHP_FE_END};

/* Keys stay out of stack traces, as #[\SensitiveParameter] keeps them out in PHP code. */
static void mark_sensitive(const char *function, uint32_t offset) {
  zend_function *f = zend_hash_str_find_ptr(CG(function_table), function, strlen(function));
  if (f != NULL) {
    zend_string *name = zend_string_init_interned("SensitiveParameter", sizeof("SensitiveParameter") - 1, 1);
    zend_add_parameter_attribute(f, offset, name, 0);
    zend_string_release(name);
  }
}

static zend_class_entry *register_handle_class(const char *name, const zend_function_entry *methods,
                                               zend_object *(*create)(zend_class_entry *)) {
  zend_class_entry ce;
  INIT_CLASS_ENTRY_EX(ce, name, strlen(name), methods);
  zend_class_entry *registered = zend_register_internal_class(&ce);
  registered->ce_flags |= ZEND_ACC_FINAL | ZEND_ACC_NO_DYNAMIC_PROPERTIES | ZEND_ACC_NOT_SERIALIZABLE;
  registered->create_object = create;
  return registered;
}

PHP_MINIT_FUNCTION(paykassma) {
  zend_class_entry ce;
  INIT_CLASS_ENTRY(ce, "Paykassma\\Internal\\NativeFailure", no_methods);
  failure_ce = zend_register_internal_class_ex(&ce, zend_ce_exception);
  failure_ce->ce_flags |= ZEND_ACC_FINAL;
  zval empty;
  ZVAL_EMPTY_ARRAY(&empty);
  zend_declare_property(failure_ce, "details", sizeof("details") - 1, &empty, ZEND_ACC_PUBLIC);

  known_keys_init();

  postback_ce = register_handle_class("Paykassma\\Internal\\VerifiedPostback", postback_methods, postback_create);
  memcpy(&postback_handlers, zend_get_std_object_handlers(), sizeof postback_handlers);
  postback_handlers.offset = XtOffsetOf(postback_object, std);
  postback_handlers.free_obj = postback_free;
  postback_handlers.clone_obj = NULL;

  client_ce = register_handle_class("Paykassma\\Internal\\NativeClient", no_methods, client_create);
  memcpy(&client_handlers, zend_get_std_object_handlers(), sizeof client_handlers);
  client_handlers.offset = XtOffsetOf(client_object, std);
  client_handlers.free_obj = client_free;
  client_handlers.clone_obj = NULL;

  mark_sensitive("paykassma_sign", 1);
  mark_sensitive("paykassma_sign_json", 1);
  mark_sensitive("paykassma_sign_postback", 1);
  mark_sensitive("paykassma_verify_postback", 1);
  mark_sensitive("paykassma_client_new", 0);
  mark_sensitive("paykassma\\internal\\floor_sign", 1);
  mark_sensitive("paykassma\\internal\\floor_verify", 1);
  return SUCCESS;
}

PHP_MINFO_FUNCTION(paykassma) {
  const char *version = "unknown";
  pk_version(&version);
  php_info_print_table_start();
  php_info_print_table_header(2, "paykassma support", "enabled");
  php_info_print_table_row(2, "extension version", PHP_PAYKASSMA_VERSION);
  php_info_print_table_row(2, "libpaykassma version", version);
  php_info_print_table_end();
}

static const zend_module_dep paykassma_deps[] = {
  ZEND_MOD_REQUIRED("json")
  ZEND_MOD_END
};

zend_module_entry paykassma_module_entry = {
  STANDARD_MODULE_HEADER_EX,
  NULL,
  paykassma_deps,
  "paykassma",
  paykassma_functions,
  PHP_MINIT(paykassma),
  NULL,
  NULL,
  NULL,
  PHP_MINFO(paykassma),
  PHP_PAYKASSMA_VERSION,
  STANDARD_MODULE_PROPERTIES
};

#ifdef COMPILE_DL_PAYKASSMA
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(paykassma)
#endif
