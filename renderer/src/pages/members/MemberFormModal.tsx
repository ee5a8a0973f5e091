import { useState } from 'react';
import { Alert, Button, Divider, Group, Modal, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { contract, type Member } from '../../../../shared/contract';
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
    tags: member?.tags ?? [],
  };
}
type Values = ReturnType<typeof valuesOf>;

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
  const form = useContractForm<Values>(contract['members.create'].input, valuesOf(member));
  const { values } = form;
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

  const submit = form.onSubmit(async (input) => {
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
      showCoreErrors(form, error);
      notifyError(error, member ? 'Member not saved' : 'Member not added');
    } finally {
      setBusy(false);
    }
  });

  const text = (path: string, label: string, extra: object = {}) => (
    <TextInput label={label} {...form.getInputProps(path)} {...extra} />
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
