import { Badge, Code, CopyButton, Group, Paper, Skeleton, Stack, Text, Button } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';

function bytes(n: number, locale: string): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** Where the data lives and which version runs: what support asks first. */
export function SystemSettings() {
  const { testClock } = useAuth();
  const format = useFormat();
  const info = useQuery({ queryKey: ['system', 'info'], queryFn: () => api.call('system.info', {}) });
  if (!info.data) {
    return info.isError ? <Text c="red">{info.error.message}</Text> : <Skeleton height={180} radius="lg" />;
  }
  const i = info.data;
  return (
    <Paper withBorder radius="lg" p="lg" maw={820}>
      <Stack gap="md">
        <Group gap="sm">
          <Text fw={600}>Recur {i.version}</Text>
          {(testClock || i.testClock) && (
            <Badge color="orange" variant="light">
              Test clock on
            </Badge>
          )}
        </Group>
        <Path label="Data folder" value={i.dataFolder} />
        <Path label="Database file" value={i.databaseFile} />
        <Group gap="md" wrap="nowrap">
          <Text fz="sm" c="dimmed" w={130}>
            Database size
          </Text>
          <Text fz="sm">{i.databaseBytes === null ? '—' : bytes(i.databaseBytes, format.locale)}</Text>
        </Group>
        <Text fz="xs" c="dimmed">
          All your data is in this one file. Back it up by copying the data folder while Recur is closed.
        </Text>
      </Stack>
    </Paper>
  );
}

function Path({ label, value }: { label: string; value: string | null }) {
  return (
    <Group gap="md" wrap="nowrap" align="center">
      <Text fz="sm" c="dimmed" w={130} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      {value ? (
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
          <Code style={{ overflowWrap: 'anywhere', minWidth: 0 }}>{value}</Code>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={copy}
                aria-label={`Copy ${label.toLowerCase()}`}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      ) : (
        <Text fz="sm">—</Text>
      )}
    </Group>
  );
}
