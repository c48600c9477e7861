// Inputs the e2e tests and benchmarks paste.

/** A stream of `n` Deployments, each with a few findings (latest tag, no probes, a
 * misspelt imagePullPolicy that a safe fix corrects), `replicas` each. */
export function careless(n, replicas = 1) {
  const doc = (i) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web-${i}}
  template:
    metadata:
      labels: {app: web-${i}}
    spec:
      containers:
      - name: web
        image: nginx:latest
        imagePulPolicy: Always
`;
  return Array.from({ length: n }, (_, i) => doc(i)).join('---\n');
}

/** Pastes `text` into the text area `el` as a browser does: a `paste` event carrying
 * it and, unless the page takes the paste itself, the text in the box and one
 * InputEvent whose inputType says it was pasted. Runs in the page: pass it to
 * `evaluate`, or put its source in a script there. */
export function pasteInto(el, text) {
  const clipboardData = new DataTransfer();
  clipboardData.setData('text/plain', text);
  const paste = new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData });
  if (el.dispatchEvent(paste)) {
    el.value = text;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }
}
