/** JqStep is one step of the supported jq subset. */
export type JqStep =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'iterate' }
  | { kind: 'select'; condition: JqCondition };

/** JqOperand is a relative path (field and index steps only) or a JSON literal. */
export type JqOperand = { kind: 'path'; steps: JqStep[] } | { kind: 'literal'; value: unknown };

export type JqCondition =
  | { kind: 'compare'; left: JqOperand; operator: '==' | '!='; right: JqOperand }
  | { kind: 'truthy'; operand: JqOperand }
  | { kind: 'and' | 'or'; left: JqCondition; right: JqCondition };

/** JqPath is a parsed jqPathExpression: steps applied left to right (pipes flatten into the same list). */
export interface JqPath {
  steps: JqStep[];
}
