import type { NonEmptyArray } from 'type-graphql';
import type { SchemaOptions, ServiceContext } from '@mainline/common';
import type { TicketsServices } from './services';
import { ReporterResolver, RepresentativeResolver, WorkOrderResolver, toWorkOrder } from './resolvers/work-order.resolver';
import { MonthlyReportCsvResolver, ReportResolver } from './resolvers/report.resolver';
import { SettingsResolver } from './resolvers/settings.resolver';
import { WorksCallbackResolver } from './resolvers/works-callback.resolver';
import { FeedbackResolver } from './resolvers/feedback.resolver';
import { FieldWorkReportResolver, GasInspectionResolver, TemperatureVisitResolver, WorkOrderVisitsResolver } from './resolvers/field-work.resolver';
import { Open311ClientResolver } from './resolvers/open311-client.resolver';
import { HeatingSeasonResolver } from './resolvers/heating-season.resolver';
import { AppointmentResolver } from './resolvers/appointment.resolver';
import { loaders } from './resolvers/loaders';
import { OutageRef, PipeRef, ServicePointRef, ValveRef } from './schema/work-order.type';

type Ctx = ServiceContext<TicketsServices>;

export const resolvers: NonEmptyArray<Function> = [
  WorkOrderResolver, ReporterResolver, RepresentativeResolver, ReportResolver, MonthlyReportCsvResolver, SettingsResolver, WorksCallbackResolver, FeedbackResolver, HeatingSeasonResolver,
  AppointmentResolver, Open311ClientResolver, TemperatureVisitResolver, WorkOrderVisitsResolver, GasInspectionResolver, FieldWorkReportResolver,
];

export const schemaOptions: SchemaOptions = {
  resolvers,
  orphanedTypes: [PipeRef, ValveRef, ServicePointRef, OutageRef],
  references: {
    WorkOrder: async (ref: { id: string }, ctx: Ctx) => toWorkOrder(await loaders(ctx).workOrder.load(ref.id)),
  },
};
