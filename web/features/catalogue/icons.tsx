import { ThemeIcon } from '@mantine/core';
import {
  IconBox,
  IconDoorEnter,
  IconHandFinger,
  IconHelp,
  IconIdBadge2,
  IconPackages,
  IconPlug,
  IconPlugConnected,
  IconServer,
  IconShieldLock,
  IconSpray,
  IconTool,
  IconTrash,
  IconTruck,
  IconTruckDelivery,
  type Icon,
} from '@tabler/icons-react';
import type { CatalogueIcon } from '../../../contracts/catalogue';

/** The catalogue's icon names (contracts/catalogue.ts CATALOGUE_ICONS) as Tabler icons. */
export const CATALOGUE_ICON_COMPONENTS: Record<CatalogueIcon, Icon> = {
  'door-enter': IconDoorEnter,
  'id-badge': IconIdBadge2,
  'hand-finger': IconHandFinger,
  'truck-delivery': IconTruckDelivery,
  truck: IconTruck,
  'plug-connected': IconPlugConnected,
  cable: IconPlug,
  spray: IconSpray,
  server: IconServer,
  trash: IconTrash,
  help: IconHelp,
  package: IconPackages,
  tool: IconTool,
  'shield-lock': IconShieldLock,
  box: IconBox,
};

export function ItemIcon({ name, size = 40 }: { name: string; size?: number }) {
  const Cmp = CATALOGUE_ICON_COMPONENTS[name as CatalogueIcon] ?? IconBox;
  return (
    <ThemeIcon size={size} radius="md" variant="light" color="portico" aria-hidden>
      <Cmp size={Math.round(size * 0.55)} stroke={1.6} />
    </ThemeIcon>
  );
}
