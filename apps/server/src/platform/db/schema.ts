// Every drizzle table of the platform, for the query builder and drizzle-kit.
export * from '../../features/units/unit.tables';
export * from '../../features/users/user.tables';
export * from '../auth/session.tables';
export * from '../audit/audit.tables';
export * from '../../features/files/file.tables';
export * from '../../features/cases/case.tables';
export * from '../../features/notifications/notification.tables';
export * from '../../features/framework/framework.tables';
export * from '../../features/open311/open311.tables';
export * from '../../features/citizens/citizen.tables';
export * from '../../features/exposure/exposure.tables';
export * from '../../features/sites/site.tables';
export * from '../../features/inspections/inspection.tables';
export * from '../../features/dashboard/dashboard.tables';
export * from '../../features/templates/template.tables';
export * from '../../features/exports/export.tables';
