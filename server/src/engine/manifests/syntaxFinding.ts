import type { Finding } from '../validation/Finding';
import type { ChunkProblem } from './parseDocumentChunk';

/** syntaxFinding turns a chunk-relative problem into a file finding of rule "yaml-syntax". */
export function syntaxFinding(file: string, problem: ChunkProblem, startLine: number): Finding {
  return {
    file,
    rule: 'yaml-syntax',
    severity: problem.severity,
    message: problem.message,
    range: {
      start: { line: problem.range.start.line + startLine, character: problem.range.start.character },
      end: { line: problem.range.end.line + startLine, character: problem.range.end.character },
    },
  };
}
