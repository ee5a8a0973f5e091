import { Button } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { createHashRouter, Link } from 'react-router';
import { Empty } from '../components/Empty';
import { Page } from '../components/Page';
import { InvoicePage } from '../pages/billing/InvoicePage';
import { InvoicesPage } from '../pages/billing/InvoicesPage';
import { PaymentsPage } from '../pages/billing/PaymentsPage';
import { PlansPage } from '../pages/billing/PlansPage';
import { SubscriptionPage } from '../pages/billing/SubscriptionPage';
import { SubscriptionsPage } from '../pages/billing/SubscriptionsPage';
import { DashboardPage } from '../pages/dashboard/DashboardPage';
import { DebtorsPage } from '../pages/debtors/DebtorsPage';
import { ReportsPage } from '../pages/reports/ReportsPage';
import { MemberPage } from '../pages/members/MemberPage';
import { MembersPage } from '../pages/members/MembersPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { Shell } from './Shell';
import { OutboxPage } from '../pages/messages/OutboxPage';
import { CreditNotePage, PaymentReceiptPage } from '../pages/documents/DocumentPages';

function NotFound() {
  return (
    <Page title="Page not found">
      <Empty
        icon={<IconMapQuestion size={30} stroke={1.5} />}
        title="There is nothing at this address"
        actions={
          <Button component={Link} to="/">
            Go to the dashboard
          </Button>
        }
      />
    </Page>
  );
}

/**
 * Hash routing: the page is loaded from a custom protocol in Electron and from `/` in headless mode,
 * and a reload on `#/members/12` works in both without the server knowing our routes.
 */
export function createRouter() {
  return createHashRouter([
    {
      element: <Shell />,
      children: [
        { index: true, element: <DashboardPage /> },
        { path: 'members', element: <MembersPage /> },
        { path: 'members/:id', element: <MemberPage /> },
        { path: 'plans', element: <PlansPage /> },
        { path: 'subscriptions', element: <SubscriptionsPage /> },
        { path: 'subscriptions/:id', element: <SubscriptionPage /> },
        { path: 'invoices', element: <InvoicesPage /> },
        { path: 'invoices/:id', element: <InvoicePage /> },
        { path: 'payments', element: <PaymentsPage /> },
        { path: 'payments/:id', element: <PaymentReceiptPage /> },
        { path: 'credit-notes/:id', element: <CreditNotePage /> },
        { path: 'debtors', element: <DebtorsPage /> },
        { path: 'reports', element: <ReportsPage /> },
        { path: 'reports/:report', element: <ReportsPage /> },
        { path: 'outbox', element: <OutboxPage /> },
        { path: 'settings', element: <SettingsPage /> },
        { path: 'settings/:tab', element: <SettingsPage /> },
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);
}
