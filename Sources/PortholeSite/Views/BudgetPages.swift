import PortholeCore
import PortholeMarkdown

/// The project's budget page (budget panel, burn-up and KPI cards) and its
/// change log. `project` is client-visible: no budget unless it is
/// `visibility: client`, no internal change request or KPI.
extension ProjectView {
    /// Numbers in the client's locale (its `locale` wins over the portal's),
    /// like the dates and words of the same pages.
    var money: MoneyText { MoneyText(locale: dates.locale, words: words) }

    func budgetPage() -> PageContext {
        let depth = PageDepth(belowClient: 2)
        var context = layout(words.title(.budget), .budget, depth: depth)
        context["budget"] = budgetPanel()
        context["kpis"] = portal.list(kpiCards())
        return context
    }

    /// The budget's figures, the burn-up and its table, and one sentence
    /// each on cost and schedule performance.
    func budgetPanel() -> PageContext? {
        guard let budget = project.budget, let value = EarnedValue(project: project, on: today) else { return nil }
        let baseline = Baseline(project: project)
        let unit = budget.unit
        var panel: PageContext = [
            "budget": money.amount(value.budgetAtCompletion, unit),
            "spent": money.amount(value.actualCost, unit),
            "planned": money.amount(value.plannedValue, unit),
            "earned": money.amount(value.earnedValue, unit),
            "cpiSentence": cpiSentence(value),
            "spiSentence": spiSentence(value),
        ]
        if baseline.currentBudget != baseline.originalBudget {
            panel["originalBudget"] = money.amount(baseline.originalBudget, unit)
        }
        if let spent = value.fractionSpent, let complete = value.fractionComplete {
            panel["spentVsComplete"] = words.format(
                .budgetSpentVsComplete, ["spent": money.percent(spent), "complete": money.percent(complete)])
        }
        if let eac = value.estimateAtCompletion {
            panel["forecast"] = words.format(
                .budgetForecast, ["forecast": money.amount(eac, unit), "budget": money.amount(value.budgetAtCompletion, unit)])
        }
        panel["burnUpSVG"] = BurnUp(project: project, today: today, dates: dates, money: money, words: words).render()
        panel["rows"] = burnUpRows(baseline, unit)
        return panel
    }

    /// The burn-up as a table: one row per spend reading and one for today;
    /// a timesheet's daily readings are cut to the last of each month.
    func burnUpRows(_ baseline: Baseline, _ unit: Budget.Unit) -> [PageContext] {
        var readings = project.spend.map(\.date).filter { $0 <= today }
        if readings.count > 16 {
            let lastOfMonth = Dictionary(grouping: readings, by: { $0.year * 12 + $0.month }).values.compactMap { $0.max() }
            readings = lastOfMonth
        }
        var days = Set(readings)
        days.insert(today)
        return days.sorted().compactMap { day in
            guard let value = EarnedValue(project: project, on: day) else { return nil }
            return [
                "date": dates.medium(day), "dateISO": day.description,
                "budget": money.amount(baseline.budget(on: day), unit),
                "planned": money.amount(value.plannedValue, unit),
                "earned": money.amount(value.earnedValue, unit),
                "spent": money.amount(value.actualCost, unit),
            ] as PageContext
        }
    }

    func cpiSentence(_ value: EarnedValue) -> String {
        guard let cpi = value.costPerformanceIndex else { return words[.budgetCPINone] }
        let key: ThemeStrings.Key = cpi < 0.995 ? .budgetCPIOver : cpi > 1.005 ? .budgetCPIUnder : .budgetCPIOn
        return words.format(key, ["cpi": money.index(cpi)])
    }

    func spiSentence(_ value: EarnedValue) -> String {
        guard let spi = value.schedulePerformanceIndex else { return words[.budgetSPINone] }
        let key: ThemeStrings.Key = spi < 0.995 ? .budgetSPIBehind : spi > 1.005 ? .budgetSPIAhead : .budgetSPIOn
        return words.format(key, ["spi": money.index(spi), "percent": money.percent(spi)])
    }

    /// One card per KPI: latest value, baseline and target, and a sparkline.
    func kpiCards() -> [PageContext] {
        project.kpis.map { kpi in
            let readings = project.updates.compactMap { update in update.kpiValues.first { $0.kpi == kpi.id } }
            var card: PageContext = [
                "id": kpi.id, "name": kpi.name,
                "baseline": kpiValue(kpi.baseline, kpi), "target": kpiValue(kpi.target, kpi),
                "direction": kpi.direction.rawValue,
            ]
            if let latest = readings.last {
                card["latest"] = kpiValue(latest.value, kpi)
                card["latestDate"] = dates.medium(latest.date)
                card["latestISO"] = latest.date.description
                card["met"] = kpi.isMet(latest.value)
                card["progress"] = money.percent(kpi.progress(latest.value))
            }
            card["sparklineSVG"] = Sparkline(kpi: kpi, readings: readings, dates: dates, money: money, words: words).render()
            return card
        }
    }

    func kpiValue(_ value: Double, _ kpi: KPI) -> String {
        kpi.unit.isEmpty ? money.number(value) : words.format(.kpiValue, ["value": money.number(value), "unit": kpi.unit])
    }

    func changesPage() -> PageContext {
        let depth = PageDepth(belowClient: 2)
        var context = layout(words.title(.changes), .changes, depth: depth)
        let baseline = Baseline(project: project)
        let unit = project.budget?.unit
        let titles = Dictionary(project.milestones.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let rows = project.changeRequests.sorted { $0.number > $1.number }.map { change in
            var row: PageContext = [
                "reference": change.reference, "anchor": "cr-" + change.paddedNumber, "title": change.title,
                "status": words.label(change.status), "statusKey": change.status.rawValue,
                "cost": unit.map { money.amount(change.cost, $0) } ?? money.number(change.cost),
                "days": words.format(.changeDays, ["days": String(change.days)]),
                "html": change.note.html,
            ]
            if let by = change.requestedBy { row["requestedBy"] = by }
            if let decided = change.decidedOn {
                row["decidedOn"] = dates.medium(decided)
                row["decidedISO"] = decided.description
            }
            if change.status == .proposed, let due = change.due {
                row["due"] = dates.medium(due)
                row["dueISO"] = due.description
            }
            // The same Approve / Request changes e-mails as a proposed decision.
            if change.status == .proposed, let mail {
                row["signOff"] = mail.signOffActions(.init(kind: words[.signOffKindChange], id: change.reference, title: change.title))
            }
            let names = change.milestones.filter { titles[$0] != nil }
            if !names.isEmpty { row["milestones"] = names.map { ["id": $0, "title": titles[$0]!] as PageContext } }
            return row
        }
        context["changes"] = portal.list(rows, key: "rows")
        context["baseline"] = baselineComparison(baseline, unit: unit)
        let awaiting = project.changeRequests.filter(\.awaitsClient)
        context["awaitingCount"] = awaiting.count
        return context
    }

    /// Original and current baseline side by side: the budget, and each
    /// milestone an approved change moved.
    func baselineComparison(_ baseline: Baseline, unit: Budget.Unit?) -> PageContext? {
        var rows: [PageContext] = []
        if let unit, baseline.currentBudget != baseline.originalBudget {
            rows.append([
                "item": words[.changeBaselineBudget], "original": money.amount(baseline.originalBudget, unit),
                "current": money.amount(baseline.currentBudget, unit),
            ])
        }
        for milestone in project.milestones {
            guard let original = baseline.originalDue[milestone.id], let current = baseline.currentDue[milestone.id], original != current
            else { continue }
            rows.append([
                "item": milestone.id + " " + milestone.title, "original": dates.medium(original), "current": dates.medium(current),
                "originalISO": original.description, "currentISO": current.description,
            ])
        }
        return portal.list(rows, key: "rows")
    }
}
