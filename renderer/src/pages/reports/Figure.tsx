import type { ReactNode } from 'react';
import { Paper, Text, UnstyledButton } from '@mantine/core';
import classes from './reports.module.css';

/** One headline number; when it stands for records, a click shows them. */
export function Figure({
  label,
  value,
  hint,
  onDrill,
  tone,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  onDrill?: () => void;
  tone?: 'good' | 'bad';
}) {
  const body = (
    <>
      <Text fz="xs" c="dimmed" fw={600} tt="uppercase" lts={0.3}>
        {label}
      </Text>
      <Text fz={24} fw={700} lh={1.25} mt={4} c={tone === 'bad' ? 'red' : undefined}>
        {value}
      </Text>
      {hint && (
        <Text fz="xs" c="dimmed" mt={2}>
          {hint}
        </Text>
      )}
    </>
  );
  return (
    <Paper withBorder radius="md" p="md" className={classes.figure}>
      {onDrill ? (
        <UnstyledButton onClick={onDrill} className={classes.drill} aria-label={`${label}: show the records`}>
          {body}
        </UnstyledButton>
      ) : (
        body
      )}
    </Paper>
  );
}
