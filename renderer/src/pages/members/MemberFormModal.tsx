import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Divider,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { contract, type Member, type MemberMessageChoices } from '../../../../shared/contract';
import { api } from '../../api';
import { notifyError, notifySuccess } from '../../app/notify';
import { showCoreErrors, useContractForm } from '../../components/forms';
import { fullName, memberKeys } from './queries';

/** The form's values are shaped like `members.create`'s input, so the contract's errors land on fields. */
function valuesOf(member: Member | undefined) {
  const a = member?.address ?? {};
  return {
    firstName: member?.firstName ?? '',
    lastName: member?.lastName ?? '',
    email: member?.email ?? '',
    phone: member?.phone ?? '',
    // An empty date is "no date" to the contract.
    dateOfBirth: member?.dateOfBirth ?? '',
    address: {
      line1: a.line1 ?? '',
      line2: a.line2 ?? '',
      city: a.city ?? '',
      region: a.region ?? '',
      postalCode: a.postalCode ?? '',
      country: a.country ?? '',
    },
    taxId: member?.taxId ?? '',
    tags: member?.tags ?? [],
    /** The member's message choices (loaded for an edit); sent only once the operator changes one. */
    messages: { email: false, sms: false, refuseReminders: false },
    messagesChosen: false,
  };
}
type Values = ReturnType<typeof valuesOf>;
type Choices = Pick<MemberMessageChoices, 'email' | 'sms' | 'refuseReminders'>;

const hasText = (v: string) => v.trim() !== '';

/**
 * The choices as the form shows them. Until the operator picks, a new member gets the core's default
 * (email when they have an address, otherwise SMS), so the boxes follow the contact fields as typed.
 */
function shownChoices(v: Values, editing: boolean): Choices {
  if (v.messagesChosen || editing) return v.messages;
  return { email: hasText(v.email), sms: !hasText(v.email) && hasText(v.phone), refuseReminders: false };
}

/** What `messages` sends: nothing unless chosen; a channel without its address is never chosen. */
function messagesInput(v: Values): Choices | undefined {
  if (!v.messagesChosen || (!hasText(v.email) && !hasText(v.phone))) return undefined;
  return {
    email: v.messages.email && hasText(v.email),
    sms: v.messages.sms && hasText(v.phone),
    refuseReminders: v.messages.refuseReminders,
  };
}

/** The form's values as the channel takes them. */
function toInput(v: Values) {
  const { messagesChosen, ...fields } = v;
  return { ...fields, messages: messagesChosen ? messagesInput(v) : undefined };
}

/** Add a member, or edit one when `member` is given. */
export function MemberFormModal(props: {
  opened: boolean;
  onClose: () => void;
  member?: Member;
  onSaved?: (member: Member) => void;
}) {
  const { opened, onClose, member } = props;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={member ? `Edit ${fullName(member)}` : 'Add member'}
      size={680}
      closeOnClickOutside={false}
    >
      {/* The modal unmounts its content when closed, so each opening starts from the saved member. */}
      <MemberForm {...props} />
    </Modal>
  );
}

function MemberForm({
  onClose,
  member,
  onSaved,
}: {
  onClose: () => void;
  member?: Member;
  onSaved?: (member: Member) => void;
}) {
  const queryClient = useQueryClient();
  const form = useContractForm<Values>(contract['members.create'].input, valuesOf(member), { toInput });
  const { values } = form;
  const choices = useQuery({
    queryKey: ['messages', 'member', member?.id ?? 0],
    queryFn: () => api.call('messages.memberChoices', { memberId: member!.id }),
    enabled: member !== undefined,
  });
  const loaded = choices.data;
  useEffect(() => {
    // The saved choices arrive after the form opens; the operator's own picks are never overwritten.
    if (loaded && !form.getValues().messagesChosen) {
      form.setFieldValue('messages', {
        email: loaded.email,
        sms: loaded.sms,
        refuseReminders: loaded.refuseReminders,
      });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `form` is a new object each render
  }, [loaded]);
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<Member[]>([]);
  const tags = useQuery({
    queryKey: memberKeys.tags,
    queryFn: () => api.call('members.tags', {}),
  });

  async function checkDuplicates() {
    const email = values.email.trim();
    if (!email.includes('@')) {
      setDuplicates([]);
      return;
    }
    try {
      const found = await api.call('members.duplicates', { email, excludeId: member?.id });
      setDuplicates(found);
    } catch {
      setDuplicates([]); // only a hint: never block the form on it
    }
  }

  const submit = form.onSubmit(async (values) => {
    const input = toInput(values);
    setBusy(true);
    try {
      const saved = member
        ? await api.call('members.update', { id: member.id, ...input })
        : await api.call('members.create', input);
      notifySuccess(
        member ? `${fullName(saved)} was updated.` : `${fullName(saved)} was added as ${saved.number}.`,
        member ? 'Member saved' : 'Member added',
      );
      queryClient.setQueryData(memberKeys.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: memberKeys.all });
      if (input.messages) void queryClient.invalidateQueries({ queryKey: ['messages', 'member', saved.id] });
      onClose();
      onSaved?.(saved);
    } catch (error) {
      showCoreErrors(form, error);
      notifyError(error, member ? 'Member not saved' : 'Member not added');
    } finally {
      setBusy(false);
    }
  });

  const text = (path: string, label: string, extra: object = {}) => (
    <TextInput label={label} {...form.getInputProps(path)} {...extra} />
  );

  const shown = shownChoices(values, member !== undefined);
  const canEmail = hasText(values.email);
  const canSms = hasText(values.phone);
  const choose = (key: keyof Choices, checked: boolean) => {
    form.setValues({ messages: { ...shown, [key]: checked }, messagesChosen: true });
    form.clearFieldError('messages.email');
    form.clearFieldError('messages.sms');
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={2} spacing="md">
          {text('firstName', 'First name', { required: true, 'data-autofocus': true, autoComplete: 'off' })}
          {text('lastName', 'Last name', { required: true, autoComplete: 'off' })}
          {text('email', 'Email', {
            type: 'email',
            onBlur: () => void checkDuplicates(),
            autoComplete: 'off',
          })}
          {text('phone', 'Phone', { type: 'tel', autoComplete: 'off' })}
        </SimpleGrid>
        {duplicates.length > 0 && (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} role="status">
            {duplicates
              .slice(0, 3)
              .map((d) => `${fullName(d)} (${d.number})`)
              .join(', ')}
            {duplicates.length > 3 ? ` and ${duplicates.length - 3} more` : ''} already{' '}
            {duplicates.length === 1 ? 'uses' : 'use'} this email. You can still save.
          </Alert>
        )}
        <SimpleGrid cols={2} spacing="md">
          {text('dateOfBirth', 'Date of birth', { type: 'date', max: '9999-12-31' })}
          <TagsInput
            label="Tags"
            placeholder={values.tags.length ? '' : 'Type and press Enter'}
            data={tags.data ?? []}
            {...form.getInputProps('tags')}
            clearable
            maxTags={20}
          />
        </SimpleGrid>
        <Divider label="Address" labelPosition="left" />
        <SimpleGrid cols={2} spacing="md">
          {text('address.line1', 'Address line 1', { autoComplete: 'off' })}
          {text('address.line2', 'Address line 2', { autoComplete: 'off' })}
        </SimpleGrid>
        <SimpleGrid cols={4} spacing="md">
          {text('address.city', 'City')}
          {text('address.region', 'State or region')}
          {text('address.postalCode', 'Postal code')}
          {text('address.country', 'Country')}
        </SimpleGrid>
        <SimpleGrid cols={2} spacing="md">
          {text('taxId', 'Tax ID', {
            description: 'VAT or tax number, printed on their invoices',
            autoComplete: 'off',
          })}
        </SimpleGrid>
        <Divider label="Messages" labelPosition="left" />
        <Stack gap={6} role="group" aria-label="Messages">
          <Group gap="lg">
            <Checkbox
              label="By email"
              checked={shown.email && canEmail}
              disabled={!canEmail}
              onChange={(e) => choose('email', e.currentTarget.checked)}
              error={form.errors['messages.email']}
            />
            <Checkbox
              label="By SMS"
              checked={shown.sms && canSms}
              disabled={!canSms}
              onChange={(e) => choose('sms', e.currentTarget.checked)}
              error={form.errors['messages.sms']}
            />
            <Checkbox
              label="No reminders or come-back messages"
              checked={shown.refuseReminders}
              disabled={!canEmail && !canSms}
              onChange={(e) => choose('refuseReminders', e.currentTarget.checked)}
            />
          </Group>
          <Text fz="xs" c="dimmed">
            {canEmail || canSms
              ? 'Receipts and failed-payment notices are always sent: they cannot be refused.'
              : 'Add an email or a phone number to send this member messages.'}
          </Text>
        </Stack>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {member ? 'Save changes' : 'Add member'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
