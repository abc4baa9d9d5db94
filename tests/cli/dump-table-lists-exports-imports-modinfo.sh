#!/bin/bash
# ksym dump: the default table of a module (exports with CRC, GPL flag and
# namespace, imports, .modinfo) and of a stripped vmlinux, and a "# FILE"
# header before each file when there are several.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/cli/fixtures.sh"

tab=$(printf '\t')
cat >"$TEST_DIR/want" <<EOF2
export${tab}0xfedcba98${tab}fix_ns${tab}-${tab}FIX_NS
export${tab}0x0a0793bd${tab}fix_plain${tab}-
export${tab}0x12345678${tab}fix_gpl${tab}gpl
export${tab}0x80000001${tab}fix_gpl_ns${tab}gpl${tab}FIX_NS
import${tab}0x1c1fd6f6${tab}module_layout${tab}-
import${tab}0x92997ed8${tab}_printk${tab}-
import${tab}0xdeadbeef${tab}high_bit_crc${tab}-
import${tab}0x00000001${tab}a_name_of_fifty_five_bytes_fits_in_versions_on_64bit_xy${tab}-
modinfo${tab}name=ksymfix
modinfo${tab}vermagic=6.1.0-fix SMP preempt mod_unload modversions 
modinfo${tab}depends=dep_a,dep_b
modinfo${tab}import_ns=FIX_IMPORT_NS
modinfo${tab}import_ns=OTHER_NS
modinfo${tab}srcversion=0123456789ABCDEF0123456
EOF2
run_ksym 0 dump "$X86/mod.ko"
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
expect_eq stderr "" "$(cat "$TEST_DIR/err")"

# every compressed and signed copy reads the same
for f in mod.ko.gz mod.ko.xz mod.ko.zst mod-signed.ko mod-signed.ko.xz; do
	run_ksym 0 dump "$X86/$f"
	expect_output "$TEST_DIR/want" "$TEST_DIR/out"
done

run_ksym 0 dump --exports "$X86/vmlinux.stripped" "$X86/mod-oldcrc.ko"
cat >"$TEST_DIR/want" <<EOF2
# $X86/vmlinux.stripped
export${tab}0x0a0793bd${tab}vm_alpha${tab}-
export${tab}0x80706050${tab}vm_beta${tab}-${tab}VM_NS
export${tab}0x00000000${tab}vm_delta_gpl${tab}gpl${tab}VM_NS
export${tab}0xffffffff${tab}vm_gamma_gpl${tab}gpl
# $X86/mod-oldcrc.ko
export${tab}0xfedcba98${tab}fix_ns${tab}-${tab}FIX_NS
export${tab}0x0a0793bd${tab}fix_plain${tab}-
export${tab}0x12345678${tab}fix_gpl${tab}gpl
export${tab}0x80000001${tab}fix_gpl_ns${tab}gpl${tab}FIX_NS
EOF2
expect_output "$TEST_DIR/want" "$TEST_DIR/out"

run_ksym 0 dump --imports "$X86/mod-ext.ko"
cat >"$TEST_DIR/want" <<EOF2
import${tab}0x1c1fd6f6${tab}module_layout${tab}-
import${tab}0x92997ed8${tab}_printk${tab}-
import${tab}0xdeadbeef${tab}high_bit_crc${tab}-
import${tab}0x00000001${tab}a_name_of_fifty_five_bytes_fits_in_versions_on_64bit_xy${tab}-
import${tab}0x5a5a0f0f${tab}a_rust_symbol_name_of_seventy_two_bytes_that_does_not_fit_in___versions_${tab}-
EOF2
expect_output "$TEST_DIR/want" "$TEST_DIR/out"
