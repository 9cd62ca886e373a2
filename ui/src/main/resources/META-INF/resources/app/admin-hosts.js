// The operators' page (/admin/hosts): each Revoke, Reset, Rename and Delete button asks for a
// confirmation in a Bootstrap modal, then calls the admin API with fetch. Its calls are JSON
// (Content-Type: application/json, which the API requires of admin POSTs: a form of another site
// cannot send it) and relative to this origin, so that the browser's HTTP Basic credentials, the
// admin key the page was opened with, go along. A refusal shows the problem's detail. Names are
// only ever set as text.
import { refreshRegions } from './live.js';
import { bootstrapModal, closeModal } from './modals.js';

const modalEl = document.getElementById('admin-confirm');
const form = document.getElementById('admin-confirm-form');
const title = document.getElementById('admin-confirm-title');
const text = document.getElementById('admin-confirm-text');
const renameField = document.getElementById('admin-rename-field');
const renameInput = document.getElementById('admin-rename-input');
const errorBox = document.getElementById('admin-confirm-error');
const go = document.getElementById('admin-confirm-go');
const statusBox = document.getElementById('admin-status');

const ACTIONS = {
    revoke: {
        title: 'Revoke the credential',
        text: (h) => `Revoke the credential of ${h}? Its agent's reports are refused from now on (the agent keeps them in its spool); its history stays. Reset the host to let it enroll again.`,
        button: 'Revoke',
        call: (h) => ({ method: 'POST', path: `${base(h)}/revoke` }),
        done: (h) => `Revoked the credential of ${h}.`,
    },
    reset: {
        title: 'Reset the credential',
        text: (h) => `Reset ${h}? Its credential is deleted, so that the host may enroll again; its history stays.`,
        button: 'Reset',
        call: (h) => ({ method: 'POST', path: `${base(h)}/reset` }),
        done: (h) => `Reset ${h}: it may enroll again.`,
    },
    rename: {
        title: 'Rename the host',
        text: (h) => `Rename ${h}? Its history and its credential move to the new name; its agent must then report under that name.`,
        button: 'Rename',
        rename: true,
        call: (h, to) => ({ method: 'POST', path: `${base(h)}/rename`, body: JSON.stringify({ hostname: to }) }),
        done: (h, to) => `Renamed ${h} to ${to}.`,
    },
    delete: {
        title: 'Delete the host',
        text: (h) => `Delete ${h} with all its data: processes, history, rollups and credential? This cannot be undone. A running agent of it enrolls again; revoke it instead to keep it out.`,
        button: 'Delete',
        call: (h) => ({ method: 'DELETE', path: base(h) }),
        done: (h) => `Deleted ${h} with all its data.`,
    },
};

let pending = null;

function base(hostname) {
    return `/api/v1/admin/hosts/${encodeURIComponent(hostname)}`;
}

/** The path on this origin, which never holds credentials (fetch refuses a URL with them). */
function onThisOrigin(path) {
    return new URL(path, location.origin);
}

function modal() {
    return bootstrapModal(modalEl);
}

function showError(message) {
    errorBox.textContent = message;
    errorBox.classList.remove('d-none');
}

function showStatus(message, ok) {
    statusBox.textContent = message;
    statusBox.classList.remove('d-none', 'alert-success', 'alert-danger');
    statusBox.classList.add(ok ? 'alert-success' : 'alert-danger');
}

function open(action, hostname) {
    const spec = ACTIONS[action];
    if (!spec) {
        return;
    }
    pending = { action, hostname };
    title.textContent = spec.title;
    text.textContent = spec.text(hostname);
    go.textContent = spec.button;
    go.dataset.action = action;
    errorBox.textContent = '';
    errorBox.classList.add('d-none');
    renameField.hidden = !spec.rename;
    renameInput.value = spec.rename ? hostname : '';
    go.disabled = false;
    const m = modal();
    if (m) {
        m.show();
    } else if (window.confirm(spec.text(hostname))) {
        // Bootstrap's script did not load: a plain confirmation, without renaming.
        if (!spec.rename) {
            perform();
        }
    }
}

/** The problem's detail of a refused call, or what went wrong in words. */
async function reason(response) {
    try {
        const problem = await response.json();
        if (problem && problem.detail) {
            return problem.detail;
        }
    } catch {
        // not problem details
    }
    return `The API answered ${response.status} ${response.statusText}`.trim();
}

async function perform() {
    if (!pending) {
        return;
    }
    const { action, hostname } = pending;
    const spec = ACTIONS[action];
    const to = spec.rename ? renameInput.value : undefined;
    if (spec.rename && !to.trim()) {
        showError('Give the new name.');
        return;
    }
    const call = spec.call(hostname, to);
    go.disabled = true;
    let response;
    try {
        response = await fetch(onThisOrigin(call.path), {
            method: call.method,
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: call.body,
            credentials: 'same-origin',
        });
    } catch (e) {
        go.disabled = false;
        showError(`The API cannot be reached: ${e.message}`);
        return;
    }
    if (!response.ok) {
        go.disabled = false;
        showError(await reason(response));
        return;
    }
    pending = null;
    closeModal(modalEl);
    showStatus(spec.done(hostname, to), true);
    refreshRegions();
}

document.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-admin-action]');
    if (button && !button.disabled) {
        open(button.dataset.adminAction, button.dataset.hostname);
    }
});

form?.addEventListener('submit', (e) => {
    e.preventDefault();
    perform();
});

modalEl?.addEventListener('shown.bs.modal', () => {
    (renameField.hidden ? go : renameInput).focus();
});
