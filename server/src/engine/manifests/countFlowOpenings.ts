/** countFlowOpenings counts the `[` and `{` of a text (an upper bound of its flow nesting depth). */
export function countFlowOpenings(text: string): number {
  let count = 0;
  for (let at = text.indexOf('['); at !== -1; at = text.indexOf('[', at + 1)) count++;
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) count++;
  return count;
}
