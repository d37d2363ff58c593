import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { InvalidInputError, ServiceContext } from '@mainline/common';
import type { TicketsServices } from '../services';
import { Category, Department } from '../domain/enums';
import { SlaKind, slaTargetRows } from '../domain';
import { CompensationRuleInput, CompensationRuleType, RoutingRuleType, SlaTargetInput, SlaTargetType } from '../schema/report.type';
import { DepartmentLiaison, LiaisonInput } from '../schema/work-order.type';

type Ctx = ServiceContext<TicketsServices>;

/** Routing table, SLA targets, compensation rules and department heads: read by every role, changed by supervisors. */
@Resolver()
export class SettingsResolver {
  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Query(() => [RoutingRuleType], { description: 'Category → owning department (editable by supervisors)' })
  routingTable(@Ctx() ctx: Ctx): Promise<RoutingRuleType[]> {
    return ctx.services.settings.routing();
  }

  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Query(() => [SlaTargetType])
  async slaTargets(@Ctx() ctx: Ctx): Promise<SlaTargetType[]> {
    return slaTargetRows(await ctx.services.settings.slaTargets()).map((x) => ({
      category: x.category, kind: x.kind, minutes: x.minutes ?? null, workingDays: x.workingDays ?? null, basis: x.basis, from: x.from ?? 'report',
      severity: x.severity ?? null, seasonFirstDays: x.seasonFirstDays ?? null,
    }));
  }

  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Query(() => [CompensationRuleType])
  async compensationRules(@Ctx() ctx: Ctx): Promise<CompensationRuleType[]> {
    return (await ctx.services.settings.compensationRules()).map((r) => ({
      id: r.id, categories: r.category, trigger: r.trigger, target: r.target ?? null, amountCny: r.amountCny, per: r.per, basis: r.basis,
      rate: r.rate ?? null, rateMax: r.rateMax ?? null, payee: r.payee, label: r.label ? `${r.label.zh} / ${r.label.en}` : null,
    }));
  }

  @Authorized('supervisor', 'admin')
  @Mutation(() => [RoutingRuleType])
  setRouting(
    @Arg('category', () => Category) category: Category,
    @Arg('department', () => Department) department: Department,
    @Ctx() ctx: Ctx,
    @Arg('statusSms', { defaultValue: true }) statusSms: boolean,
  ): Promise<RoutingRuleType[]> {
    return ctx.services.settings.setRouting(ctx.identity, { category, department, statusSms });
  }

  @Authorized('supervisor', 'admin')
  @Mutation(() => [SlaTargetType], { description: 'Set (or with remove: true, drop) one target of a category' })
  async setSlaTarget(@Arg('input', () => SlaTargetInput) i: SlaTargetInput, @Ctx() ctx: Ctx): Promise<SlaTargetType[]> {
    if (i.basis !== 'clock' && i.basis !== 'working') throw new InvalidInputError(`basis must be clock or working, got "${i.basis}"`, { field: 'basis' });
    if (!['report', 'dispatch', 'resolve'].includes(i.from)) throw new InvalidInputError(`from must be report, dispatch or resolve, got "${i.from}"`, { field: 'from' });
    await ctx.services.settings.setSlaTarget(ctx.identity, i.category, i.kind as SlaKind, i.remove ? null : {
      basis: i.basis as 'clock' | 'working', ...(i.minutes != null ? { minutes: i.minutes } : {}), ...(i.workingDays != null ? { workingDays: i.workingDays } : {}),
      ...(i.from !== 'report' ? { from: i.from as 'dispatch' | 'resolve' } : {}),
    }, { ...(i.severity ? { severity: i.severity } : {}), ...(i.seasonFirstDays != null ? { seasonFirstDays: i.seasonFirstDays } : {}) });
    return this.slaTargets(ctx);
  }

  @Authorized('supervisor', 'admin')
  @Mutation(() => [CompensationRuleType])
  async setCompensationRule(@Arg('input', () => CompensationRuleInput) i: CompensationRuleInput, @Ctx() ctx: Ctx): Promise<CompensationRuleType[]> {
    const oneOf = <T extends string>(field: string, v: string, allowed: readonly T[]): T => {
      if (!allowed.includes(v as T)) throw new InvalidInputError(`${field} must be ${allowed.join(' or ')}, got "${v}"`, { argument: `input.${field}` });
      return v as T;
    };
    await ctx.services.settings.setCompensationRule(ctx.identity, {
      id: i.id, category: i.categories, trigger: oneOf('trigger', i.trigger, ['deadline', 'finding'] as const), ...(i.target ? { target: i.target } : {}),
      amountCny: i.amountCny, per: oneOf('per', i.per, ['once', 'day'] as const), basis: oneOf('basis', i.basis, ['fixed', 'shareOfCost', 'multipleOfAmount'] as const),
      ...(i.rate != null ? { rate: i.rate } : {}), ...(i.rateMax != null ? { rateMax: i.rateMax } : {}), payee: oneOf('payee', i.payee, ['CUSTOMER', 'INTERNAL'] as const),
      label: i.labelZh || i.labelEn ? { zh: i.labelZh ?? '', en: i.labelEn ?? '' } : undefined, active: i.active,
    });
    return this.compensationRules(ctx);
  }

  @Authorized('supervisor', 'admin')
  @Mutation(() => [String], { description: 'The users who head a department (they may decide its extensions)' })
  setDepartmentHeads(@Arg('department', () => Department) department: Department, @Arg('userIds', () => [String]) userIds: string[], @Ctx() ctx: Ctx): Promise<string[]> {
    return ctx.services.settings.setDepartmentHeads(ctx.identity, department, userIds);
  }

  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Query(() => [DepartmentLiaison], { description: 'Each department’s liaison per shift (a department: its own)' })
  departmentLiaisons(@Ctx() ctx: Ctx, @Arg('department', () => Department, { nullable: true }) department?: Department): Promise<DepartmentLiaison[]> {
    return ctx.services.settings.liaisonsFor(ctx.identity, department);
  }

  @Authorized('supervisor', 'admin')
  @Mutation(() => [DepartmentLiaison], { description: 'Replace a department’s liaisons per shift; dispatch SMSes the one on duty' })
  setDepartmentLiaisons(
    @Arg('department', () => Department) department: Department,
    @Arg('liaisons', () => [LiaisonInput]) liaisons: LiaisonInput[],
    @Ctx() ctx: Ctx,
  ): Promise<DepartmentLiaison[]> {
    return ctx.services.settings.setLiaisons(ctx.identity, department, liaisons);
  }
}
