dnl KSYM_CC_FLAGS(VARIABLE, FLAGS)
dnl Appends to VARIABLE each of FLAGS that the C compiler accepts, so one
dnl list serves gcc and clang of any age.
AC_DEFUN([KSYM_CC_FLAGS], [
	AC_LANG_PUSH([C])
	for ksym_flag in m4_normalize([$2]); do
		AC_MSG_CHECKING([whether $CC accepts $ksym_flag])
		ksym_save_CFLAGS=$CFLAGS
		dnl -Wno-foo is accepted silently even when unknown: test -Wfoo
		CFLAGS="$CFLAGS -Werror $(echo $ksym_flag | sed 's/^-Wno-/-W/')"
		AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
			[$1="$$1 $ksym_flag"; AC_MSG_RESULT([yes])],
			[AC_MSG_RESULT([no])])
		CFLAGS=$ksym_save_CFLAGS
	done
	AC_LANG_POP([C])
])
