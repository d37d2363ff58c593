import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { ServiceContext } from '@mainline/common';
import type { TicketsServices } from '../services';
import { FeedbackEntry, FeedbackFilter, FeedbackInput, FeedbackPage } from '../schema/work-order.type';

type Ctx = ServiceContext<TicketsServices>;

/** The praise, criticism and media exposure register. */
@Resolver()
export class FeedbackResolver {
  @Authorized('agent', 'supervisor', 'admin')
  @Mutation(() => FeedbackEntry, { description: 'Register a praise, criticism or media exposure (from customers, the mayor’s hotline, regulators, the media)' })
  registerFeedback(@Arg('input', () => FeedbackInput) input: FeedbackInput, @Ctx() ctx: Ctx): Promise<FeedbackEntry> {
    return ctx.services.feedback.register(ctx.identity, input);
  }

  @Authorized('agent', 'department', 'supervisor', 'admin')
  @Query(() => FeedbackPage, { description: 'Newest first; a department sees the entries about it' })
  feedbackEntries(
    @Ctx() ctx: Ctx,
    @Arg('filter', () => FeedbackFilter, { nullable: true }) filter?: FeedbackFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<FeedbackPage> {
    return ctx.services.feedback.list(ctx.identity, filter ?? {}, first, after);
  }
}
