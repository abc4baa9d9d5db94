// SPDX-License-Identifier: GPL-2.0
/* A kmod for the weak-updates tests: needs ksymtest_a's export. */
#include <linux/module.h>

extern int ksymtest_a_hello(int x);

static int __init ksymtest_b_init(void)
{
	return ksymtest_a_hello(1) == 2 ? 0 : -EINVAL;
}

static void __exit ksymtest_b_exit(void)
{
}

module_init(ksymtest_b_init);
module_exit(ksymtest_b_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksym test module that imports ksymtest_a_hello");
