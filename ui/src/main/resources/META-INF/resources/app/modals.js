// Bootstrap modals, closed safely. Bootstrap ignores hide() while a modal is still opening, so an
// answer that comes back before the opening transition ends (a quick click on a fast API) left the
// confirmation open for good, its button disabled. A modal asked to close while it opens closes as
// soon as it is open.
const opening = new WeakSet();

// Bootstrap's modal events bubble from the modal's element.
document.addEventListener('show.bs.modal', (e) => opening.add(e.target));
document.addEventListener('shown.bs.modal', (e) => opening.delete(e.target));
document.addEventListener('hidden.bs.modal', (e) => opening.delete(e.target));

/** The Bootstrap modal of {@code el}; null without Bootstrap or without the element. */
export function bootstrapModal(el) {
    return el && window.bootstrap ? window.bootstrap.Modal.getOrCreateInstance(el) : null;
}

/** Closes the modal of {@code el} now, or once it is open when it is still opening. */
export function closeModal(el) {
    const modal = bootstrapModal(el);
    if (!modal) {
        return;
    }
    if (opening.has(el)) {
        el.addEventListener('shown.bs.modal', () => modal.hide(), { once: true });
    } else {
        modal.hide();
    }
}
