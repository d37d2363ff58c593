import type { PersonalDataService } from './personal-data.service';
import type { ReportService } from './report.service';
import type { SettingsService } from './settings.service';
import type { WorkOrderService } from './work-order.service';
import type { AssetDirectory } from './asset-directory';
import type { WorksCallbackService } from './works-callback.service';
import type { FeedbackService } from './feedback.service';
import type { TemperatureVisitService } from './temperature-visit.service';
import type { GasInspectionService } from './gas-inspection.service';
import type { Open311Service } from './open311.service';
import type { HeatingSeasonService } from './heating-season.service';
import type { AppointmentService } from './appointment.service';

export interface TicketsServices {
  workOrders: WorkOrderService;
  reports: ReportService;
  settings: SettingsService;
  worksCallbacks: WorksCallbackService;
  personalData: PersonalDataService;
  assets: AssetDirectory;
  feedback: FeedbackService;
  temperatureVisits: TemperatureVisitService;
  gasInspections: GasInspectionService;
  open311: Open311Service;
  heatingSeasons: HeatingSeasonService;
  appointments: AppointmentService;
}
