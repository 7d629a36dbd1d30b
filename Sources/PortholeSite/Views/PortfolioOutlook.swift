import Foundation
import PortholeCore

/// The portfolio index's sections over time and people: what changed this
/// week, the health chart, and the workload and allocation tables. Values
/// only; the template (`portfolio.mustache`) holds the words.
extension PortfolioView {
    typealias Entry = (client: PortfolioClient, row: PortfolioRow)

    /// Every project's changes this week, projects in the index's order of
    /// clients and names; a project without changes is left out.
    func changes(_ entries: [Entry]) -> [PageContext] {
        entries.filter { !$0.row.changes.isEmpty }.sorted { ($0.client.name, $0.row.name) < ($1.client.name, $1.row.name) }.map {
            client, row in
            [
                "name": row.name, "clientName": client.name, "href": "\(client.slug)/\(row.project)/index.html",
                "items": row.changes.map(change),
            ] as PageContext
        }
    }

    func change(_ change: PortfolioRow.Change) -> PageContext {
        var context: PageContext = ["kind": change.kind, "item": change.item, "title": change.title]
        // A flag per kind: the template words each one.
        let flag = "is_" + String(decoding: change.kind.utf8.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "_") : $0 }, as: UTF8.self)
        context[ContextName(flag)] = true
        if let from = change.from { context["from"] = text(of: from) }
        if let to = change.to { context["to"] = text(of: to) }
        if let days = change.days {
            context["days"] = abs(days)
            context["later"] = days > 0
            context["earlier"] = days < 0
        }
        if let date = change.date {
            context["date"] = dates.medium(date)
            context["dateISO"] = date.description
        }
        return context
    }

    /// A RAG or a date as the page shows it.
    private func text(of value: String) -> PageContext {
        if let rag = RAGStatus(rawValue: value) { return ["rag": words.context(rag)] }
        if let date = CalendarDate(iso: value) { return ["date": dates.medium(date), "dateISO": date.description] }
        return ["word": value]
    }

    /// The health chart and its table over the last `weeks` week ends.
    func health(_ rows: [PortfolioRow], weeks count: Int) -> PageContext {
        let weeks = PortfolioHealthChart.weeks(rows, ends: PortfolioWeek(today: today).ends(count: count))
        let chart = PortfolioHealthChart(weeks: weeks, dates: dates, words: words, idPrefix: "health-\(count)-")
        return [
            "weeks": count,
            "svg": chart.render() ?? "",
            "rows": weeks.reversed().map { week in
                [
                    "end": dates.medium(week.end), "endISO": week.end.description,
                    "green": week.counts[.green] ?? 0, "amber": week.counts[.amber] ?? 0, "red": week.counts[.red] ?? 0,
                    "stale": week.counts[.stale] ?? 0,
                ] as PageContext
            },
        ]
    }

    /// One line per person: the projects they manage (as PM, or as the
    /// client's account manager), their RAG and their overdue items
    /// (overdue milestones and decisions past their answer date).
    func workload(_ entries: [Entry], by person: (PortfolioRow) -> String?) -> [PageContext] {
        let grouped = Dictionary(grouping: entries.filter { person($0.row) != nil }) { person($0.row)! }
        return grouped.keys.sorted().map { name in
            let own = grouped[name]!.sorted { ($0.client.name, $0.row.name) < ($1.client.name, $1.row.name) }
            let rows = own.map(\.row)
            return [
                "person": name, "projects": rows.count,
                "red": rows.count { $0.rag == .red }, "amber": rows.count { $0.rag == .amber }, "green": rows.count { $0.rag == .green },
                "none": rows.count { $0.rag == nil }, "overdue": rows.reduce(0) { $0 + $1.overdue + $1.awaitingLate },
                "hasOverdue": rows.contains { $0.overdue + $0.awaitingLate > 0 },
                "list": own.map { client, row in
                    var item: PageContext = [
                        "name": row.name, "clientName": client.name, "href": "\(client.slug)/\(row.project)/index.html",
                    ]
                    if let rag = row.rag { item["rag"] = words.context(rag) }
                    return item
                },
            ] as PageContext
        }
    }

    /// The team entries of every project, for `Workload`.
    static func workloadEntries(_ entries: [Entry]) -> [Workload.Entry] {
        entries.flatMap { client, row in
            row.team.map { Workload.Entry(project: "\(client.slug)/\(row.project)", assignment: $0.assignment) }
        }
    }

    /// Allocation per person per week, over-allocation flagged.
    func allocation(_ entries: [Entry]) -> PageContext? {
        let workload = Workload(entries: Self.workloadEntries(entries), capacity: portal.capacity, today: today)
        guard !workload.people.isEmpty else { return nil }
        return [
            "weeks": workload.weeks.map { ["start": dates.short($0), "startISO": $0.description] as PageContext },
            "people": workload.people.map { person in
                [
                    "person": person.name, "capacity": person.capacity, "over": person.isOverAllocated,
                    "cells": person.allocated.indices.map { week in
                        [
                            "percent": person.allocated[week], "over": person.isOver(week: week),
                            // The week again on its cell: a phone shows each person as a card.
                            "start": dates.short(workload.weeks[week]),
                            "startISO": workload.weeks[week].description,
                        ] as PageContext
                    },
                ] as PageContext
            },
            "overCount": workload.people.count(where: \.isOverAllocated),
        ]
    }
}
