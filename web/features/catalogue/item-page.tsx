import { Alert, Anchor, Badge, Box, Button, Card, Checkbox, Grid, Group, List, Stack, Text, Title, Typography } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldsOfType, validateFormValues, type FormDefinition } from '../../../contracts/forms';
import { ApiError, api, get, post } from '../../ui/api';
import { ErrorAlert, useErrorMessage } from '../../ui/errors';
import { localeTag } from '../../ui/format';
import { ListState } from '../../ui/list-parts';
import { usePageTitle } from '../../ui/page';
import { useCurrentUser } from '../auth/queries';
import { useLeadTime } from './catalogue-page';
import { FormRenderer, type FormErrors, type FormState } from './form-renderer';
import { ItemIcon } from './icons';
import { catalogueItemQuery, dependenciesQuery, formatPrice, type ItemDetailDto } from './queries';

type Dependency = { kind: string; ref: string; label: string; link?: string };
/** A draft order as the orders API gives it (what this page needs of it). */
type Draft = {
  id: string;
  ref: string;
  status: string;
  values: Record<string, unknown>;
  form: unknown;
  item: { id: string };
  files: { id: string; name: string }[];
  readable: { key: string; text: string; fileIds?: string[] }[];
  abilities: { edit: boolean };
};

export type CatalogueItemSearch = { draft?: string };
export const parseCatalogueItemSearch = (s: Record<string, unknown>): CatalogueItemSearch => ({
  draft: typeof s.draft === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s.draft) ? s.draft : undefined,
});

/** /catalogue/$itemId: what the item is, what it costs and takes, and its order form. */
export function CatalogueItemPage() {
  const { itemId } = useParams({ strict: false }) as { itemId: string };
  const { draft: draftId } = useSearch({ strict: false }) as CatalogueItemSearch;
  const item = useQuery(catalogueItemQuery(itemId));
  // "Edit draft" and "Reorder" on an order page come here with ?draft=<order id>.
  const draft = useQuery({ queryKey: ['orders', 'one', draftId], queryFn: ({ signal }) => get<Draft>(`/api/v1/orders/${draftId}`, signal), enabled: !!draftId });
  const { t } = useTranslation();
  usePageTitle(item.data?.name ?? t('catalogue.title'));
  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <Anchor component={Link} to="/catalogue" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('catalogue.back')}
        </Group>
      </Anchor>
      <ListState loading={item.isPending || (!!draftId && draft.isPending)} empty={false} emptyText="" />
      <ErrorAlert error={item.error ?? draft.error} />
      {item.data && (!draftId || draft.data) && <ItemView key={draft.data?.id ?? 'new'} item={item.data} draft={draft.data && draft.data.status === 'draft' && draft.data.abilities.edit ? draft.data : null} />}
    </Stack>
  );
}

function ItemView({ item, draft }: { item: ItemDetailDto; draft: Draft | null }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const lead = useLeadTime();
  const navigate = useNavigate();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<FormState>(() => (draft ? { ...draft.values } : {}));
  // A draft is validated against the form it was made from (the item may have changed since).
  const form = draft ? (draft.form as FormDefinition) : item.form;
  const fileNames = useMemo(() => {
    const names: Record<string, string> = Object.fromEntries((draft?.files ?? []).map((f) => [f.id, f.name]));
    // Files staged for a draft are named in its readable values ("a.pdf, b.jpg", in the order of the ids).
    for (const r of draft?.readable ?? []) {
      const parts = r.text.split(', ');
      if (r.fileIds && parts.length === r.fileIds.length) r.fileIds.forEach((id, i) => (names[id] ??= parts[i]!));
    }
    return names;
  }, [draft]);
  const [errors, setErrors] = useState<FormErrors>([]);
  const [tried, setTried] = useState(false);
  const [acknowledged, setAcknowledged] = useState(false);
  const lang = i18n.language;
  const price = formatPrice(item.price, localeTag(lang));
  const check = (v: FormState) => validateFormValues(form, v, { now: new Date(), lang }).errors;

  // Decommissioning: what depends on the chosen locations, shown before submission (seed 004).
  const decommission = item.kind === 'decommission';
  const locationIds = useMemo(
    () => (decommission ? [...new Set(fieldsOfType(form, 'location').flatMap((f) => (Array.isArray(values[f.key]) ? (values[f.key] as string[]) : [])))] : []),
    [decommission, form, values],
  );
  const deps = useQuery({ ...dependenciesQuery(locationIds), enabled: decommission && locationIds.length > 0 && item.canOrder });
  const dependencies: Dependency[] = deps.data?.items ?? [];

  const order = useMutation({
    mutationFn: async (submit: boolean) => {
      const ack = submit && decommission ? { acknowledgedDependencies: dependencies } : {};
      if (!draft) return post<{ id: string }>('/api/v1/orders', { itemId: item.id, values, submit, ...ack });
      const saved = await api<{ id: string }>(`/api/v1/orders/${draft.id}`, { method: 'PUT', body: { values } });
      return submit ? post<{ id: string }>(`/api/v1/orders/${draft.id}/submit`, ack) : saved;
    },
    onSuccess: (o) => {
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      void navigate({ href: `/orders/${o.id}` });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.errors.length) setErrors(e.errors.map((x) => ({ path: x.path.replace(/^body\./, ''), message: x.message })));
    },
  });

  const onChange = (v: FormState) => {
    setValues(v);
    if (tried) setErrors(check(v));
  };
  const send = (submit: boolean) => {
    setTried(true);
    const found = submit ? check(values) : [];
    setErrors(found);
    if (found.length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"], [data-error]')?.focus());
      return;
    }
    order.mutate(submit);
  };
  const needsAck = decommission && dependencies.length > 0 && !acknowledged;
  const approval = t(`catalogue.approval.${item.approvalRule}`);

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="lg">
          <Group gap="md" wrap="nowrap" align="flex-start">
            <ItemIcon name={item.icon} size={48} />
            <div>
              <Title order={1} size="h2">
                {item.name}
              </Title>
              <Text c="dimmed" size="sm" mt={4}>
                {item.short}
              </Text>
            </div>
          </Group>
          {item.longHtml && (
            <Typography className="portico-markdown">
              <div dangerouslySetInnerHTML={{ __html: item.longHtml }} />
            </Typography>
          )}
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="order-form-title">
            <Title order={2} size="h4" id="order-form-title" mb="md">
              {draft ? t('catalogue.editingDraft', { ref: draft.ref }) : t('catalogue.orderForm')}
            </Title>
            {!item.canOrder && (
              <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} aria-hidden />} mb="md">
                {me.org.kind === 'provider' ? t('catalogue.staffPreview') : t('catalogue.cannotOrder')}
              </Alert>
            )}
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                send(true);
              }}
            >
              <Stack gap="lg">
                <FormRenderer definition={form} lang={lang} value={values} onChange={onChange} errors={errors} disabled={!item.canOrder || order.isPending} preview={!item.canOrder} fileNames={fileNames} />
                {decommission && locationIds.length > 0 && item.canOrder && (
                  <Card withBorder radius="md" padding="md" bg={dependencies.length ? 'yellow.0' : undefined} aria-live="polite">
                    <Group gap={6} mb={6}>
                      <IconAlertTriangle size={18} aria-hidden color="var(--mantine-color-yellow-8)" />
                      <Text fw={600} size="sm">
                        {t('catalogue.dependencies.title')}
                      </Text>
                    </Group>
                    {deps.isPending ? (
                      <Text size="sm" c="dimmed">
                        {t('common.loading')}
                      </Text>
                    ) : deps.error ? (
                      <Text size="sm" c="red">
                        {message(deps.error)}
                      </Text>
                    ) : dependencies.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t('catalogue.dependencies.none')}
                      </Text>
                    ) : (
                      <Stack gap="xs">
                        <List size="sm" spacing={4}>
                          {dependencies.map((d) => (
                            <List.Item key={`${d.kind}:${d.ref}`}>
                              <Text span size="sm" fw={500}>
                                {d.ref}
                              </Text>{' '}
                              <Text span size="sm">
                                {d.label}
                              </Text>
                            </List.Item>
                          ))}
                        </List>
                        <Checkbox label={t('catalogue.dependencies.acknowledge')} checked={acknowledged} onChange={(e) => setAcknowledged(e.currentTarget.checked)} />
                      </Stack>
                    )}
                  </Card>
                )}
                {tried && errors.length > 0 && (
                  <Alert color="red" variant="light" role="alert">
                    {t('catalogue.fixFields', { n: errors.length })}
                  </Alert>
                )}
                {order.error && !(order.error instanceof ApiError && order.error.errors.length) ? <ErrorAlert error={order.error} /> : null}
                <Group justify="flex-end" gap="sm">
                  <Button variant="default" onClick={() => send(false)} loading={order.isPending && order.variables === false} disabled={!item.canOrder || order.isPending}>
                    {t('catalogue.saveDraft')}
                  </Button>
                  <Button type="submit" loading={order.isPending && order.variables === true} disabled={!item.canOrder || order.isPending || needsAck}>
                    {item.approvalRule === 'none' ? t('catalogue.submit') : t('catalogue.submitForApproval')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Card>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Card withBorder radius="md" padding="lg" component="aside" aria-labelledby="item-facts" style={{ position: 'sticky', top: 76 }}>
          <Title order={2} size="h5" id="item-facts" mb="sm">
            {t('catalogue.facts')}
          </Title>
          <Box component="dl" m={0}>
            <Fact label={t('catalogue.fact.price')} value={price ?? t('catalogue.onQuote')} />
            <Fact label={t('catalogue.fact.leadTime')} value={lead(item.leadTimeHours) ?? t('catalogue.fact.byAgreement')} />
            <Fact label={t('catalogue.fact.approval')} value={<Badge variant="light" color={item.approvalRule === 'none' ? 'teal' : 'portico'} tt="none">{approval}</Badge>} />
            {item.fulfilmentSlaHours !== null && <Fact label={t('catalogue.fact.sla')} value={lead(item.fulfilmentSlaHours)} />}
            {item.fulfilledBy.length > 0 && <Fact label={t('catalogue.fact.fulfilledBy')} value={item.fulfilledBy.join(', ')} />}
            {item.categoryName && <Fact label={t('catalogue.fact.category')} value={item.categoryName} />}
          </Box>
        </Card>
      </Grid.Col>
    </Grid>
  );
}

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <Box mb="sm">
      <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.4 }}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} mt={2}>
        {value}
      </Text>
    </Box>
  );
}
