import nodemailer from 'nodemailer';

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
}

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
  attachments?: Array<{ filename: string; content: Uint8Array }> | undefined;
  /** The same id on every try, so a mail resent after a crash is recognised as one message. */
  messageId?: string | undefined;
}

/** Sends one message; throws with the server's words when it cannot. `close` ends its connections. */
export type Mailer = ((mail: OutgoingMail) => Promise<void>) & { close?: () => void };
export type MailerFactory = (config: SmtpConfig) => Mailer;

/**
 * The real thing: nodemailer over SMTP (DESIGN §1). One pooled transport per run of the outbox: a
 * batch goes over a few open connections instead of a handshake per mail (the bench needs ≥ 200
 * mails/s), and the sender closes it when the run is done.
 */
export const createSmtpMailer: MailerFactory = (config) => {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 10,
    maxMessages: Infinity,
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  const send: Mailer = async (mail) => {
    await transport.sendMail({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.attachments?.length
        ? {
            attachments: mail.attachments.map((a) => ({
              filename: a.filename,
              content: Buffer.from(a.content),
              contentType: 'application/pdf',
            })),
          }
        : {}),
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
    });
  };
  send.close = () => transport.close();
  return send;
};
