import Foundation
import PortholeCore

/// The portfolio table for leadership's spreadsheets: `portfolio.csv`
/// (RFC 4180) and `portfolio.json`, one record per project in the index's
/// order. Values, not the page's words: dates are ISO, RAG and states the
/// content's own keywords. Internal like the rest of the portfolio.
struct PortfolioExports {
    let today: CalendarDate
    let entries: [(client: PortfolioClient, row: PortfolioRow)]

    static let columns = [
        "client", "client_slug", "project", "project_slug", "pm", "account_manager", "playbook", "phase", "status",
        "last_update", "stale_days", "target", "overdue_milestones", "next_milestone", "next_forecast", "next_state",
        "high_risks", "awaiting_client", "awaiting_client_late", "warnings", "internal_items", "variance_milestone",
        "variance_days", "changes", "budget_unit", "budget", "spent", "planned_value", "earned_value", "cpi", "spi", "eac",
        "budget_overrun", "change_requests_awaiting", "change_requests_awaiting_value", "kpis_on_track", "kpis_total",
    ]

    /// One line of the table, in `columns` order; absent values are empty.
    static func values(_ client: PortfolioClient, _ row: PortfolioRow) -> [String] {
        [
            client.name, client.slug, row.name, row.project, row.pm, row.accountManager ?? "", row.playbook, row.phase ?? "",
            row.status ?? "", row.updated?.description ?? "", row.staleDays.map(String.init) ?? "", row.target?.description ?? "",
            String(row.overdue), row.next?.id ?? "", row.next?.forecast.description ?? "", row.next?.state ?? "",
            String(row.highRisks), String(row.awaiting), String(row.awaitingLate), String(row.warnings), String(row.internalItems),
            row.variance?.milestone ?? "", row.variance.map { String($0.days) } ?? "", String(row.changes.count),
        ] + budgetValues(row) + [row.kpis.map { String($0.onTrack) } ?? "", row.kpis.map { String($0.total) } ?? ""]
    }

    /// Budget health (`PortfolioRow.Money`, internal budgets included): the
    /// unit (ISO 4217 code or `h`), amounts to the cent, indices to four
    /// places, empty without a budget or when the index is undefined.
    static func budgetValues(_ row: PortfolioRow) -> [String] {
        let awaiting = [String(row.changesAwaiting), number(row.changesAwaitingValue, places: 2)]
        guard let money = row.money else { return Array(repeating: "", count: 9) + awaiting }
        return [
            money.unit, number(money.budget, places: 2), number(money.spent, places: 2), number(money.planned, places: 2),
            number(money.earned, places: 2), money.cpi.map { number($0, places: 4) } ?? "",
            money.spi.map { number($0, places: 4) } ?? "", money.forecast.map { number($0, places: 2) } ?? "",
            money.overrun ? "true" : "false",
        ] + awaiting
    }

    /// A number as spreadsheets read it, whatever the machine's locale:
    /// `80000`, `31250.5`, `0.9231`.
    static func number(_ value: Double, places: Int) -> String {
        let scale = Double(Array(repeating: 10, count: places).reduce(1, *))
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }

    /// RFC 4180: CRLF line ends, a header line, a field quoted when it holds
    /// a comma, a quote or a line break, quotes doubled.
    var csv: String {
        func field(_ value: String) -> String {
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let lines = [Self.columns] + entries.map { Self.values($0.client, $0.row) }
        return lines.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    private struct Document: Encodable {
        var generated: String
        var week: [String: String]
        var columns: [String]
        var projects: [Project]
    }

    private struct Project: Encodable {
        var row: [String: String]
        var changes: [PortfolioRow.Change]
        /// Oldest first, ending today: `week` and `state` (absent: no update yet).
        var health: [[String: String]]
        var variance: PortfolioRow.Variance?
        var team: [[String: String]]
    }

    var json: [UInt8] {
        let week = PortfolioWeek(today: today)
        let ends = week.ends(count: PortfolioRow.healthWeeks)
        let projects = entries.map { client, row in
            Project(
                row: Dictionary(uniqueKeysWithValues: zip(Self.columns, Self.values(client, row))),
                changes: row.changes,
                health: zip(ends.suffix(row.health.count), row.health).map { end, state in
                    ["week": end.description].merging(state.map { ["state": $0.rawValue] } ?? [:]) { a, _ in a }
                },
                variance: row.variance,
                team: row.team.map { member in
                    var entry = ["person": member.person, "allocation": String(member.allocation), "from": member.from.description]
                    if let role = member.role { entry["role"] = role }
                    if let to = member.to { entry["to"] = to.description }
                    return entry
                })
        }
        let document = Document(
            generated: today.description,
            week: ["first": week.first.description, "last": week.today.description, "previous": week.previous.description],
            columns: Self.columns, projects: projects)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Only strings, numbers and dates as strings: encoding cannot fail.
        return Array((try? encoder.encode(document)) ?? Data()) + [UInt8(ascii: "\n")]
    }
}
