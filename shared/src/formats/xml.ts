/**
 * The well-formedness check every XML format here runs before parsing, so a broken file is
 * reported with the parser's line. A DOCTYPE is refused: none of these formats uses one, and
 * entity definitions in an uploaded file are a way to make a parser expand text without end.
 */
import { XMLValidator } from 'fast-xml-parser';

export function xmlProblem(xml: string): { line: number; problem: string } | null {
  const doctype = /<!DOCTYPE/i.exec(xml);
  if (doctype) {
    return { line: xml.slice(0, doctype.index).split('\n').length, problem: 'a DOCTYPE is not allowed in this file' };
  }
  const checked = XMLValidator.validate(xml);
  return checked === true ? null : { line: checked.err.line, problem: `not well-formed XML: ${checked.err.msg}` };
}
