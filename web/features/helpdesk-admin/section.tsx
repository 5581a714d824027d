import { Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A settings tab's card: a heading, a sentence about what it does, actions, and the content. */
export function Section({ title, text, actions, children }: { title: string; text: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <div style={{ flex: '1 1 280px', minWidth: 0 }}>
            <Title order={2} size="h4">
              {title}
            </Title>
            <Text size="sm" c="dimmed" mt={4} component="div">
              {text}
            </Text>
          </div>
          {actions}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}
