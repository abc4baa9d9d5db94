// SPDX-License-Identifier: GPL-2.0
/* A test module importing ksymtest_a's export and one of the kernel's. */
#include <linux/module.h>
#include <linux/slab.h>

int ksymtest_a_value(int x);

static int __init ksymtest_b_init(void)
{
	void *p = kmalloc(16, GFP_KERNEL);

	pr_info("ksymtest_b: %d\n", ksymtest_a_value(2));
	kfree(p);
	return 0;
}
module_init(ksymtest_b_init);

static void __exit ksymtest_b_exit(void)
{
}
module_exit(ksymtest_b_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksym test module importing a symbol of another module");
