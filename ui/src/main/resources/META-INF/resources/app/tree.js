// The process tree: open and close nodes (mouse and keyboard), open or close all, and a search
// that opens the path to every match and highlights it. The server renders the whole tree as
// nested lists; this module adds one listener per kind of event to the tree, so it is
// interactive as soon as the page is parsed, however many processes there are.
// The region survives live refreshes; the tree inside it is replaced by each one.
const region = document.getElementById('tree-region');
const input = document.getElementById('tree-search');
const matchesText = document.getElementById('tree-matches');

function currentTree() {
    return region.querySelector('.proc-tree');
}

function items() {
    return currentTree().querySelectorAll('li[role="treeitem"]');
}

function setOpen(li, open) {
    if (li.hasAttribute('aria-expanded')) {
        li.setAttribute('aria-expanded', String(open));
    }
}

function isOpen(li) {
    return li.getAttribute('aria-expanded') === 'true';
}

function parentItem(li) {
    const group = li.parentElement;
    return group && !group.classList.contains('proc-tree') ? group.parentElement : null;
}

function childGroup(li) {
    return li.lastElementChild && li.lastElementChild.tagName === 'UL' ? li.lastElementChild : null;
}

function openPathTo(li) {
    for (let p = parentItem(li); p && !isOpen(p); p = parentItem(p)) {
        setOpen(p, true);
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

function nextVisible(li) {
    const group = childGroup(li);
    if (group && isOpen(li) && group.firstElementChild) {
        return group.firstElementChild;
    }
    for (let p = li; p; p = parentItem(p)) {
        if (p.nextElementSibling) {
            return p.nextElementSibling;
        }
    }
    return null;
}

function lastVisible(li) {
    let last = li;
    for (let group = childGroup(last); group && isOpen(last) && group.lastElementChild; group = childGroup(last)) {
        last = group.lastElementChild;
    }
    return last;
}

function previousVisible(li) {
    return li.previousElementSibling ? lastVisible(li.previousElementSibling) : parentItem(li);
}

region.addEventListener('click', (e) => {
    const node = e.target.closest('.node');
    if (!node || e.target.closest('a')) {
        return;
    }
    const li = node.parentElement;
    setOpen(li, !isOpen(li));
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
                setOpen(li, true);
            } else if (isOpen(li)) {
                focusItem(childGroup(li).firstElementChild);
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
            focusItem(currentTree().firstElementChild);
            break;
        case 'End':
            focusItem(lastVisible(currentTree().lastElementChild));
            break;
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

// --- open all, close all ---
document.addEventListener('click', (e) => {
    const button = e.target.closest('[data-tree-action]');
    if (!button) {
        return;
    }
    const open = button.dataset.treeAction === 'expand';
    for (const li of currentTree().querySelectorAll('li[aria-expanded]')) {
        li.setAttribute('aria-expanded', String(open));
    }
});

// --- search: the same fields as the server's search: name, command line, user, pid ---
function matches(li, needle) {
    const node = li.firstElementChild;
    const name = node.querySelector('.name');
    return (
        name.textContent.toLowerCase().includes(needle) ||
        (name.title && name.title.toLowerCase().includes(needle)) ||
        node.querySelector('.user').textContent.toLowerCase().includes(needle) ||
        li.dataset.pid === needle
    );
}

function search(text) {
    const needle = text.trim().toLowerCase();
    const tree = currentTree();
    for (const li of tree.querySelectorAll('li.match')) {
        li.classList.remove('match');
    }
    let found = 0;
    let first = null;
    if (needle) {
        for (const li of tree.querySelectorAll('li[aria-expanded="true"]')) {
            li.setAttribute('aria-expanded', 'false');
        }
        for (const li of items()) {
            if (matches(li, needle)) {
                li.classList.add('match');
                openPathTo(li);
                found++;
                first ||= li;
            }
        }
    }
    if (matchesText) {
        matchesText.textContent = needle ? `${found} match${found === 1 ? '' : 'es'} for “${text.trim()}”.` : '';
    }
    const url = new URL(location.href);
    if (needle) {
        url.searchParams.set('q', text.trim());
    } else {
        url.searchParams.delete('q');
    }
    history.replaceState(null, '', url);
    first?.scrollIntoView({ block: 'center' });
}

let pending = null;
input?.addEventListener('input', () => {
    clearTimeout(pending);
    pending = setTimeout(() => search(input.value), 150);
});

// --- live refresh: the server sends the tree again; keep what the person opened ---
let remembered = null;
document.addEventListener('procscope:before-refresh', () => {
    remembered = new Map();
    for (const li of currentTree().querySelectorAll('li[aria-expanded]')) {
        remembered.set(li.dataset.pid, isOpen(li));
    }
});
document.addEventListener('procscope:refreshed', () => {
    const fresh = currentTree();
    if (!fresh || !remembered) {
        return;
    }
    fresh.dataset.ready = 'true';
    fresh.querySelector('li[role="treeitem"]')?.setAttribute('tabindex', '0');
    for (const li of fresh.querySelectorAll('li[aria-expanded]')) {
        const open = remembered.get(li.dataset.pid);
        if (open !== undefined) {
            li.setAttribute('aria-expanded', String(open));
        }
    }
});

const tree = currentTree();
tree.querySelector('li[role="treeitem"]')?.setAttribute('tabindex', '0');
tree.dataset.ready = 'true';
performance.mark('tree-interactive');
