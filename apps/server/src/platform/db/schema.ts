// Every drizzle table of the platform, for the query builder and drizzle-kit.
export * from '../../features/units/unit.tables';
export * from '../../features/users/user.tables';
export * from '../auth/session.tables';
export * from '../audit/audit.tables';
export * from '../../features/files/file.tables';
