import type { HtmlEscapedString } from 'hono/utils/html';

/** A piece of escaped HTML (Hono's `html` tag escapes every interpolated value that is not already HTML). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export { html } from 'hono/html';
