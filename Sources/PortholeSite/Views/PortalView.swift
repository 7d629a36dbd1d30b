import PortholeCore
import PortholeMarkdown

/// Everything needed to turn one client into page contexts. Built per
/// client inside its own task; holds no reference to other clients, which is
/// what makes isolation (site.md property 1) hold by construction.
struct PortalView {
    let portal: Portal
    let client: Client
    let playbooks: [String: Playbook]
    let today: CalendarDate
    let dates: DateText
    /// The theme's words.
    let words: ThemeStrings
    let stylesheet: String
    /// File name of the client's brand stylesheet inside its folder.
    let brandSheet: String?
    /// The logo: a file name inside the client folder, or a data: URL.
    let logo: String?
    /// The page's Content-Security-Policy.
    let policy: String
    /// The client's folder under the site root, for absolute feed links.
    let folder: String
    /// Feeds, calendars and status.json exist (not for password portals).
    let publishesFeeds: Bool
    /// `ltr` or `rtl`, for the client's locale (`Theme.localized(to:)`).
    let direction: String
    /// Layout parts that depend only on the page's depth (and tab): made
    /// once per portal, not once per page.
    private let parts = LayoutParts()

    private final class LayoutParts {
        var agency: PageContext?
        var client: [Int: PageContext] = [:]
        var tabs: [Int: PageContext] = [:]
        /// `words.context(status)` by status (green, amber, red).
        var statuses: [PageContext?] = [nil, nil, nil]
    }

    // MARK: Layout

    func layout(
        title: String, depth: PageDepth, breadcrumbs: [(String, String)], project: Project? = nil,
        section: ProjectSection? = nil
    ) -> PageContext {
        let locale = client.locale ?? portal.site.locale
        var context: PageContext = [
            "lang": locale,
            "dir": direction,
            "title": title,
            "root": depth.toSiteRoot,
            "stylesheet": depth.toSiteRoot + stylesheet,
            "csp": policy,
            "agency": agencyContext,
            "generated": dates.medium(today),
            "generatedISO": today.description,
        ]
        context["client"] = clientContext(depth)
        if !breadcrumbs.isEmpty {
            // Typed as PageContext: a [String: String] would take the
            // templates' slow path (dynamic casts) on every lookup.
            context["breadcrumbs"] = ["items": breadcrumbs.map { ["label": $0.0, "href": $0.1] as PageContext }] as PageContext
        }
        if let brandSheet { context["brandStylesheet"] = depth.toClient + brandSheet }
        if let project, let section {
            context["tabs"] = tabs(section, depth, project)
            context["projectName"] = project.name
        }
        return context
    }

    var agencyContext: PageContext {
        if let agency = parts.agency { return agency }
        let agency = AgencyContext.of(portal)
        parts.agency = agency
        return agency
    }

    private func clientContext(_ depth: PageDepth) -> PageContext {
        if let context = parts.client[depth.belowClient] { return context }
        var context: PageContext = ["name": client.name, "home": depth.toClient + "index.html"]
        if let logo { context["logo"] = logo.hasPrefix("data:") ? logo : depth.toClient + logo }
        parts.client[depth.belowClient] = context
        return context
    }

    private func tabs(_ section: ProjectSection, _ depth: PageDepth, _ project: Project) -> PageContext {
        let shown = ProjectSection.allCases.filter { $0.isShown(for: project) }
        let extras = (shown.contains(.budget) ? 1 : 0) + (shown.contains(.changes) ? 2 : 0)
        let key = extras * 64 + depth.belowClient * 16 + ProjectSection.allCases.firstIndex(of: section)!
        if let tabs = parts.tabs[key] { return tabs }
        let tabs: PageContext = [
            // More than the five standard sections: phones wrap them on two rows.
            "many": shown.count > 5,
            "items": shown.map { tab in
                [
                    "label": words.title(tab),
                    "href": depth.toProject + tab.path,
                    "current": tab == section,
                ] as PageContext
            },
        ]
        parts.tabs[key] = tabs
        return tabs
    }

    // MARK: Shared fragments

    /// A list for a template section that wraps it (`{{#key}}<ul>{{#items}}…`):
    /// absent when empty, so the wrapper is not rendered either.
    func list(_ items: [PageContext], key: ContextName = "items", _ extra: PageContext = [:]) -> PageContext? {
        guard !items.isEmpty else { return nil }
        return extra.merging([key: items]) { a, _ in a }
    }

    var records: RecordRows { RecordRows(today: today, dates: dates, words: words) }

    func milestoneRow(_ milestone: Milestone) -> PageContext { records.milestone(milestone) }

    /// `health` is the project's, for its high-risk score.
    func riskRow(_ risk: RaidItem, milestones: [Milestone], health: ProjectHealth) -> PageContext {
        records.risk(risk, milestones: milestones, highRiskScore: health.highRiskScore)
    }

    func decisionRow(_ decision: Decision, depth: PageDepth) -> PageContext {
        var row = records.decision(decision)
        row["href"] = depth.toProject + "decisions/\(decision.paddedNumber)/index.html"
        return row
    }

    func updateRow(_ update: WeeklyUpdate, depth: PageDepth) -> PageContext {
        Self.linking(
            [
                "date": dates.medium(update.date),
                "dateShort": dates.short(update.date),
                "dateISO": update.date.description,
                "headline": update.headline,
                "author": update.author,
                "rag": statusContext(update.status),
            ], to: update, depth: depth)
    }

    /// An update's row with its link from a page at `depth`: the one value
    /// of the row that depends on where the page is, so a row made for one
    /// depth serves another with only this set again.
    static func linking(_ row: consuming PageContext, to update: WeeklyUpdate, depth: PageDepth) -> PageContext {
        var row = row
        row["href"] = updateLink(update, depth: depth)
        return row
    }

    /// An update's page, from a page at `depth`.
    static func updateLink(_ update: WeeklyUpdate, depth: PageDepth) -> String {
        depth.toProject + updatePage(update.date)
    }

    /// An update's page within its project's folder.
    static func updatePage(_ date: CalendarDate) -> String { "updates/\(date)/index.html" }

    /// A RAG status as pages show it: the same few values on every update's
    /// row, so made once per portal.
    private func statusContext(_ status: RAGStatus) -> PageContext {
        let index =
            switch status {
            case .green: 0
            case .amber: 1
            case .red: 2
            }
        if let made = parts.statuses[index] { return made }
        let made = words.context(status)
        parts.statuses[index] = made
        return made
    }

    /// Ids become fragment identifiers; anything but letters, digits and `-`
    /// is replaced so the id is valid and cannot break out of an attribute.
    func anchor(_ id: String) -> String { Slug.folded(id) }
}

/// The tabs of a project's portal; their titles are the theme's
/// (`section.*`).
enum ProjectSection: CaseIterable {
    case overview, milestones, risks, decisions, updates, budget, changes

    /// Path from the project's folder.
    var path: String {
        switch self {
        case .overview: "index.html"
        case .milestones: "milestones/index.html"
        case .risks: "risks/index.html"
        case .decisions: "decisions/index.html"
        case .updates: "updates/index.html"
        case .budget: "budget/index.html"
        case .changes: "changes/index.html"
        }
    }
}

extension ProjectSection {
    /// The budget page exists when the client may see a budget or a KPI;
    /// the change log when there is a change request the client may see.
    func isShown(for project: Project) -> Bool {
        switch self {
        case .budget: project.budget != nil || !project.kpis.isEmpty
        case .changes: !project.changeRequests.isEmpty
        default: true
        }
    }
}
