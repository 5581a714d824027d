import { Anchor, Badge, Button, Card, Group, NativeSelect, NumberInput, SegmentedControl, Select, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { IconPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../ui/api';
import { Dot } from './dot';
import { AnchorLink } from '../../ui/anchor-link';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';
import { kbApi, kbManageQuery, useKbAction, type KbEditorDto, type ManageSearch } from './queries';

export const STATUS_COLOR: Record<string, string> = { draft: 'gray.8', in_review: 'violet.9', published: 'green.9', unpublished: 'red.9' };
export const parseManageSearch = (s: Record<string, unknown>): ManageSearch => ({
  status: s.status === 'draft' || s.status === 'in_review' || s.status === 'published' || s.status === 'unpublished' ? s.status : undefined,
  due: s.due === true || s.due === 'true' ? true : undefined,
});

function KnownErrorStarter() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const problems = useQuery({ queryKey: ['kb', 'problems'], queryFn: ({ signal }) => get<{ items: { id: string; ref: string; title: string }[] }>('/api/v1/tickets?kind=problem&limit=100', signal) });
  const [problemId, setProblemId] = useState<string | null>(null);
  const create = useKbAction((id: string) => post<KbEditorDto>('/api/v1/kb/manage/known-errors', { problemId: id }), (r) => void navigate({ to: '/kb/manage/$id', params: { id: r.id } }));
  return (
    <Group align="flex-end" gap="xs" wrap="wrap">
      <Select
        label={t('kb.manage.knownErrorFrom')}
        placeholder={t('kb.manage.pickProblem')}
        data={(problems.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.ref} · ${p.title}` }))}
        value={problemId}
        onChange={setProblemId}
        searchable
        w={340}
        maw="100%"
        nothingFoundMessage={t('common.nothingFound')}
      />
      <Button variant="default" disabled={!problemId} loading={create.isPending} onClick={() => problemId && create.mutate(problemId as never)}>
        {t('kb.manage.createKnownError')}
      </Button>
      <ErrorAlert error={create.error} />
    </Group>
  );
}

/** The authors' workspace: every article with its status, and the to-do list of reviews due. */
export function KbManagePage() {
  const { t } = useTranslation();
  const route = getRouteApi('/_app/kb/manage');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const onSearch = (s: ManageSearch) => void navigate({ search: s, replace: true });
  const me = useCurrentUser();
  const fmt = useFormat();
  const q = useQuery(kbManageQuery(search));
  const [days, setDays] = useState<number | string>('');
  useEffect(() => {
    if (q.data) setDays(q.data.reviewAfterDays);
  }, [q.data?.reviewAfterDays]); // eslint-disable-line react-hooks/exhaustive-deps
  const saveDays = useKbAction((n: number) => kbApi.settings(n));
  const filter = search.due ? 'due' : (search.status ?? 'all');
  const onFilter = (v: string) => onSearch(v === 'due' ? { due: true } : v === 'all' ? {} : { status: v as ManageSearch['status'] });
  const filters = [
    { value: 'all', label: t('kb.manage.all') },
    { value: 'due', label: t('kb.manage.todo') },
    { value: 'draft', label: t('kb.status.draft') },
    { value: 'in_review', label: t('kb.status.in_review') },
    { value: 'published', label: t('kb.status.published') },
    { value: 'unpublished', label: t('kb.status.unpublished') },
  ];
  return (
    <Page
      title={t('kb.manage.title')}
      description={t('kb.manage.description')}
      actions={
        <Button component={Link} to="/kb/manage/new" leftSection={<IconPlus size={16} aria-hidden />}>
          {t('kb.manage.newArticle')}
        </Button>
      }
    >
      <SegmentedControl
        visibleFrom="sm"
        value={filter}
        onChange={onFilter}
        data={filters}
        style={{ alignSelf: 'flex-start' }}
        aria-label={t('kb.manage.filter')}
      />
      <NativeSelect hiddenFrom="sm" label={t('kb.manage.filter')} value={filter} onChange={(e) => onFilter(e.currentTarget.value)} data={filters} />
      {search.due && (
        <Text size="sm" c="dimmed">
          {t('kb.manage.todoHint', { days: q.data?.reviewAfterDays ?? '' })}
        </Text>
      )}
      <Card withBorder padding="md">
        <ErrorAlert error={q.error} />
        <ListState loading={q.isPending} empty={!!q.data && q.data.items.length === 0} emptyText={search.due ? t('kb.manage.nothingDue') : t('kb.manage.empty')} />
        {!!q.data?.items.length && (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" fz="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('kb.manage.article')}</Table.Th>
                  <Table.Th>{t('kb.manage.status')}</Table.Th>
                  <Table.Th>{t('kb.manage.visibility')}</Table.Th>
                  <Table.Th>{t('kb.manage.lastReviewed')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.items.map((a) => (
                  <Table.Tr key={a.id} data-testid="kb-manage-row">
                    <Table.Td>
                      <AnchorLink to="/kb/manage/$id" params={{ id: a.id }} fw={500} size="sm">
                        {a.title || t('kb.manage.untitled')}
                      </AnchorLink>
                      {a.kind === 'known_error' && (
                        <Badge ml={6} size="xs" variant="default" leftSection={<Dot color="red.9" />}>
                          {t('kb.knownError')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Badge size="sm" variant="default" leftSection={<Dot color={STATUS_COLOR[a.status]!} />}>
                          {t(`kb.status.${a.status}`)}
                        </Badge>
                        {a.status !== a.draftStatus && a.draftStatus && (
                          <Badge size="sm" variant="default" leftSection={<Dot color={STATUS_COLOR[a.draftStatus]!} />}>
                            {t(`kb.status.${a.draftStatus}`)}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{t(`kb.visibility.${a.visibility}`)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm" c={a.reviewDue ? 'red.8' : undefined} fw={a.reviewDue ? 600 : undefined}>
                        {fmt.date(a.lastReviewedAt)}
                      </Text>
                      {a.reviewDue && (
                        <Text size="xs" c="red.8">
                          {t(a.reviewReason === 'workaround_changed' ? 'kb.manage.reviewDueWorkaround' : 'kb.manage.reviewDue')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <Card withBorder padding="md">
        <Title order={2} size="h5" mb="sm">
          {t('kb.manage.settings')}
        </Title>
        <Group align="flex-end" gap="xs" wrap="wrap">
          <NumberInput label={t('kb.manage.reviewAfterDays')} value={days} onChange={setDays} min={1} max={3650} w={200} disabled={!can(me, 'kb.publish')} />
          {can(me, 'kb.publish') && (
            <Button variant="default" loading={saveDays.isPending} onClick={() => typeof days === 'number' && saveDays.mutate(days as never)}>
              {t('common.save')}
            </Button>
          )}
        </Group>
        <ErrorAlert error={saveDays.error} />
        <Title order={2} size="h5" mt="lg" mb="sm">
          {t('kb.manage.knownErrors')}
        </Title>
        <KnownErrorStarter />
      </Card>
    </Page>
  );
}
