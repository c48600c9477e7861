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
