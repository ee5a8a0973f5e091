import { useEffect, useRef } from 'react';
import { Group, Loader, Paper, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconClockHour4, IconMailCheck, IconShieldLock } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { InvoiceDetail, Payment } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { QrCode } from '../../components/QrCode';
import { cardName } from './cards';
import { CopyLinkButton, OpenLinkButton } from './LinkShare';

/** Under 'invoices', so the core's invoice changes refresh it too. */
export const paymentLinkKey = (invoiceId: number) => ['invoices', 'paymentLink', invoiceId] as const;

/**
 * An off-session card charge came back `requires_action`: the member's bank wants them present (SCA).
 * The core made a Stripe page where they pay the invoice themselves (and emailed it when it could);
 * this shows it as a QR code, a link to open or copy, and asks every 2 s whether it was paid.
 */
export function PaymentLinkSection({ invoice: inv, attempt }: { invoice: InvoiceDetail; attempt?: Payment }) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const link = useQuery({
    queryKey: paymentLinkKey(inv.id),
    queryFn: () => api.call('paymentLinks.forInvoice', { invoiceId: inv.id }),
    refetchInterval: (q) => (q.state.data?.status === 'open' || q.state.data === null ? 2_000 : false),
    refetchIntervalInBackground: true,
    gcTime: 0,
  });
  const member = useQuery({
    queryKey: ['members', 'detail', inv.memberId],
    queryFn: () => api.call('members.get', { id: inv.memberId }),
  });
  const first = member.data?.firstName ?? inv.memberName;
  const email = member.data?.email ?? null;
  const data = link.data;

  // Paid through the link: the invoice, its payments and the balance change at once.
  const refreshed = useRef(false);
  useEffect(() => {
    if (data?.status === 'complete' && !refreshed.current) {
      refreshed.current = true;
      void queryClient.invalidateQueries({
        predicate: (q) =>
          ['invoices', 'payments', 'billing', 'subscriptions', 'dashboard'].includes(String(q.queryKey[0])),
      });
    }
  }, [data?.status, queryClient]);

  const card = attempt?.card ? cardName(attempt.card) : 'The card';
  const amount = data ? format.money(data.amount, data.currency) : format.money(inv.amountDue, inv.currency);

  // Orange while the member has to act; green once they paid, grey when the link ran out.
  const tone = data?.status === 'complete' ? 'teal' : data?.status === 'expired' ? 'gray' : 'orange';

  return (
    <Paper
      radius="lg"
      p="lg"
      role="region"
      aria-label="Confirm payment"
      style={{
        border: `1px solid var(--mantine-color-${tone}-outline)`,
        background: `var(--mantine-color-${tone}-light)`,
      }}
    >
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon color={tone} variant="filled" size={36} radius="md">
            <IconShieldLock size={22} stroke={1.7} />
          </ThemeIcon>
          <div style={{ minWidth: 0 }}>
            <Text fw={650} c={`var(--mantine-color-${tone}-light-color)`} lh={1.3}>
              The member&apos;s bank wants them to confirm this payment
            </Text>
            <Text fz="sm" mt={4}>
              {data?.status === 'complete'
                ? `${first} approved the payment with their bank on Stripe's secure page.`
                : `${card} could not be charged without ${first}: their bank asks them to approve the payment (3-D Secure). ${first} pays ${amount} on Stripe's secure page — scan the code with their phone, or open the link here with them.`}
            </Text>
          </div>
        </Group>
        {link.isPending ? (
          <Skeleton height={180} radius="md" />
        ) : link.isError ? (
          <Text fz="sm" c="red">
            {link.error.message}
          </Text>
        ) : !data ? (
          <Text fz="sm" c="dimmed">
            {attempt?.failureMessage ?? 'Stripe has not given a page for this payment yet.'}
          </Text>
        ) : (
          <>
            {data.status === 'open' && (
              <Group align="flex-start" gap="lg" wrap="nowrap">
                <Paper withBorder radius="md" p={6} style={{ flexShrink: 0 }}>
                  <QrCode value={data.url} size={168} label="QR code of the link to pay the invoice" />
                </Paper>
                <Stack gap="sm" style={{ flex: 1, minWidth: 0 }} maw={320}>
                  <OpenLinkButton url={data.url} />
                  <CopyLinkButton url={data.url} />
                  {email ? (
                    <Group gap={6} wrap="nowrap" data-testid="payment-link-emailed">
                      <IconMailCheck
                        size={16}
                        color="var(--mantine-color-teal-6)"
                        style={{ flexShrink: 0 }}
                      />
                      <Text fz="sm" truncate="end">
                        Emailed to {email}
                      </Text>
                    </Group>
                  ) : (
                    <Text fz="xs" c="dimmed">
                      {first} has no email address, so the link was not emailed.
                    </Text>
                  )}
                </Stack>
              </Group>
            )}
            <LinkStatus status={data.status} expiresAt={data.expiresAt} first={first} amount={amount} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

function LinkStatus({
  status,
  expiresAt,
  first,
  amount,
}: {
  status: 'open' | 'complete' | 'expired';
  expiresAt: string;
  first: string;
  amount: string;
}) {
  const format = useFormat();
  const [icon, title, hint] =
    status === 'open'
      ? [
          <Loader key="l" size={18} color="orange" />,
          `Waiting for ${first} to pay…`,
          `This updates by itself. The link works until ${format.dateTime(expiresAt)}.`,
        ]
      : status === 'complete'
        ? [
            <ThemeIcon key="c" color="teal" variant="light" size={28} radius="xl">
              <IconCircleCheck size={18} />
            </ThemeIcon>,
            'Paid by the member',
            `${first} confirmed with their bank and paid ${amount}; the invoice is paid.`,
          ]
        : [
            <ThemeIcon key="e" color="gray" variant="light" size={28} radius="xl">
              <IconClockHour4 size={18} />
            </ThemeIcon>,
            'The link expired',
            'It can no longer be paid. Record a payment taken at the desk instead.',
          ];
  return (
    <Paper radius="md" p="sm" bg="var(--mantine-color-body)" withBorder>
      <Group gap="sm" wrap="nowrap" aria-live="polite">
        {icon}
        <div>
          <Text fz="sm" fw={600} data-testid="payment-link-status" data-status={status}>
            {title}
          </Text>
          <Text fz="xs" c="dimmed">
            {hint}
          </Text>
        </div>
      </Group>
    </Paper>
  );
}
