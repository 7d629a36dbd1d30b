import PortholeCore

/// One client as the portfolio index lists it: its portal and its rows.
struct PortfolioClient: Sendable {
    let slug: String
    let name: String
    let access: AccessMode
    /// base_url + the client's folder (with the link token: the agency's own
    /// view, so account managers can click through).
    let portalURL: String
    let rows: [PortfolioRow]
    /// Every warning of this build about the client's content.
    let warnings: Int
    /// `rows`, rendered with `partials/portfolio-row` (in the client's task).
    var rowHTML: [String] = []
}

/// Page contexts of the agency's internal portfolio (site.md: every client
/// and project, with internal content, in a folder of its own). The layout
/// is the portal's `base` template without a client, so the header carries
/// the agency's name; every page says it is internal.
struct PortfolioView {
    let portal: Portal
    let today: CalendarDate
    let dates: DateText
    /// The theme's words.
    let words: ThemeStrings
    /// Theme stylesheet, relative to the portfolio root.
    let stylesheet: String

    /// The portfolio's `lang` and the locale of its dates and amounts. It
    /// stays in the theme's English (docs/themes.md), so its pages say they
    /// are English, and its dates and amounts read as English does: in the
    /// portal's locale when that is an English one (`en-GB`), else in plain
    /// `en`. (Counts in its phrases and relative days are the theme's words',
    /// `en`.) A page in English words marked `lang="fr-FR"`, with French
    /// dates, was read out with French pronunciation.
    static func locale(of portal: Portal) -> String {
        let site = portal.site.locale
        return Theme.language(of: site) == ThemeStrings.fallbackLanguage ? site : ThemeStrings.fallbackLanguage
    }

    var locale: String { Self.locale(of: portal) }

    func layout(title: String, toRoot: String) -> PageContext {
        [
            "lang": locale,
            "dir": Theme.direction(of: locale),
            "title": title,
            "root": toRoot,
            "stylesheet": toRoot + stylesheet,
            // The same policy as a portal page: style sheets from the
            // portfolio's own assets, no script.
            "csp": PagePolicy.page,
            "agency": AgencyContext.of(portal),
            "generated": dates.medium(today),
            "generatedISO": today.description,
        ]
    }

    /// Only web addresses become links (portal.yaml's base_url is the
    /// agency's, but a link is still never `javascript:`).
    static func isWebAddress(_ url: String) -> Bool {
        url.hasPrefix("https://") || url.hasPrefix("http://")
    }

    // MARK: The index

    /// `portfolio/index.html`: every project of every client, what needs
    /// attention first, then per-client totals.
    func index(_ clients: [PortfolioClient]) -> PageContext {
        var context = layout(title: words.format(.portfolioTitle, ["agency": portal.agency.name]), toRoot: "")
        let entries = ordered(clients)
        if !entries.isEmpty {
            context["projects"] =
                [
                    "rows": entries.map { client, _, index in
                        ["html": index < client.rowHTML.count ? client.rowHTML[index] : ""] as PageContext
                    }
                ] as PageContext
        }
        addOutlook(to: &context, entries.map { ($0.client, $0.row) })
        context["projectCount"] = entries.count
        let rows = entries.map(\.1)
        context["counts"] = [
            count("red", words.label(.red), rows.filter { $0.rag == .red }.count, symbol: RAGStatus.red.symbol),
            count("amber", words.label(.amber), rows.filter { $0.rag == .amber }.count, symbol: RAGStatus.amber.symbol),
            count("green", words.label(.green), rows.filter { $0.rag == .green }.count, symbol: RAGStatus.green.symbol),
            count("none", words[.portfolioNone], rows.filter { $0.rag == nil }.count, symbol: "○"),
            count("stale", words[.portfolioStale], rows.filter { $0.staleDays != nil }.count, symbol: "!"),
            count("overdue", words[.portfolioOverdue], rows.filter { $0.overdue > 0 }.count, symbol: "!"),
        ]
        context["budgets"] = budgetHealth(entries.map { ($0.client, $0.row) })
        context["clients"] = clients.sorted { ($0.name, $0.slug) < ($1.name, $1.slug) }.map(clientTotals)
        context["clientCount"] = clients.count
        // Unless a playbook sets its own (`high_risk_score`).
        context["highRiskScore"] = ProjectHealth.defaultHighRiskScore
        return context
    }

    /// Every project of every client, most urgent first: the index's order,
    /// which the exports keep.
    func ordered(_ clients: [PortfolioClient]) -> [(client: PortfolioClient, row: PortfolioRow, index: Int)] {
        let entries = clients.flatMap { client in client.rows.indices.map { (client: client, row: client.rows[$0], index: $0) } }
        // Sorted by position against keys taken once: an entry carries its
        // client's rows and HTML, and the index has one per project of the
        // agency (600 at 200 clients), sorted on every build that writes it.
        let keys = entries.map { client, row, _ in
            (
                rank: (row.attentionRank, -row.highRisks, -row.overdue, -row.awaiting, -row.warnings),
                names: (client.name, client.slug, row.name, row.project)
            )
        }
        let ordered = keys.withUnsafeBufferPointer { keys in
            keys.indices.sorted { a, b in
                if keys[a].rank != keys[b].rank { return keys[a].rank < keys[b].rank }
                return keys[a].names < keys[b].names
            }
        }
        return ordered.map { entries[$0] }
    }

    /// What changed, the health charts, workload and allocation.
    private func addOutlook(to context: inout PageContext, _ entries: [Entry]) {
        let week = PortfolioWeek(today: today)
        context["week"] =
            [
                "first": dates.medium(week.first), "firstISO": week.first.description, "previous": dates.medium(week.previous),
                "previousISO": week.previous.description,
            ] as PageContext
        let changes = changes(entries)
        if !changes.isEmpty { context["changes"] = ["projects": changes] as PageContext }
        let rows = entries.map(\.row)
        context["health"] = [health(rows, weeks: 13), health(rows, weeks: PortfolioRow.healthWeeks)]
        context["pmWorkload"] = ["rows": workload(entries) { $0.pm }] as PageContext
        let managed = workload(entries) { $0.accountManager }
        if !managed.isEmpty { context["amWorkload"] = ["rows": managed] as PageContext }
        if let allocation = allocation(entries) { context["allocation"] = allocation }
    }

    private func count(_ key: String, _ label: String, _ value: Int, symbol: String) -> PageContext {
        ["key": key, "label": label, "count": value, "symbol": symbol]
    }

    func row(_ row: PortfolioRow, of client: PortfolioClient) -> PageContext {
        var context: PageContext = [
            "clientName": client.name,
            "access": words.label(client.access),
            "name": row.name,
            "href": "\(client.slug)/\(row.project)/index.html",
            "playbook": row.playbook,
            "pm": row.pm,
            "rank": row.attentionRank,
            "overdue": row.overdue,
            "highRisks": row.highRisks,
            "awaiting": row.awaiting,
            "warnings": row.warnings,
            // Mustache sections test booleans, not numbers: a flag per count
            // that is highlighted when it is not zero.
            "hasOverdue": row.overdue > 0,
            "hasHighRisks": row.highRisks > 0,
            "hasAwaiting": row.awaiting > 0,
            "hasWarnings": row.warnings > 0,
        ]
        if Self.isWebAddress(client.portalURL) { context["portalURL"] = client.portalURL }
        if let phase = row.phase { context["phase"] = phase }
        if let rag = row.rag { context["rag"] = words.context(rag) }
        context["trend"] = trend(row.trend)
        if let updated = row.updated {
            context["updated"] = dates.medium(updated)
            context["updatedISO"] = updated.description
            context["updatedRelative"] = words.relativeDay(from: today, to: updated)
        }
        if let days = row.staleDays { context["stale"] = words.format(.rowStale, ["days": String(days)]) }
        if let next = row.next { context["next"] = nextMilestone(next) }
        if row.awaitingLate > 0 { context["awaitingLate"] = words.format(.rowAwaitingLate, ["count": String(row.awaitingLate)]) }
        if let variance = row.variance { context["variance"] = self.variance(variance) }
        if let kpis = row.kpis { context["kpis"] = ["onTrack": kpis.onTrack, "total": kpis.total] as PageContext }
        return context
    }

    func trend(_ weeks: [PortfolioRow.Week]) -> PageContext? {
        let items = weeks.compactMap { week -> PageContext? in
            guard let status = RAGStatus(rawValue: week.status) else { return nil }
            return ["rag": words.context(status), "date": dates.short(week.date), "dateISO": week.date.description]
        }
        guard !items.isEmpty else { return nil }
        return ["items": items, "label": words.plural(.trendOne, .trendOther, count: items.count)]
    }

    /// Days as a signed number: `+12`, `0`, `-3`.
    static func signed(_ days: Int) -> String { days > 0 ? "+\(days)" : String(days) }

    func variance(_ v: PortfolioRow.Variance) -> PageContext {
        let before = v.trend.count >= 2 ? v.trend[v.trend.count - 2] : v.days
        return [
            "milestone": v.milestone, "title": v.title, "days": Self.signed(v.days), "late": v.days > 0,
            "forecast": dates.medium(v.forecast), "forecastISO": v.forecast.description,
            "baseline": dates.medium(v.baseline), "baselineISO": v.baseline.description,
            "trend": v.trend.map(Self.signed).joined(separator: " → "), "weeks": v.trend.count,
            "worse": v.days > before, "better": v.days < before,
        ]
    }

    func nextMilestone(_ next: PortfolioRow.NextMilestone) -> PageContext {
        let state = Milestone.State(rawValue: next.state) ?? .onTrack
        return [
            "id": next.id,
            "title": next.title,
            "forecast": dates.medium(next.forecast),
            "forecastISO": next.forecast.description,
            "state": words.context(state),
            "internal": next.isInternal,
        ]
    }

    func clientTotals(_ client: PortfolioClient) -> PageContext {
        var context: PageContext = [
            "name": client.name,
            "access": words.label(client.access),
            "accessKey": client.access.rawValue,
            "projects": client.rows.count,
            "red": client.rows.filter { $0.rag == .red }.count,
            "amber": client.rows.filter { $0.rag == .amber }.count,
            "green": client.rows.filter { $0.rag == .green }.count,
            "stale": client.rows.filter { $0.staleDays != nil }.count,
            "overdue": client.rows.reduce(0) { $0 + $1.overdue },
            "highRisks": client.rows.reduce(0) { $0 + $1.highRisks },
            "awaiting": client.rows.reduce(0) { $0 + $1.awaiting },
            "warnings": client.warnings,
            "portal": client.portalURL,
        ]
        if Self.isWebAddress(client.portalURL) { context["portalURL"] = client.portalURL }
        return context
    }

    // MARK: Budget health

    /// Every project with a budget, in the index's order, then totals per
    /// client and per PM (one line per currency or hours).
    func budgetHealth(_ rows: [(PortfolioClient, PortfolioRow)]) -> PageContext? {
        let money = MoneyText(localeIdentifier: locale, words: words)
        let withBudget = rows.filter { $0.1.money != nil || $0.1.changesAwaiting > 0 }
        guard !withBudget.isEmpty else { return nil }
        func unit(_ code: String) -> Budget.Unit { code == "h" ? .hours : .money(currency: code) }
        let projectRows = withBudget.map { client, row -> PageContext in
            var context: PageContext = [
                "name": row.name, "client": client.name, "pm": row.pm,
                "href": "\(client.slug)/\(row.project)/index.html",
                "changesAwaiting": row.changesAwaiting,
            ]
            if let m = row.money {
                let u = unit(m.unit)
                context["budget"] = money.amount(m.budget, u)
                context["spent"] = money.amount(m.spent, u)
                if m.budget > 0 {
                    context["percentSpent"] = money.percent(m.spent / m.budget)
                    context["percentComplete"] = money.percent(m.earned / m.budget)
                }
                context["cpi"] = m.cpi.map(money.index) ?? "–"
                context["spi"] = m.spi.map(money.index) ?? "–"
                context["forecast"] = m.forecast.map { money.amount($0, u) } ?? "–"
                context["overrun"] = m.overrun
                if row.changesAwaiting > 0 { context["changesValue"] = money.amount(row.changesAwaitingValue, u) }
            }
            return context
        }
        return [
            "rows": projectRows,
            "byClient": totals(withBudget.map { ($0.0.name, $0.1) }, money, unit),
            "byPM": totals(withBudget.map { ($0.1.pm, $0.1) }, money, unit),
        ]
    }

    /// Sums per owner (a client's name or a PM) and unit, sorted by name.
    func totals(_ rows: [(String, PortfolioRow)], _ money: MoneyText, _ unit: (String) -> Budget.Unit) -> [PageContext] {
        struct Sum { var budget = 0.0, spent = 0.0, forecast = 0.0, overruns = 0, awaiting = 0, awaitingValue = 0.0 }
        var sums: [String: [String: Sum]] = [:]
        for (owner, row) in rows {
            guard let m = row.money else { continue }
            var sum = sums[owner, default: [:]][m.unit, default: Sum()]
            sum.budget += m.budget
            sum.spent += m.spent
            sum.forecast += m.forecast ?? m.budget
            sum.overruns += m.overrun ? 1 : 0
            sum.awaiting += row.changesAwaiting
            sum.awaitingValue += row.changesAwaitingValue
            sums[owner, default: [:]][m.unit] = sum
        }
        return sums.keys.sorted().flatMap { owner in
            sums[owner]!.keys.sorted().map { code -> PageContext in
                let sum = sums[owner]![code]!
                let u = unit(code)
                return [
                    "owner": owner, "budget": money.amount(sum.budget, u), "spent": money.amount(sum.spent, u),
                    "forecast": money.amount(sum.forecast, u), "overruns": sum.overruns, "awaiting": sum.awaiting,
                    "awaitingValue": money.amount(sum.awaitingValue, u),
                ]
            }
        }
    }
}
