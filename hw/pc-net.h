/*
 * The pc board's network (hw/pc-net.c): back ends from the options, NICs on
 * the PCI bus. Called once from pc.c's device set-up, after the VGA.
 */
#ifndef VIREO_HW_PC_NET_H
#define VIREO_HW_PC_NET_H

#include "hw/pci.h"
#include "system/options.h"

/* 0, or a negative errno after an error naming the option at fault. */
int pc_net_init(PCIBus *bus, const VireoConfig *cfg);

#endif
