import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  FileButton,
  Group,
  Image,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconInfoCircle, IconPhoto, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { contract, type BusinessSettings } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { notifyError, notifySuccess } from '../../app/notify';
import { settingsQuery } from '../../app/Shell';
import { showCoreErrors, useContractForm } from '../../components/forms';
import { currencyOptions, localeOptions, timeZoneOptions } from '../../components/options';

const MAX_LOGO_BYTES = 380 * 1024;
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'];

/** Shaped like `settings.update`'s input, so the contract's error paths (`address.city`) land on fields. */
type Values = {
  name: string;
  address: {
    line1: string;
    line2: string;
    city: string;
    region: string;
    postalCode: string;
    country: string;
  };
  taxId: string;
  logoDataUrl: string | null;
  currency: string;
  timeZone: string;
  locale: string;
  email: string;
  phone: string;
  lockAfterMinutes: number | string;
  memberNumberPrefix: string;
};

function valuesOf(s: BusinessSettings): Values {
  return {
    name: s.name,
    address: {
      line1: s.address.line1 ?? '',
      line2: s.address.line2 ?? '',
      city: s.address.city ?? '',
      region: s.address.region ?? '',
      postalCode: s.address.postalCode ?? '',
      country: s.address.country ?? '',
    },
    taxId: s.taxId ?? '',
    logoDataUrl: s.logoDataUrl,
    currency: s.currency,
    timeZone: s.timeZone,
    locale: s.locale,
    email: s.email ?? '',
    phone: s.phone ?? '',
    lockAfterMinutes: s.lockAfterMinutes,
    memberNumberPrefix: s.memberNumberPrefix,
  };
}

/** What is sent: null clears an optional value (an empty string would mean "unchanged"). */
const inputOf = (v: Values) => ({
  ...v,
  taxId: v.taxId.trim() || null,
  email: v.email.trim() || null,
  phone: v.phone.trim() || null,
  lockAfterMinutes: Number(v.lockAfterMinutes),
});

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export function BusinessSettingsForm() {
  const settings = useQuery(settingsQuery());
  if (!settings.data) {
    return settings.isError ? (
      <Alert color="red">{settings.error.message}</Alert>
    ) : (
      <Stack>
        <Skeleton height={220} radius="lg" />
        <Skeleton height={160} radius="lg" />
      </Stack>
    );
  }
  // Keyed by when the settings were read: a save here or in another window starts the form afresh.
  return <Form key={settings.dataUpdatedAt} settings={settings.data} />;
}

function Form({ settings }: { settings: BusinessSettings }) {
  const { can, refresh } = useAuth();
  const readOnly = !can('owner');
  const queryClient = useQueryClient();
  const form = useContractForm(contract['settings.update'].input, valuesOf(settings), { toInput: inputOf });
  const { values, errors } = form;
  const [busy, setBusy] = useState(false);

  const currencies = useMemo(
    () => currencyOptions(values.locale, values.currency),
    [values.locale, values.currency],
  );
  const zones = useMemo(() => timeZoneOptions(values.timeZone), [values.timeZone]);
  const locales = useMemo(() => localeOptions(values.locale), [values.locale]);

  async function chooseLogo(file: File | null) {
    if (!file) return;
    if (!LOGO_TYPES.includes(file.type)) {
      form.setFieldError('logoDataUrl', 'The logo must be a PNG, JPEG or SVG image');
      return;
    }
    if (file.size > MAX_LOGO_BYTES) {
      form.setFieldError('logoDataUrl', 'The logo is too large: use an image under 380 KB');
      return;
    }
    try {
      form.setFieldValue('logoDataUrl', await readAsDataUrl(file));
    } catch {
      form.setFieldError('logoDataUrl', 'That image could not be read');
    }
  }

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    try {
      const saved = await api.call('settings.update', inputOf(v));
      queryClient.setQueryData(settingsQuery().queryKey, saved);
      await refresh(); // the top bar, dates and money follow the new name, locale and zone
      notifySuccess('Business settings saved.');
    } catch (error) {
      showCoreErrors(form, error);
      notifyError(error, 'Settings not saved');
    } finally {
      setBusy(false);
    }
  });

  const text = (path: string, label: string, extra: object = {}) => (
    <TextInput label={label} readOnly={readOnly} {...form.getInputProps(path)} {...extra} />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        {readOnly && (
          <Alert variant="light" icon={<IconInfoCircle size={18} />}>
            Only the owner can change the business details. You can see them here.
          </Alert>
        )}
        <Paper withBorder radius="lg" p="lg">
          <Text fw={600} mb="md">
            Business
          </Text>
          <Stack gap="md">
            <Group align="flex-start" gap="lg" wrap="nowrap">
              <Stack gap={6} align="center" w={140}>
                <Paper
                  withBorder
                  radius="md"
                  w={120}
                  h={120}
                  p={8}
                  style={{ display: 'grid', placeItems: 'center' }}
                >
                  {values.logoDataUrl ? (
                    <Image src={values.logoDataUrl} alt="Business logo" fit="contain" mah={100} maw={100} />
                  ) : (
                    <IconPhoto
                      size={36}
                      stroke={1.2}
                      color="var(--mantine-color-dimmed)"
                      aria-label="No logo"
                    />
                  )}
                </Paper>
                {!readOnly && (
                  <Group gap={4}>
                    <FileButton
                      onChange={(f) => void chooseLogo(f)}
                      accept="image/png,image/jpeg,image/svg+xml"
                    >
                      {(props) => (
                        <Button {...props} size="compact-xs" variant="light">
                          {values.logoDataUrl ? 'Change logo' : 'Upload logo'}
                        </Button>
                      )}
                    </FileButton>
                    {values.logoDataUrl && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label="Remove logo"
                        onClick={() => form.setFieldValue('logoDataUrl', null)}
                      >
                        <IconTrash size={14} />
                      </Button>
                    )}
                  </Group>
                )}
                {errors.logoDataUrl && (
                  <Text fz="xs" c="red" ta="center">
                    {errors.logoDataUrl}
                  </Text>
                )}
              </Stack>
              <Stack gap="md" style={{ flex: 1 }}>
                {text('name', 'Business name', { required: true })}
                <SimpleGrid cols={3} spacing="md">
                  {text('email', 'Business email', { type: 'email' })}
                  {text('phone', 'Business phone', { type: 'tel' })}
                  {text('taxId', 'Tax id', { description: 'VAT, GST or EIN, printed on invoices' })}
                </SimpleGrid>
              </Stack>
            </Group>
            {text('address.line1', 'Address line 1')}
            {text('address.line2', 'Address line 2')}
            <SimpleGrid cols={4} spacing="md">
              {text('address.city', 'City')}
              {text('address.region', 'State or region')}
              {text('address.postalCode', 'Postal code')}
              {text('address.country', 'Country')}
            </SimpleGrid>
          </Stack>
        </Paper>

        <Paper withBorder radius="lg" p="lg">
          <Text fw={600} mb="md">
            Money, time and numbering
          </Text>
          <SimpleGrid cols={3} spacing="md">
            <Select
              label="Currency"
              searchable
              allowDeselect={false}
              data={currencies}
              value={values.currency}
              onChange={(v) => v && form.setFieldValue('currency', v)}
              error={errors.currency}
              readOnly={readOnly}
            />
            <Select
              label="Time zone"
              searchable
              allowDeselect={false}
              data={zones}
              value={values.timeZone}
              onChange={(v) => v && form.setFieldValue('timeZone', v)}
              error={errors.timeZone}
              readOnly={readOnly}
              limit={200}
            />
            <Select
              label="Language and region"
              searchable
              allowDeselect={false}
              data={locales}
              value={values.locale}
              onChange={(v) => v && form.setFieldValue('locale', v)}
              error={errors.locale}
              readOnly={readOnly}
            />
            <NumberInput
              label="Lock after (minutes)"
              description="Without mouse or keyboard activity"
              min={1}
              max={1440}
              allowDecimal={false}
              readOnly={readOnly}
              {...form.getInputProps('lockAfterMinutes')}
            />
            {text('memberNumberPrefix', 'Member number prefix', {
              description: 'Goes before each new member’s number',
            })}
          </SimpleGrid>
        </Paper>

        {!readOnly && (
          <Group justify="flex-end">
            <Button variant="default" onClick={() => form.setValues(valuesOf(settings))} disabled={busy}>
              Discard changes
            </Button>
            <Button type="submit" loading={busy}>
              Save settings
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
