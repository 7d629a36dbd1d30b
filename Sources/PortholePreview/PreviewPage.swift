import Foundation

/// What the preview server adds to an HTML page as it serves it, and only
/// then: the built files never hold any of it (a site check proves it). A
/// script and a stylesheet of the server's own (`/__porthole/…`), and the
/// page's Content-Security-Policy widened just enough to let them run and
/// listen for events; the published pages allow no script at all.
enum PreviewPage {
    static let scriptPath = "/__porthole/live.js"
    static let stylePath = "/__porthole/live.css"
    static let eventsPath = "/__porthole/events"

    /// `html` with the live-reload script, for a page of build `build`;
    /// `unsealed`: a password portal's page shown unencrypted, which the
    /// script marks with a banner.
    static func inject(into html: [UInt8], build: String, unsealed: Bool) -> [UInt8] {
        var page = String(decoding: html, as: UTF8.self)
        page = widenPolicy(in: page)
        // The build is a base-36 number and a counter: nothing to escape.
        let tags =
            "<link rel=\"stylesheet\" href=\"\(stylePath)\">"
            + "<script src=\"\(scriptPath)\" data-build=\"\(build)\"\(unsealed ? " data-unsealed=\"1\"" : "") defer></script>"
        if let head = page.range(of: "</head>", options: .caseInsensitive) {
            page.insert(contentsOf: tags, at: head.lowerBound)
        } else {
            page = tags + page
        }
        return Array(page.utf8)
    }

    /// The page's CSP meta element with `'self'` added to script-src and
    /// connect-src (and style-src, for the overlay's sheet).
    static func widenPolicy(in page: String) -> String {
        guard let meta = page.range(of: "http-equiv=\"Content-Security-Policy\" content=\"", options: .caseInsensitive),
            let end = page[meta.upperBound...].firstIndex(of: "\"")
        else { return page }
        let policy = String(page[meta.upperBound..<end]).replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'")
        var page = page
        page.replaceSubrange(meta.upperBound..<end, with: widen(policy))
        return page
    }

    static func widen(_ policy: String) -> String {
        var directives = policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for name in ["script-src", "connect-src", "style-src"] {
            if let index = directives.firstIndex(where: { $0 == name || $0.hasPrefix(name + " ") }) {
                let sources = directives[index].split(separator: " ").dropFirst().map(String.init)
                if !sources.contains("'self'") {
                    directives[index] = ([name, "'self'"] + sources.filter { $0 != "'none'" }).joined(separator: " ")
                }
            } else {
                directives.append(name + " 'self'")
            }
        }
        return directives.joined(separator: "; ")
    }
}
