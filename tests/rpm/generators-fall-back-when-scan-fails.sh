#!/bin/bash
# When ksym-rpmdeps' run over the whole buildroot does not finish (here a
# stand-in that dies on --scan: nothing real can be made to crash on
# cue), the generators say so and run it for each file instead, and the
# kmod package gets the same dependencies as from the scan.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/rpm/lib-rpm.sh"
need rpmbuild
test_packages
setup_rpmbuild

real=${KSYM_RPMDEPS:-$top_builddir/ksym-rpmdeps}
cat >"$TEST_DIR/rpmdeps" <<WRAP
#!/bin/sh
case " \$* " in
*" --scan "*) echo ';/half/a/line'; exit 1 ;;
esac
exec "$real" "\$@"
WRAP
chmod +x "$TEST_DIR/rpmdeps"
KSYM_RPMDEPS=$TEST_DIR/rpmdeps ksym_rpmbuild -bb \
	"$top_srcdir/tests/rpm/kmod-pair.rpmspec" \
	--define "ksym_objtree $OBJTREE" --define "ksym_release $RELEASE" \
	--define "ksym_kmodsrc $top_srcdir/tests/rpm/kmod-src" \
	--define "_ksym_symvers $OBJTREE/Module.symvers" \
	>"$TEST_DIR/log" 2>&1 || { tail -20 "$TEST_DIR/log" >&2; fail "rpmbuild failed"; }
grep -F 'ksym: warning:' "$TEST_DIR/log" | grep -qF 'did not finish' ||
	fail "no warning that the scan did not finish"

got=$(ls "$RPM_TOP"/RPMS/*/kmod-ksymtest-*.rpm)
for kind in provides requires; do
	rpm_deps "$kind" "$KMOD_RPM" >"$TEST_DIR/want-$kind"
	rpm_deps "$kind" "$got" >"$TEST_DIR/got-$kind"
	expect_output "$TEST_DIR/want-$kind" "$TEST_DIR/got-$kind"
done
