// Filters a table's rows as the person types, by each row's data-filter-text, and keeps the text
// in the URL (?q=) so the view can be shared. The server filters by the same parameter, so a
// shared link shows the same rows without this script.
for (const input of document.querySelectorAll('input[data-filter-table]')) {
    const tableId = input.dataset.filterTable;
    const countEl = document.querySelector(`[data-filter-count="${CSS.escape(tableId)}"]`);

    const apply = () => {
        const needle = input.value.trim().toLowerCase();
        const table = document.getElementById(tableId);
        if (!table) {
            return;
        }
        let shown = 0;
        for (const row of table.querySelectorAll('tbody tr[data-filter-text]')) {
            const match = !needle || row.dataset.filterText.toLowerCase().includes(needle);
            row.hidden = !match;
            shown += match ? 1 : 0;
        }
        if (countEl) {
            countEl.textContent = String(shown);
        }
    };

    input.addEventListener('input', () => {
        apply();
        const url = new URL(location.href);
        if (input.value.trim()) {
            url.searchParams.set('q', input.value.trim());
        } else {
            url.searchParams.delete('q');
        }
        history.replaceState(null, '', url);
    });
    // A live refresh brings the server's rows for the URL's q; the typed text may be newer.
    document.addEventListener('procscope:refreshed', apply);
}
