import axios from 'axios';
import type { Logger } from './logger.ts';

/** Posts one JSON message to a Slack- or Teams-style incoming webhook (`text` is read by both). */
export async function postWebhook(
  url: string,
  message: { text: string; [key: string]: unknown },
  log: Logger,
  timeoutMs = 5000,
): Promise<void> {
  const res = await axios.post(url, message, {
    timeout: timeoutMs,
    validateStatus: () => true,
    headers: { 'Content-Type': 'application/json' },
  });
  if (res.status >= 300) {
    log.warn({ status: res.status }, 'webhook answered with an error status');
    throw new Error(`webhook answered HTTP ${res.status}`);
  }
}
