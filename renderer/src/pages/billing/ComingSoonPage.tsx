import { List, Text } from '@mantine/core';
import { type Icon } from '@tabler/icons-react';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';

/**
 * Billing arrives in a later release. Until then each of its pages says plainly what will live there,
 * rather than showing made-up numbers.
 */
export function ComingSoonPage({
  title,
  icon: IconComponent,
  summary,
  points,
}: {
  title: string;
  icon: Icon;
  summary: string;
  points: string[];
}) {
  return (
    <Page title={title} maxWidth={880}>
      <Empty
        icon={<IconComponent size={30} stroke={1.5} />}
        title={`${title} arrive with billing`}
        description={
          <>
            <Text c="dimmed" fz="sm" maw={520} mx="auto">
              {summary}
            </Text>
            <List fz="sm" c="dimmed" mt="md" spacing={4} ta="left" maw={460} mx="auto">
              {points.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          </>
        }
      />
    </Page>
  );
}
