// Placeholder global setup; the shared TLS material for the ARM sandbox is created here once per run.
export default function setup(): void {}
