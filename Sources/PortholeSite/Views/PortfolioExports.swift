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

    /// The indices of `columns` in the order of a JSON object's keys.
    private static let jsonColumnOrder = columns.indices.sorted { PrettyJSON.precedes(columns[$0], columns[$1]) }

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

    var json: [UInt8] {
        let week = PortfolioWeek(today: today)
        let ends = week.ends(count: PortfolioRow.healthWeeks)
        let projects = entries.map { client, row in
            let values = Self.values(client, row)
            var project: [String: PrettyJSON] = [
                "row": .members(Self.jsonColumnOrder.map { (Self.columns[$0], .string(values[$0])) }),
                "changes": .array(row.changes.map(Self.json)),
                // Oldest first, ending today: `week` and `state` (absent: no update yet).
                "health": .array(
                    zip(ends.suffix(row.health.count), row.health).map { end, state in
                        .ordered(["state": state.map { .string($0.rawValue) }, "week": .string(end.description)])
                    }),
                "team": .array(
                    row.team.map { member in
                        .ordered([
                            "allocation": .string(String(member.allocation)), "from": .string(member.from.description),
                            "person": .string(member.person), "role": member.role.map(PrettyJSON.string),
                            "to": member.to.map { .string($0.description) },
                        ])
                    }),
            ]
            if let variance = row.variance { project["variance"] = Self.json(variance) }
            return PrettyJSON.object(project)
        }
        return PrettyJSON.object([
            "generated": .string(today.description),
            "week": .object([
                "first": .string(week.first.description), "last": .string(week.today.description),
                "previous": .string(week.previous.description),
            ]),
            "columns": .array(Self.columns.map(PrettyJSON.string)),
            "projects": .array(projects),
        ]).bytes
    }

    /// A change as its `Codable` form names it; absent values are left out.
    private static func json(_ change: PortfolioRow.Change) -> PrettyJSON {
        .ordered([
            "date": change.date.map { .string($0.description) }, "days": change.days.map(PrettyJSON.int),
            "from": change.from.map(PrettyJSON.string), "item": .string(change.item), "kind": .string(change.kind),
            "title": .string(change.title), "to": change.to.map(PrettyJSON.string),
        ])
    }

    private static func json(_ variance: PortfolioRow.Variance) -> PrettyJSON {
        .ordered([
            "baseline": .string(variance.baseline.description), "days": .int(variance.days),
            "forecast": .string(variance.forecast.description), "milestone": .string(variance.milestone),
            "title": .string(variance.title), "trend": .array(variance.trend.map(PrettyJSON.int)),
        ])
    }
}
