// A process's CPU and resident memory over the page's window, from its history endpoint. A
// sample holds until the next one, so the lines are steps; a running process's last value is
// carried to now.
import { timeChart, getJson, throttle } from './charts.js';
import { bytes, percent } from './format.js';

const root = document.querySelector('.process-charts');
const host = document.body.dataset.liveHost;

function steps(history, field) {
    const points = history.points.map((p) => [p.atMillis, p[field]]);
    if (points.length) {
        const end = Math.min(history.toMillis, Date.now());
        const [lastAt, lastValue] = points[points.length - 1];
        if (end > lastAt) {
            points.push([end, lastValue]);
        }
    }
    return points;
}

async function load() {
    const history = await getJson(root.dataset.historySrc);
    if (!history) {
        return;
    }
    const range = { from: history.fromMillis, to: history.toMillis };
    timeChart(root.querySelector('canvas[data-chart="cpu"]'), [
        { label: 'CPU', points: steps(history, 'cpuPercent'), fill: true, stepped: 'after' },
    ], { ...range, format: percent });
    timeChart(root.querySelector('canvas[data-chart="rss"]'), [
        { label: 'RSS', points: steps(history, 'rssBytes'), fill: true, stepped: 'after' },
    ], { ...range, format: bytes });
    root.dataset.loaded = String(history.points.length);
}

const reload = throttle(load, 5_000);
document.addEventListener('procscope:host', (e) => {
    if (e.detail.hostname === host) {
        reload();
    }
});
load();
