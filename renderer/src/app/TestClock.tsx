import { useState } from 'react';
import { Button, Group, NumberInput, Popover, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconClockPlay } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { useFormat } from './format';
import { notifyError, notifySuccess } from './notify';

const clockKey = ['clock'] as const;

/** The same day next month, clamped to its end (Jan 31 → Feb 28): plain date arithmetic, no polyfill. */
function nextMonthDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

/**
 * The owner's handle on the movable test clock (RECUR_TEST_CLOCK=1): shows the business's today and
 * moves it forward, running everything that falls due on the way (renewals, overdue invoices) — for
 * demos, staff training and the end-to-end tests.
 */
export function TestClock() {
  const format = useFormat();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [days, setDays] = useState<number | string>(1);
  const [busy, setBusy] = useState(false);
  const clock = useQuery({ queryKey: clockKey, queryFn: () => api.call('clock.get', {}) });
  const today = clock.data?.today;

  async function advance(input: { days: number } | { to: string }) {
    setBusy(true);
    try {
      const state = await api.call('clock.advance', input);
      queryClient.setQueryData(clockKey, state);
      // Renewals and overdue runs touch every billing screen: refresh them all.
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      setOpened(false);
      notifySuccess(
        `Today is now ${format.date(state.today)}. Everything that fell due has run.`,
        'Test clock moved',
      );
    } catch (error) {
      notifyError(error, 'The clock did not move');
    } finally {
      setBusy(false);
    }
  }

  const nextMonth = today ? nextMonthDay(today) : null;

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" width={300} shadow="md" withArrow>
      <Popover.Target>
        <Button
          variant="light"
          color="orange"
          size="compact-sm"
          leftSection={<IconClockPlay size={15} />}
          rightSection={<IconChevronDown size={14} />}
          onClick={() => setOpened((o) => !o)}
          aria-label={`Test clock: ${today ? format.date(today) : 'loading'}. Advance…`}
          title="Today on the test clock — click to advance"
          style={{ flexShrink: 0 }}
        >
          {today ? format.date(today) : '…'}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(days);
            if (Number.isInteger(n) && n >= 1) void advance({ days: n });
          }}
        >
          <Stack gap="sm">
            <div>
              <Text fw={600} fz="sm">
                Test clock
              </Text>
              <Text fz="xs" c="dimmed">
                Moves this copy of Recur forward in time. Renewals, trials and overdue invoices run as if the
                days had passed.
              </Text>
            </div>
            <Group gap={6}>
              <Button size="compact-xs" variant="default" onClick={() => setDays(1)}>
                1 day
              </Button>
              <Button size="compact-xs" variant="default" onClick={() => setDays(7)}>
                1 week
              </Button>
              {nextMonth && (
                <Button
                  size="compact-xs"
                  variant="default"
                  loading={busy}
                  onClick={() => void advance({ to: nextMonth })}
                >
                  To {format.date(nextMonth)}
                </Button>
              )}
            </Group>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <NumberInput
                label="Days to advance"
                min={1}
                max={3660}
                allowDecimal={false}
                allowNegative={false}
                value={days}
                onChange={setDays}
                style={{ flex: 1 }}
              />
              <Button type="submit" loading={busy}>
                Advance
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
