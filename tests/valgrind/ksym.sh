#!/bin/bash
# Stands in for the built ksym under 'make check-valgrind': runs it under
# valgrind's memcheck with every leak kind an error. A run with an error
# exits 99 (so a test checking the status fails) and leaves a non-empty log
# in $KSYM_VALGRIND_LOGDIR, which check-valgrind reports afterwards, so a
# test that ignores the status cannot hide it either.
exec valgrind -q --error-exitcode=99 --leak-check=full \
	--suppressions="$(dirname "$0")/ksym.supp" --num-callers=30 \
	--show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible \
	--track-fds=no --child-silent-after-fork=yes \
	--log-file="$KSYM_VALGRIND_LOGDIR/ksym.%p.log" \
	"$KSYM_VALGRIND_BINARY" "$@"
