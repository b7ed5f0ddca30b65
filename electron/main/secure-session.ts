import type { Session } from 'electron';
import { withContentSecurityPolicy } from './response-headers';

/**
 * Session-wide guards: every response carries our Content-Security-Policy,
 * and the page is granted no permission (camera, notifications, clipboard
 * read, ...): ZedOps' UI needs none, and the main process shows what it must.
 */
export function secureSession(session: Session, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
