import { IconBook, IconClipboardList, IconFileText, IconLifebuoy, IconShoppingCart } from '@tabler/icons-react';
import type { SearchKind } from './queries';

/** The icon of a kind of hit. */
export function KindIcon({ kind, size = 18 }: { kind: SearchKind; size?: number }) {
  const props = { size, 'aria-hidden': true, stroke: 1.6 } as const;
  switch (kind) {
    case 'article':
      return <IconBook {...props} />;
    case 'document':
      return <IconFileText {...props} />;
    case 'catalogue_item':
      return <IconShoppingCart {...props} />;
    case 'ticket':
      return <IconLifebuoy {...props} />;
    case 'order':
      return <IconClipboardList {...props} />;
  }
}
