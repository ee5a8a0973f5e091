/** Stripe-shaped API errors: `{ error: { type, code, decline_code, message, param, … } }`. */

export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error'
  | 'authentication_error'
  | 'rate_limit_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  request_log_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  setup_intent?: unknown;
}

export class StandinError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}

export function invalid(message: string, param?: string, code?: string): StandinError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (param !== undefined) body.param = param;
  if (code !== undefined) {
    body.code = code;
    body.doc_url = docUrl(code);
  }
  return new StandinError(400, body);
}

/** `No such customer: 'cus_x'` — 404 for the object in the URL, 400 for one named in a param. */
export function noSuch(kind: string, id: string, param = 'id'): StandinError {
  const err = invalid(`No such ${kind}: '${id}'`, param, 'resource_missing');
  return param === 'id' ? new StandinError(404, err.body) : err;
}

export function missingParam(param: string): StandinError {
  return invalid(`Missing required param: ${param}.`, param, 'parameter_missing');
}

export function unknownParam(param: string): StandinError {
  return invalid(`Received unknown parameter: ${param}`, param, 'parameter_unknown');
}
