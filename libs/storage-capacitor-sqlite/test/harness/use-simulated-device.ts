import { afterEach, beforeEach } from 'vitest';
import { SimulatedDevice } from './simulated-device';
import { TestApp } from './test-app';

/** A device per test and the apps launched on it. */
export interface SimulatedDeviceFixture {
  /** This test's device (only inside a test). */
  device(): SimulatedDevice;
  /** Starts an app on this test's device (its plugin is disposed after the test). */
  launch(platform?: 'native' | 'web'): TestApp;
}

/**
 * For the tests of the calling `describe`: a fresh simulated device per test, with cheap key
 * stretching (the harness spec covers SQLCipher's default); every app launched on it and the
 * device itself are disposed after the test.
 */
export function useSimulatedDevice(): SimulatedDeviceFixture {
  let current: SimulatedDevice | null = null;
  const apps: TestApp[] = [];
  const device = (): SimulatedDevice => {
    if (!current) throw new Error('useSimulatedDevice: the device exists only inside a test');
    return current;
  };
  beforeEach(() => {
    current = SimulatedDevice.create();
    current.kdfIter = 4_000;
  });
  afterEach(() => {
    for (const app of apps.splice(0)) app.plugin.dispose();
    current?.dispose();
    current = null;
  });
  return {
    device,
    launch(platform = 'native') {
      const app = new TestApp(device(), platform);
      apps.push(app);
      return app;
    },
  };
}
