export * from './org';
export * from './checkins';
export * from './leave';
export * from './outbox';
export * from './jobs';
export * from './meetings';
export * from './study';
export * from './leases';
