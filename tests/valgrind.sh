#!/bin/bash
# valgrind.sh BUILDDIR: the suite with every ksym it runs under valgrind's
# memcheck ('make check-valgrind' in BUILDDIR, a build without sanitizers).
# Exits non-zero when a test fails or any ksym run had a memcheck error.
set -euo pipefail
[ $# = 1 ] || { echo "usage: $0 BUILDDIR" >&2; exit 2; }
make -C "$1" check-valgrind
