// SPDX-License-Identifier: GPL-2.0
/* A kmod for the weak-updates tests: exports one symbol for ksymtest_b. */
#include <linux/module.h>
#include <linux/printk.h>

int ksymtest_a_hello(int x)
{
	pr_info("ksymtest_a: hello %d\n", x);
	return x + 1;
}
EXPORT_SYMBOL_GPL(ksymtest_a_hello);

static int __init ksymtest_a_init(void)
{
	pr_info("ksymtest_a: loaded\n");
	return 0;
}

static void __exit ksymtest_a_exit(void)
{
}

module_init(ksymtest_a_init);
module_exit(ksymtest_a_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksym test module that exports ksymtest_a_hello");
