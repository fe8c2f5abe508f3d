/** The session's io store for components (see io-store.ts). */
import { useStore } from 'zustand';
import { useSessionStore } from '../session-context.ts';
import { ioStoreFor, type IoState, type IoStore } from './io-store.ts';

export function useIoStore(): IoStore {
  return ioStoreFor(useSessionStore());
}

/** Subscribes to one slice of the io state (the selector must return a stable value). */
export function useIo<T>(selector: (s: IoState) => T): T {
  return useStore(useIoStore(), selector);
}
