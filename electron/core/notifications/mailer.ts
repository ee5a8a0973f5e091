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
}

/** Sends one message; throws with the server's words when it cannot. */
export type Mailer = (mail: OutgoingMail) => Promise<void>;
export type MailerFactory = (config: SmtpConfig) => Mailer;

/** The real thing: nodemailer over SMTP (DESIGN §1). */
export const createSmtpMailer: MailerFactory = (config) => {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return async (mail) => {
    await transport.sendMail(mail);
  };
};
