import { Box } from '@mantine/core';

/** A small coloured dot beside a status word (the word carries the meaning; the colour only helps). */
export function Dot({ color }: { color: string }) {
  return <Box component="span" aria-hidden w={8} h={8} bg={color} style={{ borderRadius: '50%', display: 'inline-block' }} />;
}
