import { Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What the ticket report adds per organisation and month about answers before a ticket (server: tickets/service/reports.ts). */
export type SelfServiceFigures = { opened: number; resolved: number; deflected?: number; resolvedWithArticle?: number };

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

/** Over the rows of a report: deflection rate and the share of resolved tickets with a linked article. */
export function selfServiceTotals(rows: SelfServiceFigures[]) {
  const sum = (f: (r: SelfServiceFigures) => number) => rows.reduce((a, r) => a + f(r), 0);
  const deflected = sum((r) => r.deflected ?? 0);
  const opened = sum((r) => r.opened);
  const resolved = sum((r) => r.resolved);
  const withArticle = sum((r) => r.resolvedWithArticle ?? 0);
  return { deflected, opened, resolved, withArticle, deflectionPercent: percent(deflected, deflected + opened), withArticlePercent: percent(withArticle, resolved) };
}

/** The reports page's self-service figures. */
export function SelfServiceCard({ rows }: { rows: SelfServiceFigures[] }) {
  const { t, i18n } = useTranslation();
  const s = selfServiceTotals(rows);
  const pct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString(i18n.language)} %`);
  return (
    <Card withBorder padding="lg" radius="md" aria-labelledby="self-service-title">
      <Title order={2} size="h4" id="self-service-title" mb="sm">
        {t('search.report.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <div data-testid="deflection-rate">
          <Group gap="xs" align="baseline">
            <Text fz={28} fw={700}>
              {pct(s.deflectionPercent)}
            </Text>
            <Text size="sm" c="dimmed">
              {t('search.report.deflectionRate')}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {t('search.report.deflectionDetail', { deflected: s.deflected, opened: s.opened })}
          </Text>
        </div>
        <div data-testid="resolved-with-article">
          <Group gap="xs" align="baseline">
            <Text fz={28} fw={700}>
              {pct(s.withArticlePercent)}
            </Text>
            <Text size="sm" c="dimmed">
              {t('search.report.withArticle')}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {t('search.report.withArticleDetail', { count: s.withArticle, resolved: s.resolved })}
          </Text>
        </div>
      </SimpleGrid>
    </Card>
  );
}
