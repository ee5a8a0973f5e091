import { SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { FieldErrors } from '../../components/forms';
import { MemberPicker } from '../../components/MemberPicker';

export interface NewMemberFields {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

export interface MemberChoice {
  mode: 'existing' | 'new';
  memberId: number | null;
  memberLabel: string;
  newMember: NewMemberFields;
}

/** Step 1: the member — found by search, or entered here and created with the sale itself. */
export function MemberStep({
  value,
  onChange,
  errors,
}: {
  value: MemberChoice;
  onChange: (next: MemberChoice) => void;
  /** Field errors by path (`memberId`, `newMember.firstName`…), from the form or the core. */
  errors: FieldErrors;
}) {
  const setNew = (key: keyof NewMemberFields) => (e: React.ChangeEvent<HTMLInputElement>) =>
    onChange({ ...value, newMember: { ...value.newMember, [key]: e.currentTarget.value } });
  return (
    <Stack gap="md" maw={560} mx="auto" w="100%">
      <SegmentedControl
        value={value.mode}
        onChange={(mode) => onChange({ ...value, mode: mode as MemberChoice['mode'] })}
        data={[
          { value: 'existing', label: 'Existing member' },
          { value: 'new', label: 'New member' },
        ]}
        aria-label="Who is buying"
      />
      {value.mode === 'existing' ? (
        <MemberPicker
          label="Member"
          required
          value={value.memberId}
          initialLabel={value.memberLabel}
          onChange={(id, member) =>
            onChange({
              ...value,
              memberId: id,
              memberLabel: member ? `${member.firstName} ${member.lastName} (${member.number})` : '',
            })
          }
          error={errors.memberId}
          data-autofocus
        />
      ) : (
        <Stack gap="sm">
          <Text fz="sm" c="dimmed">
            The member is created together with the sale: if the sale is not made, neither is the member.
          </Text>
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              label="First name"
              required
              value={value.newMember.firstName}
              onChange={setNew('firstName')}
              error={errors['newMember.firstName']}
              data-autofocus
            />
            <TextInput
              label="Last name"
              required
              value={value.newMember.lastName}
              onChange={setNew('lastName')}
              error={errors['newMember.lastName']}
            />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              label="Email"
              type="email"
              description="For the receipt"
              value={value.newMember.email}
              onChange={setNew('email')}
              error={errors['newMember.email']}
            />
            <TextInput
              label="Phone"
              value={value.newMember.phone}
              onChange={setNew('phone')}
              error={errors['newMember.phone']}
            />
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
