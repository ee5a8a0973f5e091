import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { notifySuccess, errorMessage } from '../../app/notify';
import { fieldErrorsOf } from '../../components/forms';
import type { DocKind } from './pdf';

const NOUN: Record<DocKind, string> = {
  invoice: 'invoice',
  receipt: 'receipt',
  receipt80: 'receipt',
  creditNote: 'credit note',
};

/** Asks where to send a document: the member's address, or another one typed here. */
export function EmailDocumentModal({
  kind,
  id,
  memberEmail,
  opened,
  onClose,
}: {
  kind: DocKind;
  id: number;
  /** Undefined when the page does not know it (the core still sends to the member's address). */
  memberEmail: string | null | undefined;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const input = { id, ...(to.trim() ? { to: to.trim() } : {}) };
      if (kind === 'invoice') await api.call('invoices.email', input);
      else if (kind === 'creditNote') await api.call('creditNotes.email', input);
      else await api.call('payments.emailReceipt', input);
      void queryClient.invalidateQueries({ queryKey: ['outbox'] });
      void queryClient.invalidateQueries({ queryKey: ['members'] });
      notifySuccess(
        `The ${NOUN[kind]} goes out to ${to.trim() || memberEmail || 'the member'} with the PDF attached.`,
        'Email queued',
      );
      setTo('');
      onClose();
    } catch (e) {
      setError(fieldErrorsOf(e).to ?? errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Email this ${NOUN[kind]}`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <Stack>
          <Text fz="sm" c="dimmed">
            {memberEmail
              ? `It goes to ${memberEmail} unless you enter another address.`
              : memberEmail === undefined
                ? "It goes to the member's email address unless you enter another one."
                : 'This member has no email address on file: enter one.'}
          </Text>
          <TextInput
            label="Send to"
            inputMode="email"
            placeholder={memberEmail ?? 'name@example.com'}
            value={to}
            onChange={(e) => {
              setTo(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} leftSection={<IconMail size={16} />}>
              Send
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
