import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { checkWithAwsSolutions, NAG_PACK } from '../src/nag';

/** One finding of the rule pack: its rule (with the finding in brackets), where, and what it says. */
export interface Finding {
  rule: string;
  path: string;
  severity: string;
  message: string;
}

/** A finding some construct acknowledged: where the acknowledgment sits, and why. */
export interface AcknowledgedFinding extends Finding {
  acknowledgedId: string;
  acknowledgedAt: string;
  reason: string;
}

/** An acknowledgment as recorded on a construct, whether or not any finding matched it. */
export interface Acknowledgment {
  id: string;
  reason: string;
  construct: IConstruct;
}

export interface NagReport {
  /** Findings nobody acknowledged: each one stops `npm run synth` and deploy. */
  findings: Finding[];
  acknowledged: AcknowledgedFinding[];
  acknowledgments: Acknowledgment[];
  /** Whether synthesis stopped on the findings. */
  failed: boolean;
}

interface ReportViolation {
  ruleName: string;
  description: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
  acknowledgedId?: string;
  acknowledgedAt?: string;
  reason?: string;
}

/**
 * Synthesizes `app` once with the rule pack registered as `bin/app.ts` registers it, and reads
 * CDK's validation report from the cloud assembly (Lambda bundling skipped: the rules read the
 * templates). `app` must be made with `nagApp()`, which gives it a fresh output directory.
 */
export function runNag(app: App): NagReport {
  checkWithAwsSolutions(app);
  let failed = false;
  try {
    app.synth();
  } catch (error) {
    // CDK stops synthesis with this error when a plugin reports a violation; anything else is a real failure.
    if (!/ValidationFailed|Validation Report/i.test(`${(error as Error).name} ${(error as Error).message}`)) throw error;
    failed = true;
  }
  const outdir = app.outdir;
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; violations: ReportViolation[]; suppressedViolations?: ReportViolation[] }[];
  };
  rmSync(outdir, { recursive: true, force: true });
  const pack = report.pluginReports.filter((plugin) => plugin.pluginName === NAG_PACK);
  if (pack.length !== 1) throw new Error(`the validation report has no ${NAG_PACK} plugin report`);
  const flatten = (violation: ReportViolation): Finding[] =>
    violation.violatingConstructs.map((construct) => ({
      rule: violation.ruleName,
      path: construct.constructPath,
      severity: violation.severity,
      message: violation.description,
    }));
  return {
    findings: pack[0]!.violations.flatMap(flatten),
    acknowledged: (pack[0]!.suppressedViolations ?? []).flatMap((violation) =>
      flatten(violation).map((finding) => ({
        ...finding,
        acknowledgedId: violation.acknowledgedId ?? '',
        acknowledgedAt: violation.acknowledgedAt ?? '',
        reason: violation.reason ?? '',
      })),
    ),
    acknowledgments: acknowledgmentsIn(app),
    failed,
  };
}

/** An app for one rule-pack run: its own temporary output directory, Lambda bundling skipped. */
export function nagApp(): App {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'rushes-nag-'));
  return new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
}

/** `rule path: message`, one line per finding, as a failing test prints them. */
export function describeFinding(finding: Finding): string {
  return `${finding.rule} ${finding.path} (${finding.severity}): ${finding.message}`;
}

function acknowledgmentsIn(app: App): Acknowledgment[] {
  return app.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ id, reason, construct }))),
    );
}
