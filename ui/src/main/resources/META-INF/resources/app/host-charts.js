// A host's system charts over the page's window: CPU, memory, load, network and processes, from
// /api/v1/hosts/NAME/metrics. Redrawn when a live update for the host arrives.
import { timeChart, getJson, throttle } from './charts.js';
import { bytes, percent, number, count } from './format.js';

const root = document.querySelector('.host-charts');
const host = document.body.dataset.liveHost;

function canvas(name) {
    return root.querySelector(`canvas[data-chart="${name}"]`);
}

function series(points, field) {
    return points.map((p) => [p.atMillis, p[field]]);
}

async function load() {
    const metrics = await getJson(root.dataset.metricsSrc);
    if (!metrics) {
        return;
    }
    const p = metrics.points;
    const range = { from: metrics.fromMillis, to: metrics.toMillis };
    timeChart(canvas('cpu'), [
        { label: 'average', points: series(p, 'cpuPercent'), fill: true },
        { label: 'highest', points: series(p, 'cpuPercentMax') },
    ], { ...range, format: percent, max: 100 });
    timeChart(canvas('memory'), [
        { label: 'in use', points: series(p, 'memoryUsedBytes'), fill: true },
        { label: 'swap', points: series(p, 'swapUsedBytes') },
    ], { ...range, format: bytes });
    timeChart(canvas('load'), [{ label: 'load', points: series(p, 'load1'), fill: true }], { ...range, format: number });
    timeChart(canvas('network'), [
        { label: 'received', points: series(p, 'networkReceivedBytesPerSecond') },
        { label: 'sent', points: series(p, 'networkSentBytesPerSecond') },
    ], { ...range, format: (v) => `${bytes(v)}/s` });
    timeChart(canvas('processes'), [{ label: 'processes', points: series(p, 'processCount'), fill: true }], {
        ...range,
        format: count,
    });
    root.dataset.loaded = String(p.length);
}

const reload = throttle(load, 5_000);
document.addEventListener('procscope:host', (e) => {
    if (e.detail.hostname === host) {
        reload();
    }
});
load();
