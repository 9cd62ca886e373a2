// Analytics for one host or the fleet over the page's window: CPU and memory, process count,
// processes per state (stacked), and the top consumers now. The host's metrics endpoint and the
// fleet's answer in the same shape.
import { timeChart, barChart, getJson, throttle } from './charts.js';
import { percent, count } from './format.js';

const root = document.querySelector('.analytics-charts');
const STATES = ['running', 'sleeping', 'disk_sleep', 'idle', 'stopped', 'zombie', 'unknown'];

function canvas(name) {
    return root.querySelector(`canvas[data-chart="${name}"]`);
}

async function loadMetrics() {
    const metrics = await getJson(root.dataset.metricsSrc);
    if (!metrics) {
        return;
    }
    const p = metrics.points;
    const range = { from: metrics.fromMillis, to: metrics.toMillis };
    const memory = p.map((x) => [
        x.atMillis,
        x.memoryUsedBytes != null && x.memoryTotalBytes ? (100 * x.memoryUsedBytes) / x.memoryTotalBytes : null,
    ]);
    timeChart(canvas('usage'), [
        { label: 'CPU', points: p.map((x) => [x.atMillis, x.cpuPercent]) },
        { label: 'memory', points: memory },
    ], { ...range, format: percent, max: 100 });
    timeChart(canvas('processes'), [{ label: 'processes', points: p.map((x) => [x.atMillis, x.processCount]), fill: true }], {
        ...range,
        format: count,
    });
    const seen = STATES.filter((s) => p.some((x) => x.statusCounts && x.statusCounts[s]));
    timeChart(canvas('states'), seen.map((s) => ({
        label: s.replace('_', ' '),
        points: p.map((x) => [x.atMillis, (x.statusCounts && x.statusCounts[s]) || 0]),
    })), { ...range, format: count, stacked: true });
    root.dataset.loaded = String(p.length);
}

async function loadTop() {
    const top = await getJson(root.dataset.topSrc);
    if (!top) {
        return;
    }
    // /api/v1/top answers [{hostname, process}]; a host's processes answer {processes: [...]}.
    const rows = Array.isArray(top) ? top : top.processes.map((process) => ({ hostname: top.hostname, process }));
    barChart(canvas('top'), rows.map((r) => ({
        label: `${r.process.name ?? '?'} (${r.process.pid})${Array.isArray(top) ? ' · ' + r.hostname : ''}`,
        value: r.process.cpuPercent ?? 0,
    })), percent);
}

const reload = throttle(() => {
    loadMetrics();
    loadTop();
}, 10_000);
document.addEventListener('procscope:host', reload);
loadMetrics();
loadTop();
