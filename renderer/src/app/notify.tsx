import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { AppError } from '../../../shared/errors';

/** The words to show for any failure: our AppErrors are already written for the shop owner. */
export function errorMessage(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return 'Something went wrong. Please try again.';
}

export function notifySuccess(message: string, title?: string): void {
  notifications.show({
    color: 'teal',
    icon: <IconCheck size={18} />,
    title,
    message,
    autoClose: 4000,
  });
}

export function notifyError(error: unknown, title = 'That did not work'): void {
  notifications.show({
    color: 'red',
    icon: <IconAlertTriangle size={18} />,
    title,
    message: errorMessage(error),
    autoClose: 8000,
  });
}
