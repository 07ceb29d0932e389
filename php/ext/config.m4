dnl The paykassma extension: PHP functions over libpaykassma's C interface (include/paykassma.h).
dnl The library is found with `pkg-config paykassma`, or under --with-paykassma=DIR
dnl (DIR/include/paykassma.h and DIR/lib/libpaykassma.so).

PHP_ARG_WITH([paykassma],
  [for the Paykassma merchant SDK],
  [AS_HELP_STRING([[--with-paykassma[=DIR]]],
    [Include the Paykassma SDK; DIR is where libpaykassma is installed (default: pkg-config)])],
  [yes])

if test "$PHP_PAYKASSMA" != "no"; then
  if test "$PHP_PAYKASSMA" = "yes"; then
    PKG_CHECK_MODULES([PAYKASSMA], [paykassma], [],
      [AC_MSG_ERROR([libpaykassma not found by pkg-config: install it (make install-ffi) or pass --with-paykassma=DIR])])
    PHP_EVAL_INCLINE($PAYKASSMA_CFLAGS)
    PHP_EVAL_LIBLINE($PAYKASSMA_LIBS, PAYKASSMA_SHARED_LIBADD)
    dnl Run against the library that was found, wherever it is.
    PAYKASSMA_LIBDIR=`$PKG_CONFIG --variable=libdir paykassma`
  else
    AC_MSG_CHECKING([for paykassma.h in $PHP_PAYKASSMA])
    if test ! -r "$PHP_PAYKASSMA/include/paykassma.h"; then
      AC_MSG_ERROR([$PHP_PAYKASSMA/include/paykassma.h not found])
    fi
    AC_MSG_RESULT([yes])
    PHP_ADD_INCLUDE($PHP_PAYKASSMA/include)
    PAYKASSMA_LIBDIR="$PHP_PAYKASSMA/lib"
    PHP_ADD_LIBRARY_WITH_PATH(paykassma, $PAYKASSMA_LIBDIR, PAYKASSMA_SHARED_LIBADD)
  fi
  PHP_CHECK_LIBRARY(paykassma, pk_postback_verify_handle, [],
    [AC_MSG_ERROR([libpaykassma in $PAYKASSMA_LIBDIR lacks pk_postback_verify_handle: it is older than this extension])],
    [$PAYKASSMA_SHARED_LIBADD])
  PHP_ADD_LIBPATH($PAYKASSMA_LIBDIR, PAYKASSMA_SHARED_LIBADD)
  PHP_SUBST(PAYKASSMA_SHARED_LIBADD)
  PHP_NEW_EXTENSION(paykassma, paykassma.c floors.c, $ext_shared,, -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1)
  PHP_ADD_EXTENSION_DEP(paykassma, json)
fi
