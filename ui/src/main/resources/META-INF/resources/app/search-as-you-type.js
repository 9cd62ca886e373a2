// Searches as the person types: an input marked data-search-region="id" asks the server for the
// region with that id again (the page's URL with the input's form fields, and the region's
// data-live-fragment as fragment=name), a moment after the last key, and keeps the search in the
// URL (?q=) so the view can be shared. The server searches the whole list, not only the rows the
// page shows, and without this script the form's submit button does the same.
const DEBOUNCE_MILLIS = 250;

for (const input of document.querySelectorAll('input[data-search-region]')) {
    const form = input.form;
    let timer = null;
    let asked = 0;

    const search = async () => {
        const region = document.getElementById(input.dataset.searchRegion);
        if (!form || !region) {
            return;
        }
        const params = new URLSearchParams(new FormData(form));
        for (const [name, value] of [...params]) {
            if (!value) {
                params.delete(name);
            }
        }
        const pageUrl = new URL(form.getAttribute('action') || location.pathname, location.origin);
        pageUrl.search = params.toString();
        const url = new URL(pageUrl);
        url.searchParams.set('fragment', region.dataset.liveFragment || '');
        const mine = ++asked;
        // The URL first, so that a live refresh from now on renders this search, not the last.
        history.replaceState(null, '', pageUrl.pathname + pageUrl.search);
        try {
            const response = await fetch(url, { headers: { Accept: 'text/html' } });
            if (!response.ok || mine !== asked) {
                return; // a newer search is on its way
            }
            // The server rendered and escaped this HTML; it is parsed inert and only moved across.
            const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
            const replacement = fresh.getElementById(region.id);
            if (replacement) {
                region.replaceChildren(...Array.from(replacement.childNodes).map((n) => document.adoptNode(n)));
            }
        } catch {
            // the submit button still searches
        }
    };

    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(search, DEBOUNCE_MILLIS);
    });
}
