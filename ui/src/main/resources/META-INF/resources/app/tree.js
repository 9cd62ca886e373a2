// The process tree: open and close nodes (mouse and keyboard), open or close what is shown, and a
// search. The server renders only the first screen (the roots and their children); a closed node
// marked data-lazy has its children loaded from /tree/children when it opens, a "more" line loads
// the rest of its level, and a search asks the server for its first matches with the processes
// above them. Each answer is bounded, so the page stays quick however many processes the host runs.
// This module adds one listener per kind of event to the tree region, which survives live
// refreshes; the tree inside it is replaced by each one.
const region = document.getElementById('tree-region');
const input = document.getElementById('tree-search');
const matchesText = document.getElementById('tree-matches');

/** Lazy nodes a live refresh opens again by itself, at most: each is one request. */
const REOPEN_MAX = 20;

function currentTree() {
    return region.querySelector('.proc-tree');
}

function setOpen(li, open) {
    if (li.hasAttribute('aria-expanded')) {
        li.setAttribute('aria-expanded', String(open));
    }
}

function isOpen(li) {
    return li.getAttribute('aria-expanded') === 'true';
}

function key(li) {
    return `${li.dataset.pid}:${li.dataset.start}`;
}

function parentItem(li) {
    const group = li.parentElement;
    return group && !group.classList.contains('proc-tree') ? group.parentElement : null;
}

function childGroup(li) {
    return li.lastElementChild && li.lastElementChild.tagName === 'UL' ? li.lastElementChild : null;
}

// --- loading from the server: children of a node, the rest of a level ---
function childrenUrl(pid, start, offset) {
    const url = new URL(currentTree().dataset.childrenSrc, location.origin);
    if (pid) {
        url.searchParams.set('pid', pid);
    }
    if (start) {
        url.searchParams.set('start', start);
    }
    if (offset) {
        url.searchParams.set('offset', offset);
    }
    return url;
}

/** The list items the server rendered and escaped, parsed inert and moved across. */
async function fetchItems(url) {
    const response = await fetch(url, { headers: { Accept: 'text/html' } });
    if (!response.ok) {
        throw new Error(`${response.status}`);
    }
    const parsed = new DOMParser().parseFromString(`<ul>${await response.text()}</ul>`, 'text/html');
    return Array.from(parsed.body.firstElementChild.children).map((n) => document.adoptNode(n));
}

async function loadChildren(li) {
    if (li.dataset.loading) {
        return;
    }
    li.dataset.loading = 'true';
    li.setAttribute('aria-busy', 'true');
    try {
        const items = await fetchItems(childrenUrl(li.dataset.pid, li.dataset.start));
        const group = document.createElement('ul');
        group.setAttribute('role', 'group');
        group.append(...items);
        li.append(group);
        delete li.dataset.lazy;
        setOpen(li, true);
        reopenRemembered(items);
    } catch {
        // The process exited since the page was rendered, or the server is away: nothing to open.
        li.title = 'Its children could not be loaded: the process may have exited.';
    } finally {
        delete li.dataset.loading;
        li.removeAttribute('aria-busy');
    }
}

async function loadMore(button) {
    const li = button.parentElement;
    button.disabled = true;
    try {
        const items = await fetchItems(
            childrenUrl(button.dataset.morePid, button.dataset.moreStart, button.dataset.offset),
        );
        li.replaceWith(...items);
        reopenRemembered(items);
    } catch {
        button.disabled = false;
    }
}

/** Opens a node: at once when its children are on the page, after loading them otherwise. */
function open(li) {
    if (!li.hasAttribute('aria-expanded')) {
        return;
    }
    if ('lazy' in li.dataset) {
        loadChildren(li);
    } else {
        setOpen(li, true);
    }
}

// --- focus and keyboard: one tab stop, arrows move between the visible nodes ---
function focusItem(li) {
    if (!li) {
        return;
    }
    const current = currentTree().querySelector('li[tabindex="0"]');
    if (current && current !== li) {
        current.setAttribute('tabindex', '-1');
    }
    li.setAttribute('tabindex', '0');
    li.focus();
}

function isItem(el) {
    return el && el.getAttribute('role') === 'treeitem';
}

function nextItem(el) {
    let next = el.nextElementSibling;
    while (next && !isItem(next)) {
        next = next.nextElementSibling;
    }
    return next;
}

function previousItem(el) {
    let previous = el.previousElementSibling;
    while (previous && !isItem(previous)) {
        previous = previous.previousElementSibling;
    }
    return previous;
}

function firstChildItem(li) {
    const group = childGroup(li);
    const first = group && group.firstElementChild;
    return first && (isItem(first) ? first : nextItem(first));
}

function lastChildItem(li) {
    const group = childGroup(li);
    const last = group && group.lastElementChild;
    return last && (isItem(last) ? last : previousItem(last));
}

function nextVisible(li) {
    if (isOpen(li) && firstChildItem(li)) {
        return firstChildItem(li);
    }
    for (let p = li; p; p = parentItem(p)) {
        if (nextItem(p)) {
            return nextItem(p);
        }
    }
    return null;
}

function lastVisible(li) {
    let last = li;
    while (isOpen(last) && lastChildItem(last)) {
        last = lastChildItem(last);
    }
    return last;
}

function previousVisible(li) {
    return previousItem(li) ? lastVisible(previousItem(li)) : parentItem(li);
}

region.addEventListener('click', (e) => {
    const more = e.target.closest('button[data-offset]');
    if (more) {
        loadMore(more);
        return;
    }
    const node = e.target.closest('.node');
    if (!node || e.target.closest('a')) {
        return;
    }
    const li = node.parentElement;
    if (isOpen(li)) {
        setOpen(li, false);
    } else {
        open(li);
    }
    focusItem(li);
});

region.addEventListener('keydown', (e) => {
    const li = e.target.closest('li[role="treeitem"]');
    if (!li || e.altKey || e.ctrlKey || e.metaKey) {
        return;
    }
    let handled = true;
    switch (e.key) {
        case 'ArrowDown':
            focusItem(nextVisible(li));
            break;
        case 'ArrowUp':
            focusItem(previousVisible(li));
            break;
        case 'ArrowRight':
            if (li.hasAttribute('aria-expanded') && !isOpen(li)) {
                open(li);
            } else if (isOpen(li)) {
                focusItem(firstChildItem(li));
            }
            break;
        case 'ArrowLeft':
            if (isOpen(li)) {
                setOpen(li, false);
            } else {
                focusItem(parentItem(li));
            }
            break;
        case 'Home':
            focusItem(currentTree().querySelector(':scope > li[role="treeitem"]'));
            break;
        case 'End': {
            const roots = currentTree().querySelectorAll(':scope > li[role="treeitem"]');
            focusItem(roots.length ? lastVisible(roots[roots.length - 1]) : null);
            break;
        }
        case 'Enter':
            li.querySelector(':scope > .node > a.name')?.click();
            break;
        default:
            handled = false;
    }
    if (handled) {
        e.preventDefault();
    }
});

// --- open what is shown, close all: nodes whose children are not loaded stay closed ---
document.addEventListener('click', (e) => {
    const button = e.target.closest('[data-tree-action]');
    if (!button) {
        return;
    }
    const opening = button.dataset.treeAction === 'expand';
    for (const li of currentTree().querySelectorAll('li[aria-expanded]')) {
        if (!opening || !('lazy' in li.dataset)) {
            li.setAttribute('aria-expanded', String(opening));
        }
    }
});

// --- search: the server finds the matches (name, command line, user, pid) in the whole tree ---
let searching = null;

async function search(text) {
    const url = new URL(location.href);
    if (text.trim()) {
        url.searchParams.set('q', text.trim());
    } else {
        url.searchParams.delete('q');
    }
    history.replaceState(null, '', url);
    searching?.abort();
    const controller = new AbortController();
    searching = controller;
    try {
        const response = await fetch(new URL(url.pathname + url.search, location.origin), {
            headers: { Accept: 'text/html' },
            signal: controller.signal,
        });
        if (!response.ok) {
            return;
        }
        // The server rendered and escaped this HTML; it is parsed inert and only moved across.
        const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
        const tree = fresh.querySelector('#tree-region .proc-tree');
        if (!tree || controller.signal.aborted) {
            return;
        }
        currentTree().replaceWith(document.adoptNode(tree));
        ready(currentTree());
        if (matchesText) {
            matchesText.textContent = fresh.getElementById('tree-matches')?.textContent ?? '';
        }
        currentTree().querySelector('li.match')?.scrollIntoView({ block: 'center' });
    } catch {
        // Aborted by a newer search, or the server is away: the tree shown stays.
    }
}

let pending = null;
input?.addEventListener('input', () => {
    clearTimeout(pending);
    pending = setTimeout(() => search(input.value), 200);
});

// --- live refresh: the server sends the first screen again; open what the person had opened ---
let remembered = new Set();
let reopening = 0;

function reopenRemembered(items) {
    for (const item of items) {
        for (const li of [item, ...item.querySelectorAll('li[aria-expanded]')]) {
            if (!li.hasAttribute('aria-expanded') || !remembered.has(key(li))) {
                continue;
            }
            if (!('lazy' in li.dataset)) {
                setOpen(li, true);
            } else if (reopening < REOPEN_MAX) {
                reopening++;
                loadChildren(li);
            }
        }
    }
}

document.addEventListener('procscope:before-refresh', () => {
    remembered = new Set();
    for (const li of currentTree().querySelectorAll('li[aria-expanded="true"]')) {
        remembered.add(key(li));
    }
});
document.addEventListener('procscope:refreshed', () => {
    const fresh = currentTree();
    if (!fresh) {
        return;
    }
    ready(fresh);
    for (const li of fresh.querySelectorAll('li[aria-expanded="true"]')) {
        if (!remembered.has(key(li))) {
            li.setAttribute('aria-expanded', 'false');
        }
    }
    reopening = 0;
    reopenRemembered(Array.from(fresh.children));
});

function ready(tree) {
    tree.querySelector('li[role="treeitem"]')?.setAttribute('tabindex', '0');
    tree.dataset.ready = 'true';
}

ready(currentTree());
performance.mark('tree-interactive');
