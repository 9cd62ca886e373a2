// Numbers and times for people, as the server's Formats writes them: 1.5 GiB, 12.3 %, 3 h ago.
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const UNKNOWN = '—';

export function bytes(value) {
    if (value === null || value === undefined || Number.isNaN(value)) {
        return UNKNOWN;
    }
    let v = Number(value);
    let unit = 0;
    while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
        v /= 1024;
        unit++;
    }
    return unit === 0 ? `${Math.round(v)} B` : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${UNITS[unit]}`;
}

export function percent(value) {
    return value === null || value === undefined ? UNKNOWN : `${Number(value).toFixed(1)} %`;
}

export function number(value) {
    return value === null || value === undefined ? UNKNOWN : Number(value).toFixed(2);
}

export function count(value) {
    return value === null || value === undefined ? UNKNOWN : String(Math.round(value));
}

export function ago(millis, now = Date.now()) {
    if (millis === null || millis === undefined) {
        return UNKNOWN;
    }
    const seconds = Math.floor((now - millis) / 1000);
    if (seconds < 5) {
        return 'just now';
    }
    if (seconds < 60) {
        return `${seconds} s ago`;
    }
    if (seconds < 3600) {
        return `${Math.floor(seconds / 60)} min ago`;
    }
    if (seconds < 2 * 86400) {
        return `${Math.floor(seconds / 3600)} h ago`;
    }
    return `${Math.floor(seconds / 86400)} days ago`;
}

/** A clock time, 14:03:07, in the browser's time zone. */
export function clock(millis) {
    return new Date(millis).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** A date and time for tooltips and axes. */
export function dateTime(millis) {
    return new Date(millis).toLocaleString([], { hour12: false });
}

const FORMATS = { bytes, percent, number, count, ago };

/** Formats a value by the name in a data-format attribute; plain text for an unknown name. */
export function format(value, name) {
    const f = FORMATS[name];
    return f ? f(value) : value === null || value === undefined ? UNKNOWN : String(value);
}
