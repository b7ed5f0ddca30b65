import { isAppUrl } from './app-url';

/** What the main process knows about the frame behind an IPC call. */
export interface SenderFacts {
  /** The sending frame's URL, or null when the frame is already gone. */
  frameUrl: string | null;
  /** True for a window's top-level frame, false for any iframe. */
  isMainFrame: boolean;
  /** True when the sender's web contents belong to a window ZedOps created. */
  fromAppWindow: boolean;
}

/**
 * Only the app's own page may call the API: the main frame of one of our
 * windows, showing our URL. An iframe, a navigated-away page or any other
 * web contents is refused, whatever it sends.
 */
export function isTrustedSender(sender: SenderFacts, appUrl: string): boolean {
  return sender.fromAppWindow && sender.isMainFrame && sender.frameUrl !== null && isAppUrl(sender.frameUrl, appUrl);
}
