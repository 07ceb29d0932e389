#!/usr/bin/env bash
# Packs the C release: dist/libpaykassma-VERSION-TRIPLE.tar.gz with include/, lib/ (the shared
# library with its SONAME links, the static library, a relocatable paykassma.pc), bin/paykassma
# and a README on linking.
#   scripts/dist/c-tarball.sh TRIPLE VERSION BUILD_DIR OUT_DIR
# BUILD_DIR is cargo's output for TRIPLE (target/TRIPLE/release), holding the library and the CLI.
set -euo pipefail
triple=$1 version=$2 build=$3 out=$4

name=libpaykassma-$version-$triple
stage=target/dist/stage/$name
rm -rf "$stage"
mkdir -p "$stage/include" "$stage/lib/pkgconfig" "$stage/bin"

install -m 644 include/paykassma.h "$stage/include/"
install -m 644 ffi-c/dist-README.md "$stage/README.md"
# Installed under /usr/local by default; `pkg-config --define-prefix` (the default on Windows) moves
# prefix to wherever the tarball was unpacked, and libdir and includedir follow it.
sed -e 's|@PREFIX@|/usr/local|' -e 's|@LIBDIR@|${prefix}/lib|' -e 's|@INCLUDEDIR@|${prefix}/include|' \
  -e "s|@VERSION@|$version|" ffi-c/paykassma.pc.in > "$stage/lib/pkgconfig/paykassma.pc"

case $triple in
  *-linux-* | *-freebsd*)
    # The real file carries the full version; the SONAME (set by ffi-c/build.rs) names the link that
    # programs record, and libpaykassma.so is the link the linker finds with -lpaykassma.
    soname=$(objdump -p "$build/libpaykassma.so" | awk '$1 == "SONAME" { print $2 }')
    [ -n "$soname" ] || { echo "$build/libpaykassma.so has no SONAME" >&2; exit 1; }
    install -m 755 "$build/libpaykassma.so" "$stage/lib/libpaykassma.so.$version"
    [ "$soname" = "libpaykassma.so.$version" ] || ln -s "libpaykassma.so.$version" "$stage/lib/$soname"
    ln -s "$soname" "$stage/lib/libpaykassma.so"
    install -m 644 "$build/libpaykassma.a" "$stage/lib/"
    # Rust's standard library brings its debug info into the archive: a third of its size.
    strip --strip-debug "$stage/lib/libpaykassma.a"
    install -m 755 "$build/paykassma" "$stage/bin/"
    ;;
  *-apple-darwin)
    install -m 755 "$build/libpaykassma.dylib" "$build/libpaykassma.a" "$stage/lib/"
    install -m 755 "$build/paykassma" "$stage/bin/"
    ;;
  *-windows-msvc)
    # paykassma.dll beside the programs that use it, paykassma.dll.lib to link them against it.
    install -m 755 "$build/paykassma.dll" "$build/paykassma.exe" "$stage/bin/"
    install -m 644 "$build/paykassma.dll.lib" "$build/paykassma.lib" "$stage/lib/"
    ;;
  *) echo "c-tarball.sh: no layout for $triple" >&2; exit 1 ;;
esac

mkdir -p "$out"
tar -C target/dist/stage -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
