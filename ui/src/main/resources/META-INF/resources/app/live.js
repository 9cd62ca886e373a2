// Live updates for every page. Listens to the server-sent events of /api/v1/events (event `host`
// when a host's newest report is stored, `stale` when it goes stale; both carry the HostSummary
// JSON; `removed`, with the hostname alone, when an operator deleted or renamed a host; `alerts`,
// with the fleet's alert counts, handed on as the DOM event procscope:alerts for app/alert-badge.js
// and the alerts page); when the stream is not there (404, an old server, a proxy that buffers) it
// polls every 10 s instead, for the hosts the page shows only (see pollUrls).
// An update changes what changed, in place: it rewrites the fields marked
// data-live-host/data-live-field from the event itself, tells the page's own modules (event
// procscope:host: sparklines, charts), and renders the regions marked data-live-region again. A
// region marked data-live-fragment="name" is fetched alone, as the page's URL with fragment=name
// (the server renders that part only, with its own few queries; regions that share a name share
// one fetch); other regions come from the server-rendered page at the same URL. Either way the
// URL's filters and sort orders stay as they are.
// What it costs the API stays bounded: region refreshes are coalesced, at most one every 5 s
// whatever the rate of events (200 hosts every 10 s are 20 events a second); a hidden tab fetches
// nothing (the event stream stays open, its fields are still rewritten) and refreshes once when it
// is shown again; polling stops while the tab is hidden.
// Every URL is on this origin (location.origin, which never holds credentials, as a page URL
// like https://user:key@host/ does), so a browser's HTTP Basic credentials go along.
import { format, clock } from './format.js';

const POLL_MILLIS = 10_000;
const REFRESH_GAP_MILLIS = 5_000;
const STORAGE_KEY = 'procscope.live';
/** Most hosts one round of polling asks for: the API's largest page. */
const MAX_POLLED_HOSTS = 500;
/** Characters of hostnames one polling URL holds, well under what proxies and the API accept. */
const MAX_POLL_URL = 6_000;

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
    /** Something changed that the regions do not show yet. */
    pending: false,
    refreshing: false,
    refreshTimer: null,
    lastRefresh: 0,
    refreshes: 0,
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

/**
 * The requests one round of polling makes, each bounded by the page, never by the fleet: the
 * scope host alone; or the hosts whose fields the page shows (data-live-host), named in as few
 * requests as keep each URL short (one, for a page's 100 rows of usual names); and, for a page
 * whose regions show the fleet (totals, lists, alerts), the one host that reported last, whose
 * newer report says the fleet changed.
 */
function pollUrls() {
    if (scopeHost) {
        return [`/api/v1/hosts/${encodeURIComponent(scopeHost)}`];
    }
    const names = new Set();
    for (const el of document.querySelectorAll('[data-live-host]')) {
        if (el !== body && el.dataset.liveHost) {
            names.add(el.dataset.liveHost);
        }
    }
    const urls = [];
    let batch = [];
    let length = 0;
    const flush = () => {
        if (batch.length) {
            urls.push(`/api/v1/hosts?limit=${batch.length}&` + batch.map((n) => `host=${n}`).join('&'));
        }
        batch = [];
        length = 0;
    };
    for (const name of [...names].slice(0, MAX_POLLED_HOSTS)) {
        const encoded = encodeURIComponent(name);
        if (batch.length && length + encoded.length > MAX_POLL_URL) {
            flush();
        }
        batch.push(encoded);
        length += encoded.length + 6;
    }
    flush();
    if (liveRegions().length) {
        urls.push('/api/v1/hosts?sort=-last&limit=1');
    }
    return urls;
}

async function poll() {
    if (!state.live || document.hidden) {
        return;
    }
    let hosts = [];
    try {
        const answers = await Promise.all(
            pollUrls().map(async (url) => {
                const response = await fetch(new URL(url, location.origin), {
                    headers: { Accept: 'application/json' },
                });
                if (!response.ok) {
                    return [];
                }
                const data = await response.json();
                return Array.isArray(data) ? data : [data];
            }),
        );
        hosts = answers.flat();
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
    scheduleRefresh();
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
    scheduleRefresh();
}

function liveRegions() {
    return document.querySelectorAll('[data-live-region][id]');
}

/**
 * Marks the regions out of date and renders them again once the gap since the last refresh has
 * passed, and the tab is shown: a burst of updates costs one refresh.
 */
function scheduleRefresh(gap = REFRESH_GAP_MILLIS) {
    if (!liveRegions().length) {
        return;
    }
    state.pending = true;
    if (document.hidden || state.refreshing || state.refreshTimer) {
        return; // shown again, or the refresh in flight done, it runs then
    }
    const wait = Math.max(0, state.lastRefresh + gap - Date.now());
    state.refreshTimer = setTimeout(() => {
        state.refreshTimer = null;
        refreshPending();
    }, wait);
}

/**
 * Renders the page's regions marked data-live-region again from the server, soon; other modules
 * call it after they changed something (app/admin-hosts.js, app/alerts.js).
 */
export function refreshRegions() {
    scheduleRefresh(0);
}

/** The URL of a page's fragment: this page's URL, its filters kept, with fragment=name. */
function fragmentUrl(name) {
    const url = new URL(location.pathname + location.search, location.origin);
    if (name) {
        url.searchParams.set('fragment', name);
    }
    return url;
}

async function refreshPending() {
    if (!state.pending || document.hidden || !state.live) {
        return;
    }
    state.pending = false;
    state.refreshing = true;
    // The view the answers are for: a search that changes the URL meanwhile (app/tree.js,
    // app/search-as-you-type.js) makes them stale, and they must not overwrite its result.
    const view = location.search;
    try {
        const byFragment = new Map();
        for (const region of liveRegions()) {
            const name = region.dataset.liveFragment || '';
            byFragment.set(name, [...(byFragment.get(name) || []), region.id]);
        }
        const answers = await Promise.all(
            [...byFragment.keys()].map(async (name) => {
                // From the origin, which never holds credentials: a page opened as
                // https://user:key@host/ has them in its own URL, and fetch refuses such a URL.
                const response = await fetch(fragmentUrl(name), { headers: { Accept: 'text/html' } });
                return response.ok ? [name, await response.text()] : null;
            }),
        );
        if (location.search !== view) {
            state.pending = true; // rendered again for the new view, below
            return;
        }
        document.dispatchEvent(new CustomEvent('procscope:before-refresh'));
        for (const answer of answers) {
            if (!answer) {
                continue;
            }
            // The server rendered and escaped this HTML; it is parsed inert and only moved across.
            const fresh = new DOMParser().parseFromString(answer[1], 'text/html');
            for (const id of byFragment.get(answer[0])) {
                const region = document.getElementById(id);
                const replacement = fresh.getElementById(id);
                if (region && replacement) {
                    // Copied first: adopting a node takes it out of the live childNodes list.
                    region.replaceChildren(...Array.from(replacement.childNodes).map((n) => document.adoptNode(n)));
                }
            }
        }
        state.refreshes++;
        if (status) {
            status.dataset.refreshes = String(state.refreshes);
        }
        document.dispatchEvent(new CustomEvent('procscope:refreshed'));
    } catch {
        // The next update tries again.
    } finally {
        state.lastRefresh = Date.now();
        state.refreshing = false;
        if (state.pending) {
            scheduleRefresh();
        }
    }
}

document.addEventListener('visibilitychange', () => {
    if (document.hidden || !state.live) {
        return;
    }
    // Shown again: one catch-up, of what changed while hidden.
    if (state.mode === 'polling') {
        poll();
    }
    if (state.pending) {
        scheduleRefresh(0);
    }
});

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

// Leaving the page closes the stream: a page kept in the back/forward cache would otherwise hold
// one of the browser's six connections to this origin, and the next pages would wait for it.
// Coming back from that cache opens it again and renders what changed meanwhile.
window.addEventListener('pagehide', () => stop());
window.addEventListener('pageshow', (event) => {
    if (event.persisted && state.live) {
        start();
        scheduleRefresh(0);
    }
});

showToggle();
start();
