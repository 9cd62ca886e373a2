// The alerts page (/alerts): its form creates a "process absent" rule with fetch, as JSON, through
// POST /api/v1/alerts/rules. That is an admin action: the API answers 401 with a Basic challenge,
// the browser asks for the admin key (as the password) and sends it again. The call is relative to
// this origin, so that those credentials go along. A refusal shows the problem's detail, and each
// field's error; names are only ever set as text.
import { refreshRegions } from './live.js';

const form = document.getElementById('alert-rule-form');
const statusBox = document.getElementById('alert-rule-status');

function showStatus(message, ok) {
    statusBox.replaceChildren(document.createTextNode(message));
    statusBox.classList.remove('d-none', 'alert-success', 'alert-danger');
    statusBox.classList.add(ok ? 'alert-success' : 'alert-danger');
}

/** The rule the form describes, as the API takes it. */
function rule() {
    const value = (name) => form.elements[name].value.trim();
    const body = {
        name: value('name'),
        condition: { processAbsent: { name: [value('process')] } },
        for: value('for') || '0',
        severity: value('severity'),
        enabled: true,
    };
    const hosts = value('hosts');
    if (hosts) {
        body.hosts = { hostnames: hosts.split(/[\s,]+/).filter((h) => h) };
    }
    return body;
}

/** The problem's detail, with each field's error, or what went wrong in words. */
async function reason(response) {
    try {
        const problem = await response.json();
        if (problem && problem.detail) {
            const fields = Array.isArray(problem.errors)
                ? problem.errors.map((e) => `${e.field}: ${e.message}`).join('; ')
                : '';
            return fields ? `${problem.detail} ${fields}` : problem.detail;
        }
    } catch {
        // not problem details
    }
    return `The API answered ${response.status} ${response.statusText}`.trim();
}

async function create() {
    const body = rule();
    if (!body.name || !body.condition.processAbsent.name[0]) {
        showStatus('Give the rule a name and the process it looks for.', false);
        return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    let response;
    try {
        response = await fetch(new URL('/api/v1/alerts/rules', location.origin), {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify(body),
            credentials: 'same-origin',
        });
    } catch (e) {
        button.disabled = false;
        showStatus(`The API cannot be reached: ${e.message}`, false);
        return;
    }
    button.disabled = false;
    if (!response.ok) {
        showStatus(await reason(response), false);
        return;
    }
    showStatus(`Created rule ${body.name}.`, true);
    form.reset();
    refreshRegions(); // lists the new rule
}

form?.addEventListener('submit', (e) => {
    e.preventDefault();
    create();
});
