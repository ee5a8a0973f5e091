import { z } from 'zod';
import { ROLES } from '../permissions';
import { channel } from './define';
import { byId, email, empty, id, password, requiredText } from './common';
import type { Operator } from './types';

const role = z.enum(ROLES, { error: 'Choose a role: owner, manager or front desk' });

export const operatorChannels = {
  'operators.list': channel<Operator[]>()(empty, 'owner'),
  'operators.create': channel<Operator>()(
    z.object({
      name: requiredText(120, 'Name'),
      email,
      role,
      /** A temporary password the new operator must change at first sign-in. */
      temporaryPassword: password,
    }),
    'owner',
  ),
  'operators.update': channel<Operator>()(
    z.object({ id, name: requiredText(120, 'Name').optional(), role: role.optional() }),
    'owner',
  ),
  'operators.deactivate': channel<Operator>()(byId, 'owner'),
  'operators.reactivate': channel<Operator>()(byId, 'owner'),
  'operators.resetPassword': channel<null>()(z.object({ id, temporaryPassword: password }), 'owner'),
};
