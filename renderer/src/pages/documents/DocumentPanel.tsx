import { useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, Group, Paper, SegmentedControl, Skeleton, Text } from '@mantine/core';
import { IconDownload, IconEye, IconEyeOff, IconMail, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { notifyError } from '../../app/notify';
import { EmailDocumentModal } from './EmailDocumentModal';
import { fetchPdf, pdfBlob, printDocument, saveBlob, type DocKind } from './pdf';

/**
 * A document (invoice, receipt, credit note) as its PDF: preview on screen, download, print and
 * email. The PDF is made by the core; here it is only shown from a blob: URL.
 */
export function DocumentPanel({
  kind,
  id,
  memberEmail,
  preview: initialPreview = false,
  version,
}: {
  kind: 'invoice' | 'receipt' | 'creditNote';
  id: number;
  memberEmail: string | null | undefined;
  preview?: boolean;
  /** Changes whenever the record changes (status, payments): the PDF is fetched again. */
  version?: string;
}) {
  const [layout, setLayout] = useState<'a4' | '80mm'>('a4');
  const [preview, setPreview] = useState(initialPreview);
  const [emailing, setEmailing] = useState(false);
  const [busy, setBusy] = useState<'download' | 'print' | null>(null);
  const docKind: DocKind = kind === 'receipt' && layout === '80mm' ? 'receipt80' : kind;

  const pdf = useQuery({
    queryKey: ['documents', docKind, id, version ?? ''],
    queryFn: () => fetchPdf(docKind, id),
    enabled: preview,
    staleTime: 30_000,
  });
  const url = useMemo(() => (pdf.data ? URL.createObjectURL(pdfBlob(pdf.data)) : null), [pdf.data]);
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );

  const download = async () => {
    setBusy('download');
    try {
      const file = pdf.data ?? (await fetchPdf(docKind, id));
      saveBlob(pdfBlob(file), file.filename);
    } catch (e) {
      notifyError(e, 'The PDF could not be made');
    } finally {
      setBusy(null);
    }
  };
  const print = async () => {
    setBusy('print');
    try {
      await printDocument(docKind, id);
    } catch (e) {
      notifyError(e, 'The PDF could not be printed');
    } finally {
      setBusy(null);
    }
  };

  return (
    <Paper withBorder radius="lg" p="md" data-testid="document-panel">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm">
          <Text fw={600}>Document</Text>
          {kind === 'receipt' && (
            <SegmentedControl
              size="xs"
              value={layout}
              onChange={(v) => setLayout(v as 'a4' | '80mm')}
              data={[
                { value: 'a4', label: 'Page' },
                { value: '80mm', label: '80 mm receipt' },
              ]}
              aria-label="Receipt layout"
            />
          )}
        </Group>
        <Group gap="xs">
          <Button
            variant="default"
            size="sm"
            leftSection={preview ? <IconEyeOff size={16} /> : <IconEye size={16} />}
            onClick={() => setPreview((p) => !p)}
          >
            {preview ? 'Hide PDF' : 'Show PDF'}
          </Button>
          <Button
            variant="default"
            size="sm"
            leftSection={<IconDownload size={16} />}
            loading={busy === 'download'}
            onClick={() => void download()}
          >
            Download
          </Button>
          <Button
            variant="default"
            size="sm"
            leftSection={<IconPrinter size={16} />}
            loading={busy === 'print'}
            onClick={() => void print()}
          >
            Print
          </Button>
          <Button
            size="sm"
            variant="light"
            leftSection={<IconMail size={16} />}
            onClick={() => setEmailing(true)}
          >
            Email
          </Button>
        </Group>
      </Group>
      {preview && (
        <Box mt="md">
          {pdf.isError ? (
            <Alert color="red" variant="light" title="The PDF could not be made">
              {pdf.error.message}
            </Alert>
          ) : url ? (
            <iframe
              title="Document preview"
              src={url}
              style={{
                width: '100%',
                height: layout === '80mm' && kind === 'receipt' ? 560 : 880,
                border: '1px solid var(--mantine-color-default-border)',
                borderRadius: 8,
                background: '#fff',
              }}
            />
          ) : (
            <Skeleton height={480} radius="md" />
          )}
        </Box>
      )}
      <EmailDocumentModal
        kind={docKind}
        id={id}
        memberEmail={memberEmail}
        opened={emailing}
        onClose={() => setEmailing(false)}
      />
    </Paper>
  );
}
