import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const operators = sqliteTable(
  'operators',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    /** Stored lower-cased; unique. */
    email: text('email').notNull().unique(),
    role: text('role', { enum: ['owner', 'manager', 'staff'] }).notNull(),
    /** `scrypt$N$r$p$salt$hash`, so parameters can be raised later without breaking old hashes. */
    passwordHash: text('password_hash').notNull(),
    status: text('status', { enum: ['active', 'deactivated'] })
      .notNull()
      .default('active'),
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    lastLoginAt: text('last_login_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('operators_role_idx').on(t.role, t.status)],
);

/** Sign-in sessions. Only a SHA-256 of the token is stored, so a copied database opens no session. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    operatorId: integer('operator_id')
      .notNull()
      .references(() => operators.id),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    endedAt: text('ended_at'),
  },
  (t) => [index('sessions_operator_idx').on(t.operatorId)],
);

/** Failed sign-ins per email (known or not), for throttling and lockout. */
export const loginAttempts = sqliteTable('login_attempts', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: text('last_failure_at').notNull(),
  lockedUntil: text('locked_until'),
});
