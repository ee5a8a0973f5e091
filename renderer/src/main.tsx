/**
 * Recur's renderer. Component library: Mantine — accessible by default (labelled inputs, focus
 * management, ARIA on menus, tabs and dialogs), themable with real light and dark schemes, and it ships
 * what a desk app needs out of the box: notifications, confirm modals, a Ctrl/⌘+K spotlight and form
 * inputs (tags, selects, number and password fields).
 */
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import '@mantine/charts/styles.css';
import './global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ErrorBoundary } from './app/ErrorBoundary';
import { Providers } from './app/providers';
import { Root } from './app/Root';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

createRoot(container).render(
  <StrictMode>
    <Providers>
      <ErrorBoundary>
        <Root />
      </ErrorBoundary>
    </Providers>
  </StrictMode>,
);
