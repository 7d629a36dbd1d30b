/// `porthole check`'s rules on money, scope and outcomes
/// (docs/writing-updates.md, "What the check looks for").
extension ProjectRules {
    func checkMoney(_ project: Project, _ playbook: Playbook?, _ log: inout DiagnosticLog) {
        checkChangeRequests(project, &log)
        checkKPIValues(project, &log)
        checkSpendSeries(project, &log)
        guard let budget = project.budget, let health = BudgetHealth(project: project, playbook: playbook, today: today) else { return }
        if health.isOverrun, !project.risks.contains(where: Self.isBudgetRisk) {
            let figure = health.spendOverTolerance ? "spend to date" : "the forecast at completion (budget / CPI)"
            log.warning(
                "budget-risk",
                "\(figure) is above the budget plus its \(Self.percent(health.tolerancePercent)) tolerance, and no open RAID item is about the budget; add one (a title naming the budget, cost or overrun)",
                at: budget.location)
        }
        guard let latest = project.latestUpdate, latest.status == .green else { return }
        if health.cpiBelowThreshold, let cpi = health.value.costPerformanceIndex {
            log.warning(
                "rag-contradiction",
                "status is green but the cost performance index is \(Self.twoPlaces(cpi)), below the playbook's \(Self.twoPlaces(health.cpiThreshold))",
                at: latest.statusLocation)
        } else if health.forecastOverrun {
            log.warning(
                "rag-contradiction",
                "status is green but the forecast at completion is above the budget plus its \(Self.percent(health.tolerancePercent)) tolerance",
                at: latest.statusLocation)
        }
    }

    /// An open RAID item whose title speaks of the budget.
    static func isBudgetRisk(_ item: RaidItem) -> Bool {
        guard item.isOpen else { return false }
        let words = ["budget", "cost", "overrun", "overspend", "spend", "burn"]
        return words.contains { TextSearch.contains(item.title, $0) }
    }

    func checkChangeRequests(_ project: Project, _ log: inout DiagnosticLog) {
        let ids = project.milestones.map(\.id)
        for change in project.changeRequests {
            for id in change.milestones where !ids.contains(id) {
                log.error(
                    "unknown-reference",
                    "\(change.reference) names milestone '\(id)', which does not exist in this project\(Suggestion.hint(for: id, in: ids))",
                    at: change.milestonesLocation ?? change.location)
            }
            if change.status == .proposed, let due = change.due, due < today {
                log.warning(
                    "change-overdue",
                    "\(change.reference) is still proposed and its answer was due \(due); chase the client, or record the decision",
                    at: change.dueLocation ?? change.location)
            }
        }
    }

    func checkKPIValues(_ project: Project, _ log: inout DiagnosticLog) {
        let ids = project.kpis.map(\.id)
        for update in project.updates {
            for reading in update.kpiValues where !ids.contains(reading.kpi) {
                log.error(
                    "unknown-reference",
                    "KPI '\(reading.kpi)' is not one of this project's kpis in project.yaml\(Suggestion.hint(for: reading.kpi, in: ids))",
                    at: reading.location)
            }
        }
    }

    /// Spend to date is cumulative: it never goes down from one reading to
    /// the next.
    func checkSpendSeries(_ project: Project, _ log: inout DiagnosticLog) {
        for (earlier, later) in zip(project.spend, project.spend.dropFirst()) where later.amount < earlier.amount {
            log.warning(
                "spend-decrease",
                "spend to date went down from \(Self.plain(earlier.amount)) on \(earlier.date) to \(Self.plain(later.amount)); 'spent' is the total so far, not this week's",
                at: later.location)
        }
    }

    static func percent(_ value: Double) -> String { plain(value) + "%" }
    static func plain(_ value: Double) -> String { Fields.plain(value) }
    static func twoPlaces(_ value: Double) -> String { String((value * 100).rounded() / 100) }
}
