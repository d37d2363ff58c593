import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { InvalidInputError, ServiceContext } from '@mainline/common';
import type { TicketsServices } from '../services';
import { Category, Department } from '../domain/enums';
import { SlaKind, slaTargetRows } from '../domain';
import { CompensationRuleInput, CompensationRuleType, RoutingRuleType, SlaTargetInput, SlaTargetType } from '../schema/report.type';

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
    return (await ctx.services.settings.compensationRules()).map((r) => ({ id: r.id, categories: r.category, target: r.target, amountCny: r.amountCny, per: r.per, label: r.label ? `${r.label.zh} / ${r.label.en}` : null }));
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
    if (i.per !== 'once' && i.per !== 'day') throw new InvalidInputError(`per must be once or day, got "${i.per}"`, { field: 'per' });
    await ctx.services.settings.setCompensationRule(ctx.identity, {
      id: i.id, category: i.categories, target: i.target as SlaKind, amountCny: i.amountCny, per: i.per,
      label: i.labelZh || i.labelEn ? { zh: i.labelZh ?? '', en: i.labelEn ?? '' } : undefined, active: i.active,
    });
    return this.compensationRules(ctx);
  }

  @Authorized('supervisor', 'admin')
  @Mutation(() => [String], { description: 'The users who head a department (they may decide its extensions)' })
  setDepartmentHeads(@Arg('department', () => Department) department: Department, @Arg('userIds', () => [String]) userIds: string[], @Ctx() ctx: Ctx): Promise<string[]> {
    return ctx.services.settings.setDepartmentHeads(ctx.identity, department, userIds);
  }
}
