import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconBuildingWarehouse } from '@tabler/icons-react';

export function Logo({ org }: { org?: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon size="lg" radius="md" color="portico" aria-hidden>
        <IconBuildingWarehouse size={20} />
      </ThemeIcon>
      <div>
        <Text fw={700} lh={1.1}>
          Portico
        </Text>
        {org && (
          <Text size="xs" c="dimmed" lh={1.1}>
            {org}
          </Text>
        )}
      </div>
    </Group>
  );
}
