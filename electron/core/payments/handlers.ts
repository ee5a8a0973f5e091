import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import type { DomainHandlers } from '../handler';
import { gatewayOf, readState, SECRET_KEY, writeState } from './access';
import { chargeInvoice } from './charge';
import { GatewayRequestError } from './gateways/gateway';
import { keyMode } from './gateways/stripe';
import { openIssues, reconcile } from './reconcile';

const settingsOf = (ctx: Parameters<DomainHandlers<'gateway'>['gateway.settings']>[0]) => {
  const key = ctx.ports.secrets.get(SECRET_KEY);
  return {
    hasSecretKey: Boolean(key),
    mode: key ? keyMode(key) : null,
    publishableKey: readState(ctx.db, 'publishableKey'),
    statementDescriptor: readState(ctx.db, 'statementDescriptor'),
    lastCheckedAt: readState(ctx.db, 'lastCheckedAt'),
  };
};

export const gatewayHandlers: DomainHandlers<'gateway'> = {
  'gateway.settings': (ctx) => settingsOf(ctx),

  'gateway.saveKeys': (ctx, { secretKey: sent, publishableKey, statementDescriptor }) => {
    const secretKey = sent ?? ctx.ports.secrets.get(SECRET_KEY);
    if (!secretKey) {
      throw new AppError('VALIDATION', 'Paste the Stripe secret key first.', {
        secretKey: 'Paste the secret key',
      });
    }
    const mode = keyMode(secretKey);
    if (!mode) {
      throw new AppError('VALIDATION', 'That is not a Stripe secret key.', {
        secretKey: 'A secret key starts with sk_test_ or sk_live_',
      });
    }
    if (mode === 'live' && ctx.ports.testClock) {
      throw new AppError('VALIDATION', 'Live keys cannot be used while the test clock is on.', {
        secretKey: 'Use a test key (sk_test_…)',
      });
    }
    if (publishableKey && !publishableKey.startsWith(`pk_${mode}_`)) {
      throw new AppError('VALIDATION', `The publishable key is not a ${mode} key like the secret key.`, {
        publishableKey: `Use the pk_${mode}_ key`,
      });
    }
    if (sent) ctx.ports.secrets.set(SECRET_KEY, sent);
    ctx.write((tx) => {
      if (publishableKey) writeState(tx, 'publishableKey', publishableKey, ctx.nowIso());
      if (statementDescriptor !== undefined)
        writeState(tx, 'statementDescriptor', statementDescriptor, ctx.nowIso());
      // Never the key itself: only that one was stored, and in which mode.
      recordAudit(tx, ctx, { entity: 'settings', entityId: 1, action: 'Stripe keys saved', after: { mode } });
    });
    return settingsOf(ctx);
  },

  'gateway.testConnection': async (ctx) => {
    const gateway = gatewayOf(ctx);
    try {
      const { account } = await gateway.testConnection();
      ctx.write((tx) => writeState(tx, 'lastCheckedAt', ctx.nowIso(), ctx.nowIso()));
      return { ok: true as const, account, mode: gateway.mode };
    } catch (e) {
      if (e instanceof GatewayRequestError)
        throw new AppError('VALIDATION', e.message, { secretKey: e.message });
      throw new AppError(
        'GATEWAY_UNAVAILABLE',
        'Stripe could not be reached. Check the internet connection and try again.',
      );
    }
  },

  'gateway.reconcile': async (ctx) => {
    try {
      return await reconcile(ctx);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('GATEWAY_UNAVAILABLE', 'Stripe could not be reached. Recur tries again by itself.');
    }
  },

  'gateway.issues': (ctx) =>
    openIssues(ctx).map((i) => ({ id: i.id, kind: i.kind, summary: i.summary, createdAt: i.createdAt })),
};

export const chargeHandlers = {
  'invoices.charge': ((ctx, { invoiceId }) =>
    chargeInvoice(ctx, invoiceId)) as DomainHandlers<'invoices'>['invoices.charge'],
};
