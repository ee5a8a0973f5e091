import {
  Alert,
  Badge,
  Button,
  Code,
  FileButton,
  Group,
  Paper,
  PasswordInput,
  Progress,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArchive,
  IconDatabaseExport,
  IconDeviceFloppy,
  IconLock,
  IconSearch,
  IconUpload,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { BackupItem, BackupList, BackupReason } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { errorMessage, notifyError, notifySuccess } from '../../app/notify';
import { useJobProgress } from '../../app/progress';
import { Empty } from '../../components/Empty';
import { RestoreDialog } from './RestoreDialog';
import { downloadExport, formatBytes, uploadBackup } from './transfer';

const REASONS: Record<BackupReason, string> = {
  startup: 'At start-up',
  scheduled: 'Every 4 hours',
  manual: 'Backed up now',
  'before-upgrade': 'Before an upgrade',
  'before-restore': 'Before a restore',
};

export const backupsKey = ['backups', 'list'] as const;

/** Settings → Backups (DESIGN §13): the list, back up now, where copies go, restore, export. */
export function BackupsSettings() {
  const list = useQuery({ queryKey: backupsKey, queryFn: () => api.call('backups.list', {}) });
  if (!list.data) {
    return list.isError ? <Text c="red">{list.error.message}</Text> : <Skeleton height={320} radius="lg" />;
  }
  return (
    <Stack gap="lg" maw={980}>
      <BackupListPanel list={list.data} />
      <WhereBackupsGo list={list.data} />
      <ExportEverything />
    </Stack>
  );
}

function BackupListPanel({ list }: { list: BackupList }) {
  const format = useFormat();
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [restoring, setRestoring] = useState<{ file: string; label: string } | null>(null);
  const [upload, setUpload] = useState<{ sent: number; total: number } | null>(null);
  const create = useMutation({
    mutationFn: () => api.call('backups.create', {}),
    onSuccess: (item) => {
      void client.invalidateQueries({ queryKey: backupsKey });
      if (item.check === 'ok')
        notifySuccess(`Backed up: ${formatBytes(item.bytes, format.locale)}, checked.`);
      else
        notifyError(
          new Error(item.checkMessage ?? 'The backup failed its check.'),
          'Backup failed its check',
        );
    },
    onError: (e) => notifyError(e, 'Could not back up'),
  });
  const progress = useJobProgress('backup', create.isPending);
  const items = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (!q) return list.items;
    return list.items.filter((i) =>
      `${format.dateTime(i.createdAt)} ${REASONS[i.reason]} ${i.file}`.toLowerCase().includes(q),
    );
  }, [list.items, search, format]);

  const chooseFile = async (file: File | null) => {
    if (!file) return;
    setUpload({ sent: 0, total: file.size });
    try {
      const name = await uploadBackup(file, (sent, total) => setUpload({ sent, total }));
      setRestoring({ file: name, label: `the backup file ${file.name}` });
    } catch (e) {
      notifyError(e, 'Could not read that file');
    } finally {
      setUpload(null);
    }
  };

  return (
    <Paper withBorder radius="lg" p="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={4}>Backups</Title>
            <Text fz="sm" c="dimmed">
              Recur backs up at start-up, every 4 hours while it is open and before every upgrade, and keeps
              the last 6, one a day for a week, one a week for a month and one a month for a year.
            </Text>
          </div>
          <Group gap="xs" wrap="nowrap">
            <FileButton onChange={(f) => void chooseFile(f)}>
              {(props) => (
                <Button
                  {...props}
                  variant="default"
                  leftSection={<IconUpload size={16} />}
                  loading={upload !== null}
                >
                  Restore from a file…
                </Button>
              )}
            </FileButton>
            <Button
              leftSection={<IconDeviceFloppy size={16} />}
              loading={create.isPending}
              onClick={() => create.mutate()}
            >
              Back up now
            </Button>
          </Group>
        </Group>
        {create.isPending && (
          <Stack gap={4}>
            <Text fz="sm">Backing up… the app keeps working meanwhile.</Text>
            <Progress
              value={progress && progress.total > 0 ? (progress.done / progress.total) * 100 : 5}
              animated
              aria-label="Backup progress"
            />
          </Stack>
        )}
        {upload && (
          <Stack gap={4}>
            <Text fz="sm">
              Reading the file… {formatBytes(upload.sent, format.locale)} of{' '}
              {formatBytes(upload.total, format.locale)}
            </Text>
            <Progress
              value={upload.total ? (upload.sent / upload.total) * 100 : 0}
              aria-label="Upload progress"
            />
          </Stack>
        )}
        {list.lastError && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The last automatic backup failed">
            {list.lastError}
          </Alert>
        )}
        <TextInput
          placeholder="Search backups by date or kind"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          maw={360}
          aria-label="Search backups"
        />
        {list.items.length === 0 ? (
          <Empty
            icon={<IconArchive size={28} />}
            title="No backups yet"
            description="The first one is taken at start-up. Take one now to be sure."
          />
        ) : items.length === 0 ? (
          <Empty icon={<IconSearch size={28} />} title="No backup matches" description="Try another date." />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Taken</Table.Th>
                  <Table.Th>Why</Table.Th>
                  <Table.Th ta="right">Size</Table.Th>
                  <Table.Th>Check</Table.Th>
                  {list.secondFolder && <Table.Th>Second folder</Table.Th>}
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Row
                    key={item.file}
                    item={item}
                    showCopy={Boolean(list.secondFolder)}
                    onRestore={() =>
                      setRestoring({
                        file: item.file,
                        label: `the backup of ${format.dateTime(item.createdAt)}`,
                      })
                    }
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {restoring && (
        <RestoreDialog file={restoring.file} label={restoring.label} onClose={() => setRestoring(null)} />
      )}
    </Paper>
  );
}

function Row({ item, showCopy, onRestore }: { item: BackupItem; showCopy: boolean; onRestore: () => void }) {
  const format = useFormat();
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text fz="sm">{format.dateTime(item.createdAt)}</Text>
          {item.encrypted && (
            <Tooltip label="Encrypted with the passphrase">
              <IconLock size={14} aria-label="Encrypted" />
            </Tooltip>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text fz="sm">{REASONS[item.reason]}</Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text fz="sm">{formatBytes(item.bytes, format.locale)}</Text>
      </Table.Td>
      <Table.Td>
        {item.check === 'ok' ? (
          <Badge color="green" variant="light">
            Checked
          </Badge>
        ) : item.check === 'failed' ? (
          <Tooltip label={item.checkMessage ?? 'Failed its check'} multiline maw={320}>
            <Badge color="red" variant="light">
              Failed
            </Badge>
          </Tooltip>
        ) : (
          <Badge color="gray" variant="light">
            Not checked
          </Badge>
        )}
      </Table.Td>
      {showCopy && (
        <Table.Td>
          {item.copy === null ? (
            <Text fz="sm" c="dimmed">
              —
            </Text>
          ) : item.copy.ok ? (
            <Badge color="green" variant="light">
              Copied
            </Badge>
          ) : (
            <Tooltip label={item.copy.message ?? 'The copy failed'} multiline maw={320}>
              <Badge color="red" variant="light">
                Copy failed
              </Badge>
            </Tooltip>
          )}
        </Table.Td>
      )}
      <Table.Td ta="right">
        <Button size="xs" variant="subtle" color="red" onClick={onRestore} disabled={item.check === 'failed'}>
          Restore…
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

function WhereBackupsGo({ list }: { list: BackupList }) {
  const client = useQueryClient();
  const [folder, setFolder] = useState(list.secondFolder ?? '');
  const [passphrase, setPassphrase] = useState('');
  const save = useMutation({
    mutationFn: (input: { secondFolder?: string | null; passphrase?: string | null }) =>
      api.call('backups.settings', input),
    onSuccess: (next, input) => {
      client.setQueryData(backupsKey, next);
      setPassphrase('');
      notifySuccess(
        input.passphrase === null
          ? 'New backups are no longer encrypted.'
          : input.passphrase
            ? 'New backups are encrypted with the passphrase.'
            : next.secondFolder
              ? 'Backups are copied to the second folder too.'
              : 'Backups stay in the data folder only.',
      );
    },
  });
  const fieldError = (name: string) =>
    save.error instanceof AppError ? save.error.fields?.[name] : undefined;

  return (
    <Paper withBorder radius="lg" p="lg">
      <Stack gap="md">
        <Title order={4}>Where backups go</Title>
        <Group gap="md" wrap="nowrap">
          <Text fz="sm" c="dimmed" w={150} style={{ flexShrink: 0 }}>
            Data folder
          </Text>
          <Code style={{ wordBreak: 'break-all' }}>{list.dataFolder ?? '—'}</Code>
        </Group>
        <Group gap="md" wrap="nowrap">
          <Text fz="sm" c="dimmed" w={150} style={{ flexShrink: 0 }}>
            Backups folder
          </Text>
          <Code style={{ wordBreak: 'break-all' }}>{list.folder ?? '—'}</Code>
        </Group>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ secondFolder: folder.trim() || null });
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Second folder"
              description="A USB stick or a cloud-synced folder: every backup is copied there too."
              placeholder="/media/usb/recur-backups"
              value={folder}
              onChange={(e) => setFolder(e.currentTarget.value)}
              error={fieldError('secondFolder')}
              style={{ flex: 1 }}
            />
            <Button type="submit" variant="default" loading={save.isPending}>
              Save folder
            </Button>
          </Group>
        </form>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ passphrase });
          }}
        >
          <Group align="flex-end" gap="sm">
            <PasswordInput
              label="Passphrase"
              description={
                list.passphraseSet
                  ? 'New backups are encrypted. Keep the passphrase somewhere safe: without it they cannot be opened.'
                  : 'Optional: encrypt backups (AES-256). Without the passphrase they cannot be opened.'
              }
              placeholder={list.passphraseSet ? 'Set a new passphrase' : 'At least 8 characters'}
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              error={fieldError('passphrase')}
              style={{ flex: 1 }}
            />
            <Button
              type="submit"
              variant="default"
              disabled={passphrase.length === 0}
              loading={save.isPending}
            >
              {list.passphraseSet ? 'Change' : 'Encrypt backups'}
            </Button>
            {list.passphraseSet && (
              <Button variant="subtle" color="red" onClick={() => save.mutate({ passphrase: null })}>
                Stop encrypting
              </Button>
            )}
          </Group>
        </form>
        {save.isError && !fieldError('secondFolder') && !fieldError('passphrase') && (
          <Text c="red" fz="sm">
            {errorMessage(save.error)}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function ExportEverything() {
  const format = useFormat();
  const [download, setDownload] = useState<{ received: number; total: number } | null>(null);
  const run = useMutation({
    mutationFn: async () => {
      const made = await api.call('backups.exportAll', {});
      setDownload({ received: 0, total: made.size });
      await downloadExport(made.exportId, made.filename, (received, total) =>
        setDownload({ received, total }),
      );
      return made;
    },
    onSuccess: (made) =>
      notifySuccess(`Exported ${made.filename} (${formatBytes(made.size, format.locale)}).`),
    onError: (e) => notifyError(e, 'Could not export'),
    onSettled: () => setDownload(null),
  });
  const progress = useJobProgress('export', run.isPending && download === null);
  const percent = download
    ? (download.received / Math.max(1, download.total)) * 100
    : progress && progress.total > 0
      ? (progress.done / progress.total) * 100
      : 3;
  return (
    <Paper withBorder radius="lg" p="lg">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={4}>Export everything</Title>
            <Text fz="sm" c="dimmed" maw={620}>
              One ZIP with a spreadsheet (CSV) each of members, plans, subscriptions, invoices, invoice lines,
              payments, refunds and credit notes, plus a copy of the database.
            </Text>
          </div>
          <Button
            variant="default"
            leftSection={<IconDatabaseExport size={16} />}
            loading={run.isPending}
            onClick={() => run.mutate()}
          >
            Export everything
          </Button>
        </Group>
        {run.isPending && (
          <Stack gap={4}>
            <Text fz="sm">
              {download
                ? `Downloading… ${formatBytes(download.received, format.locale)} of ${formatBytes(download.total, format.locale)}`
                : progress
                  ? `Writing… ${format.number(progress.done)} of ${format.number(progress.total)} rows`
                  : 'Taking a consistent copy…'}
            </Text>
            <Progress value={percent} animated aria-label="Export progress" />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
