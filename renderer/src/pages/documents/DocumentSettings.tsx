import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  FileButton,
  Group,
  Image,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconInfoCircle, IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  MAX_LOGO_BYTES,
  sniffImage,
  type DocumentSettings as Settings,
} from '../../../../shared/contract/documents';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { errorMessage, notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, useFormState } from '../../components/forms';
import { AccountantExport } from './AccountantExport';

export const documentSettingsKey = ['settings', 'documents'] as const;

/** Settings → Documents: how invoices, receipts and credit notes look, and the accountant's ZIP. */
export function DocumentSettings() {
  const { can } = useAuth();
  const settings = useQuery({
    queryKey: documentSettingsKey,
    queryFn: () => api.call('documents.settings', {}),
  });
  return (
    <Stack gap="lg">
      {!can('owner') && (
        <Alert variant="light" icon={<IconInfoCircle size={18} />}>
          Only the owner can change how documents look. You can export them for the accountant.
        </Alert>
      )}
      {settings.data ? (
        <>
          <LogoSection settings={settings.data} readOnly={!can('owner')} />
          <DocumentForm key={settings.dataUpdatedAt} settings={settings.data} readOnly={!can('owner')} />
        </>
      ) : settings.isError ? (
        <Alert color="red">{settings.error.message}</Alert>
      ) : (
        <Skeleton height={320} radius="lg" />
      )}
      {can('manager') && <AccountantExport />}
    </Stack>
  );
}

const readAsDataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('unreadable'));
    reader.readAsDataURL(file);
  });

function LogoSection({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (dataUrl: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api.call('documents.setLogo', { dataUrl });
      queryClient.setQueryData(documentSettingsKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['documents'] });
      notifySuccess(dataUrl ? 'The logo now prints on every document.' : 'Documents print without a logo.');
    } catch (e) {
      setError(fieldErrorsOf(e).dataUrl ?? errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const choose = async (file: File | null) => {
    if (!file) return;
    if (file.size > MAX_LOGO_BYTES) {
      setError('The logo is larger than 2 MB: use a smaller image');
      return;
    }
    try {
      const dataUrl = await readAsDataUrl(file);
      // The bytes decide, not the file name: the core checks the same way.
      if (!sniffImage(dataUrl)) {
        setError('The logo must be a PNG or JPEG image');
        return;
      }
      await save(dataUrl);
    } catch {
      setError('That file could not be read');
    }
  };

  return (
    <Paper withBorder radius="lg" p="lg">
      <Title order={3} fz="lg" mb="xs">
        Logo on documents
      </Title>
      <Text fz="sm" c="dimmed" mb="md">
        A PNG or JPEG of up to 2 MB, printed at the top of invoices, receipts and credit notes.
      </Text>
      <Group align="center" gap="lg">
        <Paper
          withBorder
          radius="md"
          w={180}
          h={90}
          p={6}
          style={{ display: 'grid', placeItems: 'center', background: '#fff' }}
        >
          {settings.logoDataUrl ? (
            <Image src={settings.logoDataUrl} alt="Logo on documents" fit="contain" mah={76} maw={166} />
          ) : (
            <Text fz="xs" c="dimmed">
              No logo
            </Text>
          )}
        </Paper>
        {!readOnly && (
          <Group gap="xs">
            <FileButton onChange={(f) => void choose(f)} accept="image/png,image/jpeg">
              {(props) => (
                <Button {...props} variant="default" leftSection={<IconPhotoUp size={16} />} loading={busy}>
                  {settings.logoDataUrl ? 'Change logo' : 'Upload logo'}
                </Button>
              )}
            </FileButton>
            {settings.logoDataUrl && (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => void save(null)}
              >
                Remove
              </Button>
            )}
          </Group>
        )}
      </Group>
      {error && (
        <Text c="red" fz="sm" mt="sm" role="alert">
          {error}
        </Text>
      )}
    </Paper>
  );
}

function DocumentForm({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const queryClient = useQueryClient();
  const { values, set, errors, setErrors } = useFormState({
    footer: settings.footer ?? '',
    registration: settings.registration ?? '',
    iban: settings.iban ?? '',
    bic: settings.bic ?? '',
    emailInvoices: settings.emailInvoices,
  });
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const saved = await api.call('documents.saveSettings', {
        footer: values.footer,
        registration: values.registration,
        iban: values.iban,
        bic: values.bic,
        emailInvoices: values.emailInvoices,
      });
      queryClient.setQueryData(documentSettingsKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['documents'] });
      notifySuccess('Document settings saved.');
    } catch (err) {
      const fields = fieldErrorsOf(err);
      setErrors(fields);
      if (Object.keys(fields).length === 0) notifyError(err, 'Not saved');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder radius="lg" p="lg" component="form" onSubmit={(e: FormEvent) => void submit(e)}>
      <Title order={3} fz="lg" mb="md">
        Text and bank details
      </Title>
      <Stack>
        <TextInput
          label="Registration line"
          description="Printed under your tax id, e.g. “Registered in England No. 01234567”."
          value={values.registration}
          onChange={(e) => set('registration', e.currentTarget.value)}
          error={errors.registration}
          disabled={readOnly}
        />
        <Textarea
          label="Footer"
          description="At the foot of every page: bank details, legal lines, a thank-you."
          autosize
          minRows={2}
          maxRows={6}
          value={values.footer}
          onChange={(e) => set('footer', e.currentTarget.value)}
          error={errors.footer}
          disabled={readOnly}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="IBAN"
            description="Euro invoices then carry a QR code members scan to pay by transfer."
            placeholder="DE89 3704 0044 0532 0130 00"
            value={values.iban}
            onChange={(e) => set('iban', e.currentTarget.value)}
            error={errors.iban}
            disabled={readOnly}
          />
          <TextInput
            label="BIC"
            description="Optional inside the euro area."
            placeholder="COBADEFFXXX"
            value={values.bic}
            onChange={(e) => set('bic', e.currentTarget.value)}
            error={errors.bic}
            disabled={readOnly}
          />
        </SimpleGrid>
        <Switch
          label="Email each invoice to the member when it is issued"
          description="Receipts after a payment follow the member's message settings (Settings → Messages)."
          checked={values.emailInvoices}
          onChange={(e) => set('emailInvoices', e.currentTarget.checked)}
          disabled={readOnly}
        />
        {!readOnly && (
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Save
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
