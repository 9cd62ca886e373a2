// The nav's badge of firing alerts, on every page, kept live: app/live.js hands each `alerts` event
// of the event stream on as procscope:alerts ({"firing": 2, "active": 3}); while live.js polls
// instead (no event stream), each host update asks GET /api/v1/alerts?limit=1 for the count, at
// most every 10 s. Only a number is ever written, as text.
const POLL_GAP_MILLIS = 10_000;

const badge = document.getElementById('nav-alerts-firing');
const count = badge?.querySelector('.nav-alerts-count');
const status = document.getElementById('live-status');
let lastPoll = 0;

function show(firing) {
    if (!badge || !count || !Number.isSafeInteger(firing) || firing < 0) {
        return;
    }
    count.textContent = String(firing);
    badge.title = `${firing} firing`;
    badge.dataset.firing = String(firing);
    badge.hidden = firing === 0;
}

document.addEventListener('procscope:alerts', (e) => {
    try {
        show(JSON.parse(e.detail).firing);
    } catch {
        // not the counts: ignored
    }
});

document.addEventListener('procscope:host', async () => {
    const now = Date.now();
    if (!status || status.dataset.mode !== 'polling' || now - lastPoll < POLL_GAP_MILLIS) {
        return;
    }
    lastPoll = now;
    try {
        const response = await fetch(new URL('/api/v1/alerts?limit=1', location.origin), {
            headers: { Accept: 'application/json' },
        });
        if (response.ok) {
            show((await response.json()).firing);
        }
    } catch {
        // the next update tries again
    }
});
