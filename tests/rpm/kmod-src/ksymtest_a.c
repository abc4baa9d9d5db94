// SPDX-License-Identifier: GPL-2.0
/* A test module that exports a symbol for ksymtest_b to import. */
#include <linux/module.h>
#include <linux/crc-ccitt.h>

int ksymtest_a_value(int x)
{
	u8 byte = (u8)x;

	return crc_ccitt(0, &byte, 1);
}
EXPORT_SYMBOL_GPL(ksymtest_a_value);

static int __init ksymtest_a_init(void)
{
	pr_info("ksymtest_a: %d\n", ksymtest_a_value(1));
	return 0;
}
module_init(ksymtest_a_init);

static void __exit ksymtest_a_exit(void)
{
}
module_exit(ksymtest_a_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksym test module exporting a symbol");
