import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('Azurite in the broker process', () => {
  it("patches nothing: applicationinsights (Azurite's telemetry) instruments no Azure SDK or console", async () => {
    const { startAzurite } = await import('../../dev/azurite/startAzurite.js');
    const azurite = await startAzurite();
    await azurite.close();
    // Required with its diagnostic channel on, applicationinsights patches the Azure SDKs (a span per call)
    // and console in the whole process: the local host would pay for Azurite's telemetry on every table call.
    const patching = Object.keys(require.cache).filter((path) =>
      /node_modules\/diagnostic-channel-publishers\//.test(path),
    );
    expect(patching).toEqual([]);
  });
});
