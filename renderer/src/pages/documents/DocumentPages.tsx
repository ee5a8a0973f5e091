import { Anchor, Breadcrumbs, Stack, Text, Title } from '@mantine/core';
import { IconFileAlert } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { DocumentPanel } from './DocumentPanel';

const receiptNumber = (id: number) => `R-${String(id).padStart(5, '0')}`;

function useId(): number | null {
  const id = Number(useParams().id);
  return Number.isInteger(id) && id > 0 ? id : null;
}

function Missing({ what, back }: { what: string; back: string }) {
  return (
    <Page title={what}>
      <Empty
        icon={<IconFileAlert size={30} stroke={1.5} />}
        title={`This ${what.toLowerCase()} could not be found`}
        description="The link may be out of date."
        actions={
          <Anchor component={Link} to={back}>
            Go back
          </Anchor>
        }
      />
    </Page>
  );
}

/** A payment's receipt (A4/Letter or 80 mm): shown, downloaded, printed or emailed. */
export function PaymentReceiptPage() {
  const id = useId();
  if (!id) return <Missing what="Receipt" back="/payments" />;
  return (
    <Page
      maxWidth={1080}
      title={
        <Stack gap={6}>
          <Breadcrumbs fz="sm">
            <Anchor component={Link} to="/payments">
              Payments
            </Anchor>
            <Text fz="sm" c="dimmed">
              {receiptNumber(id)}
            </Text>
          </Breadcrumbs>
          <Title order={1} fz={26}>
            Receipt {receiptNumber(id)}
          </Title>
        </Stack>
      }
    >
      <DocumentPanel kind="receipt" id={id} memberEmail={undefined} preview />
    </Page>
  );
}

/** A credit note as its document. */
export function CreditNotePage() {
  const id = useId();
  if (!id) return <Missing what="Credit note" back="/invoices" />;
  return (
    <Page
      maxWidth={1080}
      title={
        <Stack gap={6}>
          <Breadcrumbs fz="sm">
            <Anchor component={Link} to="/invoices">
              Invoices
            </Anchor>
            <Text fz="sm" c="dimmed">
              Credit note
            </Text>
          </Breadcrumbs>
          <Title order={1} fz={26}>
            Credit note
          </Title>
        </Stack>
      }
    >
      <DocumentPanel kind="creditNote" id={id} memberEmail={undefined} preview />
    </Page>
  );
}
