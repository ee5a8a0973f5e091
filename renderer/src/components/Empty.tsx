import { type ReactNode } from 'react';
import { EmptyState, Paper } from '@mantine/core';

/** The one empty/placeholder look used by every list and by the screens that arrive later. */
export function Empty({
  icon,
  title,
  description,
  actions,
  bordered = true,
}: {
  icon: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  bordered?: boolean;
}) {
  const body = (
    <EmptyState icon={icon} title={title} description={description} variant="light" py={48} px="lg">
      {actions && <EmptyState.Actions>{actions}</EmptyState.Actions>}
    </EmptyState>
  );
  return bordered ? (
    <Paper withBorder radius="lg" style={{ borderStyle: 'dashed' }}>
      {body}
    </Paper>
  ) : (
    body
  );
}
