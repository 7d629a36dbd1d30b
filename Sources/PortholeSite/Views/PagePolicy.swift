/// Content-Security-Policy of each kind of page (site.md property 3): only
/// what the page needs. Kept in step with `HostHeaders`.
enum PagePolicy {
    /// A portal page: the theme's stylesheet, the client's brand sheet and logo.
    static let page = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
    /// A password portal's page and its shell: the unlock script, and the
    /// logo inlined as a data: image so it is encrypted with the page.
    static let locked = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
}
