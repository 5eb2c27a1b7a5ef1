// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An out-of-tree module that needs an in-tree one: it calls crc8 (from
 * lib/crc8.ko), so modprobe must load a module with a Merkle proof (or
 * the kernel's own signature) before this one with its PKCS#7 signature.
 */

#include <linux/crc8.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

static int __init mi_dep_init(void)
{
	static const u8 data[] = { '1', '2', '3', '4', '5', '6', '7', '8', '9' };
	u8 table[CRC8_TABLE_SIZE];

	/* CRC-8/SMBUS: polynomial 0x07, initial 0; its check value is 0xf4. */
	crc8_populate_msb(table, 0x07);
	pr_info("mi_dep: crc8 check value 0x%02x\n",
		crc8(table, data, sizeof(data), 0));
	return 0;
}

static void __exit mi_dep_exit(void)
{
}

module_init(mi_dep_init);
module_exit(mi_dep_exit);
MODULE_DESCRIPTION("module integrity test: out-of-tree module using crc8");
MODULE_LICENSE("GPL");
