import { useEffect, useRef, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Menu,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import {
  IconAlertTriangle,
  IconBrandMastercard,
  IconBrandVisa,
  IconCircleCheck,
  IconClockHour4,
  IconCreditCard,
  IconDots,
  IconMailForward,
  IconPlus,
  IconStar,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CardSetup, Member, OutboxItem, PaymentMethod } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { errorMessage, notifyError, notifySuccess } from '../../app/notify';
import { QrCode } from '../../components/QrCode';
import { cardExpiry, cardKeys, cardName } from './cards';
import { CopyLinkButton, OpenLinkButton } from './LinkShare';

/** The brand's mark where Tabler has one, a plain card otherwise. */
export function CardBrandIcon({ brand, size = 22 }: { brand: string; size?: number }) {
  const b = brand.toLowerCase();
  const Icon = b === 'visa' ? IconBrandVisa : b === 'mastercard' ? IconBrandMastercard : IconCreditCard;
  return (
    <ThemeIcon
      variant="light"
      color={b === 'visa' ? 'indigo' : b === 'mastercard' ? 'orange' : 'gray'}
      size={36}
    >
      <Icon size={size} stroke={1.6} aria-hidden />
    </ThemeIcon>
  );
}

/** The cards a member has on file, a way to add one by QR code or link, and to choose the default. */
export function MemberCards({ member }: { member: Member }) {
  const [adding, setAdding] = useState(false);
  const cards = useQuery({
    queryKey: cardKeys.list(member.id),
    queryFn: () => api.call('paymentMethods.list', { memberId: member.id }),
  });
  const canAdd = member.status === 'active';

  let body;
  if (cards.isPending) body = <Skeleton height={64} radius="md" />;
  else if (cards.isError)
    body = (
      <Text fz="sm" c="red">
        {cards.error.message}
      </Text>
    );
  else if (cards.data.length === 0)
    body = (
      <Text fz="sm" c="dimmed">
        No card on file. Add one so subscriptions can be paid automatically and invoices charged from the
        desk.
      </Text>
    );
  else
    body = (
      <Stack gap="xs">
        {cards.data.map((c) => (
          <CardRow key={c.id} card={c} />
        ))}
      </Stack>
    );

  return (
    <Paper withBorder radius="lg" p="lg" role="region" aria-label="Cards on file">
      <Group justify="space-between" mb="md">
        <Text fw={600}>Cards</Text>
        {canAdd && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setAdding(true)}
          >
            Add card
          </Button>
        )}
      </Group>
      {body}
      <Modal
        opened={adding}
        onClose={() => setAdding(false)}
        title={`Add a card for ${member.firstName} ${member.lastName}`}
        size={560}
        closeOnClickOutside={false}
      >
        <AddCard member={member} onClose={() => setAdding(false)} />
      </Modal>
    </Paper>
  );
}

function CardRow({ card: c }: { card: PaymentMethod }) {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const name = cardName(c);
  const refresh = () => queryClient.invalidateQueries({ queryKey: cardKeys.list(c.memberId) });

  const makeDefault = useMutation({
    mutationFn: () => api.call('paymentMethods.setDefault', { id: c.id }),
    onSuccess: () => {
      notifySuccess(`${name} is now the card charged for automatic payments.`, 'Default card changed');
      void refresh();
    },
    onError: (e) => notifyError(e, 'Default card not changed'),
  });
  const remove = useMutation({
    mutationFn: () => api.call('paymentMethods.remove', { id: c.id }),
    onSuccess: () => {
      notifySuccess(`${name} was removed.`, 'Card removed');
      void refresh();
    },
    onError: (e) => notifyError(e, 'Card not removed'),
  });

  const confirmRemove = () =>
    modals.openConfirmModal({
      title: `Remove ${name}?`,
      children: (
        <Text fz="sm">
          The card is taken off file here and in Stripe.{' '}
          {c.isDefault
            ? 'It is the default card: automatic payments will wait until another card is added or made the default.'
            : 'Payments already taken with it are not affected.'}
        </Text>
      ),
      labels: { confirm: 'Remove card', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(),
    });

  return (
    <Group
      gap="md"
      wrap="nowrap"
      p="xs"
      role="listitem"
      aria-label={name}
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-md)',
        opacity: c.expired ? 0.75 : 1,
      }}
    >
      <CardBrandIcon brand={c.brand} />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} wrap="nowrap">
          <Text fz="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
            {name}
          </Text>
          {c.isDefault && (
            <Badge size="sm" variant="light" color="brand">
              Default
            </Badge>
          )}
          {c.expired ? (
            <Badge size="sm" variant="light" color="red">
              Expired
            </Badge>
          ) : c.expiringSoon ? (
            <Badge size="sm" variant="light" color="orange">
              Expires soon
            </Badge>
          ) : null}
          {c.mode === 'test' && (
            <Badge size="sm" variant="outline" color="orange">
              Test
            </Badge>
          )}
        </Group>
        <Text fz="xs" c={c.expired ? 'red' : 'dimmed'}>
          {c.expired ? 'Expired' : 'Expires'} {cardExpiry(c)}
        </Text>
      </Stack>
      {(!c.isDefault || can('manager')) && (
        <Menu position="bottom-end" width={200}>
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Actions for ${name}`}
              loading={makeDefault.isPending || remove.isPending}
            >
              <IconDots size={18} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {!c.isDefault && (
              <Menu.Item
                leftSection={<IconStar size={16} />}
                disabled={c.expired}
                onClick={() => makeDefault.mutate()}
              >
                Make default
              </Menu.Item>
            )}
            {can('manager') && (
              <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={confirmRemove}>
                Remove
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      )}
    </Group>
  );
}

/**
 * The card capture (DESIGN §7): a Stripe Checkout link in setup mode, shown as a QR code for the
 * member's phone, opened in the browser or emailed. The dialog asks the core every 2 s until the card
 * lands, the link expires or the dialog closes.
 */
export function AddCard({
  member,
  onClose,
  onAdded,
}: {
  member: Member;
  onClose: () => void;
  /** Called once when the card has landed (the desk sale charges it next). */
  onAdded?: (card: PaymentMethod) => void;
}) {
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () => api.call('paymentMethods.startSetup', { memberId: member.id, makeDefault: true }),
  });
  // One link per opening of the dialog (a ref, so a double effect in development does not make two).
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start.mutate();
  }, [start]);
  const setupId = start.data?.id;
  const status = useQuery({
    queryKey: cardKeys.setup(setupId ?? 0),
    queryFn: () => api.call('paymentMethods.setupStatus', { setupId: setupId! }),
    enabled: setupId !== undefined,
    initialData: start.data,
    // Poll while the link is open; stop once it is complete, expired or failed.
    refetchInterval: (q) => (q.state.data?.status === 'open' ? 2_000 : false),
    refetchIntervalInBackground: true,
    gcTime: 0,
  });
  const setup: CardSetup | undefined = status.data ?? start.data;

  // When the card lands, the member's card list and what depends on it must show it at once.
  const announced = useRef<number | null>(null);
  useEffect(() => {
    if (setup?.status === 'complete' && announced.current !== setup.id) {
      announced.current = setup.id;
      void queryClient.invalidateQueries({ queryKey: cardKeys.list(member.id) });
      if (setup.paymentMethod) onAdded?.(setup.paymentMethod);
    }
  }, [setup, member.id, queryClient, onAdded]);

  if (start.isPending || start.isIdle) {
    return (
      <Stack align="center" gap="sm" py="xl">
        <Loader />
        <Text fz="sm" c="dimmed">
          Asking Stripe for a secure link…
        </Text>
      </Stack>
    );
  }
  if (start.isError || !setup) {
    return (
      <Stack gap="md">
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title="No link could be made"
        >
          {errorMessage(start.error)}
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={() => start.mutate()}>Try again</Button>
        </Group>
      </Stack>
    );
  }

  if (setup.status === 'complete') {
    return (
      <Stack gap="md" align="center" py="md">
        <ThemeIcon color="teal" variant="light" size={64} radius="xl">
          <IconCircleCheck size={38} stroke={1.6} />
        </ThemeIcon>
        <Text fz="lg" fw={650} data-testid="card-setup-result">
          {setup.paymentMethod ? `Card added: ${cardName(setup.paymentMethod)}` : 'Card added'}
        </Text>
        <Text fz="sm" c="dimmed" ta="center" maw={400}>
          {setup.paymentMethod?.isDefault
            ? `It is ${member.firstName}'s default card: automatic payments and "Charge card" use it.`
            : `It is on file for ${member.firstName}.`}
        </Text>
        <Button onClick={onClose} data-autofocus>
          Done
        </Button>
      </Stack>
    );
  }

  if (setup.status === 'expired' || setup.status === 'failed') {
    return (
      <Stack gap="md">
        <Alert
          color="orange"
          variant="light"
          icon={<IconClockHour4 size={18} />}
          title={setup.status === 'expired' ? 'The link expired — start again' : 'The card was not added'}
          data-testid="card-setup-result"
        >
          {setup.failureMessage ?? 'Start again to make a new link.'}
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={() => start.mutate()}>Start again</Button>
        </Group>
      </Stack>
    );
  }

  return <OpenSetup setup={setup} member={member} onClose={onClose} />;
}

function OpenSetup({ setup, member, onClose }: { setup: CardSetup; member: Member; onClose: () => void }) {
  const format = useFormat();
  const [emailed, setEmailed] = useState<OutboxItem | null>(null);
  const [emailError, setEmailError] = useState<string | null>(null);
  const email = useMutation({
    mutationFn: () => api.call('paymentMethods.emailSetupLink', { setupId: setup.id }),
    onSuccess: (item) => {
      setEmailed(item);
      setEmailError(null);
    },
    onError: (e) =>
      setEmailError(e instanceof AppError && e.fields?.email ? e.fields.email : errorMessage(e)),
  });

  return (
    <Stack gap="md">
      <Text fz="sm">
        {member.firstName} scans the code with their phone&apos;s camera and enters the card on Stripe&apos;s
        secure page. Recur never sees the card number.
      </Text>
      <Group align="flex-start" gap="lg" wrap="nowrap">
        <Paper withBorder radius="md" p={6} style={{ flexShrink: 0 }}>
          <QrCode value={setup.url} size={200} label="QR code of the link to add a card" />
        </Paper>
        <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
          <OpenLinkButton url={setup.url} />
          <CopyLinkButton url={setup.url} />
          {member.email ? (
            <Button
              variant="default"
              leftSection={<IconMailForward size={16} />}
              loading={email.isPending}
              disabled={emailed !== null}
              onClick={() => email.mutate()}
              styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis' } }}
            >
              {emailed ? 'Emailed' : `Email it to ${member.email}`}
            </Button>
          ) : (
            <Text fz="xs" c="dimmed">
              Add an email address to {member.firstName}&apos;s details to email the link.
            </Text>
          )}
          {emailed && (
            <Text fz="xs" c={emailed.status === 'failed' ? 'red' : 'teal'} data-testid="setup-email-status">
              {emailed.status === 'sent'
                ? `Sent to ${emailed.to}.`
                : emailed.status === 'failed'
                  ? `Not sent: ${emailed.lastError ?? 'the mail server refused it'}.`
                  : `Queued for ${emailed.to}. It goes out as soon as email is set up and the server answers.`}
            </Text>
          )}
          {emailError && (
            <Text fz="xs" c="red">
              {emailError}
            </Text>
          )}
        </Stack>
      </Group>
      <Paper radius="md" p="sm" bg="var(--mantine-color-default-hover)">
        <Group gap="sm" wrap="nowrap" aria-live="polite">
          <Loader size={18} />
          <div>
            <Text fz="sm" fw={500} data-testid="card-setup-waiting">
              Waiting for the card…
            </Text>
            <Text fz="xs" c="dimmed">
              This updates by itself. The link works until {format.dateTime(setup.expiresAt)}.
            </Text>
          </div>
        </Group>
      </Paper>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
      </Group>
    </Stack>
  );
}
