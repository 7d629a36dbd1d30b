import PortholeCore

/// The files outside every client folder: the agency landing page, 404,
/// robots.txt, host headers and theme assets. They are built from
/// `portal.yaml` and the theme only, never from a client (site.md property 1).
struct SharedFiles {
    /// Top-level names a public client's folder must not take.
    static let reservedNames: Set<String> = ["assets", "index.html", "404.html", "robots.txt", "_headers"]

    let portal: Portal
    /// The theme in the portal's language (`localized(to:)`, which also
    /// gives `dir`).
    let theme: Theme
    let stylesheet: String
    let today: CalendarDate

    /// `/status/` for `https://host.example/status/`.
    static func path(of baseURL: String) -> String {
        guard let scheme = baseURL.range(of: "://") else { return "/" }
        let rest = baseURL[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        return String(rest[slash...])
    }

    /// Every shared file, paths relative to the site root.
    func files() -> [OutputFile] {
        var files = theme.assets.map { OutputFile(path: "assets/" + $0.fingerprintedName, content: .bytes($0.bytes)) }
        let dates = DateText(localeIdentifier: portal.site.locale)
        let agency = AgencyContext.of(portal)
        func context(title: String) -> PageContext {
            [
                "lang": portal.site.locale,
                "dir": theme.direction,
                "title": title,
                "root": "",
                "stylesheet": stylesheet,
                "csp": PagePolicy.page,
                "agency": agency,
                "generated": dates.medium(today),
                "generatedISO": today.description,
            ]
        }
        var partials = CachedPartials(theme: theme)
        let agencyName: KeyValuePairs<String, String> = ["agency": portal.agency.name]
        var landingContext = context(title: theme.strings.format(.landingTitle, agencyName))
        partials.addChrome(to: &landingContext, depth: 0)
        let landing = theme.renderBytes("landing", landingContext)
        // A host serves the 404 page at any depth, where no relative link
        // works, and under the site's path (`/status/` for base_url
        // https://host.example/status/; `/` for a site at the host's root).
        // Opened from the file system, only a relative link works. So the
        // page links the stylesheet both ways: relative (`assets/…`, from
        // the site root, where 404.html is) and from the site's path
        // (`/status/assets/…`). A browser applies the one that loads; the
        // other is the host's 404 page, not CSS, and is ignored (the site's
        // `_headers` say nosniff). Both are the same file, so when both load
        // the page looks the same.
        var notFoundContext = context(title: theme.strings.format(.notFoundTitle, agencyName))
        let rootPath = Self.path(of: portal.site.baseURL)
        notFoundContext["root"] = rootPath
        notFoundContext["stylesheetFromRoot"] = rootPath + stylesheet
        // Its own entry: links from the 404 page start at the root path.
        partials = CachedPartials(theme: theme)
        partials.addChrome(to: &notFoundContext, depth: 0)
        let notFound = theme.renderBytes("not-found", notFoundContext)
        files.append(OutputFile(path: "index.html", content: .bytes(landing)))
        files.append(OutputFile(path: "404.html", content: .bytes(notFound)))
        files += Self.hostFiles(marker: "This folder is written by porthole build, which replaces it whole on every build.\n")
        return files
    }

    /// What every folder porthole writes holds besides its pages: the
    /// theme's assets are added by the caller; these are the files for the
    /// host (portals are never indexed: robots.txt; `_headers`) and the
    /// marker that lets the next build replace the folder.
    static func hostFiles(marker: String) -> [OutputFile] {
        [
            OutputFile(path: "robots.txt", content: .text("User-agent: *\nDisallow: /\n")),
            OutputFile(path: "_headers", content: .text(HostHeaders.netlify)),
            OutputFile(path: OutputFolder.marker, content: .text(marker)),
        ]
    }
}

/// Headers for hosts that read a `_headers` file (Netlify, Cloudflare Pages).
enum HostHeaders {
    static let netlify = """
        /*
          X-Robots-Tag: noindex, nofollow
          Referrer-Policy: no-referrer
          X-Content-Type-Options: nosniff
          X-Frame-Options: DENY
          Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'
        /assets/*
          Cache-Control: public, max-age=31536000, immutable

        """
}
