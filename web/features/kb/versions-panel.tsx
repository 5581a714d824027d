import { Badge, Button, Card, Group, Select, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dot } from './dot';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { can, useCurrentUser } from '../auth/queries';
import { kbApi, kbDiffQuery, useKbAction, type KbEditorDto } from './queries';

/** Published versions (author, time), a line diff between two of them or against the working copy, and restore. */
export function KbVersions({ article }: { article: KbEditorDto }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const fmt = useFormat();
  const versions = article.versions;
  const [from, setFrom] = useState<string | null>(versions[1] ? String(versions[1].number) : versions[0] ? String(versions[0].number) : null);
  const [to, setTo] = useState<string | null>(article.draftStatus ? 'draft' : versions[0] ? String(versions[0].number) : null);
  const diff = useQuery({ ...kbDiffQuery(article.id, Number(from), to === 'draft' ? 'draft' : Number(to)), enabled: !!from && !!to && from !== to });
  const restore = useKbAction((n: number) => kbApi.restore(article.id, n));
  if (!versions.length) return null;
  const choices = versions.map((v) => ({ value: String(v.number), label: t('kb.versions.version', { n: v.number }) }));
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h5" mb="sm">
        {t('kb.versions.title')}
      </Title>
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('kb.versions.number')}</Table.Th>
              <Table.Th>{t('kb.versions.author')}</Table.Th>
              <Table.Th>{t('kb.versions.published')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((v) => (
              <Table.Tr key={v.number} data-testid="kb-version-row">
                <Table.Td>
                  {v.number}
                  {v.live && (
                    <Badge ml={6} size="xs" variant="default" leftSection={<Dot color="green.9" />}>
                      {t('kb.versions.live')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{v.author.name}</Table.Td>
                <Table.Td>{fmt.dateTime(v.createdAt)}</Table.Td>
                <Table.Td>
                  {can(me, 'kb.publish') && (
                    <Button size="compact-xs" variant="subtle" onClick={() => restore.mutate(v.number as never)} loading={restore.isPending} aria-label={t('kb.versions.restoreN', { n: v.number })}>
                      {t('kb.versions.restore')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ErrorAlert error={restore.error} />
      {(versions.length > 1 || !!article.draftStatus) && (
        <Group gap="xs" mt="md" align="flex-end" wrap="wrap">
          <Select label={t('kb.versions.compare')} data={choices} value={from} onChange={setFrom} w={160} allowDeselect={false} />
          <Select label={t('kb.versions.with')} data={[...(article.draftStatus ? [{ value: 'draft', label: t('kb.versions.workingCopy') }] : []), ...choices]} value={to} onChange={setTo} w={180} allowDeselect={false} />
        </Group>
      )}
      <ErrorAlert error={diff.error} />
      {from === to && (versions.length > 1 || !!article.draftStatus) && (
        <Text size="sm" c="dimmed" mt="sm">
          {t('kb.versions.same')}
        </Text>
      )}
      {diff.data && from !== to && (
        <Stack gap="sm" mt="sm" data-testid="kb-diff">
          {diff.data.langs.map((l) => (
            <div key={l.lang}>
              <Text size="xs" fw={600} tt="uppercase" c="dimmed" mb={4}>
                {l.lang}
              </Text>
              <ul className="kb-diff">
                {l.lines.map((line, i) => (
                  <li key={i} className={line.op}>
                    <span aria-hidden>{line.op === 'add' ? '+ ' : line.op === 'del' ? '− ' : '  '}</span>
                    {line.op !== 'same' && <VisuallyHidden>{line.op === 'add' ? t('kb.versions.added') : t('kb.versions.removed')}</VisuallyHidden>}
                    {line.text || ' '}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}
