import { getVariableValues, GraphQLError, GraphQLSchema, isNonNullType, OperationDefinitionNode, TypeInfo, visit, visitWithTypeInfo } from 'graphql';

/**
 * The caller's variables coerced against the supergraph, or the messages that say why not. Also
 * refuses an explicit null passed where the schema wants a value (`$x: Boolean` into `openOnly: Boolean! = true`):
 * graphql-js allows that variable position and fails only at execution, where the gateway would answer 500.
 */
export function variableErrors(schema: GraphQLSchema, op: OperationDefinitionNode, variables: Record<string, unknown>): string[] {
  const coerced = getVariableValues(schema, op.variableDefinitions ?? [], variables, { maxErrors: 10 });
  if (coerced.errors) return coerced.errors.map((e: GraphQLError) => e.message);
  const values = coerced.coerced;
  const errors: string[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(op, visitWithTypeInfo(typeInfo, {
    Variable(node) {
      const expected = typeInfo.getInputType();
      const name = node.name.value;
      if (expected && isNonNullType(expected) && name in values && values[name] === null) {
        errors.push(`Variable "$${name}" is null where ${String(expected)} is required${typeInfo.getArgument() ? ` (argument "${typeInfo.getArgument()!.name}")` : ''}.`);
      }
    },
  }));
  return errors;
}
