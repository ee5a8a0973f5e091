import { useState, type FormEvent } from 'react';
import { Alert, Button, Divider, Group, Modal, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { contract, type Member } from '../../../../shared/contract';
import { api } from '../../api';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, useFormState, validateWith } from '../../components/forms';
import { fullName, memberKeys } from './queries';

const blank = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  dateOfBirth: '',
  line1: '',
  line2: '',
  city: '',
  region: '',
  postalCode: '',
  country: '',
  tags: [] as string[],
};
type Values = typeof blank;

function valuesOf(member: Member | undefined): Values {
  if (!member) return blank;
  const a = member.address;
  return {
    firstName: member.firstName,
    lastName: member.lastName,
    email: member.email ?? '',
    phone: member.phone ?? '',
    dateOfBirth: member.dateOfBirth ?? '',
    line1: a.line1 ?? '',
    line2: a.line2 ?? '',
    city: a.city ?? '',
    region: a.region ?? '',
    postalCode: a.postalCode ?? '',
    country: a.country ?? '',
    tags: member.tags,
  };
}

/** What the contract expects: the address nested, an empty date left out (the core trims the rest). */
function inputOf(v: Values) {
  return {
    firstName: v.firstName,
    lastName: v.lastName,
    email: v.email,
    phone: v.phone,
    dateOfBirth: v.dateOfBirth || undefined,
    address: {
      line1: v.line1,
      line2: v.line2,
      city: v.city,
      region: v.region,
      postalCode: v.postalCode,
      country: v.country,
    },
    tags: v.tags,
  };
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
  const { values, set, errors, setErrors } = useFormState<Values>(valuesOf(member));
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

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = inputOf(values);
    const local = validateWith(contract['members.create'].input, input);
    if (local) {
      setErrors(local);
      return;
    }
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
      onClose();
      onSaved?.(saved);
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      notifyError(error, member ? 'Member not saved' : 'Member not added');
    } finally {
      setBusy(false);
    }
  }

  const text = (key: Exclude<keyof Values, 'tags'>, label: string, extra: object = {}) => (
    <TextInput
      label={label}
      value={values[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={errors[key] ?? errors[`address.${key}`]}
      {...extra}
    />
  );

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
            value={values.tags}
            onChange={(v) => set('tags', v)}
            error={errors.tags}
            clearable
            maxTags={20}
          />
        </SimpleGrid>
        <Divider label="Address" labelPosition="left" />
        <SimpleGrid cols={2} spacing="md">
          {text('line1', 'Address line 1', { autoComplete: 'off' })}
          {text('line2', 'Address line 2', { autoComplete: 'off' })}
        </SimpleGrid>
        <SimpleGrid cols={4} spacing="md">
          {text('city', 'City')}
          {text('region', 'State or region')}
          {text('postalCode', 'Postal code')}
          {text('country', 'Country')}
        </SimpleGrid>
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
