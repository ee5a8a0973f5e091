/** Operator roles, lowest to highest. Each role can do everything the roles before it can (DESIGN §4). */
export const ROLES = ['staff', 'manager', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may call a channel: `public` needs no session (setup, login, status), `signedIn` any operator,
 * otherwise the lowest role that may.
 */
export type Access = 'public' | 'signedIn' | Role;

export function roleAllows(role: Role, access: Access): boolean {
  if (access === 'public' || access === 'signedIn') return true;
  return ROLES.indexOf(role) >= ROLES.indexOf(access);
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  manager: 'Manager',
  staff: 'Front desk',
};
