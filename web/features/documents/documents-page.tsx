import { Alert, Anchor, Card, Select, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { IconFileTypePdf } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState, LoadMore } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';
import { orgChoicesQuery } from '../orgs/queries';
import { documentsQuery, downloadUrl } from './queries';

const route = getRouteApi('/_app/documents');

const size = (n: number, lang: string) => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(n < 1024 * 1024 ? n / 1024 : n / 1024 / 1024) + (n < 1024 * 1024 ? ' KB' : ' MB');

/** The organisation's documents (monthly access reports, …); staff pick the organisation. */
export function DocumentsPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const staff = me.org.kind === 'provider' && can(me, 'orgs.read_all');
  const orgs = useQuery({ ...orgChoicesQuery, enabled: staff });
  const q = useInfiniteQuery({ ...documentsQuery(search), enabled: !staff || !!search.orgId });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Page title={t('documents.title')} description={t('documents.description')}>
      {staff && (
        <Select
          label={t('documents.organisation')}
          placeholder={t('documents.pickOrganisation')}
          data={(orgs.data?.items ?? []).filter((o) => o.kind === 'customer').map((o) => ({ value: o.id, label: o.name }))}
          value={search.orgId ?? null}
          onChange={(v) => void navigate({ search: { orgId: v ?? undefined }, replace: true })}
          searchable
          clearable
          maw={360}
          nothingFoundMessage={t('common.nothingFound')}
        />
      )}
      {staff && !search.orgId ? (
        <Alert color="blue" variant="light">
          {t('documents.chooseOrganisation')}
        </Alert>
      ) : (
        <Card withBorder padding="md">
          <ErrorAlert error={q.error} />
          {rows.length > 0 && (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" fz="sm" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('documents.document')}</Table.Th>
                    <Table.Th>{t('documents.category')}</Table.Th>
                    <Table.Th>{t('documents.added')}</Table.Th>
                    <Table.Th>{t('documents.size')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((d) => (
                    <Table.Tr key={d.id} data-testid="document-row">
                      <Table.Td>
                        <Anchor href={downloadUrl(d.id)} download={d.filename} size="sm" style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
                          <IconFileTypePdf size={16} aria-hidden />
                          {d.title}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{t(`documents.categories.${d.category}`, { defaultValue: d.category })}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm">{fmt.date(d.createdAt)}</Text>
                        <Text size="xs" c="dimmed">
                          {d.createdBy.id ? d.createdBy.name : t('documents.generated')}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{size(d.size, i18n.language)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <ListState loading={q.isLoading} empty={!q.isLoading && rows.length === 0} emptyText={t('documents.empty')} />
          <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
        </Card>
      )}
    </Page>
  );
}
