import PortholeCore

/// A Mustache context: plain dictionaries render fastest in swift-mustache
/// (STACK.md), and keep the templates' vocabulary visible in one place.
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
    var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
    /// A shape per status, so colour is never the only signal.
    var symbol: String {
        switch self {
        case .green: "●"
        case .amber: "▲"
        case .red: "■"
        }
    }
    var meaning: String {
        switch self {
        case .green: "On track"
        case .amber: "At risk"
        case .red: "Off track"
        }
    }

    var context: PageContext {
        ["key": rawValue, "label": label, "symbol": symbol, "meaning": meaning]
    }
}

extension Milestone.State {
    var context: PageContext { ["key": rawValue, "label": label] }
}

/// RAID severity bands by score (probability x impact).
enum Severity5x5 {
    static func band(_ score: Int) -> String {
        switch score {
        case 15...: "high"
        case 8...: "medium"
        default: "low"
        }
    }

    static func label(_ score: Int) -> String {
        switch band(score) {
        case "high": "High"
        case "medium": "Medium"
        default: "Low"
        }
    }
}
