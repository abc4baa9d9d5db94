# Sourced by tests/kernel/real-*.sh after tests/lib.sh: compares what ksym
# reads from real modules with what the kernel build wrote
# (Module.symvers) and with what kmod reads ('modprobe --dump-modversions').
# ksym runs once over all modules (4,000 paths fit in one argument list);
# modprobe has to run once per module.

# list_modules DIR: every module under DIR, sorted, in $TEST_DIR/modules
list_modules()
{
	find "$1" -name '*.ko' -o -name '*.ko.gz' -o -name '*.ko.xz' \
		-o -name '*.ko.zst' | sort >"$TEST_DIR/modules"
	[ -s "$TEST_DIR/modules" ] || fail "no modules under '$1'"
}

# compare_exports LABEL SYMVERS: the exports of every module listed, as
# Module.symvers lines (name, CRC, export type, namespace), equal the
# module lines of SYMVERS. Module.symvers names a module by its path
# below the tree without ".ko" ("drivers/md/dm-mod"), ksym by its .modinfo
# name ("dm_mod"): the file list maps one to the other.
compare_exports()
{
	local label=$1 symvers=$2 n_mods n_syms mods

	mapfile -t mods <"$TEST_DIR/modules"
	"$KSYM" dump --format=symvers "${mods[@]}" >"$TEST_DIR/ksym.symvers" \
		2>"$TEST_DIR/ksym.err" ||
		{ cat "$TEST_DIR/ksym.err" >&2; fail "$label: ksym dump --format=symvers failed"; }
	awk -F'\t' -v OFS='\t' '
		NR == FNR {
			p = $0; sub(".*/kernel/", "", p)
			sub(/\.ko(\.(gz|xz|zst))?$/, "", p)
			n = p; sub(".*/", "", n); gsub("-", "_", n)
			path[n] = p; next
		}
		!($3 in path) { print "no module file for: " $0; next }
		{ $3 = path[$3]; print }' \
		"$TEST_DIR/modules" "$TEST_DIR/ksym.symvers" | sort >"$TEST_DIR/got"
	awk -F'\t' '$3 != "vmlinux"' "$symvers" | sort >"$TEST_DIR/want"
	diff -u "$TEST_DIR/want" "$TEST_DIR/got" | head -n 40 >&2 ||
		true
	cmp -s "$TEST_DIR/want" "$TEST_DIR/got" ||
		fail "$label: module exports differ from '$symvers' (- Module.symvers, + ksym)"
	n_mods=$(wc -l <"$TEST_DIR/modules")
	n_syms=$(wc -l <"$TEST_DIR/got")
	[ "$n_syms" -gt 0 ] || fail "$label: no module exports at all"
	note "$label: $n_mods modules, $n_syms exports, all equal to Module.symvers"
}

# compare_imports LABEL: the imports of every module listed, as
# 'ksym dump --format=modversions' prints them, equal what modprobe
# prints, module by module.
compare_imports()
{
	local label=$1 f n_mods n_imports mods

	mapfile -t mods <"$TEST_DIR/modules"
	"$KSYM" dump --imports "${mods[@]}" >"$TEST_DIR/ksym.imports" \
		2>"$TEST_DIR/ksym.err" ||
		{ cat "$TEST_DIR/ksym.err" >&2; fail "$label: ksym dump --imports failed"; }
	# the table has a "# FILE" line before each file when there are several
	[ "${#mods[@]}" -gt 1 ] || fail "$label: one module is too few to compare"
	awk -F'\t' '/^# / { print; next } $1 == "import" { print $2 "\t" $3 }' \
		"$TEST_DIR/ksym.imports" >"$TEST_DIR/got"
	while read -r f; do
		printf '# %s\n' "$f"
		modprobe --dump-modversions "$f" 2>>"$TEST_DIR/modprobe.err" || true
	done <"$TEST_DIR/modules" >"$TEST_DIR/want"
	diff -u "$TEST_DIR/want" "$TEST_DIR/got" | head -n 40 >&2 || true
	cmp -s "$TEST_DIR/want" "$TEST_DIR/got" ||
		fail "$label: imports differ from 'modprobe --dump-modversions' (- modprobe, + ksym)"
	n_mods=$(wc -l <"$TEST_DIR/modules")
	n_imports=$(grep -vc '^# ' "$TEST_DIR/got" || true)
	[ "$n_imports" -gt 0 ] || fail "$label: no imports at all"
	note "$label: $n_mods modules, $n_imports imports, all equal to modprobe --dump-modversions"
}

# need_script NAME: the helper scripts of tests/kernel/
need_script()
{
	[ -x "$top_srcdir/tests/kernel/$1" ] || [ -r "$top_srcdir/tests/kernel/$1" ] ||
		skip "'tests/kernel/$1' is not in this tree"
}

# compare_vmlinux LABEL VMLINUX SYMVERS: the exports of VMLINUX, read
# through its symbol table and again from a stripped copy (entry i of
# __ksymtab pairs with CRC i of __kcrctab), equal the vmlinux lines of
# SYMVERS.
compare_vmlinux()
{
	local label=$1 vmlinux=$2 symvers=$3 f n

	strip -o "$TEST_DIR/vmlinux.stripped" "$vmlinux" ||
		fail "$label: cannot strip '$vmlinux'"
	awk -F'\t' '$3 == "vmlinux"' "$symvers" | sort >"$TEST_DIR/want"
	for f in "$vmlinux" "$TEST_DIR/vmlinux.stripped"; do
		"$KSYM" dump --format=symvers "$f" 2>"$TEST_DIR/ksym.err" |
			sort >"$TEST_DIR/got"
		if [ -s "$TEST_DIR/ksym.err" ]; then
			cat "$TEST_DIR/ksym.err" >&2
			fail "$label: ksym dump '$f' failed"
		fi
		diff -u "$TEST_DIR/want" "$TEST_DIR/got" | head -n 40 >&2 || true
		cmp -s "$TEST_DIR/want" "$TEST_DIR/got" ||
			fail "$label: exports of '$f' differ from '$symvers' (- Module.symvers, + ksym)"
	done
	n=$(wc -l <"$TEST_DIR/got")
	[ "$n" -gt 0 ] || fail "$label: no vmlinux exports at all"
	note "$label: $n vmlinux exports, with and without .symtab, all equal to Module.symvers"
}
