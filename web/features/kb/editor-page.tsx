import { Alert, Anchor, Badge, Button, Card, FileButton, Grid, Group, MultiSelect, Select, Stack, Tabs, TagsInput, Text, Textarea, TextInput, Title, Typography } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { IconPaperclip, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PERMISSIONS, ROLES } from '../../../contracts/permissions';
import { ApiError, del } from '../../ui/api';
import { Dot } from './dot';
import { AnchorLink } from '../../ui/anchor-link';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';
import { orgChoicesQuery } from '../orgs/queries';
import { useDebounced } from '../search/queries';
import { STATUS_COLOR } from './manage-page';
import { KbVersions } from './versions-panel';
import { KB_LANGS, kbApi, kbCategoriesQuery, kbEditorQuery, kbManageQuery, useKbAction, type ArticleForm, type KbEditorDto, type KbLang } from './queries';

const LANG_NAMES: Record<KbLang, string> = { en: 'English', de: 'Deutsch', nb: 'Norsk bokmål', ru: 'Русский' };
const VISIBILITIES = ['public', 'customers', 'organisations', 'audience', 'internal'] as const;

const emptyForm = (lang: KbLang): ArticleForm => ({ categoryId: null, mainLang: lang, variants: { [lang]: { title: '', body: '' } }, visibility: 'customers', orgIds: [], roles: [], permissions: [], tags: [], relatedIds: [] });
const formOf = (a: KbEditorDto): ArticleForm => ({
  categoryId: a.categoryId,
  mainLang: a.mainLang,
  variants: a.variants,
  visibility: a.visibility,
  orgIds: a.orgs.map((o) => o.id),
  roles: a.roles,
  permissions: a.permissions,
  tags: a.tags,
  relatedIds: a.related.map((r) => r.id),
});

function Preview({ id, body }: { id: string | null; body: string }) {
  const { t } = useTranslation();
  const debounced = useDebounced(body, 400);
  const q = useQuery({ queryKey: ['kb', 'preview', id, debounced], queryFn: () => kbApi.preview(id, debounced), staleTime: Infinity });
  return (
    <Card withBorder padding="md" bg="white" aria-label={t('kb.editor.preview')} component="section">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb="xs">
        {t('kb.editor.preview')}
      </Text>
      <Typography>
        <div className="kb-body" data-testid="kb-preview" dangerouslySetInnerHTML={{ __html: q.data?.html ?? '' }} />
      </Typography>
    </Card>
  );
}

/** Writing an article: languages side by side with a live preview, settings, workflow, versions and attachments. */
export function KbEditorPage({ id }: { id: string | null }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const fmt = useFormat();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const editor = useQuery({ ...kbEditorQuery(id ?? ''), enabled: !!id });
  const cats = useQuery(kbCategoriesQuery(i18n.language));
  const orgs = useQuery(orgChoicesQuery);
  const all = useQuery(kbManageQuery({}));
  const [form, setForm] = useState<ArticleForm>(() => emptyForm((KB_LANGS as readonly string[]).includes(i18n.language) ? (i18n.language as KbLang) : 'en'));
  const [tab, setTab] = useState<KbLang>(form.mainLang);
  const [uploadError, setUploadError] = useState<unknown>(null);
  useEffect(() => {
    if (editor.data) {
      setForm(formOf(editor.data));
      setTab((cur) => (editor.data.variants[cur] ? cur : editor.data.mainLang));
    }
  }, [editor.data]);
  const save = useKbAction(
    () => (id ? kbApi.update(id, form) : kbApi.create(form)),
    (r) => {
      if (!id) void navigate({ to: '/kb/manage/$id', params: { id: r.id } });
    },
  );
  const step = useKbAction((s: 'submit' | 'publish' | 'unpublish' | 'reviewed') => kbApi.step(id!, s));
  const a = editor.data;
  const variant = form.variants[tab];
  const setVariant = (patch: Partial<{ title: string; body: string }>) => setForm((f) => ({ ...f, variants: { ...f.variants, [tab]: { title: '', body: '', ...f.variants[tab], ...patch } } }));
  const catName = (cid: string): string => {
    const c = cats.data?.items.find((x) => x.id === cid);
    if (!c) return '';
    return c.parentId ? `${catName(c.parentId)} › ${c.name}` : c.name;
  };
  const err = save.error;
  const fe = (path: string) => fieldError(err, path) ?? (err instanceof ApiError ? err.errors.find((e) => e.path.startsWith(`body.${path}`) || e.path.startsWith(path))?.message : undefined);
  const upload = async (file: File | null) => {
    if (!file || !id) return;
    setUploadError(null);
    const body = new FormData();
    body.append('file', file);
    const res = await fetch(`/api/v1/kb/manage/articles/${id}/attachments`, { method: 'POST', body, credentials: 'same-origin' });
    if (!res.ok) {
      const p = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
      setUploadError(new ApiError(res.status, p.code ?? 'UNKNOWN', p.detail ?? res.statusText));
    }
    await qc.invalidateQueries({ queryKey: ['kb'] });
  };
  if (id && editor.error) return <ErrorAlert error={editor.error} />;
  if (id && !a) return null;
  const title = a ? (form.variants[form.mainLang]?.title || t('kb.manage.untitled')) : t('kb.editor.newTitle');
  return (
    <Page
      title={title}
      description={
        a ? (
          <Group gap={6}>
            <Badge variant="default" leftSection={<Dot color={STATUS_COLOR[a.status]!} />}>{t(`kb.status.${a.status}`)}</Badge>
            {a.draftStatus && a.status !== a.draftStatus && <Badge variant="default" leftSection={<Dot color={STATUS_COLOR[a.draftStatus]!} />}>{t(`kb.status.${a.draftStatus}`)}</Badge>}
            <span>{t('kb.editor.reviewedOn', { date: fmt.date(a.lastReviewedAt) })}</span>
            {a.status === 'published' && (
              <AnchorLink to="/kb/articles/$id" params={{ id: a.id }} size="sm">
                {t('kb.editor.viewLive')}
              </AnchorLink>
            )}
          </Group>
        ) : undefined
      }
      actions={
        <Group gap="xs">
          <Button onClick={() => save.mutate(undefined as never)} loading={save.isPending} data-testid="kb-save">
            {t('common.save')}
          </Button>
          {a?.draftStatus === 'draft' && (
            <Button variant="default" onClick={() => step.mutate('submit' as never)} loading={step.isPending}>
              {t('kb.editor.submit')}
            </Button>
          )}
          {a && can(me, 'kb.publish') && (a.draftStatus === 'in_review' || (!a.draftStatus && a.status === 'unpublished')) && (
            <Button color="green.8" onClick={() => step.mutate('publish' as never)} loading={step.isPending}>
              {t('kb.editor.publish')}
            </Button>
          )}
          {a?.status === 'published' && (
            <Button variant="default" onClick={() => step.mutate('reviewed' as never)} loading={step.isPending}>
              {t('kb.editor.markReviewed')}
            </Button>
          )}
          {a?.status === 'published' && can(me, 'kb.publish') && (
            <Button variant="default" color="red" onClick={() => step.mutate('unpublish' as never)} loading={step.isPending}>
              {t('kb.editor.unpublish')}
            </Button>
          )}
        </Group>
      }
    >
      <ErrorAlert error={save.error ?? step.error} />
      {save.isSuccess && !save.isPending && (
        <Alert color="green.9" variant="outline" role="status">
          {t('kb.editor.saved')}
        </Alert>
      )}
      <Tabs value={tab} onChange={(v) => v && setTab(v as KbLang)}>
        <Tabs.List>
          {KB_LANGS.map((l) => (
            <Tabs.Tab key={l} value={l}>
              {LANG_NAMES[l]}
              {form.mainLang === l ? ` · ${t('kb.editor.main')}` : form.variants[l] ? '' : ' +'}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="sm">
            <TextInput label={t('kb.editor.titleLabel', { language: LANG_NAMES[tab] })} value={variant?.title ?? ''} onChange={(e) => setVariant({ title: e.currentTarget.value })} maxLength={200} error={fe(`variants.${tab}`)} data-testid="kb-title" />
            <Textarea
              label={t('kb.editor.bodyLabel')}
              description={t('kb.editor.bodyHint')}
              value={variant?.body ?? ''}
              onChange={(e) => setVariant({ body: e.currentTarget.value })}
              autosize
              minRows={14}
              maxRows={30}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
              data-testid="kb-body-input"
            />
            {variant && tab !== form.mainLang && (
              <Group>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() =>
                    setForm((f) => {
                      const variants = { ...f.variants };
                      delete variants[tab];
                      return { ...f, variants };
                    })
                  }
                >
                  {t('kb.editor.removeLanguage', { language: LANG_NAMES[tab] })}
                </Button>
              </Group>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Preview id={id} body={variant?.body ?? ''} />
        </Grid.Col>
      </Grid>
      <Card withBorder padding="md">
        <Title order={2} size="h5" mb="sm">
          {t('kb.editor.settings')}
        </Title>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select label={t('kb.editor.mainLang')} data={KB_LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))} value={form.mainLang} onChange={(v) => v && setForm((f) => ({ ...f, mainLang: v as KbLang }))} allowDeselect={false} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select label={t('kb.editor.category')} data={(cats.data?.items ?? []).map((c) => ({ value: c.id, label: catName(c.id) }))} value={form.categoryId} onChange={(v) => setForm((f) => ({ ...f, categoryId: v }))} clearable searchable error={fe('categoryId')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label={t('kb.editor.visibility')}
              data={VISIBILITIES.map((v) => ({ value: v, label: t(`kb.visibility.${v}`) }))}
              value={form.visibility}
              onChange={(v) => v && setForm((f) => ({ ...f, visibility: v as ArticleForm['visibility'] }))}
              allowDeselect={false}
              description={t(`kb.visibilityHint.${form.visibility}`)}
              data-testid="kb-visibility"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            {form.visibility === 'organisations' && (
              <MultiSelect
                label={t('kb.editor.orgs')}
                data={(orgs.data?.items ?? []).filter((o) => o.kind === 'customer').map((o) => ({ value: o.id, label: o.name }))}
                value={form.orgIds}
                onChange={(v) => setForm((f) => ({ ...f, orgIds: v }))}
                searchable
                error={fe('orgIds')}
              />
            )}
            {form.visibility === 'audience' && (
              <Stack gap="xs">
                <MultiSelect label={t('kb.editor.roles')} data={ROLES.filter((r) => r.startsWith('customer')).map((r) => ({ value: r, label: t(`roles.${r}`, { defaultValue: r }) }))} value={form.roles} onChange={(v) => setForm((f) => ({ ...f, roles: v }))} error={fe('roles')} />
                <MultiSelect label={t('kb.editor.permissions')} data={PERMISSIONS.map((p) => ({ value: p, label: p }))} value={form.permissions} onChange={(v) => setForm((f) => ({ ...f, permissions: v }))} searchable />
              </Stack>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TagsInput label={t('kb.editor.tags')} value={form.tags} onChange={(v) => setForm((f) => ({ ...f, tags: v }))} maxTags={20} clearable />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <MultiSelect
              label={t('kb.editor.related')}
              data={(all.data?.items ?? []).filter((x) => x.id !== id).map((x) => ({ value: x.id, label: x.title || t('kb.manage.untitled') }))}
              value={form.relatedIds}
              onChange={(v) => setForm((f) => ({ ...f, relatedIds: v }))}
              searchable
              maxValues={20}
              error={fe('relatedIds')}
            />
          </Grid.Col>
        </Grid>
      </Card>
      {a && (
        <Card withBorder padding="md">
          <Title order={2} size="h5" mb="sm">
            {t('kb.reader.attachments')}
          </Title>
          <Stack gap={6}>
            {a.attachments.map((f) => (
              <Group key={f.id} gap="xs" wrap="nowrap">
                <IconPaperclip size={14} aria-hidden />
                <Text size="sm" td={f.pending === 'removed' ? 'line-through' : undefined} style={{ overflowWrap: 'anywhere' }}>
                  {f.filename}
                </Text>
                {f.pending && (
                  <Badge size="sm" variant="light" color={f.pending === 'added' ? 'blue' : 'orange'} style={{ flexShrink: 0 }}>
                    {t(f.pending === 'added' ? 'kb.editor.attachmentAdded' : 'kb.editor.attachmentRemoved')}
                  </Badge>
                )}
                {f.contentType.startsWith('image/') && f.pending !== 'removed' && (
                  <Text size="xs" c="dimmed" ff="monospace">
                    ![]({`attachment:${f.filename}`})
                  </Text>
                )}
                {f.pending !== 'removed' && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    aria-label={t('kb.editor.removeAttachment', { name: f.filename })}
                    onClick={async () => {
                      await del(`/api/v1/kb/manage/articles/${a.id}/attachments/${f.id}`);
                      await qc.invalidateQueries({ queryKey: ['kb'] });
                    }}
                  >
                    <IconTrash size={14} aria-hidden />
                  </Button>
                )}
              </Group>
            ))}
            {a.attachments.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('kb.editor.attachmentsNote')}
              </Text>
            )}
            <FileButton onChange={(f) => void upload(f)}>
              {(props) => (
                <Button {...props} variant="default" size="xs" style={{ alignSelf: 'flex-start' }}>
                  {t('kb.editor.addAttachment')}
                </Button>
              )}
            </FileButton>
            <ErrorAlert error={uploadError} />
          </Stack>
        </Card>
      )}
      {a && <KbVersions article={a} />}
      {a && a.feedback.length > 0 && (
        <Card withBorder padding="md">
          <Title order={2} size="h5" mb="sm">
            {t('kb.editor.feedback')}
          </Title>
          <Stack gap="xs">
            {a.feedback.map((f, i) => (
              <Text key={i} size="sm">
                <Badge size="xs" variant="default" leftSection={<Dot color={f.helpful ? 'green.9' : 'red.9'} />} mr={6}>
                  {f.helpful ? t('kb.reader.yes') : t('kb.reader.no')}
                </Badge>
                {f.comment ?? ''}{' '}
                <Text span size="xs" c="dimmed">
                  {f.org} · {fmt.date(f.createdAt)}
                </Text>
              </Text>
            ))}
          </Stack>
        </Card>
      )}
    </Page>
  );
}
