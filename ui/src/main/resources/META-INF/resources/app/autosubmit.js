// Forms marked data-autosubmit show their result as soon as a list choice changes (a host, a
// status, a host picked from a field's suggestions); typing still waits for Enter or leaving the
// field. Without this script the Show button does the same.
for (const form of document.querySelectorAll('form[data-autosubmit]')) {
    form.addEventListener('change', (e) => {
        if (e.target.matches('select, input[list]') && !e.target.hasAttribute('data-no-autosubmit')) {
            form.requestSubmit();
        }
    });
}
