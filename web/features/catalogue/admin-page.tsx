import { ActionIcon, Alert, Anchor, Badge, Button, Card, Grid, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconArrowDown, IconArrowLeft, IconArrowUp, IconDeviceFloppy, IconEye, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { APPROVAL_RULES, CATALOGUE_ICONS, ITEM_KINDS, ORDERABLE_BY, type ItemAdminDto, type ItemInput } from '../../../contracts/catalogue';
import { FormDefinitionSchema, localText, type FormDefinition, type FormDefinitionInput } from '../../../contracts/forms';
import { PERMISSIONS } from '../../../contracts/permissions';
import { ApiError, api, post } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { localeTag } from '../../ui/format';
import { ListState } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { CategoriesCard } from './categories-card';
import { FormBuilder, LangInputs, type DefinitionIssue } from './form-builder';
import { FormRenderer, type FormState } from './form-renderer';
import { CATALOGUE_ICON_COMPONENTS, ItemIcon } from './icons';
import { adminItemsQuery, catalogueCategoriesQuery, formatPrice, taskGroupsQuery } from './queries';

export type CatalogueAdminSearch = { item?: string };
export const parseCatalogueAdminSearch = (s: Record<string, unknown>): CatalogueAdminSearch => ({
  item: typeof s.item === 'string' && (s.item === 'new' || /^[0-9a-f-]{36}$/i.test(s.item)) ? s.item : undefined,
});

const LANGS = ['en', 'de', 'nb', 'ru'] as const;
type Texts = { name: string; short: string; long: string };
type Draft = Omit<ItemInput, 'texts' | 'form' | 'tasks'> & {
  texts: Record<(typeof LANGS)[number], Texts>;
  form: FormDefinitionInput;
  tasks: { title: Record<string, string | undefined>; groupId: string | null }[];
};

const emptyDraft = (): Draft => ({
  key: '',
  kind: 'generic',
  categoryId: null,
  icon: 'box',
  texts: { en: { name: '', short: '', long: '' }, de: { name: '', short: '', long: '' }, nb: { name: '', short: '', long: '' }, ru: { name: '', short: '', long: '' } },
  leadTimeHours: null,
  price: null,
  orderableBy: 'all',
  orderPermission: null,
  approvalRule: 'none',
  tasks: [],
  fulfilmentSlaHours: null,
  form: { fields: [] },
  active: false,
  sort: 100,
});

function draftOf(item: ItemAdminDto): Draft {
  const texts = Object.fromEntries(LANGS.map((l) => [l, { name: '', short: '', long: '', ...(item.texts[l] ?? {}) }])) as Draft['texts'];
  return {
    key: item.key,
    kind: item.kind,
    categoryId: item.categoryId,
    icon: item.icon as Draft['icon'],
    texts,
    leadTimeHours: item.leadTimeHours,
    price: item.price,
    orderableBy: item.orderableBy,
    orderPermission: item.orderPermission,
    approvalRule: item.approvalRule,
    tasks: item.tasks,
    fulfilmentSlaHours: item.fulfilmentSlaHours,
    form: item.form as FormDefinitionInput,
    active: item.active,
    sort: item.sort,
  };
}

/** The body the API takes: languages without a name are left out (English is the fallback). */
function inputOf(d: Draft): ItemInput {
  const texts: Record<string, Texts> = {};
  for (const l of LANGS) if (l === 'en' || d.texts[l].name.trim()) texts[l] = d.texts[l];
  return { ...d, texts: texts as ItemInput['texts'], tasks: d.tasks as ItemInput['tasks'] };
}

/** /admin/catalogue: the provider admins' list of items and the editor with its form builder. */
export function CatalogueAdminPage() {
  const { t } = useTranslation();
  const search = useSearch({ strict: false }) as CatalogueAdminSearch;
  const items = useQuery(adminItemsQuery);
  const navigate = useNavigate();
  const open = (item?: string) => void navigate({ to: '/admin/catalogue', search: item ? { item } : {} });
  if (search.item) {
    const existing = items.data?.items.find((i) => i.id === search.item);
    if (search.item !== 'new' && !existing) return <ListState loading={items.isPending} empty={!items.isPending} emptyText={t('catalogue.admin.notFound')} />;
    return <ItemEditor key={search.item} item={existing ?? null} onDone={(id) => open(id)} onBack={() => open()} />;
  }
  return (
    <Page
      title={t('catalogue.admin.title')}
      description={t('catalogue.admin.description')}
      actions={
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => open('new')}>
          {t('catalogue.admin.newItem')}
        </Button>
      }
    >
      <ErrorAlert error={items.error} />
      <ListState loading={items.isPending} empty={!!items.data && items.data.items.length === 0} emptyText={t('catalogue.admin.none')} />
      {items.data && items.data.items.length > 0 && <ItemTable items={items.data.items} onOpen={open} />}
      <CategoriesCard />
    </Page>
  );
}

function ItemTable({ items, onOpen }: { items: ItemAdminDto[]; onOpen(id: string): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Card withBorder radius="md" padding={0}>
      <Table.ScrollContainer minWidth={640}>
        <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('catalogue.admin.item')}</Table.Th>
              <Table.Th>{t('catalogue.admin.kind')}</Table.Th>
              <Table.Th>{t('catalogue.fact.approval')}</Table.Th>
              <Table.Th ta="right">{t('catalogue.admin.orders')}</Table.Th>
              <Table.Th ta="right">{t('catalogue.admin.version')}</Table.Th>
              <Table.Th>{t('catalogue.admin.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id} style={{ cursor: 'pointer' }} onClick={() => onOpen(i.id)}>
                <Table.Td>
                  <Group gap="sm" wrap="nowrap">
                    <ItemIcon name={i.icon} size={32} />
                    <div>
                      <Anchor
                        component="button"
                        type="button"
                        fw={600}
                        size="sm"
                        ta="left"
                        onClick={(e) => {
                          e.stopPropagation();
                          onOpen(i.id);
                        }}
                      >
                        {(i.texts as Record<string, Texts | undefined>)[lang]?.name || i.texts.en.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {i.key} · {formatPrice(i.price, localeTag(lang)) ?? t('catalogue.onQuote')}
                      </Text>
                    </div>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`catalogue.kinds.${i.kind}`)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`catalogue.approval.${i.approvalRule}`)}</Text>
                </Table.Td>
                <Table.Td ta="right">{i.orderCount}</Table.Td>
                <Table.Td ta="right">{i.version}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm" fw={500} c={i.active ? 'teal.9' : 'dimmed'}>
                    {i.active ? t('catalogue.admin.active') : t('catalogue.admin.inactive')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** zod's issues of the definition (the server's own schema), or none. */
function definitionIssues(form: FormDefinitionInput): { issues: DefinitionIssue[]; parsed: FormDefinition | null } {
  const r = FormDefinitionSchema.safeParse(form);
  if (r.success) return { issues: [], parsed: r.data };
  return { issues: r.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })), parsed: null };
}

function ItemEditor({ item, onDone, onBack }: { item: ItemAdminDto | null; onDone(id: string): void; onBack(): void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => (item ? draftOf(item) : emptyDraft()));
  const [tab, setTab] = useState<string | null>('texts');
  const [textLang, setTextLang] = useState<string>('en');
  const [previewLang, setPreviewLang] = useState<string>(i18n.language);
  const [preview, setPreview] = useState<FormState>({});
  const [saved, setSaved] = useState(false);
  const categories = useQuery(catalogueCategoriesQuery);
  const groups = useQuery(taskGroupsQuery);
  const { issues, parsed } = useMemo(() => definitionIssues(draft.form), [draft.form]);
  // While the definition is invalid, the preview keeps showing the last valid one.
  const lastGoodRef = useRef<FormDefinition | null>(parsed);
  if (parsed) lastGoodRef.current = parsed;
  const lastGood = lastGoodRef.current;
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [k]: v }));
  };
  const save = useMutation({
    mutationFn: () => (item ? api<ItemAdminDto>(`/api/v1/catalogue/admin/items/${item.id}`, { method: 'PUT', body: inputOf(draft) }) : post<ItemAdminDto>('/api/v1/catalogue/admin/items', inputOf(draft))),
    onSuccess: (row) => {
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: ['catalogue'] });
      queryClient.setQueryData(adminItemsQuery.queryKey, (old: { items: ItemAdminDto[] } | undefined) =>
        old ? { items: old.items.some((i) => i.id === row.id) ? old.items.map((i) => (i.id === row.id ? row : i)) : [...old.items, row] } : old,
      );
      if (!item) onDone(row.id);
    },
  });
  const serverErrors = save.error instanceof ApiError ? save.error.errors.map((e) => ({ ...e, path: e.path.replace(/^body\./, '') })) : [];
  const err = (path: string) => serverErrors.find((e) => e.path === path)?.message;
  const name = draft.texts.en.name || t('catalogue.admin.newItem');
  const Icon = CATALOGUE_ICON_COMPONENTS[draft.icon as keyof typeof CATALOGUE_ICON_COMPONENTS];
  const formServerIssues: DefinitionIssue[] = serverErrors.filter((e) => e.path.startsWith('form.')).map((e) => ({ path: e.path.split('.').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message: e.message }));

  return (
    <Page
      title={name}
      description={item ? t('catalogue.admin.versionOf', { key: item.key, version: item.version }) : t('catalogue.admin.newDescription')}
      actions={
        <Group gap="sm">
          <Button variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />} onClick={onBack}>
            {t('catalogue.admin.backToList')}
          </Button>
          <Button leftSection={<IconDeviceFloppy size={16} aria-hidden />} onClick={() => save.mutate()} loading={save.isPending} disabled={issues.length > 0}>
            {t('common.save')}
          </Button>
        </Group>
      }
    >
      {saved && !save.isPending && (
        <Alert color="green" variant="light" role="status">
          {t('catalogue.admin.saved', { version: item?.version ?? 1 })}
        </Alert>
      )}
      {issues.length > 0 && (
        <Alert color="red" variant="light" role="alert" title={t('catalogue.admin.definitionInvalid')}>
          {t('catalogue.admin.definitionInvalidText', { n: issues.length })}
        </Alert>
      )}
      <ErrorAlert error={save.error} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="texts">{t('catalogue.admin.tabs.texts')}</Tabs.Tab>
          <Tabs.Tab value="settings">{t('catalogue.admin.tabs.settings')}</Tabs.Tab>
          <Tabs.Tab value="fulfilment">{t('catalogue.admin.tabs.fulfilment')}</Tabs.Tab>
          <Tabs.Tab value="form" rightSection={issues.length ? <Badge size="xs" color="red">{issues.length}</Badge> : undefined}>
            {t('catalogue.admin.tabs.form')}
          </Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="texts" pt="md">
          <Card withBorder radius="md" padding="lg">
            <Tabs value={textLang} onChange={(v) => setTextLang(v ?? 'en')} variant="pills">
              <Tabs.List mb="md">
                {LANGS.map((l) => (
                  <Tabs.Tab key={l} value={l}>
                    {t(`catalogue.langs.${l}`)}
                    {l !== 'en' && !draft.texts[l].name && (
                      <Text span size="xs" c="dimmed" ml={4}>
                        ({t('catalogue.admin.fallsBack')})
                      </Text>
                    )}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
            </Tabs>
            {(() => {
              const l = textLang as (typeof LANGS)[number];
              const tx = draft.texts[l];
              const put = (k: keyof Texts, v: string) => set('texts', { ...draft.texts, [l]: { ...tx, [k]: v } });
              return (
                <Stack gap="sm">
                  <TextInput label={t('catalogue.admin.name')} required={l === 'en'} value={tx.name} onChange={(e) => put('name', e.currentTarget.value)} maxLength={120} error={err(`texts.${l}.name`)} placeholder={l !== 'en' ? draft.texts.en.name : undefined} />
                  <TextInput label={t('catalogue.admin.short')} value={tx.short} onChange={(e) => put('short', e.currentTarget.value)} maxLength={300} error={err(`texts.${l}.short`)} placeholder={l !== 'en' ? draft.texts.en.short : undefined} />
                  <Textarea label={t('catalogue.admin.long')} description={t('catalogue.admin.markdown')} value={tx.long} onChange={(e) => put('long', e.currentTarget.value)} autosize minRows={6} maxRows={20} maxLength={20_000} error={err(`texts.${l}.long`)} />
                </Stack>
              );
            })()}
          </Card>
        </Tabs.Panel>

        <Tabs.Panel value="settings" pt="md">
          <Card withBorder radius="md" padding="lg">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput label={t('catalogue.admin.key')} description={t('catalogue.admin.keyHelp')} required value={draft.key} onChange={(e) => set('key', e.currentTarget.value)} error={err('key')} />
              <Select label={t('catalogue.admin.kind')} description={t('catalogue.admin.kindHelp')} data={ITEM_KINDS.map((k) => ({ value: k, label: t(`catalogue.kinds.${k}`) }))} value={draft.kind} onChange={(v) => v && set('kind', v as Draft['kind'])} allowDeselect={false} />
              <Select
                label={t('catalogue.fact.category')}
                data={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                value={draft.categoryId}
                onChange={(v) => set('categoryId', v)}
                clearable
                error={err('categoryId')}
              />
              <Select
                label={t('catalogue.admin.icon')}
                data={CATALOGUE_ICONS.map((i) => ({ value: i, label: t(`catalogue.icons.${i}`) }))}
                value={draft.icon}
                onChange={(v) => v && set('icon', v as Draft['icon'])}
                leftSection={Icon ? <Icon size={16} aria-hidden /> : undefined}
                allowDeselect={false}
              />
              <NumberInput label={t('catalogue.fact.leadTime')} description={t('catalogue.admin.hoursEmpty')} value={draft.leadTimeHours ?? ''} onChange={(v) => set('leadTimeHours', typeof v === 'number' ? v : null)} min={0} max={8760} allowDecimal={false} suffix=" h" error={err('leadTimeHours')} />
              <NumberInput label={t('catalogue.fact.sla')} description={t('catalogue.admin.hoursEmpty')} value={draft.fulfilmentSlaHours ?? ''} onChange={(v) => set('fulfilmentSlaHours', typeof v === 'number' ? v : null)} min={1} max={8760} allowDecimal={false} suffix=" h" error={err('fulfilmentSlaHours')} />
              <Stack gap={6}>
                <Switch label={t('catalogue.onQuote')} checked={draft.price === null} onChange={(e) => set('price', e.currentTarget.checked ? null : { amountCents: 0, currency: 'NOK' })} />
                {draft.price && (
                  <Group gap="xs" align="flex-start" wrap="nowrap">
                    <NumberInput label={t('catalogue.fact.price')} value={draft.price.amountCents / 100} onChange={(v) => set('price', { ...draft.price!, amountCents: Math.round((typeof v === 'number' ? v : 0) * 100) })} min={0} decimalScale={2} fixedDecimalScale thousandSeparator=" " error={err('price.amountCents')} style={{ flex: 1 }} />
                    <TextInput label={t('catalogue.admin.currency')} value={draft.price.currency} onChange={(e) => set('price', { ...draft.price!, currency: e.currentTarget.value.toUpperCase() })} maxLength={3} w={90} error={err('price.currency')} />
                  </Group>
                )}
              </Stack>
              <Stack gap={6}>
                <Select
                  label={t('catalogue.admin.whoMayOrder')}
                  data={ORDERABLE_BY.map((o) => ({ value: o, label: t(`catalogue.orderableBy.${o}`) }))}
                  value={draft.orderableBy}
                  onChange={(v) => {
                    if (!v) return;
                    setDraft((d) => ({ ...d, orderableBy: v as Draft['orderableBy'], orderPermission: v === 'permission' ? (d.orderPermission ?? 'access.request') : null }));
                  }}
                  allowDeselect={false}
                />
                {draft.orderableBy === 'permission' && (
                  <Select label={t('catalogue.admin.permission')} data={PERMISSIONS.map((p) => ({ value: p, label: p }))} value={draft.orderPermission} onChange={(v) => set('orderPermission', v)} searchable error={err('orderPermission')} allowDeselect={false} />
                )}
              </Stack>
              <Select label={t('catalogue.fact.approval')} data={APPROVAL_RULES.map((r) => ({ value: r, label: t(`catalogue.approval.${r}`) }))} value={draft.approvalRule} onChange={(v) => v && set('approvalRule', v as Draft['approvalRule'])} allowDeselect={false} />
              <NumberInput label={t('catalogue.admin.sort')} description={t('catalogue.admin.sortHelp')} value={draft.sort} onChange={(v) => set('sort', typeof v === 'number' ? v : 0)} min={0} max={100_000} allowDecimal={false} />
              <Switch label={t('catalogue.admin.activeLabel')} description={t('catalogue.admin.activeHelp')} checked={draft.active} onChange={(e) => set('active', e.currentTarget.checked)} mt="md" />
            </SimpleGrid>
          </Card>
        </Tabs.Panel>

        <Tabs.Panel value="fulfilment" pt="md">
          <Card withBorder radius="md" padding="lg">
            <Text size="sm" c="dimmed" mb="md">
              {t('catalogue.admin.tasksHelp')}
            </Text>
            <Stack gap="sm">
              {draft.tasks.map((task, i) => (
                <Card key={i} withBorder radius="md" padding="sm">
                  <Group justify="space-between" mb={6}>
                    <Text size="sm" fw={600}>
                      {t('catalogue.admin.taskN', { n: i + 1 })}
                    </Text>
                    <Group gap={2}>
                      <ActionIcon variant="subtle" color="gray" disabled={i === 0} onClick={() => set('tasks', swap(draft.tasks, i, i - 1))} aria-label={t('catalogue.builder.moveUp', { key: i + 1 })}>
                        <IconArrowUp size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="gray" disabled={i === draft.tasks.length - 1} onClick={() => set('tasks', swap(draft.tasks, i, i + 1))} aria-label={t('catalogue.builder.moveDown', { key: i + 1 })}>
                        <IconArrowDown size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="red" onClick={() => set('tasks', draft.tasks.filter((_, j) => j !== i))} aria-label={t('catalogue.builder.remove', { key: i + 1 })}>
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  </Group>
                  <Stack gap="xs">
                    <LangInputs label={t('catalogue.admin.taskTitle')} value={task.title} onChange={(v) => set('tasks', draft.tasks.map((x, j) => (j === i ? { ...x, title: v ?? { en: '' } } : x)))} required />
                    <Select
                      size="xs"
                      label={t('catalogue.admin.group')}
                      data={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
                      value={task.groupId}
                      onChange={(v) => set('tasks', draft.tasks.map((x, j) => (j === i ? { ...x, groupId: v } : x)))}
                      clearable
                      placeholder={t('catalogue.admin.noGroup')}
                      error={err(`tasks.${i}.groupId`)}
                      maw={360}
                    />
                  </Stack>
                </Card>
              ))}
              <Button variant="light" w="fit-content" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => set('tasks', [...draft.tasks, { title: { en: '' }, groupId: groups.data?.items[0]?.id ?? null }])}>
                {t('catalogue.admin.addTask')}
              </Button>
            </Stack>
          </Card>
        </Tabs.Panel>

        <Tabs.Panel value="form" pt="md">
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Card withBorder radius="md" padding="md">
                <Title order={2} size="h5" mb="sm">
                  {t('catalogue.admin.fields')}
                </Title>
                <FormBuilder value={draft.form} onChange={(f) => set('form', f)} issues={[...issues, ...formServerIssues]} />
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Card withBorder radius="md" padding="md" style={{ position: 'sticky', top: 76 }} component="section" aria-labelledby="preview-title">
                <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
                  <Group gap={6}>
                    <IconEye size={18} aria-hidden />
                    <Title order={2} size="h5" id="preview-title">
                      {t('catalogue.admin.preview')}
                    </Title>
                  </Group>
                  <SegmentedControl size="xs" value={previewLang} onChange={setPreviewLang} data={LANGS.map((l) => ({ value: l, label: l.toUpperCase() }))} aria-label={t('catalogue.admin.previewLanguage')} />
                </Group>
                {issues.length > 0 && (
                  <Text size="xs" c="red" mb="xs">
                    {lastGood ? t('catalogue.admin.previewStale') : t('catalogue.admin.previewNone')}
                  </Text>
                )}
                {lastGood && lastGood.fields.length > 0 ? (
                  <FormRenderer definition={lastGood} lang={previewLang} value={preview} onChange={setPreview} preview />
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('catalogue.builder.empty')}
                  </Text>
                )}
                {lastGood && lastGood.fields.length > 0 && (
                  <Text size="xs" c="dimmed" mt="md">
                    {t('catalogue.admin.previewNote', { name: localText(draft.texts.en.name ? { en: draft.texts.en.name } : { en: '—' }, previewLang) })}
                  </Text>
                )}
              </Card>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function swap<T>(list: T[], a: number, b: number): T[] {
  const next = [...list];
  [next[a], next[b]] = [next[b]!, next[a]!];
  return next;
}
