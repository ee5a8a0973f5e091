import { Center, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react';
import type { Preferences } from '../../../../shared/contract';
import { notifyError } from '../../app/notify';
import { useThemePreference } from '../../app/themePreference';

const OPTIONS = [
  { value: 'light', label: 'Light', icon: IconSun },
  { value: 'dark', label: 'Dark', icon: IconMoon },
  { value: 'auto', label: 'Same as this computer', icon: IconDeviceDesktop },
];

export function AppearanceSettings() {
  const { theme, setTheme } = useThemePreference();
  return (
    <Paper withBorder radius="lg" p="lg" maw={640}>
      <Stack gap="sm">
        <div>
          <Text fw={600}>Theme</Text>
          <Text fz="sm" c="dimmed">
            Dark is easier on the eyes in a dim studio. This computer remembers the choice.
          </Text>
        </div>
        <SegmentedControl
          aria-label="Theme"
          value={theme}
          onChange={(v) => void setTheme(v as Preferences['theme']).catch((e: unknown) => notifyError(e))}
          data={OPTIONS.map((o) => ({
            value: o.value,
            label: (
              <Center>
                <Group gap={6} wrap="nowrap">
                  <o.icon size={16} aria-hidden />
                  <span>{o.label}</span>
                </Group>
              </Center>
            ),
          }))}
        />
      </Stack>
    </Paper>
  );
}
