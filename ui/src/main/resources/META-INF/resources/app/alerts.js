// The alerts page (/alerts). Its form creates a rule of any condition the API takes, or edits an API
// rule, with fetch, as JSON, through POST and PUT /api/v1/alerts/rules; a rule the form cannot show
// whole (excludeName, say) is written as JSON in the same form. Each API rule's row disables,
// enables and deletes it; every rule, and every alert, can be silenced for a while through
// POST /api/v1/alerts/silences, and a silence ended early. These are admin actions: the API answers
// 401 with a Basic challenge, the browser asks for the admin key (as the password) and sends it
// again. Calls are relative to this origin, so that those credentials go along. A refusal shows the
// problem's detail and marks each field it names. Names are only ever set as text. The page follows
// the event stream's `alerts` events (app/live.js hands them on as procscope:alerts).
import { refreshRegions } from './live.js';
import { bootstrapModal, closeModal } from './modals.js';

const RULES = '/api/v1/alerts/rules';
const SILENCES = '/api/v1/alerts/silences';
/** What the API answers with beside the rule's own fields; a rule sent back may carry them. */
const READ_ONLY = ['source', 'createdMillis', 'updatedMillis'];
const PROCESS_KINDS = ['processAbsent', 'processCount', 'restarts', 'processCpu', 'processRss'];

const form = document.getElementById('alert-rule-form');
const statusBox = document.getElementById('alert-rule-status');
const formTitle = document.getElementById('rule-form-title');
const kindSelect = document.getElementById('rule-kind');
const metricSelect = document.getElementById('rule-metric');
const asJson = document.getElementById('rule-as-json');
const jsonField = document.getElementById('rule-json-field');
const jsonArea = document.getElementById('rule-json');
const submitButton = document.getElementById('rule-submit');
const cancelButton = document.getElementById('rule-cancel');

const confirmModal = document.getElementById('alert-confirm');
const confirmForm = document.getElementById('alert-confirm-form');
const confirmTitle = document.getElementById('alert-confirm-title');
const confirmText = document.getElementById('alert-confirm-text');
const confirmError = document.getElementById('alert-confirm-error');
const confirmGo = document.getElementById('alert-confirm-go');

const silenceModal = document.getElementById('silence-modal');
const silenceForm = document.getElementById('silence-form');
const silenceText = document.getElementById('silence-text');
const silenceHost = document.getElementById('silence-host');
const silenceCustomField = document.getElementById('silence-custom-field');
const silenceDuration = document.getElementById('silence-duration');
const silenceComment = document.getElementById('silence-comment');
const silenceError = document.getElementById('silence-error');
const silenceGo = document.getElementById('silence-go');

/** The rule the form edits, or null while it creates one. */
let editing = null;
/** What the confirmation modal does once confirmed. */
let confirmed = null;
/** The rule the silence modal silences. */
let silencing = null;

/** A field the form found wrong before asking the API, as the API names fields. */
class FieldProblem extends Error {
    constructor(field, message) {
        super(`${field}: ${message}`);
        this.field = field;
        this.reason = message;
    }
}

function showStatus(message, ok) {
    statusBox.replaceChildren(document.createTextNode(message));
    statusBox.classList.remove('d-none', 'alert-success', 'alert-danger');
    statusBox.classList.add(ok ? 'alert-success' : 'alert-danger');
}

function showIn(box, message) {
    box.textContent = message;
    box.classList.toggle('d-none', !message);
}

/** The path on this origin, which never holds credentials (fetch refuses a URL with them). */
function call(method, path, body) {
    return fetch(new URL(path, location.origin), {
        method,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
    });
}

function rulePath(name) {
    return `${RULES}/${encodeURIComponent(name)}`;
}

/** The problem's detail, with each field's error, or what went wrong in words; and the fields. */
async function reason(response) {
    try {
        const problem = await response.json();
        if (problem && problem.detail) {
            const errors = Array.isArray(problem.errors) ? problem.errors : [];
            const fields = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
            return { text: fields ? `${problem.detail} ${fields}` : problem.detail, errors };
        }
    } catch {
        // not problem details
    }
    return { text: `The API answered ${response.status} ${response.statusText}`.trim(), errors: [] };
}

// --- the rule form ------------------------------------------------------------------------------

function value(name) {
    return form.elements[name].value.trim();
}

function list(text, separator = /\s*,\s*/) {
    return text ? text.split(separator).map((s) => s.trim()).filter((s) => s) : [];
}

/** A number field's value: a number, the text as typed when it is not one (the API names it), or undefined. */
function number(name) {
    const el = form.elements[name];
    if (el.validity && el.validity.badInput) {
        throw new FieldProblem(el.dataset.errorFor.split(' ')[0], 'must be a number');
    }
    const text = el.value.trim();
    return text === '' ? undefined : Number(text);
}

function put(object, key, v) {
    if (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) {
        object[key] = v;
    }
    return object;
}

function kind() {
    return kindSelect.value;
}

/** Shows the fields of the chosen condition, and the mount point for the file system metric only. */
function showKind() {
    const k = kind();
    for (const el of form.querySelectorAll('[data-kinds]')) {
        const shown = el.dataset.kinds.split(' ').includes(k)
            && (!el.dataset.metrics || el.dataset.metrics.split(' ').includes(metricSelect.value));
        el.hidden = !shown;
    }
}

/** The rule the form describes, as the API takes it; empty fields are left out, so that the API names what is missing. */
function fromForm() {
    const rule = { name: value('name') };
    const hosts = {};
    put(hosts, 'hostnames', list(value('hosts'), /[\s,]+/));
    put(hosts, 'podNamespace', value('podNamespace'));
    put(rule, 'hosts', Object.keys(hosts).length ? hosts : undefined);
    const k = kind();
    const match = {};
    put(match, 'name', list(value('process')));
    put(match, 'user', list(value('user')));
    put(match, 'commandLine', value('commandLine'));
    let condition;
    switch (k) {
        case 'processAbsent':
            condition = { processAbsent: match };
            break;
        case 'processCount':
            condition = { processCount: put(put({ match }, 'min', number('min')), 'max', number('max')) };
            break;
        case 'restarts':
            condition = { restarts: put(put({ match }, 'moreThan', number('moreThan')), 'within', value('within')) };
            break;
        case 'processCpu':
            condition = { processCpu: put({ match }, 'abovePercent', number('abovePercent')) };
            break;
        case 'processRss': {
            const bytes = value('aboveBytes');
            condition = {
                processRss: put(
                    put({ match }, 'aboveBytes', /^\d+$/.test(bytes) ? Number(bytes) : bytes),
                    'abovePercentOfHost',
                    number('abovePercentOfHost'),
                ),
            };
            break;
        }
        case 'hostStale':
            condition = { host: { stale: true } };
            break;
        case 'hostGone':
            condition = { host: { gone: true } };
            break;
        default: {
            const metric = metricSelect.value;
            const host = put({ metric }, 'above', number('above'));
            condition = { host: metric === 'fileSystem' ? put(host, 'mountPoint', value('mountPoint')) : host };
        }
    }
    rule.condition = condition;
    rule.for = value('for') || '0';
    rule.severity = value('severity');
    const labels = {};
    for (const pair of list(value('labels'))) {
        const eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new FieldProblem('labels', `must be name=value pairs, comma-separated, not "${pair}"`);
        }
        labels[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
    put(rule, 'labels', Object.keys(labels).length ? labels : undefined);
    rule.enabled = form.elements.enabled.checked;
    return rule;
}

function set(name, v) {
    form.elements[name].value = v === undefined || v === null ? '' : String(v);
}

function asList(v) {
    return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** A list the form shows in one field: false when an item holds the separator, so the field could not say it. */
function joinable(items, separator) {
    return items.every((i) => typeof i === 'string' && !i.includes(separator));
}

/**
 * Fills the form with {@code rule} as the API answers it; false (and the form left as it was) when
 * the form cannot show all of it, such as excludeName or a label value with a comma.
 */
function toForm(rule) {
    if (!rule || typeof rule !== 'object' || !rule.condition) {
        return false;
    }
    const known = ['name', 'hosts', 'condition', 'for', 'severity', 'labels', 'enabled', ...READ_ONLY];
    if (Object.keys(rule).some((k) => !known.includes(k))) {
        return false;
    }
    const hosts = rule.hosts || {};
    const hostnames = asList(hosts.hostnames);
    const labels = rule.labels || {};
    if (Object.keys(hosts).some((k) => !['hostnames', 'podNamespace'].includes(k))
        || !hostnames.every((h) => typeof h === 'string' && !/[\s,]/.test(h))
        || !Object.entries(labels).every(([k, v]) => typeof v === 'string' && !v.includes(',') && !k.includes('='))) {
        return false;
    }
    const [key] = Object.keys(rule.condition);
    const body = rule.condition[key] || {};
    let k = key;
    let match = {};
    if (PROCESS_KINDS.includes(key)) {
        match = key === 'processAbsent' ? body : body.match || {};
        if (Object.keys(match).some((f) => !['name', 'user', 'commandLine'].includes(f))
            || !joinable(asList(match.name), ',') || !joinable(asList(match.user), ',')) {
            return false;
        }
    } else if (key === 'host') {
        k = body.stale ? 'hostStale' : body.gone ? 'hostGone' : 'hostMetric';
    } else {
        return false;
    }
    form.reset();
    set('name', rule.name);
    set('hosts', hostnames.join(', '));
    set('podNamespace', hosts.podNamespace);
    kindSelect.value = k;
    set('process', asList(match.name).join(', '));
    set('user', asList(match.user).join(', '));
    set('commandLine', match.commandLine);
    set('min', body.min);
    set('max', body.max);
    set('moreThan', body.moreThan);
    set('within', body.within);
    set('abovePercent', key === 'processCpu' ? body.abovePercent : '');
    set('aboveBytes', body.aboveBytes);
    set('abovePercentOfHost', body.abovePercentOfHost);
    if (k === 'hostMetric') {
        metricSelect.value = body.metric;
        set('above', body.above);
        set('mountPoint', body.mountPoint);
    }
    set('for', rule.for || '0');
    set('severity', rule.severity || 'warning');
    set('labels', Object.entries(labels).map(([n, v]) => `${n}=${v}`).join(', '));
    form.elements.enabled.checked = rule.enabled !== false;
    showKind();
    return true;
}

function clearMarks() {
    for (const el of form.querySelectorAll('.is-invalid')) {
        el.classList.remove('is-invalid');
    }
    for (const el of form.querySelectorAll('.invalid-feedback')) {
        el.textContent = '';
    }
}

/** Whether a field path the API named ({@code condition.processCpu.match.name[0]}) is one a form field answers for. */
function answersFor(el, field) {
    const path = field.replace(/\[\d+\]/g, '');
    return (el.dataset.errorFor || '').split(' ').some((pattern) => {
        const re = new RegExp(`^${pattern.replace(/[.()]/g, '\\$&').replace(/\*/g, '[^.]+')}$`);
        return re.test(path);
    });
}

/** Marks the fields the API found wrong, with its words; what no shown field answers for stays in the status alone. */
function markFields(errors) {
    clearMarks();
    const fields = asJson.checked
        ? [jsonArea]
        : Array.from(form.querySelectorAll('[data-error-for]')).filter((el) => !el.closest('[hidden]'));
    for (const e of errors) {
        if (typeof e.field !== 'string') {
            continue;
        }
        const el = asJson.checked ? jsonArea : fields.find((f) => answersFor(f, e.field));
        if (!el) {
            continue;
        }
        el.classList.add('is-invalid');
        const feedback = el.parentElement.querySelector('.invalid-feedback');
        if (feedback) {
            feedback.textContent = [feedback.textContent, `${e.field} ${e.message}`].filter((t) => t).join('; ');
        }
    }
}

function withoutReadOnly(rule) {
    const copy = { ...rule };
    READ_ONLY.forEach((k) => delete copy[k]);
    return copy;
}

function useJson(on) {
    asJson.checked = on;
    jsonField.hidden = !on;
    for (const el of form.querySelectorAll('.row, fieldset')) {
        el.hidden = on;
    }
    if (!on) {
        showKind();
    }
}

function startCreating() {
    editing = null;
    form.reset();
    clearMarks();
    useJson(false);
    form.elements.name.readOnly = false;
    formTitle.textContent = 'New rule';
    submitButton.querySelector('.rule-submit-label').textContent = 'Create';
    submitButton.querySelector('i').className = 'fa-solid fa-plus me-1';
    cancelButton.hidden = true;
    jsonArea.value = '';
    showKind();
}

function startEditing(rule) {
    startCreating();
    editing = rule.name;
    formTitle.textContent = `Edit rule ${rule.name}`;
    submitButton.querySelector('.rule-submit-label').textContent = 'Save';
    submitButton.querySelector('i').className = 'fa-solid fa-floppy-disk me-1';
    cancelButton.hidden = false;
    if (!toForm(rule)) {
        jsonArea.value = JSON.stringify(withoutReadOnly(rule), null, 2);
        useJson(true);
    }
    form.elements.name.readOnly = true;
    form.scrollIntoView({ block: 'start', behavior: 'instant' });
    (asJson.checked ? jsonArea : form.elements.name).focus();
}

async function save() {
    clearMarks();
    let body;
    try {
        body = asJson.checked ? JSON.parse(jsonArea.value) : fromForm();
    } catch (e) {
        if (e instanceof FieldProblem) {
            markFields([{ field: e.field, message: e.reason }]);
            showStatus(`The rule is not valid: ${e.message}`, false);
        } else {
            markFields([{ field: '(root)', message: e.message }]);
            showStatus(`The rule is not JSON: ${e.message}`, false);
        }
        return;
    }
    const name = editing;
    submitButton.disabled = true;
    let response;
    try {
        response = name ? await call('PUT', rulePath(name), body) : await call('POST', RULES, body);
    } catch (e) {
        showStatus(`The API cannot be reached: ${e.message}`, false);
        return;
    } finally {
        submitButton.disabled = false;
    }
    if (!response.ok) {
        const why = await reason(response);
        markFields(why.errors);
        showStatus(why.text, false);
        return;
    }
    const saved = name || (body && body.name) || '';
    showStatus(name ? `Saved rule ${saved}.` : `Created rule ${saved}.`, true);
    startCreating();
    refreshRegions(); // lists the rule as it is now
}

/** The rule as stored, or null with the reason shown. */
async function fetchRule(name) {
    let response;
    try {
        response = await call('GET', rulePath(name));
    } catch (e) {
        showStatus(`The API cannot be reached: ${e.message}`, false);
        return null;
    }
    if (!response.ok) {
        showStatus((await reason(response)).text, false);
        return null;
    }
    return response.json();
}

async function edit(name) {
    const rule = await fetchRule(name);
    if (rule) {
        startEditing(rule);
    }
}

async function setEnabled(name, enabled) {
    const rule = await fetchRule(name);
    if (!rule) {
        return;
    }
    const body = withoutReadOnly(rule);
    body.enabled = enabled;
    let response;
    try {
        response = await call('PUT', rulePath(name), body);
    } catch (e) {
        showStatus(`The API cannot be reached: ${e.message}`, false);
        return;
    }
    if (!response.ok) {
        showStatus((await reason(response)).text, false);
        return;
    }
    showStatus(enabled ? `Enabled rule ${name}.` : `Disabled rule ${name}: its alerts resolved.`, true);
    refreshRegions();
}

// --- confirmations --------------------------------------------------------------------------------

function ask(title, text, button, action) {
    confirmed = action;
    confirmTitle.textContent = title;
    confirmText.textContent = text;
    confirmGo.textContent = button;
    confirmGo.disabled = false;
    showIn(confirmError, '');
    const m = bootstrapModal(confirmModal);
    if (m) {
        m.show();
    } else if (window.confirm(text)) {
        perform();
    }
}

async function perform() {
    if (!confirmed) {
        return;
    }
    const { method, path, done } = confirmed;
    confirmGo.disabled = true;
    let response;
    try {
        response = await call(method, path);
    } catch (e) {
        confirmGo.disabled = false;
        showIn(confirmError, `The API cannot be reached: ${e.message}`);
        return;
    }
    if (!response.ok) {
        confirmGo.disabled = false;
        showIn(confirmError, (await reason(response)).text);
        return;
    }
    confirmed = null;
    closeModal(confirmModal);
    showStatus(done, true);
    refreshRegions();
}

// --- silences -------------------------------------------------------------------------------------

function duration() {
    const chosen = silenceForm.querySelector('input[name=silence-for]:checked');
    return chosen && chosen.value !== 'custom' ? chosen.value : silenceDuration.value.trim();
}

function describeSilence() {
    const host = silenceHost.value.trim();
    silenceText.textContent = host
        ? `Hold the notifications of rule ${silencing} on ${host}. Its alerts there still show here.`
        : `Hold the notifications of rule ${silencing} on every host. Its alerts still show here.`;
}

function openSilence(rule, host) {
    silencing = rule;
    silenceForm.reset();
    silenceHost.value = host || '';
    silenceCustomField.hidden = true;
    silenceGo.disabled = false;
    showIn(silenceError, '');
    describeSilence();
    const m = bootstrapModal(silenceModal);
    if (m) {
        m.show();
    } else if (window.confirm(silenceText.textContent + ' For 1 h?')) {
        silence();
    }
}

async function silence() {
    const body = { rule: silencing, duration: duration() };
    put(body, 'host', silenceHost.value.trim());
    put(body, 'comment', silenceComment.value.trim());
    if (!body.duration) {
        showIn(silenceError, 'Say for how long: 90m, 2h, 3d or PT2H.');
        return;
    }
    silenceGo.disabled = true;
    let response;
    try {
        response = await call('POST', SILENCES, body);
    } catch (e) {
        silenceGo.disabled = false;
        showIn(silenceError, `The API cannot be reached: ${e.message}`);
        return;
    }
    if (!response.ok) {
        silenceGo.disabled = false;
        showIn(silenceError, (await reason(response)).text);
        return;
    }
    const created = await response.json();
    closeModal(silenceModal);
    showStatus(
        `Silenced rule ${created.rule} ${created.host ? `on ${created.host}` : 'on every host'} until ${new Date(created.untilMillis).toLocaleString()}.`,
        true,
    );
    refreshRegions();
}

// --- wiring ---------------------------------------------------------------------------------------

document.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-alert-action]');
    if (!button || button.disabled) {
        return;
    }
    const { rule, host } = button.dataset;
    switch (button.dataset.alertAction) {
        case 'edit':
            edit(rule);
            break;
        case 'disable':
            setEnabled(rule, false);
            break;
        case 'enable':
            setEnabled(rule, true);
            break;
        case 'delete':
            ask(
                'Delete the rule',
                `Delete rule ${rule}? Its firing alerts resolve and its pending ones go; its history stays.`,
                'Delete',
                { method: 'DELETE', path: rulePath(rule), done: `Deleted rule ${rule}.` },
            );
            break;
        case 'silence':
            openSilence(rule, host);
            break;
        case 'end-silence':
            ask(
                'End the silence',
                `End the silence of rule ${rule} ${host ? `on ${host}` : 'on every host'} now? Its next transitions are notified.`,
                'End now',
                {
                    method: 'DELETE',
                    path: `${SILENCES}/${encodeURIComponent(button.dataset.silence)}`,
                    done: `Ended the silence of rule ${rule}.`,
                },
            );
            break;
        default:
    }
});

form?.addEventListener('submit', (e) => {
    e.preventDefault();
    save();
});
kindSelect?.addEventListener('change', showKind);
metricSelect?.addEventListener('change', showKind);
cancelButton?.addEventListener('click', startCreating);
asJson?.addEventListener('change', () => {
    if (asJson.checked) {
        try {
            jsonArea.value = JSON.stringify(fromForm(), null, 2);
        } catch {
            jsonArea.value = JSON.stringify({ name: value('name'), condition: {} }, null, 2);
        }
        useJson(true);
        jsonArea.focus();
        return;
    }
    let rule;
    try {
        rule = JSON.parse(jsonArea.value);
    } catch {
        rule = null;
    }
    if (rule && toForm(rule)) {
        useJson(false);
        form.elements.name.readOnly = editing !== null;
    } else {
        asJson.checked = true;
        showStatus('The form cannot show this rule whole: it stays as JSON.', false);
    }
});
confirmForm?.addEventListener('submit', (e) => {
    e.preventDefault();
    perform();
});
silenceForm?.addEventListener('submit', (e) => {
    e.preventDefault();
    silence();
});
silenceForm?.addEventListener('change', () => {
    const chosen = silenceForm.querySelector('input[name=silence-for]:checked');
    silenceCustomField.hidden = !chosen || chosen.value !== 'custom';
});
silenceHost?.addEventListener('input', describeSilence);
silenceModal?.addEventListener('shown.bs.modal', () => silenceGo.focus());
confirmModal?.addEventListener('shown.bs.modal', () => confirmGo.focus());
// An alert fired or resolved, or a silence changed, anywhere: the lists follow.
document.addEventListener('procscope:alerts', () => refreshRegions());

if (form) {
    showKind();
}
