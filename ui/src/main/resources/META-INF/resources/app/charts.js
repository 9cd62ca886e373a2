// Chart.js line and bar charts in the dashboard's style. Chart.js is served by the API itself
// (/webjars/chart.js) and loaded as a classic script before the page's module. Charts draw on a
// canvas: names from the data become pixels, never markup.
import { dateTime } from './format.js';

const Chart = window.Chart;
const PALETTE = ['#0d6efd', '#fd7e14', '#20c997', '#6f42c1', '#dc3545', '#198754', '#0dcaf0', '#6c757d', '#ffc107'];

export function color(i) {
    return PALETTE[i % PALETTE.length];
}

function themed() {
    const style = getComputedStyle(document.documentElement);
    return {
        text: style.getPropertyValue('--bs-secondary-color').trim() || '#6c757d',
        grid: style.getPropertyValue('--bs-border-color-translucent').trim() || 'rgba(0,0,0,.1)',
    };
}

function timeTick(value, span) {
    const d = new Date(value);
    return span > 2 * 86_400_000
        ? d.toLocaleDateString([], { month: 'short', day: 'numeric' })
        : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
}

/** Fetches JSON from this origin; null when the answer is not 200. */
export async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    return response.ok ? response.json() : null;
}

/** Says on the chart's box that the window has no data. */
export function noData(canvas, empty) {
    const box = canvas.closest('.chart-area');
    let note = box.querySelector('.chart-empty');
    if (empty && !note) {
        note = document.createElement('p');
        note.className = 'chart-empty small text-body-secondary';
        note.textContent = 'No data in this window.';
        box.append(note);
    } else if (!empty && note) {
        note.remove();
    }
}

/**
 * A line chart over time, or updates the one already on the canvas.
 *
 * @param series [{label, points: [[millis, value]], fill?, stepped?}]
 * @param options {format: value => text, max?, stacked?, from?, to?}
 */
export function timeChart(canvas, series, options) {
    const { text, grid } = themed();
    const datasets = series.map((s, i) => ({
        label: s.label,
        data: s.points.map(([x, y]) => ({ x, y })),
        borderColor: s.color || color(i),
        backgroundColor: (s.color || color(i)) + (options.stacked ? 'aa' : '33'),
        fill: options.stacked ? (i === 0 ? 'origin' : '-1') : Boolean(s.fill),
        stepped: s.stepped || false,
        borderWidth: 1.5,
        pointRadius: 0,
        spanGaps: false,
    }));
    const xs = series.flatMap((s) => s.points.map(([x]) => x));
    const from = options.from ?? Math.min(...xs);
    const to = options.to ?? Math.max(...xs);
    noData(canvas, xs.length === 0);
    const existing = Chart.getChart(canvas);
    if (existing) {
        existing.data.datasets = datasets;
        existing.options.scales.x.min = from;
        existing.options.scales.x.max = to;
        existing.update('none');
        return existing;
    }
    return new Chart(canvas, {
        type: 'line',
        data: { datasets },
        options: {
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            interaction: { mode: 'index', intersect: false },
            scales: {
                x: {
                    type: 'linear',
                    min: from,
                    max: to,
                    ticks: { color: text, maxTicksLimit: 6, callback: (v) => timeTick(v, to - from) },
                    grid: { color: grid },
                },
                y: {
                    beginAtZero: true,
                    max: options.max,
                    stacked: Boolean(options.stacked),
                    ticks: { color: text, maxTicksLimit: 5, callback: (v) => options.format(v) },
                    grid: { color: grid },
                },
            },
            plugins: {
                legend: { display: series.length > 1, labels: { color: text, boxWidth: 12 } },
                tooltip: {
                    callbacks: {
                        title: (items) => (items.length ? dateTime(items[0].parsed.x) : ''),
                        label: (item) => `${item.dataset.label}: ${options.format(item.parsed.y)}`,
                    },
                },
            },
        },
    });
}

/** A horizontal bar chart: [{label, value}], or updates the one already on the canvas. */
export function barChart(canvas, bars, format) {
    const { text, grid } = themed();
    noData(canvas, bars.length === 0);
    const data = {
        labels: bars.map((b) => b.label),
        datasets: [{ data: bars.map((b) => b.value), backgroundColor: color(0) + 'cc' }],
    };
    const existing = Chart.getChart(canvas);
    if (existing) {
        existing.data = data;
        existing.update('none');
        return existing;
    }
    return new Chart(canvas, {
        type: 'bar',
        data,
        options: {
            indexAxis: 'y',
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            scales: {
                x: { beginAtZero: true, ticks: { color: text, callback: (v) => format(v) }, grid: { color: grid } },
                y: { ticks: { color: text, autoSkip: false }, grid: { display: false } },
            },
            plugins: {
                legend: { display: false },
                tooltip: { callbacks: { label: (item) => format(item.parsed.x) } },
            },
        },
    });
}

/** Calls fn at most once every gap ms, the last call winning, and not while the tab is hidden. */
export function throttle(fn, gap) {
    let last = 0;
    let timer = null;
    let held = null; // the call that came while the tab was hidden
    const run = (args) => {
        last = Date.now();
        fn(...args);
    };
    // A hidden tab asks the server nothing; shown again, it catches up once.
    document.addEventListener('visibilitychange', () => {
        if (!document.hidden && held) {
            const args = held;
            held = null;
            run(args);
        }
    });
    return (...args) => {
        clearTimeout(timer);
        const wait = last + gap - Date.now();
        timer = setTimeout(() => {
            if (document.hidden) {
                held = args;
            } else {
                run(args);
            }
        }, Math.max(0, wait));
    };
}
