import { Button } from '@mantine/core';
import {
  IconChartBar,
  IconCreditCard,
  IconFileInvoice,
  IconListDetails,
  IconMapQuestion,
  IconRepeat,
} from '@tabler/icons-react';
import { createHashRouter, Link } from 'react-router';
import { Empty } from '../components/Empty';
import { Page } from '../components/Page';
import { ComingSoonPage } from '../pages/billing/ComingSoonPage';
import { DashboardPage } from '../pages/dashboard/DashboardPage';
import { MemberPage } from '../pages/members/MemberPage';
import { MembersPage } from '../pages/members/MembersPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { Shell } from './Shell';

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
        {
          path: 'plans',
          element: (
            <ComingSoonPage
              title="Plans"
              icon={IconListDetails}
              summary="Plans are what you sell: a monthly membership, a 10-class pass, a yearly family plan."
              points={[
                'Price, billing interval and free trial days',
                'Setup fees, tax rates and coupons',
                'Minimum terms, pauses and cancellation rules',
              ]}
            />
          ),
        },
        {
          path: 'subscriptions',
          element: (
            <ComingSoonPage
              title="Subscriptions"
              icon={IconRepeat}
              summary="A subscription puts a member on a plan and renews it automatically while Recur is open."
              points={[
                'Start, pause, change plan or cancel in a click',
                'Renewals, trials and grace periods handled for you',
                'Who is past due, at a glance',
              ]}
            />
          ),
        },
        {
          path: 'invoices',
          element: (
            <ComingSoonPage
              title="Invoices"
              icon={IconFileInvoice}
              summary="Every renewal produces a numbered invoice you can print or email."
              points={[
                'Gapless numbering with your own prefix',
                'Credit notes for corrections',
                'PDFs in your language',
              ]}
            />
          ),
        },
        {
          path: 'payments',
          element: (
            <ComingSoonPage
              title="Payments"
              icon={IconCreditCard}
              summary="Card payments through Stripe, and cash or bank transfers recorded at the desk."
              points={[
                'Card details stay with Stripe, never on this computer',
                'Refunds, full or partial',
                'Failed payments explained in plain words',
              ]}
            />
          ),
        },
        {
          path: 'reports',
          element: (
            <ComingSoonPage
              title="Reports"
              icon={IconChartBar}
              summary="How the business is doing, from the billing history on this computer."
              points={[
                'Revenue by month and recurring revenue',
                'Churn and new members',
                'Failed payments to follow up',
              ]}
            />
          ),
        },
        { path: 'settings', element: <SettingsPage /> },
        { path: 'settings/:tab', element: <SettingsPage /> },
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);
}
