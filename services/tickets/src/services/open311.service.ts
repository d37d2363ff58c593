import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Clock, DomainError, ForbiddenError, hasRole, Identity, InvalidInputError, NotFoundError } from '@mainline/common';
import type { TicketsSettings } from '../config';
import { Category, Channel, SlaTargetTable } from '../domain';
import {
  categoryFacts, checkJurisdiction, checkServiceRequest, listParam, open311Error, Open311Params, Open311Service as ServiceInfo, param,
  publicRequest, PublicOrderFacts, publicServices, reporterName, requestWindow, serviceDefinition, serviceNotice, workOrderDescription,
  workOrderStatusesFor,
} from '../domain/open311';
import type { O311Object } from '../domain/open311-encoding';
import type { Open311ClientRow, Open311Repository } from '../repositories/open311.repository';
import type { SettingsService } from './settings.service';
import type { WorkOrderService } from './work-order.service';

export interface Open311ClientCreated extends Open311ClientRow {
  /** Shown once, never stored: only its SHA-256 is kept. */
  apiKey: string;
}

export interface Open311Posted {
  serviceRequestId: string;
  serviceNotice: string | null;
  accountId: string | null;
  orderId: string;
}

const KEY_PREFIX = 'o311_';
const KEY_BYTES = 32;

/** The key's SHA-256: keys are 256 random bits, so a fast hash is enough (nothing to guess from it). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Fields of a work-order error as Open311 clients name them. */
const PARAM_OF_FIELD: Record<string, string> = { 'reporter.phone': 'phone', description: 'description', location: 'lat/long' };

/**
 * Open311 GeoReport v2 on the tickets service: API clients (admins create them), services from the categories,
 * posted requests as work orders on channel OPEN311 through the one WorkOrderService.create (routed and clocked
 * like any other), and the public read of requests. Client mistakes are DomainErrors with the spec's status.
 */
export class Open311Service {
  constructor(
    private readonly repo: Open311Repository,
    private readonly workOrders: WorkOrderService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    private readonly cfg: TicketsSettings['open311'],
  ) {}

  get config(): TicketsSettings['open311'] {
    return this.cfg;
  }

  // ---------------- client applications (GraphQL, admins) ----------------

  async createClient(actor: Identity, name: string): Promise<Open311ClientCreated> {
    if (!hasRole(actor, 'admin')) throw new ForbiddenError('只有管理员可以创建 Open311 客户端 / only an admin creates Open311 clients');
    const n = name.trim();
    if (!n) throw new InvalidInputError('name 必填 / name is required', { argument: 'name', field: 'name' });
    if (n.length > this.cfg.fieldMaxLength) throw new InvalidInputError(`name 超过 ${this.cfg.fieldMaxLength} 个字符 / name is too long`, { argument: 'name', field: 'name' });
    const apiKey = KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
    const row = await this.repo.insertClient({
      id: randomUUID(), name: n, keyHash: hashApiKey(apiKey), keyPrefix: apiKey.slice(0, KEY_PREFIX.length + 6), createdBy: actor.sub, createdAt: this.clock.now(),
    });
    return { ...row, apiKey };
  }

  clients(actor: Identity): Promise<Open311ClientRow[]> {
    if (!hasRole(actor, 'admin')) throw new ForbiddenError('只有管理员可以查看 Open311 客户端 / only an admin lists Open311 clients');
    return this.repo.clients();
  }

  async revokeClient(actor: Identity, id: string): Promise<Open311ClientRow> {
    if (!hasRole(actor, 'admin')) throw new ForbiddenError('只有管理员可以停用 Open311 客户端 / only an admin revokes Open311 clients');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotFoundError('Open311 client', id);
    const row = await this.repo.revokeClient(id, actor.sub, this.clock.now());
    if (!row) throw new NotFoundError('Open311 client', id);
    return row;
  }

  // ---------------- GeoReport v2 ----------------

  /** The services offered now: categories, routing, the utility kinds run and the SLA table in force. */
  async services(p: Open311Params): Promise<ServiceInfo[]> {
    checkJurisdiction(param(p, 'jurisdiction_id'), this.cfg);
    return this.currentServices();
  }

  private async currentServices(targets?: SlaTargetTable): Promise<ServiceInfo[]> {
    const sla = targets ?? (await this.settings.slaTargets());
    return publicServices(categoryFacts(), this.cfg.utilityKinds, this.cfg, (code) => sla[code as Category] ?? []);
  }

  async serviceDefinition(p: Open311Params, code: string) {
    checkJurisdiction(param(p, 'jurisdiction_id'), this.cfg);
    await this.service(code);
    return serviceDefinition(code);
  }

  private async service(code: string): Promise<ServiceInfo> {
    const s = (await this.currentServices()).find((x) => x.service_code === code);
    if (!s) throw open311Error(404, `service_code "${code.slice(0, 60)}" 未找到 / service_code not found`, { param: 'service_code' });
    return s;
  }

  /** POST requests: key, jurisdiction, service, then every other check at once; the order is written with its Open311 row. */
  async submit(p: Open311Params): Promise<Open311Posted> {
    const key = param(p, 'api_key');
    if (!key) throw open311Error(403, 'api_key 缺失 / api_key is missing', { param: 'api_key' });
    const client = key.length <= 200 ? await this.repo.activeClientByKeyHash(hashApiKey(key)) : null;
    if (!client) throw open311Error(403, 'api_key 无效 / invalid api_key', { param: 'api_key' });
    const jurisdictionId = param(p, 'jurisdiction_id');
    checkJurisdiction(jurisdictionId, this.cfg);
    const code = param(p, 'service_code');
    if (!code) throw open311Error(400, 'service_code 必填 / service_code is required', { param: 'service_code' });
    const targets = await this.settings.slaTargets();
    const service = (await this.currentServices(targets)).find((x) => x.service_code === code);
    if (!service) throw open311Error(404, `service_code "${code.slice(0, 60)}" 未找到 / service_code not found`, { param: 'service_code' });
    const input = checkServiceRequest(p, code, this.cfg);
    const now = this.clock.now();

    // The client application takes the report the way an agent would (intake roles), under its own id.
    const identity: Identity = { sub: `open311:${client.id}`, name: client.name, roles: ['agent'], department: 'CALL_CENTER' };
    let wo;
    try {
      wo = await this.workOrders.create(identity, {
        category: code as Category,
        channel: Channel.OPEN311,
        description: workOrderDescription(input, service.service_name),
        address: input.addressString,
        location: input.location,
        reporter: { name: reporterName(input.firstName, input.lastName), phone: input.phone },
      }, (b, row) => this.repo.requestIn(b, {
        orderId: row.id, clientId: client.id, jurisdictionId, addressId: input.addressId, zipcode: input.zipcode, mediaUrl: input.mediaUrl, email: input.email,
        firstName: input.firstName, lastName: input.lastName, accountId: input.accountId, deviceId: input.deviceId, attributes: input.attributes, createdAt: now,
      }));
    } catch (e) {
      // The work order's own checks (phone, description) name GraphQL fields: say them in the spec's parameter names.
      if (e instanceof DomainError && e.code === 'INVALID_INPUT') {
        const field = String(e.details.field ?? '');
        const name = PARAM_OF_FIELD[field] ?? field;
        throw open311Error(400, name ? `${name}: ${e.message}` : e.message, { param: name || undefined });
      }
      throw e;
    }
    return { serviceRequestId: wo.number, serviceNotice: serviceNotice(targets[code as Category] ?? []), accountId: input.accountId, orderId: wo.id };
  }

  /**
   * GET requests: by service_request_id (overrides every other argument, as the spec says), else by service_code,
   * status and the requested_datetime window; newest first, at most maxRequests.
   */
  async requests(p: Open311Params): Promise<O311Object[]> {
    checkJurisdiction(param(p, 'jurisdiction_id'), this.cfg);
    const targets = await this.settings.slaTargets();
    const services = await this.currentServices(targets);
    const scope = { channels: this.cfg.listedChannels, categories: services.map((s) => s.service_code) };
    const ids = listParam(p, 'service_request_id');
    let rows: PublicOrderFacts[];
    if (ids.length) {
      if (ids.length > this.cfg.maxRequests) {
        throw open311Error(400, `service_request_id 最多 ${this.cfg.maxRequests} 个 / at most ${this.cfg.maxRequests} service_request_id values`, { param: 'service_request_id' });
      }
      rows = await this.repo.publicRequestsByNumber(ids.filter((id) => id.length <= 100), scope);
    } else {
      const codes = listParam(p, 'service_code');
      const unknown = codes.filter((c) => !scope.categories.includes(c));
      if (unknown.length) throw open311Error(404, `service_code "${unknown[0].slice(0, 60)}" 未找到 / service_code not found`, { param: 'service_code' });
      const statuses = listParam(p, 'status');
      const window = requestWindow(param(p, 'start_date'), param(p, 'end_date'), this.clock.now(), this.cfg);
      rows = await this.repo.publicRequests({
        ...scope, categories: codes.length ? codes : scope.categories, statuses: statuses.length ? workOrderStatusesFor(statuses) : undefined,
        from: window.from, to: window.to, limit: this.cfg.maxRequests,
      });
    }
    return this.views(rows, services, targets);
  }

  /** GET requests/{id}: 404 unless it is an order Open311 may show. */
  async request(p: Open311Params, id: string): Promise<O311Object> {
    checkJurisdiction(param(p, 'jurisdiction_id'), this.cfg);
    const targets = await this.settings.slaTargets();
    const services = await this.currentServices(targets);
    const rows = id.length <= 100 ? await this.repo.publicRequestsByNumber([id], { channels: this.cfg.listedChannels, categories: services.map((s) => s.service_code) }) : [];
    if (!rows.length) throw open311Error(404, `service_request_id "${id.slice(0, 60)}" 未找到 / service_request_id not found`, { param: 'service_request_id' });
    return this.views(rows, services, targets)[0];
  }

  private views(rows: PublicOrderFacts[], services: ServiceInfo[], targets: SlaTargetTable): O311Object[] {
    const names = new Map(services.map((s) => [s.service_code, s.service_name]));
    return rows.map((r) => publicRequest(r, {
      serviceName: names.get(r.category) ?? r.category,
      serviceNotice: serviceNotice(targets[r.category as Category] ?? []),
      confidential: this.cfg.confidentialServices.includes(r.category),
    }, this.cfg));
  }
}
