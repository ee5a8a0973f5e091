/**
 * Tiny HTML pages standing in for Stripe Checkout (`/pay/:session`) and for the bank's
 * 3-D Secure challenge (`/authenticate/:payment_intent`), so an end-to-end test can click through.
 */
import { TEST_CARDS } from './cards';
import type { CheckoutSessionObject, PaymentIntentObject } from './objects';
import { formatMoney } from './store';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 30rem; margin: 3rem auto; padding: 0 1rem; color: #1a1f36; }
h1 { font-size: 1.3rem; }
label { display: block; margin: 0.8rem 0 0.3rem; }
select, input, button { font: inherit; padding: 0.4rem; width: 100%; box-sizing: border-box; }
button { margin-top: 1rem; background: #635bff; color: white; border: 0; border-radius: 4px; cursor: pointer; }
button.secondary { background: #e3e8ee; color: #1a1f36; }
.muted { color: #697386; font-size: 0.9rem; }
</style>
</head>
<body>
<p class="muted">Stripe stand-in · test mode</p>
${body}
</body>
</html>
`;
}

export function checkoutPage(session: CheckoutSessionObject, email: string | null, error?: string): string {
  if (session.status !== 'open') {
    const text = session.status === 'complete' ? 'Your card has been saved.' : 'This link has expired.';
    return layout(
      'Checkout',
      `<h1 data-testid="checkout-status" data-status="${session.status}">${escape(text)}</h1>
${session.status === 'complete' && session.success_url ? `<p><a data-testid="return-link" href="${escape(fill(session.success_url, session.id))}">Return to the merchant</a></p>` : ''}`,
    );
  }
  const options = TEST_CARDS.map(
    (c) =>
      `<option value="${escape(c.token)}">${escape(`${c.number.replace(/(.{4})/g, '$1 ').trim()} — ${c.label}`)}</option>`,
  ).join('\n');
  return layout(
    'Save your card',
    `<h1 data-testid="checkout-status" data-status="open">Save a card for future payments</h1>
${email ? `<p class="muted" data-testid="checkout-email">${escape(email)}</p>` : ''}
${error ? `<p role="alert" data-testid="checkout-error">${escape(error)}</p>` : ''}
<form method="post" action="/pay/${escape(session.id)}">
<label for="card">Test card</label>
<select id="card" name="card" data-testid="card-select">
${options}
</select>
<label for="card_number">…or type a test card number</label>
<input id="card_number" name="card_number" data-testid="card-number" inputmode="numeric" autocomplete="off" placeholder="4242 4242 4242 4242">
<button type="submit" data-testid="save-card">Save card</button>
</form>
${session.cancel_url ? `<p><a data-testid="cancel-link" href="${escape(fill(session.cancel_url, session.id))}">Back</a></p>` : ''}`,
  );
}

export function authenticatePage(pi: PaymentIntentObject): string {
  if (pi.status !== 'requires_action') {
    return layout(
      'Authentication',
      `<h1 data-testid="authenticate-status" data-status="${escape(pi.status)}">Nothing to authenticate (${escape(pi.status)}).</h1>`,
    );
  }
  return layout(
    'Authenticate payment',
    `<h1 data-testid="authenticate-status" data-status="requires_action">Authenticate a payment of ${escape(formatMoney(pi.amount, pi.currency))}</h1>
<form method="post" action="/authenticate/${escape(pi.id)}">
<button type="submit" name="result" value="succeed" data-testid="authenticate-succeed">Complete authentication</button>
<button type="submit" name="result" value="fail" class="secondary" data-testid="authenticate-fail">Fail authentication</button>
</form>`,
  );
}

/** Stripe fills `{CHECKOUT_SESSION_ID}` in the success URL. */
export function fill(url: string, sessionId: string): string {
  return url.split('{CHECKOUT_SESSION_ID}').join(sessionId);
}
