import { Tabs } from '@mantine/core';
import {
  IconBuildingStore,
  IconCreditCard,
  IconInfoCircle,
  IconMail,
  IconPalette,
  IconUserCircle,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useNavigate, useParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { Page } from '../../components/Page';
import { AppearanceSettings } from './AppearanceSettings';
import { BusinessSettingsForm } from './BusinessSettingsForm';
import { EmailSettings } from './EmailSettings';
import { MyAccount } from './MyAccount';
import { PaymentSettings } from './PaymentSettings';
import { OperatorsSettings } from './OperatorsSettings';
import { SystemSettings } from './SystemSettings';

export function SettingsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  // Front-desk staff have no business settings (DESIGN §4): they get their own account and appearance.
  const tabs = [
    { value: 'business', label: 'Business', icon: IconBuildingStore, show: can('manager') },
    { value: 'operators', label: 'Operators', icon: IconUsersGroup, show: can('owner') },
    { value: 'payments', label: 'Payments', icon: IconCreditCard, show: can('owner') },
    { value: 'email', label: 'Email', icon: IconMail, show: can('manager') },
    { value: 'account', label: 'My account', icon: IconUserCircle, show: true },
    { value: 'appearance', label: 'Appearance', icon: IconPalette, show: true },
    { value: 'system', label: 'System', icon: IconInfoCircle, show: true },
  ].filter((t) => t.show);
  const requested = useParams().tab;
  const tab = tabs.some((t) => t.value === requested) ? requested! : tabs[0]!.value;

  return (
    <Page title="Settings" maxWidth={1080}>
      <Tabs
        value={tab}
        onChange={(v) => v && void navigate(`/settings/${v}`, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} leftSection={<t.icon size={16} />}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="business">
          <BusinessSettingsForm />
        </Tabs.Panel>
        <Tabs.Panel value="operators">
          <OperatorsSettings />
        </Tabs.Panel>
        <Tabs.Panel value="payments">
          <PaymentSettings />
        </Tabs.Panel>
        <Tabs.Panel value="email">
          <EmailSettings />
        </Tabs.Panel>
        <Tabs.Panel value="account">
          <MyAccount />
        </Tabs.Panel>
        <Tabs.Panel value="appearance">
          <AppearanceSettings />
        </Tabs.Panel>
        <Tabs.Panel value="system">
          <SystemSettings />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
