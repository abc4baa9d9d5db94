#!/bin/bash
# ksym dump --format=symvers: exports as Module.symvers lines, the module
# column the module's name (vmlinux for an image), and the lines read back
# as a symvers file unchanged.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/cli/fixtures.sh"

tab=$(printf '\t')
run_ksym 0 dump --format=symvers "$X86/mod.ko" "$X86/vmlinux"
cat >"$TEST_DIR/want" <<EOF2
0xfedcba98${tab}fix_ns${tab}ksymfix${tab}EXPORT_SYMBOL${tab}FIX_NS
0x0a0793bd${tab}fix_plain${tab}ksymfix${tab}EXPORT_SYMBOL${tab}
0x12345678${tab}fix_gpl${tab}ksymfix${tab}EXPORT_SYMBOL_GPL${tab}
0x80000001${tab}fix_gpl_ns${tab}ksymfix${tab}EXPORT_SYMBOL_GPL${tab}FIX_NS
0x0a0793bd${tab}vm_alpha${tab}vmlinux${tab}EXPORT_SYMBOL${tab}
0x80706050${tab}vm_beta${tab}vmlinux${tab}EXPORT_SYMBOL${tab}VM_NS
0x00000000${tab}vm_delta_gpl${tab}vmlinux${tab}EXPORT_SYMBOL_GPL${tab}VM_NS
0xffffffff${tab}vm_gamma_gpl${tab}vmlinux${tab}EXPORT_SYMBOL_GPL${tab}
EOF2
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
expect_eq stderr "" "$(cat "$TEST_DIR/err")"

cp "$TEST_DIR/out" "$TEST_DIR/Module.symvers"
run_ksym 0 dump --format=symvers "$TEST_DIR/Module.symvers"
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
