// Light and dark themes: the stored choice, else the system's. Runs in <head> so the page never
// flashes the wrong theme; the toggle is wired once the document is parsed.
(() => {
    const KEY = 'procscope.theme';
    const preferred = () =>
        localStorage.getItem(KEY) ||
        (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    const apply = (theme) => document.documentElement.setAttribute('data-bs-theme', theme);

    apply(preferred());
    document.addEventListener('DOMContentLoaded', () => {
        const toggle = document.getElementById('theme-toggle');
        if (!toggle) {
            return;
        }
        toggle.addEventListener('click', () => {
            const next = document.documentElement.getAttribute('data-bs-theme') === 'dark' ? 'light' : 'dark';
            localStorage.setItem(KEY, next);
            apply(next);
        });
    });
})();
