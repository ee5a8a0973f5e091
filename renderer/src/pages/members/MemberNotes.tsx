import { useState, type FormEvent } from 'react';
import { Button, Group, Paper, Skeleton, Stack, Text, Textarea } from '@mantine/core';
import { IconNote } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf } from '../../components/forms';
import { memberKeys } from './queries';

/** Free-text notes the desk keeps about a member ("prefers morning classes", "knee injury"). */
export function MemberNotes({ memberId }: { memberId: number }) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  const notes = useQuery({
    queryKey: memberKeys.notes(memberId),
    queryFn: () => api.call('members.notes', { memberId }),
  });
  const add = useMutation({
    mutationFn: (text: string) => api.call('members.addNote', { memberId, body: text }),
    onSuccess: () => {
      setBody('');
      notifySuccess('Note added.');
      void queryClient.invalidateQueries({ queryKey: memberKeys.notes(memberId) });
      void queryClient.invalidateQueries({ queryKey: memberKeys.activity(memberId) });
    },
    onError: (e) => {
      setError(fieldErrorsOf(e).body);
      notifyError(e, 'Note not added');
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) {
      setError('Write a note first');
      return;
    }
    add.mutate(body);
  }

  const list = notes.data ?? [];
  return (
    <Paper withBorder radius="lg" p="lg">
      <Text fw={600} mb="md">
        Notes
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Textarea
            label="New note"
            placeholder="Anything the team should know about this member"
            autosize
            minRows={2}
            maxRows={8}
            value={body}
            onChange={(e) => {
              setBody(e.currentTarget.value);
              setError(undefined);
            }}
            error={error}
          />
          <Group justify="flex-end">
            <Button type="submit" size="sm" variant="light" loading={add.isPending}>
              Add note
            </Button>
          </Group>
        </Stack>
      </form>
      <Stack gap="sm" mt="md">
        {notes.isPending && <Skeleton height={48} radius="md" />}
        {notes.isError && (
          <Text fz="sm" c="red">
            {notes.error.message}
          </Text>
        )}
        {notes.isSuccess && list.length === 0 && (
          <Group gap="xs" c="dimmed">
            <IconNote size={16} aria-hidden />
            <Text fz="sm" c="dimmed">
              No notes yet.
            </Text>
          </Group>
        )}
        {list.map((note) => (
          <Paper key={note.id} radius="md" p="sm" bg="var(--mantine-color-default-hover)">
            <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {note.body}
            </Text>
            <Text fz="xs" c="dimmed" mt={4}>
              {note.authorName} · {format.dateTime(note.createdAt)}
            </Text>
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
