import type { Principal } from '../governance/principals.ts';
import { html, type Html } from './html.ts';

/** A message shown once at the top of the next page (after a POST redirects). */
export interface Flash {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

/** What the layout needs to draw the page around its content. */
export interface PageFrame {
  readonly title: string;
  /** Signed in: the principal, the session's CSRF token and the pages it may see. */
  readonly user?: { readonly principal: Principal; readonly csrf: string; readonly nav: readonly NavItem[] };
  readonly current?: string;
  readonly flash?: Flash | undefined;
}

/** A navigation entry, shown only when the principal may use the page. */
export interface NavItem {
  readonly href: string;
  readonly label: string;
}

/** The hidden synchronizer-token field every POST form carries. */
export const csrfField = (csrf: string): Html => html`<input type="hidden" name="_csrf" value="${csrf}" />`;

/** One full page: no inline script or style (the CSP forbids both); the stylesheet and script come from /console/static. */
export function page(frame: PageFrame, content: Html): Html {
  const user = frame.user;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${frame.title} · sagebridge console</title>
        <link rel="stylesheet" href="/console/static/console.css" />
        <script src="/console/static/console.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <span class="brand">sagebridge console</span>
          ${
            user
              ? html`<nav aria-label="Console">
                    <ul>
                      ${user.nav.map(
                        (n) =>
                          html`<li><a href="${n.href}" ${n.href === frame.current ? html`aria-current="page"` : ''}>${n.label}</a></li>`,
                      )}
                    </ul>
                  </nav>
                  <form class="signout" method="post" action="/console/sign-out">
                    ${csrfField(user.csrf)}
                    <span>Signed in as <strong>${user.principal.name}</strong> (${user.principal.roles.join(', ')})</span>
                    <button type="submit">Sign out</button>
                  </form>`
              : ''
          }
        </header>
        <main id="main">
          ${
            frame.flash
              ? html`<p class="flash ${frame.flash.kind}" role="${frame.flash.kind === 'error' ? 'alert' : 'status'}">
                  ${frame.flash.text}
                </p>`
              : ''
          }
          ${content}
        </main>
      </body>
    </html>`;
}
