import { Button, Group, Stack, Text } from '@mantine/core';
import { IconList } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth';
import { MessageTimings } from './MessageTimings';
import { SmsSettings } from './SmsSettings';
import { TemplateEditor } from './TemplateEditor';

/** Settings → Messages: templates per topic and channel, timings, quiet hours, Twilio. */
export function MessagesSettings() {
  const { can } = useAuth();
  return (
    <Stack gap="xl">
      <Group justify="space-between">
        <Text c="dimmed" fz="sm" maw={640}>
          What members are told, when and how. Every message is logged in the outbox, sent once per cause, by
          email, SMS or both as each member chose.
        </Text>
        <Button component={Link} to="/outbox" variant="light" leftSection={<IconList size={16} />}>
          Message log
        </Button>
      </Group>
      <TemplateEditor />
      <MessageTimings />
      {can('owner') && <SmsSettings />}
    </Stack>
  );
}
