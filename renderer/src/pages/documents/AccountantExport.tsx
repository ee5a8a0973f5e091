import { useRef, useState } from 'react';
import { Alert, Button, Group, Paper, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconFileZip, IconX } from '@tabler/icons-react';
import type { DocumentExport } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { useJobProgress } from '../../app/progress';
import { errorMessage, notifySuccess } from '../../app/notify';
import { fieldErrorsOf } from '../../components/forms';
import { saveBlob } from './pdf';

const monthBounds = () => {
  const now = new Date();
  const first = new Date(Date.UTC(now.getFullYear(), now.getMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getFullYear(), now.getMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
};

/** Reads a finished export in chunks and hands it to the browser's download (Electron asks where). */
async function downloadExport(result: DocumentExport): Promise<void> {
  const parts: BlobPart[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const chunk: { base64: string; nextOffset: number | null } = await api.call('documents.exportChunk', {
      exportId: result.exportId,
      offset,
    });
    const binary = atob(chunk.base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    parts.push(bytes);
    offset = chunk.nextOffset;
  }
  saveBlob(new Blob(parts, { type: 'application/zip' }), result.filename);
}

/** Every invoice and credit note of a date range as PDFs in one ZIP, with an index.csv. */
export function AccountantExport() {
  const format = useFormat();
  const [range, setRange] = useState(monthBounds);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const job = useRef<string | null>(null);
  const progress = useJobProgress('documents.exportZip', running);

  const start = async () => {
    setErrors({});
    setMessage(null);
    setRunning(true);
    const jobId = crypto.randomUUID();
    job.current = jobId;
    try {
      const result = await api.call('documents.exportZip', { ...range, jobId });
      await downloadExport(result);
      notifySuccess(
        `${result.invoices} invoices and ${result.creditNotes} credit notes, with index.csv.`,
        'Export ready',
      );
    } catch (e) {
      const fields = fieldErrorsOf(e);
      setErrors(fields);
      setMessage(errorMessage(e));
    } finally {
      setRunning(false);
      job.current = null;
    }
  };

  const cancel = () => {
    if (job.current) void api.call('documents.cancelExport', { jobId: job.current });
  };

  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <Paper withBorder radius="lg" p="lg">
      <Title order={3} fz="lg" mb="xs">
        For the accountant
      </Title>
      <Text fz="sm" c="dimmed" mb="md">
        All invoices and credit notes issued between two dates, as PDFs in one ZIP file with an index
        (index.csv) your accountant can open in a spreadsheet.
      </Text>
      <Stack>
        <Group align="flex-start">
          <TextInput
            type="date"
            label="From"
            value={range.from}
            onChange={(e) => {
              // Read now: React clears currentTarget before the updater runs.
              const from = e.currentTarget.value;
              setRange((r) => ({ ...r, from }));
            }}
            error={errors.from}
            disabled={running}
          />
          <TextInput
            type="date"
            label="To"
            value={range.to}
            onChange={(e) => {
              // Read now: React clears currentTarget before the updater runs.
              const to = e.currentTarget.value;
              setRange((r) => ({ ...r, to }));
            }}
            error={errors.to}
            disabled={running}
          />
        </Group>
        <Text fz="xs" c="dimmed">
          {format.dateRange(range.from, range.to)}
        </Text>
        {running && (
          <Stack gap={4} data-testid="export-progress">
            <Progress value={pct} animated />
            <Text fz="xs" c="dimmed">
              {progress
                ? `${Math.min(progress.done, progress.total - 1)} of ${progress.total - 1} documents`
                : 'Starting…'}
            </Text>
          </Stack>
        )}
        {message && !running && (
          <Alert color="orange" variant="light">
            {message}
          </Alert>
        )}
        <Group justify="flex-end">
          {running && (
            <Button variant="default" color="red" leftSection={<IconX size={16} />} onClick={cancel}>
              Cancel
            </Button>
          )}
          <Button leftSection={<IconFileZip size={16} />} loading={running} onClick={() => void start()}>
            Export ZIP
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
