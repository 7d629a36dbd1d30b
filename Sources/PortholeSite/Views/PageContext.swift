import PortholeCore

/// A Mustache context: plain dictionaries are what the template renderer
/// reads without reflection, and keep the templates' vocabulary visible in
/// one place.
typealias PageContext = [String: Any]

/// Where a page sits below its client's folder, for relative links: a portal
/// must work under any base path and straight from the file system
/// (site.md), so every link is relative and names `index.html`.
struct PageDepth {
    /// 0 = client home, 1 = project overview, 2 = a project section,
    /// 3 = one decision or one update.
    let belowClient: Int

    var toClient: String { String(repeating: "../", count: belowClient) }
    var toSiteRoot: String { String(repeating: "../", count: belowClient + 1) }
    /// From a project page (depth >= 1) to the project's folder.
    var toProject: String { String(repeating: "../", count: max(0, belowClient - 1)) }
}

extension RAGStatus {
    /// A shape per status, so colour is never the only signal.
    var symbol: String {
        switch self {
        case .green: "●"
        case .amber: "▲"
        case .red: "■"
        }
    }
}
