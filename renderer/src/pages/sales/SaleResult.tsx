import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconDownload, IconMail, IconPrinter, IconReceipt } from '@tabler/icons-react';
import type { Sale } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { errorMessage, notifySuccess } from '../../app/notify';
import { METHOD_LABELS } from '../billing/labels';
import { fetchPdf, pdfBlob, printDocument, saveBlob, type DocKind } from '../documents/pdf';

type Doc = { kind: 'receipt'; paymentId: number } | { kind: 'invoice'; invoiceId: number };

/** The paper of a finished sale: the payment's receipt, or the open invoice for "pay later". */
function documentOf(sale: Sale): Doc | null {
  if (sale.receiptPaymentId) return { kind: 'receipt', paymentId: sale.receiptPaymentId };
  if (sale.outcome === 'pay_later' && sale.invoiceId) return { kind: 'invoice', invoiceId: sale.invoiceId };
  return null;
}

/** H1's document kinds: the receipt (A4/Letter or 80 mm) or the invoice. */
const kindOf = (doc: Doc, narrow = false): [DocKind, number] =>
  doc.kind === 'receipt' ? [narrow ? 'receipt80' : 'receipt', doc.paymentId] : ['invoice', doc.invoiceId];

/** Step 5: what was sold, and the receipt to print, email or save. */
export function SaleResult({ sale, message }: { sale: Sale; message: string }) {
  const format = useFormat();
  const doc = documentOf(sale);
  const paid = sale.payments.find((p) => p.id === sale.receiptPaymentId);
  const [to, setTo] = useState(sale.memberEmail ?? '');
  const [busy, setBusy] = useState<string | null>(null);
  const [emailError, setEmailError] = useState<string | null>(null);
  const [emailed, setEmailed] = useState<string | null>(null);
  const noun = doc?.kind === 'invoice' ? 'invoice' : 'receipt';

  const run = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    try {
      await fn();
    } catch (e) {
      if (what === 'email')
        setEmailError(e instanceof AppError && e.fields?.to ? e.fields.to : errorMessage(e));
      else setEmailError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const email = () =>
    run('email', async () => {
      setEmailError(null);
      const address = to.trim() || undefined;
      if (!doc) return;
      if (doc.kind === 'receipt') await api.call('payments.emailReceipt', { id: doc.paymentId, to: address });
      else await api.call('invoices.email', { id: doc.invoiceId, to: address });
      const shown = address ?? sale.memberEmail ?? '';
      setEmailed(shown);
      notifySuccess(
        `The ${noun} is on its way to ${shown}.`,
        `${noun === 'invoice' ? 'Invoice' : 'Receipt'} emailed`,
      );
    });

  const headline =
    sale.outcome === 'trial'
      ? 'Trial started'
      : sale.outcome === 'pay_later'
        ? 'Membership sold — invoice to pay later'
        : 'Membership sold';

  return (
    <Stack gap="lg" align="center" py="sm">
      <ThemeIcon color="teal" variant="light" size={64} radius="xl">
        <IconCircleCheck size={38} stroke={1.6} />
      </ThemeIcon>
      <Stack gap={4} align="center">
        <Text fz="xl" fw={700} data-testid="sale-result">
          {headline}
        </Text>
        <Text fz="sm" c="dimmed" ta="center" maw={620}>
          {sale.memberName} is now on {sale.planName}. {format.text(message)}
        </Text>
      </Stack>
      <Paper withBorder radius="md" p="md" w="100%" maw={620}>
        <Stack gap={6}>
          {sale.invoiceNumber && <Row label="Invoice" value={sale.invoiceNumber} />}
          {sale.invoiceId && <Row label="Total" value={format.money(sale.total, sale.currency)} />}
          {paid && (
            <Row
              label="Paid"
              value={`${format.money(paid.amount, paid.currency)} · ${paid.card ? `Card •••• ${paid.card.last4}` : METHOD_LABELS[paid.method]}`}
            />
          )}
          {sale.outcome === 'pay_later' && (
            <Row label="Still due" value={format.money(sale.amountDue, sale.currency)} />
          )}
        </Stack>
      </Paper>
      {doc && (
        <Stack gap="sm" w="100%" maw={620}>
          <Group gap="xs" grow>
            <Button
              variant="default"
              leftSection={<IconPrinter size={16} />}
              loading={busy === 'print'}
              onClick={() => void run('print', () => printDocument(...kindOf(doc)))}
            >
              Print {noun}
            </Button>
            {doc.kind === 'receipt' && (
              <Button
                variant="default"
                leftSection={<IconReceipt size={16} />}
                loading={busy === 'print80'}
                onClick={() => void run('print80', () => printDocument(...kindOf(doc, true)))}
              >
                Print 80 mm
              </Button>
            )}
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              loading={busy === 'pdf'}
              onClick={() =>
                void run('pdf', async () => {
                  const file = await fetchPdf(...kindOf(doc));
                  saveBlob(pdfBlob(file), file.filename);
                })
              }
            >
              Download PDF
            </Button>
          </Group>
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              aria-label="Email address"
              placeholder="Email address"
              value={to}
              onChange={(e) => {
                setTo(e.currentTarget.value);
                setEmailError(null);
              }}
              error={emailError}
            />
            <Button
              leftSection={<IconMail size={16} />}
              loading={busy === 'email'}
              disabled={!to.trim()}
              onClick={() => void email()}
            >
              Email {noun}
            </Button>
          </Group>
          {emailed && (
            <Text fz="xs" c="teal" data-testid="sale-emailed">
              Queued for {emailed}: it goes out with the PDF attached.
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text fz="sm" c="dimmed">
        {label}
      </Text>
      <Text fz="sm" fw={500} ta="right">
        {value}
      </Text>
    </Group>
  );
}
