// A TypeDoc plugin for the docs site: links to the two references at the top of every page's sidebar,
// relative to that page, so the site works from file:// and from any sub-path (TypeDoc's own
// navigationLinks are written as given, which breaks below the site's root).
import { JSX } from "typedoc";

/** Where the HTTP reference lands: TypeDoc copies the page a guide links to into media/. */
export const HTTP_REFERENCE = "media/http-api.html";

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.renderer.hooks.on("sidebar.begin", (context) =>
    JSX.createElement(
      "nav",
      { class: "tsd-navigation ns-site-links", "aria-label": "References" },
      JSX.createElement("a", { href: context.relativeURL("modules.html") }, "TypeScript API reference"),
      JSX.createElement("br"),
      JSX.createElement("a", { href: context.relativeURL(HTTP_REFERENCE) }, "HTTP API reference"),
    ),
  );
}
