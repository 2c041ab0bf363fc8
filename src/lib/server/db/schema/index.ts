// The database schema, a file per aggregate; drizzle-kit reads them all (drizzle.config.ts).
export * from './statements';
export * from './signatures';
export * from './counters';
export * from './mail';
export * from './abuse';
export * from './staff';
export * from './settings';
export * from './endorsements';
export * from './ledger';
export * from './dossiers';
export * from './processes';
