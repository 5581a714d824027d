import { ActionIcon, Alert, Anchor, Badge, Button, Card, Group, Select, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { IconDownload, IconFileText, IconLock, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState, LoadMore } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';
import { orgChoicesQuery } from '../orgs/queries';
import { DocumentDrawer } from './document-drawer';
import { fileSize, useVisibilityLabel } from './parts';
import { documentCategoriesQuery, documentsQuery, downloadUrl, type DocumentsSearch } from './queries';
import { UploadModal } from './upload-modal';

const route = getRouteApi('/_app/documents');

/** The organisation's document library: categories, versions, downloads; staff pick the organisation and upload. */
export function DocumentsPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const staff = me.org.kind === 'provider' && can(me, 'orgs.read_all');
  const manages = me.org.kind === 'provider' && can(me, 'documents.manage');
  const [uploading, setUploading] = useState(false);
  const setSearch = (next: Partial<DocumentsSearch>) => void navigate({ search: (s: DocumentsSearch) => ({ ...s, ...next }), replace: true });
  const orgs = useQuery({ ...orgChoicesQuery, enabled: staff });
  const categories = useQuery(documentCategoriesQuery);
  const q = useInfiniteQuery({ ...documentsQuery(search), enabled: !staff || !!search.orgId });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const visibilityLabel = useVisibilityLabel();
  const customerOrgs = (orgs.data?.items ?? []).filter((o) => o.kind === 'customer');
  const orgName = customerOrgs.find((o) => o.id === search.orgId)?.name ?? '';
  const cats = categories.data?.items ?? [];
  return (
    <Page
      title={t('documents.title')}
      description={t('documents.description')}
      actions={
        manages && search.orgId ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setUploading(true)}>
            {t('documents.upload.button')}
          </Button>
        ) : undefined
      }
    >
      <Group gap="sm" align="flex-end" wrap="wrap">
        {staff && (
          <Select
            label={t('documents.organisation')}
            placeholder={t('documents.pickOrganisation')}
            data={customerOrgs.map((o) => ({ value: o.id, label: o.name }))}
            value={search.orgId ?? null}
            onChange={(v) => setSearch({ orgId: v ?? undefined, doc: undefined })}
            searchable
            clearable
            w={{ base: '100%', xs: 320 }}
            nothingFoundMessage={t('common.nothingFound')}
          />
        )}
        <Select
          label={t('documents.category')}
          placeholder={t('documents.allCategories')}
          data={cats.map((c) => ({ value: c.key, label: c.archived ? t('documents.categories.archivedOption', { name: c.name }) : c.name }))}
          value={search.category ?? null}
          onChange={(v) => setSearch({ category: v ?? undefined })}
          clearable
          w={{ base: '100%', xs: 260 }}
        />
      </Group>
      {staff && !search.orgId ? (
        <Alert color="blue" variant="light">
          {t('documents.chooseOrganisation')}
        </Alert>
      ) : (
        <Card withBorder padding="md">
          <ErrorAlert error={q.error} />
          {rows.length > 0 && (
            <Table.ScrollContainer minWidth={0}>
              <Table verticalSpacing="sm" fz="sm" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('documents.document')}</Table.Th>
                    <Table.Th visibleFrom="sm">{t('documents.category')}</Table.Th>
                    <Table.Th visibleFrom="sm">{t('documents.updated')}</Table.Th>
                    <Table.Th visibleFrom="md">{t('documents.size')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('common.download')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((d) => (
                    <Table.Tr key={d.id} data-testid="document-row">
                      <Table.Td style={{ maxWidth: 420 }}>
                        <Group gap={8} wrap="nowrap" align="flex-start">
                          <IconFileText size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2, color: 'var(--mantine-color-dimmed)' }} />
                          <div style={{ minWidth: 0 }}>
                            <Anchor component="button" type="button" size="sm" fw={500} ta="left" onClick={() => setSearch({ doc: d.id })} style={{ overflowWrap: 'anywhere' }}>
                              {d.title}
                            </Anchor>
                            {d.description && (
                              <Text size="xs" c="dimmed" lineClamp={2}>
                                {d.description}
                              </Text>
                            )}
                            <Text size="xs" c="dimmed" hiddenFrom="sm">
                              {d.categoryName} · {fmt.date(d.updatedAt)}
                            </Text>
                            <Group gap={6} mt={4}>
                              {d.versionCount > 1 && (
                                <Badge size="xs" variant="light" color="gray">
                                  {t('documents.versionN', { version: d.current.version })}
                                </Badge>
                              )}
                              {d.visibility !== 'members' && (
                                <Badge size="xs" variant="light" color="orange" leftSection={<IconLock size={10} aria-hidden />}>
                                  {visibilityLabel(d.visibility, d.requiredPermission)}
                                </Badge>
                              )}
                            </Group>
                          </div>
                        </Group>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">{d.categoryName}</Table.Td>
                      <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm">{fmt.date(d.updatedAt)}</Text>
                        <Text size="xs" c="dimmed">
                          {d.current.createdBy.id ? d.current.createdBy.name : t('documents.generated')}
                        </Text>
                      </Table.Td>
                      <Table.Td visibleFrom="md" style={{ whiteSpace: 'nowrap' }}>
                        {fileSize(d.current.size, i18n.language)}
                      </Table.Td>
                      <Table.Td>
                        <Tooltip label={t('documents.downloadNamed', { title: d.title })} withinPortal>
                          <ActionIcon component="a" href={downloadUrl(d.id)} download={d.current.filename} variant="subtle" aria-label={t('documents.downloadNamed', { title: d.title })}>
                            <IconDownload size={18} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <ListState loading={q.isLoading} empty={!q.isLoading && rows.length === 0} emptyText={search.category ? t('documents.emptyCategory') : t('documents.empty')} />
          <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
        </Card>
      )}
      <DocumentDrawer id={search.doc} categories={cats} onClose={() => setSearch({ doc: undefined })} />
      {manages && search.orgId && (
        <UploadModal
          orgId={search.orgId}
          orgName={orgName}
          categories={cats}
          opened={uploading}
          onClose={() => setUploading(false)}
          onCreated={(id) => {
            setUploading(false);
            setSearch({ doc: id });
          }}
        />
      )}
    </Page>
  );
}
