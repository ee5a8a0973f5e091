import { useCallback } from 'react';
import {
  ActionIcon,
  AppShell,
  Avatar,
  Badge,
  Group,
  Image,
  Kbd,
  Button,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { spotlight } from '@mantine/spotlight';
import {
  IconAlertTriangle,
  IconChartBar,
  IconChevronDown,
  IconCreditCard,
  IconFileInvoice,
  IconKey,
  IconLayoutDashboard,
  IconListDetails,
  IconLock,
  IconLogout,
  IconMessages,
  IconMoon,
  IconRepeat,
  IconSearch,
  IconSettings,
  IconShoppingCartPlus,
  IconSun,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useLocation } from 'react-router';
import { ROLE_LABELS, type Access } from '../../../shared/permissions';
import { api } from '../api';
import { Logo } from '../components/Logo';
import { initials } from '../components/initials';
import { ChangePasswordForm } from '../pages/auth/ChangePasswordForm';
import { SellMembershipModal } from '../pages/sales/SaleWizard';
import { openSaleWizard } from '../pages/sales/saleStore';
import { useAuth } from './auth';
import { useCoreEvents } from './coreEvents';
import { GlobalSearch } from './GlobalSearch';
import { TestClock } from './TestClock';
import { useIdleLock } from './idleLock';
import { useThemePreference } from './themePreference';
import classes from './Shell.module.css';

interface NavItem {
  label: string;
  to: string;
  icon: Icon;
  access: Access;
  soon?: boolean;
}

export const NAV: NavItem[] = [
  { label: 'Dashboard', to: '/', icon: IconLayoutDashboard, access: 'staff' },
  { label: 'Members', to: '/members', icon: IconUsers, access: 'staff' },
  { label: 'Plans', to: '/plans', icon: IconListDetails, access: 'staff' },
  { label: 'Subscriptions', to: '/subscriptions', icon: IconRepeat, access: 'staff' },
  { label: 'Invoices', to: '/invoices', icon: IconFileInvoice, access: 'staff' },
  { label: 'Payments', to: '/payments', icon: IconCreditCard, access: 'staff' },
  { label: 'Debtors', to: '/debtors', icon: IconAlertTriangle, access: 'staff' },
  { label: 'Reports', to: '/reports', icon: IconChartBar, access: 'manager' },
  { label: 'Message log', to: '/outbox', icon: IconMessages, access: 'manager' },
  // Front-desk staff have no settings (DESIGN §4); their password and theme are in the top bar.
  { label: 'Settings', to: '/settings', icon: IconSettings, access: 'manager' },
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function settingsQuery() {
  return { queryKey: ['settings'], queryFn: () => api.call('settings.get', {}) } as const;
}

/** The signed-in frame: sidebar, top bar, global search, idle lock, live updates. */
export function Shell() {
  const { operator, business, can, lock, logout, testClock } = useAuth();
  const location = useLocation();
  const settings = useQuery(settingsQuery());
  const { setTheme } = useThemePreference();
  const scheme = useComputedColorScheme('light');
  useCoreEvents();

  const minutes = settings.data?.lockAfterMinutes;
  const onIdle = useCallback(() => {
    lock(`You were away for ${minutes} minute${minutes === 1 ? '' : 's'}, so Recur locked itself.`);
    // End the session on the core too: a locked window must not hold a live session.
    void api.call('auth.logout', {}).catch(() => undefined);
  }, [lock, minutes]);
  useIdleLock(minutes, onIdle);

  const lockNow = () => {
    lock('You locked Recur. Enter your password to carry on.');
    void api.call('auth.logout', {}).catch(() => undefined);
  };

  const openChangePassword = () => {
    const id = modals.open({
      title: 'Change your password',
      children: <ChangePasswordForm onDone={() => modals.close(id)} onCancel={() => modals.close(id)} />,
    });
  };

  const isActive = (to: string) =>
    to === '/'
      ? location.pathname === '/'
      : location.pathname === to || location.pathname.startsWith(`${to}/`);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 236, breakpoint: 0 }} padding={0}>
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap" w={236 - 16}>
            <Logo size="sm" />
          </Group>
          <Group gap="xs" wrap="nowrap" style={{ flex: 1, minWidth: 0, overflow: 'hidden' }}>
            {settings.data?.logoDataUrl && (
              <Image src={settings.data.logoDataUrl} alt="" h={28} w="auto" fit="contain" />
            )}
            <Text fw={600} truncate="end" title={business?.name} miw={72}>
              {business?.name}
            </Text>
            {testClock && (
              <Tooltip label="This copy runs on a movable test clock: dates may not be today's">
                <Badge color="orange" variant="light" size="sm" style={{ flexShrink: 0 }}>
                  Test clock on
                </Badge>
              </Tooltip>
            )}
            {testClock && can('owner') && <TestClock />}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Button
              size="sm"
              leftSection={<IconShoppingCartPlus size={18} />}
              onClick={() => openSaleWizard()}
              style={{ flexShrink: 0 }}
            >
              Sell membership
            </Button>
            <UnstyledButton
              className={classes.search}
              onClick={() => spotlight.open()}
              aria-label="Search members"
              aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
            >
              <Group gap={8} wrap="nowrap">
                <IconSearch size={16} aria-hidden />
                <Text fz="sm" c="dimmed" truncate="end" style={{ flex: 1, minWidth: 0 }}>
                  Search members…
                </Text>
                <Kbd size="xs">{isMac ? '⌘' : 'Ctrl'} + K</Kbd>
              </Group>
            </UnstyledButton>
            <Tooltip label={scheme === 'dark' ? 'Light theme' : 'Dark theme'}>
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={scheme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
                onClick={() => void setTheme(scheme === 'dark' ? 'light' : 'dark').catch(() => undefined)}
              >
                {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end" width={220} shadow="md">
              <Menu.Target>
                <UnstyledButton className={classes.operator} aria-label="Account menu">
                  <Group gap={8} wrap="nowrap">
                    <Avatar color="brand" radius="xl" size={32}>
                      {initials(operator?.name ?? '')}
                    </Avatar>
                    <Stack gap={0} visibleFrom="md">
                      <Text fz="sm" fw={600} lh={1.2} maw={140} truncate="end">
                        {operator?.name}
                      </Text>
                      <Text fz="xs" c="dimmed" lh={1.2}>
                        {operator ? ROLE_LABELS[operator.role] : ''}
                      </Text>
                    </Stack>
                    <IconChevronDown size={14} aria-hidden />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{operator?.email}</Menu.Label>
                <Menu.Item leftSection={<IconKey size={16} />} onClick={openChangePassword}>
                  Change password
                </Menu.Item>
                <Menu.Item leftSection={<IconLock size={16} />} onClick={lockNow}>
                  Lock screen
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={() => void logout()}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" className={classes.navbar}>
        <AppShell.Section grow component={ScrollArea}>
          <nav aria-label="Main">
            <Stack gap={2}>
              {NAV.filter((item) => can(item.access)).map((item) => (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={item.label}
                  leftSection={<item.icon size={19} stroke={1.7} aria-hidden />}
                  rightSection={
                    item.soon ? (
                      <Badge size="xs" variant="light" color="gray">
                        Soon
                      </Badge>
                    ) : undefined
                  }
                  active={isActive(item.to)}
                  aria-current={isActive(item.to) ? 'page' : undefined}
                  className={classes.navLink}
                />
              ))}
            </Stack>
          </nav>
        </AppShell.Section>
        <AppShell.Section>
          <Text fz="xs" c="dimmed" px="sm" py={6}>
            {business?.currency} · {business?.timeZone}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main className={classes.main}>
        <Outlet />
      </AppShell.Main>
      <GlobalSearch />
      <SellMembershipModal />
    </AppShell>
  );
}
