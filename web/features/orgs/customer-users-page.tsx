import { Anchor, Badge, Group, Text } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CustomerSlaSection } from '../helpdesk-admin/customer-sla-section';
import { UsersView } from '../users/users-page';
import { CustomerLocationsSection } from '../sites/customer-locations-section';
import { orgQuery } from './queries';

const route = getRouteApi('/_app/customers/$orgId');

/** One customer's users, for provider staff (provider admins may invite and manage them). */
export function CustomerUsersPage() {
  const { t } = useTranslation();
  const { orgId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: o } = useSuspenseQuery(orgQuery(orgId));
  return (
    <>
      <UsersView
        key={o.id}
        title={o.name}
        description={
          <Group gap="md" component="span" wrap="wrap">
            <Anchor component={Link} to="/customers" size="sm">
              <Group gap={4} component="span" wrap="nowrap">
                <IconArrowLeft size={14} aria-hidden />
                {t('nav.customers')}
              </Group>
            </Anchor>
            <Text span size="sm" c="dimmed">
              {t('orgs.userCount', { n: o.userCount })}
            </Text>
            <Badge component="span" size="sm" variant="light" color={o.mfaRequired ? 'teal' : 'orange'}>
              {o.mfaRequired ? t('orgs.mfaRequiredBadge') : t('orgs.mfaRelaxedBadge')}
            </Badge>
          </Group>
        }
        filters={search}
        onFilters={(f) => void navigate({ search: f, replace: true })}
        org={{ id: o.id, name: o.name, kind: o.kind }}
        orgId={o.id}
      />
      <CustomerSlaSection orgId={o.id} orgName={o.name} />
      <CustomerLocationsSection orgId={o.id} orgName={o.name} />
    </>
  );
}
