import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Button, Card, Center, Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { MonthPickerInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { IconCalendar, IconChartBar, IconDownload } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadText, toCsv } from '../../ui/csv';
import { ErrorAlert } from '../../ui/errors';
import { localeTag } from '../../ui/format';
import { Page } from '../../ui/page';
import { useCurrentUser } from '../auth/queries';
import { orgChoicesQuery } from '../orgs/queries';
import { picksOrganisation, reportQuery } from './queries';
import { SelfServiceCard } from '../search/self-service-card';
import { csvRows, hasData, MAX_MONTHS, monthlyTotals, monthsBetween, orgRows, reportRange, type MonthFigures } from './report-data';

const route = getRouteApi('/_app/reports');

/**
 * Service figures per month: tickets opened and resolved, mean time to first response and to
 * resolution, the share resolved within the SLA and customer satisfaction, as charts and as a
 * table (downloadable as CSV). Customers see their organisation; provider staff all or one.
 */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const staff = picksOrganisation(me);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { from, to } = reportRange(search);
  const orgId = staff ? search.orgId : undefined;
  const report = useQuery(reportQuery({ from, to, orgId }));
  const orgs = useQuery({ ...orgChoicesQuery, enabled: staff });
  const [picking, setPicking] = useState<[string | null, string | null] | null>(null);
  const [view, setView] = useState<'months' | 'orgs'>('months');
  const rows = report.data?.items ?? [];
  const months = monthlyTotals(rows, from, to);
  const empty = !report.isPending && !report.error && !hasData(rows);
  const breakdown = staff && !orgId && view === 'orgs';

  const lang = localeTag(i18n.language);
  const monthName = (m: string) => new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`));
  const num = (v: number | null, digits = 1) => (v === null ? '—' : new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(v));
  const chartData = months.map((m) => ({ ...m, label: monthName(m.month) }));
  const orgName = orgId ? orgs.data?.items.find((o) => o.id === orgId)?.name : staff ? t('reports.allOrganisations') : me.org.name;

  const columns = [t('reports.month'), t('reports.opened'), t('reports.resolved'), t('reports.firstResponseHours'), t('reports.resolutionHours'), t('reports.withinSla'), t('reports.csat')];
  const download = () => {
    // The table writes "75 %"; the file keeps plain numbers and says the unit in the heading.
    const header = columns.map((c, i) => (i === 5 ? `${c} (%)` : c));
    const csv = breakdown ? toCsv([t('reports.organisation'), ...header], orgRows(rows).map((r) => [r.orgName, ...csvRows([r])[0]!])) : toCsv(header, csvRows(months));
    const who = orgId ? (orgName ?? orgId) : staff ? 'all' : me.org.name;
    const slug = who.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
    downloadText(`ticket-report-${slug}-${from}-${to}${breakdown ? '-by-organisation' : ''}.csv`, csv);
  };

  const pickedValue: [string | null, string | null] = picking ?? [`${from}-01`, `${to}-01`];
  const pickedSpan = picking?.[0] && picking[1] ? monthsBetween(picking[0].slice(0, 7), picking[1].slice(0, 7)).length : 0;
  const rangeError = pickedSpan > MAX_MONTHS ? t('reports.rangeTooLong', { count: MAX_MONTHS }) : null;
  const today = new Date().toISOString().slice(0, 10);

  return (
    <Page
      title={t('reports.title')}
      description={t('reports.description', { org: orgName ?? '' })}
      actions={
        <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={download} disabled={empty || report.isPending || !!report.error}>
          {t('reports.downloadCsv')}
        </Button>
      }
    >
      <Card withBorder padding="md">
        <SimpleGrid cols={{ base: 1, sm: staff ? 2 : 1 }} spacing="sm" maw={staff ? 720 : 360} role="search" aria-label={t('reports.filters')}>
          <MonthPickerInput
            type="range"
            label={t('reports.months')}
            value={pickedValue}
            onChange={(v) => {
              setPicking(v);
              const [a, b] = v;
              if (!a || !b) return;
              const f = a.slice(0, 7);
              const tt = b.slice(0, 7);
              if (monthsBetween(f, tt).length > MAX_MONTHS) return;
              setPicking(null);
              void navigate({ search: (s) => ({ ...s, from: f, to: tt }), replace: true });
            }}
            onDropdownClose={() => {
              if (!picking?.[0] || !picking[1] || rangeError) setPicking(null);
            }}
            allowSingleDateInRange
            maxDate={today}
            valueFormat="MMM YYYY"
            leftSection={<IconCalendar size={16} aria-hidden />}
            error={rangeError}
          />
          {staff && (
            <Select
              label={t('reports.organisation')}
              placeholder={t('reports.allOrganisations')}
              data={(orgs.data?.items ?? []).filter((o) => o.kind === 'customer').map((o) => ({ value: o.id, label: o.name }))}
              value={orgId ?? null}
              onChange={(v) => void navigate({ search: (s) => ({ ...s, orgId: v ?? undefined }), replace: true })}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
            />
          )}
        </SimpleGrid>
      </Card>

      <ErrorAlert error={report.error} />
      {report.isPending && (
        <Center py="xl">
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
        </Center>
      )}
      {empty && (
        <Card withBorder padding="xl">
          <Stack align="center" gap="xs" py="md">
            <IconChartBar size={32} color="var(--mantine-color-gray-5)" aria-hidden />
            <Text fw={500}>{t('reports.emptyTitle')}</Text>
            <Text size="sm" c="dimmed" ta="center">
              {t('reports.emptyText', { from: monthName(from), to: monthName(to) })}
            </Text>
          </Stack>
        </Card>
      )}
      {!empty && report.data && (
        <>
          <SelfServiceCard rows={rows} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <ChartCard title={t('reports.chartVolume')}>
              <BarChart
                h={240}
                data={chartData}
                dataKey="label"
                series={[
                  { name: 'opened', label: t('reports.opened'), color: 'portico.6' },
                  { name: 'resolved', label: t('reports.resolved'), color: 'teal.6' },
                ]}
                withLegend
                legendProps={{ verticalAlign: 'bottom' }}
                valueFormatter={(v) => num(v, 0)}
                yAxisProps={{ allowDecimals: false, width: 40 }}
                tickLine="y"
              />
            </ChartCard>
            <ChartCard title={t('reports.chartTimes')} empty={months.every((m) => m.firstResponseHours === null && m.resolutionHours === null) ? t('reports.noTimes') : null}>
              <LineChart
                h={240}
                data={chartData}
                dataKey="label"
                series={[
                  { name: 'firstResponseHours', label: t('reports.firstResponseHours'), color: 'portico.6' },
                  { name: 'resolutionHours', label: t('reports.resolutionHours'), color: 'orange.6' },
                ]}
                withLegend
                legendProps={{ verticalAlign: 'bottom' }}
                valueFormatter={(v) => t('reports.hours', { value: num(v) })}
                yAxisProps={{ width: 40, tickFormatter: (v: number) => num(v) }}
                tickLine="y"
                curveType="linear"
              />
            </ChartCard>
            <ChartCard title={t('reports.chartSla')} empty={months.every((m) => m.withinSlaPercent === null) ? t('reports.noResolved') : null}>
              <LineChart
                h={220}
                data={chartData}
                dataKey="label"
                series={[{ name: 'withinSlaPercent', label: t('reports.withinSla'), color: 'teal.6' }]}
                valueFormatter={(v) => `${num(v)} %`}
                yAxisProps={{ domain: [0, 100], ticks: [0, 25, 50, 75, 100], width: 40, tickFormatter: (v: number) => num(v, 0) }}
                tickLine="y"
                curveType="linear"
              />
            </ChartCard>
            <ChartCard title={t('reports.chartCsat')} empty={months.every((m) => m.csatAverage === null) ? t('reports.noRatings') : null}>
              <LineChart
                h={220}
                data={chartData}
                dataKey="label"
                series={[{ name: 'csatAverage', label: t('reports.csat'), color: 'yellow.7' }]}
                valueFormatter={(v) => num(v, 2)}
                yAxisProps={{ domain: [1, 5], ticks: [1, 2, 3, 4, 5], width: 40 }}
                tickLine="y"
                curveType="linear"
              />
            </ChartCard>
          </SimpleGrid>

          <Card withBorder padding="md">
            <Stack gap="sm">
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Title order={2} size="h4">
                  {t('reports.tableTitle')}
                </Title>
                {staff && !orgId && (
                  <SegmentedControl
                    size="xs"
                    aria-label={t('reports.tableView')}
                    value={view}
                    onChange={(v) => setView(v === 'orgs' ? 'orgs' : 'months')}
                    data={[
                      { value: 'months', label: t('reports.totals') },
                      { value: 'orgs', label: t('reports.byOrganisation') },
                    ]}
                  />
                )}
              </Group>
              <Table.ScrollContainer minWidth={breakdown ? 860 : 720}>
                <Table verticalSpacing="xs" striped highlightOnHover data-testid="report-table">
                  <Table.Thead>
                    <Table.Tr>
                      {breakdown && <Table.Th>{t('reports.organisation')}</Table.Th>}
                      {columns.map((c, i) => (
                        <Table.Th key={c} ta={i === 0 ? undefined : 'right'}>
                          {c}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {breakdown
                      ? orgRows(rows).map((m) => (
                          <Table.Tr key={`${m.orgId}|${m.month}`}>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>{m.orgName}</Table.Td>
                            <FigureCells m={m} monthName={monthName} num={num} />
                          </Table.Tr>
                        ))
                      : months.map((m) => (
                          <Table.Tr key={m.month}>
                            <FigureCells m={m} monthName={monthName} num={num} />
                          </Table.Tr>
                        ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Text size="xs" c="dimmed">
                {t('reports.tableNote')}
              </Text>
            </Stack>
          </Card>
        </>
      )}
    </Page>
  );
}

function FigureCells({ m, monthName, num }: { m: MonthFigures; monthName: (m: string) => string; num: (v: number | null, digits?: number) => string }) {
  return (
    <>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{monthName(m.month)}</Table.Td>
      <Table.Td ta="right">{num(m.opened, 0)}</Table.Td>
      <Table.Td ta="right">{num(m.resolved, 0)}</Table.Td>
      <Table.Td ta="right">{num(m.firstResponseHours)}</Table.Td>
      <Table.Td ta="right">{num(m.resolutionHours)}</Table.Td>
      <Table.Td ta="right">{m.withinSlaPercent === null ? '—' : `${num(m.withinSlaPercent)} %`}</Table.Td>
      <Table.Td ta="right">{num(m.csatAverage, 2)}</Table.Td>
    </>
  );
}

/**
 * A chart under its heading; the chart is a picture of the table below, which screen readers read
 * instead. With nothing to draw (e.g. no ratings in the range) a sentence says so.
 */
function ChartCard({ title, empty, children }: { title: string; empty?: string | null; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      {empty ? (
        <Center mih={180}>
          <Text size="sm" c="dimmed" ta="center">
            {empty}
          </Text>
        </Center>
      ) : (
        <div role="img" aria-label={t('reports.chartAlt', { title })}>
          {children}
        </div>
      )}
    </Card>
  );
}
