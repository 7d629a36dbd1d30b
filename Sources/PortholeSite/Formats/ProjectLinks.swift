import PortholeCore

/// Absolute addresses of a project's pages, for feeds and calendars, which
/// are read outside the site and so use `site.base_url` (site.md).
struct ProjectLinks {
    let baseURL: String
    let folder: String
    let project: String

    var projectURL: String { "\(baseURL)\(folder)/\(project)/" }
    var feedURL: String { projectURL + "feed.xml" }
    var calendarURL: String { projectURL + "milestones.ics" }
    var milestonesURL: String { projectURL + "milestones/" }
    func updateURL(_ date: CalendarDate) -> String { projectURL + "updates/\(date)/" }
    func decisionURL(_ decision: Decision) -> String { projectURL + "decisions/\(decision.paddedNumber)/" }

    /// The host of `base_url`, for tag URIs and calendar UIDs.
    var host: String {
        guard let scheme = baseURL.range(of: "://") else { return "porthole.invalid" }
        let rest = baseURL[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != ":" }
        return host.isEmpty ? "porthole.invalid" : host.lowercased()
    }
}
