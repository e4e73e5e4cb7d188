// The API's documentation page (/schema/swagger, events/web/swagger.py): Swagger UI from this
// site's own copy (events/web/vendor.py), reading the schema this site serves. A file rather
// than the inline script Litestar's page carries: the page's policy runs this site's files only.
const root = document.getElementById("swagger-ui");
if (root && window.SwaggerUIBundle) {
  window.SwaggerUIBundle({
    url: root.dataset.url,
    domNode: root,
    // Deep links put a link inside each operation's button (axe: nested-interactive).
    deepLinking: false,
    // About 120 addresses: drawn all at once, the page took seconds on a small machine; the
    // sections open on demand, and the filter finds an address by its tag.
    docExpansion: "none",
    filter: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIStandalonePreset],
    // Its default sends the schema's address to validator.swagger.io, another site.
    validatorUrl: null,
    // The servers' select has no label of its own (axe: select-name).
    onComplete: () => {
      root.querySelector("#servers")?.setAttribute("aria-label", "Serveur / Server");
    },
  });
}
