/** maxFlowNesting bounds `[`/`{` nesting: deeper documents would overflow the parsers' stacks. */
export const maxFlowNesting = 1000;

/** maxAliasCount bounds alias expansion, which stops "billion laughs" documents. */
export const maxAliasCount = 100;
