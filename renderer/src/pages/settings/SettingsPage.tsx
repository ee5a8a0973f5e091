import { Tabs } from '@mantine/core';
import {
  IconArchive,
  IconBuildingStore,
  IconFileInvoice,
  IconCreditCard,
  IconInfoCircle,
  IconReceiptRefund,
  IconMail,
  IconMessages,
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
import { BackupsSettings } from '../backups/BackupsSettings';
import { DunningSettings } from './DunningSettings';
import { DeskSaleSettings } from '../sales/DeskSaleSettings';
import { SchedulerStatusPanel } from './SchedulerStatusPanel';
import { MessagesSettings } from '../messages/MessagesSettings';
import { DocumentSettings } from '../documents/DocumentSettings';

export function SettingsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  // Front-desk staff have no business settings (DESIGN §4): they get their own account and appearance.
  const tabs = [
    { value: 'business', label: 'Business', icon: IconBuildingStore, show: can('manager') },
    { value: 'operators', label: 'Operators', icon: IconUsersGroup, show: can('owner') },
    { value: 'payments', label: 'Payments', icon: IconCreditCard, show: can('owner') },
    { value: 'email', label: 'Email', icon: IconMail, show: can('manager') },
    { value: 'messages', label: 'Messages', icon: IconMessages, show: can('manager') },
    { value: 'billing', label: 'Billing', icon: IconReceiptRefund, show: can('manager') },
    { value: 'documents', label: 'Documents', icon: IconFileInvoice, show: can('manager') },
    { value: 'backups', label: 'Backups', icon: IconArchive, show: can('owner') },
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
        <Tabs.Panel value="messages">
          <MessagesSettings />
        </Tabs.Panel>
        <Tabs.Panel value="payments">
          <PaymentSettings />
        </Tabs.Panel>
        <Tabs.Panel value="email">
          <EmailSettings />
        </Tabs.Panel>
        <Tabs.Panel value="billing">
          <DunningSettings />
          <DeskSaleSettings />
        </Tabs.Panel>
        <Tabs.Panel value="backups">
          <BackupsSettings />
        </Tabs.Panel>
        <Tabs.Panel value="documents">
          <DocumentSettings />
        </Tabs.Panel>
        <Tabs.Panel value="account">
          <MyAccount />
        </Tabs.Panel>
        <Tabs.Panel value="appearance">
          <AppearanceSettings />
        </Tabs.Panel>
        <Tabs.Panel value="system">
          <SystemSettings />
          <SchedulerStatusPanel />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
