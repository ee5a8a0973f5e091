import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconRepeat } from '@tabler/icons-react';

export function Logo({ size = 'md' }: { size?: 'sm' | 'md' | 'lg' }) {
  const icon = size === 'lg' ? 40 : size === 'md' ? 32 : 28;
  return (
    <Group gap={10} wrap="nowrap">
      <ThemeIcon
        size={icon}
        radius="md"
        variant="gradient"
        gradient={{ from: 'brand.5', to: 'brand.8', deg: 135 }}
      >
        <IconRepeat size={icon * 0.6} stroke={2.2} aria-hidden />
      </ThemeIcon>
      <Text fw={750} fz={size === 'lg' ? 26 : size === 'md' ? 21 : 18} lh={1} style={{ letterSpacing: -0.4 }}>
        Recur
      </Text>
    </Group>
  );
}
