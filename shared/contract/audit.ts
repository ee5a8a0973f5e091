import { z } from 'zod';
import { channel } from './define';
import { id, paging } from './common';
import type { AuditEntry, ClockState, Page } from './types';

export const auditChannels = {
  /** The activity of one record (a member's Activity tab). */
  'audit.forEntity': channel<Page<AuditEntry>>()(
    z.object({
      entity: z.enum(['member', 'operator', 'settings', 'plan', 'subscription', 'invoice', 'payment']),
      entityId: id,
      ...paging,
    }),
    'staff',
  ),
  /** The whole audit log, newest first. */
  'audit.list': channel<Page<AuditEntry>>()(
    z.object({ query: z.string().trim().max(200).optional(), ...paging }),
    'owner',
  ),
};

export const clockChannels = {
  'clock.get': channel<ClockState>()(z.object({}).strict(), 'owner', { testOnly: true }),
  'clock.advance': channel<ClockState>()(
    z
      .object({
        days: z.number().int().min(1).max(3660).optional(),
        to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
      })
      .refine((v) => (v.days === undefined) !== (v.to === undefined), {
        message: 'Give either days or to',
        path: ['days'],
      }),
    'owner',
    { testOnly: true },
  ),
};
