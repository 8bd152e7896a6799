import type { IdentityRequest } from '../../../core/identityRequest.js';
import type { PlannedStep } from '../../../core/plan.js';
import { grantEnd, resource, scopeOf, shortName, timeOf } from './formatting.js';
import { type Html, html } from './html.js';
import { type IdentityDiffRow, identityDiff } from './identityDiff.js';

const SIGNS = { added: '+', removed: '−', unchanged: ' ' } as const;
const ROW_CLASS = { added: 'add', removed: 'remove', unchanged: '' } as const;
const WORDS = {
  systemAssigned: { added: 'turned on', removed: 'turned off', unchanged: 'unchanged' },
  userAssigned: { added: 'attached', removed: 'detached', unchanged: 'unchanged' },
} as const;

const onOff = (present: boolean, system: boolean): string =>
  system ? (present ? 'on' : 'off') : present ? 'attached' : '—';

function identityRow(row: IdentityDiffRow): Html {
  const system = row.identity === 'systemAssigned';
  const words = WORDS[system ? 'systemAssigned' : 'userAssigned'];
  return html`<tr class="${ROW_CLASS[row.change]}">
    <td class="sign-cell"><span class="sign" aria-hidden="true">${SIGNS[row.change]}</span></td>
    <th scope="row">
      ${system ? html`System-assigned identity${row.principalId ? html`<br /><span class="id">principal ${row.principalId}</span>` : ''}` : resource(row.identity)}
    </th>
    <td data-label="Before">${onOff(row.before, system)}</td>
    <td data-label="After">${onOff(row.after, system)}</td>
    <td data-label="Change">${words[row.change]}</td>
  </tr>`;
}

/** The identity as it is and as it will be, one row per identity, with the change in words (not colour alone). */
function identityTable(request: IdentityRequest): Html {
  const diff = identityDiff(request.plan);
  return html`<div class="table-wrap">
    <table class="cards">
      <caption>
        Identity of ${shortName(request.target)}:
        <code>${diff.typeBefore}</code>
        →
        <code>${diff.typeAfter}</code>
      </caption>
      <thead>
        <tr>
          <td></td>
          <th scope="col">Identity</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        ${diff.rows.map(identityRow)}
      </tbody>
    </table>
  </div>`;
}

function roleRow(request: IdentityRequest, step: PlannedStep): Html {
  const op = request.operations[step.operations[0] ?? -1];
  if (!op || (op.kind !== 'assignRole' && op.kind !== 'removeRoleAssignment')) return html``;
  const grant = op.kind === 'assignRole';
  const change = step.change === 'none' ? 'unchanged' : grant ? 'added' : 'removed';
  return html`<tr class="${ROW_CLASS[change]}">
    <td class="sign-cell"><span class="sign" aria-hidden="true">${SIGNS[change]}</span></td>
    <th scope="row">
      ${grant ? 'Grant' : 'Remove'}
      ${step.role?.roleName ?? op.role}${step.role ? html`<br /><span class="id">role ${shortName(step.role.roleDefinitionId)}</span>` : ''}
    </th>
    <td data-label="Scope">${scopeOf(op.scope)}</td>
    <td data-label="To">
      ${op.principal === 'systemAssigned' ? 'system-assigned identity' : resource(op.principal)}${step.role?.principalId ? html`<br /><span class="id">principal ${step.role.principalId}</span>` : ''}
    </td>
    <td data-label="Ends">${grant ? grantEnd(op) : '—'}</td>
    <td data-label="Plan">
      ${step.change === 'none' ? html`no change${step.reason ? html`: ${step.reason}` : ''}` : step.reason ? step.reason : grant ? 'will be created' : 'will be deleted'}
    </td>
  </tr>`;
}

/** The role assignments to be made or removed, each with its end. */
function roleTable(request: IdentityRequest): Html {
  const steps = request.plan.steps.filter((s) => s.kind !== 'updateIdentity');
  if (steps.length === 0) return html`<p class="muted">No role assignments are made or removed.</p>`;
  return html`<div class="table-wrap">
    <table class="cards">
      <caption>
        Role assignments
      </caption>
      <thead>
        <tr>
          <td></td>
          <th scope="col">Role</th>
          <th scope="col">Scope</th>
          <th scope="col">To</th>
          <th scope="col">Ends</th>
          <th scope="col">Plan</th>
        </tr>
      </thead>
      <tbody>
        ${steps.map((s) => roleRow(request, s))}
      </tbody>
    </table>
  </div>`;
}

/** The exact ARM calls, folded away: the tables above say the same in words. */
function armCalls(request: IdentityRequest): Html {
  const calls = request.plan.steps.flatMap((s) => s.calls);
  if (calls.length === 0)
    return html`<p class="muted">No call to Azure is needed: everything is already as asked.</p>`;
  return html`<details>
    <summary>The exact calls to Azure Resource Manager (${calls.length})</summary>
    ${calls.map((c) => html`<pre>${c.method} ${c.path}${c.body === undefined ? '' : `\n${JSON.stringify(c.body, null, 2)}`}</pre>`)}
  </details>`;
}

/** The plan as a diff: the identity before and after, then the grants, then the calls behind them. */
export function planDiff(request: IdentityRequest): Html {
  const touchesIdentity = request.plan.steps.some((s) => s.kind === 'updateIdentity');
  return html`<section aria-labelledby="plan-heading">
    <h2 id="plan-heading">What changes</h2>
    <p class="muted">
      Planned against the live state at ${timeOf(request.plan.computedAt)}; rows marked + are added, −
      removed.
    </p>
    ${touchesIdentity ? identityTable(request) : html`<p class="muted">The identity of ${shortName(request.target)} is not changed.</p>`}
    ${roleTable(request)} ${armCalls(request)}
  </section>`;
}
