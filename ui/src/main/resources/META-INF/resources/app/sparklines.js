// A CPU and a memory sparkline on each host card of the overview: the last 30 minutes from the
// host's metrics endpoint, then one point more for each live update. A card's history is fetched
// when it comes near the screen, a few at a time: the overview of a large fleet then costs the API
// what the person looks at, and the page's event stream is not queued behind hundreds of fetches
// (a browser opens six connections per server).
const WINDOW_MILLIS = 30 * 60_000;
const SVG = 'http://www.w3.org/2000/svg';
const series = new Map();

function memoryPercent(used, total) {
    return used != null && total ? (100 * used) / total : null;
}

function draw(svg, points) {
    const shown = points.filter(([, v]) => v != null);
    svg.replaceChildren();
    if (shown.length < 2) {
        return;
    }
    const t0 = shown[0][0];
    const span = Math.max(1, shown[shown.length - 1][0] - t0);
    const coords = shown
        .map(([t, v]) => `${((100 * (t - t0)) / span).toFixed(2)},${(24 - (24 * Math.min(100, v)) / 100).toFixed(2)}`)
        .join(' ');
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', coords);
    line.setAttribute('fill', 'none');
    line.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.append(line);
}

function redraw(card) {
    const s = series.get(card.dataset.host);
    if (!s) {
        return;
    }
    draw(card.querySelector('[data-sparkline="cpu"]'), s.cpu);
    draw(card.querySelector('[data-sparkline="memory"]'), s.memory);
    card.dataset.sparklinePoints = String(s.cpu.length);
}

async function load(card) {
    const host = card.dataset.host;
    try {
        const response = await fetch(`/api/v1/hosts/${encodeURIComponent(host)}/metrics?from=-30m`, {
            headers: { Accept: 'application/json' },
        });
        if (!response.ok) {
            return;
        }
        const metrics = await response.json();
        series.set(host, {
            cpu: metrics.points.map((p) => [p.atMillis, p.cpuPercent]),
            memory: metrics.points.map((p) => [p.atMillis, memoryPercent(p.memoryUsedBytes, p.memoryTotalBytes)]),
        });
        redraw(card);
    } catch {
        // The card keeps its numbers; the sparkline stays empty.
    }
}

function cards() {
    return document.querySelectorAll('.host-card[data-host]');
}

document.addEventListener('procscope:host', (e) => {
    const host = e.detail;
    const s = series.get(host.hostname) || { cpu: [], memory: [] };
    series.set(host.hostname, s);
    const cutoff = host.lastReportMillis - WINDOW_MILLIS;
    s.cpu = s.cpu.filter(([t]) => t >= cutoff && t < host.lastReportMillis);
    s.memory = s.memory.filter(([t]) => t >= cutoff && t < host.lastReportMillis);
    s.cpu.push([host.lastReportMillis, host.cpuPercent]);
    s.memory.push([host.lastReportMillis, memoryPercent(host.memoryUsedBytes, host.memoryTotalBytes)]);
    for (const card of cards()) {
        if (card.dataset.host === host.hostname) {
            redraw(card);
        }
    }
});

const MAX_LOADING = 3;
const waiting = [];
let loading = 0;

function loadNext() {
    while (loading < MAX_LOADING && waiting.length > 0) {
        loading++;
        load(waiting.shift()).finally(() => {
            loading--;
            loadNext();
        });
    }
}

const nearScreen = new IntersectionObserver(
    (entries) => {
        for (const entry of entries) {
            if (entry.isIntersecting) {
                nearScreen.unobserve(entry.target);
                waiting.push(entry.target);
            }
        }
        loadNext();
    },
    { rootMargin: '200px' },
);
cards().forEach((card) => nearScreen.observe(card));
