import { useMemo, useState, type FormEvent } from 'react';
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
import type { BusinessSettings } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { notifyError, notifySuccess } from '../../app/notify';
import { settingsQuery } from '../../app/Shell';
import { fieldErrorsOf, useFormState } from '../../components/forms';
import { currencyOptions, localeOptions, timeZoneOptions } from '../../components/options';

const MAX_LOGO_BYTES = 380 * 1024;
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'];

type Values = {
  name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
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
    line1: s.address.line1 ?? '',
    line2: s.address.line2 ?? '',
    city: s.address.city ?? '',
    region: s.address.region ?? '',
    postalCode: s.address.postalCode ?? '',
    country: s.address.country ?? '',
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
  const { values, setValues, set, errors, setErrors } = useFormState<Values>(valuesOf(settings));
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
      setErrors((e) => ({ ...e, logoDataUrl: 'The logo must be a PNG, JPEG or SVG image' }));
      return;
    }
    if (file.size > MAX_LOGO_BYTES) {
      setErrors((e) => ({ ...e, logoDataUrl: 'The logo is too large: use an image under 380 KB' }));
      return;
    }
    try {
      set('logoDataUrl', await readAsDataUrl(file));
    } catch {
      setErrors((e) => ({ ...e, logoDataUrl: 'That image could not be read' }));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await api.call('settings.update', {
        name: values.name,
        address: {
          line1: values.line1,
          line2: values.line2,
          city: values.city,
          region: values.region,
          postalCode: values.postalCode,
          country: values.country,
        },
        // null clears an optional value; an empty string would mean "unchanged".
        taxId: values.taxId.trim() || null,
        logoDataUrl: values.logoDataUrl,
        currency: values.currency,
        timeZone: values.timeZone,
        locale: values.locale,
        email: values.email.trim() || null,
        phone: values.phone.trim() || null,
        lockAfterMinutes: Number(values.lockAfterMinutes),
        memberNumberPrefix: values.memberNumberPrefix,
      });
      queryClient.setQueryData(settingsQuery().queryKey, saved);
      await refresh(); // the top bar, dates and money follow the new name, locale and zone
      notifySuccess('Business settings saved.');
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      notifyError(error, 'Settings not saved');
    } finally {
      setBusy(false);
    }
  }

  const text = (
    key: Exclude<keyof Values, 'logoDataUrl' | 'lockAfterMinutes'>,
    label: string,
    extra: object = {},
  ) => (
    <TextInput
      label={label}
      value={values[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={errors[key] ?? errors[`address.${key}`]}
      readOnly={readOnly}
      {...extra}
    />
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
                        onClick={() => set('logoDataUrl', null)}
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
            {text('line1', 'Address line 1')}
            {text('line2', 'Address line 2')}
            <SimpleGrid cols={4} spacing="md">
              {text('city', 'City')}
              {text('region', 'State or region')}
              {text('postalCode', 'Postal code')}
              {text('country', 'Country')}
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
              onChange={(v) => v && set('currency', v)}
              error={errors.currency}
              readOnly={readOnly}
            />
            <Select
              label="Time zone"
              searchable
              allowDeselect={false}
              data={zones}
              value={values.timeZone}
              onChange={(v) => v && set('timeZone', v)}
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
              onChange={(v) => v && set('locale', v)}
              error={errors.locale}
              readOnly={readOnly}
            />
            <NumberInput
              label="Lock after (minutes)"
              description="Without mouse or keyboard activity"
              min={1}
              max={1440}
              allowDecimal={false}
              value={values.lockAfterMinutes}
              onChange={(v) => set('lockAfterMinutes', v)}
              error={errors.lockAfterMinutes}
              readOnly={readOnly}
            />
            {text('memberNumberPrefix', 'Member number prefix', {
              description: 'Goes before each new member’s number',
            })}
          </SimpleGrid>
        </Paper>

        {!readOnly && (
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setValues(valuesOf(settings))} disabled={busy}>
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
