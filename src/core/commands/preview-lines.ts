/**
 * A command preview as plain lines (what will change, blast radius, risk and
 * the confirmation it needs), shared by the CLI, Slack and the dashboard.
 */
import type { CommandPreview } from './preview.js';

/** Renders a preview as plain lines, one fact per line. */
export function renderPreview(preview: CommandPreview): string[] {
  return [
    `${preview.summary} — ${preview.service.id} (tenant ${preview.service.tenant}, cluster ${preview.service.cluster})`,
    `  health:  ${preview.health.status} (${preview.health.reason}); ${preview.counts.healthy}/${preview.counts.desired} healthy`,
    ...(preview.specChange === undefined
      ? preview.changes.map((c) => `  change:  ${c}`)
      : [...preview.specChange.diff.map((d) => `  diff:    ${d}`), ...preview.specChange.planLines.map((l) => `  ${l}`)]),
    `  blast radius: ${preview.blastRadius.description}`,
    ...(preview.activePlans.length ? [`  active plans: ${preview.activePlans.join(', ')}`] : []),
    `  risk: ${preview.risk}${preview.riskReasons.length ? ` (${preview.riskReasons.join(', ')})` : ''}; confirmation: ${preview.confirmation}`,
    ...preview.warnings.map((w) => `  warning: ${w}`),
    ...(preview.supported ? [] : ['  not supported by this backend']),
  ];
}
