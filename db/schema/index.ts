export * from './business';
export * from './operators';
export * from './members';
export * from './audit';
export * from './billing';
export * from './payments';
export * from './outbox';
