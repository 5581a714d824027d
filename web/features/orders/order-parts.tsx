import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../../../contracts/orders';

const STATUS_COLOR: Record<OrderStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  waiting_for_approval: 'yellow',
  approved: 'teal',
  rejected: 'red',
  in_fulfilment: 'blue',
  completed: 'teal',
  cancelled: 'gray',
};

/** An order's status as a badge, in the user's language. */
export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STATUS_COLOR[status]} style={{ flexShrink: 0, minWidth: 'max-content' }}>
      {t(`orders.status.${status}`)}
    </Badge>
  );
}
