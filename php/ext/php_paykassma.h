/* The paykassma PHP extension (see paykassma.c). */
#ifndef PHP_PAYKASSMA_H
#define PHP_PAYKASSMA_H

extern zend_module_entry paykassma_module_entry;
#define phpext_paykassma_ptr &paykassma_module_entry

/* The extension's version: the SDK's (Cargo.toml), set by `make php-ext`. */
#ifndef PHP_PAYKASSMA_VERSION
#define PHP_PAYKASSMA_VERSION "0.1.0"
#endif

/* php/benches' floor rows (floors.c). */
ZEND_NAMED_FUNCTION(zif_paykassma_floor_sign);
ZEND_NAMED_FUNCTION(zif_paykassma_floor_verify);

#if defined(ZTS) && defined(COMPILE_DL_PAYKASSMA)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif
