import { useState, type ReactNode } from 'react';
import {
  Anchor,
  Avatar,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import {
  IconArchive,
  IconArrowBackUp,
  IconCreditCard,
  IconFileInvoice,
  IconHistory,
  IconMail,
  IconPencil,
  IconPhone,
  IconRepeat,
  IconShoppingCartPlus,
  IconUser,
  IconUserQuestion,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Member } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { Empty } from '../../components/Empty';
import {
  MemberBillingSummary,
  MemberInvoices,
  MemberPayments,
  MemberSubscriptions,
} from '../billing/MemberBilling';
import { MemberCards } from '../billing/MemberCards';
import { initials } from '../../components/initials';
import { Page } from '../../components/Page';
import { MemberActivity } from './MemberActivity';
import { MemberFormModal } from './MemberFormModal';
import { MemberNotes } from './MemberNotes';
import { openSaleWizard } from '../sales/saleStore';
import { UnpaidSales } from '../sales/UnpaidSales';
import { fullName, memberKeys } from './queries';
import { MemberMessageLog } from '../messages/MemberMessageLog';
import { MemberMessages } from '../messages/MemberMessages';
import { AccessBadge } from '../debtors/AccessBadge';
import { ReactivateButton } from '../debtors/ReactivateButton';

const TABS = ['overview', 'subscriptions', 'invoices', 'payments', 'activity'] as const;
type Tab = (typeof TABS)[number];

export function MemberPage() {
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'overview';
  const [editing, setEditing] = useState(false);
  const member = useQuery({
    queryKey: memberKeys.detail(id),
    queryFn: () => api.call('members.get', { id }),
    enabled: Number.isInteger(id) && id > 0,
  });

  if (!Number.isInteger(id) || id <= 0 || (member.isError && !member.data)) {
    return (
      <Page title="Member">
        <Empty
          icon={<IconUserQuestion size={30} stroke={1.5} />}
          title="This member could not be found"
          description={member.error?.message ?? 'The link may be out of date.'}
          actions={
            <Button component={Link} to="/members">
              Back to members
            </Button>
          }
        />
      </Page>
    );
  }

  if (!member.data) {
    return (
      <Page title={<Skeleton height={30} width={260} />}>
        <Skeleton height={80} radius="lg" />
        <Skeleton height={260} radius="lg" />
      </Page>
    );
  }

  const m = member.data;
  return (
    <Page
      title={<MemberHeader member={m} />}
      actions={
        <>
          {m.status === 'active' && (
            <Button
              leftSection={<IconShoppingCartPlus size={16} />}
              onClick={() => openSaleWizard({ id: m.id, firstName: m.firstName, lastName: m.lastName })}
            >
              Sell membership
            </Button>
          )}
          <ReactivateButton member={m} />
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
            Edit
          </Button>
          <ArchiveButton member={m} />
        </>
      }
      maxWidth={1180}
    >
      <UnpaidSales memberId={m.id} />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'overview' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <div style={{ position: 'relative' }}>
          <Tabs.List>
            <Tabs.Tab value="overview" leftSection={<IconUser size={16} />}>
              Overview
            </Tabs.Tab>
            <Tabs.Tab value="subscriptions" leftSection={<IconRepeat size={16} />}>
              Subscriptions
            </Tabs.Tab>
            <Tabs.Tab value="invoices" leftSection={<IconFileInvoice size={16} />}>
              Invoices
            </Tabs.Tab>
            <Tabs.Tab value="payments" leftSection={<IconCreditCard size={16} />}>
              Payments
            </Tabs.Tab>
            <Tabs.Tab value="activity" leftSection={<IconHistory size={16} />}>
              Activity
            </Tabs.Tab>
          </Tabs.List>
          {/* Balance and amount due sit at the right of the tab row, visible whichever tab is open. */}
          <div style={{ position: 'absolute', right: 0, bottom: 6 }}>
            <MemberBillingSummary member={m} />
          </div>
        </div>

        <Tabs.Panel value="overview" pt="lg">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <MemberDetails member={m} />
            <Stack gap="lg">
              <MemberCards member={m} />
              <MemberNotes memberId={m.id} />
              <MemberMessages memberId={m.id} />
            </Stack>
          </SimpleGrid>
        </Tabs.Panel>
        <Tabs.Panel value="subscriptions" pt="lg">
          <MemberSubscriptions member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="invoices" pt="lg">
          <MemberInvoices member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="payments" pt="lg">
          <MemberPayments member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="activity" pt="lg">
          <MemberMessageLog memberId={m.id} />
          <MemberActivity memberId={m.id} />
        </Tabs.Panel>
      </Tabs>
      <MemberFormModal opened={editing} onClose={() => setEditing(false)} member={m} />
    </Page>
  );
}

function MemberHeader({ member: m }: { member: Member }) {
  return (
    <Stack gap={6}>
      <Breadcrumbs fz="sm">
        <Anchor component={Link} to="/members">
          Members
        </Anchor>
        <Text fz="sm" c="dimmed">
          {fullName(m)}
        </Text>
      </Breadcrumbs>
      <Group gap="md" wrap="nowrap">
        <Avatar size={52} radius="xl" color="brand">
          {initials(fullName(m))}
        </Avatar>
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="sm" wrap="nowrap">
            <Title order={1} fz={26} lineClamp={1}>
              {fullName(m)}
            </Title>
            <Badge variant="light" color={m.status === 'active' ? 'teal' : 'gray'}>
              {m.status === 'active' ? 'Active' : 'Archived'}
            </Badge>
            <AccessBadge access={m.access} size="md" />
          </Group>
          <Group gap="lg" c="dimmed" fz="sm">
            <Text fz="sm" ff="monospace">
              {m.number}
            </Text>
            {m.email && (
              <Group gap={4} wrap="nowrap">
                <IconMail size={15} aria-hidden />
                <Text fz="sm">{m.email}</Text>
              </Group>
            )}
            {m.phone && (
              <Group gap={4} wrap="nowrap">
                <IconPhone size={15} aria-hidden />
                <Text fz="sm">{m.phone}</Text>
              </Group>
            )}
          </Group>
        </Stack>
      </Group>
    </Stack>
  );
}

function ArchiveButton({ member: m }: { member: Member }) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  async function run(channel: 'members.archive' | 'members.restore') {
    setBusy(true);
    try {
      const saved = await api.call(channel, { id: m.id });
      queryClient.setQueryData(memberKeys.detail(m.id), saved);
      void queryClient.invalidateQueries({ queryKey: memberKeys.all });
      notifySuccess(
        channel === 'members.archive'
          ? `${fullName(m)} was archived. You can restore them at any time.`
          : `${fullName(m)} is active again.`,
      );
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  }

  if (m.status === 'archived') {
    return (
      <Button
        variant="default"
        leftSection={<IconArrowBackUp size={16} />}
        loading={busy}
        onClick={() => void run('members.restore')}
      >
        Restore
      </Button>
    );
  }
  return (
    <Button
      color="red"
      variant="light"
      leftSection={<IconArchive size={16} />}
      loading={busy}
      onClick={() =>
        modals.openConfirmModal({
          title: `Archive ${fullName(m)}?`,
          children: (
            <Text fz="sm">
              {m.firstName} will disappear from the active member list and search results. Nothing is deleted:
              you can find them under Archived and restore them at any time.
            </Text>
          ),
          labels: { confirm: 'Archive member', cancel: 'Cancel' },
          confirmProps: { color: 'red' },
          onConfirm: () => void run('members.archive'),
        })
      }
    >
      Archive
    </Button>
  );
}

function MemberDetails({ member: m }: { member: Member }) {
  const format = useFormat();
  const a = m.address;
  const address = [
    a.line1,
    a.line2,
    [a.postalCode, a.city].filter(Boolean).join(' '),
    a.region,
    a.country,
  ].filter((part) => part && part.trim());
  return (
    <Paper withBorder radius="lg" p="lg">
      <Text fw={600} mb="md">
        Details
      </Text>
      <Stack gap="sm">
        <Detail label="Member number">{m.number}</Detail>
        <Detail label="Email">{m.email}</Detail>
        <Detail label="Phone">{m.phone}</Detail>
        <Detail label="Date of birth">{format.date(m.dateOfBirth)}</Detail>
        <Detail label="Address">
          {address.length ? (
            <Stack gap={0}>
              {address.map((line) => (
                <span key={line}>{line}</span>
              ))}
            </Stack>
          ) : null}
        </Detail>
        <Detail label="Tax ID">{m.taxId}</Detail>
        <Detail label="Tags">
          {m.tags.length ? (
            <Group gap={6}>
              {m.tags.map((t) => (
                <Badge key={t} variant="light" radius="sm" tt="none">
                  {t}
                </Badge>
              ))}
            </Group>
          ) : null}
        </Detail>
        <Detail label="Member since">{format.day(m.createdAt)}</Detail>
        {m.archivedAt && <Detail label="Archived">{format.dateTime(m.archivedAt)}</Detail>}
        <Detail label="Last changed">{format.dateTime(m.updatedAt)}</Detail>
      </Stack>
    </Paper>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="md" align="flex-start" wrap="nowrap">
      <Text fz="sm" c="dimmed" w={130} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text fz="sm" component="div" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        {children || (
          <Text span c="dimmed" fz="sm">
            —
          </Text>
        )}
      </Text>
    </Group>
  );
}
