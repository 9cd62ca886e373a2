// Live updates for every page. Listens to the server-sent events of /api/v1/events (event `host`
// when a host's newest report is stored, `stale` when it goes stale; both carry the HostSummary
// JSON; `removed`, with the hostname alone, when an operator deleted or renamed a host; `alerts`,
// with the fleet's alert counts, handed on as the DOM event procscope:alerts for app/alert-badge.js
// and the alerts page); when the stream is not there (404, an old server, a proxy that buffers) it polls the hosts
// every 10 s instead. An update rewrites the fields marked data-live-host/data-live-field, tells the
// page's own modules (event procscope:host), and refreshes the regions marked data-live-region from
// the server-rendered page at the same URL, so filters and sort orders stay as they are.
// Every URL is on this origin (location.origin, which never holds credentials, as a page URL
// like https://user:key@host/ does), so a browser's HTTP Basic credentials go along.
import { format, clock } from './format.js';

const POLL_MILLIS = 10_000;
const REFRESH_GAP_MILLIS = 2_000;
const STORAGE_KEY = 'procscope.live';

const body = document.body;
const scopeHost = body.dataset.liveHost || '';
const toggle = document.getElementById('live-toggle');
const status = document.getElementById('live-status');
const updated = document.getElementById('live-updated');

const state = {
    live: sessionStorage.getItem(STORAGE_KEY) !== 'paused',
    mode: 'starting',
    source: null,
    timer: null,
    since: Number(body.dataset.renderedAt) || Date.now(),
    known: new Map(),
    updates: 0,
    refreshing: false,
    refreshAgain: false,
    lastRefresh: 0,
};

function setMode(mode) {
    state.mode = mode;
    if (status) {
        status.dataset.mode = mode;
        status.title = {
            sse: 'Live: the server pushes each new report',
            polling: 'Live: asking the server every 10 s',
            paused: 'Paused: press Live to resume',
        }[mode] || '';
    }
}

function showToggle() {
    if (!toggle) {
        return;
    }
    toggle.setAttribute('aria-pressed', String(state.live));
    toggle.classList.toggle('btn-outline-success', state.live);
    toggle.classList.toggle('btn-outline-secondary', !state.live);
    toggle.querySelector('.live-label').textContent = state.live ? 'Live' : 'Paused';
}

function start() {
    if (!state.live) {
        setMode('paused');
        return;
    }
    if (state.mode === 'polling' || !('EventSource' in window)) {
        startPolling();
    } else {
        connect();
    }
}

function stop() {
    if (state.source) {
        state.source.close();
        state.source = null;
    }
    if (state.timer) {
        clearInterval(state.timer);
        state.timer = null;
    }
}

function connect() {
    const url = '/api/v1/events' + (scopeHost ? `?host=${encodeURIComponent(scopeHost)}` : '');
    const source = new EventSource(new URL(url, location.origin));
    let opened = false;
    state.source = source;
    source.addEventListener('open', () => {
        opened = true;
        setMode('sse');
    });
    source.addEventListener('host', (e) => receive(e.data));
    source.addEventListener('stale', (e) => receive(e.data));
    source.addEventListener('removed', (e) => removed(e.data));
    source.addEventListener('alerts', (e) => {
        document.dispatchEvent(new CustomEvent('procscope:alerts', { detail: e.data }));
    });
    source.addEventListener('error', () => {
        // Once open, the browser reconnects by itself; a stream that never opened, or that the
        // server closed for good, is replaced by polling.
        if (!opened || source.readyState === EventSource.CLOSED) {
            source.close();
            if (state.source === source) {
                state.source = null;
                startPolling();
            }
        }
    });
}

function startPolling() {
    setMode('polling');
    if (!state.timer) {
        state.timer = setInterval(poll, POLL_MILLIS);
    }
    poll();
}

async function poll() {
    if (!state.live) {
        return;
    }
    const url = scopeHost ? `/api/v1/hosts/${encodeURIComponent(scopeHost)}` : '/api/v1/hosts';
    let hosts;
    try {
        const response = await fetch(new URL(url, location.origin), { headers: { Accept: 'application/json' } });
        if (!response.ok) {
            return;
        }
        const data = await response.json();
        hosts = Array.isArray(data) ? data : [data];
    } catch {
        return;
    }
    for (const host of hosts) {
        const before = state.known.get(host.hostname);
        const fresh = before
            ? host.lastReportMillis > before.lastReportMillis || host.status !== before.status
            : host.lastReportMillis > state.since;
        state.known.set(host.hostname, host);
        if (fresh) {
            apply(host);
        }
    }
}

function receive(data) {
    let host;
    try {
        host = JSON.parse(data);
    } catch {
        return;
    }
    state.known.set(host.hostname, host);
    apply(host);
}

function removed(data) {
    let host;
    try {
        host = JSON.parse(data);
    } catch {
        return;
    }
    state.known.delete(host.hostname);
    if (!state.live || (scopeHost && host.hostname !== scopeHost)) {
        return;
    }
    document.dispatchEvent(new CustomEvent('procscope:removed', { detail: host }));
    refreshRegions();
}

function value(host, field) {
    if (field === 'memoryPercent') {
        return host.memoryUsedBytes != null && host.memoryTotalBytes
            ? (100 * host.memoryUsedBytes) / host.memoryTotalBytes
            : null;
    }
    return host[field];
}

const BADGES = {
    REPORTING: ['text-bg-success', 'fa-circle-check', 'reporting'],
    STALE: ['text-bg-warning', 'fa-clock', 'stale'],
    GONE: ['text-bg-dark', 'fa-ghost', 'gone'],
};

function badge(status) {
    const [css, icon, label] = BADGES[status] || ['text-bg-light', 'fa-question', String(status).toLowerCase()];
    const span = document.createElement('span');
    span.className = `badge ${css}`;
    span.dataset.status = label;
    const i = document.createElement('i');
    i.className = `fa-solid ${icon} me-1`;
    i.setAttribute('aria-hidden', 'true');
    span.append(i, document.createTextNode(label));
    return span;
}

function apply(host) {
    if (!state.live || (scopeHost && host.hostname !== scopeHost)) {
        return;
    }
    for (const el of document.querySelectorAll('[data-live-host]')) {
        if (el.dataset.liveHost !== host.hostname) {
            continue;
        }
        if (el.dataset.liveField) {
            const text = format(value(host, el.dataset.liveField), el.dataset.format);
            if (el.textContent !== text) {
                el.textContent = text;
                el.classList.remove('live-changed');
                void el.offsetWidth; // restart the highlight
                el.classList.add('live-changed');
            }
        } else if ('liveStatus' in el.dataset) {
            el.replaceChildren(badge(host.status));
        }
    }
    state.updates++;
    if (status) {
        status.dataset.updates = String(state.updates);
    }
    if (updated) {
        const now = Date.now();
        updated.dateTime = new Date(now).toISOString();
        updated.textContent = `at ${clock(now)}`;
    }
    document.dispatchEvent(new CustomEvent('procscope:host', { detail: host }));
    refreshRegions();
}

/**
 * Renders the page's regions marked data-live-region again from the server, at most every 2 s;
 * other modules call it after they changed something (app/admin-hosts.js).
 */
export async function refreshRegions() {
    if (!document.querySelector('[data-live-region][id]')) {
        return;
    }
    if (state.refreshing) {
        state.refreshAgain = true;
        return;
    }
    state.refreshing = true;
    try {
        const wait = state.lastRefresh + REFRESH_GAP_MILLIS - Date.now();
        if (wait > 0) {
            await new Promise((resolve) => setTimeout(resolve, wait));
        }
        // From the origin, which never holds credentials: a page opened as https://user:key@host/
        // has them in its own URL, and fetch refuses such a URL.
        const response = await fetch(new URL(location.pathname + location.search, location.origin), {
            headers: { Accept: 'text/html' },
        });
        if (!response.ok) {
            return;
        }
        // The server rendered and escaped this HTML; it is parsed inert and only moved across.
        const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
        document.dispatchEvent(new CustomEvent('procscope:before-refresh'));
        for (const region of document.querySelectorAll('[data-live-region][id]')) {
            const replacement = fresh.getElementById(region.id);
            if (replacement) {
                // Copied first: adopting a node takes it out of the live childNodes list.
                region.replaceChildren(...Array.from(replacement.childNodes).map((n) => document.adoptNode(n)));
            }
        }
        document.dispatchEvent(new CustomEvent('procscope:refreshed'));
    } catch {
        // The next update tries again.
    } finally {
        state.lastRefresh = Date.now();
        state.refreshing = false;
        if (state.refreshAgain) {
            state.refreshAgain = false;
            refreshRegions();
        }
    }
}

toggle?.addEventListener('click', () => {
    state.live = !state.live;
    sessionStorage.setItem(STORAGE_KEY, state.live ? 'live' : 'paused');
    showToggle();
    if (state.live) {
        state.since = Date.now();
        start();
    } else {
        stop();
        setMode('paused');
    }
});

showToggle();
start();
