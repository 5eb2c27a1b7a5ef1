// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The smallest out-of-tree module: says when it comes and goes, so the
 * QEMU tests can see that its init really ran.
 */

#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

static int __init mi_hello_init(void)
{
	pr_info("mi_hello: init ran\n");
	return 0;
}

static void __exit mi_hello_exit(void)
{
	pr_info("mi_hello: exit ran\n");
}

module_init(mi_hello_init);
module_exit(mi_hello_exit);
MODULE_DESCRIPTION("module integrity test: an out-of-tree module");
MODULE_LICENSE("GPL");
