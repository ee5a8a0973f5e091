import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  FileButton,
  Group,
  Loader,
  Modal,
  Paper,
  Progress,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { IMPORT_FIELDS, type ImportField, type ImportPreview } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { errorMessage, notifyError, notifySuccess } from '../../app/notify';
import { useJobProgress } from '../../app/progress';
import classes from './ImportDialog.module.css';
import { memberKeys } from './queries';

export const FIELD_LABELS: Record<ImportField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  dateOfBirth: 'Date of birth',
  line1: 'Address line 1',
  line2: 'Address line 2',
  city: 'City',
  region: 'State or region',
  postalCode: 'Postal code',
  country: 'Country',
  taxId: 'Tax ID',
  tags: 'Tags',
};

const NOT_IMPORTED = '__none__';
const MAX_ERRORS_SHOWN = 200;

type Mapping = Record<ImportField, string | null>;

/**
 * CSV import in two steps: a preview that checks every row with the core's own rules, then the import.
 * Nothing is written while any row has an error, so the file never half-lands.
 */
export function ImportDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const format = useFormat();
  const [file, setFile] = useState<{ name: string; csv: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [checking, setChecking] = useState(false);
  const [importing, setImporting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const progress = useJobProgress('import', importing);

  function reset() {
    setFile(null);
    setPreview(null);
    setMapping(null);
    setFailure(null);
  }

  function close() {
    if (importing) return; // the import runs to the end; closing would hide its outcome
    reset();
    onClose();
  }

  async function runPreview(csv: string, nextMapping?: Mapping) {
    setChecking(true);
    setFailure(null);
    try {
      const result = await api.call(
        'members.importPreview',
        nextMapping ? { csv, mapping: nextMapping } : { csv },
      );
      setPreview(result);
      setMapping(completeMapping(result.mapping));
    } catch (error) {
      setPreview(null);
      setFailure(errorMessage(error));
    } finally {
      setChecking(false);
    }
  }

  async function choose(chosen: File | null) {
    if (!chosen) return;
    reset();
    let csv: string;
    try {
      csv = await chosen.text();
    } catch {
      setFailure('That file could not be read. Is it still there?');
      return;
    }
    setFile({ name: chosen.name, csv });
    await runPreview(csv);
  }

  function changeMapping(field: ImportField, column: string | null) {
    if (!file || !mapping) return;
    const next = { ...mapping, [field]: column === NOT_IMPORTED ? null : column };
    setMapping(next);
    void runPreview(file.csv, next);
  }

  async function commit() {
    if (!file || !mapping) return;
    setImporting(true);
    try {
      const { imported } = await api.call('members.importCommit', { csv: file.csv, mapping });
      notifySuccess(
        `Imported ${format.number(imported)} member${imported === 1 ? '' : 's'}`,
        'Import finished',
      );
      void queryClient.invalidateQueries({ queryKey: memberKeys.all });
      reset();
      onClose();
    } catch (error) {
      notifyError(error, 'Nothing was imported');
      // The file may have changed meaning under us (a conflict): show the check again.
      void runPreview(file.csv, mapping);
    } finally {
      setImporting(false);
    }
  }

  const errorRows = preview ? new Set(preview.errors.map((e) => e.row)).size : 0;
  const hasErrors = (preview?.errors.length ?? 0) > 0;
  const sampleColumns = preview?.sample[0] ? Object.keys(preview.sample[0]) : (preview?.columns ?? []);

  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Import members from a CSV file"
      size={960}
      closeOnClickOutside={false}
    >
      <Stack gap="md">
        <Paper withBorder radius="md" p="md">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconFileSpreadsheet size={28} stroke={1.4} aria-hidden />
              <div style={{ minWidth: 0 }}>
                <Text fw={600} truncate="end">
                  {file ? file.name : 'Choose a CSV file'}
                </Text>
                <Text fz="sm" c="dimmed">
                  {file
                    ? 'Check how its columns match Recur’s fields, then import.'
                    : 'The first row must name the columns, e.g. First name, Last name, Email, Phone.'}
                </Text>
              </div>
            </Group>
            <FileButton onChange={(f) => void choose(f)} accept=".csv,text/csv">
              {(props) => (
                <Button
                  {...props}
                  variant={file ? 'default' : 'filled'}
                  leftSection={<IconUpload size={16} />}
                >
                  {file ? 'Choose another file' : 'Choose file'}
                </Button>
              )}
            </FileButton>
          </Group>
        </Paper>

        {failure && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {failure}
          </Alert>
        )}

        {checking && !preview && (
          <Group gap="sm" justify="center" py="xl">
            <Loader size="sm" />
            <Text c="dimmed">Checking every row…</Text>
          </Group>
        )}

        {preview && mapping && (
          <>
            <Group gap="md">
              <Badge size="lg" variant="light" color="gray">
                {format.number(preview.totalRows)} rows
              </Badge>
              <Badge size="lg" variant="light" color="teal">
                {format.number(preview.validRows)} ready
              </Badge>
              {hasErrors && (
                <Badge size="lg" variant="light" color="red">
                  {format.number(errorRows)} with problems
                </Badge>
              )}
              {checking && <Loader size="xs" aria-label="Checking" />}
            </Group>

            <div>
              <Text fw={600} mb={6}>
                Columns
              </Text>
              <SimpleGrid cols={4} spacing="sm" verticalSpacing="xs">
                {IMPORT_FIELDS.map((field) => (
                  <Select
                    key={field}
                    label={FIELD_LABELS[field]}
                    size="xs"
                    allowDeselect={false}
                    data={[
                      { value: NOT_IMPORTED, label: '— Not imported —' },
                      ...preview.columns.map((c) => ({ value: c, label: c })),
                    ]}
                    value={mapping[field] ?? NOT_IMPORTED}
                    onChange={(v) => changeMapping(field, v)}
                    disabled={importing}
                  />
                ))}
              </SimpleGrid>
            </div>

            {hasErrors ? (
              <Stack gap="xs">
                <Alert
                  color="red"
                  variant="light"
                  icon={<IconAlertTriangle size={18} />}
                  title={`Fix these ${format.number(errorRows)} row${errorRows === 1 ? '' : 's'} in your file and choose it again — nothing has been imported`}
                >
                  Row numbers are as your spreadsheet shows them (the header is row 1).
                </Alert>
                <ScrollArea.Autosize mah={220} type="auto">
                  <Table striped withTableBorder highlightOnHover aria-label="Rows with problems" fz="sm">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={80}>Row</Table.Th>
                        <Table.Th w={180}>Field</Table.Th>
                        <Table.Th>Problem</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {preview.errors.slice(0, MAX_ERRORS_SHOWN).map((e, i) => (
                        <Table.Tr key={`${e.row}-${e.field}-${i}`}>
                          <Table.Td>{e.row}</Table.Td>
                          <Table.Td>{FIELD_LABELS[e.field as ImportField] ?? e.field}</Table.Td>
                          <Table.Td>{e.message}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea.Autosize>
                {preview.errors.length > MAX_ERRORS_SHOWN && (
                  <Text fz="sm" c="dimmed">
                    …and {format.number(preview.errors.length - MAX_ERRORS_SHOWN)} more problems.
                  </Text>
                )}
              </Stack>
            ) : (
              <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />}>
                All {format.number(preview.validRows)} rows are ready to import.
              </Alert>
            )}

            {preview.sample.length > 0 && (
              <div>
                <Text fw={600} mb={6}>
                  First rows of your file
                </Text>
                <ScrollArea type="auto" offsetScrollbars>
                  <Table
                    withTableBorder
                    fz="xs"
                    aria-label="First rows of the file"
                    style={{ whiteSpace: 'nowrap' }}
                  >
                    <Table.Thead>
                      <Table.Tr>
                        {sampleColumns.map((c) => (
                          <Table.Th key={c}>{FIELD_LABELS[c as ImportField] ?? c}</Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {preview.sample.slice(0, 5).map((row, i) => (
                        <Table.Tr key={i}>
                          {sampleColumns.map((c) => (
                            <Table.Td key={c}>{row[c] ?? ''}</Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea>
              </div>
            )}
          </>
        )}

        {importing && (
          <Stack gap={4}>
            <Text fz="sm">
              Importing
              {progress ? ` ${format.number(progress.done)} of ${format.number(progress.total)}` : ''}…
            </Text>
            <Progress
              value={progress && progress.total ? (progress.done / progress.total) * 100 : 100}
              animated
              striped
              aria-label="Import progress"
            />
          </Stack>
        )}

        {/* Stays in view under a long error list, so the outcome and the way out are always visible. */}
        <Group justify="flex-end" className={classes.footer}>
          {hasErrors && (
            <Text fz="sm" c="dimmed" mr="auto">
              Nothing can be imported until every row is fixed.
            </Text>
          )}
          <Button variant="default" onClick={close} disabled={importing}>
            Cancel
          </Button>
          <Button
            onClick={() => void commit()}
            loading={importing}
            disabled={!preview || hasErrors || checking || preview.validRows === 0}
          >
            {preview && !hasErrors ? `Import ${format.number(preview.validRows)} members` : 'Import'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The core suggests a column per field; fields it left out are "not imported" so the whole map is sent. */
function completeMapping(suggested: Record<string, string | null>): Mapping {
  const mapping = {} as Mapping;
  for (const field of IMPORT_FIELDS) mapping[field] = suggested[field] ?? null;
  return mapping;
}
