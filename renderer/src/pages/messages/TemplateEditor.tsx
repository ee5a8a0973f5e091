import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  NavLink,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconDeviceFloppy, IconRestore } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MessageChannel, TopicId, TopicView } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, type FieldErrors } from '../../components/forms';

export const topicsKey = ['messages', 'topics'] as const;

/**
 * The template editor: a topic per row on the left, its email or SMS template on the right with a
 * live preview on a sample member, the variables it may use, and the SMS cost in segments.
 */
export function TemplateEditor() {
  const topics = useQuery({ queryKey: topicsKey, queryFn: () => api.call('messages.topics', {}) });
  const [topicId, setTopicId] = useState<TopicId>('payment_received');
  const [channel, setChannel] = useState<MessageChannel>('email');

  if (topics.isPending) return <Skeleton height={420} radius="lg" />;
  if (topics.isError)
    return (
      <Text c="red" fz="sm">
        {topics.error.message}
      </Text>
    );
  const topic = topics.data.find((t) => t.id === topicId) ?? topics.data[0]!;
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper withBorder radius="lg" p={4} aria-label="Message topics" component="nav">
          {topics.data.map((t) => (
            <NavLink
              key={t.id}
              active={t.id === topic.id}
              label={t.label}
              description={t.refusable ? 'Members may refuse' : 'Always sent'}
              onClick={() => setTopicId(t.id)}
              rightSection={
                !t.email.enabled || !t.sms.enabled ? (
                  <Badge size="xs" variant="light" color="gray">
                    {!t.email.enabled && !t.sms.enabled
                      ? 'Off'
                      : !t.email.enabled
                        ? 'SMS only'
                        : 'Email only'}
                  </Badge>
                ) : null
              }
              style={{ borderRadius: 8 }}
            />
          ))}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <div>
              <Text fw={600}>{topic.label}</Text>
              <Text fz="sm" c="dimmed">
                {topic.when}
              </Text>
            </div>
            <SegmentedControl
              aria-label="Channel"
              value={channel}
              onChange={(v) => setChannel(v as MessageChannel)}
              data={[
                { value: 'email', label: 'Email' },
                { value: 'sms', label: 'SMS' },
              ]}
            />
          </Group>
          <ChannelTemplate key={`${topic.id}:${channel}`} topic={topic} channel={channel} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

function ChannelTemplate({ topic, channel }: { topic: TopicView; channel: MessageChannel }) {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const saved = topic[channel];
  const [enabled, setEnabled] = useState(saved.enabled);
  const [subject, setSubject] = useState(saved.subject);
  const [body, setBody] = useState(saved.body);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [debounced] = useDebouncedValue({ subject, body }, 250);

  const preview = useQuery({
    queryKey: ['messages', 'preview', topic.id, channel, debounced],
    queryFn: () => api.call('messages.preview', { topic: topic.id, channel, ...debounced }),
    placeholderData: (prev) => prev,
  });
  const onSaved = (next: TopicView, words: string) => {
    queryClient.setQueryData(topicsKey, (all: TopicView[] | undefined) =>
      all?.map((t) => (t.id === next.id ? next : t)),
    );
    notifySuccess(words);
  };
  const save = useMutation({
    mutationFn: () => api.call('messages.saveTemplate', { topic: topic.id, channel, enabled, subject, body }),
    onSuccess: (next) => onSaved(next, `${topic.label} (${channel === 'sms' ? 'SMS' : 'email'}) saved.`),
    onError: (e) => {
      setErrors(fieldErrorsOf(e));
      notifyError(e, 'The template was not saved');
    },
  });
  const reset = useMutation({
    mutationFn: () => api.call('messages.resetTemplate', { topic: topic.id, channel }),
    onSuccess: (next) => {
      setEnabled(next[channel].enabled);
      setSubject(next[channel].subject);
      setBody(next[channel].body);
      onSaved(next, 'Back to the default text.');
    },
    onError: (e) => notifyError(e),
  });
  const owner = can('owner');
  const insert = (name: string) => setBody((b) => `${b}{{${name}}}`);
  const segments = preview.data?.segments;

  return (
    <Stack gap="sm">
      <Switch
        label={`Send this by ${channel === 'sms' ? 'SMS' : 'email'}`}
        checked={enabled}
        onChange={(e) => setEnabled(e.currentTarget.checked)}
        disabled={!owner}
      />
      {channel === 'email' && (
        <TextInput
          label="Subject"
          value={subject}
          onChange={(e) => {
            setSubject(e.currentTarget.value);
            setErrors({});
          }}
          error={errors.subject}
          disabled={!owner}
        />
      )}
      <Textarea
        label="Message"
        value={body}
        onChange={(e) => {
          setBody(e.currentTarget.value);
          setErrors({});
        }}
        error={errors.body}
        autosize
        minRows={channel === 'sms' ? 3 : 6}
        maxRows={14}
        disabled={!owner}
      />
      <Group gap={6}>
        <Text fz="xs" c="dimmed">
          Variables:
        </Text>
        {topic.variables.map((v) => (
          <Tooltip key={v} label="Insert at the end" disabled={!owner}>
            <Badge
              variant="light"
              color="gray"
              tt="none"
              style={{ cursor: owner ? 'pointer' : 'default' }}
              onClick={() => owner && insert(v)}
            >
              {`{{${v}}}`}
            </Badge>
          </Tooltip>
        ))}
      </Group>
      <Paper withBorder radius="lg" p="md" bg="var(--mantine-color-body)" aria-label="Preview">
        <Group justify="space-between" mb={6}>
          <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
            Preview{preview.data ? ` for ${preview.data.sample}` : ''}
          </Text>
          {segments && (
            <Badge
              variant="light"
              color={segments.segments > 1 ? 'orange' : 'teal'}
              data-testid="sms-segments"
            >
              {segments.segments === 1 ? '1 SMS part' : `${segments.segments} SMS parts`} ·{' '}
              {segments.encoding} · {segments.length} characters
            </Badge>
          )}
        </Group>
        {preview.data?.problems.length ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} p="xs" mb="xs">
            {preview.data.problems.map((p) => (
              <Text key={p} fz="sm">
                {p}
              </Text>
            ))}
          </Alert>
        ) : null}
        {channel === 'email' && (
          <Text fw={600} fz="sm" mb={4} data-testid="preview-subject">
            {preview.data?.subject}
          </Text>
        )}
        <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="preview-body">
          {preview.data?.body}
        </Text>
      </Paper>
      {owner && (
        <Group justify="flex-end">
          <Button
            variant="default"
            leftSection={<IconRestore size={16} />}
            onClick={() => reset.mutate()}
            loading={reset.isPending}
            disabled={saved.isDefault}
          >
            Use the default text
          </Button>
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            onClick={() => save.mutate()}
            loading={save.isPending}
          >
            Save template
          </Button>
        </Group>
      )}
    </Stack>
  );
}
