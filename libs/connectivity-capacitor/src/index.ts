export { CapacitorNetworkConnectivity } from './capacitor-network-connectivity';
export type {
  CapacitorNetworkConnectivityOptions,
  NetworkStatusSource,
  NetworkStatusLike,
  NetworkListenerHandle,
} from './capacitor-network-connectivity';
export { capacitorNetworkConnectivityModule } from './capacitor-network-connectivity-module';
export type { CapacitorNetworkConnectivityModuleOptions } from './capacitor-network-connectivity-module';
