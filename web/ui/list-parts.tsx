import { Button, Center, Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** "Load more" under a cursor-paged list, when there is more. */
export function LoadMore({ hasMore, loading, onLoad }: { hasMore: boolean; loading: boolean; onLoad: () => void }) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <Group justify="center" mt="md">
      <Button variant="default" onClick={onLoad} loading={loading}>
        {t('common.loadMore')}
      </Button>
    </Group>
  );
}

/** What a list shows instead of rows: a spinner while loading, a sentence when empty. */
export function ListState({ loading, empty, emptyText }: { loading: boolean; empty: boolean; emptyText: string }) {
  const { t } = useTranslation();
  if (loading)
    return (
      <Center py="lg">
        <Loader size="sm" role="status" aria-label={t('common.loading')} />
      </Center>
    );
  if (!empty) return null;
  return (
    <Text c="dimmed" size="sm" ta="center" py="md">
      {emptyText}
    </Text>
  );
}
